import type { ResourceRef } from '../model/finding.js';
import { workloadKindOf } from '../model/workloadKinds.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import type { ObjectRef, OwnerReference } from '../ports/clusterSource.js';

/**
 * Lifts the object a report is about (a ReplicaSet `web-6d4cf56db6`, a Pod, a Job
 * `backup-28930560`) to the workload a person manages (Deployment `web`, CronJob `backup`).
 * Owner references are the truth; names are the fallback when they cannot be read (offline
 * reports, forbidden lookups), and anything found from names is marked `inferred`.
 */
export interface OwnerHints {
  /** The object's labels (`pod-template-hash`, `job-name` …), when known. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The object's `metadata.ownerReferences`, when known. */
  readonly ownerReferences?: readonly OwnerReference[];
}

// The alphabet of k8s.io/apimachinery `rand.String` and `rand.SafeEncodeString`: no vowels and
// no 0, 1, 3, so that generated names never spell words. Pod name suffixes are 5 of these;
// `pod-template-hash` is SafeEncodeString of a 32-bit hash in decimal (up to 10 characters;
// fewer than 6 only for hashes below 100000, which we accept missing for fewer false matches).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RS_NAME = new RegExp(`^(.+)-([${ALPHABET}]{6,10})$`);
const POD_SUFFIX = new RegExp(`^(.+)-[${ALPHABET}]{5}$`);
// The CronJob controller names Jobs `<cronjob>-<scheduled time>`, in minutes since the epoch
// (8 digits today) since the v2 controller, in seconds (10 digits) before it.
const CRON_JOB_NAME = /^(.+)-(\d{8,10})$/;
const ORDINAL = /^(.+)-(0|[1-9]\d{0,5})$/;

const HOPS = 5;

/** The `apiVersion` of a built-in workload kind, for looking owners up when a report left it out. */
function builtinApiVersion(kind: string): string | undefined {
  return workloadKindOf(kind)?.apiVersion;
}

type Ref = {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
};

/**
 * The chain from `resource` up to its workload as far as it can be told offline: the resource
 * itself first, then each owner (`Pod → ReplicaSet → Deployment`). A Pod whose name alone does not
 * tell its controller (`<name>-<5 chars>` is a DaemonSet's, a bare Job's or a bare ReplicaSet's
 * pod) yields one candidate per kind, most likely first. Every entry after the first found from
 * names is `inferred`.
 */
export function workloadCandidates(resource: ResourceRef, hints?: OwnerHints): WorkloadRef[] {
  return climb(resource, hints).candidates;
}

/** `candidates` as above; `best` the workload to show: the top of the chain, or the likeliest guess. */
function climb(
  resource: ResourceRef,
  hints: OwnerHints | undefined,
): { candidates: WorkloadRef[]; best: WorkloadRef } {
  const self = workload(resource, false);
  const out: WorkloadRef[] = [self];
  let current: Ref = self;
  const owner = controllerOf(hints?.ownerReferences);
  if (owner) {
    current = { apiVersion: owner.apiVersion, kind: owner.kind, ...ns(resource), name: owner.name };
    out.push(workload(current, false));
  } else if (resource.kind === 'Pod') {
    const owners = podOwnerByLabels(resource, hints?.labels) ?? podOwnersByName(resource);
    out.push(...owners.map((r) => workload(r, true)));
    // Several guesses: which one exists is for the caller to find out (the manifest index does).
    if (owners.length > 1) return { candidates: out, best: out[1]! };
    if (owners.length === 0) return { candidates: out, best: self };
    current = owners[0]!;
  }
  for (let hop = 0; hop < HOPS; hop++) {
    // A Pod's `pod-template-hash` is also its ReplicaSet's, so the labels help one hop up too.
    const up = ownerByName(current, hints?.labels);
    if (!up) break;
    current = up;
    out.push(workload(current, true));
  }
  return { candidates: out, best: out.at(-1)! };
}

/**
 * The workload of `resource`, offline: owner references when given, then names. A ReplicaSet
 * `web-6d4cf56db6` becomes Deployment `web` (inferred), a Job `backup-28930560` CronJob `backup`;
 * a Pod its controller; anything else is its own workload (`inferred: false`).
 */
export function inferWorkload(resource: ResourceRef, hints?: OwnerHints): WorkloadRef {
  return climb(resource, hints).best;
}

/**
 * The workload of `resource` in a live cluster: follows controller owner references up with
 * `lookup` (at most a few hops, so a reference cycle cannot loop) and returns the top with
 * `inferred: false`. Where `lookup` returns `undefined` (forbidden, gone) or rejects, the rest of
 * the way is inferred from names. Never rejects.
 */
export async function resolveWorkload(
  resource: ResourceRef,
  lookup: (ref: ObjectRef) => Promise<readonly OwnerReference[] | undefined>,
  hints?: OwnerHints,
): Promise<WorkloadRef> {
  const walk = ownerWalk(resource, hints);
  let step = walk.next();
  while (!step.done) {
    let owners: readonly OwnerReference[] | undefined;
    try {
      owners = await lookup(step.value);
    } catch {
      owners = undefined;
    }
    step = walk.next(owners);
  }
  return step.value;
}

/**
 * {@link resolveWorkload} over owner references already at hand (the objects of the files read
 * offline): the same walk, with a `lookup` that answers at once. Never throws.
 */
