import type { Finding } from '../../../../shared/src/model/finding.js';
import { countsTowardTotals } from '../../../../shared/src/model/findingFilter.js';
import {
  emptyCounts,
  SEVERITIES,
  type Severity,
  type SeverityCounts,
} from '../../../../shared/src/model/severity.js';

/** Counts of rows (or anything with a severity) by severity. */
export function severityCounts(items: Iterable<{ readonly severity: Severity }>): SeverityCounts {
  const counts = emptyCounts();
  for (const item of items) counts[item.severity]++;
  return counts;
}

/** The findings that count toward totals (the core's one rule), by severity: a section's badges. */
export function totalCounts(findings: readonly Finding[]): SeverityCounts {
  const counts = emptyCounts();
  for (const f of findings) if (countsTowardTotals(f)) counts[f.severity]++;
  return counts;
}

/** Most critical first, then most high, …: the order of the core's summaries. */
export function compareCounts(a: SeverityCounts, b: SeverityCounts): number {
  for (const s of SEVERITIES) if (a[s] !== b[s]) return b[s] - a[s];
  return 0;
}

export function sumCounts(counts: SeverityCounts): number {
  let n = 0;
  for (const s of SEVERITIES) n += counts[s];
  return n;
}
