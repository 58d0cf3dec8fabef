import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/commands.js';
import { HELM_SCAN, workspaceUri } from './workbench/testWorkspace.js';
import { requireUiDriver } from './workbench/uiDriver.js';
import { WorkbenchPage } from './workbench/workbenchPage.js';

describe('The workbench as a person sees it', function () {
  let page: WorkbenchPage;

  before(function () {
    page = new WorkbenchPage(requireUiDriver(this));
  });

  it('shows the scan findings in the Problems panel', async () => {
    await page.problems.open();
    await vscode.commands.executeCommand(Commands.openScanFile, workspaceUri(HELM_SCAN));
    const rows = await page.problems.waitForRows('the five findings under deployment.yaml', (rows) =>
      rows.some((r) => r.includes('Default security context configured')),
    );
    const file = rows.findIndex((r) => r.includes('deployment.yaml'));
    assert.ok(file >= 0, `a row for deployment.yaml in ${JSON.stringify(rows)}`);
    for (const title of [
      'Can elevate its own privileges',
      'Runtime/Default Seccomp profile not set',
      'Seccomp policies disabled',
      'Workloads in the default namespace',
      'Default security context configured',
    ])
      assert.ok(
        rows.some((r) => r.includes(title) && r.includes('Trivy')),
        `a Trivy row "${title}" in ${JSON.stringify(rows)}`,
      );
    await page.screenshot('vscode-problems-panel.png');
  });

  it("lists the workspace's chart in the Explorer tree", async () => {
    await page.sideBar.show('workbench.view.explorer');
    const folder = vscode.workspace.workspaceFolders![0]!.name;
    const rows = await page.sideBar.waitForTreeRows(folder, (rows) => rows.includes('values.yaml'));
    for (const name of ['scans', 'templates', 'Chart.yaml', 'values.yaml'])
      assert.ok(rows.includes(name), name);
  });

  it('shows the Trivy Findings view container with its way in: Open Scan File…', async () => {
    await page.sideBar.show('workbench.view.extension.trivyFindings');
    const text = await page.sideBar.waitForPaneText('Findings', (t) => t.includes('Open Scan File'));
    assert.match(text, /Read the findings of a Trivy scan/);
    await page.screenshot('vscode-trivy-findings-view.png');
  });

  it("pierces a webview's iframes to read its text (the Markdown preview)", async () => {
    const readme = workspaceUri('README.md');
    await vscode.workspace.fs.writeFile(
      readme,
      new TextEncoder().encode('# Test chart\n\nShown by a **webview**.\n'),
    );
    await vscode.commands.executeCommand('markdown.showPreview', readme);
    const text = await page.webviewText('Preview README.md', (t) => t.includes('Shown by a webview.'));
    assert.match(text, /Test chart/);
  });
});
