// The Cluster view's rows of the core's insights, as plain data (no `vscode`): coverage (which
// workloads Trivy Operator has scanned, `insights/coverage.ts`) and upgrades (vulnerabilities
// grouped by the package version that clears them, `insights/upgrades.ts`). The core computes both;
// this only shapes their answers into rows. `clusterTreeModel.ts` places them in the tree.
import type {
  CoverageCounts,
  CoverageReport,
  UnknownScope,
  WorkloadCoverage,
} from '@trivy-findings/core/insights/coverage.js';
import type { PackageUpgrade, UnfixedPackage, UpgradePlan } from '@trivy-findings/core/insights/upgrades.js';
import type { SeverityCounts } from '@trivy-findings/core/model/severity.js';
import {
  coverageCountsText,
  coverageStateText,
  noFixText,
  unfixedSentence,
  upgradeSentence,
} from '../insights/insightText.js';
import { upgradeEntryId } from '../insights/upgradeEntries.js';

/** What the rows of insights are read from: the shown session's coverage and upgrade plans. */
export interface ClusterInsights {
  /** The coverage now; `undefined` when the session does not watch workloads. */
  coverage(): CoverageReport | undefined;
  /** The upgrade plan of one namespace's vulnerabilities. */
  upgrades(namespace: string): UpgradePlan;
}

export type InsightNode =
  | {
      /** The cluster's coverage: counts of each state; children are what is not simply scanned. */
      readonly type: 'coverage';
      readonly id: string;
      readonly coverageCounts: CoverageCounts;
      readonly unknownScopes: number;
    }
  | {
      /** A workload listing that failed: its workloads' coverage is unknown, not clean. */
      readonly type: 'coverageScope';
      readonly id: string;
      readonly scope: UnknownScope;
    }
  | {
      /** A workload the cluster has but no report is about: never a row with zero counts. */
      readonly type: 'coverageWorkload';
      readonly id: string;
      readonly coverage: WorkloadCoverage;
      /** `not scanned`, `scanning`, `stale: report 3 d old` … */
      readonly stateText: string;
    }
  | {
      readonly type: 'upgrades';
      readonly id: string;
      readonly namespace: string;
      readonly fixable: number;
      readonly unfixable: number;
    }
  | {
      readonly type: 'upgrade';
      readonly id: string;
      readonly namespace: string;
      /** `upgradeEntryId(true, key)`: what the viewer's filter takes. */
      readonly entry: string;
      readonly upgrade: PackageUpgrade;
      readonly counts: SeverityCounts;
    }
  | { readonly type: 'noFix'; readonly id: string; readonly namespace: string; readonly packages: number }
  | {
      readonly type: 'unfixedPackage';
      readonly id: string;
      readonly namespace: string;
      readonly entry: string;
      readonly pkg: UnfixedPackage;
      readonly counts: SeverityCounts;
    }
  | {
      /** A workload an upgrade (or a package without a fix) clears findings in. */
      readonly type: 'upgradeWorkload';
      readonly id: string;
      readonly namespace: string;
      readonly entry: string;
      /** Workload key (`Deployment/shop/web`). */
      readonly workload: string;
    };

export type InsightNodeType = InsightNode['type'];

// Package keys hold NUL separators; ids are shown nowhere, but kept printable.
const idText = (key: string) => key.replace(/\0/g, '|');

export const insightIds = {
  coverage: () => 'coverage',
  coverageScope: (s: UnknownScope) => `cv/scope/${s.kind}/${s.namespace ?? '*'}`,
  coverageWorkload: (key: string) => `cv/wl/${key}`,
  upgrades: (ns: string) => `up/${ns}`,
  noFix: (ns: string) => `up/${ns}/nofix`,
  entry: (ns: string, entry: string) => `up/${ns}/${idText(entry)}`,
  upgradeWorkload: (ns: string, entry: string, key: string) => `up/${ns}/${idText(entry)}/${key}`,
} as const;

/** The root's Coverage row, when the session watches workloads. */
export function coverageRow(report: CoverageReport): InsightNode {
  return {
    type: 'coverage',
    id: insightIds.coverage(),
    coverageCounts: report.totals,
    unknownScopes: report.unknownScopes.length,
  };
}

/**
 * A message for the root when workloads may not be listed (forbidden, unauthorized): coverage
 * there is unknown, which the rows must say rather than show nothing as if all were scanned.
 */
export function refusedListings(report: CoverageReport): UnknownScope[] {
  return report.unknownScopes.filter((s) => s.state === 'forbidden' || s.state === 'unauthorized');
}

/** The coverage row's children: failed listings, then every workload that is not simply scanned. */
export function coverageChildren(report: CoverageReport): InsightNode[] {
  const now = Date.parse(report.at);
  return [
    ...report.unknownScopes.map((scope): InsightNode => ({
      type: 'coverageScope',
      id: insightIds.coverageScope(scope),
      scope,
    })),
    ...report.workloads
      .filter((w) => w.state !== 'scanned')
      .map((w) => coverageWorkloadRow(w, now, `cv/all/${w.key}`)),
  ];
}

