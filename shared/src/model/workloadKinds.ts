/**
 * The only list of built-in workload kinds: the objects that run pods, which Trivy Operator scans
 * and a person manages. Everything that needs to know them is derived from this table: the kinds
 * reports attach to (`reportKinds.ts`), where each keeps its pod template
 * (`manifests/podTemplates.ts`), the API paths of owner lookups (`node/kubeClusterSource.ts`),
 * which kinds are worth an owner lookup (`cluster/workloadResolver.ts`) and which are listed in
 * bulk for it (`node/kubeOwnerIndex.ts`), and the apiVersion owner resolution fills in
 * (`workloads/ownerResolution.ts`).
 *
 * Group, version and plural are those the API server lists in discovery (Kubernetes 1.32, as
 * `test/doubles/fakeApiServer/builtinResources.ts` serves them; `workloadKinds.test.ts` compares).
 * All are namespaced.
 */
export interface WorkloadKind {
  readonly kind: string;
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  readonly plural: string;
  /**
   * The keys from the object to its pod template (the map holding the pod's `metadata` and
   * `spec`): `PodTemplateSpec` of apps/v1 and batch/v1 workloads, `JobTemplateSpec` of a CronJob.
   * Empty for a Pod, which is its own template.
   */
  readonly podTemplatePath: readonly string[];
  /** Trivy Operator scans it and writes reports about it (a Deployment is scanned through its ReplicaSets). */
  readonly scanned: boolean;
  /** For a kind not scanned itself: the kind of the objects it controls that are scanned for it. */
  readonly scannedThrough?: string;
  /**
   * Usually created by another workload's controller (a ReplicaSet by a Deployment, a Job by a
   * CronJob, a Pod by any of them), so reading its owner references is worth a request.
   */
  readonly owned: boolean;
  /**
   * A cluster has as many of them as workloads, or more: their owner references are read with
   * one listing of the whole kind instead of a GET per object (`KubeOwnerIndex`).
   */
  readonly ownersListedInBulk: boolean;
}

const TEMPLATE = ['spec', 'template'] as const;

function workload(
  kind: string,
  apiVersion: string,
  plural: string,
  podTemplatePath: readonly string[],
  flags: { scanned?: boolean; scannedThrough?: string; owned?: boolean; ownersListedInBulk?: boolean },
): WorkloadKind {
  return {
    kind,
    apiVersion,
    plural,
    podTemplatePath,
    scanned: flags.scanned ?? false,
    ...(flags.scannedThrough ? { scannedThrough: flags.scannedThrough } : {}),
    owned: flags.owned ?? false,
    ownersListedInBulk: flags.ownersListedInBulk ?? false,
  };
}

/** In the order Trivy Operator lists the kinds it scans; Deployment, scanned through ReplicaSets, first. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  workload('Deployment', 'apps/v1', 'deployments', TEMPLATE, {
    scannedThrough: 'ReplicaSet',
    ownersListedInBulk: true,
  }),
  workload('Pod', 'v1', 'pods', [], { scanned: true, owned: true }),
  workload('ReplicaSet', 'apps/v1', 'replicasets', TEMPLATE, {
    scanned: true,
    owned: true,
    ownersListedInBulk: true,
  }),
  workload('ReplicationController', 'v1', 'replicationcontrollers', TEMPLATE, { scanned: true }),
  workload('StatefulSet', 'apps/v1', 'statefulsets', TEMPLATE, { scanned: true }),
  workload('DaemonSet', 'apps/v1', 'daemonsets', TEMPLATE, { scanned: true }),
  workload('CronJob', 'batch/v1', 'cronjobs', ['spec', 'jobTemplate', 'spec', 'template'], {
    scanned: true,
    ownersListedInBulk: true,
  }),
  workload('Job', 'batch/v1', 'jobs', TEMPLATE, { scanned: true, owned: true, ownersListedInBulk: true }),
];

const BY_KIND = new Map(WORKLOAD_KINDS.map((w) => [w.kind, w]));

/** The entry of a built-in workload kind (`ReplicaSet`); `undefined` for any other kind. */
export function workloadKindOf(kind: string | undefined): WorkloadKind | undefined {
  return kind === undefined ? undefined : BY_KIND.get(kind);
}

/** The entry of `kind` when `apiVersion` is its built-in one (`apps/v1`, `ReplicaSet`). */
export function builtinWorkloadKind(apiVersion: string, kind: string): WorkloadKind | undefined {
  const w = BY_KIND.get(kind);
  return w && w.apiVersion === apiVersion ? w : undefined;
}
