import type { ResourceType } from './types.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
// The real server does not offer deletecollection on namespaces.
const NAMESPACE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  categories: string[] = [],
  verbs: string[] = ALL_VERBS,
): ResourceType {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories,
    verbs,
    printerColumns: [],
    statusSubresource: false,
  };
}

/**
 * The built-in kinds the product reads (owners of reported workloads, namespaces, RBAC objects),
 * with names, short names and categories as a v1.32 server lists them in discovery. They are
 * stored as plain objects: no controllers, no defaulting, no validation beyond metadata.
 */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, ['ns'], [], NAMESPACE_VERBS),
  builtin('', 'v1', 'Node', 'nodes', false, ['no']),
  builtin('', 'v1', 'Pod', 'pods', true, ['po'], ['all']),
  builtin('', 'v1', 'Service', 'services', true, ['svc'], ['all']),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  builtin('', 'v1', 'Secret', 'secrets', true),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  builtin('', 'v1', 'Event', 'events', true, ['ev']),
  builtin('', 'v1', 'ReplicationController', 'replicationcontrollers', true, ['rc'], ['all']),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], ['all']),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], ['all']),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], ['all']),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], ['all']),
  builtin('batch', 'v1', 'Job', 'jobs', true, [], ['all']),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], ['all']),
  builtin('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  builtin('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
  builtin(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
    ['crd', 'crds'],
    ['api-extensions'],
  ),
];

/** Create-only review kinds (authorization.k8s.io): no storage, answered by RBAC. */
export const REVIEW_RESOURCES: readonly ResourceType[] = [
  builtin(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectAccessReview',
    'selfsubjectaccessreviews',
    false,
    [],
    [],
    ['create'],
  ),
  builtin(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectRulesReview',
    'selfsubjectrulesreviews',
    false,
    [],
    [],
    ['create'],
  ),
];
