import type { Finding, ResourceRef } from '../model/finding.js';
import { workloadKey, type WorkloadRef } from '../model/workloadRef.js';
import type { ObjectRef } from '../ports/clusterSource.js';
import type { InputObject } from '../readers/readContext.js';
import { resolveWorkloadFrom } from './ownerResolution.js';

/** What the workloads of a read of many files are found from: each file's findings and workload objects. */
export interface OwnedInput {
  readonly findings: readonly Finding[];
  /** Deployments, ReplicaSets, Pods … met in the file (`SourceRead.objects`). */
  readonly objects?: readonly InputObject[];
}

/** The workload of every finding of one read of many files. */
export interface OfflineWorkloads {
  /** The workload of the object `f` is about; `undefined` when it names no Kubernetes object. */
  workloadOf(f: Finding): WorkloadRef | undefined;
}

/**
 * Gives the findings read from files the workload identity the live cluster gives them
 * (`cluster/workloadResolver.ts`), by the same walk (`resolveWorkloadFrom` of
 * `ownerResolution.ts`): the owner references of the workload objects anywhere in the inputs are
 * the truth across all of them — a ReplicaSet in one file tells the owner of the report about it
 * in another — and where an object is not in the inputs, its owner is inferred from names
 * (`pod-template-hash`, a CronJob's Job suffix) and marked `inferred`.
 *
 * Pure: nothing is looked up elsewhere. Findings about one object share one resolution, and every
 * workload is one object however many findings point at it; nothing is added to the findings.
 * `workloadOf` answers for the findings of `inputs` and for copies of them that keep their
 * `resource` (suppressed or merged findings).
 */
export function offlineWorkloads(inputs: readonly OwnedInput[]): OfflineWorkloads {
  const objects = new Map<string, InputObject>();
  for (const input of inputs) for (const o of input.objects ?? []) objects.set(objectKey(o), o);
  const lookup = (ref: ObjectRef) => objects.get(objectKey(ref))?.ownerReferences;

  const byObject = new Map<string, WorkloadRef>();
  const byWorkload = new Map<string, WorkloadRef>();
  const byResource = new Map<ResourceRef, WorkloadRef>();
  for (const input of inputs) {
    for (const f of input.findings) {
      const resource = f.resource;
      if (!resource || byResource.has(resource)) continue;
      const key = objectKey(resource);
      let w = byObject.get(key);
      if (!w) {
        const labels = objects.get(key)?.labels;
        const resolved = resolveWorkloadFrom(resource, lookup, labels ? { labels } : undefined);
        const shared = `${workloadKey(resolved)}\u0000${resolved.inferred}`;
        w = byWorkload.get(shared);
        if (!w) byWorkload.set(shared, (w = resolved));
        byObject.set(key, w);
      }
      byResource.set(resource, w);
    }
  }
  return { workloadOf: (f) => (f.resource ? byResource.get(f.resource) : undefined) };
}

/** Kind, namespace and name: reports often leave the apiVersion of their subject out. */
function objectKey(o: { readonly kind: string; readonly namespace?: string; readonly name: string }): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}
