import * as vscode from 'vscode';
import type { Problem } from '@trivy-findings/core/model/problem.js';
import type { SourceRead } from '@trivy-findings/core/readers/readSource.js';
import { matchesFilter } from '@trivy-findings/core/model/findingFilter.js';
import { Commands, ViewTypes } from '../commands.js';
import { registerCommand } from '../registerCommand.js';
import type { Placement } from '../diagnostics/scanDiagnostics.js';
import type { ScanReads } from './scanReads.js';

/** What the command needs from the extension. */
export interface OpenScanFileDeps {
  readonly scans: ScanReads;
  readonly log: vscode.LogOutputChannel;
}

/**
 * "Trivy Findings: Open Scan File…": reads a scan file (any format the core reads, detected by
 * content), publishes its findings as diagnostics on the workspace files they point to, logs what
 * could not be read or placed, and shows the file in the scan viewer. Returns the read, for
 * callers that go on with it.
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
  // Held until the viewer holds it too, so the viewer shows this very read.
  const handle = deps.scans.acquire(scan);
  try {
    const { name, read, failure, placement } = await handle.load();
    if (failure !== undefined) {
      deps.log.error(`${name}: ${failure}`);
      void vscode.window.showErrorMessage(`Trivy Findings: ${failure}`);
      return undefined;
    }
    for (const problem of read.problems) logProblem(deps.log, problem);
    logPlacement(deps.log, name, read, placement);
    void tell(summary(name, read, placement), read.format === 'unknown', deps.log);
    await vscode.commands.executeCommand('vscode.openWith', scan, ViewTypes.scanViewer);
    return read;
  } finally {
    handle.dispose();
  }
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
    `${name}: ${read.format}, ${shown(read)} findings, ${read.problems.length} problems; ` +
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
  return `Trivy Findings: ${shown(read)} findings in ${name}: ${placed} shown on ${files}${unplaced}.${problems}`;
}

/** The findings the CLI would print without `--all`: the read holds passed checks for the viewer too. */
function shown(read: SourceRead): number {
  return read.findings.filter((f) => matchesFilter(f, {})).length;
}

/** Shows the outcome without waiting for the user; "Show Log" opens the log channel. */
async function tell(message: string, asWarning: boolean, log: vscode.LogOutputChannel): Promise<void> {
  const show = asWarning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  if ((await show(message, 'Show Log')) === 'Show Log') log.show(true);
}
