import { builtinWorkloadKind } from '../model/workloadKinds.js';
import { KubeApiError } from '../kubeApi/kubeApiError.js';
import { resourcePath } from '../kubeApi/kubeApiPath.js';
import { listPages } from '../kubeApi/kubeListPages.js';
import type { MetadataAccept } from '../kubeApi/kubeMetadataAccept.js';
import { isOwnerReference } from '../kubeApi/kubeObjects.js';
import type { ObjectRef, OwnerReference } from '../ports/clusterSource.js';
import type { KubeTransport } from '../ports/kubeTransport.js';

type Index = Map<string, readonly OwnerReference[]>;

interface ListedItem {
  metadata?: { name?: unknown; namespace?: unknown; ownerReferences?: unknown };
}

/**
 * Owner references of whole kinds, listed in bulk (metadata only, paged) and kept for `ttlMs`, so
 * owner resolution of thousands of reports costs a few lists instead of a GET per object. Lists
 * all namespaces when allowed, else the one namespace asked about; `undefined` when neither is
 * allowed, and the caller falls back to one GET per object. An object missing from a listing
 * (created after it) is also left to a GET.
 */
export class KubeOwnerIndex {
  private readonly indexes = new Map<string, { at: number; index: Promise<Index | undefined> }>();

  constructor(
    private readonly transport: KubeTransport,
    private readonly accept: MetadataAccept,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  /**
   * Whether lookups of this kind go through a listing (`ownersListedInBulk` in the workload kind
   * table): a cluster with 5,000 workloads has 5,000 ReplicaSets, and one GET each (twice, with
   * their Deployments) would be 10,000 requests.
   */
  covers(ref: ObjectRef): boolean {
    return builtinWorkloadKind(ref.apiVersion, ref.kind)?.ownersListedInBulk === true;
  }

  /** The owners from a listing; `undefined` when no listing holds the object. */
  async lookup(ref: ObjectRef, plural: string): Promise<readonly OwnerReference[] | undefined> {
    const key = `${ref.namespace ?? ''}/${ref.name}`;
    const all = await this.index(ref, plural, undefined);
    if (all) return all.get(key);
    const own = ref.namespace ? await this.index(ref, plural, ref.namespace) : undefined;
    return own?.get(key);
  }

  private index(ref: ObjectRef, plural: string, namespace: string | undefined): Promise<Index | undefined> {
    const key = `${ref.apiVersion}/${ref.kind}/${namespace ?? '*'}`;
    const cached = this.indexes.get(key);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.index;
    const path = resourcePath({ apiVersion: ref.apiVersion, plural, ...(namespace ? { namespace } : {}) });
    const index = this.list(path)
      .catch((err: unknown) => (this.accept.refusedBy(err) ? this.list(path) : Promise.reject(err)))
      .catch((err: unknown) => {
        // Forbidden stays "no index" for the TTL; anything else may be passing, so is not kept.
        if (!(err instanceof KubeApiError && err.status === 403)) this.indexes.delete(key);
        return undefined;
      });
    this.indexes.set(key, { at: Date.now(), index });
    return index;
  }

  private async list(path: string): Promise<Index> {
    const index: Index = new Map();
    for await (const page of listPages<ListedItem>(this.transport, path, {
      limit: 500,
      accept: this.accept.header(true),
    })) {
      for (const item of page.items) {
        const m = item?.metadata;
        if (typeof m?.name !== 'string') continue;
        const refs = Array.isArray(m.ownerReferences) ? m.ownerReferences.filter(isOwnerReference) : [];
        const ns = typeof m.namespace === 'string' ? m.namespace : '';
        index.set(`${ns}/${m.name}`, refs.map(leanOwner));
      }
    }
    return index;
  }
}

/** Only what owner resolution reads; the listing may come with the whole object. */
function leanOwner(o: OwnerReference): OwnerReference {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.name,
    ...(typeof o.controller === 'boolean' ? { controller: o.controller } : {}),
  };
}
