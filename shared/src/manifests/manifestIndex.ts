import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { line1, type Line1, type LineRange } from '../model/lines.js';
import type { Problem } from '../model/problem.js';
import { nestingFault, notTextFault } from '../text/inputGuard.js';
import { yamlDocuments } from '../text/yamlLayout.js';
import { parseKeyPath, type KeySegment } from './keyPath.js';
import { deref, mapGet, PathWalker, scalarText } from './pathWalker.js';
import {
  CONTAINER_LISTS,
  FALLBACK_TEMPLATE_PATHS,
  podTemplatePath,
  type ContainerList,
} from './podTemplates.js';

/** One Kubernetes object of a manifest file: a YAML document, or one item of a `List` document. */
export interface ManifestObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  /** Absent when the manifest leaves it to `kubectl -n` / kustomize / Helm, which is common. */
  readonly namespace?: string;
  readonly name?: string;
  /** The lines of the object, comments before it excluded. */
  readonly range: LineRange;
  /** The line of `metadata.name`, else the object's first line: where a finding about the whole object goes. */
  readonly nameLine: Line1;
  /** 0-based position of the YAML document in the file. */
  readonly documentIndex: number;
  /** Position in `items` when the object is an item of a `List` document. */
  readonly listIndex?: number;
}

/** Where a key path leads inside an object; 1-based lines. */
export interface KeyLookup extends LineRange {
  /**
   * The line to point at: the deepest key found (for a sequence item, the item's first line).
   * `startLine`/`endLine` span that key and its value.
   */
  readonly line: Line1;
  /** True when the whole path exists; false when this is the nearest existing parent. */
  readonly found: boolean;
  /** How many segments of the path were matched (the path's length when `found`). */
  readonly depth: number;
  /**
   * True when the path runs through an alias (`*name`) or a merge key (`<<`). The lines are then
   * those of the key that refers to the alias, so a finding about one container never lands in
   * another container that happens to hold the anchor.
   */
  readonly viaAlias: boolean;
}

/** A container entry of an object's pod spec. */
export interface ContainerEntry {
  readonly name?: string;
  readonly list: ContainerList;
  /** Path of the entry from the object's root, e.g. `spec.template.spec.containers[name=web]`. */
  readonly path: readonly KeySegment[];
  readonly range: LineRange;
}

