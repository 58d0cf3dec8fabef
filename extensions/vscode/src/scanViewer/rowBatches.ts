// How a scan's rows travel to the page: in the table's default order, the first window alone, and
// the rest once the page has painted that window (`RowFeed`).
import type { FindingRow, HostMessage } from './protocol.js';
import { DEFAULT_SORT, sortRows } from './rowOrder.js';

/**
 * Rows in the first `rows` message: more than any window shows (200 rows of 24 px), so the first
 * paint needs nothing else, and few enough to be cloned and rendered in a few milliseconds.
 */
export const FIRST_ROWS = 200;
/** Rows per later message: large enough to be few, small enough that the page takes each in a task. */
export const ROWS_PER_MESSAGE = 10_000;

export type RowsMessage = Extract<HostMessage, { type: 'rows' }>;

/** The rows of each read in the default order, sorted once however many viewers and reloads send them. */
const ordered = new WeakMap<readonly FindingRow[], readonly FindingRow[]>();

/**
 * `rows` in {@link DEFAULT_SORT} order (a total order, so the page, which sorts what it has, ends
 * with the same table whatever order they come in); the same array for the same `rows`.
 */
export function defaultOrder(rows: readonly FindingRow[]): readonly FindingRow[] {
  let sorted = ordered.get(rows);
  if (!sorted) ordered.set(rows, (sorted = sortRows(rows, DEFAULT_SORT)));
  return sorted;
}

/**
 * The `rows` messages of a scan: its rows in {@link defaultOrder}, the first {@link FIRST_ROWS}
 * alone, so a page showing the default order paints its first screen before the rest has arrived;
 * then batches of {@link ROWS_PER_MESSAGE}.
 */
export function rowMessages(rows: readonly FindingRow[], generation: number): RowsMessage[] {
  const sorted = defaultOrder(rows);
  const messages: RowsMessage[] = [];
  for (let start = 0; start < sorted.length;) {
    const end = start === 0 ? FIRST_ROWS : start + ROWS_PER_MESSAGE;
    messages.push({ type: 'rows', generation, start, rows: sorted.slice(start, end) });
    start = Math.min(end, sorted.length);
  }
  return messages;
}

/**
 * The rows of the read a page shows, the first window sent at once and the rest held back until
 * the page says it has painted that window (`painted`). Sent together, the rest reached the page
 * before its first frame: cloning 10,000 rows in and out of the channel blocked that frame for
 * tens of milliseconds. Each read's rest is given once, to the message naming its generation, so
 * a page that says it twice (or a stale one) never makes the host send anything twice.
 */
export class RowFeed {
  private held: { readonly generation: number; readonly messages: RowsMessage[] } | undefined;

  /** The messages to send now for a new read (`generation`); the rest is held back. */
  start(rows: readonly FindingRow[], generation: number): RowsMessage[] {
    const [first, ...rest] = rowMessages(rows, generation);
    this.held = { generation, messages: rest };
    return first ? [first] : [];
  }

  /**
   * The rows held back for `generation` (none for a scan that fit in the first window), once;
   * `undefined` for another generation or a second ask.
   */
  rest(generation: number): RowsMessage[] | undefined {
    const held = this.held;
    if (!held || held.generation !== generation) return undefined;
    this.held = undefined;
    return held.messages;
  }
}
