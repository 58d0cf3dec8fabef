import type { Finding } from '../model/finding.js';

type Plain = Record<string, unknown>;

/**
 * Turns reader output into the lean findings the store keeps: the parts that repeat across
 * reports shared rather than copied — reference lists, package objects, CVSS lists, artifacts. A
 * vulnerability found in one image is usually found in every workload that runs that image, so
 * most of a cluster's findings differ only in `resource` and `origin`.
 *
 * Strings are not its business: the readers intern them as they read, into the store's pool
 * (the `strings` of their `ReadContext`), so equal texts are already one string here — which is
 * also what lets lists and objects be compared element by element with `===`.
 *
 * Generic over the fields (not a fixed list), so a field added to the model later is kept, just
 * not shared.
 */
export class FindingCompactor {
  // kind of list → first element → lists seen with that head
  private sharedArrays = new Map<string, Map<unknown, unknown[][]>>();
  // kind of object → name (or digest) → version (or tag) → objects seen
  private sharedObjects = new Map<string, Map<unknown, Map<unknown, Plain[]>>>();
  // Objects a reader shares between the findings of one report (resource, origin, artifact)
  // must stay shared; keyed by the reader's object, so weak.
  private done = new WeakMap<object, unknown>();

  /** A compacted copy of `f`. */
  compact(f: Finding): Finding {
    return new (LeanFinding as unknown as new (f: Finding, c: FindingCompactor) => Finding)(f, this);
  }

  /** @internal the compacted value of one field. */
  value0(key: string, v: unknown, id: string): unknown {
    return typeof v === 'object' && v !== null ? this.field(key, v, id) : v;
  }

  /** Forgets the shared lists and objects, e.g. when most of what they came from was deleted. */
  reset(): void {
    this.sharedArrays.clear();
    this.sharedObjects.clear();
    this.done = new WeakMap();
  }

  private field(key: string, v: object, id: string): unknown {
    const known = this.done.get(v);
    if (known !== undefined) return known;
    let result: unknown;
    if (Array.isArray(v)) {
      // CVSS lists repeat per vulnerability id; string lists (references, aliases) by their head.
      result = v.length === 0 ? EMPTY : this.shareArray(key, key === 'cvss' ? id : v[0], v);
    } else {
      result = key === 'package' || key === 'artifact' ? this.shareObject(key, v as Plain) : v;
    }
    this.done.set(v, result);
    return result;
  }

  private shareArray(kind: string, head: unknown, arr: unknown[]): unknown[] {
    let byHead = this.sharedArrays.get(kind);
    if (!byHead) this.sharedArrays.set(kind, (byHead = new Map()));
    const bucket = byHead.get(head);
    if (!bucket) {
      byHead.set(head, [arr]);
      return arr;
    }
    for (const candidate of bucket) if (sameArray(candidate, arr)) return candidate;
    bucket.push(arr);
    return arr;
  }

  private shareObject(kind: string, obj: Plain): Plain {
    let byName = this.sharedObjects.get(kind);
    if (!byName) this.sharedObjects.set(kind, (byName = new Map()));
    const name = obj.name ?? obj.digest ?? obj.repository;
    let byVersion = byName.get(name);
    if (!byVersion) byName.set(name, (byVersion = new Map()));
    const version = obj.installedVersion ?? obj.tag;
    const bucket = byVersion.get(version);
    if (!bucket) {
      byVersion.set(version, [obj]);
      return obj;
    }
    for (const candidate of bucket) if (sameShallow(candidate, obj)) return candidate;
    bucket.push(obj);
    return obj;
  }
}

/**
 * The stored form of a finding: a constructor that assigns each field by name, so V8 sizes its
 * objects to hold the fields in the object itself (it counts the assignments) rather than
 * spilling the fields a reader added after its literal into a separate property array — 30-60
 * bytes a finding, on hundreds of thousands of them. Fields the model gains later still come
 * across through the loop at the end.
 */
function LeanFinding(this: Plain, f: FindingFields, c: FindingCompactor): void {
  if (f.type !== undefined) this.type = c.value0('type', f.type, f.id);
  if (f.id !== undefined) this.id = c.value0('id', f.id, f.id);
  if (f.aliases !== undefined) this.aliases = c.value0('aliases', f.aliases, f.id);
  if (f.severity !== undefined) this.severity = c.value0('severity', f.severity, f.id);
  if (f.title !== undefined) this.title = c.value0('title', f.title, f.id);
  if (f.description !== undefined) this.description = c.value0('description', f.description, f.id);
  if (f.message !== undefined) this.message = c.value0('message', f.message, f.id);
  if (f.resolution !== undefined) this.resolution = c.value0('resolution', f.resolution, f.id);
  if (f.primaryUrl !== undefined) this.primaryUrl = c.value0('primaryUrl', f.primaryUrl, f.id);
  if (f.references !== undefined) this.references = c.value0('references', f.references, f.id);
  if (f.package !== undefined) this.package = c.value0('package', f.package, f.id);
  if (f.cvss !== undefined) this.cvss = c.value0('cvss', f.cvss, f.id);
  if (f.target !== undefined) this.target = c.value0('target', f.target, f.id);
  if (f.resource !== undefined) this.resource = c.value0('resource', f.resource, f.id);
  if (f.artifact !== undefined) this.artifact = c.value0('artifact', f.artifact, f.id);
  if (f.location !== undefined) this.location = c.value0('location', f.location, f.id);
  if (f.cause !== undefined) this.cause = c.value0('cause', f.cause, f.id);
  if (f.match !== undefined) this.match = c.value0('match', f.match, f.id);
  if (f.category !== undefined) this.category = c.value0('category', f.category, f.id);
  if (f.publishedDate !== undefined) this.publishedDate = c.value0('publishedDate', f.publishedDate, f.id);
  if (f.lastModifiedDate !== undefined)
    this.lastModifiedDate = c.value0('lastModifiedDate', f.lastModifiedDate, f.id);
  if (f.outcome !== undefined) this.outcome = c.value0('outcome', f.outcome, f.id);
  if (f.origin !== undefined) this.origin = c.value0('origin', f.origin, f.id);
  if (f.suppressed !== undefined) this.suppressed = c.value0('suppressed', f.suppressed, f.id);
  for (const key in f) if (!KNOWN.has(key) && f[key] !== undefined) this[key] = c.value0(key, f[key], f.id);
}

// Its objects are plain objects (prototype Object.prototype, as a literal's): a host hands stored
// findings to a webview or a Lens panel as they are, and a structured clone or a deep comparison
// must see the same thing a reader's finding is. V8 still sizes them by this constructor.
LeanFinding.prototype = Object.prototype;

type FindingFields = Finding & Plain;
const KNOWN = new Set<string>([
  'type',
  'id',
  'aliases',
  'severity',
  'title',
  'description',
  'message',
  'resolution',
  'primaryUrl',
  'references',
  'package',
  'cvss',
  'target',
  'resource',
  'artifact',
  'location',
  'cause',
  'match',
  'category',
  'publishedDate',
  'lastModifiedDate',
  'outcome',
  'origin',
  'suppressed',
]);

const EMPTY: unknown[] = Object.freeze([]) as unknown as unknown[];

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) || Array.isArray(y) || !sameShallow(x as Plain, y as Plain)) return false;
  }
  return true;
}

function sameShallow(a: Plain, b: Plain): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}