/** Identity of an object as findings carry it (`Finding.resource`). */
export interface ObjectIdentity {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The objects of one manifest file with their lines, and lookups inside them. */
export interface ManifestIndex {
  /** The file the index was built from, as the caller named it. */
  readonly path: string;
  /** Objects in file order. */
  readonly objects: readonly ManifestObject[];
  /** Documents that were skipped (malformed YAML) or read only in part. */
  readonly problems: readonly Problem[];
  /** Number of lines of the text. */
  readonly lineCount: number;
  /**
   * Objects with this kind and name. Namespace rule: a manifest without `metadata.namespace`
   * matches any namespace (manifests usually leave it to `kubectl -n`, kustomize or Helm), and a
   * finding without a namespace matches any manifest; otherwise they must be equal. Objects whose
   * namespace equals the finding's come first. Kind compares case-insensitively.
   */
  find(identity: ObjectIdentity): readonly ManifestObject[];
  /** The object whose lines contain `line`. */
  objectAt(line: Line1): ManifestObject | undefined;
  /**
   * Resolves a key path (string or parsed) inside an object, below `under` when given (a parsed
   * prefix such as a container's path; depths then count it too). `undefined` for a malformed path.
   * Costs one step per segment: nothing is re-parsed.
   */
  lookup(
    object: ManifestObject,
    path: string | readonly KeySegment[],
    under?: readonly KeySegment[],
  ): KeyLookup | undefined;
  /** Path of the object's pod spec (`spec.template.spec` for a Deployment …); `undefined` when it has none. */
  podSpecPath(object: ManifestObject): readonly KeySegment[] | undefined;
  /** The object's containers, init containers and ephemeral containers. */
  containers(object: ManifestObject): readonly ContainerEntry[];
}

interface ObjectData {
  readonly doc: Document.Parsed;
  readonly node: YAMLMap;
  podSpec?: readonly KeySegment[] | null;
  containers?: readonly ContainerEntry[];
}

const NO_SEGMENTS: readonly KeySegment[] = [];

/**
 * Builds the index of a manifest file from its text in one pass over `parseAllDocuments`. Never
 * throws: malformed documents are skipped with a problem and the others are still indexed.
 */
export function buildManifestIndex(text: string, path = ''): ManifestIndex {
  const guard = guarded(text, path);
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(guard.text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  return new Index(guard.text, path, Array.isArray(docs) ? docs : [docs], lineCounter, guard.problems);
}

/**
 * The text the parser may have (see `text/inputGuard.ts`): nothing when it is not text, and
 * documents nested too deep blanked out, their line breaks and `---` markers kept so that lines
 * and document positions stay those of the file.
 */
function guarded(text: string, path: string): { text: string; problems: Problem[] } {
  const notText = notTextFault(text);
  if (notText)
    return {
      text: '',
      problems: [{ level: 'error', message: notText.message, source: path, line: line1(1) }],
    };
  // One scan of the whole text is enough in the usual case (the scan starts afresh at each
  // `---`); only a text that is too deep somewhere is looked at document by document.
  if (!nestingFault(text, 'yaml')) return { text, problems: [] };
  const problems: Problem[] = [];
  let out = text;
  for (const doc of yamlDocuments(text)) {
    const deep = nestingFault(text, 'yaml', doc.start, doc.end);
    if (!deep) continue;
    problems.push({
      level: 'error',
      message: `${deep.message}, document skipped`,
      source: path,
      line: line1(deep.line ?? doc.line),
    });
    const blank = text
      .slice(doc.start, doc.end)
      .replace(
        /^(---|\.\.\.)?[^\n]*/gm,
        (line, marker: string | undefined) =>
          (marker ?? '') + ' '.repeat(line.length - (marker?.length ?? 0)),
      );
    out = out.slice(0, doc.start) + blank + out.slice(doc.end);
  }
  return { text: out, problems };
}

class Index implements ManifestIndex {
  readonly objects: ManifestObject[] = [];
  readonly problems: Problem[] = [];
  readonly lineCount: number;
  private readonly data = new Map<ManifestObject, ObjectData>();
  private readonly byKindName = new Map<string, ManifestObject[]>();
  private readonly walker = new PathWalker();

  constructor(
    private readonly text: string,
    readonly path: string,
    docs: readonly Document.Parsed[],
    private readonly lines: LineCounter,
    guardProblems: readonly Problem[],
  ) {
    this.lineCount = lines.lineStarts.length;
    this.problems.push(...guardProblems);
    docs.forEach((doc, i) => this.addDocument(doc, i));
  }

  find(identity: ObjectIdentity): readonly ManifestObject[] {
    const all = this.byKindName.get(kindNameKey(identity.kind, identity.name));
    if (!all) return [];
    const ns = identity.namespace;
    if (ns === undefined) return all;
    if (all.length === 1) return all[0]!.namespace === undefined || all[0]!.namespace === ns ? all : [];
    const exact = all.filter((o) => o.namespace === ns);
    const open = all.filter((o) => o.namespace === undefined);
    return exact.length === 0 ? open : open.length === 0 ? exact : [...exact, ...open];
  }

  objectAt(line: Line1): ManifestObject | undefined {
    // Objects are in file order and do not overlap: binary search on the first line.
    let lo = 0;
    let hi = this.objects.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.objects[mid]!;
      if (line < o.range.startLine) hi = mid - 1;
      else if (line > o.range.endLine) lo = mid + 1;
      else return o;
    }
    return undefined;
  }

  lookup(
    object: ManifestObject,
    path: string | readonly KeySegment[],
    under: readonly KeySegment[] = NO_SEGMENTS,
  ): KeyLookup | undefined {
    const data = this.data.get(object);
    const segments = typeof path === 'string' ? parseKeyPath(path) : path;
    if (!data || !segments) return undefined;
    const w = this.walker.walk(data.doc, data.node, under, segments);
    const line = this.lineOf(w.start);
    return {
      startLine: line,
      endLine: this.endLineOf(w.start, w.end),
      line,
      found: w.depth === under.length + segments.length,
      depth: w.depth,
      viaAlias: w.viaAlias,
    };
  }

  podSpecPath(object: ManifestObject): readonly KeySegment[] | undefined {
    const data = this.data.get(object);
    if (!data) return undefined;
    if (data.podSpec === undefined) data.podSpec = this.findPodSpec(object, data);
    return data.podSpec ?? undefined;
  }

  containers(object: ManifestObject): readonly ContainerEntry[] {
    const data = this.data.get(object);
    if (!data) return [];
    if (data.containers) return data.containers;
    const entries: ContainerEntry[] = [];
    const spec = this.podSpecPath(object);
    if (spec) {
      for (const list of CONTAINER_LISTS) {
        const listPath = [...spec, { key: list }];
        const w = this.walker.walk(data.doc, data.node, listPath);
        const seq = deref(w.node, data.doc);
        if (w.depth !== listPath.length || !isSeq(seq)) continue;
        seq.items.forEach((item, index) => {
          const name = scalarText(mapGet(deref(item, data.doc), 'name', data.doc));
          const at = (item as Node | null)?.range;
          if (!at) return;
          entries.push({
            ...(name === undefined ? {} : { name }),
            list,
            path: [...listPath, name === undefined ? { index } : { where: 'name', equals: name }],
            range: this.range(at[0], at[1]),
          });
        });
      }
    }
    data.containers = entries;
    return entries;
  }

  private addDocument(doc: Document.Parsed, documentIndex: number): void {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      this.problems.push({
        level: 'error',
        message: `malformed YAML, document ${documentIndex + 1} skipped: ${e.message.split('\n')[0]}`,
        source: this.path,
        line: this.lineOf(e.pos[0]),
      });
      return;
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return; // empty document
    if (!isMap(root)) {
      this.problems.push({
        level: 'warning',
        message: `document ${documentIndex + 1} is not a mapping, so not a Kubernetes object; ignored`,
        source: this.path,
        line: this.lineOf(root.range?.[0] ?? 0),
      });
      return;
    }
    const kind = scalarText(mapGet(root, 'kind', doc));
    const items = kind?.endsWith('List') ? deref(mapGet(root, 'items', doc), doc) : undefined;
    if (isSeq(items)) {
      // `kubectl get -o yaml` lists: each item is an object; typed lists may leave out the item kind.
      const itemKind = kind === 'List' ? undefined : kind!.slice(0, -'List'.length);
      items.items.forEach((item, listIndex) => {
        const node = deref(item, doc);
        if (isMap(node)) this.addObject(doc, node, documentIndex, listIndex, itemKind);
      });
      return;
    }
    this.addObject(doc, root, documentIndex, undefined, undefined);
  }

  private addObject(
    doc: Document.Parsed,
    node: YAMLMap,
    documentIndex: number,
    listIndex: number | undefined,
    defaultKind: string | undefined,
  ): void {
    const at = node.range;
    if (!at) return;
    const metadata = deref(mapGet(node, 'metadata', doc), doc);
    const namePair = isMap(metadata) ? this.walker.pair(metadata, 'name') : undefined;
    const apiVersion = scalarText(mapGet(node, 'apiVersion', doc));
    const kind = scalarText(mapGet(node, 'kind', doc)) ?? defaultKind;
    const name = scalarText(deref(namePair?.value, doc));
    const namespace = isMap(metadata) ? scalarText(mapGet(metadata, 'namespace', doc)) : undefined;
    const range = this.range(at[0], at[1]);
    const keyAt = (namePair?.key as Node | null | undefined)?.range?.[0];
    const object: ManifestObject = {
      ...(apiVersion === undefined ? {} : { apiVersion }),
      ...(kind === undefined ? {} : { kind }),
      ...(namespace === undefined ? {} : { namespace }),
      ...(name === undefined ? {} : { name }),
      range,
      nameLine: keyAt === undefined ? range.startLine : this.lineOf(keyAt),
      documentIndex,
      ...(listIndex === undefined ? {} : { listIndex }),
    };
    this.objects.push(object);
    this.data.set(object, { doc, node });
    if (kind !== undefined && name !== undefined) {
      const key = kindNameKey(kind, name);
      const list = this.byKindName.get(key);
      if (list) list.push(object);
      else this.byKindName.set(key, [object]);
    }
  }

  private findPodSpec(object: ManifestObject, data: ObjectData): readonly KeySegment[] | null {
    const known = podTemplatePath(object.kind);
    for (const template of known ? [known] : FALLBACK_TEMPLATE_PATHS) {
      const spec = [...template, { key: 'spec' }];
      const w = this.walker.walk(data.doc, data.node, spec);
      const node = deref(w.node, data.doc);
      // A known kind's spec path is right even when the spec is still empty; a guess must hold containers.
      if (
        w.depth === spec.length &&
        isMap(node) &&
        (known || mapGet(node, 'containers', data.doc) !== undefined)
      )
        return spec;
    }
    return null;
  }

  private range(start: number, end: number): LineRange {
    return { startLine: this.lineOf(start), endLine: this.endLineOf(start, end) };
  }

  private endLineOf(start: number, end: number): Line1 {
    // Node ends include the line break and blank lines that follow; point at the last character.
    let e = end;
    while (e > start && isSpace(this.text.charCodeAt(e - 1))) e--;
    return this.lineOf(Math.max(start, e - 1));
  }

  private lineOf(offset: number): Line1 {
    return line1(this.lines.linePos(offset).line);
  }
}

function kindNameKey(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
