import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { KeySegment } from '../manifests/keyPath.js';
import { scalarText } from '../manifests/pathWalker.js';
import { blankTemplateActions, templateActionSpans } from '../workspace/templateActions.js';

/**
 * A YAML text being edited: the text as the user has it, the text the parser saw (the same, or
 * with Helm's `{{ … }}` actions blanked to spaces, which keeps every offset), its documents and
 * line starts. Immutable: a splice returns a new one, parsed again, so each step of a fix sees
 * the result of the previous one.
 */
export class EditableYaml {
  readonly docs: readonly Document.Parsed[];
  readonly lines = new LineCounter();
  /** The line break the file uses; new lines get the same. */
  readonly nl: string;
  private readonly actions: readonly [number, number][];

  private constructor(
    readonly text: string,
    readonly parsed: string,
    readonly template: boolean,
  ) {
    const docs = parseAllDocuments(parsed, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: false,
      merge: true,
    });
    this.docs = Array.isArray(docs) ? docs : [docs];
    this.nl = text.includes('\r\n') ? '\r\n' : '\n';
    this.actions = template ? templateActionSpans(text) : [];
  }

  static of(text: string, template: boolean): EditableYaml {
    return new EditableYaml(text, template ? blankTemplateActions(text) : text, template);
  }

  /**
   * Replaces `[start, end)` with `insert` (plain YAML, no template action), or `undefined` when
   * that would touch a template action: a fix never edits inside `{{ … }}`.
   */
  splice(start: number, end: number, insert: string): EditableYaml | undefined {
    if (this.actions.some(([s, e]) => start < e && end > s) || this.insideAction(start)) return undefined;
    const text = this.text.slice(0, start) + insert + this.text.slice(end);
    const parsed = this.parsed.slice(0, start) + insert + this.parsed.slice(end);
    return new EditableYaml(text, parsed, this.template);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    return this.lines.linePos(offset).line - 1;
  }

  /** 0-based column of an offset. */
  columnOf(offset: number): number {
    return this.lines.linePos(offset).col - 1;
  }

  lineStart(line0: number): number {
    return this.lines.lineStarts[line0] ?? this.text.length;
  }

  lineCount(): number {
    return this.lines.lineStarts.length;
  }

  /** The original text of a line, without its line break. */
  lineText(line0: number): string {
    const start = this.lineStart(line0);
    const next = this.lines.lineStarts[line0 + 1];
    return this.text.slice(start, next === undefined ? undefined : next).replace(/\r?\n$/, '');
  }

  /** A line that holds only template actions (blank to the parser, not to the user). */
  isActionLine(line0: number): boolean {
    return this.template && this.lineText(line0).trim() !== '' && this.parsedLine(line0).trim() === '';
  }

  /** Column of the first non-blank character of the original line. */
  indentOf(line0: number): number {
    const m = /\S/.exec(this.lineText(line0));
    return m ? m.index : 0;
  }

  /** The offset of the start of the line after the one holding `offset`; the text's end on the last line. */
  nextLineStart(offset: number): number {
    return this.lineStart(this.lineOf(offset) + 1);
  }

  /** Whether the text's last line has no line break, so a line appended after it needs one first. */
  endsWithoutBreak(): boolean {
    return this.text !== '' && !this.text.endsWith('\n');
  }

  private parsedLine(line0: number): string {
    const start = this.lineStart(line0);
    const next = this.lines.lineStarts[line0 + 1];
    return this.parsed.slice(start, next === undefined ? undefined : next);
  }

  private insideAction(offset: number): boolean {
    return this.actions.some(([s, e]) => offset > s && offset < e);
  }
}

/** Where an edit starts from: a map node of one document, by its path from the document root. */
export interface MapAddress {
  readonly doc: number;
  readonly path: readonly KeySegment[];
}

/**
 * The map at `address`, following own keys only: an alias or a merge key on the way means the
 * map is shared with other places, which an edit must not change, so there is none.
 */
export function mapAt(y: EditableYaml, address: MapAddress): YAMLMap | undefined {
  const doc = y.docs[address.doc];
  return doc && doc.errors.length === 0 ? mapIn(doc, address.path) : undefined;
}

/** {@link mapAt} on a document's node tree. */
export function mapIn(doc: Document, path: readonly KeySegment[]): YAMLMap | undefined {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isAlias(node)) return undefined;
    if ('key' in seg) {
      if (!isMap(node)) return undefined;
      node = ownPair(node, seg.key)?.value;
    } else {
      if (!isSeq(node)) return undefined;
      node = 'index' in seg ? node.items[seg.index] : node.items.find((item) => matches(item, seg));
    }
  }
  return isMap(node) ? node : undefined;
}

function matches(item: unknown, seg: { readonly where: string; readonly equals?: string }): boolean {
  if (!isMap(item)) return false;
  const p = ownPair(item, seg.where);
  return p !== undefined && (seg.equals === undefined || scalarText(p.value) === seg.equals);
}

/** The value at `keys` below `map`, through own keys of maps only; `undefined` when missing. */
export function valueAt(map: unknown, keys: readonly string[]): unknown {
  let node = map;
  for (const key of keys) {
    if (!isMap(node)) return undefined;
    node = ownPair(node, key)?.value;
  }
  return node;
}

/** A map's own pair for a key (merge keys are not followed). */
export function ownPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => scalarText(p.key) === key);
}

/** Offsets of a node: `[start, end of value]`, comments after it excluded. */
export function nodeRange(node: unknown): [number, number] | undefined {
  const r = (node as Node | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** The offset just after the last non-blank character of a pair (its value, else its key). */
export function pairContentEnd(y: EditableYaml, pair: Pair): number {
  const end = nodeRange(pair.value)?.[1] ?? nodeRange(pair.key)![1];
  let e = end;
  while (e > 0 && /\s/.test(y.parsed[e - 1]!)) e--;
  return e;
}

/** An empty value: `key:` with nothing, `~`, `null`. */
export function isNullValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}
