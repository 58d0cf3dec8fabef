import type { ReportChange } from '../cluster/changeBatcher.js';
import type { KindStatusEntry, ReportStore } from '../cluster/reportStore.js';
import type { Finding } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import type { KindStatus } from '../ports/clusterSource.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import {
  problemToJson,
  workloadFindingToJson,
  type SourceJson,
  type WorkloadFindingJson,
} from '../writers/findingJson.js';

/**
 * One watched scope in `trivy-findings cluster --json`: a kind, in one namespace or (namespace
 * `null`) in all of them / cluster scope, with its status and what could not be read in it.
 * Extends the files command's source shape; `path` is `<context>/<Kind>[/<namespace>]`.
 */
export interface ClusterSourceJson extends SourceJson {
  status: KindStatusEntry['status']['state'];
  context: string;
  kind: string;
  namespace: string | null;
  version: string | null;
  /** The server's message for `forbidden` and `unauthorized`, the error for `unreachable`. */
  message?: string;
  /** Reports held for this scope. */
  reports: number;
}

/** A finding of the cluster command: the shape the files command prints too (see `findingJson.ts`). */
export type ClusterFindingJson = WorkloadFindingJson;

export function clusterFindingToJson(f: Finding, workload: WorkloadRef | undefined): ClusterFindingJson {
  return workloadFindingToJson(f, workload);
}

/** A line of `--watch` output (NDJSON); see CLUSTER_USAGE. */
export type WatchLine =
  | { event: 'snapshot'; findings: ClusterFindingJson[]; sources: ClusterSourceJson[] }
  | {
      event: ReportChange['change'];
      report: { kind: string; namespace: string | null; name: string };
      findings: ClusterFindingJson[];
    }
  | { event: 'status'; source: ClusterSourceJson };

export function sourceToJson(context: string, entry: KindStatusEntry, store: ReportStore): ClusterSourceJson {
  const reports = store
    .reports(entry.kind.kind)
    .filter((r) => entry.namespace === undefined || r.namespace === entry.namespace);
  const problems: Problem[] = reports.flatMap((r) => r.problems);
  const path = `${context}/${entry.kind.kind}${entry.namespace !== undefined ? `/${entry.namespace}` : ''}`;
  const status = entry.status;
  if (needsAttention(status)) {
    problems.unshift({ level: 'error', message: `${status.state}: ${status.message}`, source: path });
  }
  return {
    path,
    format: 'report-object',
    status: status.state,
    context,
    kind: entry.kind.kind,
    namespace: entry.namespace ?? null,
    version: entry.version ?? null,
    ...('message' in status ? { message: status.message } : {}),
    reports: reports.length,
    problems: problems.map(problemToJson),
  };
}

/** A status that keeps findings from being shown (or fresh): what a user is told about. */
export function needsAttention(
  status: KindStatus,
): status is Extract<KindStatus, { state: 'forbidden' | 'unauthorized' | 'unreachable' }> {
  return status.state === 'forbidden' || status.state === 'unauthorized' || status.state === 'unreachable';
}

export function changeLine(change: ReportChange, findings: readonly ClusterFindingJson[]): WatchLine {
  return {
    event: change.change,
    report: { kind: change.kind, namespace: change.namespace ?? null, name: change.name },
    findings: [...findings],
  };
}
