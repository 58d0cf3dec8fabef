import { watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import type * as vscode from 'vscode';
import type { StoreChange } from '@trivy-findings/core/cluster/changeBatcher.js';
import type { ClusterSession } from '@trivy-findings/core/cluster/clusterSession.js';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import { Emitter, type Disposable, type Event } from '@trivy-findings/core/model/disposable.js';
import { loadKubeConfig } from '@trivy-findings/core/node/kubeConfigLoader.js';
import type { ConnectionView } from '../views/clusterTreeModel.js';

/** The connection as the views see it; `connected` carries the shown session. */
export type ConnectionState =
  | Exclude<ConnectionView, { phase: 'connected' }>
  | { readonly phase: 'connected'; readonly context: string; readonly session: ClusterSession };

/** The kubeconfig's contexts as the picker lists them. */
export interface KubeContexts {
  readonly contexts: readonly string[];
  /** `current-context`; `undefined` when there is no kubeconfig. */
  readonly current: string | undefined;
  /** Why there are none, when there are none. */
  readonly error?: string;
}

export interface ClusterConnectionOptions {
  /** Where the picker's choice is kept (the workspace state). */
  readonly memento: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  /** The context the settings name; `undefined` lets the picker's choice or the current context decide. */
  readonly settingContext: () => string | undefined;
  readonly enabled: () => boolean;
  /** How long the kubeconfig files must be quiet before a change is read (default 300 ms). */
  readonly debounceMs?: number;
  /** The environment whose `KUBECONFIG` / `HOME` name the files (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

const CHOICE_KEY = 'trivyFindings.cluster.chosenContext';

/**
 * Which kubeconfig context the Cluster view shows, and its session in the core. Follows the
 * kubeconfig's `current-context` by default (the files are watched, changes debounced), or the
 * context the picker or the settings chose. A switch opens the new session, then closes the old
 * (`ClusterSessions.switch`); a cluster that cannot be reached is a state with the message, which
 * `retry` leaves. Every state change and every watch-status change is logged once.
 */
export class ClusterConnection implements Disposable {
  private current: ConnectionState;
  private readonly states = new Emitter<ConnectionState>();
  private readonly changes = new Emitter<StoreChange>();
  /** The connection's state, on every change. */
  readonly onDidChangeState: Event<ConnectionState> = this.states.event;
  /** Store changes of the shown session only. */
  readonly onDidChangeStore: Event<StoreChange> = this.changes.event;
  private generation = 0;
  private abort: AbortController | undefined;
  private watchers: FSWatcher[] = [];
  private watchedDirs = '';
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private lastCurrent: string | undefined;
  private readonly subscriptions: Disposable[] = [];
  private readonly loggedStatus = new Map<string, string>();
  private disposed = false;

  constructor(
    private readonly core: Pick<FindingsCore, 'clusters'>,
    private readonly options: ClusterConnectionOptions,
  ) {
    this.current = { phase: 'disabled' };
    this.subscriptions.push(
      core.clusters.onDidChange(({ context, change }) => {
        if (this.current.phase !== 'connected' || this.current.context !== context) return;
        this.logStatuses(this.current.session, change);
        this.changes.fire(change);
      }),
    );
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The context the picker chose (`undefined`: follow the current one). */
  get choice(): string | undefined {
    return this.options.memento.get<string>(CHOICE_KEY) || undefined;
  }

  /** Reads the kubeconfig's contexts now. */
  contexts(): KubeContexts {
    try {
      const loaded = loadKubeConfig(this.options.env ? { env: this.options.env } : {});
      return { contexts: loaded.contexts, current: loaded.context };
    } catch (err) {
      return { contexts: [], current: undefined, error: messageOf(err) };
    }
  }

  /** Keeps the picker's choice (`undefined` = follow the current context) and connects to it. */
  async choose(context: string | undefined): Promise<void> {
    await this.options.memento.update(CHOICE_KEY, context ?? '');
    await this.connect();
  }

  /** Connects to the context the settings, the choice or the kubeconfig name, unless shown already. */
  async connect(force = false): Promise<void> {
    if (this.disposed) return;
    this.watchKubeconfig();
    if (!this.options.enabled()) {
      this.closeShown();
      return this.setState({ phase: 'disabled' });
    }
    const kube = this.contexts();
    this.lastCurrent = kube.current;
    const target = this.options.settingContext() ?? this.choice ?? kube.current;
    if (target === undefined) {
      this.closeShown();
      return this.setState({
        phase: 'no-kubeconfig',
        message: kube.error ?? 'the kubeconfig names no current context',
      });
    }
    const shown = this.current;
    if (!force && shown.phase !== 'disabled' && 'context' in shown && shown.context === target) {
      if (shown.phase === 'connected' || shown.phase === 'connecting') return;
    }
    const generation = ++this.generation;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const from = shown.phase === 'connected' ? shown.context : undefined;
    if (force && from === target) this.core.clusters.close(target);
    this.setState({ phase: 'connecting', context: target });
    try {
      const session = await this.core.clusters.switch(
        from === target ? undefined : from,
        target,
        abort.signal,
      );
      if (generation !== this.generation || this.disposed) return;
      this.loggedStatus.clear();
      this.setState({ phase: 'connected', context: target, session });
    } catch (err) {
      if (generation !== this.generation || this.disposed) return;
      // Nothing shows the old context any more: its watches stop too.
      if (from !== undefined && from !== target) this.core.clusters.close(from);
      this.setState({ phase: 'failed', context: target, message: messageOf(err) });
    }
  }

  /** Opens the shown context again (after it could not be reached, or to start afresh). */
  retry(): Promise<void> {
    return this.connect(true);
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    if (this.debounce) clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
    for (const s of this.subscriptions) s.dispose();
    this.states.dispose();
    this.changes.dispose();
  }

  private closeShown(): void {
    this.generation++;
    this.abort?.abort();
    const shown = this.current;
    if ('context' in shown) this.core.clusters.close(shown.context);
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    const { log } = this.options;
    switch (state.phase) {
      case 'connecting':
        log.info(`cluster: connecting to ${state.context}`);
        break;
      case 'connected':
        log.info(`cluster: watching ${state.context}`);
        break;
      case 'failed':
        log.warn(`cluster: cannot reach ${state.context}: ${state.message}`);
        break;
      case 'no-kubeconfig':
        log.warn(`cluster: ${state.message}`);
        break;
      case 'disabled':
        break;
    }
    this.states.fire(state);
  }

  /** Logs each watch scope whose state changed (the store says which scopes it touched). */
  private logStatuses(session: ClusterSession, change: StoreChange): void {
    if (change.statuses.length === 0) return;
    for (const entry of session.store.kindStatuses()) {
      const scope = `${entry.kind.kind}${entry.namespace ? `/${entry.namespace}` : ''}`;
      const text =
        entry.status.state === 'ok' || entry.status.state === 'not-installed'
          ? entry.status.state
          : `${entry.status.state}: ${entry.status.message}`;
      if (this.loggedStatus.get(scope) === text) continue;
      this.loggedStatus.set(scope, text);
      const line = `cluster ${session.name}: ${scope} ${text}`;
      if (entry.status.state === 'ok' || entry.status.state === 'not-installed') this.options.log.info(line);
      else this.options.log.warn(line);
    }
  }

  /**
   * Watches the folders of the kubeconfig files (editors and `kubectl config use-context` replace
   * the file, which a watch on the file itself would lose); a change is read once the files have
   * been quiet for the debounce time, and only a changed `current-context` reconnects.
   */
  private watchKubeconfig(): void {
    const files = kubeconfigFiles(this.options.env ?? process.env);
    const dirs = [...new Set(files.map((f) => dirname(f)))];
    if (dirs.join(delimiter) === this.watchedDirs) return;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.watchedDirs = dirs.join(delimiter);
    const names = new Set(files.map((f) => basename(f)));
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, (_event, name) => {
          if (name === null || names.has(String(name))) this.onKubeconfigChange();
        });
        watcher.on('error', () => watcher.close());
        this.watchers.push(watcher);
      } catch {
        // A folder that does not exist (no kubeconfig yet): Retry reads it again.
      }
    }
  }

  private onKubeconfigChange(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (this.disposed) return;
      const following = this.options.settingContext() === undefined && this.choice === undefined;
      const current = this.contexts().current;
      if (current === this.lastCurrent) return;
      this.options.log.info(`kubeconfig: current context is now ${current ?? '(none)'}`);
      this.lastCurrent = current;
      if (following || this.current.phase === 'no-kubeconfig') void this.connect();
    }, this.options.debounceMs ?? 300);
  }
}

/** The files kubectl would read: `KUBECONFIG`'s, else `~/.kube/config`. */
function kubeconfigFiles(env: NodeJS.ProcessEnv): string[] {
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== '');
  return list.length > 0 ? list : [join(env.HOME ?? homedir(), '.kube', 'config')];
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
