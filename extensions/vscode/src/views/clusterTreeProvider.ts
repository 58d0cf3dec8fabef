import * as vscode from 'vscode';
import type { StoreChange } from '@trivy-findings/core/cluster/changeBatcher.js';
import { SEVERITIES, type Severity, type SeverityCounts } from '@trivy-findings/core/model/severity.js';
import type { ClusterConnection, ConnectionState } from '../cluster/clusterConnection.js';
import type { SessionInsights } from '../cluster/sessionInsights.js';
import { Commands } from '../commands.js';
import { filteredClusterStore, type ClusterStoreView } from '../filters/filteredClusterStore.js';
import type { FindingFilters } from '../filters/findingFilters.js';
import type { IgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import type { FindingSetQuery } from '../findingSets/findingSetQuery.js';
import type { CoverageState } from '@trivy-findings/core/insights/coverage.js';
import { escapeMarkdown } from '../hovers/markdownText.js';
import {
  clusterChildren,
  contextValueOf,
  countsText,
  descriptionOf,
  labelOf,
  nodeIds,
  type ClusterNode,
  type ClusterTreeSource,
} from './clusterTreeModel.js';

/** Theme colours of the severity icons, as the Problems panel and charts use them. */
const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  CRITICAL: 'charts.red',
  HIGH: 'charts.orange',
  MEDIUM: 'charts.yellow',
  LOW: 'charts.blue',
  UNKNOWN: 'charts.foreground',
};

/** The filters the view shows the store through, and their changes. */
export interface ShownFilters {
  readonly filters: FindingFilters;
  /** The workspace ignore file's matcher: what it matches is suppressed in the view too. */
  readonly ignore?: IgnoreMatcher;
  readonly onDidChange: vscode.Event<unknown>;
}

/**
 * The Cluster view: rows from `clusterTreeModel.ts` over the shown session's store. Rows keep
 * their identity per id while they are shown, so a store change refreshes exactly the rows it
 * names (the namespaces and the cluster-scoped branch it touched), and VS Code keeps their
 * expansion; the root is refreshed only when rows come or go there (a namespace, a status).
 * The rows are built from the store seen through the filters (`filters/filteredClusterStore.ts`),
 * so a filter change is one refresh of what the store already holds.
 */
