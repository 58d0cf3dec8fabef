// The Cluster view's rows from a real store fed with the real report fixtures: what each phase of
// the connection shows (never an empty tree), namespaces → workloads → kinds → findings with the
// store's counts, the cluster-scoped branch, status rows with the server's message, stable ids.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ReportStore } from '@trivy-findings/core/cluster/reportStore.js';
import { REPORT_KINDS, reportKindByName } from '@trivy-findings/core/model/reportKinds.js';
import { SEVERITIES } from '@trivy-findings/core/model/severity.js';
import type { KubeObject } from '@trivy-findings/core/ports/clusterSource.js';
import {
  clusterChildren,
  contextValueOf,
  countsText,
  descriptionOf,
  labelOf,
  reportsOfNode,
  type ClusterNode,
  type ClusterTreeSource,
} from '../src/views/clusterTreeModel.js';

const REPORTS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'reports');
const fixture = (name: string) => parse(readFileSync(join(REPORTS, name), 'utf8')) as KubeObject;

async function storeWith(files: readonly string[]): Promise<ReportStore> {
  const store = new ReportStore({ batchMs: 1 });
  const byKind = new Map<string, KubeObject[]>();
  for (const object of files.map(fixture))
    byKind.set(object.kind, [...(byKind.get(object.kind) ?? []), object]);
  for (const [kind, objects] of byKind)
    store.apply({ kind: reportKindByName(kind)! }, { type: 'synced', objects, first: true });
  await store.whenIdle();
  return store;
}

const connected = (store: ReportStore): ClusterTreeSource => ({
  connection: { phase: 'connected', context: 'kind-dev' },
  store,
});

