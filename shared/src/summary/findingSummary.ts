import type { Finding } from '../model/finding.js';
import { countsTowardTotals } from '../model/findingFilter.js';
import { emptyCounts, SEVERITIES, type SeverityCounts } from '../model/severity.js';
import { workloadKey, type WorkloadRef } from '../model/workloadRef.js';
import { inferWorkload } from '../workloads/ownerResolution.js';

/**
 * Summaries of findings as plain data — arrays, strings, numbers, no `Map` and no class — so a
 * host can post them to a VS Code webview or a Lens panel as they are (`JSON.stringify`,
 * `postMessage`). Keys come from reports, so they are row fields, never object property names.
 */

/** Counts of one key (a type, a kind, a namespace, a workload); only keys with something counted have a row. */
export interface CountRow {
  readonly key: string;
  /** Findings that count toward totals (failures and warnings, not suppressed), by severity. */
  readonly counts: SeverityCounts;
  /** The sum of `counts`. */
  readonly total: number;
}

export interface WorkloadCountRow extends CountRow {
  readonly workload: WorkloadRef;
}

export interface FindingSummary {
  /** Findings summarised, counted or not (passed checks, suppressed findings). */
  readonly findings: number;
  readonly counts: SeverityCounts;
  readonly total: number;
  /** By finding type (`vulnerability`, `misconfiguration` …). */
  readonly byType: readonly CountRow[];
  /**
   * By report kind (`VulnerabilityReport` …) for findings read from report objects, by source
   * format (`trivy-json`, `sarif` …) for the others, so that the rows add up to the total.
   */
  readonly byKind: readonly CountRow[];
  /** By namespace of the workload; `''` for cluster-scoped objects. Findings about no object are in none. */
  readonly byNamespace: readonly CountRow[];
  /** By workload key (`Deployment/shop/web`). Findings about no object are in none. */
  readonly byWorkload: readonly WorkloadCountRow[];
}

/** A finding, or a finding with the workload a cluster store resolved for it. */
export type SummaryInput = Finding | { readonly finding: Finding; readonly workload?: WorkloadRef };

/**
 * Summarises any findings: an offline read, a store query (`store.findingsWithWorkloads()`), a
 * workspace file's placements. A finding without a given workload counts under the workload its
 * resource is lifted to by name (`inferWorkload`). Rows are sorted most severe first.
 */
export function summarizeFindings(items: Iterable<SummaryInput>): FindingSummary {
  const total = emptyCounts();
  const byType = new Map<string, SeverityCounts>();
  const byKind = new Map<string, SeverityCounts>();
  const byNamespace = new Map<string, SeverityCounts>();
  const byWorkload = new Map<string, { workload: WorkloadRef; counts: SeverityCounts }>();
  let findings = 0;
  for (const item of items) {
    const finding = 'finding' in item ? item.finding : item;
    const given = 'finding' in item ? item.workload : undefined;
    findings++;
    const counts = countsTowardTotals(finding);
    const workload = given ?? (finding.resource ? inferWorkload(finding.resource) : undefined);
    add(byType, finding.type, finding, counts);
    add(byKind, finding.origin.report?.kind ?? finding.origin.format, finding, counts);
    if (counts) total[finding.severity]++;
    if (!workload) continue;
    add(byNamespace, workload.namespace ?? '', finding, counts);
    const key = workloadKey(workload);
    let w = byWorkload.get(key);
    if (!w) byWorkload.set(key, (w = { workload, counts: emptyCounts() }));
    else if (w.workload.inferred && !workload.inferred) w.workload = workload;
    if (counts) w.counts[finding.severity]++;
  }
  return {
    findings,
    counts: total,
    total: sum(total),
    byType: countRows(byType),
    byKind: countRows(byKind),
    byNamespace: countRows(byNamespace),
    byWorkload: sortRows(
      [...byWorkload]
        .filter(([, w]) => sum(w.counts) > 0)
        .map(([key, w]) => ({
          key,
          workload: w.workload,
          counts: w.counts,
          total: sum(w.counts),
        })),
    ),
  };
}

/** Rows of the keys with something counted, most severe first (then by key); the counts are copied. */
export function countRows(entries: Iterable<readonly [string, SeverityCounts]>): CountRow[] {
  const rows: CountRow[] = [];
  for (const [key, counts] of entries) {
    const total = sum(counts);
    if (total > 0) rows.push({ key, counts: { ...counts }, total });
  }
  return sortRows(rows);
}

/** Most critical first, then most high, …; ties by key, so the order is stable across hosts. */
export function sortRows<R extends CountRow>(rows: R[]): R[] {
  return rows.sort((a, b) => {
    for (const s of SEVERITIES) if (a.counts[s] !== b.counts[s]) return b.counts[s] - a.counts[s];
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

function add(map: Map<string, SeverityCounts>, key: string, finding: Finding, counts: boolean): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = emptyCounts()));
  if (counts) c[finding.severity]++;
}

function sum(c: SeverityCounts): number {
  let n = 0;
  for (const s of SEVERITIES) n += c[s];
  return n;
}