export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ClusterNode | ClusterNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** The rows handed to VS Code, by id: what a refresh must name. */
  private shown = new Map<string, ClusterNode>();
  private rootIds: string[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The store seen through the filters, kept (with the counts it made) until either changes. */
  private view:
    { store: object; filters: FindingFilters; ignore?: IgnoreMatcher; view: ClusterStoreView } | undefined;
  /** Refreshes fired, for the tests that count them against store changes. */
  refreshes = 0;
  /**
   * Whether the view is on screen. A hidden view's rows are not rebuilt per change (a burst of
   * reports would rebuild them hundreds of times for no one): it is refreshed once when shown.
   */
  private visible = true;
  private staleWhileHidden = false;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly shownFilters: ShownFilters,
    private readonly insights?: SessionInsights,
  ) {
    this.subscriptions.push(
      connection.onDidChangeState(() => this.refreshAll()),
      shownFilters.onDidChange(() => this.refreshAll()),
      connection.onDidChangeStore((change) => this.onStoreChange(change)),
    );
    if (insights)
      this.subscriptions.push(
        insights.onDidChange(({ namespaces, all }) =>
          this.onStoreChange(
            {
              reports: [],
              workloads: [],
              kinds: [],
              // The Coverage row is a root row: a change of any namespace's coverage changes it.
              namespaces: all ? [...this.shown.values()].flatMap(namespaceOf) : namespaces,
              statuses: [],
            },
            true,
          ),
        ),
      );
  }

  /** What the rows are built from now. */
  source(): ClusterTreeSource {
    const state: ConnectionState = this.connection.state;
    if (state.phase !== 'connected') return { connection: state };
    const store = state.session.store;
    const { filters, ignore } = this.shownFilters;
    if (this.view?.store !== store || this.view.filters !== filters || this.view.ignore !== ignore)
      this.view = { store, filters, ignore, view: filteredClusterStore(store, filters, ignore) };
    return {
      connection: { phase: 'connected', context: state.context },
      store: this.view.view,
      ...(this.insights ? { insights: this.insights } : {}),
    };
  }

  getChildren(parent?: ClusterNode): ClusterNode[] {
    const rows = clusterChildren(parent, this.source()).map((row) => this.keep(row));
    if (!parent) this.rootIds = rows.map((r) => r.id);
    return rows;
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    // Only what `reveal` needs: a workload's or Upgrades row's namespace, a root row's root.
    if (node.type === 'workload' && node.workload.namespace)
      return this.shown.get(nodeIds.namespace(node.workload.namespace));
    if (node.type === 'upgrades') return this.shown.get(nodeIds.namespace(node.namespace));
    return undefined;
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    const item = new vscode.TreeItem(labelOf(node), collapsibleState(node));
    item.id = node.id;
    item.description = descriptionOf(node);
    item.contextValue = contextValueOf(node);
    item.iconPath = iconOf(node);
    item.tooltip = tooltipOf(node);
    if (node.type === 'finding')
      item.command = { command: Commands.openClusterFinding, title: 'Open Finding', arguments: [node] };
    else if (node.type === 'message' && node.action === 'retry')
      item.command = { command: Commands.retryCluster, title: 'Retry' };
    else if (node.type === 'message' && node.action === 'selectContext')
      item.command = { command: Commands.selectClusterContext, title: 'Select Context' };
    else {
      const query = this.findingSetOf(node);
      if (query)
        item.command = { command: Commands.openFindingSet, title: 'Open Findings', arguments: [query] };
    }
    return item;
  }

  /** The findings an Upgrades row opens in the viewer: its namespace's, filtered to the row's entry. */
  private findingSetOf(node: ClusterNode): FindingSetQuery | undefined {
    const state = this.connection.state;
    if (state.phase !== 'connected') return undefined;
    if (node.type !== 'upgrade' && node.type !== 'unfixedPackage' && node.type !== 'upgradeWorkload')
      return undefined;
    return {
      context: state.context,
      scope: { kind: 'namespace', namespace: node.namespace },
      filter: {
        upgrade: node.entry,
        ...(node.type === 'upgradeWorkload' ? { workload: node.workload } : {}),
      },
    };
  }

  /** The view was shown or hidden; shown again after changes, it is refreshed once. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible || !this.staleWhileHidden) return;
    this.staleWhileHidden = false;
    this.refreshAll();
  }

  /** The row shown now with this id, if any (for `reveal`). */
  shownRow(id: string): ClusterNode | undefined {
    return this.shown.get(id);
  }

  /** Sum of the shown context's counts, as filtered: the view's badge. */
  totals(): SeverityCounts | undefined {
    return this.source().store?.countsFor();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }

  /** The row object VS Code already has for this id, updated, or the new one. */
  private keep(row: ClusterNode): ClusterNode {
    const known = this.shown.get(row.id);
    if (known && known.type === row.type) {
      Object.assign(known as object, row);
      return known;
    }
    this.shown.set(row.id, row);
    return row;
  }

  private refreshAll(): void {
    this.view = undefined;
    if (!this.visible) {
      this.staleWhileHidden = true;
      return;
    }
    this.shown = new Map();
    this.refreshes++;
    this.emitter.fire(undefined);
  }

  private onStoreChange(change: StoreChange, coverage = false): void {
    // A coverage change leaves the findings, and so the filtered counts, as they were.
    if (!coverage) this.view = undefined;
    if (!this.visible) {
      this.staleWhileHidden = true;
      return;
    }
    const rowsBefore = this.rootIds;
    // The root rows once per change (their counts and the coverage row cost a pass over the store).
    const fresh = new Map(clusterChildren(undefined, this.source()).map((r) => [r.id, r]));
    if (change.statuses.length > 0 || [...fresh.keys()].join('\n') !== rowsBefore.join('\n'))
      return this.refreshAll();
    const changed: ClusterNode[] = [];
    const coverageRow = this.shown.get('coverage');
    if (coverageRow && (coverage || change.namespaces.length > 0))
      changed.push(...withFreshData(coverageRow, fresh));
    for (const ns of change.namespaces) {
      const row = this.shown.get(ns === '' ? nodeIds.clusterScoped() : nodeIds.namespace(ns));
      if (row) changed.push(...withFreshData(row, fresh));
    }
    if (changed.length === 0) return;
    this.refreshes++;
    this.emitter.fire(changed);
  }
}

/** The root row with its counts read again (VS Code asks `getTreeItem` of the same object). */
function withFreshData(row: ClusterNode, fresh: ReadonlyMap<string, ClusterNode>): ClusterNode[] {
  const now = fresh.get(row.id);
  if (!now) return [];
  Object.assign(row as object, now);
  return [row];
}

/** The namespace a root row stands for, to refresh it. */
function namespaceOf(node: ClusterNode): string[] {
  return node.type === 'namespace' ? [node.namespace] : [];
}

