import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { KeySegment } from './keyPath.js';

// Follows key paths through the node tree the `yaml` package parsed, keeping source offsets so the
// manifest index can turn them into lines. Aliases and `<<` merge keys are followed; from the
// first alias on, the offsets stay those of the key that refers to it.

/** Result of walking a path. */
export interface PathWalk {
  /** The node reached (the last segment's value, or the deepest existing one). */
  readonly node: unknown;
  /** Segments matched. */
  readonly depth: number;
  /** Source offsets of what to point at: the deepest key (start of key to end of value) or item. */
  readonly start: number;
  readonly end: number;
  readonly viaAlias: boolean;
}

const MERGE_KEY = '<<';
const NO_SEGMENTS: readonly KeySegment[] = [];
// Maps wider than this get a key → pair table on first lookup; narrower ones are scanned, which
// is faster than building a table for the handful of keys a Kubernetes map usually has.
const SCAN_LIMIT = 16;

/** One per index: it caches key tables of wide maps, so lookups cost one step per segment. */
export class PathWalker {
  private readonly pairTables = new WeakMap<YAMLMap, Map<string, Pair>>();

  /** Follows `under` then `segments` from `root` as far as they exist. */
  walk(
    doc: Document.Parsed,
    root: YAMLMap,
    under: readonly KeySegment[],
    segments: readonly KeySegment[] = NO_SEGMENTS,
  ): PathWalk {
    let node: unknown = root;
    let start = root.range![0];
    let end = root.range![1];
    let viaAlias = false;
    let depth = 0;
    const total = under.length + segments.length;
    for (let i = 0; i < total; i++) {
      const seg = i < under.length ? under[i]! : segments[i - under.length]!;
      if (isAlias(node)) {
        // Freeze the lines at the key that refers to the anchor (see KeyLookup.viaAlias).
        viaAlias = true;
        node = node.resolve(doc);
      }
      if ('key' in seg) {
        if (!isMap(node)) break;
        const found = this.pairOrMerged(node, seg.key, doc);
        if (!found) break;
        if (!viaAlias) [start, end] = pairOffsets(found.via ?? found.pair);
        if (found.via) viaAlias = true;
        node = found.pair.value;
      } else {
        if (!isSeq(node)) break;
        const item = selectItem(node.items, seg, doc);
        if (item === undefined) break;
        const at = (item as Node | null)?.range;
        if (!viaAlias && at) {
          start = at[0];
          end = at[1];
        }
        node = item;
      }
      depth++;
    }
    return { node, depth, start, end, viaAlias };
  }

  /** A key of a map, also looked up through `<<` merge keys as YAML 1.1 defines them. */
  private pairOrMerged(
    map: YAMLMap,
    key: string,
    doc: Document.Parsed,
  ): { pair: Pair; via?: Pair } | undefined {
    const own = this.pair(map, key);
    if (own) return { pair: own };
    const merge = this.pair(map, MERGE_KEY);
    if (!merge) return undefined;
    const sources = deref(merge.value, doc);
    for (const source of isSeq(sources) ? sources.items : [sources]) {
      const m = deref(source, doc);
      const p = isMap(m) ? this.pair(m, key) : undefined;
      if (p) return { pair: p, via: merge };
    }
    return undefined;
  }

  /** A key's pair in a map. */
  pair(map: YAMLMap, key: string): Pair | undefined {
    if (map.items.length <= SCAN_LIMIT) return scanPair(map, key);
    let table = this.pairTables.get(map);
    if (!table) {
      table = new Map();
      for (const p of map.items) {
        const k = scalarText(p.key);
        if (k !== undefined && !table.has(k)) table.set(k, p);
      }
      this.pairTables.set(map, table);
    }
    return table.get(key);
  }
}

export function deref(node: unknown, doc: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** A scalar's text; numbers and booleans as written (`name: 1234` is a valid object name). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function scanPair(map: YAMLMap, key: string): Pair | undefined {
  for (const p of map.items) if (scalarText(p.key) === key) return p;
  return undefined;
}

export function mapGet(map: unknown, key: string, doc: Document.Parsed): unknown {
  return isMap(map) ? deref(scanPair(map, key)?.value, doc) : undefined;
}

function pairOffsets(pair: Pair): [number, number] {
  const k = (pair.key as Node | null)?.range;
  const v = (pair.value as Node | null)?.range;
  const start = k?.[0] ?? v?.[0] ?? 0;
  return [start, v?.[1] ?? k?.[1] ?? start];
}

function selectItem(items: readonly unknown[], seg: KeySegment, doc: Document.Parsed): unknown {
  if ('index' in seg) return items[seg.index];
  if (!('where' in seg)) return undefined;
  for (const item of items) {
    const m = deref(item, doc);
    if (!isMap(m)) continue;
    const p = scanPair(m, seg.where);
    if (!p) continue;
    if (seg.equals === undefined || scalarText(deref(p.value, doc)) === seg.equals) return item;
  }
  return undefined;
}
