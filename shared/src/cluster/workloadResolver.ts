import type { ResourceRef } from '../model/finding.js';
import { workloadKindOf } from '../model/workloadKinds.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import type { ObjectRef, OwnerReference } from '../ports/clusterSource.js';
import { inferWorkload, resolveWorkload } from '../workloads/ownerResolution.js';

/**
 * Maps the object a report is about (a ReplicaSet, a Job, a Pod) to the workload a person thinks
 * in (its Deployment, CronJob …). The store asks {@link infer} first, so a report is shown at once,
 * then {@link resolve}, and moves the findings when the owners read from the cluster say otherwise.
 */
export interface WorkloadResolver {
  /** Best guess without asking the cluster (names, labels); `inferred: true` when guessed. */
  infer(resource: ResourceRef): WorkloadRef;
  /**
   * The workload from `ownerReferences` read from the cluster, or `undefined` (synchronously)
   * when there is nothing to look up for this kind. Resolves to the inferred workload, still
   * marked `inferred`, when reading the owners is forbidden or the owner is gone; never rejects.
   */
  resolve(resource: ResourceRef): Promise<WorkloadRef> | undefined;
}

/** Every object is its own workload; for stores fed from files, where there are no owners to read. */
export const identityResolver: WorkloadResolver = {
  infer: (r) => ({
    ...(r.apiVersion ? { apiVersion: r.apiVersion } : {}),
    kind: r.kind,
    ...(r.namespace ? { namespace: r.namespace } : {}),
    name: r.name,
    inferred: false,
  }),
  resolve: () => undefined,
};

// Objects a workload controller creates (`owned` in the workload kind table) are the ones worth
// an owner lookup. A Deployment or a CronJob at the top is shown as itself (resolveWorkload would
// still follow an operator's CR).
const isOwned = (kind: string): boolean => workloadKindOf(kind)?.owned === true;
// Answers are cached for the session; past this many the cache starts over, so a long-running
// host with churning ReplicaSets does not grow without bound.
const CACHE_LIMIT = 20_000;

export interface OwnerResolverOptions {
  /** Owner lookups in flight at once (default 8), so a sync of thousands of reports does not flood the API server. */
  readonly concurrency?: number;
}

/**
 * A {@link WorkloadResolver} over `ClusterSource.ownerReferences` (the `lookup`): names first
 * (`inferWorkload`), then owner references read from the cluster (`resolveWorkload`). Lookups are
 * cached per object and limited in concurrency; a ReplicaSet's Deployment is read once however
 * many reports name the ReplicaSet.
 */
export function ownerWorkloadResolver(
  lookup: (ref: ObjectRef) => Promise<readonly OwnerReference[] | undefined>,
  options: OwnerResolverOptions = {},
): WorkloadResolver {
  const limit = limiter(options.concurrency ?? 8);
  const owners = new Map<string, Promise<readonly OwnerReference[] | undefined>>();
  const workloads = new Map<string, Promise<WorkloadRef>>();
  const cachedLookup = (ref: ObjectRef) => {
    const key = `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
    let p = owners.get(key);
    if (!p) {
      if (owners.size >= CACHE_LIMIT) owners.clear();
      owners.set(key, (p = limit(() => lookup(ref)).catch(() => undefined)));
    }
    return p;
  };
  return {
    infer: (r) => inferWorkload(r),
    resolve: (r) => {
      if (!isOwned(r.kind)) return undefined;
      const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
      let p = workloads.get(key);
      if (!p) {
        if (workloads.size >= CACHE_LIMIT) workloads.clear();
        workloads.set(key, (p = resolveWorkload(r, cachedLookup)));
      }
      return p;
    },
  };
}

/** Runs at most `n` of the given tasks at once, in the order they were asked for. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (running >= n) return;
    const start = queue.shift();
    if (start) start();
  };
  return (task) =>
    new Promise((resolve, reject) => {
      queue.push(() => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
      next();
    });
}
