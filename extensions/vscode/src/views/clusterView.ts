import * as vscode from 'vscode';
import type { ClusterConnection } from '../cluster/clusterConnection.js';
import { Commands, Views } from '../commands.js';
import { registerCommand } from '../registerCommand.js';
import { countsText } from './clusterTreeModel.js';
import { ClusterTreeProvider } from './clusterTreeProvider.js';

/** The Cluster view and its title actions; what tests read it through. */
export interface ClusterView extends vscode.Disposable {
  readonly provider: ClusterTreeProvider;
  readonly treeView: vscode.TreeView<unknown>;
}

/**
 * Registers the Cluster view (rows from {@link ClusterTreeProvider}), its badge (the total of the
 * shown context), the context picker, Retry and Focus.
 */
export function registerClusterView(connection: ClusterConnection): ClusterView {
  const provider = new ClusterTreeProvider(connection);
  const treeView = vscode.window.createTreeView(Views.cluster, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const updateTitle = () => {
    const state = connection.state;
    treeView.description = 'context' in state ? state.context : undefined;
    const totals = provider.totals();
    const total = totals ? Object.values(totals).reduce((a, b) => a + b, 0) : 0;
    treeView.badge =
      total > 0
        ? { value: total, tooltip: `${countsText(totals!)} in ${treeView.description ?? ''}` }
        : undefined;
  };
  updateTitle();
  const disposables: vscode.Disposable[] = [
    provider,
    treeView,
    connection.onDidChangeState(updateTitle),
    connection.onDidChangeStore(updateTitle),
    registerCommand(Commands.selectClusterContext, (context) => pickContext(connection, context)),
    registerCommand(Commands.retryCluster, () => connection.retry()),
    registerCommand(Commands.focusClusterView, () =>
      vscode.commands.executeCommand(`${Views.cluster}.focus`),
    ),
  ];
  return {
    provider,
    treeView: treeView as vscode.TreeView<unknown>,
    dispose: () => {
      for (const d of disposables.reverse()) d.dispose();
    },
  };
}

interface ContextPick extends vscode.QuickPickItem {
  readonly context: string | undefined;
}

/** The picker: "Follow the current context" first, then every context of the kubeconfig. */
async function pickContext(connection: ClusterConnection, given: string | undefined): Promise<void> {
  if (given !== undefined) return connection.choose(given === '' ? undefined : given);
  const kube = connection.contexts();
  if (kube.contexts.length === 0) {
    void vscode.window.showWarningMessage(
      `Trivy Findings: no kubeconfig contexts (${kube.error ?? 'none'}).`,
    );
    return;
  }
  const chosen = connection.choice;
  const items: ContextPick[] = [
    {
      label: 'Follow the current context',
      description: kube.current,
      detail: 'Switches when `kubectl config use-context` changes it',
      context: undefined,
      picked: chosen === undefined,
    },
    ...kube.contexts.map((context) => ({
      label: context,
      description: [context === kube.current ? 'current' : '', context === chosen ? 'chosen' : '']
        .filter((d) => d !== '')
        .join(', '),
      context,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Trivy Findings: cluster context',
    placeHolder: 'The kubeconfig context the Cluster view shows',
  });
  if (pick) await connection.choose(pick.context);
}
