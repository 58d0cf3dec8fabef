import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, Settings } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import {
  EXTENSION_ID,
  HELM_SCAN,
  quickFixesAt,
  readWorkspaceFile,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from './workbench/testWorkspace.js';

const IGNORE_FILE = '.trivyignore.yaml';

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

/** Replaces a document's whole text and saves it, as a person's undo-and-save would leave it. */
async function restore(uri: vscode.Uri, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  await document.save();
}

describe('Quick fixes on the Helm chart', () => {
  const deployment = () => workspaceUri('templates/deployment.yaml');
  const values = () => workspaceUri('values.yaml');
  let valuesText: string;

  const diagnostic = async (code: string) =>
    (
      await waitForDiagnostics(deployment(), `a ${code} diagnostic`, (d) => d.some((x) => codeOf(x) === code))
    ).find((x) => codeOf(x) === code)!;

  before(async () => {
    valuesText = await readWorkspaceFile('values.yaml');
    await vscode.commands.executeCommand(Commands.openScanFile, workspaceUri(HELM_SCAN));
  });

  after(async () => {
    await restore(values(), valuesText);
    await vscode.workspace.fs.delete(workspaceUri(IGNORE_FILE)).then(undefined, () => undefined);
    await vscode.workspace
      .getConfiguration()
      .update(Settings.severityMap, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The other specs expect the five diagnostics of the scan, none suppressed.
    await vscode.commands.executeCommand(Commands.openScanFile, workspaceUri(HELM_SCAN));
    await waitForDiagnostics(deployment(), 'the five diagnostics again', (d) => d.length === 5);
  });

  it('shows severities as the severity map says, at once', async () => {
    await vscode.workspace
      .getConfiguration()
      .update(Settings.severityMap, { MEDIUM: 'Hint', HIGH: 'Warning' }, vscode.ConfigurationTarget.Global);
    const shown = await waitForDiagnostics(deployment(), 'MEDIUM as hints, HIGH as warnings', (d) =>
      d.every((x) =>
        ['KSV001', 'KSV104'].includes(String(codeOf(x)))
          ? x.severity === vscode.DiagnosticSeverity.Hint
          : codeOf(x) !== 'KSV118' || x.severity === vscode.DiagnosticSeverity.Warning,
      ),
    );
    assert.equal(shown.length, 5);
    await vscode.workspace
      .getConfiguration()
      .update(Settings.severityMap, undefined, vscode.ConfigurationTarget.Global);
    await waitForDiagnostics(deployment(), 'the default severities back', (d) =>
      d.some((x) => codeOf(x) === 'KSV118' && x.severity === vscode.DiagnosticSeverity.Error),
    );
  });

  it('fixes allowPrivilegeEscalation in values.yaml, which the template fills the securityContext from', async () => {
    const ksv001 = await diagnostic('KSV001');
    const actions = await quickFixesAt(deployment(), ksv001);
    // KSV030 and KSV104 are on the same line; they have no fix, only their suppression.
    assert.deepEqual(actions.map((a) => a.title).sort(), [
      'Set securityContext.allowPrivilegeEscalation: false (in values.yaml)',
      'Suppress KSV001 in .trivyignore.yaml…',
      'Suppress KSV030 in .trivyignore.yaml…',
      'Suppress KSV104 in .trivyignore.yaml…',
    ]);
    const fix = actions.find((a) => a.title.startsWith('Set securityContext.allowPrivilegeEscalation'))!;
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix.edit, 'the fix is an edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const document = await vscode.workspace.openTextDocument(values());
    // The flow map keeps its JSON-like style, its quotes and trailing commas; the comments stay.
    assert.equal(
      document.getText(),
      valuesText.replace(
        '    "readOnlyRootFilesystem": true,\n',
        '    "readOnlyRootFilesystem": true,\n    "allowPrivilegeEscalation": false,\n',
      ),
    );
    // One undo takes the fix back.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), valuesText);
  });

  it('suppresses KSV001 in a new .trivyignore.yaml and stops showing it', async () => {
    const ksv001 = await diagnostic('KSV001');
    const suppress = (await quickFixesAt(deployment(), ksv001)).find(
      (a) => a.title === 'Suppress KSV001 in .trivyignore.yaml…',
    );
    const command = suppress?.command;
    assert.equal(command?.command, Commands.suppressFinding);
    // The statement and the expiry, which the command would ask for, are passed as its answers.
    const file = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      command.command,
      ...(command.arguments ?? []),
      { statement: 'The chart drops every capability; reviewed', expiresAt: '2031-01-31' },
    );
    assert.equal(file?.toString(), workspaceUri(IGNORE_FILE).toString());
    assert.equal(
      await readWorkspaceFile(IGNORE_FILE),
      'misconfigurations:\n' +
        '  - id: KSV001\n' +
        '    statement: The chart drops every capability; reviewed\n' +
        '    expired_at: 2031-01-31\n',
    );
    const shown = await waitForDiagnostics(deployment(), 'KSV001 no longer shown', (d) => d.length === 4);
    assert.deepEqual(shown.map(codeOf).sort(), ['KSV030', 'KSV104', 'KSV110', 'KSV118']);
  });

  it('adds the next suppression to the file as it is, comments and all', async () => {
    const edited = `# Accepted findings; see the security review.\n${await readWorkspaceFile(IGNORE_FILE)}`;
    await writeWorkspaceFile(IGNORE_FILE, edited);
    const ksv110 = await diagnostic('KSV110');
    const suppress = (await quickFixesAt(deployment(), ksv110)).find((a) =>
      a.title.startsWith('Suppress KSV110'),
    )!;
    await vscode.commands.executeCommand(
      suppress.command!.command,
      ...(suppress.command!.arguments ?? []),
      {},
    );
    assert.equal(await readWorkspaceFile(IGNORE_FILE), `${edited}  - id: KSV110\n`);
    await waitForDiagnostics(
      deployment(),
      'KSV110 no longer shown',
      (d) => !d.some((x) => codeOf(x) === 'KSV110'),
    );
  });

  it("shows the scan's suppressed findings marked, with the entry that suppresses them, when suppressed findings are shown", async () => {
    const api = (await vscode.extensions
      .getExtension<ExtensionApi>(EXTENSION_ID)!
      .activate()) as ExtensionApi;
    await api.filters.set({ ...api.filters.filters, showSuppressed: true });
    try {
      const all = await waitForDiagnostics(deployment(), 'all five, two marked', (d) => d.length === 5);
      const marked = all.filter((d) => d.message.endsWith('(suppressed)')).map(codeOf);
      assert.deepEqual(marked.sort(), ['KSV001', 'KSV110']);
      const ksv110 = all.find((d) => codeOf(d) === 'KSV110')!;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        deployment(),
        ksv110.range.start,
      );
      const text = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      // Markdown-escaped: the entry's file and line, as in the cluster's findings' hovers.
      assert.match(text.replace(/\\/g, ''), /Suppressed\*\* by \.trivyignore\.yaml line 6/, text);
    } finally {
      await api.filters.set({ ...api.filters.filters, showSuppressed: false });
    }
    await waitForDiagnostics(deployment(), 'the two hidden again', (d) => d.length === 3);
  });

  it('shows a suppressed finding again when its entry is removed from the file', async () => {
    await writeWorkspaceFile(IGNORE_FILE, '# nothing accepted\n');
    await waitForDiagnostics(deployment(), 'all five shown again', (d) => d.length === 5);
  });
});
