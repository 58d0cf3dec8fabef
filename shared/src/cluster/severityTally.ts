import type { Finding } from '../model/finding.js';
import { countsTowardTotals } from '../model/findingFilter.js';
import { emptyCounts, SEVERITIES, type SeverityCounts } from '../model/severity.js';

/** Counts of a list of findings, by {@link countsTowardTotals}. */
export function countFindings(findings: readonly Finding[]): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) if (countsTowardTotals(f)) c[f.severity]++;
  return c;
}

/**
 * Severity counts of one scope (a workload, a namespace, the cluster), in total and per report
 * kind, kept up to date by adding and subtracting the counts of the reports that come and go —
 * never recounted from the findings.
 */
export class SeverityTally {
  readonly total: SeverityCounts = emptyCounts();
  readonly byKind = new Map<string, SeverityCounts>();

  /** Adds (`sign` 1) or removes (`sign` -1) the counts of one report of `kind`. */
  add(kind: string, counts: SeverityCounts, sign: 1 | -1): void {
    let perKind = this.byKind.get(kind);
    if (!perKind) this.byKind.set(kind, (perKind = emptyCounts()));
    for (const s of SEVERITIES) {
      const n = counts[s] * sign;
      this.total[s] += n;
      perKind[s] += n;
    }
  }

  /** Counts for one kind, or the total. A copy, so callers cannot change the tally. */
  counts(kind?: string): SeverityCounts {
    const source = kind === undefined ? this.total : this.byKind.get(kind);
    return source ? { ...source } : emptyCounts();
  }
}
