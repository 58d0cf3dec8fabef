import * as vscode from 'vscode';
import { DEFAULT_FILE_LIMIT_BYTES, type FileReader } from '@trivy-findings/core/ports/fileReader.js';
import type { Problem } from '@trivy-findings/core/model/problem.js';
import { readSourceText, type SourceRead } from '@trivy-findings/core/readers/readSource.js';
import { Commands } from '../commands.js';
import { registerCommand } from '../registerCommand.js';
import type { Placement, ScanDiagnostics } from '../diagnostics/scanDiagnostics.js';

/** What the command needs from the extension. */
export interface OpenScanFileDeps {
  readonly files: FileReader;
  readonly diagnostics: ScanDiagnostics;
  readonly log: vscode.LogOutputChannel;
}

/**
 * "Trivy Findings: Open Scan File…": reads a scan file (any format the core reads, detected by
 * content), publishes its findings as diagnostics on the workspace files they point to, and logs
 * what could not be read or placed. Returns the read, for callers that go on with it.
 */
export function registerOpenScanFile(deps: OpenScanFileDeps): vscode.Disposable {
  return registerCommand(Commands.openScanFile, async (file) => {
    const scan = file ?? (await pickScanFile());
    if (!scan) return undefined;
    return openScanFile(scan, deps);
  });
}

async function pickScanFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open Trivy Scan File',
    openLabel: 'Open Scan File',
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'Scan files': ['json', 'sarif', 'yaml', 'yml'], 'All files': ['*'] },
  });
  return picked?.[0];
}

async function openScanFile(scan: vscode.Uri, deps: OpenScanFileDeps): Promise<SourceRead | undefined> {
  const name = vscode.workspace.asRelativePath(scan, true);
  let text: string;
  try {
    text = await deps.files.readText(scan.toString(), DEFAULT_FILE_LIMIT_BYTES);
  } catch (err) {
    deps.log.error(`${name}: ${(err as Error).message}`);
    void vscode.window.showErrorMessage(`Trivy Findings: ${(err as Error).message}`);
    return undefined;
  }
  const read = readSourceText(text, name);
  for (const problem of read.problems) logProblem(deps.log, problem);
  const placement = await deps.diagnostics.show(scan, read.findings);
  logPlacement(deps.log, name, read, placement);
  void tell(summary(name, read, placement), read.format === 'unknown', deps.log);
  return read;
}

function logProblem(log: vscode.LogOutputChannel, problem: Problem): void {
  const where = problem.line === undefined ? problem.source : `${problem.source}:${problem.line}`;
  if (problem.level === 'error') log.error(`${where}: ${problem.message}`);
  else log.warn(`${where}: ${problem.message}`);
}

function logPlacement(
  log: vscode.LogOutputChannel,
  name: string,
  read: SourceRead,
  placement: Placement,
): void {
  log.info(
    `${name}: ${read.format}, ${read.findings.length} findings, ${read.problems.length} problems; ` +
      `diagnostics on ${placement.files.size} files`,
  );
  for (const [file, count] of placement.files)
    log.info(`  ${vscode.workspace.asRelativePath(vscode.Uri.parse(file, true))}: ${count}`);
  for (const { finding, reason } of placement.unplaced)
    log.info(`  not shown in the editor: ${finding.id} (${finding.title}): ${reason}`);
}

function summary(name: string, read: SourceRead, placement: Placement): string {
  if (read.format === 'unknown') return `Trivy Findings: nothing could be read from ${name}.`;
  const placed = [...placement.files.values()].reduce((a, b) => a + b, 0);
  const files = placement.files.size === 1 ? '1 workspace file' : `${placement.files.size} workspace files`;
  const unplaced = placement.unplaced.length > 0 ? `, ${placement.unplaced.length} only in the log` : '';
  const problems = read.problems.length > 0 ? ` The file has ${read.problems.length} problems.` : '';
  return `Trivy Findings: ${read.findings.length} findings in ${name}: ${placed} shown on ${files}${unplaced}.${problems}`;
}

/** Shows the outcome without waiting for the user; "Show Log" opens the log channel. */
async function tell(message: string, asWarning: boolean, log: vscode.LogOutputChannel): Promise<void> {
  const show = asWarning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  if ((await show(message, 'Show Log')) === 'Show Log') log.show(true);
}
