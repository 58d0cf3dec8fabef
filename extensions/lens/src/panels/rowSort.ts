/** Which column a table is sorted by, and which way. */
export interface SortState<Column extends string> {
  readonly column: Column;
  readonly descending: boolean;
}

/** Compares two rows by one column, ascending. */
export type RowComparators<Row, Column extends string> = Readonly<Record<Column, (a: Row, b: Row) => number>>;

/**
 * Rows sorted by the chosen column, ties kept in the order given (Array.prototype.sort is stable),
 * so a table sorted by severity keeps its rows of one severity in a fixed order.
 */
export function sortRows<Row, Column extends string>(
  rows: readonly Row[],
  comparators: RowComparators<Row, Column>,
  sort: SortState<Column>,
): Row[] {
  const compare = comparators[sort.column];
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * compare(a, b));
}

/** The sort after a click on a column's header: the other way round, or the new column in its natural order. */
export function nextSort<Column extends string>(
  sort: SortState<Column>,
  column: Column,
  descendingFirst: ReadonlySet<Column> = new Set(),
): SortState<Column> {
  return sort.column === column
    ? { column, descending: !sort.descending }
    : { column, descending: descendingFirst.has(column) };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Text order as a person expects it: case-insensitive, numbers by value (`KSV2` before `KSV10`). */
export function compareText(a: string | undefined, b: string | undefined): number {
  return collator.compare(a ?? '', b ?? '');
}

/** Numbers ascending, missing ones first. */
export function compareNumber(a: number | undefined, b: number | undefined): number {
  return (a ?? -Infinity) - (b ?? -Infinity) || 0;
}

/** Whether any of the texts contains the query, ignoring case; an empty query matches everything. */
export function matchesText(query: string, ...texts: ReadonlyArray<string | undefined>): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || texts.some((t) => t !== undefined && t.toLowerCase().includes(q));
}
