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
import { registerClusterActions } from './cluster/clusterActions.js';
import { ClusterConnection } from './cluster/clusterConnection.js';
import { createExtensionCore } from './core.js';
import { affectsClusterSession, clusterSettings } from './settings.js';
import { registerClusterStatusBar } from './statusBar/clusterStatusBar.js';
import { registerClusterView, type ClusterView } from './views/clusterView.js';

/** The name of the log channel (Output panel) and of the extension in messages. */
export const EXTENSION_NAME = 'Trivy Findings';

/**
 * Builds the adapters of the core's ports and lets each feature register itself; everything
 * registered lives as long as the extension (`context.subscriptions`).
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel(EXTENSION_NAME, { log: true });
  const version = String(context.extension.packageJSON.version);
  const files = new VscodeFileReader(vscode.workspace.fs);
  const core = createExtensionCore(files, log);
  const connection = new ClusterConnection(core, {
    memento: context.workspaceState,
    log,
    settingContext: () => clusterSettings().context,
    enabled: () => clusterSettings().enabled,
  });
  const clusterView = registerClusterView(connection);
  const diagnostics = new ScanDiagnostics(files);
  diagnostics.setSeverityMap(configuredSeverityMap());
  const scans = new ScanReads({ files, diagnostics });
  context.subscriptions.push(
    log,
    core,
    connection,
    clusterView,
    registerClusterStatusBar(connection),
    registerClusterActions(core, connection, log),
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
      if (affectsClusterSession(e)) void connection.retry();
    }),
  );
  log.info(`${EXTENSION_NAME} ${version} activated`);
  void connection.connect();
  return { cluster: { connection, view: clusterView } };
}

/**
 * What `activate` returns (`extension.exports`): the Cluster view's parts, which the VS Code suite
 * reads rows and states from as the workbench does.
 */
export interface ExtensionApi {
  readonly cluster: { readonly connection: ClusterConnection; readonly view: ClusterView };
}

export function deactivate(): void {}
