// The order of the viewer's table; the host exports a view in the same order the page shows it.
import { severityRank } from '@trivy-findings/core/model/severity.js';
import type { FindingRow, SortColumn, ViewSort } from './protocol.js';

/** Most severe first, as every list of findings in the code base starts. */
export const DEFAULT_SORT: ViewSort = { column: 'severity', descending: true };

/**
 * The rows sorted by `sort`, in a new array. Rows without a value in the column (no package, no
 * workload) come last either way. Ties are broken by severity (most severe first), then id, then
 * the scan's own order, so the order is total and the same on both sides.
 */
export function sortRows(rows: readonly FindingRow[], sort: ViewSort): FindingRow[] {
  const key = KEYS[sort.column];
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort(
    (a, b) =>
      compareKeys(key(a), key(b), sign) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      compareKeys(a.id, b.id, 1) ||
      a.index - b.index,
  );
}

type Key = (row: FindingRow) => string | number | undefined;

/** The sort key of each column; severity by the core's rank (CRITICAL highest), the only severity order. */
const KEYS: Readonly<Record<SortColumn, Key>> = {
  severity: (r) => severityRank(r.severity),
  type: (r) => r.type,
  id: (r) => r.id,
  title: (r) => r.title,
  package: (r) => r.pkg,
  workload: (r) => r.workload,
  location: (r) => r.location,
};

/**
 * Ascending times `sign`, absent values last. Plain code-unit order for text: `localeCompare`
 * costs ten times as much on 100,000 rows, and ids, paths and workload keys are ASCII.
 */
function compareKeys<T extends string | number>(a: T | undefined, b: T | undefined, sign: number): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -sign : sign;
}
