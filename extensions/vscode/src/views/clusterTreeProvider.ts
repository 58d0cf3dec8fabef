import * as vscode from 'vscode';
import type { StoreChange } from '@trivy-findings/core/cluster/changeBatcher.js';
import { SEVERITIES, type Severity, type SeverityCounts } from '@trivy-findings/core/model/severity.js';
import type { ClusterConnection, ConnectionState } from '../cluster/clusterConnection.js';
import { Commands } from '../commands.js';
import { filteredClusterStore, type ClusterStoreView } from '../filters/filteredClusterStore.js';
import type { FindingFilters } from '../filters/findingFilters.js';
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
  private view: { store: object; filters: FindingFilters; view: ClusterStoreView } | undefined;
  /** Refreshes fired, for the tests that count them against store changes. */
  refreshes = 0;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly shownFilters: ShownFilters,
  ) {
    this.subscriptions.push(
      connection.onDidChangeState(() => this.refreshAll()),
      shownFilters.onDidChange(() => this.refreshAll()),
      connection.onDidChangeStore((change) => this.onStoreChange(change)),
    );
  }

  /** What the rows are built from now. */
  source(): ClusterTreeSource {
    const state: ConnectionState = this.connection.state;
    if (state.phase !== 'connected') return { connection: state };
    const store = state.session.store;
    const filters = this.shownFilters.filters;
    if (this.view?.store !== store || this.view.filters !== filters)
      this.view = { store, filters, view: filteredClusterStore(store, filters) };
    return { connection: { phase: 'connected', context: state.context }, store: this.view.view };
  }

  getChildren(parent?: ClusterNode): ClusterNode[] {
    const rows = clusterChildren(parent, this.source()).map((row) => this.keep(row));
    if (!parent) this.rootIds = rows.map((r) => r.id);
    return rows;
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    // Only what `reveal` needs: a workload's namespace, a namespace's root.
    if (node.type === 'workload' && node.workload.namespace)
      return this.shown.get(nodeIds.namespace(node.workload.namespace));
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
    return item;
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
    this.shown = new Map();
    this.refreshes++;
    this.emitter.fire(undefined);
  }

  private onStoreChange(change: StoreChange): void {
    this.view = undefined;
    const rowsBefore = this.rootIds;
    const rowsNow = clusterChildren(undefined, this.source()).map((r) => r.id);
    if (change.statuses.length > 0 || rowsNow.join('\n') !== rowsBefore.join('\n')) return this.refreshAll();
    const changed: ClusterNode[] = [];
    for (const ns of change.namespaces) {
      const row = this.shown.get(ns === '' ? nodeIds.clusterScoped() : nodeIds.namespace(ns));
      if (row) changed.push(...this.withFreshData(row));
    }
    if (changed.length === 0) return;
    this.refreshes++;
    this.emitter.fire(changed);
  }

  /** The root row with its counts read again (VS Code asks `getTreeItem` of the same object). */
  private withFreshData(row: ClusterNode): ClusterNode[] {
    const fresh = clusterChildren(undefined, this.source()).find((r) => r.id === row.id);
    if (!fresh) return [];
    Object.assign(row as object, fresh);
    return [row];
  }
}

function collapsibleState(node: ClusterNode): vscode.TreeItemCollapsibleState {
  switch (node.type) {
    case 'message':
    case 'status':
    case 'finding':
      return vscode.TreeItemCollapsibleState.None;
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
    default:
      return severityIcon(worstOf(node.counts), 'circle-outline');
  }
}

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
    default: {
      const text = countsText(node.counts);
      lines.push(text ? escapeMarkdown(text) : 'no findings');
    }
  }
  md.appendMarkdown(lines.join('\n\n'));
  return md;
}
