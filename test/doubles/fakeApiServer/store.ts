import { randomUUID } from 'node:crypto';
import { alreadyExists, conflict, notFound } from './status.js';
import type { KubeObj, ResourceType } from './types.js';
import { groupVersion, nowTimestamp, storageKey } from './types.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One write, as the watch cache remembers it. */
export interface StoreEvent {
  readonly rv: number;
  readonly type: EventType;
  /** Storage key (`group/plural`). */
  readonly key: string;
  /** The object after the write; for DELETED the last state, with the deletion's resourceVersion. */
  readonly object: KubeObj;
  /** The object before the write (MODIFIED, DELETED), for snapshots and selector transitions. */
  readonly previous: KubeObj | undefined;
}

/** Options of a create: seeding keeps identity fields (uid, creationTimestamp) the object brings. */
export interface CreateOptions {
  readonly seed?: boolean;
}

// generateName suffix alphabet and length of apiserver's `names.SimpleNameGenerator`.
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return s;
}

function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Fields whose change does not bump `metadata.generation` (as for CRs with a status subresource). */
function specPart(obj: KubeObj): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}

/** Custom resources and objects with a controller-observed spec count generations; Pods, ConfigMaps, RBAC objects do not (v1.32). */
function hasGeneration(rt: ResourceType): boolean {
  return (
    rt.crd !== undefined || ['apps', 'batch', 'apiextensions.k8s.io', 'networking.k8s.io'].includes(rt.group)
  );
}

function withoutVolatile(obj: KubeObj): string {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return JSON.stringify({ ...obj, metadata: meta });
}

/**
 * Objects returned by reads and writes are the stored ones, shared with the history and open
 * watches: callers serialise them or copy before changing anything (writes clone their input,
 * so stored objects never alias a caller's). Cloning on every read made large lists slow.
 *
 * All objects plus a bounded history of writes, like etcd behind the watch cache: one global,
 * monotonic resourceVersion; objects ordered by `namespace/name` as etcd orders keys; events
 * older than the history window are forgotten (compacted), which is what makes old
 * resourceVersions answer 410 Gone.
 */
export class ObjectStore {
  private rv = 100;
  /** Every event with rv <= this is forgotten; resourceVersions below it are expired. */
  private compactedRv = 100;
  /** The same per storage key, for resources compacted alone (`compact(key)`). */
  private readonly compactedRvOf = new Map<string, number>();
  private readonly objects = new Map<string, Map<string, KubeObj>>();
  private history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(private readonly historyLimit: number) {}

  get currentRv(): number {
    return this.rv;
  }

  /** The oldest resourceVersion from which the history of a storage key is complete. */
  oldestRv(key: string): number {
    return Math.max(this.compactedRv, this.compactedRvOf.get(key) ?? 0);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObj | undefined {
    const found = this.objects
      .get(storageKey(rt))
      ?.get(objectKey(rt.namespaced ? namespace : undefined, name));
    return found;
  }

  /** Current objects of a resource, in key order, optionally in one namespace. */
  list(rt: ResourceType, namespace?: string): KubeObj[] {
    return this.sorted(this.objects.get(storageKey(rt)) ?? new Map(), namespace);
  }

  /**
   * The objects as they were at `rv` (for `resourceVersionMatch=Exact` and continue tokens),
   * rebuilt by undoing later writes; undefined when `rv` is outside the history window.
   */
  listAt(rt: ResourceType, rv: number, namespace?: string): KubeObj[] | undefined {
    const key = storageKey(rt);
    if (rv < this.oldestRv(key) || rv > this.rv) return undefined;
    const state = new Map(this.objects.get(key) ?? new Map<string, KubeObj>());
    for (let i = this.history.length - 1; i >= 0; i--) {
      const event = this.history[i];
      if (!event || event.rv <= rv) break;
      if (event.key !== key) continue;
      const k = objectKey(event.object.metadata.namespace, event.object.metadata.name ?? '');
      if (event.type === 'ADDED') state.delete(k);
      else if (event.previous) state.set(k, event.previous);
    }
    return this.sorted(state, namespace);
  }

  /** Events after `rv` for one storage key; undefined when history no longer reaches back to `rv`. */
  eventsSince(key: string, rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestRv(key)) return undefined;
    return this.history.filter((e) => e.rv > rv && e.key === key);
  }

