import * as vscode from 'vscode';
import { VscodeFileReader } from './adapters/vscodeFileReader.js';
import { registerFindingCodeActions } from './codeActions/findingCodeActions.js';
import { registerPinImageTag } from './codeActions/pinImageTag.js';
import { registerSuppressFinding } from './codeActions/suppressFinding.js';
import { Settings } from './commands.js';
import { configuredSeverityMap } from './diagnostics/findingDiagnostic.js';
import { ScanDiagnostics } from './diagnostics/scanDiagnostics.js';
import { FindingSets } from './findingSets/findingSets.js';
import { registerFindingHovers } from './hovers/findingHover.js';
import { registerOpenScanFile } from './scanFile/openScanFile.js';
import { ScanReads } from './scanFile/scanReads.js';
import { registerScanSuggestion } from './scanViewer/scanSuggestion.js';
import { registerScanViewer } from './scanViewer/scanViewerProvider.js';
import { registerClusterActions } from './cluster/clusterActions.js';
import { ClusterConnection } from './cluster/clusterConnection.js';
import { ImageCodeLensProvider } from './codeLens/imageCodeLens.js';
import { createExtensionCore } from './core.js';
import { ClusterLink } from './diagnostics/clusterLink.js';
import { ManifestFeed } from './diagnostics/manifestFeed.js';
import { WorkspaceDiagnostics } from './diagnostics/workspaceDiagnostics.js';
import { registerFilterCommands, type FilterChoices } from './filters/filterCommands.js';
import { FilterState } from './filters/filterState.js';
import { ignoreScopeOf, WorkspaceIgnore } from './filters/workspaceIgnore.js';
import { LocalScanner } from './localScan/localScanner.js';
import { registerLocalScanCommands } from './localScan/scanCommands.js';
import { affectsClusterSession, clusterSettings } from './settings.js';
import { registerClusterStatusBar } from './statusBar/clusterStatusBar.js';
import { registerClusterView, type ClusterView } from './views/clusterView.js';
import { SuppressionsView } from './views/suppressionsView.js';
import { WorkspaceView } from './views/workspaceView.js';
import { WorkspaceFindings } from './workspaceFindings/workspaceFindings.js';

/** The name of the log channel (Output panel) and of the extension in messages. */
export const EXTENSION_NAME = 'Trivy Findings';

