import { checkJoinKey } from '../model/checkIds.js';
import type { FixKind } from './fix.js';
import type { YamlValue } from './yamlLayout.js';

/**
 * What each quick fix writes: the one place that knows it. Levels and keys follow the checks'
 * Rego in aquasecurity/trivy-checks (`checks/kubernetes/*.rego`, `lib/kubernetes`): each check
 * looks at `kubernetes.containers` (containers and init containers), and only `runAsNonRoot`
 * (KSV012) is also satisfied by the pod's securityContext (`checkRunAsNonRootPod`; trivy-checks
 * since "respect PodSecurityContext for containers" merges the pod's runAsNonRoot, runAsUser,
 * runAsGroup, seccompProfile … into each container, never allowPrivilegeEscalation,
 * readOnlyRootFilesystem or capabilities).
 */

/** Where a fix edits: the container the finding names, or its pod spec. */
export type FixLevel = 'container' | 'pod';

/** One change of a fix, relative to its level's map. */
export type FixStep =
  | { readonly op: 'set'; readonly keys: readonly string[]; readonly value: YamlValue }
  | { readonly op: 'append'; readonly keys: readonly string[]; readonly item: string }
  | { readonly op: 'remove'; readonly keys: readonly string[] };

export interface SecurityFix {
  readonly kind: Exclude<FixKind, 'resources' | 'pin-image-digest' | 'pin-image-tag'>;
  readonly level: FixLevel;
  readonly step: FixStep;
  /** What the title says the fix does, before "in container …". */
  readonly does: string;
  readonly preferred: boolean;
}

/** A resource quantity one check wants: `resources.<group>.<resource>`. */
export interface ResourceKey {
  readonly group: 'requests' | 'limits';
  readonly resource: 'cpu' | 'memory';
}

export type FixRecipe =
  | { readonly type: 'security'; readonly fixes: readonly SecurityFix[] }
  | { readonly type: 'resources'; readonly key: ResourceKey }
  | { readonly type: 'image' };

const securityContext = (key: string, value: boolean, preferred: boolean): SecurityFix => ({
  kind: 'security-context',
  level: 'container',
  step: { op: 'set', keys: ['securityContext', key], value },
  does: `Set securityContext.${key}: ${value}`,
  preferred,
});

const ALLOW_PRIVILEGE_ESCALATION: FixRecipe = {
  type: 'security',
  fixes: [securityContext('allowPrivilegeEscalation', false, true)],
};
const READ_ONLY_ROOT: FixRecipe = {
  type: 'security',
  fixes: [securityContext('readOnlyRootFilesystem', true, true)],
};

const RECIPES: Readonly<Record<string, FixRecipe>> = {
  // "Can elevate its own privileges".
  KSV001: ALLOW_PRIVILEGE_ESCALATION,
  // "Default capabilities: some containers do not drop all": any case of "all" counts.
  KSV003: {
    type: 'security',
    fixes: [
      {
        kind: 'drop-capabilities',
        level: 'container',
        step: { op: 'append', keys: ['securityContext', 'capabilities', 'drop'], item: 'ALL' },
        does: 'Drop ALL capabilities',
        preferred: true,
      },
    ],
  },
  // "Runs as root user": the container's flag, or the pod's, which covers every container that
  // does not say otherwise.
  KSV012: {
    type: 'security',
    fixes: [
      securityContext('runAsNonRoot', true, true),
      {
        kind: 'security-context',
        level: 'pod',
        step: { op: 'set', keys: ['securityContext', 'runAsNonRoot'], value: true },
        does: 'Set securityContext.runAsNonRoot: true for the whole pod',
        preferred: false,
      },
    ],
  },
  // "Image tag ':latest' used".
  KSV013: { type: 'image' },
  // "Root file system is not read-only".
  KSV014: READ_ONLY_ROOT,
  // "Non-default capabilities added": no capability is allowed by default (`allowed_caps := set()`).
  KSV022: {
    type: 'security',
    fixes: [
      {
        kind: 'remove-capabilities',
        level: 'container',
        step: { op: 'remove', keys: ['securityContext', 'capabilities', 'add'] },
        does: 'Remove the added capabilities',
        // The container may need them; the user decides.
        preferred: false,
      },
    ],
  },
  KSV011: { type: 'resources', key: { group: 'limits', resource: 'cpu' } },
  KSV015: { type: 'resources', key: { group: 'requests', resource: 'cpu' } },
  KSV016: { type: 'resources', key: { group: 'requests', resource: 'memory' } },
  KSV018: { type: 'resources', key: { group: 'limits', resource: 'memory' } },
  // Polaris ids of Starboard and early Trivy Operator reports for the same keys.
  privilegeEscalationAllowed: ALLOW_PRIVILEGE_ESCALATION,
  notReadOnlyRootFilesystem: READ_ONLY_ROOT,
};

const BY_JOIN_KEY: ReadonlyMap<string, FixRecipe> = new Map(
  Object.entries(RECIPES).map(([id, recipe]) => [checkJoinKey(id), recipe]),
);

/** The recipe for a check, by any spelling of its id or aliases (`KSV001`, `KSV-0001`, `AVD-KSV-0001`). */
export function fixRecipe(ids: readonly string[]): FixRecipe | undefined {
  for (const id of ids) {
    const recipe = BY_JOIN_KEY.get(checkJoinKey(id));
    if (recipe) return recipe;
  }
  return undefined;
}

/** The check ids that have quick fixes, in Operator spelling; for documentation and tests. */
export const FIXABLE_CHECK_IDS: readonly string[] = Object.keys(RECIPES);
