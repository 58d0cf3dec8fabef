// The one implementation of the viewer's filters: the page filters its table with it, the host
// filters the same rows with it to export "the current view", so both always agree.
import type { FindingRow, ViewFilter } from './protocol.js';

/** Nothing filtered out but what the CLI hides without `--all`. */
export const NO_FILTER: ViewFilter = {
  text: '',
  severities: [],
  types: [],
  fixableOnly: false,
  showHidden: false,
};

/** Whether `row` passes `filter`. */
export function matchesView(row: FindingRow, filter: ViewFilter): boolean {
  if (row.hidden && !filter.showHidden) return false;
  if (filter.severities.length > 0 && !filter.severities.includes(row.severity)) return false;
  if (filter.types.length > 0 && !filter.types.includes(row.type)) return false;
  if (filter.fixableOnly && !row.fixed) return false;
  if (filter.workload !== undefined && row.workload !== filter.workload) return false;
  if (filter.upgrade !== undefined && row.upgrade !== filter.upgrade) return false;
  const text = filter.text.trim().toLowerCase();
  return text === '' || searchText(row).includes(text);
}

/** The rows that pass `filter`, in their order. */
export function filterRows(rows: readonly FindingRow[], filter: ViewFilter): FindingRow[] {
  return rows.filter((row) => matchesView(row, filter));
}

/** Whether `filter` hides anything beyond what {@link NO_FILTER} hides. */
export function isFiltering(filter: ViewFilter): boolean {
  return (
    filter.text.trim() !== '' ||
    filter.severities.length > 0 ||
    filter.types.length > 0 ||
    filter.fixableOnly ||
    filter.workload !== undefined ||
    filter.upgrade !== undefined
  );
}

/**
 * The lower-cased text a row is searched in, made once per row: typing in the filter box searches
 * 100,000 rows per key stroke.
 */
const searched = new WeakMap<FindingRow, string>();

function searchText(row: FindingRow): string {
  let text = searched.get(row);
  if (text === undefined) {
    text = [row.id, row.title, row.pkg, row.installed, row.fixed, row.workload, row.target, row.location]
      .filter((part) => part !== undefined)
      .join('\n')
      .toLowerCase();
    searched.set(row, text);
  }
  return text;
}
