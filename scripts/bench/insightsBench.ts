// Insight benchmarks: what a host pays to recompute an insight over the whole store on every
// change batch, against summarising the same findings (what it already does on every batch).
//  insights-upgrades  planUpgrades over every finding of a store of 2,000 generated workloads
//                     (real report shapes, generateReports) ÷ summarizeFindings over the same
//                     (goal ≤ 3: an upgrade plan compares versions, a summary only counts)
//  insights-coverage  computeCoverage of the same 2,000 workloads (with their ReplicaSets) ÷
//                     summarizeFindings over their findings (goal ≤ 0.5: coverage reads reports,
//                     never their findings)
import { ReportStore } from '../../shared/src/cluster/reportStore.js';
import { WorkloadInventory } from '../../shared/src/cluster/workloadInventory.js';
import { planUpgrades } from '../../shared/src/insights/upgrades.js';
import { computeCoverage } from '../../shared/src/insights/coverage.js';
import { reportKindByName } from '../../shared/src/model/reportKinds.js';
import { WORKLOAD_KINDS } from '../../shared/src/model/workloadKinds.js';
import type { KubeObject } from '../../shared/src/ports/clusterSource.js';
import { summarizeFindings } from '../../shared/src/summary/findingSummary.js';
import { generateReports } from '../../test/doubles/fakeApiServer/generateReports.js';
import { ratioLine, timeMedian } from './measure.js';

const WORKLOADS = 2000;

export function benchInsights(print: (line: string) => void): void {
  const cluster = generateReports(WORKLOADS, 7);
  const store = new ReportStore({ batchMs: 1 });
  const inventory = new WorkloadInventory(1);
  const synced = (objects: readonly object[]) =>
    ({ type: 'synced', objects: objects as KubeObject[], first: true }) as const;
  store.apply({ kind: reportKindByName('VulnerabilityReport')! }, synced(cluster.vulnerabilityReports));
  store.apply({ kind: reportKindByName('ConfigAuditReport')! }, synced(cluster.configAuditReports));
  // Every workload kind listed: Deployments and ReplicaSets as generated, the other kinds empty.
  for (const kind of WORKLOAD_KINDS) {
    const objects =
      kind.kind === 'Deployment'
        ? cluster.deployments
        : kind.kind === 'ReplicaSet'
          ? cluster.replicaSets
          : [];
    inventory.apply({ kind }, synced(objects));
    inventory.setStatus({ kind }, { state: 'ok' });
  }
  for (const kind of ['VulnerabilityReport', 'ConfigAuditReport'])
    store.setStatus({ kind: reportKindByName(kind)! }, { state: 'ok' });

  const items = [...store.findingsWithWorkloads()];
  let fixable = 0;
  let rows = 0;
  const summary = timeMedian(() => summarizeFindings(items), 5);
  const upgrades = timeMedian(() => {
    fixable = planUpgrades(items).fixable.length;
  }, 5);
  const now = Date.now();
  const coverage = timeMedian(() => {
    rows = computeCoverage({ workloads: inventory, reports: store }, now).workloads.length;
  }, 5);
  print(ratioLine('insights-upgrades', upgrades / summary, 3));
  print(
    `  ${items.length} findings: planUpgrades ${upgrades.toFixed(1)} ms (${fixable} fixable packages), summarizeFindings ${summary.toFixed(1)} ms`,
  );
  print(ratioLine('insights-coverage', coverage / summary, 0.5));
  print(`  ${rows} workloads: computeCoverage ${coverage.toFixed(1)} ms`);
  store.dispose();
  inventory.dispose();
}
