import * as vscode from 'vscode';
import type { ClusterConnection } from '../cluster/clusterConnection.js';
import { SessionInsights } from '../cluster/sessionInsights.js';
import { Commands, Views } from '../commands.js';
import { registerCommand } from '../registerCommand.js';
import { carriersOf, type CarrierWorkload, type Carriers } from '@trivy-findings/core/insights/carriers.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { countsText, nodeIds, type ClusterNode } from './clusterTreeModel.js';
import { ClusterTreeProvider, type ShownFilters } from './clusterTreeProvider.js';

/** The Cluster view and its title actions; what tests read it through. */
export interface ClusterView extends vscode.Disposable {
  readonly provider: ClusterTreeProvider;
  /** The shown session's coverage and upgrade plans, which the rows show. */
  readonly insights: SessionInsights;
  readonly treeView: vscode.TreeView<ClusterNode>;
}

/**
 * Registers the Cluster view (rows from {@link ClusterTreeProvider}), its badge (the total of the
 * shown context), the context picker, Retry and "Which workloads run …".
 */
export function registerClusterView(
  connection: ClusterConnection,
  filters: ShownFilters & { readonly description: string; readonly matches: (f: Finding) => boolean },
): ClusterView {
  const insights = new SessionInsights(connection, filters);
  const provider = new ClusterTreeProvider(connection, filters, insights);
  const treeView = vscode.window.createTreeView(Views.cluster, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  provider.setVisible(treeView.visible);
  const updateTitle = () => {
    const state = connection.state;
    const context = 'context' in state ? state.context : undefined;
    // "kind-dev · filtered: HIGH+, fixable": the counts below are what the filter lets through.
    treeView.description =
      [context, filters.description].filter((part) => part !== undefined && part !== '').join(' · ') ||
      undefined;
    const totals = provider.totals();
    const total = totals ? Object.values(totals).reduce((a, b) => a + b, 0) : 0;
    treeView.badge =
      total > 0 ? { value: total, tooltip: `${countsText(totals!)} in ${context ?? ''}` } : undefined;
  };
  updateTitle();
  const disposables: vscode.Disposable[] = [
    insights,
    provider,
    treeView,
    treeView.onDidChangeVisibility((e) => provider.setVisible(e.visible)),
    connection.onDidChangeState(updateTitle),
    connection.onDidChangeStore(updateTitle),
    filters.onDidChange(updateTitle),
    registerCommand(Commands.selectClusterContext, (context) => pickContext(connection, context)),
    registerCommand(Commands.retryCluster, () => connection.retry()),
    registerCommand(Commands.showCarriers, (target, pick) =>
      showCarriers(connection, provider, treeView, target, pick),
    ),
  ];
  return {
    provider,
    insights,
    treeView,
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

interface CarrierPick extends vscode.QuickPickItem {
  readonly carrier: CarrierWorkload;
}

/**
 * "Which workloads run CVE-X": the carriers of a vulnerability in the shown cluster, in a quick
 * pick; the chosen workload is revealed (and selected) in the Cluster view.
 */
async function showCarriers(
  connection: ClusterConnection,
  provider: ClusterTreeProvider,
  treeView: vscode.TreeView<ClusterNode>,
  target: ClusterNode | string | undefined,
  pick: boolean | undefined,
): Promise<Carriers | undefined> {
  const state = connection.state;
  if (state.phase !== 'connected') {
    void vscode.window.showInformationMessage('Trivy Findings: no cluster is shown.');
    return undefined;
  }
  const id =
    typeof target === 'string'
      ? target
      : target?.type === 'finding'
        ? target.finding.id
        : await vscode.window.showInputBox({
            title: 'Which workloads run this vulnerability?',
            prompt: `A vulnerability id, e.g. CVE-2021-3449, in ${state.context}`,
            validateInput: (v) => (v.trim() === '' ? 'an id' : undefined),
          });
  if (!id?.trim()) return undefined;
  // The core's carriers insight: one check-index lookup, workloads and images with counts.
  const carriers = carriersOf(state.session.store, id.trim());
  if (pick === false) return carriers;
  if (carriers.workloads.length === 0) {
    void vscode.window.showInformationMessage(`No workload of ${state.context} carries ${id.trim()}.`);
    return carriers;
  }
  const chosen = await vscode.window.showQuickPick<CarrierPick>(
    carriers.workloads.map((c) => ({
      label: `${c.workload.kind} ${c.workload.namespace ? `${c.workload.namespace}/` : ''}${c.workload.name}`,
      description: c.images.join(', '),
      detail:
        c.packages.length > 0
          ? `in ${c.packages
              .map(
                (p) =>
                  `${p.name} ${p.installedVersion ?? ''}${p.fixedVersion ? ` → ${p.fixedVersion}` : ', no fix'}`,
              )
              .join('; ')}`
          : undefined,
      carrier: c,
    })),
    {
      title: `${carriers.workloads.length} workload${carriers.workloads.length === 1 ? '' : 's'} of ${state.context} carry ${carriers.id}`,
    },
  );
  if (chosen) await revealWorkload(provider, treeView, chosen.carrier);
  return carriers;
}

async function revealWorkload(
  provider: ClusterTreeProvider,
  treeView: vscode.TreeView<ClusterNode>,
  carrier: CarrierWorkload,
): Promise<void> {
  const ns = carrier.workload.namespace;
  const parent = ns ? provider.getChildren().find((r) => r.id === nodeIds.namespace(ns)) : undefined;
  const row = parent && provider.getChildren(parent).find((r) => r.id === nodeIds.workload(carrier.key));
  if (row) await treeView.reveal(row, { select: true, focus: true, expand: true });
}
