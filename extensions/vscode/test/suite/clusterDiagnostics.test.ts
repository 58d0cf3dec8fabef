import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { reportKey } from '@trivy-findings/core/cluster/storedReport.js';
import type { ExtensionApi } from '../../src/extension.js';
import { Commands, Settings, ViewTypes } from '../../src/commands.js';
import { FAKE_CONTEXTS } from '../harness/clusterControlProtocol.js';
import { requireClusterControl, type ClusterControl } from './workbench/clusterControl.js';
import { ScanViewerPage } from './workbench/scanViewerPage.js';
import { uiDriver } from './workbench/uiDriver.js';
import { waitFor } from './workbench/waitFor.js';
import {
  EXTENSION_ID,
  readWorkspaceFile,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from './workbench/testWorkspace.js';

// The manifest the launcher had kubectl write (`kubectl get deployment nginx -o yaml`), and the
// Trivy Operator docs' reports about its ReplicaSet nginx-6d4cf56db6, served by kind-dev.
const MANIFEST = 'k8s/nginx-deployment.yaml';
const AUDIT = {
  context: FAKE_CONTEXTS.dev,
  apiVersion: 'aquasecurity.github.io/v1alpha1',
  kind: 'ConfigAuditReport',
  namespace: 'default',
  name: 'replicaset-nginx-6d4cf56db6',
} as const;

/**
 * What creates a report read from kind-dev again once it was deleted: its body and the metadata an
 * operator writes, without what the server set (uid, resourceVersion, timestamps).
 */
function recreated(report: object): { context: string; object: object } {
  const { metadata, ...rest } = report as { metadata: Record<string, unknown> };
  return {
    context: FAKE_CONTEXTS.dev,
    object: {
      ...rest,
      metadata: {
        name: metadata.name,
        namespace: metadata.namespace,
        labels: metadata.labels,
        ownerReferences: metadata.ownerReferences,
      },
    },
  };
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('Cluster findings on the workspace manifests, with no set-up', function () {
  let control: ClusterControl;
  let api: ExtensionApi;
  let source: string;
  let lines: string[];
  const manifest = () => workspaceUri(MANIFEST);
  const fromCluster = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === source);

  before(async function () {
    control = requireClusterControl(this);
    source = `Trivy (${FAKE_CONTEXTS.dev})`;
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await api.ready;
    lines = (await readWorkspaceFile(MANIFEST)).split('\n');
  });

  /** The 0-based line of the manifest that holds `text`. */
  const lineOf = (text: string) => {
    const i = lines.findIndex((l) => l.includes(text));
    assert.ok(i >= 0, `"${text}" in the manifest`);
    return i;
  };

  it("places a ReplicaSet's reports on the Deployment's manifest, each on its most precise range", async () => {
    const shown = fromCluster(
      await waitForDiagnostics(
        manifest(),
        'the four failed findings of the two reports',
        (d) => fromCluster(d).length === 4,
      ),
    );
    const byCode = new Map(shown.map((d) => [codeOf(d), d]));
    assert.deepEqual([...byCode.keys()].sort(), [
      'CVE-2018-25009',
      'CVE-2019-20367',
      'notReadOnlyRootFilesystem',
      'privilegeEscalationAllowed',
    ]);
    // A check on the key it is about, from its first character to the end of the line.
    const escalation = byCode.get('privilegeEscalationAllowed')!;
    const keyLine = lineOf('allowPrivilegeEscalation: true');
    assert.deepEqual(
      [
        escalation.range.start.line,
        escalation.range.start.character,
        escalation.range.end.line,
        escalation.range.end.character,
      ],
      [keyLine, lines[keyLine]!.indexOf('allowPrivilegeEscalation'), keyLine, lines[keyLine]!.length],
    );
    assert.equal(escalation.severity, vscode.DiagnosticSeverity.Error);
    // A vulnerability of the container's image on the container's image line, linked to its advisory.
    const cve = byCode.get('CVE-2018-25009')!;
    assert.equal(cve.range.start.line, lineOf('image: nginx:1.16'));
    assert.equal(
      typeof cve.code === 'object' && cve.code.target.toString(),
      'https://avd.aquasec.com/nvd/cve-2018-25009',
    );
    assert.match(cve.message, /libwebp: out-of-bounds read/);
    // A check whose key is missing on the container's securityContext.
    assert.equal(byCode.get('notReadOnlyRootFilesystem')!.range.start.line, lineOf('securityContext:'));
    assert.equal(byCode.get('notReadOnlyRootFilesystem')!.severity, vscode.DiagnosticSeverity.Information);
  });

  it("puts the image's cluster vulnerabilities in a CodeLens on its image: line", async () => {
    const imageLine = lineOf('image: nginx:1.16');
    // CodeLens providers run on documents the editor has open.
    await vscode.window.showTextDocument(manifest());
    const lenses = await waitFor(
      async () =>
        await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', manifest()),
      (l) =>
        l.some((x) => x.range.start.line === imageLine && x.command?.title.includes('critical') === true),
      { what: 'a CodeLens on the image line' },
    );
    const lens = lenses.find((x) => x.range.start.line === imageLine)!;
    // CVE-2019-20367 (fixed in 0.9.1-2+deb10u1) and CVE-2018-25009 (no fix), both CRITICAL.
    assert.equal(lens.command!.title, '2 critical · 1 fixable');
    assert.equal(lens.command!.command, Commands.showImageFindings);
  });

  it('opens the viewer with only that image’s vulnerabilities when its CodeLens is clicked', async function () {
    const driver = uiDriver();
    if (!driver) return this.skip();
    await vscode.window.showTextDocument(manifest());
    // Clicked in the editor, as a person does: VS Code runs the lens's command with its arguments.
    await waitFor(
      () => driver.call('codeLensClick', { text: '2 critical · 1 fixable' }).then(() => true),
      (clicked) => clicked,
      { what: 'the CodeLens of the image line to be shown and clicked' },
    );
    const input = await waitFor(
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (i) => i instanceof vscode.TabInputCustom && i.viewType === ViewTypes.scanViewer,
      { what: 'the scan viewer to open' },
    );
    const uri = (input as vscode.TabInputCustom).uri;
    assert.equal(uri.scheme, 'trivy-findings', 'a finding set, not a file');
    const viewer = ScanViewerPage.of(driver, uri);
    const rows = await viewer.waitForRows('the image’s two vulnerabilities', (r) => r.length === 2);
    // The lens's two: CVE-2019-20367 (libbsd0, fixed) and CVE-2018-25009 (libwebp6, no fix) —
    // none of the other images' of kind-dev.
    assert.deepEqual(rows.map((r) => r.id).sort(), ['CVE-2018-25009', 'CVE-2019-20367']);
    assert.ok(rows.every((r) => r.severity === 'CRITICAL' && r.type === 'vulnerability'));
    assert.deepEqual(await viewer.shownCount(), { shown: 2, total: 2 });
    await viewer.waitForText('the image and the context', (t) => t.includes('nginx:1.16 in kind-dev'));
    // Its Upgrades: the one that fixes libbsd0, libwebp6 apart; Enter on one filters the table.
    await viewer.waitForUpgrades();
    await viewer.click('.upgrades summary');
    const upgrades = await viewer.elements('.upgrades .upgrade');
    assert.deepEqual(
      upgrades.map((u) => u.text),
      [
        'libbsd0 0.9.1-2 → 0.9.1-2+deb10u1 clears 1 finding in 1 workload C:1',
        'libwebp6 0.6.1-2: 1 finding in 1 workload, no fix yet C:1',
      ],
    );
    await viewer.press('.upgrades .upgrade', 'Enter');
    const fixed = await viewer.waitForRows('the upgrade’s one finding', (r) => r.length === 1);
    assert.equal(fixed[0]!.id, 'CVE-2019-20367');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists the suppressions with what each suppresses now, an expired one flagged as suppressing nothing', async () => {
    const ignore = await writeWorkspaceFile(
      'k8s/.trivyignore.yaml',
      [
        'misconfigurations:',
        '  - id: privilegeEscalationAllowed',
        '    statement: the sidecar needs it until 2.0',
        'vulnerabilities:',
        '  - id: CVE-2018-25009',
        '    statement: no fix upstream',
        '    expired_at: 2020-01-01',
        '',
      ].join('\n'),
    );
    try {
      await api.suppressionsView.refresh();
      const rows = api.suppressionsView.rows();
      assert.deepEqual(rows, [
        'k8s/.trivyignore.yaml',
        '  privilegeEscalationAllowed — suppresses 1 · the sidecar needs it until 2.0',
        '  CVE-2018-25009 — expired 2020-01-01 — suppresses nothing · no fix upstream',
      ]);
    } finally {
      await vscode.workspace.fs.delete(ignore);
    }
  });

  it('takes a report deleted in the cluster off the manifest, and puts it back when it is created again', async () => {
    const report = await control.call('get', AUDIT);
    assert.ok(report, "the docs' config audit report is in kind-dev");
    await control.call('remove', AUDIT);
    const left = await waitForDiagnostics(
      manifest(),
      "only the vulnerability report's findings",
      (d) =>
        fromCluster(d).every((x) => x.code !== undefined && codeOf(x).startsWith('CVE-')) &&
        fromCluster(d).length === 2,
    );
    assert.equal(fromCluster(left).length, 2);
    await control.call('create', recreated(report));
    await waitForDiagnostics(manifest(), 'the four findings again', (d) => fromCluster(d).length === 4);
  });

  it('follows every change on a manifest an editor shows, while the cluster keeps changing', async () => {
    const report = await control.call('get', AUDIT);
    assert.ok(report, "the docs' config audit report is in kind-dev");
    const again = recreated(report);
    const editor = await vscode.window.showTextDocument(manifest(), { preview: false });
    const path = manifest().fsPath;
    let publishes = 0;
    const counting = api.workspaceDiagnostics.onDidPublish((files) => {
      if (files.includes(path)) publishes++;
    });
    const store = () => {
      const state = api.cluster.connection.state;
      assert.equal(state.phase, 'connected');
      return state.session.store;
    };
    const held = () => store().report(reportKey(AUDIT.kind, AUDIT.namespace, AUDIT.name)) !== undefined;
    const toggles = 30;
    try {
      // A stream of changes, each as soon as the store took the last: files no editor shows wait
      // for it to end; the one in view is published as it goes.
      for (let i = 0; i < toggles; i++) {
        if (i % 2 === 0) await control.call('remove', AUDIT);
        else await control.call('create', again);
        await waitFor(held, (h) => h === (i % 2 === 1), { what: `change ${i + 1} in the store` });
      }
      await control.call('create', again);
      await waitForDiagnostics(
        manifest(),
        'the four findings at the end',
        (d) => fromCluster(d).length === 4,
      );
      assert.ok(
        publishes >= toggles / 3,
        `the manifest in view was published ${publishes} times in ${toggles} changes`,
      );
    } finally {
      counting.dispose();
      if (!held()) await control.call('create', again);
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it("shows the Cluster view's context: a switch to kind-prod takes kind-dev's findings off, and back", async () => {
    await waitForDiagnostics(manifest(), "kind-dev's four findings", (d) => fromCluster(d).length === 4);
    await control.call('useContext', { context: FAKE_CONTEXTS.prod });
    try {
      // kind-prod runs no nginx: nothing of a cluster on the manifest, and both name kind-prod.
      await waitForDiagnostics(
        manifest(),
        'no findings of kind-dev once the Cluster view shows kind-prod',
        (d) =>
          fromCluster(d).length === 0 &&
          api.cluster.connection.state.phase === 'connected' &&
          api.clusterLink.context === FAKE_CONTEXTS.prod,
      );
      const state = api.cluster.connection.state;
      assert.equal(state.phase === 'connected' && state.context, FAKE_CONTEXTS.prod);
    } finally {
      await control.call('useContext', { context: FAKE_CONTEXTS.dev });
    }
    await waitForDiagnostics(
      manifest(),
      "kind-dev's four findings again",
      (d) => fromCluster(d).length === 4 && api.clusterLink.context === FAKE_CONTEXTS.dev,
    );
  });

  it('turns off with trivyFindings.cluster.diagnostics and on again', async () => {
    const config = vscode.workspace.getConfiguration();
    await config.update(Settings.clusterDiagnostics, false, vscode.ConfigurationTarget.Global);
    try {
      await waitForDiagnostics(manifest(), 'no cluster diagnostics', (d) => fromCluster(d).length === 0);
    } finally {
      await config.update(Settings.clusterDiagnostics, undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(manifest(), 'the four findings again', (d) => fromCluster(d).length === 4);
  });
});
