import * as vscode from 'vscode';
import type { ClusterConnection } from '../cluster/clusterConnection.js';
import { Views } from '../commands.js';
import { filteredClusterStore } from '../filters/filteredClusterStore.js';
import type { ShownFilters } from '../views/clusterTreeProvider.js';
import { countsText } from '../views/clusterTreeModel.js';

/** Kind statuses that mean part of the cluster is not shown. */
const DEGRADED = new Set(['forbidden', 'unauthorized', 'unreachable']);

/**
 * "$(shield) C:3 H:12 · kind-dev": the shown cluster's counts and its state (connecting, watching,
 * some kinds forbidden or unreachable, cannot reach). Clicking it focuses the Cluster view.
 * Updated on the connection's states and its store's change batches, never per report, and when
 * the filters change: the counts are those the Cluster view shows.
 */
export function registerClusterStatusBar(
  connection: ClusterConnection,
  filters: ShownFilters & { readonly description: string },
): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('trivyFindings.cluster', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Trivy Findings: cluster';
  // VS Code's own command of every view: focuses it, opening its container.
  item.command = `${Views.cluster}.focus`;
  const update = () => {
    const state = connection.state;
    item.backgroundColor = undefined;
    switch (state.phase) {
      case 'disabled':
        item.hide();
        return;
      case 'no-kubeconfig':
        item.text = '$(shield) no kubeconfig';
        item.tooltip = state.message;
        break;
      case 'connecting':
        item.text = `$(sync~spin) ${state.context}`;
        item.tooltip = `Connecting to ${state.context}…`;
        break;
      case 'failed':
        item.text = `$(shield) $(error) ${state.context}`;
        item.tooltip = `Cannot reach ${state.context}: ${state.message}`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'connected': {
        const store = state.session.store;
        const counts = countsText(filteredClusterStore(store, filters.filters, filters.ignore).countsFor());
        const degraded = store.kindStatuses().filter((e) => DEGRADED.has(e.status.state));
        item.text = `$(shield) ${counts || 'no findings'} · ${state.context}${degraded.length > 0 ? ' $(warning)' : ''}`;
        item.tooltip =
          degraded.length > 0
            ? `${state.context}: ${degraded
                .map((e) => `${e.kind.kind}${e.namespace ? ` in ${e.namespace}` : ''} ${e.status.state}`)
                .join(', ')}`
            : `${state.context}: watching ${store.size} report${store.size === 1 ? '' : 's'}${filters.description ? ` (${filters.description})` : ''}`;
        if (degraded.length > 0)
          item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
    }
    item.show();
  };
  update();
  const subscriptions = [
    connection.onDidChangeState(update),
    connection.onDidChangeStore(update),
    filters.onDidChange(update),
  ];
  return {
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      item.dispose();
    },
  };
}
