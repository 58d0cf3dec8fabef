import type { Finding } from './finding.js';

/**
 * The workload a person thinks in: a Deployment, not the ReplicaSet `web-6d4cf56db6` that
 * Trivy Operator scanned. Produced by `shared/src/workloads/ownerResolution.ts`.
 */
export interface WorkloadRef {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /**
   * True when found from names (a `pod-template-hash` suffix, a Job name with a CronJob's
   * timestamp suffix) rather than read from `ownerReferences`.
   */
  readonly inferred: boolean;
}

/** `Deployment/default/web`: the key of the workload index and of joins between sources. */
export function workloadKey(w: {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): string {
  return `${w.kind}/${w.namespace ?? ''}/${w.name}`;
}

/**
 * The identity a {@link workloadKey} names (`Deployment/default/web`), namespace absent when
 * empty; `undefined` for a string that is not such a key. Names and kinds never hold a `/`.
 */
export function parseWorkloadKey(
  key: string,
): { readonly kind: string; readonly namespace?: string; readonly name: string } | undefined {
  const parts = key.split('/');
  if (parts.length !== 3 || parts[0] === '' || parts[2] === '') return undefined;
  const [kind, namespace, name] = parts as [string, string, string];
  return namespace === '' ? { kind, name } : { kind, namespace, name };
}

/**
 * A finding with the workload it belongs to, as the hosts receive findings: the store's
 * (`findingsWithWorkloads`) and a read of files (`readInputs`). `workload` is absent for findings
 * about no Kubernetes object.
 */
export interface WorkloadFinding {
  readonly finding: Finding;
  readonly workload?: WorkloadRef;
}
