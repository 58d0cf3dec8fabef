import type { ReportKind } from '../../../../shared/src/model/reportKinds.js';
import { workloadKindOf } from '../../../../shared/src/model/workloadKinds.js';
import type { KindStatus, ObjectRef } from '../../../../shared/src/ports/clusterSource.js';
import type { FindingTab } from './findingTabs.js';
import type { KindStatusView, ReportView, WorkloadCoverage } from './panelModel.js';

/**
 * What a tab shows. `findings`: its rows, with notes on what may be missing from them. Every
 * other state is a sentence that says what it is and what comes next — never an empty table, and
 * "not scanned" never shown as "clean".
 */
export type TabState =
  | { readonly state: 'findings'; readonly notes: readonly string[] }
  | { readonly state: 'loading'; readonly sentence: string }
  | { readonly state: EmptyState; readonly sentence: string };

export type EmptyState =
  | 'clean'
  | 'no-results'
  | 'not-scanned'
  | 'scanning'
  | 'not-installed'
  | 'forbidden'
  | 'unauthorized'
  | 'unreachable';

export interface TabStateInput {
  readonly tab: FindingTab;
  readonly object: ObjectRef;
  /** Findings of the tab before the person's filters: a filter that hides all is not "clean". */
  readonly findings: number;
  readonly reports: readonly ReportView[];
  readonly statuses: readonly KindStatusView[];
  readonly loading: boolean;
  readonly coverage?: WorkloadCoverage;
}

/** The state of one tab of an object's section. */
export function tabState(input: TabStateInput): TabState {
  const { tab, object } = input;
  const statuses = tab.reportKinds.map((kind) => ({ kind, status: statusFor(kind, object, input.statuses) }));
  const failing = statuses.filter(
    (s) => s.status && s.status.state !== 'ok' && s.status.state !== 'not-installed',
  );
  if (input.findings > 0) {
    // What was held survives `unreachable` and `unauthorized`; it may be out of date, or partial.
    return { state: 'findings', notes: failing.map((s) => statusSentence(s.kind, s.status!, object)) };
  }
  const known = statuses.filter((s) => s.status !== undefined);
  if (input.loading || known.length === 0)
    return { state: 'loading', sentence: `Loading ${pluralOf(primaryKind(tab))}…` };
  const failed = failing[0];
  if (failed)
    return {
      state: failed.status!.state as EmptyState,
      sentence: statusSentence(failed.kind, failed.status!, object),
    };
  if (known.every((s) => s.status!.state === 'not-installed')) {
    const kind = primaryKind(tab);
    return { state: 'not-installed', sentence: statusSentence(kind, { state: 'not-installed' }, object) };
  }
  const kindNames = new Set(tab.reportKinds.map((k) => k.kind));
  const reports = input.reports.filter((r) => kindNames.has(r.kind)).length;
  if (reports > 0) return { state: 'clean', sentence: cleanSentence(tab, reports) };
  return notReported(tab, object, input.coverage);
}

/**
 * The status of one report kind's watch that covers the object: the watch of its namespace when
 * there is one (after a forbidden all-namespace list the store watches the namespaces the user may
 * list), else the watch of all namespaces.
 */
function statusFor(
  kind: ReportKind,
  object: ObjectRef,
  statuses: readonly KindStatusView[],
): KindStatus | undefined {
  let wide: KindStatus | undefined;
  for (const s of statuses) {
    if (s.kind !== kind.kind) continue;
    if (s.namespace === undefined) wide = s.status;
    else if (s.namespace === object.namespace) return s.status;
  }
  return wide;
}

/** The kind named in sentences: the first current (not legacy) kind of the tab. */
function primaryKind(tab: FindingTab): ReportKind {
  return tab.reportKinds.find((k) => !k.legacy) ?? tab.reportKinds[0]!;
}

/** `VulnerabilityReports`: every report kind's name takes a plain `s`. */
export function pluralOf(kind: ReportKind | string): string {
  return `${typeof kind === 'string' ? kind : kind.kind}s`;
}

/** The sentence for a kind's state, with the next step; the server's message as it sent it. */
export function statusSentence(
  kind: ReportKind,
  status: KindStatus,
  object?: { readonly namespace?: string },
): string {
  switch (status.state) {
    case 'ok':
      return `${pluralOf(kind)} are watched.`;
    case 'not-installed':
      return kind.writer === 'policy-engine'
        ? `Kyverno (or another policy engine) is not installed in this cluster (no ${kind.kind} CRD).`
        : `Trivy Operator is not installed in this cluster (no ${kind.kind} CRD).`;
    case 'forbidden': {
      const where =
        kind.namespaced && object?.namespace ? `in namespace ${object.namespace}` : 'in this cluster';
      return `You may not list ${pluralOf(kind)} ${where}: ${status.message}`;
    }
    case 'unauthorized':
      return `The cluster rejects your credentials for ${pluralOf(kind)} — log in again: ${status.message}`;
    case 'unreachable':
      return `Cannot read ${pluralOf(kind)} from the cluster (retrying): ${status.message}`;
  }
}

const CLEAN: Readonly<Record<FindingTab['type'], string>> = {
  vulnerability: 'No vulnerabilities in the last scan',
  misconfiguration: 'No failed configuration checks in the last audit',
  secret: 'No exposed secrets in the last scan',
  rbac: 'No failed RBAC checks in the last assessment',
  infra: 'No failed infrastructure checks in the last assessment',
  compliance: 'No failed compliance controls',
  policy: 'No failed policy results',
  license: 'No license findings in the last scan',
};

function cleanSentence(tab: FindingTab, reports: number): string {
  return `${CLEAN[tab.type]} (${reports} report${reports === 1 ? '' : 's'}).`;
}

/** No report of the tab's kinds about the object, and nothing failing: not scanned, or nothing to say. */
function notReported(tab: FindingTab, object: ObjectRef, coverage: WorkloadCoverage | undefined): TabState {
  const kind = primaryKind(tab);
  if (kind.writer === 'policy-engine')
    return {
      state: 'no-results',
      sentence: `No policy results about this ${object.kind}: no policy of the cluster’s policy engines applies to it.`,
    };
  const workload = workloadKindOf(object.kind) !== undefined;
  if (workload && coverage?.state === 'scanning')
    return {
      state: 'scanning',
      sentence: 'Scanning — Trivy Operator is scanning this workload; its reports appear here when done.',
    };
  if (workload && (coverage?.state === 'scanned' || coverage?.state === 'stale'))
    return {
      state: 'not-scanned',
      sentence: `Trivy Operator wrote no ${kind.kind} for this workload: that scanner may be turned off in its configuration.`,
    };
  if (workload && coverage?.state === 'unknown')
    return {
      state: 'not-scanned',
      sentence: `No ${kind.kind} about this workload; whether Trivy Operator scanned it cannot be told${coverage.reason ? `: ${coverage.reason}` : ''}.`,
    };
  return {
    state: 'not-scanned',
    sentence: workload
      ? 'Not scanned yet — Trivy Operator scans new workloads within minutes.'
      : `Not scanned yet — Trivy Operator checks new ${object.kind} objects within minutes.`,
  };
}