describe('Cluster view rows', () => {
  it('shows one row for each connection phase but connected, with Retry where it helps', () => {
    const rows = (connection: ClusterTreeSource['connection']) => clusterChildren(undefined, { connection });
    assert.deepEqual(rows({ phase: 'connecting', context: 'kind-dev' }).map(labelOf), [
      'Connecting to kind-dev…',
    ]);
    const failed = rows({
      phase: 'failed',
      context: 'kind-dev',
      message: 'cannot reach the cluster at https://x: ECONNREFUSED',
    });
    assert.equal(failed.length, 1);
    assert.equal(labelOf(failed[0]!), 'Cannot reach kind-dev');
    assert.equal(descriptionOf(failed[0]!), 'cannot reach the cluster at https://x: ECONNREFUSED');
    assert.equal(contextValueOf(failed[0]!), 'message retry');
    const none = rows({ phase: 'no-kubeconfig', message: 'no kubeconfig found (looked at ~/.kube/config)' });
    assert.equal(none.length, 1);
    assert.match(descriptionOf(none[0]!), /looked at/);
  });

  it('lists namespaces, workloads, report kinds and findings with the store counts', async () => {
    const store = await storeWith([
      'vulnerabilityreport_replicaset-nginx_docs.yaml',
      'configauditreport_replicaset-nginx_docs.yaml',
      'clustercompliancereport_nsa-all_docs.yaml',
      'clustervulnerabilityreport_k8s-cluster_docs.yaml',
    ]);
    const source = connected(store);
    const root = clusterChildren(undefined, source);
    assert.deepEqual(
      root.map((r) => r.id),
      ['cluster-scoped', 'ns/default'],
    );
    const ns = root[1]!;
    assert.equal(descriptionOf(ns), countsText(store.countsFor({ namespace: 'default' })));
    assert.match(descriptionOf(ns), /^C:\d+/);

    const workloads = clusterChildren(ns, source);
    // A bare store files findings under the object reported on; the session lifts it to its owner.
    assert.deepEqual(workloads.map(labelOf), ['ReplicaSet nginx-6d4cf56db6']);
    const kinds = clusterChildren(workloads[0], source);
    assert.deepEqual(kinds.map(labelOf), ['VulnerabilityReport', 'ConfigAuditReport']);
    const vulns = clusterChildren(kinds[0], source);
    assert.equal(vulns.length, store.findingsForKind('VulnerabilityReport').length);
    const ranks = vulns.map((v) => (v.type === 'finding' ? SEVERITIES.indexOf(v.finding.severity) : -1));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      'most severe first',
    );
    assert.equal(new Set(vulns.map((v) => v.id)).size, vulns.length, 'finding row ids are unique');
    assert.deepEqual(
      clusterChildren(kinds[0], source).map((v) => v.id),
      vulns.map((v) => v.id),
      'and stable while the report is unchanged',
    );
    const first = vulns[0]!;
    assert.equal(first.type, 'finding');
    assert.match(contextValueOf(first), /^finding vulnerability/);

    const clusterKinds = clusterChildren(root[0], source);
    assert.deepEqual(
      clusterKinds.map(labelOf),
      ['ClusterVulnerabilityReport', 'ClusterComplianceReport'].sort(
        (a, b) => REPORT_KINDS.findIndex((k) => k.kind === a) - REPORT_KINDS.findIndex((k) => k.kind === b),
      ),
    );
    const compliance = clusterKinds.find((k) => labelOf(k) === 'ClusterComplianceReport')!;
    const reports = clusterChildren(compliance, source);
    assert.deepEqual(reports.map(labelOf), ['nsa']);
    const controls = clusterChildren(reports[0], source);
    assert.ok(
      controls.length > 0 && controls.every((c) => c.type === 'finding' && c.finding.type === 'compliance'),
    );
    assert.match(descriptionOf(controls[0]!), /fail|pass/, 'a control shows its status');

    // A finding an ignore file suppresses says which file and line, so two folders' files are told apart.
    const marked = { ...first, finding: { ...first.finding, suppressed: true } } as ClusterNode;
    assert.match(descriptionOf(marked), / · suppressed$/);
    const byFile = {
      ...marked,
      finding: {
        ...first.finding,
        suppressed: true,
        suppression: { source: 'ops/.trivyignore.yaml', line: 4 },
      },
    } as ClusterNode;
    assert.match(descriptionOf(byFile), / · suppressed by ops\/\.trivyignore\.yaml line 4$/);

    assert.deepEqual(
      reportsOfNode(workloads[0]!, store).map((r) => r.key),
      [
        'ConfigAuditReport/default/replicaset-nginx-6d4cf56db6',
        'VulnerabilityReport/default/replicaset-nginx-6d4cf56db6-nginx',
      ],
      'a rescan of the workload deletes both its reports',
    );
    assert.deepEqual(
      reportsOfNode(kinds[1]!, store).map((r) => r.key),
      ['ConfigAuditReport/default/replicaset-nginx-6d4cf56db6'],
    );
    store.dispose();
  });

  it("shows forbidden kinds with the server's message and groups the kinds not installed", async () => {
    const store = await storeWith(['vulnerabilityreport_replicaset-nginx_docs.yaml']);
    const message =
      'exposedsecretreports.aquasecurity.github.io is forbidden: User "dev" cannot list resource "exposedsecretreports"';
    store.setStatus({ kind: reportKindByName('ExposedSecretReport')! }, { state: 'forbidden', message });
    store.setStatus({ kind: reportKindByName('PolicyReport')! }, { state: 'not-installed' });
    store.setStatus({ kind: reportKindByName('ClusterPolicyReport')! }, { state: 'not-installed' });
    const root = clusterChildren(undefined, connected(store));
    const status = root.find((r) => r.type === 'status');
    assert.ok(status);
    assert.equal(labelOf(status), 'ExposedSecretReport: forbidden');
    assert.equal(descriptionOf(status), message);
    const notInstalled = root.find((r) => r.type === 'notInstalled');
    assert.ok(notInstalled);
    assert.equal(labelOf(notInstalled), '2 report kinds not installed');
    assert.deepEqual(clusterChildren(notInstalled, connected(store)).map(labelOf), [
      'PolicyReport: not installed',
      'ClusterPolicyReport: not installed',
    ]);
    store.dispose();
  });

  it('is never an empty tree: no reports, or no report kind served, is said', async () => {
    const empty = new ReportStore({ batchMs: 1 });
    assert.deepEqual(clusterChildren(undefined, connected(empty)).map(labelOf), [
      'No reports in kind-dev yet',
    ]);
    for (const kind of REPORT_KINDS) empty.setStatus({ kind }, { state: 'not-installed' });
    const rows: ClusterNode[] = clusterChildren(undefined, connected(empty));
    assert.deepEqual(rows.map(labelOf), [
      'No report kinds in kind-dev',
      `${REPORT_KINDS.length} report kinds not installed`,
    ]);
    assert.match(descriptionOf(rows[0]!), /Install Trivy Operator/);
    empty.dispose();
  });

  it('writes counts most severe first, non-zero only', () => {
    assert.equal(countsText({ CRITICAL: 3, HIGH: 12, MEDIUM: 0, LOW: 1, UNKNOWN: 0 }), 'C:3 H:12 L:1');
    assert.equal(countsText({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 }), '');
  });
});
