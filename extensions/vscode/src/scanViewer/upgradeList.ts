// The viewer's Upgrades list: the core's upgrade plan of the findings shown, as plain lines the
// page lists and filters by (see protocol.ts).
import { planUpgrades } from '@trivy-findings/core/insights/upgrades.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { unfixedSentence, upgradeSentence } from '../insights/insightText.js';
import { upgradeEntryId } from '../insights/upgradeEntries.js';
import type { WorkloadOf } from './findingRows.js';
import type { UpgradeEntry } from './protocol.js';

/** The upgrades that fix the findings' vulnerabilities, most they clear first, then the packages without a fix. */
export function upgradeList(findings: readonly Finding[], workloadOf: WorkloadOf): UpgradeEntry[] {
  const plan = planUpgrades(findings.map((finding) => ({ finding, workload: workloadOf(finding) })));
  return [
    ...plan.fixable.map((u) => ({
      entry: upgradeEntryId(true, u.key),
      fixable: true,
      text: upgradeSentence(u),
      counts: u.counts,
      worst: u.worst,
      findings: u.findings,
    })),
    ...plan.unfixable.map((p) => ({
      entry: upgradeEntryId(false, p.key),
      fixable: false,
      text: unfixedSentence(p),
      counts: p.counts,
      worst: p.worst,
      findings: p.findings,
    })),
  ];
}
