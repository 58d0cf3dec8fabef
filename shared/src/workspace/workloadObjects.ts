import type { ManifestObject } from '../manifests/manifestIndex.js';

/** A manifest object of a workspace file. */
export interface WorkspaceObject {
  readonly path: string;
  readonly object: ManifestObject;
  /** Position of the object in its file's `objects`: the same object in a rebuilt index. */
  readonly position: number;
}

/** An identity to look up: a workload, or any object a finding names. */
export interface ObjectRefLike {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * The named objects of every workspace file by kind and name, so that a workload's manifests are
 * found in constant time however many files there are. Updated file by file.
 *
 * Namespace rule: an object with `metadata.namespace` matches only that namespace. An object
 * without one is applied to the context's default namespace (`defaultNamespace`); when that is not
 * known it matches any namespace, as `ManifestIndex.find` does within one file. An identity
 * without a namespace (a cluster-scoped object, a finding that names none) matches any object.
 * Kind compares case-insensitively, as in `ManifestIndex.find`.
 */
export class WorkloadObjectIndex {
  private readonly byKindName = new Map<string, WorkspaceObject[]>();

  /** Adds the named objects of a file. */
  add(path: string, objects: readonly ManifestObject[]): void {
    objects.forEach((object, position) => {
      if (object.kind === undefined || object.name === undefined) return;
      const key = kindNameKey(object.kind, object.name);
      const entry: WorkspaceObject = { path, object, position };
      const list = this.byKindName.get(key);
      if (list) list.push(entry);
      else this.byKindName.set(key, [entry]);
    });
  }

  /** Removes what {@link add} added for the file. */
  remove(path: string, objects: readonly ManifestObject[]): void {
    for (const key of kindNameKeys(objects)) {
      const list = this.byKindName.get(key);
      if (!list) continue;
      const kept = list.filter((e) => e.path !== path);
      if (kept.length === 0) this.byKindName.delete(key);
      else this.byKindName.set(key, kept);
    }
  }

  /** Objects that stand for `ref`, those whose namespace equals its namespace first. */
  find(ref: ObjectRefLike, defaultNamespace: string | undefined): readonly WorkspaceObject[] {
    const all = this.byKindName.get(kindNameKey(ref.kind, ref.name));
    if (!all) return NONE;
    const ns = ref.namespace;
    if (ns === undefined) return all;
    const exact: WorkspaceObject[] = [];
    const open: WorkspaceObject[] = [];
    for (const e of all) {
      const own = e.object.namespace;
      if (own === ns) exact.push(e);
      else if (own === undefined && (defaultNamespace === undefined || defaultNamespace === ns)) open.push(e);
    }
    return open.length === 0 ? exact : [...exact, ...open];
  }

  /** Named objects held. */
  get size(): number {
    let n = 0;
    for (const list of this.byKindName.values()) n += list.length;
    return n;
  }
}

const NONE: readonly WorkspaceObject[] = [];

/** `deployment/web`: kind (lower case) and name, the key objects and identities meet on. */
export function kindNameKey(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

/** The distinct {@link kindNameKey}s of a file's named objects. */
export function kindNameKeys(objects: readonly ManifestObject[]): Set<string> {
  const keys = new Set<string>();
  for (const o of objects)
    if (o.kind !== undefined && o.name !== undefined) keys.add(kindNameKey(o.kind, o.name));
  return keys;
}
