import { FINDING_TYPES, type Finding, type FindingType } from '../../../../shared/src/model/finding.js';
import { matchesFilter } from '../../../../shared/src/model/findingFilter.js';
import { REPORT_KINDS, type ReportKind } from '../../../../shared/src/model/reportKinds.js';
import { WORKLOAD_KINDS, workloadKindOf } from '../../../../shared/src/model/workloadKinds.js';

/** One tab of a Security findings section: the findings of one type, from the report kinds that carry it. */
export interface FindingTab {
  readonly type: FindingType;
  readonly label: string;
  /** The report kinds whose findings of this type are about objects of the section's kind. */
  readonly reportKinds: readonly ReportKind[];
}

/** The tab title of each finding type; typed over every type, so a new type needs a title. */
export const FINDING_TYPE_LABELS: Readonly<Record<FindingType, string>> = {
  vulnerability: 'Vulnerabilities',
  misconfiguration: 'Config audit',
  secret: 'Exposed secrets',
  rbac: 'RBAC assessment',
  infra: 'Infra assessment',
  compliance: 'Compliance',
  policy: 'Policy results',
  license: 'Licenses',
};

const SCANNED_WORKLOADS = WORKLOAD_KINDS.filter((w) => w.scanned).map((w) => w.kind);

/**
 * Whether a report kind's findings concern objects of `kind`. A workload kind that Trivy Operator
 * does not scan itself (a Deployment, scanned through its ReplicaSets) gets the reports the operator
 * writes about every scanned workload, which the store files under it; not those about one kind
 * only (an InfraAssessmentReport is about control-plane Pods).
 */
function attachesTo(reportKind: ReportKind, kind: string): boolean {
  if (reportKind.attachesTo.includes('*') || reportKind.attachesTo.includes(kind)) return true;
  const workload = workloadKindOf(kind);
  return !!workload && !workload.scanned && SCANNED_WORKLOADS.every((k) => reportKind.attachesTo.includes(k));
}

/**
 * The tabs of the section of an object of `kind`, from the core's report kind table: one per type
 * of finding that a report kind of the object's scope (namespaced objects get namespaced reports,
 * cluster-scoped ones cluster reports) carries about that kind, in the order of the core's types.
 * A type found in `findings` without a report kind of its own here still gets its tab, so nothing
 * given is hidden.
 */
export function findingTabs(
  kind: string,
  namespaced: boolean,
  findings: readonly Finding[] = [],
): FindingTab[] {
  const kindsByType = new Map<FindingType, ReportKind[]>();
  for (const r of REPORT_KINDS) {
    if (!r.findingType || r.namespaced !== namespaced || !attachesTo(r, kind)) continue;
    const list = kindsByType.get(r.findingType);
    if (list) list.push(r);
    else kindsByType.set(r.findingType, [r]);
  }
  for (const f of findings)
    if (!kindsByType.has(f.type))
      kindsByType.set(
        f.type,
        REPORT_KINDS.filter((r) => r.findingType === f.type),
      );
  return FINDING_TYPES.filter((t) => kindsByType.has(t)).map((type) => ({
    type,
    label: FINDING_TYPE_LABELS[type],
    reportKinds: kindsByType.get(type)!,
  }));
}

/**
 * The findings a tab lists before the person's filters: failures and warnings that are not
 * suppressed, as everywhere; a policy tab lists passed and skipped results too when the store kept
 * them, as policy-reporter does.
 */
export function tabFindingCount(findings: readonly Finding[], type: FindingType): number {
  let n = 0;
  for (const f of findings)
    if (f.type === type && (type === 'policy' ? !f.suppressed : matchesFilter(f, {}))) n++;
  return n;
}