/**
 * Builds the adapters of the core's ports, composes the one core, and lets each feature register
 * itself; everything registered lives as long as the extension (`context.subscriptions`, disposed
 * in reverse: the features stop before the core goes).
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel(EXTENSION_NAME, { log: true });
  const version = String(context.extension.packageJSON.version);
  const files = new VscodeFileReader(vscode.workspace.fs);
  const core = createExtensionCore(files, log);
  // The one filter every view, count and diagnostic below shows findings through.
  const filters = new FilterState();
  // Every workspace folder's root ignore file: any of them suppresses the cluster's findings, each
  // its own folder's local ones (as trivy judged them).
  const ignoreFiles = new WorkspaceIgnore(files, log);
  const diagnostics = new ScanDiagnostics(files);
  diagnostics.setSeverityMap(configuredSeverityMap());
  diagnostics.setFilter(filters.matches, filters.ignore);
  const workspaceFindings = new WorkspaceFindings();
  const scans = new ScanReads({ files, diagnostics, workspaceFindings });
  const findingSets = new FindingSets(core, filters);
  context.subscriptions.push(
    log,
    core,
    filters,
    ignoreFiles,
    ignoreFiles.onDidChange(() => filters.setIgnore(ignoreFiles.sourced, { scopeOf: ignoreScopeOf() })),
    diagnostics,
    workspaceFindings,
    scans,
    findingSets,
    registerOpenScanFile({ scans, log }),
    registerScanViewer({ extensionUri: context.extensionUri, scans, findingSets, files, log, version }),
    registerScanSuggestion(context.workspaceState, log),
    registerFindingCodeActions({ files, registry: diagnostics.registry, ignore: ignoreFiles }),
    registerSuppressFinding({ files, diagnostics, ignore: ignoreFiles, log }),
    registerPinImageTag(diagnostics.registry),
    registerFindingHovers(diagnostics.registry),
  );

  // The cluster the Cluster view shows; the diagnostics follow the same connection.
  const connection = new ClusterConnection(core, {
    memento: context.workspaceState,
    log,
    settingContext: () => clusterSettings().context,
    enabled: () => clusterSettings().enabled,
  });
  const clusterView = registerClusterView(connection, filters);
  context.subscriptions.push(
    connection,
    clusterView,
    registerClusterStatusBar(connection, filters),
    registerClusterActions(core, connection, log),
  );

  // The workspace's manifests in the core, and what it places on them: the shown cluster's live
  // findings and local scans' findings, as diagnostics.
  const feed = new ManifestFeed(core.workspace, files, log);
  const cluster = new ClusterLink(core.live, connection, log);
  const workspaceDiagnostics = new WorkspaceDiagnostics(
    core.workspace,
    feed,
    diagnostics.registry,
    () => cluster.context,
    filters.matches,
  );
  workspaceDiagnostics.setSeverityMap(configuredSeverityMap());
  // The live link marks what the folders' ignore files suppress and places suppressed cluster
  // findings only while they are shown; every other filter is applied when publishing, to what
  // the workspace already holds.
  const placeSuppressed = () =>
    core.live.configure({
      filter: { showSuppressed: filters.filters.showSuppressed },
      ignore: ignoreFiles.sourced,
    });
  placeSuppressed();
  const scanner = new LocalScanner(core, log, (paths) => feed.include(paths), workspaceFindings);
  const workspaceView = new WorkspaceView(workspaceFindings, context.workspaceState, filters);
  const imageLenses = new ImageCodeLensProvider(core, () => cluster.context, filters);
  const suppressionsView = new SuppressionsView(
    files,
    core,
    workspaceFindings,
    () => cluster.context,
    ignoreFiles.onDidChange,
  );
  context.subscriptions.push(
    workspaceDiagnostics,
    feed,
    cluster,
    cluster.onDidChangeEnabled(() => workspaceDiagnostics.republish()),
    filters.onDidChange(() => {
      diagnostics.setFilter(filters.matches, filters.ignore);
      placeSuppressed();
      workspaceDiagnostics.republish();
    }),
    registerFilterCommands(filters, () => filterChoices(connection)),
    scanner,
    registerLocalScanCommands(scanner),
    workspaceView,
    imageLenses,
    suppressionsView,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.severityMap)) {
        diagnostics.setSeverityMap(configuredSeverityMap());
        workspaceDiagnostics.setSeverityMap(configuredSeverityMap());
      }
      if (affectsClusterSession(e)) void connection.retry();
      if (e.affectsConfiguration(Settings.clusterDiagnostics)) void cluster.refresh();
    }),
  );
  const connected = connection.connect();
  const ready = Promise.all([feed.start(), ignoreFiles.reload()]).then(async () => {
    scanner.scanOpenDocuments();
    await connected;
    await cluster.refresh();
    await suppressionsView.refresh();
  });
  log.info(`${EXTENSION_NAME} ${version} activated`);
  return {
    ready,
    cluster: { connection, view: clusterView },
    feed,
    workspaceDiagnostics,
    clusterLink: cluster,
    scanner,
    workspaceView,
    suppressionsView,
    filters,
  };
}

/** What the filter picker offers: the shown cluster's namespaces and the kinds it holds reports of. */
function filterChoices(connection: ClusterConnection): FilterChoices {
  const state = connection.state;
  if (state.phase !== 'connected') return { namespaces: [], kinds: [] };
  const store = state.session.store;
  return {
    namespaces: store
      .namespaces()
      .map((n) => n.namespace)
      .filter((ns) => ns !== ''),
    kinds: [...new Set(store.reports().map((r) => r.kind.kind))],
  };
}

/**
 * What `activate` returns (`extension.exports`): the parts the VS Code suite reads rows and
 * states from and waits on, as the workbench does. Not an API for other extensions.
 */
export interface ExtensionApi {
  /** Settles when the manifests are indexed and the cluster was tried once. */
  readonly ready: Promise<void>;
  readonly cluster: { readonly connection: ClusterConnection; readonly view: ClusterView };
  readonly feed: ManifestFeed;
  readonly workspaceDiagnostics: WorkspaceDiagnostics;
  /** The shown cluster's findings on the workspace's manifests. */
  readonly clusterLink: ClusterLink;
  readonly scanner: LocalScanner;
  readonly workspaceView: WorkspaceView;
  readonly suppressionsView: SuppressionsView;
  /** The filters in force, shared by the views, the counts and the diagnostics. */
  readonly filters: FilterState;
}

export function deactivate(): void {}
