import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { scalarText } from '../manifests/pathWalker.js';
import {
  isNullValue,
  mapAt,
  nodeRange,
  ownPair,
  pairContentEnd,
  type EditableYaml,
  type MapAddress,
} from './editableYaml.js';
import {
  blockLayout,
  blockLines,
  dashColumn,
  flowPair,
  flowText,
  nest,
  quoteOf,
  renderScalar,
  type BlockLayout,
  type Quote,
  type YamlValue,
} from './yamlLayout.js';

/**
 * One change to a YAML text, addressed from a map (a container, a pod spec, a document root):
 *  - `set`: the key path holds `value` (missing maps on the way are created);
 *  - `append`: the list at the key path holds `item` (the list is created when missing);
 *  - `remove`: the key path is gone, and so are the maps it leaves empty.
 */
export type YamlOp =
  | {
      readonly kind: 'set';
      readonly at: MapAddress;
      readonly keys: readonly string[];
      readonly value: YamlValue;
    }
  | {
      readonly kind: 'append';
      readonly at: MapAddress;
      readonly keys: readonly string[];
      readonly item: string;
    }
  | { readonly kind: 'remove'; readonly at: MapAddress; readonly keys: readonly string[] };

/** A key whose value a Helm template fills from an action, so the template has no line to edit. */
export interface TemplatedKey {
  /** How many of the op's keys lead to it, itself included. */
  readonly depth: number;
  /** The action(s) that fill it, as written. */
  readonly actions: string;
}

export type OpOutcome =
  | { readonly ok: true; readonly y: EditableYaml }
  | { readonly ok: false; readonly reason: string; readonly templated?: TemplatedKey };

const fail = (reason: string, templated?: TemplatedKey): OpOutcome => ({ ok: false, reason, templated });

/**
 * Applies one op by splicing text at the positions the parser gives, so every byte outside the
 * change stays as it was: comments, key order, quoting, flow or block style, indentation and line
 * breaks. New keys take the style of the map they go into (its column, the file's indentation
 * step and list indentation, its quoting; in alphabetical place when the map's keys are sorted,
 * as `kubectl` and `helm template` write them, else after the last key).
 */
export function applyOp(y: EditableYaml, op: YamlOp): OpOutcome {
  const base = mapAt(y, op.at);
  if (!base) return fail('the place to edit is not a map of its own (missing, or shared through an alias)');
  const layout = blockLayout(y, y.docs[op.at.doc]!);
  switch (op.kind) {
    case 'set':
      return setIn(y, base, op.keys, op.value, layout);
    case 'append':
      return appendIn(y, base, op.keys, op.item, layout);
    case 'remove':
      return removeIn(y, base, op.keys);
  }
}

function setIn(
  y: EditableYaml,
  base: YAMLMap,
  keys: readonly string[],
  value: YamlValue,
  layout: BlockLayout,
): OpOutcome {
  let map = base;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const rest = keys.slice(i + 1);
    const pair = ownPair(map, key);
    if (!pair) {
      if (rest.length > 0 && mergedHas(map, key))
        return fail(`"${key}" comes from a merge key; it is shared`);
      return insertPair(y, map, key, nest(rest, value), layout);
    }
    const actions = templatedValue(y, pair);
    if (actions !== undefined)
      return fail(`"${key}" is filled by a template action`, { depth: i + 1, actions });
    const v = pair.value;
    if (rest.length === 0 || isNullValue(v) || isEmptyFlow(v))
      return replaceValue(y, map, pair, nest(rest, value), layout);
    if (!isMap(v)) return fail(`"${key}" is not a map`);
    map = v;
  }
  return fail('no key to set');
}

function appendIn(
  y: EditableYaml,
  base: YAMLMap,
  keys: readonly string[],
  item: string,
  layout: BlockLayout,
): OpOutcome {
  let map = base;
  for (let i = 0; i < keys.length - 1; i++) {
    const pair = ownPair(map, keys[i]!);
    const v = pair?.value;
    if (!pair || isNullValue(v) || isEmptyFlow(v)) return setIn(y, base, keys, [item], layout);
    const actions = templatedValue(y, pair);
    if (actions !== undefined)
      return fail(`"${keys[i]}" is filled by a template action`, { depth: i + 1, actions });
    if (!isMap(v)) return fail(`"${keys[i]}" is not a map`);
    map = v;
  }
  const pair = ownPair(map, keys[keys.length - 1]!);
  if (pair) {
    const actions = templatedValue(y, pair);
    if (actions !== undefined)
      return fail('the list is filled by a template action', { depth: keys.length, actions });
  }
  const list = pair?.value;
  if (!pair || isNullValue(list) || isEmptyFlow(list)) return setIn(y, base, keys, [item], layout);
  if (!isSeq(list)) return fail('not a list');
  return appendItem(y, list, item);
}

