import * as vscode from 'vscode';
import { VscodeFileReader } from './adapters/vscodeFileReader.js';
import { registerFindingCodeActions } from './codeActions/findingCodeActions.js';
import { registerPinImageTag } from './codeActions/pinImageTag.js';
import { registerSuppressFinding } from './codeActions/suppressFinding.js';
import { Settings } from './commands.js';
import { configuredSeverityMap } from './diagnostics/findingDiagnostic.js';
import { ScanDiagnostics } from './diagnostics/scanDiagnostics.js';
import { registerFindingHovers } from './hovers/findingHover.js';
import { registerOpenScanFile } from './scanFile/openScanFile.js';
import { ScanReads } from './scanFile/scanReads.js';
import { registerScanSuggestion } from './scanViewer/scanSuggestion.js';
import { registerScanViewer } from './scanViewer/scanViewerProvider.js';

/** The name of the log channel (Output panel) and of the extension in messages. */
export const EXTENSION_NAME = 'Trivy Findings';

/**
 * Builds the adapters of the core's ports and lets each feature register itself; everything
 * registered lives as long as the extension (`context.subscriptions`).
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(EXTENSION_NAME, { log: true });
  const version = String(context.extension.packageJSON.version);
  const files = new VscodeFileReader(vscode.workspace.fs);
  const diagnostics = new ScanDiagnostics(files);
  diagnostics.setSeverityMap(configuredSeverityMap());
  const scans = new ScanReads({ files, diagnostics });
  context.subscriptions.push(
    log,
    diagnostics,
    scans,
    registerOpenScanFile({ scans, log }),
    registerScanViewer({ extensionUri: context.extensionUri, scans, files, log, version }),
    registerScanSuggestion(context.workspaceState, log),
    registerFindingCodeActions({ files, registry: diagnostics.registry }),
    registerSuppressFinding({ files, diagnostics, log }),
    registerPinImageTag(diagnostics.registry),
    registerFindingHovers(diagnostics.registry),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.severityMap)) diagnostics.setSeverityMap(configuredSeverityMap());
    }),
  );
  log.info(`${EXTENSION_NAME} ${version} activated`);
}

export function deactivate(): void {}