  create(rt: ResourceType, input: KubeObj, options: CreateOptions = {}): KubeObj {
    const meta = { ...input.metadata };
    let name = meta.name;
    if (!name && meta.generateName) {
      // The real server retries a taken generated name only a few times too; collisions are rare.
      do name = meta.generateName + randomSuffix();
      while (this.get(rt, meta.namespace, name));
    }
    if (!name) throw new Error('name is required');
    const key = storageKey(rt);
    const k = objectKey(rt.namespaced ? meta.namespace : undefined, name);
    const bucket = this.objects.get(key) ?? new Map<string, KubeObj>();
    if (bucket.has(k)) throw alreadyExists(rt.group, rt.plural, name);
    const rv = this.rv + 1;
    const obj: KubeObj = structuredClone({
      ...input,
      apiVersion: groupVersion(rt.group, rt.version),
      kind: rt.kind,
      metadata: {
        ...meta,
        name,
        ...(rt.namespaced ? { namespace: meta.namespace } : {}),
        uid: options.seed && meta.uid ? meta.uid : randomUUID(),
        resourceVersion: String(rv),
        creationTimestamp:
          options.seed && meta.creationTimestamp ? String(meta.creationTimestamp) : nowTimestamp(),
        ...(hasGeneration(rt) ? { generation: 1 } : {}),
      },
    });
    if (!rt.namespaced) delete obj.metadata.namespace;
    bucket.set(k, obj);
    this.objects.set(key, bucket);
    this.record({ rv, type: 'ADDED', key, object: obj, previous: undefined });
    return obj;
  }

  /** A PUT: optimistic concurrency on `metadata.resourceVersion` when the caller sends one. */
  update(rt: ResourceType, input: KubeObj): KubeObj {
    const name = input.metadata.name ?? '';
    const key = storageKey(rt);
    const k = objectKey(rt.namespaced ? input.metadata.namespace : undefined, name);
    const existing = this.objects.get(key)?.get(k);
    if (!existing) throw notFound(rt.group, rt.plural, name);
    const sentRv = input.metadata.resourceVersion;
    if (sentRv !== undefined && sentRv !== '' && sentRv !== existing.metadata.resourceVersion) {
      throw conflict(rt.group, rt.plural, name);
    }
    const next: KubeObj = structuredClone({
      ...input,
      apiVersion: groupVersion(rt.group, rt.version),
      kind: rt.kind,
      metadata: {
        ...input.metadata,
        uid: existing.metadata.uid,
        creationTimestamp: existing.metadata.creationTimestamp,
        ...(existing.metadata.generation !== undefined ? { generation: existing.metadata.generation } : {}),
        resourceVersion: existing.metadata.resourceVersion,
      },
    });
    if (!rt.namespaced) delete next.metadata.namespace;
    // A write that changes nothing is not a write: no new resourceVersion, no event.
    if (withoutVolatile(next) === withoutVolatile(existing)) return existing;
    if (existing.metadata.generation !== undefined && specPart(next) !== specPart(existing)) {
      next.metadata.generation = existing.metadata.generation + 1;
    }
    const rv = this.rv + 1;
    next.metadata.resourceVersion = String(rv);
    this.objects.get(key)?.set(k, next);
    this.record({ rv, type: 'MODIFIED', key, object: next, previous: existing });
    return next;
  }

  delete(rt: ResourceType, namespace: string | undefined, name: string): KubeObj {
    const key = storageKey(rt);
    const k = objectKey(rt.namespaced ? namespace : undefined, name);
    const existing = this.objects.get(key)?.get(k);
    if (!existing) throw notFound(rt.group, rt.plural, name);
    this.objects.get(key)?.delete(k);
    const rv = this.rv + 1;
    // etcd's delete event carries the last state at the deletion's revision.
    const gone: KubeObj = { ...existing, metadata: { ...existing.metadata, resourceVersion: String(rv) } };
    this.record({ rv, type: 'DELETED', key, object: gone, previous: existing });
    return gone;
  }

  /**
   * Forgets history and moves the resourceVersion on, as writes to other resources and an etcd
   * compaction would: every resourceVersion a client holds is now expired. With a storage key
   * (`group/plural`), only that resource's history, as when its own watch cache fills up
   * (apiserver keeps one cache per resource): watches of other resources resume as before.
   */
  compact(key?: string): void {
    this.rv += 1;
    if (key === undefined) {
      this.compactedRv = this.rv;
      this.history = [];
    } else {
      this.compactedRvOf.set(key, this.rv);
      this.history = this.history.filter((e) => e.key !== key);
    }
  }

  private record(event: StoreEvent): void {
    this.rv = event.rv;
    this.history.push(event);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift();
      if (dropped) this.compactedRv = dropped.rv;
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  private sorted(bucket: Map<string, KubeObj>, namespace: string | undefined): KubeObj[] {
    const keys = [...bucket.keys()].filter((k) => namespace === undefined || k.startsWith(`${namespace}/`));
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return keys.map((k) => bucket.get(k) as KubeObj);
  }
}