function appendItem(y: EditableYaml, list: YAMLSeq, item: string): OpOutcome {
  const last = list.items[list.items.length - 1];
  const quote = quoteOf(last);
  if (list.flow) {
    const end = nodeRange(last)?.[1];
    if (end === undefined) return fail('cannot find the end of the list');
    return spliced(y.splice(end, end, `, ${renderScalar(item, quote, true)}`));
  }
  const dash = dashColumn(y, list.items[0]);
  const end = contentEnd(y, nodeRange(last)?.[1]);
  if (dash === undefined || end === undefined) return fail('the list items do not start their lines');
  return insertLines(y, y.nextLineStart(end - 1), [
    `${' '.repeat(dash)}- ${renderScalar(item, quote, false)}`,
  ]);
}

function removeIn(y: EditableYaml, base: YAMLMap, keys: readonly string[]): OpOutcome {
  const chain: { map: YAMLMap; pair: Pair }[] = [];
  let map = base;
  for (let i = 0; i < keys.length; i++) {
    const pair = ownPair(map, keys[i]!);
    if (!pair) return fail('nothing to remove');
    if (templatedValue(y, pair) !== undefined) return fail('the value is filled by a template action');
    chain.push({ map, pair });
    if (i < keys.length - 1) {
      if (!isMap(pair.value)) return fail(`"${keys[i]}" is not a map`);
      map = pair.value;
    }
  }
  // A map the removal leaves empty goes too, up to (not including) the map the op starts from.
  let j = chain.length - 1;
  while (j > 0 && chain[j]!.map.items.length === 1) j--;
  const { map: owner, pair } = chain[j]!;
  if (owner.flow) return removeFlowPair(y, owner, pair);
  const keyStart = nodeRange(pair.key)![0];
  const line = y.lineOf(keyStart);
  if (y.text.slice(y.lineStart(line), keyStart).trim() !== '') return fail('the key does not start its line');
  const end = pairContentEnd(y, pair);
  if (y.template && !linesFreeOfActions(y, line, y.lineOf(end - 1) + 1, Infinity))
    return fail('template actions among the lines');
  return spliced(y.splice(y.lineStart(line), y.nextLineStart(end - 1), ''));
}

function removeFlowPair(y: EditableYaml, map: YAMLMap, pair: Pair): OpOutcome {
  const index = map.items.indexOf(pair);
  const range = nodeRange(map)!;
  if (map.items.length === 1) return spliced(y.splice(range[0], range[1], '{}'));
  if (index < map.items.length - 1)
    return spliced(y.splice(nodeRange(pair.key)![0], nodeRange(map.items[index + 1]!.key)![0], ''));
  return spliced(y.splice(pairContentEnd(y, map.items[index - 1]!), pairContentEnd(y, pair), ''));
}

/** Sets the value of an existing pair (a scalar, nothing, `null` or an empty `{}`/`[]`). */
function replaceValue(
  y: EditableYaml,
  map: YAMLMap,
  pair: Pair,
  value: YamlValue,
  layout: BlockLayout,
): OpOutcome {
  const v = pair.value as Node | null;
  const range = nodeRange(v);
  const empty = range === undefined || range[0] === range[1];
  const keyRange = nodeRange(pair.key)!;
  if (typeof value !== 'object') {
    if (!isScalar(v) && !isAlias(v) && !empty) return fail('the value is a collection');
    const text = renderScalar(value, typeof value === 'string' ? quoteOf(v) : 'plain', map.flow === true);
    if (!empty) return spliced(y.splice(range[0], range[1], text));
    const colon = colonAfter(y, keyRange[1]);
    return colon === undefined
      ? fail('no colon after the key')
      : spliced(y.splice(colon + 1, colon + 1, ` ${text}`));
  }
  if (!empty && !isEmptyFlow(v) && !(isScalar(v) && v.value === null)) return fail('the value is not empty');
  if (map.flow) {
    const text = flowText(value, quoteOf(pair.key));
    if (!empty) return spliced(y.splice(range[0], range[1], text));
    const colon = colonAfter(y, keyRange[1]);
    return colon === undefined
      ? fail('no colon after the key')
      : spliced(y.splice(colon + 1, colon + 1, ` ${text}`));
  }
  const keyColumn = y.columnOf(keyRange[0]);
  if (!empty && y.lineOf(range[0]) > y.lineOf(keyRange[0])) {
    // `{}` on a line of its own below the key (as `helm create` writes empty values): the
    // entries take its place and its column.
    const lines = valueLines(value, y.columnOf(range[0]), layout);
    return spliced(y.splice(range[0], range[1], [lines[0]!.trimStart(), ...lines.slice(1)].join(y.nl)));
  }
  const lines = valueLines(
    value,
    keyColumn + (Array.isArray(value) ? layout.seqIndent : layout.step),
    layout,
  );
  if (!empty) {
    const colon = colonAfter(y, keyRange[1]);
    if (colon === undefined) return fail('no colon after the key');
    return spliced(y.splice(colon + 1, range[1], y.nl + lines.join(y.nl)));
  }
  return insertLines(y, y.nextLineStart(keyRange[1]), lines);
}

