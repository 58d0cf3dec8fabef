// What a filter change costs the Cluster view: its root rows and every namespace's workload rows
// built by the real tree model from a store of 2,000 generated workloads (real report shapes,
// generateReports) seen through "HIGH and CRITICAL, fixable" — counts recounted from the findings —
// against summarizeFindings over the same findings, which a host already does on every change
// batch. `scripts/bench/clusterFilter.ts` runs this in a child process and prints what it writes
// to stdout: `{ "findings": …, "filteredMs": …, "unfilteredMs": …, "summaryMs": … }`.
import { ReportStore } from '@trivy-findings/core/cluster/reportStore.js';
import { reportKindByName } from '@trivy-findings/core/model/reportKinds.js';
import type { KubeObject } from '@trivy-findings/core/ports/clusterSource.js';
import { summarizeFindings } from '@trivy-findings/core/summary/findingSummary.js';
import { generateReports } from '../../../../test/doubles/fakeApiServer/generateReports.js';
import { timeMedian } from '../../../../scripts/bench/measure.js';
import { filteredClusterStore } from '../../src/filters/filteredClusterStore.js';
import {
  HIGH_AND_CRITICAL_FIXABLE,
  NO_FILTERS,
  type FindingFilters,
} from '../../src/filters/findingFilters.js';
import { clusterChildren, type ClusterTreeSource } from '../../src/views/clusterTreeModel.js';

const WORKLOADS = 2000;

const cluster = generateReports(WORKLOADS, 7);
const store = new ReportStore({ batchMs: 1 });
const synced = (objects: readonly object[]) =>
  ({ type: 'synced', objects: objects as KubeObject[], first: true }) as const;
store.apply({ kind: reportKindByName('VulnerabilityReport')! }, synced(cluster.vulnerabilityReports));
store.apply({ kind: reportKindByName('ConfigAuditReport')! }, synced(cluster.configAuditReports));
for (const kind of ['VulnerabilityReport', 'ConfigAuditReport'])
  store.setStatus({ kind: reportKindByName(kind)! }, { state: 'ok' });

/** The rows a person sees with every namespace expanded, and the badge's total. */
function expandedRows(filters: FindingFilters): number {
  const source: ClusterTreeSource = {
    connection: { phase: 'connected', context: 'bench' },
    store: filteredClusterStore(store, filters),
  };
  let rows = 0;
  for (const root of clusterChildren(undefined, source)) rows += 1 + clusterChildren(root, source).length;
  source.store!.countsFor();
  return rows;
}

// The package is CommonJS (VS Code requires the bundle): no top-level await.
void store.whenIdle().then(() => {
  const items = [...store.findingsWithWorkloads()];
  const summaryMs = timeMedian(() => summarizeFindings(items), 5);
  const filteredMs = timeMedian(() => expandedRows(HIGH_AND_CRITICAL_FIXABLE), 5);
  const unfilteredMs = timeMedian(() => expandedRows(NO_FILTERS), 5);
  const rows = expandedRows(NO_FILTERS);
  process.stdout.write(JSON.stringify({ findings: items.length, rows, filteredMs, unfilteredMs, summaryMs }));
});
