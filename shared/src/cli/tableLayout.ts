/** A column of a text table: its header, and how far it may shrink when the terminal is narrow. */
export interface Column {
  readonly header: string;
  /** Narrowest width it is cut to before the next column gives way. */
  readonly min: number;
  /** Columns with a lower rank give way first when the table is too wide; equal ranks in order. */
  readonly shrinkRank: number;
  /** Right-align (counts). */
  readonly right?: boolean;
}

/** Width of the table when stdout is not a terminal, so pipes and goldens get stable text. */
export const DEFAULT_WIDTH = 100;

const GAP = '  ';
/** Columns ranked this or higher (severity, count, id) keep their width while others can give way. */
const ID_RANK = 7;

/**
 * Lays out rows under their headers within `width` characters: columns empty in every row are
 * left out, the others get their widest cell; when that does not fit, the columns of lowest
 * rank are cut (to their `min`, with `…`) until it does. A cell never wraps. `decorate` colours a
 * cell after it is padded, so escapes never count toward widths. Lines carry no trailing blanks.
 */
export function layoutTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width: number,
  decorate: (column: number, row: number, padded: string) => string = (_c, _r, t) => t,
): string[] {
  const shown = columns.map((_, c) => c).filter((c) => rows.some((r) => (r[c] ?? '') !== ''));
  const widths = new Map<number, number>();
  for (const c of shown)
    widths.set(c, Math.max(length(columns[c]!.header), ...rows.map((r) => length(r[c] ?? ''))));
  // A terminal too narrow for every column at its narrowest loses the columns that give way
  // first, rather than wrapping rows.
  const floor = (c: number) => Math.min(widths.get(c)!, columns[c]!.min);
  const floors = () => shown.reduce((n, c) => n + floor(c), 0) + GAP.length * (shown.length - 1);
  while (shown.length > 1 && floors() > width) {
    const first = shown.reduce((a, c) => (columns[c]!.shrinkRank < columns[a]!.shrinkRank ? c : a));
    shown.splice(shown.indexOf(first), 1);
  }
  if (shown.length === 1) widths.set(shown[0]!, Math.min(widths.get(shown[0]!)!, width));
  const gaps = GAP.length * Math.max(0, shown.length - 1);
  // The columns that give way first (rank below ID's) are cut to one level, the widest first, so
  // one long title or image does not take the room of every other column; then, if the terminal
  // is narrower still, every column down to its min.
  for (const flexible of [shown.filter((c) => columns[c]!.shrinkRank < ID_RANK), shown]) {
    const total = () => shown.reduce((n, c) => n + widths.get(c)!, 0) + gaps;
    if (total() <= width) break;
    const natural = new Map(flexible.map((c) => [c, widths.get(c)!]));
    const at = (level: number) => {
      for (const c of flexible) widths.set(c, Math.min(natural.get(c)!, Math.max(columns[c]!.min, level)));
    };
    let lo = 0;
    let hi = Math.max(...natural.values());
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      at(mid);
      if (total() <= width) lo = mid;
      else hi = mid - 1;
    }
    at(lo);
    // The room left under the level goes to the columns in the order they give way last.
    let spare = width - total();
    for (const c of [...flexible].sort((x, y) => columns[y]!.shrinkRank - columns[x]!.shrinkRank)) {
      const more = Math.min(spare, natural.get(c)! - widths.get(c)!);
      if (more > 0) {
        widths.set(c, widths.get(c)! + more);
        spare -= more;
      }
    }
  }
  const line = (cells: readonly string[], row: number) =>
    shown
      .map((c, i) => {
        const w = widths.get(c)!;
        const text = fit(cells[c] ?? '', w);
        const last = i === shown.length - 1;
        const blank = ' '.repeat(w - length(text));
        const padded = columns[c]!.right ? blank + text : last ? text : text + blank;
        return row < 0 ? padded : decorate(c, row, padded);
      })
      .join(GAP)
      .trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      -1,
    ),
    ...rows.map((r, i) => line(r, i)),
  ];
}

/** Cuts `text` to `width` characters, the last one `…` when anything was cut. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return chars.slice(0, width - 1).join('') + '…';
}

/** Characters as a terminal counts them for the text we print (code points; no wide glyphs). */
function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
