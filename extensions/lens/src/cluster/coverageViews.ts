import type {
  CoverageCounts as CoreCounts,
  CoverageReport,
  UnknownScope,
  WorkloadCoverage as CoreWorkloadCoverage,
} from '../../../../shared/src/insights/coverage.js';
import type { CoverageCounts, ScopeCoverage, WorkloadCoverage } from '../panels/panelModel.js';

// The core's coverage report turned into the panels' plain props. The states and their meaning are
// the core's (`insights/coverage.ts`); only the shape and the sentences about listings are made here.

function countsOf(c: CoreCounts): CoverageCounts {
  return {
    scanned: c.scanned,
    scanning: c.scanning,
    'not-scanned': c.notScanned,
    stale: c.stale,
    unknown: c.unknown,
  };
}

/** `24h`, `90m`, `45s`: the operator's TTL as its Helm value writes it; `undefined` when turned off. */
export function durationText(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** One workload's row of the report, as its section's coverage line and tabs read it. */
export function workloadCoverageView(row: CoreWorkloadCoverage, report: CoverageReport): WorkloadCoverage {
  let updated: string | undefined;
  for (const r of row.reports)
    if (r.created && (updated === undefined || r.created < updated)) updated = r.created;
  const interval = durationText(report.reportTtlMs);
  return {
    state: row.state,
    ...(updated !== undefined ? { updated } : {}),
    ...(interval !== undefined ? { rescanInterval: interval } : {}),
    ...(row.reason !== undefined ? { reason: row.reason } : {}),
  };
}

/** The counts of a report (of the cluster, or of one namespace), per namespace, with what is unknown. */
export function scopeCoverageView(report: CoverageReport): ScopeCoverage {
  const notes = unknownScopeSentences(report.unknownScopes.filter((s) => s.state !== 'not-synced'));
  if (report.requiredKinds.length === 0 && report.notInstalledKinds.length > 0)
    notes.unshift(
      `No workload can be scanned: the cluster serves none of ${listText(report.notInstalledKinds)} (Trivy Operator is not installed).`,
    );
  else if (!report.scanJobs.visible && report.scanJobs.reason) notes.push(`${report.scanJobs.reason}.`);
  return {
    counts: countsOf(report.totals),
    namespaces: report.namespaces.map((n) => ({ namespace: n.namespace, counts: countsOf(n) })),
    notes,
  };
}

/**
 * One sentence per way and place listings fail, naming the kinds: `You may not list Deployments
 * and Pods in this cluster — their workloads are not counted: <the server's first message>`.
 */
function unknownScopeSentences(scopes: readonly UnknownScope[]): string[] {
  const groups = new Map<string, UnknownScope[]>();
  for (const s of scopes) {
    const key = `${s.state}\0${s.namespace ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const kinds = listText(group.map((s) => `${s.kind}s`));
    const where = first.namespace === null ? 'in this cluster' : `in namespace ${first.namespace}`;
    const message = first.message ? `: ${first.message}` : '.';
    switch (first.state) {
      case 'forbidden':
        return `You may not list ${kinds} ${where} — their workloads are not counted${message}`;
      case 'unauthorized':
        return `The cluster rejects your credentials for ${kinds} — their workloads are not counted${message}`;
      case 'not-installed':
        return `The cluster serves no ${kinds} — none are counted.`;
      default:
        return `Cannot list ${kinds} ${where} (retrying) — their workloads are not counted${message}`;
    }
  });
}

function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
