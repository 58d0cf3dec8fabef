import * as vscode from 'vscode';
import {
  daysFrom,
  SUPPRESS_FILE_NAME,
  suppressEdit,
  suppressionFor,
} from '@trivy-findings/core/fixes/suppressFix.js';
import { expiryTime } from '@trivy-findings/core/ignore/trivyIgnore.js';
import { IGNORE_FILE_LIMIT_BYTES } from '@trivy-findings/core/inputs/ignoreFileInput.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { Commands } from '../commands.js';
import type { ScanDiagnostics } from '../diagnostics/scanDiagnostics.js';
import type { WorkspaceIgnore } from '../filters/workspaceIgnore.js';
import { registerCommand } from '../registerCommand.js';
import { workspaceEditOf } from './fixEdits.js';

/** What the command needs from the extension. */
export interface SuppressDeps {
  readonly files: FileReader;
  readonly diagnostics: ScanDiagnostics;
  /** The folders' root ignore files as the cluster's findings are judged by them. */
  readonly ignore: Pick<WorkspaceIgnore, 'reload' | 'fileFor'>;
  readonly log: vscode.LogOutputChannel;
}

/**
 * "Suppress <id> in .trivyignore.yaml…": asks why (the entry's `statement`) and until when (none,
 * 30 or 90 days, a date), adds the entry to the root ignore file in force of the workspace folder
 * that holds the document (`.trivyignore.yaml`, or the folder's plain `.trivyignore` when that is
 * the one it keeps: `WorkspaceIgnore.fileFor`); in a multi-root workspace, a cluster finding on a manifest of
 * folder B goes to B's file, which judges the cluster's findings as every folder's does; the
 * first folder's only for a document of none; created when missing, everything already in it
 * kept byte for byte; saves it — that folder's local scans pass it to trivy with `--ignorefile`,
 * and the cluster's findings are judged by it — and hides the findings it now suppresses, local
 * and cluster alike. Undo in the file takes it back. Resolves to the ignore file, or `undefined` when nothing was written.
 */
export function registerSuppressFinding(deps: SuppressDeps): vscode.Disposable {
  return registerCommand(Commands.suppressFinding, async (document, diagnostic, answers) => {
    const finding = deps.diagnostics.registry.findingOf(document, diagnostic);
    const target = deps.ignore.fileFor(document);
    if (!target) {
      void vscode.window.showErrorMessage(
        `Trivy Findings: ${SUPPRESS_FILE_NAME} goes in a workspace folder; open one first.`,
      );
      return undefined;
    }
    const { uri: file, name } = target;
    const suppression = finding && suppressionFor(finding, name);
    if (!finding || !suppression) {
      void vscode.window.showWarningMessage(
        'Trivy Findings: this finding is no longer shown, or cannot be suppressed.',
      );
      return undefined;
    }
    const statement = answers ? answers.statement : await askStatement(suppression.id, name);
    if (statement === undefined && !answers) return undefined;
    const expiresAt = answers ? answers.expiresAt : await askExpiry();
    if (expiresAt === null) return undefined;

    const existing = await currentText(file, name, deps.files);
    if (existing instanceof Error) {
      deps.log.error(`${name}: ${existing.message}`);
      void vscode.window.showErrorMessage(`Trivy Findings: ${existing.message}`);
      return undefined;
    }
    const result = suppressEdit(
      finding,
      { path: file.toString(), text: existing ?? '' },
      {
        ...(statement ? { statement } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      },
    );
    for (const p of result.problems) {
      if (p.level === 'error') deps.log.error(`${name}: ${p.message}`);
      else deps.log.warn(`${name}: ${p.message}`);
    }
    if (!result.value) {
      const why = result.problems[0]?.message ?? 'nothing to add';
      void vscode.window.showInformationMessage(`Trivy Findings: ${why}.`);
      return result.problems.some((p) => p.level === 'error') ? undefined : file;
    }
    const edit =
      existing === undefined
        ? new vscode.WorkspaceEdit()
        : workspaceEditOf(result.value, new Map([[file.toString(), file]]));
    if (!edit) return undefined;
    if (existing === undefined) {
      // A new file: created with its contents in the same edit, so one undo removes it again.
      const text = result.value.map((e) => e.newText).join('');
      edit.createFile(file, { ignoreIfExists: false, contents: new TextEncoder().encode(text) });
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Trivy Findings: could not edit ${name}.`);
      return undefined;
    }
    // Trivy reads the file from disk: an edit left unsaved would suppress nothing.
    const saved = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
    if (saved?.isDirty) await saved.save();
    deps.log.info(`${name}: ${suppression.id} suppressed${expiresAt ? ` until ${expiresAt}` : ''}`);
    // Read again now, not when the watcher says: every view and publisher judges through it.
    await deps.ignore.reload();
    return file;
  });
}

/** The ignore file's text with unsaved changes; `undefined` when it does not exist. */
async function currentText(
  file: vscode.Uri,
  name: string,
  files: FileReader,
): Promise<string | undefined | Error> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (open) return open.getText();
  const info = await files.stat(file.toString()).catch((err: unknown) => err as Error);
  if (info instanceof Error) return info;
  if (!info) return undefined;
  if (info.isDirectory) return new Error(`${name} is a directory`);
  return files.readText(file.toString(), IGNORE_FILE_LIMIT_BYTES).catch((err: unknown) => err as Error);
}

function askStatement(id: string, name: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Suppress ${id} in ${name}`,
    prompt: 'Why is this finding accepted? Written as the statement of the entry (may be empty).',
    placeHolder: 'e.g. The container needs it to bind port 80; reviewed by the platform team',
    ignoreFocusOut: true,
  });
}

/** The expiry chosen: a date, `undefined` for none, `null` when the user cancelled. */
async function askExpiry(): Promise<string | undefined | null> {
  const now = new Date();
  const items: (vscode.QuickPickItem & { expiresAt?: string; ask?: true })[] = [
    { label: 'No expiry', description: 'suppressed until the entry is removed' },
    { label: 'In 30 days', description: daysFrom(now, 30), expiresAt: daysFrom(now, 30) },
    { label: 'In 90 days', description: daysFrom(now, 90), expiresAt: daysFrom(now, 90) },
    { label: 'On a date…', description: 'YYYY-MM-DD', ask: true },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Until when? Trivy reports the finding again from that day on.',
    ignoreFocusOut: true,
  });
  if (!picked) return null;
  if (!picked.ask) return picked.expiresAt;
  const date = await vscode.window.showInputBox({
    title: 'Suppress until',
    prompt: 'The day the suppression ends (UTC), as YYYY-MM-DD',
    placeHolder: daysFrom(now, 180),
    ignoreFocusOut: true,
    validateInput: (value) => dateProblem(value.trim(), now),
  });
  return date === undefined ? null : date.trim();
}

function dateProblem(value: string, now: Date): string | undefined {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? expiryTime(value) : undefined;
  if (time === undefined) return 'A date as YYYY-MM-DD, e.g. 2031-01-31';
  if (time <= now.getTime()) return 'A day after today: from that day on the finding is reported again';
  return undefined;
}
