import type { FindingType } from './finding.js';
import { WORKLOAD_KINDS } from './workloadKinds.js';

/**
 * The only list of report kinds in the code base. Readers, the cluster watcher, the VS Code views
 * and the Lens registrations are all generated from it; adding a kind here is the first step of
 * "Adding a report kind" in ARCHITECTURE.md.
 *
 * Every entry mirrors a CRD in `test/fixtures/crds` (group, plural, scope, short names, versions);
 * `test/reportKinds.test.ts` checks the table against those files.
 */
export interface ReportKind {
  readonly kind: string;
  readonly listKind: string;
  readonly group: string;
  /** Served versions, preferred first. Discovery picks the first one a cluster serves. */
  readonly versions: readonly string[];
  readonly plural: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** The cluster-scoped form of a namespaced kind, and back. */
  readonly twin?: string;
  /** What its findings are; `undefined` for inventories (SBOMs) that carry no findings. */
  readonly findingType: FindingType | undefined;
  /**
   * Kinds of the objects it reports on, as the operator writes them in
   * `trivy-operator.resource.kind` (or the PolicyReport `scope`). `*` means any.
   */
  readonly attachesTo: readonly string[];
  /** The tool that writes it. */
  readonly writer: 'trivy-operator' | 'starboard' | 'policy-engine';
  /** Deprecated upstream; still read because old clusters have them. */
  readonly legacy?: boolean;
  /**
   * Set on the kinds Trivy Operator writes about every workload it scans with its default
   * settings: a workload without one is not (fully) scanned (`insights/coverage.ts`). `expires`:
   * the operator deletes such a report once it is older than its TTL (the annotation
   * `trivy-operator.aquasecurity.github.io/report-ttl`, set from OPERATOR_SCANNER_REPORT_TTL,
   * default 24h) and scans again (`pkg/operator/ttl_report.go`), so an older one is stale.
   * ConfigAuditReports are deleted on TTL only when the checks changed: kept, not stale.
   */
  readonly coverage?: { readonly expires: boolean };
}

/** The annotation holding a report's TTL as a Go duration (`24h0m0s`); `0s` marks it for deletion. */
export const REPORT_TTL_ANNOTATION = 'trivy-operator.aquasecurity.github.io/report-ttl';

const AQUA = 'aquasecurity.github.io';
const WGPOLICY = 'wgpolicyk8s.io';
const OPENREPORTS = 'openreports.io';

/** Workloads the operator scans for images and configuration (from the workload kind table). */
const WORKLOADS = WORKLOAD_KINDS.filter((w) => w.scanned).map((w) => w.kind);
/** Objects the operator audits for configuration besides workloads. */
const CONFIG_OBJECTS = [
  ...WORKLOADS,
  'Service',
  'ConfigMap',
  'Role',
  'RoleBinding',
  'NetworkPolicy',
  'Ingress',
  'ResourceQuota',
  'LimitRange',
];

function aqua(
  kind: string,
  plural: string,
  shortNames: string[],
  namespaced: boolean,
  findingType: FindingType | undefined,
  attachesTo: string[],
  twin?: string,
): ReportKind {
  return {
    kind,
    listKind: `${kind}List`,
    group: AQUA,
    versions: ['v1alpha1'],
    plural,
    shortNames,
    namespaced,
    findingType,
    attachesTo,
    writer: 'trivy-operator',
    ...(twin ? { twin } : {}),
  };
}

