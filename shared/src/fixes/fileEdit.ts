import { line1, toLine0 } from '../model/lines.js';
import type { FileEdit, TextPosition } from './fix.js';

/** `[start, end)` offsets into a text. */
export type Span = readonly [number, number];

/**
 * The edits that turn `before` into `after`, one per changed run of lines (a line diff), each
 * narrowed to the characters that differ (never splitting a CRLF; an inserted or deleted run of
 * whole lines starts a line). `placeholders` are spans of `after`; each lands in the edit whose
 * new text holds it, relative to that text.
 */
export function fileEditsBetween(
  path: string,
  before: string,
  after: string,
  placeholders: readonly Span[] = [],
): FileEdit[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const hunks = lineHunks(
    a.map((l) => l.text),
    b.map((l) => l.text),
  ) ?? [{ aFrom: 0, aTo: a.length, bFrom: 0, bTo: b.length }];
  return hunks.flatMap((h) => {
    // Lines changed one for one (two neighbouring keys edited in place) are an edit each.
    const pairs =
      h.aTo - h.aFrom === h.bTo - h.bFrom && h.aTo - h.aFrom > 1
        ? Array.from({ length: h.aTo - h.aFrom }, (_, i) => ({
            aFrom: h.aFrom + i,
            aTo: h.aFrom + i + 1,
            bFrom: h.bFrom + i,
            bTo: h.bFrom + i + 1,
          }))
        : [h];
    return pairs.map((p) => {
      const aStart = a[p.aFrom]?.offset ?? before.length;
      const aEnd = a[p.aTo]?.offset ?? before.length;
      const bStart = b[p.bFrom]?.offset ?? after.length;
      const bEnd = b[p.bTo]?.offset ?? after.length;
      return narrowed(path, before, after, [aStart, aEnd], [bStart, bEnd], placeholders);
    });
  });
}

/** One edit from the hunk `before[a] → after[b]`, trimmed to what differs. */
function narrowed(
  path: string,
  before: string,
  after: string,
  [aStart, aEnd]: Span,
  [bStart, bEnd]: Span,
  placeholders: readonly Span[],
): FileEdit {
  let start = 0;
  const max = Math.min(aEnd - aStart, bEnd - bStart);
  while (start < max && before.charCodeAt(aStart + start) === after.charCodeAt(bStart + start)) start++;
  if (start > 0 && before[aStart + start - 1] === '\r') start--;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(aEnd - 1 - tail) === after.charCodeAt(bEnd - 1 - tail))
    tail++;
  if (tail > 0 && before[aEnd - tail] === '\n' && before[aEnd - tail - 1] === '\r') tail--;
  let s = aStart + start;
  let e = aEnd - tail;
  let newText = after.slice(bStart + start, bEnd - tail);
  let from = bStart + start;
  if (s === e || newText === '') {
    // An insertion or deletion can often be moved to start a line (`"  a: 1\n  "` after two
    // spaces is `"    a: 1\n"` at the line's start): the same result, and an edit people read.
    let ms = s;
    let me = e;
    let moved = newText;
    const last = () => (moved === '' ? before[me - 1] : moved[moved.length - 1]);
    while (ms > aStart && before[ms - 1] !== '\n' && before[ms - 1] === last()) {
      if (moved !== '') moved = before[ms - 1] + moved.slice(0, -1);
      else me--;
      ms--;
    }
    if (ms === 0 || before[ms - 1] === '\n') {
      from -= s - ms;
      s = ms;
      e = moved === '' ? me : ms;
      newText = moved;
    }
  }
  return {
    path,
    start: positionAt(before, s),
    end: positionAt(before, e),
    startOffset: s,
    endOffset: e,
    newText,
    placeholders: placeholders
      .filter(([ps, pe]) => ps >= from && pe <= from + newText.length)
      .map(([ps, pe]) => ({ offset: ps - from, length: pe - ps })),
  };
}

interface Line {
  readonly text: string;
  readonly offset: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push({ text: text.slice(offset, end), offset });
    offset = end;
  }
  return lines;
}

interface Hunk {
  readonly aFrom: number;
  readonly aTo: number;
  readonly bFrom: number;
  readonly bTo: number;
}

/** Beyond this many changed lines a fix is one edit: a line diff would cost more than it shows. */
const MAX_CHANGED_LINES = 200;

/**
 * The runs of lines that differ, by Myers' O(ND) difference algorithm on what is left once the
 * common first and last lines are set aside; `undefined` when more than {@link MAX_CHANGED_LINES}
 * lines differ.
 */
function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] | undefined {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  if (n === 0 && m === 0) return [];
  const A = (i: number) => a[pre + i];
  const B = (j: number) => b[pre + j];
  const max = Math.min(n + m, MAX_CHANGED_LINES);
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!);
      let x = down ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A(x) === B(y)) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) return hunksOf(backtrack(trace, d, n, m, max), pre);
    }
  }
  return undefined;
}

type Step = 'same' | 'delete' | 'insert';

function backtrack(trace: readonly Int32Array[], d: number, n: number, m: number, max: number): Step[] {
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let dd = d; dd > 0; dd--) {
    const v = trace[dd]!;
    const k = x - y;
    const down = k === -dd || (k !== dd && v[max + k - 1]! < v[max + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push('same');
      x--;
      y--;
    }
    steps.push(down ? 'insert' : 'delete');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    steps.push('same');
    x--;
    y--;
  }
  return steps.reverse();
}

function hunksOf(steps: readonly Step[], pre: number): Hunk[] {
  const hunks: Hunk[] = [];
  let i = pre;
  let j = pre;
  let open: { aFrom: number; bFrom: number } | undefined;
  for (const step of steps) {
    if (step === 'same') {
      if (open) hunks.push({ ...open, aTo: i, bTo: j });
      open = undefined;
      i++;
      j++;
      continue;
    }
    open ??= { aFrom: i, bFrom: j };
    if (step === 'delete') i++;
    else j++;
  }
  if (open) hunks.push({ ...open, aTo: i, bTo: j });
  return hunks;
}

/** The editor position of an offset. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line: toLine0(line1(line + 1)), character: offset - lineStart };
}

/** Applies edits of one file (non-overlapping, any order) to its text. */
export function applyFileEdits(text: string, edits: readonly FileEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.startOffset - a.startOffset))
    out = out.slice(0, e.startOffset) + e.newText + out.slice(e.endOffset);
  return out;
}
