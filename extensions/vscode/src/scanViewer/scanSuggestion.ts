import * as vscode from 'vscode';
import { ViewTypes } from '../commands.js';
import { isScanText, SuggestionPolicy } from './scanSuggestionPolicy.js';

/** The buttons of the suggestion, as the notification shows them. */
export const SUGGESTION_ACTIONS = {
  open: 'Open in Viewer',
  notForFile: "Don't Ask for This File",
  notInWorkspace: "Don't Ask in This Workspace",
} as const;

/** Schemes of files on a disk or a remote one; not diffs, output channels, settings or untitled text. */
const FILE_SCHEMES = new Set(['file', 'vscode-remote', 'vscode-vfs']);

/**
 * Suggests the scan viewer, in one notification, when a text editor shows a file whose content is
 * a scan or a report (`isScanText`), once per file and session, unless the user declined it for
 * the file or the workspace (`SuggestionPolicy`).
 */
export function registerScanSuggestion(
  memento: vscode.Memento,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const policy = new SuggestionPolicy(memento);
  const consider = (editor: vscode.TextEditor | undefined) => {
    const document = editor?.document;
    if (!document || !FILE_SCHEMES.has(document.uri.scheme)) return;
    const uri = document.uri.toString();
    // The content is read only for a file that may still be asked about.
    if (!policy.claim(uri)) return;
    if (!isScanText(document.getText())) return;
    void suggest(document.uri, policy).catch((err: unknown) =>
      log.error(`scan viewer suggestion: ${(err as Error).message}`),
    );
  };
  consider(vscode.window.activeTextEditor);
  return vscode.window.onDidChangeActiveTextEditor(consider);
}

async function suggest(uri: vscode.Uri, policy: SuggestionPolicy): Promise<void> {
  const name = vscode.workspace.asRelativePath(uri, true);
  const choice = await vscode.window.showInformationMessage(
    `${name} is a scan file. Open it in the Trivy Findings viewer?`,
    SUGGESTION_ACTIONS.open,
    SUGGESTION_ACTIONS.notForFile,
    SUGGESTION_ACTIONS.notInWorkspace,
  );
  if (choice === SUGGESTION_ACTIONS.open)
    await vscode.commands.executeCommand('vscode.openWith', uri, ViewTypes.scanViewer);
  else if (choice === SUGGESTION_ACTIONS.notForFile) await policy.declineFile(uri.toString());
  else if (choice === SUGGESTION_ACTIONS.notInWorkspace) await policy.declineWorkspace();
}
