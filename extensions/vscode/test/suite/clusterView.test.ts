import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Carriers } from '@trivy-findings/core/insights/carriers.js';
import { SEVERITIES } from '@trivy-findings/core/model/severity.js';
import { Commands } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import { countsText, descriptionOf, labelOf, type ClusterNode } from '../../src/views/clusterTreeModel.js';
import { FAKE_CONTEXTS } from '../harness/clusterControlProtocol.js';
import { requireClusterControl, type ClusterControl } from './workbench/clusterControl.js';
import { EXTENSION_ID } from './workbench/testWorkspace.js';
import { ScanViewerPage } from './workbench/scanViewerPage.js';
import { uiDriver } from './workbench/uiDriver.js';
import { waitFor } from './workbench/waitFor.js';
import { WorkbenchPage } from './workbench/workbenchPage.js';

const VULNS = { apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'VulnerabilityReport' } as const;

describe('Cluster view', function () {
  let control: ClusterControl;
  let api: ExtensionApi;
  let page: WorkbenchPage | undefined;
  /** The workload the live-update and rescan specs work on, one after the other. */
  let workloadId: string;

  before(async function () {
    control = requireClusterControl(this);
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    const driver = uiDriver();
    page = driver ? new WorkbenchPage(driver) : undefined;
  });

  const provider = () => api.cluster.view.provider;
  const children = (parent?: ClusterNode) => provider().getChildren(parent);
  const store = () => {
    const state = api.cluster.connection.state;
    assert.equal(state.phase, 'connected');
    return state.session.store;
  };
  /** Waits until the root rows satisfy `done`, once the connection to `context` is up. */
  const waitForRoot = (context: string, what: string, done: (rows: ClusterNode[]) => boolean) =>
    waitFor(
      () => {
        const state = api.cluster.connection.state;
        return state.phase === 'connected' && state.context === context ? children() : [];
      },
      done,
      { what: `Cluster view of ${context}: ${what}`, timeoutMs: 30_000 },
    );
  const row = (rows: ClusterNode[], id: string) => rows.find((r) => r.id === id);
  /** The Cluster view on screen: a hidden one refreshes only when shown. */
  const showClusterView = async () => {
    await vscode.commands.executeCommand('trivyFindings.cluster.focus');
    await waitFor(
      () => api.cluster.view.treeView.visible,
      (visible) => visible,
      { what: 'the Cluster view to be shown' },
    );
  };

  it("shows the current context's namespaces, workloads, kinds and findings with their counts", async () => {
    await waitFor(
      () => api.cluster.connection.state.phase,
      (phase) => phase === 'connected',
      { what: 'the connection to kind-dev', timeoutMs: 30_000 },
    );
    await store().whenIdle();
    const state = api.cluster.connection.state;
    if (state.phase === 'connected') await state.session.whenSettled();
    const root = await waitForRoot(
      FAKE_CONTEXTS.dev,
      'payments, checkout and the cluster-scoped branch',
      (rows) => ['ns/payments', 'ns/checkout', 'cluster-scoped'].every((id) => row(rows, id)),
    );
    assert.ok(!root.some((r) => r.type === 'message'), `no message row in ${root.map(labelOf).join(', ')}`);
    for (const ns of root.filter((r) => r.type === 'namespace')) {
      const counts = countsText(store().countsFor({ namespace: ns.namespace }));
      assert.ok(descriptionOf(ns).startsWith(counts), `counts of ${ns.namespace}: ${descriptionOf(ns)}`);
    }
    const payments = row(root, 'ns/payments')!;
    const workloads = children(payments).filter((w) => w.type === 'workload');
    assert.equal(workloads.length, store().workloads('payments').length);
    assert.ok(workloads.length >= 5, `generated workloads in payments: ${workloads.length}`);
    const deployment = workloads.find((w) => w.type === 'workload' && w.workload.kind === 'Deployment');
    assert.ok(deployment, 'ReplicaSet reports are shown under their Deployment');
    const kinds = children(deployment);
    assert.deepEqual(
      kinds.map(labelOf),
      ['VulnerabilityReport', 'ConfigAuditReport'],
      'one row per report kind of the workload',
    );
    const vulns = children(kinds[0]);
    assert.ok(
      vulns.length > 0 && vulns.every((f) => f.type === 'finding' && f.finding.type === 'vulnerability'),
    );
    const ranks = vulns.map((f) => (f.type === 'finding' ? SEVERITIES.indexOf(f.finding.severity) : -1));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      'most severe first',
    );

    const clusterKinds = children(row(root, 'cluster-scoped'));
    for (const kind of ['ClusterComplianceReport', 'ClusterVulnerabilityReport', 'ClusterPolicyReport'])
      assert.ok(
        clusterKinds.some((k) => labelOf(k) === kind),
        `${kind} in ${clusterKinds.map(labelOf).join(', ')}`,
      );

    if (page) {
      await vscode.commands.executeCommand('trivyFindings.cluster.focus');
      // The first namespace row: the pane shares the side bar with the Workspace and Suppressions
      // views, so rows further down may be below its fold (the tree renders only what is seen).
      const first = root.find((r) => r.type === 'namespace');
      assert.ok(first?.type === 'namespace');
      const firstCounts = descriptionOf(first);
      const rows = await page.sideBar.waitForTreeRows('Cluster', (rows) =>
        rows.some((r) => r.includes(first.namespace) && r.includes(firstCounts)),
      );
      assert.ok(
        rows.some((r) => r.includes('Cluster-scoped reports')),
        JSON.stringify(rows),
      );
      await page.screenshot('vscode-cluster-view.png');
    }
  });

  it('lists the workloads that run a vulnerability and reveals the chosen one', async () => {
    const payments = row(children(), 'ns/payments')!;
    const workload = children(payments).find((w) => w.type === 'workload')!;
    const vuln = children(children(workload).find((k) => labelOf(k) === 'VulnerabilityReport'))[0];
    assert.ok(vuln?.type === 'finding' && workload.type === 'workload');
    const carriers = (await vscode.commands.executeCommand(Commands.showCarriers, vuln, false)) as Carriers;
    const keys = carriers.workloads.map((c) => c.key);
    assert.ok(
      keys.includes(`${workload.workload.kind}/payments/${workload.workload.name}`),
      JSON.stringify(keys),
    );
    assert.ok(
      carriers.workloads.every((c) => c.images.length > 0),
      'each carrier names its images',
    );
    assert.equal(carriers.findings, store().findingsForCheck(vuln.finding.id).length);
  });

  it('follows the watch: a report deleted in the cluster leaves the tree with one refresh', async () => {
    const payments = row(children(), 'ns/payments')!;
    const workload = children(payments).find(
      (w) => w.type === 'workload' && w.workload.kind === 'Deployment',
    )!;
    workloadId = workload.id;
    const vulnKind = children(workload).find((k) => labelOf(k) === 'VulnerabilityReport')!;
    const first = children(vulnKind)[0];
    assert.ok(first?.type === 'finding' && first.finding.origin.report);
    const report = first.finding.origin.report;
    await showClusterView();
    const before = provider().refreshes;
    await control.call('remove', {
      context: FAKE_CONTEXTS.dev,
      ...VULNS,
      namespace: report.namespace,
      name: report.name,
    });
    await waitFor(
      () => children(workload).map(labelOf),
      (kinds) => !kinds.includes('VulnerabilityReport') && kinds.includes('ConfigAuditReport'),
      { what: `${report.name} to leave ${labelOf(workload)}` },
    );
    assert.ok(
      descriptionOf(row(children(), 'ns/payments')!).startsWith(
        countsText(store().countsFor({ namespace: 'payments' })),
      ),
    );
    const refreshes = provider().refreshes - before;
    assert.ok(refreshes >= 1 && refreshes <= 2, `one refresh of the changed rows, not ${refreshes}`);
  });

  it('rebuilds no rows while the view is hidden, and refreshes once when it is shown again', async () => {
    const payments = row(children(), 'ns/payments')!;
    const workload = children(payments).find((w) => w.id === workloadId)!;
    const audit = children(children(workload).find((k) => labelOf(k) === 'ConfigAuditReport'))[0];
    assert.ok(audit?.type === 'finding' && audit.finding.origin.report);
    const ref = {
      context: FAKE_CONTEXTS.dev,
      apiVersion: VULNS.apiVersion,
      kind: 'ConfigAuditReport',
      namespace: 'payments',
      name: audit.finding.origin.report.name,
    };
    const original = (await control.call('get', ref)) as {
      metadata: { name: string; resourceVersion?: string; uid?: string };
    } | null;
    assert.ok(original, `${ref.name} in the cluster`);
    const copyName = `${ref.name}-hidden`;
    const copy = {
      ...original,
      metadata: { ...original.metadata, name: copyName, resourceVersion: undefined, uid: undefined },
    };
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(
      () => api.cluster.view.treeView.visible,
      (visible) => !visible,
      { what: 'the Cluster view to be hidden' },
    );
    const before = provider().refreshes;
    try {
      await control.call('create', { context: FAKE_CONTEXTS.dev, object: copy });
      await waitFor(
        () =>
          store()
            .reports('ConfigAuditReport')
            .some((r) => r.name === copyName),
        (held) => held,
        { what: `${copyName} in the store` },
      );
      await store().whenIdle();
      assert.equal(provider().refreshes, before, 'no refresh while hidden');
      await showClusterView();
      assert.equal(provider().refreshes, before + 1, 'one refresh when shown');
      assert.ok(
        descriptionOf(row(children(), 'ns/payments')!).startsWith(
          countsText(store().countsFor({ namespace: 'payments' })),
        ),
        'the namespace row counts the report that came while hidden',
      );
    } finally {
      await control.call('remove', { ...ref, name: copyName });
    }
    await waitFor(
      () =>
        store()
          .reports('ConfigAuditReport')
          .some((r) => r.name === copyName),
      (held) => !held,
      { what: `${copyName} to leave the store` },
    );
  });

  it('rescans a workload: its reports are deleted in the cluster after the confirm', async () => {
    const payments = row(children(), 'ns/payments')!;
    const workload = children(payments).find((w) => w.id === workloadId)!;
    assert.equal(workload?.type, 'workload');
    const audit = children(children(workload).find((k) => labelOf(k) === 'ConfigAuditReport'))[0];
    assert.ok(audit?.type === 'finding' && audit.finding.origin.report);
    const name = audit.finding.origin.report.name;
    const ref = {
      context: FAKE_CONTEXTS.dev,
      apiVersion: VULNS.apiVersion,
      kind: 'ConfigAuditReport',
      namespace: 'payments',
      name,
    };
    assert.equal(await control.call('exists', ref), true);
    const result = (await vscode.commands.executeCommand(Commands.rescanWorkload, workload, true)) as {
      deleted: string[];
      failed: unknown[];
    };
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.deleted, [`ConfigAuditReport payments/${name}`]);
    assert.equal(await control.call('exists', ref), false, 'deleted in the cluster');
    await waitFor(
      () => children(row(children(), 'ns/payments')).map((w) => w.id),
      (ids) => !ids.includes(workload.id),
      { what: `${labelOf(workload)} to leave the tree once its last report is gone` },
    );
    // The Deployment is still in the cluster: with no report it is "not scanned", not clean.
    const rescanned = await waitFor(
      () => children(row(children(), 'ns/payments')).find((w) => w.id === `cv/${workload.id}`),
      (w) => w !== undefined,
      { what: `${labelOf(workload)} listed as not scanned` },
    );
    assert.match(descriptionOf(rescanned!), /^not scanned/);
  });

  it('lists a workload no report is about as not scanned, on its namespace and in Coverage', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'fresh', namespace: 'checkout', uid: '5f4d3c2b-0000-4000-8000-0000000f4e54' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'fresh' } },
        template: {
          metadata: { labels: { app: 'fresh' } },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    };
    await control.call('create', { context: FAKE_CONTEXTS.dev, object: deployment });
    try {
      const fresh = await waitFor(
        () =>
          children(row(children(), 'ns/checkout')).find((w) => w.id === 'cv/wl/Deployment/checkout/fresh'),
        (w) => w !== undefined,
        { what: 'Deployment fresh in checkout', timeoutMs: 30_000 },
      );
      assert.equal(labelOf(fresh!), 'Deployment fresh');
      assert.match(descriptionOf(fresh!), /^not scanned — it has no ReplicaSet to scan yet$/);
      assert.doesNotMatch(descriptionOf(fresh!), /no findings|C:/);
      // The generated reports are older than the operator's 24 h: the others are stale.
      assert.match(descriptionOf(row(children(), 'ns/checkout')!), /^C:\d+.* · \d+ not scanned · \d+ stale$/);
      const coverage = row(children(), 'coverage');
      assert.ok(coverage, 'the Coverage row');
      assert.match(descriptionOf(coverage), /\d+ not scanned/);
      assert.ok(
        children(coverage).some(
          (r) => labelOf(r) === 'Deployment fresh' && /^checkout · not scanned/.test(descriptionOf(r)),
        ),
        'listed under Coverage, with its namespace',
      );
      if (page) {
        await vscode.commands.executeCommand('trivyFindings.cluster.focus');
        await api.cluster.view.treeView.reveal(coverage, { expand: true });
        await page.sideBar.waitForTreeRows('Cluster', (rows) =>
          rows.some((r) => r.includes('Deployment fresh') && r.includes('checkout · not scanned')),
        );
        await page.screenshot('vscode-cluster-coverage.png');
      }
    } finally {
      await control.call('remove', {
        context: FAKE_CONTEXTS.dev,
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'checkout',
        name: 'fresh',
      });
    }
    await waitFor(
      () => children(row(children(), 'ns/checkout')).map((w) => w.id),
      (ids) => !ids.includes('cv/wl/Deployment/checkout/fresh'),
      { what: 'Deployment fresh to leave once deleted' },
    );
  });

  it('groups a namespace’s vulnerabilities into upgrades; clicking one opens the viewer filtered to it', async function () {
    const ns = row(children(), 'ns/default')!;
    const upgrades = children(ns)[0];
    assert.ok(upgrades?.type === 'upgrades', 'the Upgrades row comes first');
    const rows = children(upgrades);
    // The Trivy Operator docs' report: CVE-2019-20367 in libbsd0 0.9.1-2, fixed in 0.9.1-2+deb10u1.
    const libbsd = rows.find((r) => labelOf(r).startsWith('libbsd0 0.9.1-2 → '));
    assert.ok(libbsd?.type === 'upgrade', rows.map(labelOf).join('\n'));
    assert.match(
      labelOf(libbsd),
      /^libbsd0 0\.9\.1-2 → 0\.9\.1-2\+deb10u1 clears \d+ findings? in \d+ workloads?$/,
    );
    assert.ok(
      children(libbsd).some((w) => labelOf(w) === 'Deployment/default/nginx'),
      'the nginx Deployment is one of its workloads',
    );
    const noFix = rows.at(-1)!;
    assert.equal(noFix.type, 'noFix');
    assert.ok(
      children(noFix).some((p) =>
        /^libwebp6 0\.6\.1-2: \d+ findings? in \d+ workloads?, no fix yet$/.test(labelOf(p)),
      ),
      'libwebp6, which no version fixes, apart',
    );
    // A click runs the row's command: the viewer opens the namespace's findings, filtered to it.
    const command = provider().getTreeItem(libbsd).command;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const input = await waitFor(
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (i) => i instanceof vscode.TabInputCustom && i.uri.scheme === 'trivy-findings',
      { what: 'the viewer of the namespace’s findings' },
    );
    const driver = uiDriver();
    if (driver) {
      const viewer = ScanViewerPage.of(driver, (input as vscode.TabInputCustom).uri);
      const shown = await viewer.waitForRows('the upgrade’s findings', (r) => r.length > 0);
      assert.ok(
        shown.every((r) => r.pkg.startsWith('libbsd0 0.9.1-2 → ')),
        JSON.stringify(shown.map((r) => r.pkg)),
      );
      const { shown: n, total } = await viewer.shownCount();
      assert.ok(n > 0 && n < total, `${n} of ${total}: filtered`);
      await viewer.waitForUpgrades();
      const pressed = await viewer.elements('.upgrades .upgrade[aria-pressed="true"]');
      assert.equal(pressed.length, 1);
      assert.match(pressed[0]!.text, /^libbsd0 0\.9\.1-2 → 0\.9\.1-2\+deb10u1 clears/);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a finding as a read-only document and copies its id', async () => {
    const payments = row(children(), 'ns/payments')!;
    const workload = children(payments).find((w) => w.type === 'workload')!;
    const finding = children(children(workload)[0]).find((f) => f.type === 'finding');
    assert.ok(finding?.type === 'finding');
    await vscode.commands.executeCommand(Commands.openClusterFinding, finding);
    const editor = await waitFor(
      () => vscode.window.activeTextEditor,
      (e) => e?.document.uri.scheme === 'trivy-findings-finding',
      { what: 'the finding document' },
    );
    const text = editor!.document.getText();
    assert.match(text, new RegExp(finding.finding.id.replace(/[-]/g, '\\\\?-')));
    assert.match(text, /\*\*Report:\*\*/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand(Commands.copyFindingId, finding);
    assert.equal(await vscode.env.clipboard.readText(), finding.finding.id);
  });

  it('follows a change of current-context, shows a forbidden kind with its message, and keeps a chosen context', async () => {
    await control.call('useContext', { context: FAKE_CONTEXTS.prod });
    const root = await waitForRoot(
      FAKE_CONTEXTS.prod,
      "prod's namespaces and the forbidden kind",
      (rows) =>
        ['ns/shop', 'ns/billing'].every((id) => row(rows, id)) && rows.some((r) => r.type === 'status'),
    );
    assert.ok(!row(root, 'ns/payments'), "dev's namespaces are gone");
    const forbidden = root.find((r) => r.type === 'status');
    assert.ok(forbidden?.type === 'status');
    assert.equal(forbidden.kind, 'ExposedSecretReport');
    assert.equal(forbidden.state, 'forbidden');
    assert.match(forbidden.message ?? '', /forbidden/i, "the server's message");
    assert.deepEqual(api.cluster.connection.contexts().current, FAKE_CONTEXTS.prod);
    if (page) {
      await vscode.commands.executeCommand('trivyFindings.cluster.focus');
      await page.sideBar.waitForTreeRows('Cluster', (rows) =>
        rows.some((r) => r.includes('ExposedSecretReport: forbidden')),
      );
      await page.screenshot('vscode-cluster-forbidden.png');
    }
    // A chosen context holds whatever the kubeconfig's current one is.
    await vscode.commands.executeCommand(Commands.selectClusterContext, FAKE_CONTEXTS.dev);
    await waitForRoot(FAKE_CONTEXTS.dev, 'dev again', (rows) => row(rows, 'ns/checkout') !== undefined);
    assert.deepEqual(api.cluster.connection.contexts().current, FAKE_CONTEXTS.prod);
    // Following again shows the current one.
    await vscode.commands.executeCommand(Commands.selectClusterContext, '');
    await waitForRoot(
      FAKE_CONTEXTS.prod,
      'prod, the current context',
      (rows) => row(rows, 'ns/shop') !== undefined,
    );
    await control.call('useContext', { context: FAKE_CONTEXTS.dev });
    await waitForRoot(
      FAKE_CONTEXTS.dev,
      'dev, current again',
      (rows) => row(rows, 'ns/checkout') !== undefined,
    );
  });
});
