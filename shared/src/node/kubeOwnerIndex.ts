import type { KubeConfig } from '@kubernetes/client-node';
import type { ObjectRef, OwnerReference } from '../ports/clusterSource.js';
import { KubeApiError, kubeRequest } from './kubeRequest.js';

// Kinds whose owners are asked for once per report subject: a cluster with 5,000 workloads has
// 5,000 ReplicaSets, and one GET each (twice, with their Deployments) would be 10,000 requests.
const BULK_KINDS = new Set(['apps/v1/ReplicaSet', 'apps/v1/Deployment', 'batch/v1/Job', 'batch/v1/CronJob']);
const LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

type Index = Map<string, readonly OwnerReference[]>;

interface ListBody {
  metadata?: { continue?: string };
  items?: Array<{ metadata?: { name?: string; namespace?: string; ownerReferences?: unknown } }>;
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
    private readonly config: KubeConfig,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  /** Whether lookups of this kind go through a listing. */
  covers(ref: ObjectRef): boolean {
    return BULK_KINDS.has(`${ref.apiVersion}/${ref.kind}`);
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
    const index = this.list(ref.apiVersion, plural, namespace).catch((err: unknown) => {
      // Forbidden stays "no index" for the TTL; anything else may be passing, so is not kept.
      if (!(err instanceof KubeApiError && err.status === 403)) this.indexes.delete(key);
      return undefined;
    });
    this.indexes.set(key, { at: Date.now(), index });
    return index;
  }

  private async list(apiVersion: string, plural: string, namespace: string | undefined): Promise<Index> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const path = `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}`;
    const index: Index = new Map();
    let token: string | undefined;
    do {
      const body = (await kubeRequest(this.config, path, {
        query: { limit: 500, continue: token },
        accept: LIST_ACCEPT,
      })) as ListBody;
      for (const item of body.items ?? []) {
        const m = item.metadata;
        if (!m?.name) continue;
        const refs = Array.isArray(m.ownerReferences) ? m.ownerReferences.filter(isOwnerReference) : [];
        index.set(`${m.namespace ?? ''}/${m.name}`, refs.map(leanOwner));
      }
      token = body.metadata?.continue || undefined;
    } while (token);
    return index;
  }
}

export function isOwnerReference(v: unknown): v is OwnerReference {
  const o = v as Partial<OwnerReference> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.apiVersion === 'string' &&
    typeof o.kind === 'string' &&
    typeof o.name === 'string'
  );
}

/** Only what owner resolution reads; the listing may come with the whole object. */
function leanOwner(o: OwnerReference): OwnerReference {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.name,
    ...(o.controller !== undefined ? { controller: o.controller } : {}),
  };
}
