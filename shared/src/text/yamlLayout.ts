import { linesBetween, type TextSpan } from './textSpan.js';

/**
 * The layout of a YAML stream found from its lines alone, so a large file can be parsed a piece
 * at a time: its documents, and the items of a `List` document. YAML forbids `---` and `...` at
 * the start of a line inside any content, so cutting there is exact.
 */

/** The documents of a YAML stream that have content (not only comments, directives or markers). */
export function yamlDocuments(text: string): TextSpan[] {
  const docs: TextSpan[] = [];
  let start = 0;
  let line = 1;
  const close = (end: number, endLine: number): void => {
    if (hasContent(text, start, end)) docs.push({ start, end, line });
    start = end;
    line = endLine;
  };
  const dashes = new MarkerSearch(text, '---');
  const dots = new MarkerSearch(text, '...');
  for (let from = 0; ;) {
    const dash = dashes.next(from);
    const dot = dots.next(from);
    const at = dash === -1 ? dot : dot === -1 ? dash : Math.min(dash, dot);
    if (at === -1) break;
    const atLine = line + linesBetween(text, start, at);
    if (at === dash) {
      // `---` starts a document: it closes the one before unless that one has no content yet.
      if (hasContent(text, start, at)) close(at, atLine);
    } else {
      // `...` ends the document on its line.
      const eol = text.indexOf('\n', at);
      close(eol === -1 ? text.length : eol + 1, atLine + (eol === -1 ? 0 : 1));
    }
    from = at + 3;
  }
  close(text.length, line);
  return docs;
}

/** Finds marker lines (`---` or `...` at a line start, then a blank or the line end), each text position once. */
class MarkerSearch {
  private found = -2;

  constructor(
    private readonly text: string,
    private readonly marker: string,
  ) {}

  /** The first marker line at or after `from`, or -1. */
  next(from: number): number {
    if (this.found !== -2 && (this.found === -1 || this.found >= from)) return this.found;
    const { text, marker } = this;
    for (let i = from; ;) {
      const at = text.indexOf(marker, i);
      if (at === -1) return (this.found = -1);
      const after = text.charCodeAt(at + 3);
      if ((at === 0 || text.charCodeAt(at - 1) === 10) && (Number.isNaN(after) || isBlankOrBreak(after)))
        return (this.found = at);
      i = at + 1;
    }
  }
}

function isBlankOrBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Whether `[start, end)` has a line that is not blank, a comment, a directive or a marker alone. */
function hasContent(text: string, start: number, end: number): boolean {
  for (let ls = start; ls < end;) {
    let eol = text.indexOf('\n', ls);
    if (eol === -1 || eol > end) eol = end;
    let i = ls;
    while (i < eol && isBlankOrBreak(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (i < eol && c !== 35 /* # */) {
      const marker = i === ls && (c === 45 || c === 46) && text.startsWith(c === 45 ? '---' : '...', i);
      if (!(i === ls && c === 37) /* % */ && !(marker && restIsBlank(text, i + 3, eol))) return true;
    }
    ls = eol + 1;
  }
  return false;
}

function restIsBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 35) return true;
    if (!isBlankOrBreak(c)) return false;
  }
  return true;
}

/** A `List` document cut at its items: the document without them, and each item's lines. */
export interface YamlListLayout {
  /** The document with the items' lines left out, so `items:` reads as null. */
  readonly header: string;
  /** Each item: its lines from its `-` to the line before the next item or the end of `items`. */
  readonly items: TextSpan[];
}

/**
 * Cuts a document whose root is a block mapping with a block sequence under a top-level
 * `items:` line (what `kubectl get -o yaml` prints, `items:\n- apiVersion: …`, and the indented
 * `items:\n  - …` of other tools). `undefined` when the layout is anything else, or when a line
 * is not clearly inside or outside an item: the caller then parses the document whole.
 */
export function yamlListLayout(text: string, doc: TextSpan): YamlListLayout | undefined {
  const itemsLine = findItemsKey(text, doc);
  if (itemsLine === undefined) return undefined;
  const { regionStart, regionLine } = itemsLine;
  const items: TextSpan[] = [];
  let indent = -1;
  let line = regionLine;
  let itemStart = -1;
  let itemLine = 0;
  let regionEnd = doc.end;
  for (let ls = regionStart; ls < doc.end; line++) {
    let eol = text.indexOf('\n', ls);
    if (eol === -1 || eol >= doc.end) eol = doc.end;
    const next = eol + 1;
    let i = ls;
    while (i < eol && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    const blank = i >= eol || c === 13 || c === 35; // empty, or a comment
    if (!blank) {
      const col = i - ls;
      if (c === 9) return undefined; // a tab where indentation is: unclear
      const entry = c === 45 && (i + 1 >= eol || isBlankOrBreak(text.charCodeAt(i + 1)));
      if (indent === -1) {
        if (!entry) return undefined;
        indent = col;
      }
      if (col === 0 && !(indent === 0 && entry)) {
        regionEnd = ls; // the next top-level key
        break;
      }
      if (col < indent) return undefined;
      if (col === indent) {
        if (!entry) return undefined;
        if (itemStart !== -1) items.push({ start: itemStart, end: ls, line: itemLine });
        itemStart = ls;
        itemLine = line;
      }
    }
    ls = next;
  }
  if (itemStart === -1) return undefined;
  items.push({ start: itemStart, end: regionEnd, line: itemLine });
  const header = text.slice(doc.start, regionStart) + text.slice(regionEnd, doc.end);
  return { header, items };
}

/** The line after a top-level `items:` with nothing after the colon but a comment. */
function findItemsKey(text: string, doc: TextSpan): { regionStart: number; regionLine: number } | undefined {
  for (let from = doc.start; ;) {
    const at = text.indexOf('items:', from);
    if (at === -1 || at >= doc.end) return undefined;
    const eol = lineEnd(text, at, doc.end);
    if ((at === doc.start || text.charCodeAt(at - 1) === 10) && restIsBlank(text, at + 6, eol)) {
      const line = doc.line + linesBetween(text, doc.start, at);
      return { regionStart: eol < doc.end ? eol + 1 : doc.end, regionLine: line + 1 };
    }
    from = at + 6;
  }
}

function lineEnd(text: string, from: number, end: number): number {
  const eol = text.indexOf('\n', from);
  return eol === -1 || eol > end ? end : eol;
}