export function resolveWorkloadFrom(
  resource: ResourceRef,
  lookup: (ref: ObjectRef) => readonly OwnerReference[] | undefined,
  hints?: OwnerHints,
): WorkloadRef {
  const walk = ownerWalk(resource, hints);
  let step = walk.next();
  while (!step.done) {
    let owners: readonly OwnerReference[] | undefined;
    try {
      owners = lookup(step.value);
    } catch {
      owners = undefined;
    }
    step = walk.next(owners);
  }
  return step.value;
}

/**
 * The walk both resolvers drive: yields each object whose owner references it needs and is
 * given them back (`undefined` when they cannot be read), and returns the workload.
 */
function* ownerWalk(
  resource: ResourceRef,
  hints: OwnerHints | undefined,
): Generator<ObjectRef, WorkloadRef, readonly OwnerReference[] | undefined> {
  let current: Ref = {
    ...(resource.apiVersion ? { apiVersion: resource.apiVersion } : {}),
    kind: resource.kind,
    ...ns(resource),
    name: resource.name,
  };
  let owners = hints?.ownerReferences;
  for (let hop = 0; hop < HOPS; hop++) {
    if (owners === undefined) {
      const ref = objectRef(current);
      owners = ref ? yield ref : undefined;
    }
    if (owners === undefined) {
      // Labels describe the resource itself, so they only help while we are still there.
      return inferWorkload(current, hop === 0 && hints?.labels ? { labels: hints.labels } : undefined);
    }
    const owner = controllerOf(owners);
    if (!owner) break;
    current = { apiVersion: owner.apiVersion, kind: owner.kind, ...ns(resource), name: owner.name };
    owners = undefined;
  }
  return workload(current, false);
}

/** The managing controller among owner references (`controller: true`; Kubernetes allows one). */
function controllerOf(owners: readonly OwnerReference[] | undefined): OwnerReference | undefined {
  return owners?.find((o) => o.controller === true);
}

/** Owners of a Pod told by the labels its controller stamps on it. */
function podOwnerByLabels(
  pod: ResourceRef,
  labels: Readonly<Record<string, string>> | undefined,
): Ref[] | undefined {
  if (!labels) return undefined;
  const hash = labels['pod-template-hash'];
  // The Pod fixture of the Operator's envtest carries a `pod-template-hash` its name does not
  // contain: a label alone is not proof, the name must agree.
  if (hash) {
    const m = new RegExp(`^(.+-${escapeRegExp(hash)})-[${ALPHABET}]{5}$`).exec(pod.name);
    if (m) return [{ kind: 'ReplicaSet', ...ns(pod), name: m[1]! }];
  }
  const job = labels['batch.kubernetes.io/job-name'] ?? labels['job-name'];
  if (job && pod.name.startsWith(`${job}-`)) return [{ kind: 'Job', ...ns(pod), name: job }];
  if (labels['statefulset.kubernetes.io/pod-name'] === pod.name) {
    const m = ORDINAL.exec(pod.name);
    if (m) return [{ kind: 'StatefulSet', ...ns(pod), name: m[1]! }];
  }
  if (labels['pod-template-generation'] !== undefined && labels['controller-revision-hash'] !== undefined) {
    const m = POD_SUFFIX.exec(pod.name);
    if (m) return [{ kind: 'DaemonSet', ...ns(pod), name: m[1]! }];
  }
  return undefined;
}

/** Owners of a Pod guessed from its name alone, most likely first. */
function podOwnersByName(pod: ResourceRef): Ref[] {
  const m = POD_SUFFIX.exec(pod.name);
  if (m) {
    const base = m[1]!;
    if (RS_NAME.test(base)) return [{ kind: 'ReplicaSet', ...ns(pod), name: base }];
    if (CRON_JOB_NAME.test(base)) return [{ kind: 'Job', ...ns(pod), name: base }];
    return ['DaemonSet', 'Job', 'ReplicaSet'].map((kind) => ({ kind, ...ns(pod), name: base }));
  }
  const o = ORDINAL.exec(pod.name);
  return o ? [{ kind: 'StatefulSet', ...ns(pod), name: o[1]! }] : [];
}

/** The owner of a ReplicaSet or a Job told by its name (or its `pod-template-hash` label). */
function ownerByName(r: Ref, labels: Readonly<Record<string, string>> | undefined): Ref | undefined {
  if (r.kind === 'ReplicaSet') {
    const hash = labels?.['pod-template-hash'];
    if (hash && r.name.endsWith(`-${hash}`))
      return { kind: 'Deployment', ...ns(r), name: r.name.slice(0, -hash.length - 1) };
    const m = RS_NAME.exec(r.name);
    return m ? { kind: 'Deployment', ...ns(r), name: m[1]! } : undefined;
  }
  if (r.kind === 'Job') {
    const m = CRON_JOB_NAME.exec(r.name);
    return m ? { kind: 'CronJob', ...ns(r), name: m[1]! } : undefined;
  }
  return undefined;
}

function objectRef(r: Ref): ObjectRef | undefined {
  const apiVersion = r.apiVersion ?? builtinApiVersion(r.kind);
  return apiVersion ? { apiVersion, kind: r.kind, ...ns(r), name: r.name } : undefined;
}

function workload(r: Ref, inferred: boolean): WorkloadRef {
  const apiVersion = r.apiVersion ?? builtinApiVersion(r.kind);
  return { ...(apiVersion ? { apiVersion } : {}), kind: r.kind, ...ns(r), name: r.name, inferred };
}

function ns(r: { readonly namespace?: string }): { namespace?: string } {
  return r.namespace === undefined ? {} : { namespace: r.namespace };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
