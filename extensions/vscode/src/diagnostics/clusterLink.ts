import * as vscode from 'vscode';
import type { LiveWorkspace } from '@trivy-findings/core/host/liveWorkspace.js';
import type { ClusterConnection, ConnectionState } from '../cluster/clusterConnection.js';
import { ContextKeys, Settings } from '../commands.js';

/**
 * Cluster diagnostics with no set-up: the context the Cluster view shows (its
 * {@link ClusterConnection}: the kubeconfig's current context, followed as it changes, unless the
 * picker or the settings chose another) is placed on the workspace's manifests through the core's
 * live link, so the view and the problems always name the same cluster. The link opens no session
 * of its own: the connection's session is the one shown, and when the connection switches or closes
 * it, the live link lets go of it too (it listens to the sessions closing). With
 * `trivyFindings.cluster.diagnostics` off the cluster's placements are not published (`context`
 * is `undefined`); the session keeps serving the Cluster view. An unreachable cluster is the
 * connection's state (Retry in the view), and the `noCluster` context key drives the welcome view.
 */
export class ClusterLink implements vscode.Disposable {
  private disposed = false;
  private readonly stateEmitter = new vscode.EventEmitter<string>();
  private readonly subscription: { dispose(): void };
  /** Fires with a one-line state of the link ("showing kind-dev", "kind-dev: unreachable …"). */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires when whether the cluster's placements are published changes (the setting). */
  private readonly enabledEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeEnabled = this.enabledEmitter.event;
  private enabled = readEnabled();

  constructor(
    private readonly live: LiveWorkspace,
    private readonly connection: ClusterConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = connection.onDidChangeState((state) => void this.follow(state));
  }

  /** The context whose findings are on the manifests, when the setting shows them. */
  get context(): string | undefined {
    return this.enabled ? this.live.context : undefined;
  }

  /** Reads the setting again and shows the connection's context (settles once placed). */
  async refresh(): Promise<void> {
    const enabled = readEnabled();
    if (enabled !== this.enabled) {
      this.enabled = enabled;
      this.enabledEmitter.fire();
    }
    await this.follow(this.connection.state);
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.stateEmitter.dispose();
    this.enabledEmitter.dispose();
  }

  private async follow(state: ConnectionState): Promise<void> {
    if (this.disposed) return;
    const noCluster = state.phase === 'failed' || state.phase === 'no-kubeconfig';
    void vscode.commands.executeCommand('setContext', ContextKeys.noCluster, noCluster);
    if (!this.enabled) return this.state('cluster diagnostics are off');
    if (state.phase !== 'connected') {
      if (noCluster) this.state(`no cluster: ${state.message}`);
      return;
    }
    try {
      // The connection opened this session: showing it opens nothing new.
      await this.live.show(state.context);
      if (this.live.context === state.context)
        this.state(`showing the findings of cluster ${state.context} on the workspace's manifests`);
    } catch (err) {
      // The connection's session closed meanwhile (a switch): its next state decides.
      if (!this.disposed) this.state(`${state.context}: ${(err as Error).message}`);
    }
  }

  private state(line: string): void {
    this.log.info(`cluster diagnostics: ${line}`);
    this.stateEmitter.fire(line);
  }
}

function readEnabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(Settings.clusterDiagnostics) ?? true;
}
