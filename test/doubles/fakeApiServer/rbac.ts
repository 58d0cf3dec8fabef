import { ApiError } from './status.js';
import { qualifiedResource } from './types.js';

/** One allow rule: verbs on resources of groups, optionally only inside some namespaces. */
export interface FakeRule {
  verbs: string[];
  groups: string[];
  resources: string[];
  /**
   * Namespaces the rule applies in (like a RoleBinding). Omitted or containing `*`: everywhere,
   * including cluster-scoped resources and all-namespace lists (like a ClusterRoleBinding).
   */
  namespaces?: string[];
}

/** A user of the fake cluster: a bearer token and what it may do. */
export interface FakeUser {
  name: string;
  token: string;
  /** null = everything; else the union of the rules. */
  rules: null | FakeRule[];
}

/** The attributes the authorizer sees for a request (k8s.io/apiserver `authorizer.Attributes`). */
export interface RequestAttributes {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  /** undefined = cluster scope (cluster-scoped resource or all-namespace list). */
  readonly namespace?: string;
  readonly name?: string;
}

/** A fault: this resource is forbidden to everyone (in one namespace, or everywhere). */
export interface ForbidRule {
  readonly group: string;
  readonly resource: string;
  readonly namespace?: string;
}

const SELF_REVIEWS = ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'];

function listed(list: readonly string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

function ruleAllows(rule: FakeRule, attrs: RequestAttributes): boolean {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  if (!listed(rule.verbs, attrs.verb) || !listed(rule.groups, attrs.group)) return false;
  if (!listed(rule.resources, resource)) return false;
  if (!rule.namespaces || rule.namespaces.includes('*')) return true;
  return attrs.namespace !== undefined && rule.namespaces.includes(attrs.namespace);
}

/** Whether `user` may do what `attrs` describe, given the injected forbid faults. */
export function isAllowed(
  user: FakeUser,
  attrs: RequestAttributes,
  forbidden: readonly ForbidRule[],
): boolean {
  const faulted = forbidden.some(
    (f) =>
      f.group === attrs.group &&
      f.resource === attrs.resource &&
      (f.namespace === undefined || f.namespace === attrs.namespace),
  );
  if (faulted) return false;
  // system:basic-user: every authenticated user may ask what it may do.
  if (
    attrs.group === 'authorization.k8s.io' &&
    attrs.verb === 'create' &&
    SELF_REVIEWS.includes(attrs.resource)
  )
    return true;
  return user.rules === null || user.rules.some((rule) => ruleAllows(rule, attrs));
}

/**
 * The 403 the real server sends (`errors.NewForbidden` around the RBAC authorizer's reason), e.g.
 * `vulnerabilityreports.aquasecurity.github.io is forbidden: User "dev" cannot list resource
 * "vulnerabilityreports" in API group "aquasecurity.github.io" at the cluster scope`.
 */
export function forbiddenError(user: string, attrs: RequestAttributes): ApiError {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where =
    attrs.namespace === undefined ? 'at the cluster scope' : `in the namespace "${attrs.namespace}"`;
  const reason = `User "${user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${where}`;
  const what = qualifiedResource(attrs.group, attrs.resource) + (attrs.name ? ` "${attrs.name}"` : '');
  return new ApiError(403, 'Forbidden', `${what} is forbidden: ${reason}`, {
    ...(attrs.name ? { name: attrs.name } : {}),
    group: attrs.group,
    kind: attrs.resource,
  });
}

/** `SelfSubjectRulesReview` status: the rules that apply in one namespace. */
export function rulesInNamespace(
  user: FakeUser,
  namespace: string,
): Array<{ verbs: string[]; apiGroups: string[]; resources: string[] }> {
  if (user.rules === null) return [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
  return user.rules
    .filter((r) => !r.namespaces || r.namespaces.includes('*') || r.namespaces.includes(namespace))
    .map((r) => ({ verbs: [...r.verbs], apiGroups: [...r.groups], resources: [...r.resources] }));
}
