import { checkJoinKey } from '../model/checkIds.js';
import { parseKeyPath, type KeySegment } from './keyPath.js';

/**
 * Where in a manifest a check looks: a path relative to
 *  - `container`: each container entry of the pod spec,
 *  - `podSpec`: the pod spec (`spec` of a Pod, `spec.template.spec` of a Deployment …),
 *  - `podTemplate`: the pod template (its `metadata` holds the pod annotations),
 *  - `object`: the object's root.
 */
export type KeyScope = 'container' | 'podSpec' | 'podTemplate' | 'object';

export interface CheckKeyPath {
  readonly scope: KeyScope;
  readonly path: readonly KeySegment[];
}

/**
 * The key each check is about, for the checks that occur in `test/fixtures` (Trivy Operator
 * reports, Trivy JSON, compliance specs). Each entry was checked against the check's title and
 * message there; where the fixtures name a check only through a compliance control (whose
 * wording is the control's, not the check's), the check's own Rego metadata in trivy-checks was
 * read instead, and that is said on the line. Alternatives are tried in order: the first one that
 * exists in the manifest wins, else the deepest partial match of the first.
 */
const TABLE: Readonly<Record<string, readonly string[]>> = {
  // "Can elevate its own privileges": should set securityContext.allowPrivilegeEscalation to false.
  KSV001: ['container:securityContext.allowPrivilegeEscalation'],
  // "Default AppArmor profile not set" (trivy-checks KSV002; the NSA spec fixture files it under an
  // SELinux control): the `container.apparmor.security.beta.kubernetes.io/*` pod annotations.
  KSV002: ['podTemplate:metadata.annotations'],
  // "Default capabilities: some containers do not drop all": add ALL to securityContext.capabilities.drop.
  KSV003: ['container:securityContext.capabilities.drop'],
  // "Access to host IPC namespace" (trivy-checks KSV008; NSA control "Share containers process namespaces").
  KSV008: ['podSpec:hostIPC'],
  // "Access to host network".
  KSV009: ['podSpec:hostNetwork'],
  // "Access to host PID" (trivy-checks KSV010: do not set spec.template.spec.hostPID to true).
  KSV010: ['podSpec:hostPID'],
  // "CPU not limited": resources.limits.cpu.
  KSV011: ['container:resources.limits.cpu'],
  // "Runs as root user": securityContext.runAsNonRoot.
  KSV012: ['container:securityContext.runAsNonRoot', 'podSpec:securityContext.runAsNonRoot'],
  // "Image tag ':latest' used" (trivy-checks KSV013; named in the issue, not in the fixtures).
  KSV013: ['container:image'],
  // "Root file system is not read-only": securityContext.readOnlyRootFilesystem.
  KSV014: ['container:securityContext.readOnlyRootFilesystem'],
  // "CPU requests not specified": resources.requests.cpu.
  KSV015: ['container:resources.requests.cpu'],
  // "Memory requests not specified": resources.requests.memory.
  KSV016: ['container:resources.requests.memory'],
  // "Privileged container": securityContext.privileged.
  KSV017: ['container:securityContext.privileged'],
  // "Memory not limited": resources.limits.memory.
  KSV018: ['container:resources.limits.memory'],
  // "Runs with UID <= 10000" / "Runs with low user ID": securityContext.runAsUser.
  KSV020: ['container:securityContext.runAsUser', 'podSpec:securityContext.runAsUser'],
  // "Runs with GID <= 10000" / "Runs with low group ID": securityContext.runAsGroup.
  KSV021: ['container:securityContext.runAsGroup', 'podSpec:securityContext.runAsGroup'],
  // "Non-default capabilities added": securityContext.capabilities.add.
  KSV022: ['container:securityContext.capabilities.add'],
  // "Unsafe sysctl options set" (polr-adapter ConfigAudit sample): "Sysctls can disable security
  // mechanisms … should be disallowed except for an allowed 'safe' subset": the pod's sysctls.
  KSV026: ['podSpec:securityContext.sysctls'],
  // "hostPath volumes mounted": the volume that has a hostPath.
  KSV023: ['podSpec:volumes[hostPath].hostPath'],
  // "A root primary or supplementary GID set" (trivy-checks KSV029: containers[].securityContext.runAsGroup,
  // also the pod's fsGroup/supplementalGroups).
  KSV029: ['container:securityContext.runAsGroup', 'podSpec:securityContext'],
  // "Runtime/Default Seccomp profile not set": securityContext.seccompProfile.type, container or pod.
  KSV030: ['container:securityContext.seccompProfile.type', 'podSpec:securityContext.seccompProfile.type'],
  // "Protecting Pod service account tokens": automountServiceAccountToken: false.
  KSV036: ['podSpec:automountServiceAccountToken'],
  // "User Pods should not be placed in kube-system namespace".
  KSV037: ['object:metadata.namespace'],
  // RBAC checks on Roles and ClusterRoles ("Do not allow management of secrets", "No wildcard verb
  // and resource roles", … "Manage namespace secrets"): the rules that grant it.
  KSV041: ['object:rules'],
  KSV042: ['object:rules'],
  KSV043: ['object:rules'],
  KSV044: ['object:rules'],
  KSV045: ['object:rules'],
  KSV046: ['object:rules'],
  KSV047: ['object:rules'],
  KSV048: ['object:rules'],
  KSV049: ['object:rules'],
  KSV050: ['object:rules'],
  KSV051: ['object:rules'],
  KSV052: ['object:rules'],
  KSV053: ['object:rules'],
  KSV054: ['object:rules'],
  KSV055: ['object:rules'],
  KSV056: ['object:rules'],
  KSV113: ['object:rules'],
  // "Seccomp policies disabled": container "x" should specify a seccomp profile.
  KSV104: ['container:securityContext.seccompProfile', 'podSpec:securityContext.seccompProfile'],
  // "Container capabilities must only include NET_BIND_SERVICE": drop ALL, add only NET_BIND_SERVICE.
  KSV106: ['container:securityContext.capabilities.drop', 'container:securityContext.capabilities.add'],
  // "Workloads in the default namespace": should set metadata.namespace to a non-default namespace.
  KSV110: ['object:metadata.namespace'],
  // "Ensure that the cluster-admin role is only used where required": a (Cluster)RoleBinding's roleRef.
  KSV111: ['object:roleRef'],
  // "Prevent binding to privileged ports": containers.ports.containerPort below 1024.
  KSV117: ['container:ports'],
  // "Default security context configured": the pod's (or container's) securityContext.
  KSV118: ['podSpec:securityContext', 'container:securityContext'],
  // "ConfigMap with sensitive content" (Namespace builtin.kubernetes.KSV01010 in the trivy k8s fixture).
  KSV01010: ['object:data'],
  // Polaris check ids, which Starboard and early Trivy Operator reports carry
  // (configauditreport_replicaset-nginx_docs.yaml): the message names the key.
  hostPIDSet: ['podSpec:hostPID'], // "Host PID is not configured"
  hostIPCSet: ['podSpec:hostIPC'], // "Host IPC is not configured"
  hostNetworkSet: ['podSpec:hostNetwork'], // "Host network is not configured"
  notReadOnlyRootFilesystem: ['container:securityContext.readOnlyRootFilesystem'], // "Filesystem should be read only"
  privilegeEscalationAllowed: ['container:securityContext.allowPrivilegeEscalation'], // "Privilege escalation should not be allowed"
};

