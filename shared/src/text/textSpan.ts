/** A part of a text, `[start, end)`, that starts on 1-based `line`. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** Line breaks in `text` between `from` and `to`, to move a span's line on without recounting from the start. */
export function linesBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
