import type { Finding } from '../../../../shared/src/model/finding.js';
import type { WorkloadRef } from '../../../../shared/src/model/workloadRef.js';
import { planUpgrades, type PackageTally } from '../../../../shared/src/insights/upgrades.js';
import type { PackageUpgrade } from '../panels/panelModel.js';

/**
 * The core's upgrade plan of one workload's findings as the panels' rows: one per package, its
 * findings counted once however many containers, reports or images carry them (the plan folds the
 * same vulnerability of one workload), what an upgrade fixes apart from what no version fixes.
 * A version the plan is not sure of is given as its candidates ("1.2.3 or 1.2.4").
 */
export function workloadUpgrades(findings: readonly Finding[], workload: WorkloadRef): PackageUpgrade[] {
  const plan = planUpgrades(findings.map((finding) => ({ finding, workload })));
  return [
    ...plan.fixable.map((u) => ({
      ...rowOf(u),
      fixedVersion: u.to ?? (u.candidates.join(' or ') || 'a version not known'),
      ids: u.fixes.map((f) => f.id),
    })),
    ...plan.unfixable.map((u) => ({ ...rowOf(u), ids: u.unfixed.map((f) => f.id) })),
  ];
}

function rowOf(t: PackageTally): Omit<PackageUpgrade, 'ids'> {
  return {
    package: t.package.name,
    installedVersion: t.package.installedVersion ?? '',
    findings: t.findings,
    counts: t.counts,
    images: t.imageRefs,
  };
}