export const REPORT_KINDS: readonly ReportKind[] = [
  {
    ...aqua(
      'VulnerabilityReport',
      'vulnerabilityreports',
      ['vuln', 'vulns'],
      true,
      'vulnerability',
      WORKLOADS,
      'ClusterVulnerabilityReport',
    ),
    coverage: { expires: true },
  },
  aqua(
    'ClusterVulnerabilityReport',
    'clustervulnerabilityreports',
    ['clustervuln'],
    false,
    'vulnerability',
    ['Cluster', 'Node'],
    'VulnerabilityReport',
  ),
  {
    ...aqua(
      'ConfigAuditReport',
      'configauditreports',
      ['configaudit', 'configaudits'],
      true,
      'misconfiguration',
      CONFIG_OBJECTS,
      'ClusterConfigAuditReport',
    ),
    coverage: { expires: false },
  },
  aqua(
    'ClusterConfigAuditReport',
    'clusterconfigauditreports',
    ['clusterconfigaudit'],
    false,
    'misconfiguration',
    ['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Node', 'Namespace'],
    'ConfigAuditReport',
  ),
  aqua(
    'ExposedSecretReport',
    'exposedsecretreports',
    ['exposedsecret', 'exposedsecrets'],
    true,
    'secret',
    WORKLOADS,
  ),
  aqua(
    'RbacAssessmentReport',
    'rbacassessmentreports',
    ['rbacassessment', 'rbacassessments'],
    true,
    'rbac',
    ['Role'],
    'ClusterRbacAssessmentReport',
  ),
  aqua(
    'ClusterRbacAssessmentReport',
    'clusterrbacassessmentreports',
    ['clusterrbacassessmentreport'],
    false,
    'rbac',
    ['ClusterRole'],
    'RbacAssessmentReport',
  ),
  aqua(
    'InfraAssessmentReport',
    'infraassessmentreports',
    ['infraassessment', 'infraassessments'],
    true,
    'infra',
    ['Pod'],
    'ClusterInfraAssessmentReport',
  ),
  aqua(
    'ClusterInfraAssessmentReport',
    'clusterinfraassessmentreports',
    ['clusterinfraassessment'],
    false,
    'infra',
    ['Node'],
    'InfraAssessmentReport',
  ),
  aqua('ClusterComplianceReport', 'clustercompliancereports', ['compliance'], false, 'compliance', [
    'Cluster',
  ]),
  aqua('SbomReport', 'sbomreports', ['sbom', 'sboms'], true, undefined, WORKLOADS, 'ClusterSbomReport'),
  aqua(
    'ClusterSbomReport',
    'clustersbomreports',
    ['clustersbom'],
    false,
    undefined,
    ['Cluster', 'Node'],
    'SbomReport',
  ),
  {
    kind: 'CISKubeBenchReport',
    listKind: 'CISKubeBenchReportList',
    group: AQUA,
    versions: ['v1alpha1'],
    plural: 'ciskubebenchreports',
    shortNames: ['kubebench'],
    namespaced: false,
    findingType: 'infra',
    attachesTo: ['Node'],
    writer: 'starboard',
    legacy: true,
  },
  {
    kind: 'PolicyReport',
    listKind: 'PolicyReportList',
    group: WGPOLICY,
    // v1alpha1 is what clusters before Kyverno 1.7 and the first polr adapters served.
    versions: ['v1alpha2', 'v1alpha1'],
    plural: 'policyreports',
    shortNames: ['polr'],
    namespaced: true,
    twin: 'ClusterPolicyReport',
    findingType: 'policy',
    attachesTo: ['*'],
    writer: 'policy-engine',
  },
  {
    kind: 'ClusterPolicyReport',
    listKind: 'ClusterPolicyReportList',
    group: WGPOLICY,
    versions: ['v1alpha2', 'v1alpha1'],
    plural: 'clusterpolicyreports',
    shortNames: ['cpolr'],
    namespaced: false,
    twin: 'PolicyReport',
    findingType: 'policy',
    attachesTo: ['*'],
    writer: 'policy-engine',
  },
  {
    kind: 'Report',
    listKind: 'ReportList',
    group: OPENREPORTS,
    versions: ['v1alpha1'],
    plural: 'reports',
    shortNames: ['reps'],
    namespaced: true,
    twin: 'ClusterReport',
    findingType: 'policy',
    attachesTo: ['*'],
    writer: 'policy-engine',
  },
  {
    kind: 'ClusterReport',
    listKind: 'ClusterReportList',
    group: OPENREPORTS,
    versions: ['v1alpha1'],
    plural: 'clusterreports',
    shortNames: ['creps'],
    namespaced: false,
    twin: 'Report',
    findingType: 'policy',
    attachesTo: ['*'],
    writer: 'policy-engine',
  },
];

const BY_GROUP_KIND = new Map(REPORT_KINDS.map((k) => [`${k.group}/${k.kind}`, k]));

/** Looks a kind up by `apiVersion` (`group/version`) and kind; the version must be one the table knows. */
export function reportKindOf(apiVersion: unknown, kind: unknown): ReportKind | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const slash = apiVersion.lastIndexOf('/');
  if (slash < 0) return undefined;
  const entry = BY_GROUP_KIND.get(`${apiVersion.slice(0, slash)}/${kind}`);
  return entry && entry.versions.includes(apiVersion.slice(slash + 1)) ? entry : undefined;
}

/** Looks a kind up by its name alone (`VulnerabilityReport`); kind names are unique in the table. */
export function reportKindByName(kind: string): ReportKind | undefined {
  return REPORT_KINDS.find((k) => k.kind === kind);
}

/**
 * Looks a kind up the way kubectl does: kind, plural, singular or short name, any case
 * (`vuln`, `vulnerabilityreports`, `VulnerabilityReport`).
 */
export function reportKindByAnyName(name: string): ReportKind | undefined {
  const n = name.toLowerCase();
  return REPORT_KINDS.find((k) => k.kind.toLowerCase() === n || k.plural === n || k.shortNames.includes(n));
}
