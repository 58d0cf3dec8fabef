import { Emitter, type Disposable, type Event } from '../model/disposable.js';
import type { StoreChange } from './changeBatcher.js';
import type { ClusterSession } from './clusterSession.js';

/** A change in one of several open clusters. */
export interface SessionChange {
  readonly context: string;
  readonly change: StoreChange;
}

/**
 * Several clusters (kubeconfig contexts) open at once, each its own {@link ClusterSession}.
 * Closing or switching a context disposes that one session only; the others keep watching.
 * The hosts keep one of these for their lifetime and sessions for the lifetime of a connection.
 */
export class ClusterSessions implements Disposable {
  private readonly sessions = new Map<string, { session: ClusterSession; subscription: Disposable }>();
  private readonly emitter = new Emitter<SessionChange>();
  private readonly opened = new Emitter<string>();
  private readonly closed = new Emitter<string>();
  /** Store changes of every open session, tagged with the context. */
  readonly onDidChange: Event<SessionChange> = this.emitter.event;
  readonly onDidOpen: Event<string> = this.opened.event;
  readonly onDidClose: Event<string> = this.closed.event;

  /** `create` builds a session for a context (e.g. over a `KubeClusterSource` of that context). */
  constructor(private readonly create: (context: string) => ClusterSession) {}

  /**
   * The session of `context`, opened and started if it is not open yet. Start failures (an
   * unreachable cluster) reject, and the session is closed again.
   */
  async open(context: string, signal?: AbortSignal): Promise<ClusterSession> {
    const existing = this.sessions.get(context);
    if (existing) return existing.session;
    const session = this.create(context); // may throw, e.g. a context the kubeconfig lacks
    const subscription = session.store.onDidChange((change) => this.emitter.fire({ context, change }));
    this.sessions.set(context, { session, subscription });
    this.opened.fire(context);
    try {
      await session.start(signal);
    } catch (err) {
      this.close(context);
      throw err;
    }
    return session;
  }

  get(context: string): ClusterSession | undefined {
    return this.sessions.get(context)?.session;
  }

  contexts(): string[] {
    return [...this.sessions.keys()];
  }

  /** Disposes the session of one context; the others are untouched. */
  close(context: string): void {
    const entry = this.sessions.get(context);
    if (!entry) return;
    this.sessions.delete(context);
    entry.subscription.dispose();
    entry.session.dispose();
    this.closed.fire(context);
  }

  /**
   * Opens `to`, then closes `from`: what a host does when the user switches context. When `to`
   * cannot be opened (not in the kubeconfig, unreachable) `from` stays open and this rejects.
   */
  async switch(from: string | undefined, to: string, signal?: AbortSignal): Promise<ClusterSession> {
    const session = await this.open(to, signal);
    if (from !== undefined && from !== to) this.close(from);
    return session;
  }

  dispose(): void {
    for (const context of [...this.sessions.keys()]) this.close(context);
    this.emitter.dispose();
    this.opened.dispose();
    this.closed.dispose();
  }
}