/** The block lines of a collection value whose keys (or dashes) are at `column`. */
function valueLines(value: YamlValue, column: number, layout: BlockLayout): string[] {
  if (Array.isArray(value))
    return value.map((item) => `${' '.repeat(column)}- ${renderScalar(item as string, 'plain', false)}`);
  return Object.entries(value as Record<string, YamlValue>).flatMap(([k, v]) =>
    blockLines(k, v, column, layout, 'plain'),
  );
}

function insertPair(
  y: EditableYaml,
  map: YAMLMap,
  key: string,
  value: YamlValue,
  layout: BlockLayout,
): OpOutcome {
  const last = map.items[map.items.length - 1];
  const quote: Quote = quoteOf(last?.key);
  if (map.flow) return insertFlowPair(y, map, key, value, quote);
  if (!last) return fail('an empty block map');
  const column = y.columnOf(nodeRange(map.items[0]!.key)![0]);
  const mapStartLine = y.lineOf(nodeRange(map)![0]);
  let at = y.lineOf(pairContentEnd(y, last) - 1) + 1;
  // Template lines below the last key that fill its value belong to it.
  while (at < y.lineCount() && y.isActionLine(at) && y.indentOf(at) > column) at++;
  if (y.template && !linesFreeOfActions(y, mapStartLine, at, column))
    return fail('template actions decide which keys this map has');
  const before = sortedPlace(y, map, key, mapStartLine);
  return insertLines(y, before ?? y.lineStart(at), blockLines(key, value, column, layout, quote));
}

/** In a map whose keys are sorted, the offset of the line the new key goes before; else `undefined`. */
function sortedPlace(y: EditableYaml, map: YAMLMap, key: string, mapStartLine: number): number | undefined {
  const keys = map.items.map((p) => scalarText(p.key));
  if (keys.length < 3 || keys.some((k) => k === undefined)) return undefined;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return undefined;
  const next = map.items[keys.findIndex((k) => k! > key)];
  if (!next) return undefined;
  const keyStart = nodeRange(next.key)![0];
  let line = y.lineOf(keyStart);
  if (y.text.slice(y.lineStart(line), keyStart).trim() !== '') return undefined;
  // Comment lines right above a key are about it: the new key goes above them.
  while (
    line - 1 > mapStartLine &&
    y
      .lineText(line - 1)
      .trim()
      .startsWith('#')
  )
    line--;
  return y.lineStart(line);
}

function insertFlowPair(
  y: EditableYaml,
  map: YAMLMap,
  key: string,
  value: YamlValue,
  quote: Quote,
): OpOutcome {
  const range = nodeRange(map)!;
  const text = flowPair(key, value, quote);
  const last = map.items[map.items.length - 1];
  if (!last) return spliced(y.splice(range[0], range[1], `{${text}}`));
  const lastEnd = pairContentEnd(y, last);
  const close = range[1] - 1;
  if (y.lineOf(close) === y.lineOf(lastEnd)) return spliced(y.splice(lastEnd, lastEnd, `, ${text}`));
  // One entry per line: the new one gets a line of its own, with a comma where the others have one.
  const column = y.columnOf(nodeRange(last.key)![0]);
  const comma = /^[ \t]*,/.exec(y.parsed.slice(lastEnd, close));
  const lineEnd = y.nextLineStart(comma ? lastEnd + comma[0].length - 1 : lastEnd - 1);
  const line = `${' '.repeat(column)}${text}${comma ? ',' : ''}${y.nl}`;
  const withComma = comma ? y : y.splice(lastEnd, lastEnd, ',');
  if (!withComma) return fail('the entry ends inside a template action');
  const shift = comma ? 0 : 1;
  return spliced(withComma.splice(lineEnd + shift, lineEnd + shift, line));
}

