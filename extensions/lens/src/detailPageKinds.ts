import { REPORT_KINDS } from '../../../shared/src/model/reportKinds.js';
import { WORKLOAD_KINDS } from '../../../shared/src/model/workloadKinds.js';

/**
 * What a details page's section shows: a workload's findings (with its coverage, upgrades and a
 * Rescan item in its menu), a namespace's totals and worst workloads, or any other object's
 * findings. The tabs within come from the report kind table (`panels/findingTabs.ts`).
 */
export type SectionKind = 'workload' | 'namespace' | 'object';

/** A kind whose details page gets a "Security findings" section, and the apiVersions Lens matches. */
export interface DetailPageKind {
  readonly kind: string;
  /** Lens shows a registration only on objects whose `apiVersion` is one of these. */
  readonly apiVersions: readonly string[];
  readonly section: SectionKind;
}

/** The kind whose objects hold the others: its section sums up what is in it. */
const NAMESPACE_KIND = 'Namespace';

/**
 * The served (GA) apiVersion of each built-in kind that findings attach to: the workload kinds'
 * from the core's workload kind table, the others' here, which the report kind table names only.
 * A kind missing here gets no section, and test/detailPageKinds.test.ts fails until it is added.
 */
const API_VERSIONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(WORKLOAD_KINDS.map((w) => [w.kind, w.apiVersion])),
  Service: 'v1',
  ConfigMap: 'v1',
  ResourceQuota: 'v1',
  LimitRange: 'v1',
  Node: 'v1',
  Namespace: 'v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
};

/** Targets in the core's tables that are not objects with a details page. */
const NOT_OBJECTS = new Set(['*', 'Cluster']);

/**
 * Every kind a person sees findings on, in the core's order: the workload kinds first, then every
 * other kind a report attaches to (nodes, namespaces, roles, …). Generated from the core's tables,
 * so a kind added there reaches the Lens pages without touching this package.
 */
export function findingTargetKinds(): string[] {
  const kinds = new Set(WORKLOAD_KINDS.map((w) => w.kind));
  for (const reportKind of REPORT_KINDS)
    for (const kind of reportKind.attachesTo) if (!NOT_OBJECTS.has(kind)) kinds.add(kind);
  return [...kinds];
}

/** The section a kind's details page gets: workloads from the core's workload kind table. */
export function sectionOf(kind: string): SectionKind {
  if (WORKLOAD_KINDS.some((w) => w.kind === kind)) return 'workload';
  return kind === NAMESPACE_KIND ? 'namespace' : 'object';
}

/** The details pages that get a findings section: the target kinds whose apiVersion is known. */
export function detailPageKinds(): DetailPageKind[] {
  return findingTargetKinds().flatMap((kind) => {
    const apiVersion = API_VERSIONS[kind];
    return apiVersion ? [{ kind, apiVersions: [apiVersion], section: sectionOf(kind) }] : [];
  });
}
