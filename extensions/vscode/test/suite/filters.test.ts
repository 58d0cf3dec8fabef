import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, Settings } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import { countsText, descriptionOf, type ClusterNode } from '../../src/views/clusterTreeModel.js';
import { FAKE_CONTEXTS } from '../harness/clusterControlProtocol.js';
import { requireClusterControl } from './workbench/clusterControl.js';
import {
  EXTENSION_ID,
  HELM_SCAN,
  IMAGE_SCAN,
  waitForDiagnostics,
  workspaceUri,
} from './workbench/testWorkspace.js';
import { uiDriver } from './workbench/uiDriver.js';
import { waitFor } from './workbench/waitFor.js';
import { WorkbenchPage } from './workbench/workbenchPage.js';

// The manifest the launcher had kubectl write; kind-dev's reports about its ReplicaSet place four
// failed findings on it: CVE-2019-20367 (CRITICAL, fixed in 0.9.1-2+deb10u1), CVE-2018-25009
// (CRITICAL, no fix), privilegeEscalationAllowed (CRITICAL) and notReadOnlyRootFilesystem (LOW).
const MANIFEST = 'k8s/nginx-deployment.yaml';
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('Filters shared by the views, the counts and the diagnostics', function () {
  let api: ExtensionApi;
  let page: WorkbenchPage | undefined;
  const config = () => vscode.workspace.getConfiguration();
  const source = `Trivy (${FAKE_CONTEXTS.dev})`;
  const fromCluster = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === source);
  const children = (parent?: ClusterNode) => api.cluster.view.provider.getChildren(parent);
  const store = () => {
    const state = api.cluster.connection.state;
    assert.equal(state.phase, 'connected');
    return state.session.store;
  };
  /** Whether some namespace's Upgrades branch lists packages with no fix yet. */
  const anyNoFixRow = () =>
    children()
      .filter((r) => r.type === 'namespace')
      .flatMap((ns) => children(ns).filter((r) => r.type === 'upgrades'))
      .some((u) => children(u).some((r) => r.type === 'noFix'));
  /** The root rows' counts, as the Cluster view shows them. */
  const rootCounts = () =>
    children()
      .filter((r) => r.type === 'namespace')
      .map((r) => `${r.id} ${descriptionOf(r)}`);

  before(async function () {
    requireClusterControl(this);
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await api.ready;
    const driver = uiDriver();
    page = driver ? new WorkbenchPage(driver) : undefined;
    await waitFor(
      () => api.cluster.connection.state,
      (s) => s.phase === 'connected' && s.context === FAKE_CONTEXTS.dev,
      { what: 'the connection to kind-dev', timeoutMs: 30_000 },
    );
    await store().whenIdle();
    // Findings in the Workspace view: four MEDIUM vulnerabilities of alpine:3.10 (all fixed in a
    // later version) and the Helm chart's checks (one HIGH, three MEDIUM, two LOW).
    await vscode.commands.executeCommand(Commands.openScanFile, workspaceUri(IMAGE_SCAN));
    await vscode.commands.executeCommand(Commands.openScanFile, workspaceUri(HELM_SCAN));
  });

  after(async function () {
    await vscode.commands.executeCommand(Commands.clearFilters);
  });

  it('starts with every severity shown, as Trivy does, and no filter in the settings', () => {
    assert.deepEqual(api.filters.filters.severities, ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']);
    assert.equal(api.filters.filters.ignoreUnfixed, false);
    assert.equal(config().inspect(Settings.filterSeverities)?.workspaceValue, undefined);
  });

  it('"Show only HIGH and CRITICAL, fixable" changes the Cluster tree, the Workspace view and the diagnostics at once; Clear brings them back', async () => {
    const manifest = workspaceUri(MANIFEST);
    const all = fromCluster(
      await waitForDiagnostics(manifest, "the cluster's four findings", (d) => fromCluster(d).length === 4),
    );
    assert.equal(all.length, 4);
    const countsBefore = rootCounts();
    assert.ok(
      countsBefore.some((c) => /[ML]:\d/.test(c)),
      `MEDIUM or LOW counts in ${countsBefore.join('; ')}`,
    );
    const workspaceBefore = await waitFor(
      () => api.workspaceView.rows(),
      (rows) => rows.some((r) => r.includes('CVE-2019-1549')) && rows.length > 8,
      { what: 'the Workspace view with both scans' },
    );
    const storeCounts = store().countsFor();
    const reportsBefore = store().size;
    // CVE-2018-25009 in libwebp6 has no fix: its package is under "no fix yet" in the Upgrades.
    assert.ok(anyNoFixRow(), 'a "no fix yet" row before the filter');

    await vscode.commands.executeCommand(Commands.filterHighCriticalFixable);

    // Diagnostics: the fixed CRITICAL vulnerability and the CRITICAL check stay.
    const filtered = fromCluster(
      await waitForDiagnostics(manifest, 'two findings under the filter', (d) => fromCluster(d).length === 2),
    );
    assert.deepEqual(filtered.map(codeOf).sort(), ['CVE-2019-20367', 'privilegeEscalationAllowed']);
    // The Cluster tree: no MEDIUM, LOW or UNKNOWN count on any namespace row.
    const countsAfter = await waitFor(
      () => rootCounts(),
      (rows) => rows.every((r) => !/[MLU]:\d/.test(r)),
      { what: 'namespace rows with HIGH and CRITICAL counts only' },
    );
    assert.notDeepEqual(countsAfter, countsBefore);
    // Its rows agree with its counts: a workload's kinds hold only HIGH and CRITICAL fixable findings.
    const payments = children().find((r) => r.id === 'ns/payments');
    assert.ok(payments);
    for (const w of children(payments)
      .filter((r) => r.type === 'workload')
      .slice(0, 3))
      for (const k of children(w))
        for (const f of children(k)) {
          assert.ok(f.type === 'finding');
          assert.ok(['CRITICAL', 'HIGH'].includes(f.finding.severity), f.id);
          if (f.finding.type === 'vulnerability') assert.ok(f.finding.package?.fixedVersion, f.id);
        }
    // The Upgrades plan what the view shows: "fixable only" leaves no package without a fix.
    assert.ok(!anyNoFixRow(), 'no "no fix yet" row under "fixable only"');
    assert.match(api.cluster.view.treeView.description ?? '', /filtered: HIGH\+, fixable/);
    // The Workspace view: alpine's MEDIUM vulnerabilities and the chart's MEDIUM and LOW checks go.
    const workspaceAfter = api.workspaceView.rows();
    assert.ok(!workspaceAfter.some((r) => r.includes('CVE-2019-1549')), JSON.stringify(workspaceAfter));
    assert.ok(workspaceAfter.length > 0 && workspaceAfter.length < workspaceBefore.length);
    // Nothing was fetched again: the store is the same, its own counts unchanged.
    assert.deepEqual(store().countsFor(), storeCounts);
    assert.equal(store().size, reportsBefore);
    // The settings hold it, in the workspace: it persists and can be shared.
    assert.deepEqual(config().inspect(Settings.filterSeverities)?.workspaceValue, ['CRITICAL', 'HIGH']);
    assert.equal(config().inspect(Settings.filterIgnoreUnfixed)?.workspaceValue, true);

    if (page) {
      await vscode.commands.executeCommand('trivyFindings.cluster.focus');
      // Rows an earlier spec expanded (the Coverage row's stale workloads) would push the
      // namespaces below the pane's fold, where the tree renders nothing: collapsed first.
      await vscode.commands.executeCommand('workbench.actions.treeView.trivyFindings.cluster.collapseAll');
      const first = children().find((r) => r.type === 'namespace');
      assert.ok(first?.type === 'namespace');
      await page.sideBar.waitForTreeRows('Cluster', (rows) =>
        rows.some((r) => r.includes(first.namespace) && r.includes(descriptionOf(first))),
      );
      await page.screenshot('vscode-filters-high-critical-fixable.png');
    }

    await vscode.commands.executeCommand(Commands.clearFilters);
    await waitForDiagnostics(manifest, 'the four findings again', (d) => fromCluster(d).length === 4);
    await waitFor(
      () => rootCounts(),
      (rows) => JSON.stringify(rows) === JSON.stringify(countsBefore),
      { what: 'the namespace counts as before' },
    );
    assert.deepEqual(api.workspaceView.rows(), workspaceBefore);
    assert.equal(api.cluster.view.treeView.description, FAKE_CONTEXTS.dev);
    assert.equal(config().inspect(Settings.filterSeverities)?.workspaceValue, undefined);
  });

  it('applies a filter written to the settings by hand to the diagnostics and the counts', async () => {
    const manifest = workspaceUri(MANIFEST);
    await config().update(Settings.filterSeverities, ['LOW'], vscode.ConfigurationTarget.Workspace);
    const low = fromCluster(
      await waitForDiagnostics(manifest, 'the LOW finding only', (d) => fromCluster(d).length === 1),
    );
    assert.equal(codeOf(low[0]!), 'notReadOnlyRootFilesystem');
    const status = store().countsFor();
    const totals = api.cluster.view.provider.totals();
    assert.deepEqual(totals, { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: totals!.LOW, UNKNOWN: 0 });
    assert.ok(totals!.LOW === status.LOW, `${countsText(totals!)} against ${countsText(status)}`);
    assert.match(api.cluster.view.treeView.description ?? '', /filtered: LOW/);
    await config().update(Settings.filterSeverities, undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(manifest, 'the four findings again', (d) => fromCluster(d).length === 4);
  });
});