export function coverageWorkloadRow(w: WorkloadCoverage, now: number, id?: string): InsightNode {
  return {
    type: 'coverageWorkload',
    id: id ?? insightIds.coverageWorkload(w.key),
    coverage: w,
    stateText: coverageStateText(w, now),
  };
}

/** The Upgrades row of a namespace, when any of its vulnerabilities is in a package. */
export function upgradesRow(namespace: string, plan: UpgradePlan): InsightNode | undefined {
  if (plan.fixable.length === 0 && plan.unfixable.length === 0) return undefined;
  return {
    type: 'upgrades',
    id: insightIds.upgrades(namespace),
    namespace,
    fixable: plan.fixable.length,
    unfixable: plan.unfixable.length,
  };
}

/** Each upgrade, most it clears first, then the packages no version fixes yet, as one row. */
export function upgradeChildren(namespace: string, plan: UpgradePlan): InsightNode[] {
  const rows: InsightNode[] = plan.fixable.map((upgrade) => {
    const entry = upgradeEntryId(true, upgrade.key);
    return {
      type: 'upgrade',
      id: insightIds.entry(namespace, entry),
      namespace,
      entry,
      upgrade,
      counts: upgrade.counts,
    };
  });
  if (plan.unfixable.length > 0)
    rows.push({ type: 'noFix', id: insightIds.noFix(namespace), namespace, packages: plan.unfixable.length });
  return rows;
}

export function unfixedChildren(namespace: string, plan: UpgradePlan): InsightNode[] {
  return plan.unfixable.map((pkg) => {
    const entry = upgradeEntryId(false, pkg.key);
    return {
      type: 'unfixedPackage',
      id: insightIds.entry(namespace, entry),
      namespace,
      entry,
      pkg,
      counts: pkg.counts,
    };
  });
}

/** The workloads of an upgrade's (or an unfixed package's) findings. */
export function entryWorkloads(
  namespace: string,
  entry: string,
  workloadKeys: readonly string[],
): InsightNode[] {
  return workloadKeys.map((workload) => ({
    type: 'upgradeWorkload',
    id: insightIds.upgradeWorkload(namespace, entry, workload),
    namespace,
    entry,
    workload,
  }));
}

/** The children of an insight row. */
export function insightChildren(node: InsightNode, insights: ClusterInsights | undefined): InsightNode[] {
  if (!insights) return [];
  switch (node.type) {
    case 'coverage': {
      const report = insights.coverage();
      return report ? coverageChildren(report) : [];
    }
    case 'upgrades':
      return upgradeChildren(node.namespace, insights.upgrades(node.namespace));
    case 'noFix':
      return unfixedChildren(node.namespace, insights.upgrades(node.namespace));
    case 'upgrade':
      return entryWorkloads(node.namespace, node.entry, node.upgrade.workloadKeys);
    case 'unfixedPackage':
      return entryWorkloads(node.namespace, node.entry, node.pkg.workloadKeys);
    default:
      return [];
  }
}

const SCOPE_STATE_TEXT: Readonly<Record<UnknownScope['state'], string>> = {
  ok: 'listed',
  'not-installed': 'not served',
  forbidden: 'may not be listed (forbidden)',
  unauthorized: 'may not be listed (unauthorized)',
  unreachable: 'unreachable',
  'not-synced': 'not listed yet',
};

export function insightLabel(node: InsightNode): string {
  switch (node.type) {
    case 'coverage':
      return 'Coverage';
    case 'coverageScope':
      return `${node.scope.kind}s ${node.scope.namespace === null ? 'in all namespaces' : `in ${node.scope.namespace}`}: ${SCOPE_STATE_TEXT[node.scope.state]}`;
    case 'coverageWorkload':
      return `${node.coverage.kind} ${node.coverage.name}`;
    case 'upgrades':
      return 'Upgrades';
    case 'upgrade':
      return upgradeSentence(node.upgrade);
    case 'noFix':
      return noFixText(node.packages);
    case 'unfixedPackage':
      return unfixedSentence(node.pkg);
    case 'upgradeWorkload':
      return node.workload;
  }
}

export function insightDescription(node: InsightNode, countsText: (c: SeverityCounts) => string): string {
  switch (node.type) {
    case 'coverage':
      return (
        coverageCountsText(node.coverageCounts) + (node.unknownScopes > 0 ? ' · some listings failed' : '')
      );
    case 'coverageScope':
      return node.scope.message ?? '';
    case 'coverageWorkload': {
      const w = node.coverage;
      const where = node.id.startsWith('cv/all/') ? `${w.namespace} · ` : '';
      return `${where}${node.stateText}${w.reason ? ` — ${w.reason}` : ''}`;
    }
    case 'upgrades': {
      const parts = [`${node.fixable} upgrade${node.fixable === 1 ? '' : 's'}`];
      if (node.unfixable > 0) parts.push(noFixText(node.unfixable));
      return parts.join(' · ');
    }
    case 'upgrade':
    case 'unfixedPackage':
      return countsText(node.counts);
    case 'noFix':
    case 'upgradeWorkload':
      return '';
  }
}

/** A workload row's coverage, or the root's count of a namespace: what the description adds. */
export function namespaceCoverageText(counts: CoverageCounts | undefined): string {
  return counts ? coverageCountsText(counts) : '';
}