function collapsibleState(node: ClusterNode): vscode.TreeItemCollapsibleState {
  switch (node.type) {
    case 'message':
    case 'status':
    case 'finding':
    case 'coverageScope':
    case 'coverageWorkload':
    case 'upgradeWorkload':
      return vscode.TreeItemCollapsibleState.None;
    case 'coverage':
      return node.coverageCounts.workloads === node.coverageCounts.scanned && node.unknownScopes === 0
        ? vscode.TreeItemCollapsibleState.None
        : vscode.TreeItemCollapsibleState.Collapsed;
    case 'upgrade':
      return node.upgrade.workloadKeys.length > 0
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
    case 'unfixedPackage':
      return node.pkg.workloadKeys.length > 0
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
    case 'clusterScoped':
      return vscode.TreeItemCollapsibleState.Expanded;
    default:
      return vscode.TreeItemCollapsibleState.Collapsed;
  }
}

function worstOf(counts: SeverityCounts): Severity | undefined {
  return SEVERITIES.find((s) => counts[s] > 0);
}

function severityIcon(severity: Severity | undefined, none: string): vscode.ThemeIcon {
  if (!severity) return new vscode.ThemeIcon(none);
  const id =
    severity === 'CRITICAL' || severity === 'HIGH' ? 'error' : severity === 'MEDIUM' ? 'warning' : 'info';
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(SEVERITY_COLOURS[severity]));
}

function iconOf(node: ClusterNode): vscode.ThemeIcon {
  switch (node.type) {
    case 'message':
      return node.icon === 'loading'
        ? new vscode.ThemeIcon('loading~spin')
        : new vscode.ThemeIcon(
            node.icon,
            node.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined,
          );
    case 'status':
      return node.state === 'not-installed'
        ? new vscode.ThemeIcon('circle-slash')
        : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'notInstalled':
      return new vscode.ThemeIcon('circle-slash');
    case 'namespace':
      return new vscode.ThemeIcon('symbol-namespace');
    case 'clusterScoped':
      return new vscode.ThemeIcon('server');
    case 'workload':
      // A workload row exists only when it has reports: no findings in them is a pass.
      return severityIcon(worstOf(node.counts), 'pass');
    case 'finding':
      return node.finding.outcome === 'pass'
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'))
        : severityIcon(node.finding.severity, 'circle-outline');
    case 'coverage':
      return new vscode.ThemeIcon('checklist');
    case 'coverageScope':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'coverageWorkload':
      return COVERAGE_ICONS[node.coverage.state]();
    case 'upgrades':
      return new vscode.ThemeIcon('arrow-circle-up');
    case 'noFix':
      return new vscode.ThemeIcon('circle-slash');
    case 'upgradeWorkload':
      return new vscode.ThemeIcon('symbol-class');
    default:
      return severityIcon(worstOf(node.counts), 'circle-outline');
  }
}

/** A workload without reports is never shown with the pass icon of a clean one. */
const COVERAGE_ICONS: Readonly<Record<CoverageState, () => vscode.ThemeIcon>> = {
  scanned: () => new vscode.ThemeIcon('pass'),
  stale: () => new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground')),
  scanning: () => new vscode.ThemeIcon('sync~spin'),
  'not-scanned': () =>
    new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('list.warningForeground')),
  unknown: () => new vscode.ThemeIcon('question'),
};

/** Tooltips are Markdown with every piece of report or server text escaped (untrusted). */
function tooltipOf(node: ClusterNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  const lines: string[] = [`**${escapeMarkdown(labelOf(node))}**`];
  switch (node.type) {
    case 'message':
      if (node.detail) lines.push(escapeMarkdown(node.detail));
      break;
    case 'status':
      if (node.message) lines.push(escapeMarkdown(node.message));
      break;
    case 'finding': {
      const f = node.finding;
      lines.push(escapeMarkdown(`${f.severity} · ${f.type}`));
      if (f.title && f.title !== f.id) lines.push(escapeMarkdown(f.title));
      if (f.message && f.message !== f.title) lines.push(escapeMarkdown(f.message));
      break;
    }
    case 'notInstalled':
      lines.push(escapeMarkdown(node.kinds.join(', ')));
      break;
    case 'clusterScoped':
    case 'clusterKind':
    case 'report':
    case 'namespace':
    case 'workload':
    case 'workloadKind':
    case 'upgrade':
    case 'unfixedPackage': {
      const text = countsText(node.counts);
      lines.push(text ? escapeMarkdown(text) : 'no findings');
      const more = descriptionOf(node);
      if (more && more !== text) lines.push(escapeMarkdown(more));
      break;
    }
    default: {
      const text = descriptionOf(node);
      if (text) lines.push(escapeMarkdown(text));
    }
  }
  md.appendMarkdown(lines.join('\n\n'));
  return md;
}
