import { isMap, isScalar, isSeq, parse, Scalar } from 'yaml';
import type { Document, Node } from 'yaml';
import type { EditableYaml } from './editableYaml.js';

/** A value a fix writes: scalars, lists of scalars, and maps of those. */
export type YamlValue =
  boolean | number | string | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** How a file lays out its block collections, learnt from the file itself. */
export interface BlockLayout {
  /** Spaces a nested map is indented by below its key (2 or 4 in practice). */
  readonly step: number;
  /** Spaces between a key's column and the `-` of its list items (0 for `kubectl`, 2 for most people). */
  readonly seqIndent: number;
}

/** How a new scalar or key is quoted: as the neighbours it goes among are. */
export type Quote = 'plain' | 'double' | 'single';

const DEFAULT_LAYOUT: BlockLayout = { step: 2, seqIndent: 2 };

/**
 * The layout of a document: the first map nested in a block map gives the step, the first block
 * list under a key gives the list indentation. Looks at a bounded number of nodes.
 */
export function blockLayout(y: EditableYaml, doc: Document.Parsed): BlockLayout {
  let step: number | undefined;
  let seqIndent: number | undefined;
  const pending: unknown[] = [doc.contents];
  for (
    let seen = 0;
    pending.length > 0 && seen < 10_000 && (step === undefined || seqIndent === undefined);
    seen++
  ) {
    const node = pending.shift();
    if (isSeq(node)) pending.push(...node.items);
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (key?.range && !node.flow) {
        const keyColumn = y.columnOf(key.range[0]);
        if (step === undefined && isMap(value) && !value.flow && value.items.length > 0) {
          const child = (value.items[0]!.key as Node | null)?.range;
          if (child && y.lineOf(child[0]) > y.lineOf(key.range[0]) && y.columnOf(child[0]) > keyColumn)
            step = y.columnOf(child[0]) - keyColumn;
        }
        if (seqIndent === undefined && isSeq(value) && !value.flow && value.items.length > 0) {
          const dash = dashColumn(y, value.items[0]);
          if (dash !== undefined && dash >= keyColumn) seqIndent = dash - keyColumn;
        }
      }
      pending.push(value);
    }
  }
  return { step: step ?? DEFAULT_LAYOUT.step, seqIndent: seqIndent ?? step ?? DEFAULT_LAYOUT.seqIndent };
}

/** The column of the `-` of a block list item, when the item starts its line after it. */
export function dashColumn(y: EditableYaml, item: unknown): number | undefined {
  const start = (item as Node | null)?.range?.[0];
  if (start === undefined) return undefined;
  const lineStart = y.lineStart(y.lineOf(start));
  const m = /^( *)- +$/.exec(y.parsed.slice(lineStart, start));
  return m ? m[1]!.length : undefined;
}

/** The quoting of a scalar node as written. */
export function quoteOf(node: unknown): Quote {
  if (!isScalar(node)) return 'plain';
  return node.type === Scalar.QUOTE_DOUBLE
    ? 'double'
    : node.type === Scalar.QUOTE_SINGLE
      ? 'single'
      : 'plain';
}

/**
 * A scalar as YAML text. Booleans and numbers are always plain (quoted they would be strings);
 * strings get the quoting asked for, or stay plain only when they read back as the same string
 * (in a flow collection, also without `,[]{}:#`).
 */
export function renderScalar(value: boolean | number | string, quote: Quote, inFlow: boolean): string {
  if (typeof value !== 'string') return String(value);
  if (quote === 'double') return JSON.stringify(value);
  if (quote === 'single') return `'${value.replace(/'/g, "''")}'`;
  const plainSafe =
    value !== '' &&
    value.trim() === value &&
    !/[\r\n\t]/.test(value) &&
    !(inFlow && /[,[\]{}:#]/.test(value)) &&
    readsBack(value);
  return plainSafe ? value : JSON.stringify(value);
}

function readsBack(value: string): boolean {
  try {
    return parse(value) === value;
  } catch {
    return false;
  }
}

function isCollection(v: YamlValue): v is readonly YamlValue[] | { readonly [key: string]: YamlValue } {
  return typeof v === 'object';
}

/**
 * The lines of `key: value` in block style, the key at `column`: maps nested by the layout's
 * step, lists of scalars with the layout's list indentation.
 */
export function blockLines(
  key: string,
  value: YamlValue,
  column: number,
  layout: BlockLayout,
  keyQuote: Quote,
): string[] {
  const pad = ' '.repeat(column);
  const k = renderScalar(key, keyQuote, false);
  if (!isCollection(value)) return [`${pad}${k}: ${renderScalar(value, 'plain', false)}`];
  if (Array.isArray(value)) {
    if (value.length === 0 || value.some(isCollection)) return [`${pad}${k}: ${flowText(value, 'plain')}`];
    const dash = ' '.repeat(column + layout.seqIndent);
    return [`${pad}${k}:`, ...value.map((v) => `${dash}- ${renderScalar(v as string, 'plain', false)}`)];
  }
  const entries = Object.entries(value as Record<string, YamlValue>);
  if (entries.length === 0) return [`${pad}${k}: {}`];
  return [
    `${pad}${k}:`,
    ...entries.flatMap(([ck, cv]) => blockLines(ck, cv, column + layout.step, layout, 'plain')),
  ];
}

/** A value in flow style (`{a: 1, b: [X]}`), keys and strings quoted as `quote` says. */
export function flowText(value: YamlValue, quote: Quote): string {
  if (!isCollection(value)) return renderScalar(value, quote, true);
  if (Array.isArray(value)) return `[${value.map((v) => flowText(v, quote)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, YamlValue>);
  return `{${entries.map(([k, v]) => `${renderScalar(k, quote, true)}: ${flowText(v, quote)}`).join(', ')}}`;
}

/** `key: value` in flow style. */
export function flowPair(key: string, value: YamlValue, quote: Quote): string {
  return `${renderScalar(key, quote, true)}: ${flowText(value, quote)}`;
}

/** `{ a: { b: value } }` for keys `[a, b]`. */
export function nest(keys: readonly string[], value: YamlValue): YamlValue {
  return keys.reduceRight<YamlValue>((inner, key) => ({ [key]: inner }), value);
}