const BY_JOIN_KEY: ReadonlyMap<string, readonly CheckKeyPath[]> = new Map(
  Object.entries(TABLE).map(([id, paths]) => [checkJoinKey(id), paths.map(parseEntry)]),
);

function parseEntry(entry: string): CheckKeyPath {
  const colon = entry.indexOf(':');
  const path = parseKeyPath(entry.slice(colon + 1));
  if (!path) throw new Error(`bad key path in the check table: ${entry}`);
  return { scope: entry.slice(0, colon) as KeyScope, path };
}

/** The keys a check is about, by any spelling of its id (`KSV001`, `KSV-0001`, `AVD-KSV-0001`). */
export function checkKeyPaths(checkId: string): readonly CheckKeyPath[] | undefined {
  let hit = memo.get(checkId);
  if (hit === undefined) {
    // Ids repeat across thousands of findings; the join key costs a few regular expressions.
    if (memo.size >= MEMO_LIMIT) memo.clear();
    hit = BY_JOIN_KEY.get(checkJoinKey(checkId)) ?? null;
    memo.set(checkId, hit);
  }
  return hit ?? undefined;
}

const MEMO_LIMIT = 4096;
const memo = new Map<string, readonly CheckKeyPath[] | null>();

/** The ids the table knows (KSV ids in Operator form); for tests and documentation. */
export const KNOWN_CHECK_IDS: readonly string[] = Object.keys(TABLE);
