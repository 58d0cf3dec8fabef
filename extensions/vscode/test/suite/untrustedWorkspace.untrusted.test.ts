import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { Settings } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import type { ScanOutcome } from '../../src/localScan/localScanner.js';
import { FAKE_CONTEXTS } from '../harness/clusterControlProtocol.js';
import { TEST_ENV } from '../harness/testEnv.js';
import { ScanViewerPage } from './workbench/scanViewerPage.js';
import { skipWithReason } from './workbench/skip.js';
import {
  EXTENSION_ID,
  IMAGE_SCAN,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from './workbench/testWorkspace.js';
import { requireUiDriver } from './workbench/uiDriver.js';
import { waitFor } from './workbench/waitFor.js';
import { WorkbenchPage } from './workbench/workbenchPage.js';

// Run by the code-server launcher in a window of its own, started with workspace trust on and a
// fresh browser profile that trusts no folder (`harness/suiteGroups.ts`): VS Code's restricted mode.
// The manifest the launcher had kubectl write, with the kind-dev cluster's reports about it.
const MANIFEST = 'k8s/nginx-deployment.yaml';
// Trivy's own test Dockerfile, for which the fake `trivy` replays real `trivy config` output.
const DOCKERFILE = 'FROM alpine:3.13\n\nHEALTHCHECK NONE';

describe('Untrusted workspace', function () {
  let api: ExtensionApi;
  let trivyLog: string;
  const outcomes: ScanOutcome[] = [];
  const config = () => vscode.workspace.getConfiguration();
  /** The fake trivy's runs: one JSON line each, written by every run whatever its arguments. */
  const trivyRuns = () =>
    existsSync(trivyLog) ? readFileSync(trivyLog, 'utf8').split('\n').filter(Boolean) : [];

  before(async function () {
    trivyLog =
      process.env[TEST_ENV.trivyLog] ??
      skipWithReason(this, "needs the code-server launcher's fake trivy log (TRIVY_FINDINGS_TRIVY_LOG)");
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await api.ready;
    api.scanner.onDidScan((o) => outcomes.push(o));
    // Scanning on open and save is on, as a person has it: only the missing trust stops it.
    await config().update(Settings.scanOnSave, true, vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    await config().update(Settings.scanOnSave, false, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the folder untrusted, and the extension still activates', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive);
  });

  it("runs no local trivy on opened manifests and Dockerfiles, and still shows the cluster's findings", async () => {
    const before = outcomes.length;
    const dockerfile = await writeWorkspaceFile('Dockerfile', DOCKERFILE);
    await vscode.window.showTextDocument(workspaceUri(MANIFEST));
    await vscode.window.showTextDocument(dockerfile);
    // Each opened file asked for its scan, and each scan was refused for want of trust.
    const refused = await waitFor(
      () => outcomes.slice(before),
      (o) => o.filter((x) => x.outcome === 'untrusted').length >= 2,
      { what: 'the scans of the manifest and the Dockerfile to be refused' },
    );
    assert.deepEqual(
      refused.filter((o) => o.outcome !== 'untrusted'),
      [],
    );
    // The cluster's findings about the manifest's Deployment: no trust needed to read a cluster.
    const source = `Trivy (${FAKE_CONTEXTS.dev})`;
    await waitForDiagnostics(workspaceUri(MANIFEST), 'the cluster findings of the nginx Deployment', (d) =>
      d.some((x) => x.source === source),
    );
    assert.deepEqual(
      vscode.languages.getDiagnostics(dockerfile).filter((d) => d.source === 'Trivy'),
      [],
      'no local findings on the Dockerfile',
    );
    assert.deepEqual(trivyRuns(), [], 'the fake trivy was never started');
  });

  it('opens a saved scan file in the viewer', async function () {
    const viewer = await ScanViewerPage.open(requireUiDriver(this), workspaceUri(IMAGE_SCAN));
    await viewer.waitForRows('the four vulnerabilities', (rows) => rows.length === 4);
  });

  it('says in the Workspace view that Trivy does not run because the workspace is not trusted', async function () {
    const page = new WorkbenchPage(requireUiDriver(this));
    await page.sideBar.show('workbench.view.extension.trivyFindings');
    const text = await page.sideBar.waitForPaneText('Workspace', (t) => /not trusted/.test(t));
    assert.match(text, /Trivy does not run/);
    assert.deepEqual(trivyRuns(), [], 'still no trivy run');
  });
});
