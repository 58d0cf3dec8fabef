import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, Settings } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import type { ScanOutcome } from '../../src/localScan/localScanner.js';
import {
  EXTENSION_ID,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from './workbench/testWorkspace.js';
import { requireUiDriver } from './workbench/uiDriver.js';
import { waitFor } from './workbench/waitFor.js';
import { WorkbenchPage } from './workbench/workbenchPage.js';

// Trivy's own test Dockerfile (test/fixtures/trivy/inputs/dockerfile/Dockerfile): the fake
// `trivy` of the launcher's settings replays Trivy's real `trivy config` output for it (DS002).
const DOCKERFILE = 'FROM alpine:3.13\n\nHEALTHCHECK NONE';

describe('Local trivy scans on open and save', function () {
  let api: ExtensionApi;
  const outcomes: ScanOutcome[] = [];
  const config = () => vscode.workspace.getConfiguration();
  const dockerfile = () => workspaceUri('Dockerfile');
  const local = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === 'Trivy');

  before(async function () {
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await api.ready;
    api.scanner.onDidScan((o) => outcomes.push(o));
    await writeWorkspaceFile('Dockerfile', DOCKERFILE);
    await config().update(Settings.scanOnSave, true, vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    await config().update(Settings.scanOnSave, false, vscode.ConfigurationTarget.Global);
    await config().update(Settings.trivyPath, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Appends a comment and saves: what a person's save does. */
  async function editAndSave(uri: vscode.Uri): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, doc.lineAt(doc.lineCount - 1).range.end, '\n# saved');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
  }

  it("shows a Dockerfile's findings when it is opened, from the trivy of the settings", async () => {
    await vscode.window.showTextDocument(dockerfile());
    const shown = local(
      await waitForDiagnostics(
        dockerfile(),
        'the DS002 finding of trivy config',
        (d) => local(d).length === 1,
      ),
    );
    const ds002 = shown[0]!;
    assert.equal(typeof ds002.code === 'object' ? ds002.code.value : ds002.code, 'DS002');
    assert.match(ds002.message, /Image user should not be 'root'/);
    assert.equal(ds002.severity, vscode.DiagnosticSeverity.Error); // HIGH
    // A check about the whole file, which names no lines: its first line.
    assert.equal(ds002.range.start.line, 0);
  });

  it('lists the local findings in the Workspace view, by file and by severity', async function () {
    const page = new WorkbenchPage(requireUiDriver(this));
    await page.sideBar.show('workbench.view.extension.trivyFindings');
    await vscode.commands.executeCommand(Commands.workspaceGroupBy, 'file');
    const byFile = await page.sideBar.waitForTreeRows('Workspace', (rows) =>
      rows.some((r) => r.includes("DS002: Image user should not be 'root'")),
    );
    // A file group reads as its path in the workspace, as the explorer and Problems panel show it.
    assert.ok(
      byFile.some((r) => r.startsWith('Dockerfile')),
      `a Dockerfile group in ${JSON.stringify(byFile)}`,
    );
    const absolute = dockerfile().fsPath;
    assert.ok(!byFile.some((r) => r.includes(absolute)), `no absolute path in ${JSON.stringify(byFile)}`);
    await vscode.commands.executeCommand(Commands.workspaceGroupBy, 'severity');
    const bySeverity = await page.sideBar.waitForTreeRows('Workspace', (rows) =>
      rows.some((r) => r.startsWith('HIGH')),
    );
    assert.ok(
      bySeverity.some((r) => r.includes('DS002')),
      JSON.stringify(bySeverity),
    );
    assert.equal(api.workspaceView.groupedBy, 'severity');
    await vscode.commands.executeCommand(Commands.workspaceGroupBy, 'file');
  });

  it('replaces the results on save and clears them when scanning is turned off', async () => {
    const before = outcomes.length;
    await editAndSave(dockerfile());
    await waitFor(
      () => outcomes.slice(before),
      (o) => o.some((x) => x.outcome === 'findings'),
      { what: 'a scan after the save' },
    );
    assert.equal(local(vscode.languages.getDiagnostics(dockerfile())).length, 1, 'replaced, not added');
    await config().update(Settings.scanOnSave, false, vscode.ConfigurationTarget.Global);
    await waitForDiagnostics(dockerfile(), 'no local diagnostics', (d) => local(d).length === 0);
    await config().update(Settings.scanOnSave, true, vscode.ConfigurationTarget.Global);
  });

  it('says once that trivy is missing, however many saves follow', async () => {
    await config().update(Settings.trivyPath, '/nonexistent/bin/trivy', vscode.ConfigurationTarget.Workspace);
    const messages = api.scanner.noTrivyMessageCount;
    const before = outcomes.length;
    await editAndSave(dockerfile());
    await waitFor(
      () => outcomes.slice(before),
      (o) => o.some((x) => x.outcome === 'no-trivy'),
      { what: 'the first scan without trivy' },
    );
    const second = outcomes.length;
    await editAndSave(dockerfile());
    await waitFor(
      () => outcomes.slice(second),
      (o) => o.some((x) => x.outcome === 'no-trivy'),
      { what: 'the second scan without trivy' },
    );
    assert.equal(api.scanner.noTrivyMessageCount - messages, 1);
  });
});
