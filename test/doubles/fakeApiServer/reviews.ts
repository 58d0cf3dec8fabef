import type { FakeUser, ForbidRule } from './rbac.js';
import { isAllowed, rulesInNamespace } from './rbac.js';
import { badRequest } from './status.js';
import { isObject } from './types.js';

/**
 * `POST selfsubjectaccessreviews` (what `kubectl auth can-i` sends): the review comes back with
 * `status.allowed` decided by the same RBAC rules the server enforces.
 */
export function selfSubjectAccessReview(
  user: FakeUser,
  body: unknown,
  forbidden: readonly ForbidRule[],
): object {
  const spec = isObject(body) && isObject(body.spec) ? body.spec : undefined;
  const attrs = spec && isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  if (!spec) throw badRequest('spec is required');
  let allowed: boolean;
  if (attrs) {
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    const namespace = str(attrs.namespace);
    const subresource = str(attrs.subresource);
    const name = str(attrs.name);
    allowed = isAllowed(
      user,
      {
        verb: str(attrs.verb) ?? '',
        group: typeof attrs.group === 'string' ? attrs.group : '',
        resource: str(attrs.resource) ?? '',
        ...(namespace ? { namespace } : {}),
        ...(subresource ? { subresource } : {}),
        ...(name ? { name } : {}),
      },
      forbidden,
    );
  } else {
    // Non-resource URLs (/healthz, /version, /api…) are open to every authenticated user.
    allowed = true;
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: allowed ? { allowed: true, reason: 'RBAC: allowed by fake rules' } : { allowed: false },
  };
}

/** `POST selfsubjectrulesreviews` (what `kubectl auth can-i --list` sends). */
export function selfSubjectRulesReview(user: FakeUser, body: unknown): object {
  const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
  const namespace = typeof spec.namespace === 'string' ? spec.namespace : 'default';
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: {
      resourceRules: [
        ...rulesInNamespace(user, namespace),
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
      ],
      nonResourceRules: [
        {
          verbs: ['get'],
          nonResourceURLs: [
            '/api',
            '/api/*',
            '/apis',
            '/apis/*',
            '/healthz',
            '/livez',
            '/readyz',
            '/version',
            '/version/',
          ],
        },
      ],
      incomplete: false,
    },
  };
}
