import type { Problem } from '../model/problem.js';

// Text for a terminal: report text made harmless, and measured in the columns it takes.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Report text is untrusted: drop terminal escapes and control characters, fold newlines and tabs. */
export function clean(text: string): string {
  return text.replace(/\r?\n|\t/g, ' ').replace(CONTROL, '');
}

/** `file:line: message`, safe for a terminal; the table and the commands' stderr both use it. */
export function problemLine(pr: Problem): string {
  return `${clean(pr.source)}${pr.line ? `:${pr.line}` : ''}: ${clean(pr.message)}`;
}

// Zero-width: combining marks, joiners and variation selectors. Wide: the East Asian wide and
// fullwidth blocks and the emoji planes, as terminals draw them (Unicode's EastAsianWidth W/F).
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufe00-\ufe0f]/u;
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

function charWidth(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

/** Columns `text` takes in a terminal (after {@link clean}). */
export function displayWidth(text: string): number {
  let width = 0;
  // ASCII, the common case, is one column a character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** `text` cut to `width` columns, ending in `…` when cut. */
export function truncateEnd(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** `text` cut to `width` columns from the left, starting with `…`: the end of a path is what tells it apart. */
export function truncateStart(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  const chars = [...text];
  let out = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = charWidth(chars[i]!);
    if (used + w > width - 1) break;
    out = chars[i]! + out;
    used += w;
  }
  return `…${out}`;
}

/** `text` padded with spaces to `width` columns. */
export function padEnd(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** `text` padded on the left to `width` columns (numbers). */
export function padStart(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : ' '.repeat(width - w) + text;
}
