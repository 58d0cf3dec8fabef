import * as vscode from 'vscode';
import { VscodeFileReader } from './adapters/vscodeFileReader.js';
import { ScanDiagnostics } from './diagnostics/scanDiagnostics.js';
import { registerOpenScanFile } from './scanFile/openScanFile.js';

/** The name of the log channel (Output panel) and of the extension in messages. */
export const EXTENSION_NAME = 'Trivy Findings';

/**
 * Builds the adapters of the core's ports and lets each feature register itself; everything
 * registered lives as long as the extension (`context.subscriptions`).
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(EXTENSION_NAME, { log: true });
  const files = new VscodeFileReader(vscode.workspace.fs);
  const diagnostics = new ScanDiagnostics(files);
  context.subscriptions.push(log, diagnostics, registerOpenScanFile({ files, diagnostics, log }));
  log.info(`${EXTENSION_NAME} ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {}