function insertLines(y: EditableYaml, offset: number, lines: readonly string[]): OpOutcome {
  const block = lines.join(y.nl);
  if (offset >= y.text.length && y.endsWithoutBreak()) return spliced(y.splice(offset, offset, y.nl + block));
  return spliced(y.splice(offset, offset, block + y.nl));
}

/**
 * Whether the lines `[from, to)` hold no template action line at or left of `column`: such a
 * line (`{{- if … }}`, `{{- include … | nindent 6 }}`) decides which keys the map has.
 */
function linesFreeOfActions(y: EditableYaml, from: number, to: number, column: number): boolean {
  for (let line = from; line < Math.min(to, y.lineCount()); line++)
    if (y.isActionLine(line) && y.indentOf(line) <= column) return false;
  return true;
}

/**
 * The first key along `keys` (own keys from `base`) whose value a template action fills, or
 * `undefined` when the path stays on plain YAML lines as far as it exists.
 */
export function findTemplated(
  y: EditableYaml,
  base: YAMLMap,
  keys: readonly string[],
): TemplatedKey | undefined {
  let map: unknown = base;
  for (let i = 0; i < keys.length; i++) {
    if (!isMap(map)) return undefined;
    const pair = ownPair(map, keys[i]!);
    if (!pair) return undefined;
    const actions = templatedValue(y, pair);
    if (actions !== undefined) return { depth: i + 1, actions };
    map = pair.value;
  }
  return undefined;
}

/**
 * In a Helm template, the action(s) that fill a key's value (`securityContext:` followed by
 * `{{- toYaml .Values.securityContext | nindent 12 }}`), else `undefined`.
 */
function templatedValue(y: EditableYaml, pair: Pair): string | undefined {
  if (!y.template || !isNullValue(pair.value)) return undefined;
  const keyRange = nodeRange(pair.key)!;
  const keyLine = y.lineOf(keyRange[0]);
  const column = y.columnOf(keyRange[0]);
  const parts: string[] = [];
  const tail = y.lineText(keyLine).slice(keyRange[1] - y.lineStart(keyLine));
  if (tail.includes('{{')) parts.push(tail.replace(/^\s*:/, '').trim());
  for (let line = keyLine + 1; line < y.lineCount(); line++) {
    if (y.isActionLine(line) && y.indentOf(line) > column) parts.push(y.lineText(line).trim());
    else if (y.lineText(line).trim() !== '') break;
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function mergedHas(map: YAMLMap, key: string): boolean {
  return map.items.some((p) => scalarText(p.key) === '<<') && !ownPair(map, key);
}

function isEmptyFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow === true && node.items.length === 0;
}

function colonAfter(y: EditableYaml, keyEnd: number): number | undefined {
  const m = /^[ \t]*:/.exec(y.parsed.slice(keyEnd));
  return m ? keyEnd + m[0].length - 1 : undefined;
}

function contentEnd(y: EditableYaml, end: number | undefined): number | undefined {
  if (end === undefined) return undefined;
  let e = end;
  while (e > 0 && /\s/.test(y.parsed[e - 1]!)) e--;
  return e;
}

function spliced(y: EditableYaml | undefined): OpOutcome {
  return y ? { ok: true, y } : fail('the edit would land inside a template action');
}

/**
 * The same op on a document's node tree (the `yaml` Document API): what the text splice must
 * mean. Verification compares the two.
 */
export function applyOpToTree(doc: Document, base: YAMLMap, op: YamlOp): void {
  if (op.kind === 'remove') {
    const chain: { map: YAMLMap; key: string }[] = [];
    let map: unknown = base;
    for (const key of op.keys) {
      if (!isMap(map)) return;
      chain.push({ map, key });
      map = map.get(key, true);
    }
    let j = chain.length - 1;
    while (j > 0 && chain[j]!.map.items.length === 1) j--;
    chain[j]!.map.delete(chain[j]!.key);
    return;
  }
  let map = base;
  for (const key of op.keys.slice(0, -1)) {
    const next: unknown = map.get(key, true);
    if (isMap(next)) map = next;
    else {
      const created = doc.createNode({}) as YAMLMap;
      map.set(key, created);
      map = created;
    }
  }
  const last = op.keys[op.keys.length - 1]!;
  if (op.kind === 'set') map.set(last, doc.createNode(op.value));
  else {
    const list = map.get(last, true);
    if (isSeq(list)) list.add(doc.createNode(op.item));
    else map.set(last, doc.createNode([op.item]));
  }
}
