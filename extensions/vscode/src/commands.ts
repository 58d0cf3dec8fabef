import type * as vscode from 'vscode';
import type { FindingSetQuery } from './findingSets/findingSetQuery.js';
import type { ClusterNode } from './views/clusterTreeModel.js';

/**
 * Every command the extension contributes: the only list of command ids in the code base.
 * `package.json` declares the same ids (a test checks both lists agree).
 */
export const Commands = {
  openScanFile: 'trivyFindings.openScanFile',
  suppressFinding: 'trivyFindings.suppressFinding',
  pinImageTag: 'trivyFindings.pinImageTag',
  selectClusterContext: 'trivyFindings.cluster.selectContext',
  retryCluster: 'trivyFindings.cluster.retry',
  openClusterFinding: 'trivyFindings.cluster.openFinding',
  copyFindingId: 'trivyFindings.cluster.copyId',
  openRuleLink: 'trivyFindings.cluster.openRuleLink',
  rescanWorkload: 'trivyFindings.cluster.rescan',
  revealWorkloadManifest: 'trivyFindings.cluster.revealManifest',
  showCarriers: 'trivyFindings.cluster.whichWorkloads',
  scanFile: 'trivyFindings.scanFile',
  scanWorkspace: 'trivyFindings.scanWorkspace',
  workspaceGroupBy: 'trivyFindings.workspace.groupBy',
  showImageFindings: 'trivyFindings.showImageFindings',
  pickFilters: 'trivyFindings.filters.pick',
  /** The same picker, with the filled icon the view titles show while a filter is on. */
  pickFiltersActive: 'trivyFindings.filters.pickActive',
  filterHighCriticalFixable: 'trivyFindings.filters.highCriticalFixable',
  clearFilters: 'trivyFindings.filters.clear',
  openFindingSet: 'trivyFindings.openFindingSet',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The arguments of each command, as callers (menus, tests, other extensions) pass them. */
export interface CommandArgs {
  /** The scan file to read; without one the user picks it in an open dialog. */
  [Commands.openScanFile]: [file?: vscode.Uri];
  /**
   * "Suppress … in .trivyignore.yaml" of a quick fix: the document and the diagnostic of the
   * finding; without `answers` the user is asked for the statement and the expiry.
   */
  [Commands.suppressFinding]: [
    document: vscode.Uri,
    diagnostic: vscode.Diagnostic,
    answers?: { readonly statement?: string; readonly expiresAt?: string },
  ];
  /** "Pin the image to a tag…" of a quick fix; without `tag` the user is asked for it. */
  [Commands.pinImageTag]: [document: vscode.Uri, diagnostic: vscode.Diagnostic, tag?: string];
  /** The Cluster view's context picker; with `context` (`''` = follow the current one) no picker. */
  [Commands.selectClusterContext]: [context?: string];
  /** Opens the shown context again after it could not be reached. */
  [Commands.retryCluster]: [];
  /** The finding of a Cluster view row, as a read-only Markdown document. */
  [Commands.openClusterFinding]: [node: ClusterNodeArg];
  [Commands.copyFindingId]: [node: ClusterNodeArg];
  [Commands.openRuleLink]: [node: ClusterNodeArg];
  /**
   * Deletes the reports of a workload (or one kind of them) so that Trivy Operator scans it
   * again; asks first unless `confirm` is `true` (automation).
   */
  [Commands.rescanWorkload]: [node: ClusterNodeArg, confirm?: boolean];
  [Commands.revealWorkloadManifest]: [node: ClusterNodeArg];
  /**
   * "Which workloads run CVE-X": the shown cluster's workloads and images that carry a
   * vulnerability (a row's, or an id; without either the user types one), in a quick pick whose
   * choice is revealed in the Cluster view. With `pick: false` it only returns them (automation).
   */
  [Commands.showCarriers]: [target?: ClusterNodeArg | string, pick?: boolean];
  /** Scan a file or folder with the local `trivy` (explorer menu); without one, the active editor's file. */
  [Commands.scanFile]: [target?: vscode.Uri];
  /** Scan every workspace folder with the local `trivy`. */
  [Commands.scanWorkspace]: [];
  /** Groups the Workspace view by file, severity or rule; without one the user picks. */
  [Commands.workspaceGroupBy]: [grouping?: 'file' | 'severity' | 'rule'];
  /**
   * The CodeLens of an `image:` line: opens that image's cluster vulnerabilities (the ones the
   * lens counts) in the scan viewer.
   */
  [Commands.showImageFindings]: [image: string, document: string, line: number];
  /** The filter picker (severities, fixable only, show suppressed, namespaces, kinds). */
  [Commands.pickFilters]: [];
  [Commands.pickFiltersActive]: [];
  /** "Show only HIGH and CRITICAL, fixable": one click, written to the settings. */
  [Commands.filterHighCriticalFixable]: [];
  /** Every severity, unfixed ones too, suppressed hidden: the defaults. */
  [Commands.clearFilters]: [];
  /**
   * Opens a set of the cluster's findings that is not a file (a namespace's, an image line's) in
   * the scan viewer, its filter preset (an upgrade, a workload): the Cluster view's Upgrades rows.
   */
  [Commands.openFindingSet]: [query: FindingSetQuery];
}

/** The custom editors the extension contributes, by `viewType`; `package.json` declares the same. */
export const ViewTypes = {
  /** The scan viewer: offered for JSON, SARIF and YAML files with "Reopen Editor With…", never the default. */
  scanViewer: 'trivyFindings.scanViewer',
} as const;

/** A row of the Cluster view as its context menu passes it (`views/clusterTreeModel.ts`). */
export type ClusterNodeArg = ClusterNode;

/** The settings the extension reads, by their full key; `package.json` declares them. */
export const Settings = {
  trivyPath: 'trivyFindings.trivy.path',
  trivyExtraArgs: 'trivyFindings.trivy.extraArgs',
  severityMap: 'trivyFindings.diagnostics.severityMap',
  resourceDefaults: 'trivyFindings.fixes.resources',
  clusterEnabled: 'trivyFindings.cluster.enabled',
  clusterContext: 'trivyFindings.cluster.context',
  clusterNamespaces: 'trivyFindings.cluster.namespaces',
  clusterKinds: 'trivyFindings.cluster.kinds',
  clusterDiagnostics: 'trivyFindings.cluster.diagnostics',
  manifestsInclude: 'trivyFindings.manifests.include',
  manifestsMaxFiles: 'trivyFindings.manifests.maxFiles',
  scanOnSave: 'trivyFindings.scanOnSave',
  skipDbUpdate: 'trivyFindings.trivy.skipDbUpdate',
  skipCheckUpdate: 'trivyFindings.trivy.skipCheckUpdate',
  offlineScan: 'trivyFindings.trivy.offlineScan',
  cacheDir: 'trivyFindings.trivy.cacheDir',
  filterSeverities: 'trivyFindings.filters.severities',
  filterIgnoreUnfixed: 'trivyFindings.filters.ignoreUnfixed',
  filterShowSuppressed: 'trivyFindings.filters.showSuppressed',
  filterNamespaces: 'trivyFindings.filters.namespaces',
  filterKinds: 'trivyFindings.filters.kinds',
} as const;

/** The views the extension contributes, by id; `package.json` declares them. */
export const Views = {
  findings: 'trivyFindings.findings',
  cluster: 'trivyFindings.cluster',
} as const;

/**
 * The settings an untrusted workspace may not set (`restrictedConfigurations` in package.json):
 * what runs a program and with which arguments.
 */
export const RestrictedSettings: readonly string[] = [
  Settings.trivyPath,
  Settings.trivyExtraArgs,
  Settings.cacheDir,
];

/** Context keys the extension sets for `when` clauses (welcome views, menus). */
export const ContextKeys = {
  /** No kubeconfig could be loaded, or its current context does not answer. */
  noCluster: 'trivyFindings.noCluster',
  /** The configured `trivy` was not found. */
  noTrivy: 'trivyFindings.noTrivy',
  /** The workspace is not trusted: no local `trivy` runs. */
  untrusted: 'trivyFindings.untrusted',
  /** A filter hides findings (or shows suppressed ones): the views' filter icon is filled. */
  filtered: 'trivyFindings.filtered',
} as const;
