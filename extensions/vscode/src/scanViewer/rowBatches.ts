// How a scan's rows travel to the page: in the table's default order, the first window alone.
import type { FindingRow, HostMessage } from './protocol.js';
import { DEFAULT_SORT, sortRows } from './rowOrder.js';

/**
 * Rows in the first `rows` message: more than any window shows (200 rows of 24 px), so the first
 * paint needs nothing else, and few enough to be cloned and rendered in a few milliseconds.
 */
export const FIRST_ROWS = 200;
/** Rows per later message: large enough to be few, small enough that the page takes each in a task. */
export const ROWS_PER_MESSAGE = 10_000;

type RowsMessage = Extract<HostMessage, { type: 'rows' }>;

/**
 * The `rows` messages of a scan: its rows in {@link DEFAULT_SORT} order (a total order, so the page,
 * which sorts what it has, ends with the same table whatever order they come in), the first
 * {@link FIRST_ROWS} alone, so a page showing the default order paints its first screen before
 * the rest has arrived; then batches of {@link ROWS_PER_MESSAGE}.
 */
export function rowMessages(rows: readonly FindingRow[], generation: number): RowsMessage[] {
  const ordered = sortRows(rows, DEFAULT_SORT);
  const messages: RowsMessage[] = [];
  for (let start = 0; start < ordered.length;) {
    const end = start === 0 ? FIRST_ROWS : start + ROWS_PER_MESSAGE;
    messages.push({ type: 'rows', generation, start, rows: ordered.slice(start, end) });
    start = Math.min(end, ordered.length);
  }
  return messages;
}
