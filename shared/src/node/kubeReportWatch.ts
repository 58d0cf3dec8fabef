import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../model/disposable.js';
import type { ReportKind } from '../model/reportKinds.js';
import {
  ClusterUnreachableError,
  type KindStatus,
  type KubeObject,
  type ReportEvent,
} from '../ports/clusterSource.js';
import { Backoff, type BackoffOptions } from './kubeBackoff.js';
import { KubeApiError, describeNetworkError, kubeRequest } from './kubeRequest.js';

export interface ReportWatchOptions {
  /** Objects per list page (`limit`); default 500, what kubectl asks for. */
  readonly pageLimit?: number;
  readonly backoff?: BackoffOptions;
  /**
   * `timeoutSeconds` of each watch request, chosen at random in this range (default 300–600, as
   * client-go's reflector does), so the server ends idle streams and half-open connections cannot
   * hang a watch forever.
   */
  readonly watchTimeoutSeconds?: readonly [number, number];
  /**
   * Diagnostics for a host's log (an output channel): lists, relists, reconnects, bookmarks.
   * Lines start with the watched path.
   */
  readonly log?: (line: string) => void;
}

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

type WatchOutcome = 'expired' | 'ended' | 'dropped';

/** How the watch ended, read from client-node `Watch`'s `done(err)`. */
interface StreamEnd {
  readonly error?: unknown;
}

/**
 * The list-then-watch loop of one kind in one namespace (or all / cluster scope), the engine of
 * `KubeClusterSource.watch`. A hand-rolled loop over client-node's `Watch` rather than its
 * informer (`ListWatch`): the informer lists in one request (no paging), keeps every raw object
 * in memory, stops for good on any error other than 410, and has no notion of a completed sync —
 * all four matter here.
 *
 * - List with `limit`/`continue`, page by page (`page`… `synced`), remembering the list's
 *   resourceVersion; a 410 on a `continue` token restarts the list.
 * - Watch from that resourceVersion with `allowWatchBookmarks`; every event and bookmark moves it on.
 * - An ERROR event or HTTP status 410 (history compacted): relist at once; the consumer replaces its set.
 * - A stream that ends (server timeout) or drops (reset, refused): reconnect from the last
 *   resourceVersion after a backoff (none after a normal end of a long-lived stream).
 * - 404 → `not-installed`, 403 → `forbidden` with the server's message, no answer →
 *   `unreachable`; each retried with backoff, so a CRD installed or a permission granted later,
 *   or an API server that comes back, is picked up without a restart.
 */
export class ReportWatch implements Disposable {
  private resourceVersion: string | undefined;
  private status: KindStatus | undefined;
  private readonly abort = new AbortController();
  private request: AbortController | undefined;
  private readonly backoff: Backoff;
  private readonly path: string;

  constructor(
    private readonly config: KubeConfig,
    private readonly server: string,
    private readonly kind: ReportKind,
    private readonly version: string,
    namespace: string | undefined,
    private readonly listener: (event: ReportEvent) => void,
    private readonly options: ReportWatchOptions = {},
  ) {
    this.backoff = new Backoff(options.backoff);
    const scope =
      kind.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    this.path = `/apis/${kind.group}/${version}${scope}/${kind.plural}`;
    void this.run();
  }

  dispose(): void {
    this.abort.abort();
    this.request?.abort();
  }

  private get disposed(): boolean {
    return this.abort.signal.aborted;
  }

  private emit(event: ReportEvent): void {
    if (this.disposed) return;
    try {
      this.listener(event);
    } catch (err) {
      // The consumer's bug must not end the watch; surface it like an unhandled error.
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  private log(message: string): void {
    this.options.log?.(`${this.path}: ${message}`);
  }

  private setStatus(status: KindStatus): void {
    const prev = this.status;
    if (prev && prev.state === status.state && messageOf(prev) === messageOf(status)) return;
    this.status = status;
    this.emit({ type: 'status', status });
  }

  private async run(): Promise<void> {
    while (!this.disposed) {
      try {
        if (this.resourceVersion === undefined) await this.list();
        const { outcome, healthy } = await this.watch();
        if (this.disposed) return;
        if (outcome === 'expired') {
          this.log('410 Gone: history compacted, relisting');
          this.resourceVersion = undefined;
          continue;
        }
        this.log(`stream ${outcome}; resuming from resourceVersion ${this.resourceVersion}`);
        // A stream that lived a while or carried events is renewed at once when the server ended
        // it (its timeout), and after the first, short delay when it dropped; one that ends at
        // once, again and again, backs off further each time.
        if (healthy) this.backoff.reset();
        if (!(healthy && outcome === 'ended')) await this.backoff.wait(this.abort.signal);
      } catch (err) {
        if (this.disposed) return;
        if (err instanceof KubeApiError && err.status === 410) {
          this.log('410 Gone on a list page or watch start: relisting');
          this.resourceVersion = undefined;
          continue;
        }
        const status = statusOf(err, this.kind, this.version);
        this.log(`${status.state}${'message' in status ? `: ${status.message}` : ''}; retrying`);
        if (status.state !== 'unreachable') this.resourceVersion = undefined;
        this.setStatus(status);
        await this.backoff.wait(this.abort.signal);
      }
    }
  }

  private async list(): Promise<void> {
    const page = (token: string | undefined) => {
      const p = kubeRequest(this.config, this.path, {
        query: { limit: this.options.pageLimit ?? 500, continue: token },
        signal: this.abort.signal,
      }) as Promise<ListBody>;
      p.catch(() => undefined); // awaited below; this only keeps an abandoned page from being "unhandled"
      return p;
    };
    let next: Promise<ListBody> | undefined = page(undefined);
    let first = true;
    while (next) {
      const body: ListBody = await next;
      if (this.disposed) return;
      const token: string | undefined = body.metadata?.continue || undefined;
      // Ask for the next page before reading this one: the server encodes it while we read.
      next = token ? page(token) : undefined;
      // Every page of one list carries the first page's resourceVersion; the watch starts there.
      this.resourceVersion = body.metadata?.resourceVersion ?? '';
      const items = (body.items ?? []).map((o: KubeObject) => this.complete(o));
      this.emit({ type: token ? 'page' : 'synced', objects: items, first });
      first = false;
    }
    this.log(`listed at resourceVersion ${this.resourceVersion}`);
    this.backoff.reset();
    this.setStatus({ state: 'ok' });
  }

  /**
   * One watch request. Resolves when the stream ends (`ended`: closed by the server; `dropped`:
   * reset after it was established; `expired`: 410). Rejects when it could not be established.
   */
  private async watch(): Promise<{ outcome: WatchOutcome; healthy: boolean }> {
    let expired = false;
    let sawEvent = false;
    let finished = false;
    let ended!: (end: StreamEnd) => void;
    const done = new Promise<StreamEnd>((resolve) => (ended = resolve));
    const [min, max] = this.options.watchTimeoutSeconds ?? [300, 600];
    const query = {
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: Math.round(min + Math.random() * (max - min)),
    };
    const started = Date.now();
    const controller = await new Watch(this.config).watch(
      this.path,
      query,
      (type: string, object: KubeObject & { code?: number }) => {
        if (this.disposed) return;
        sawEvent = true;
        if (type === 'ERROR') {
          if (object.code === 410) expired = true;
          return;
        }
        const rv = object.metadata?.resourceVersion;
        if (rv) this.resourceVersion = rv;
        if (type === 'BOOKMARK') this.log(`bookmark ${rv}`);
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
          const kind = type === 'ADDED' ? 'added' : type === 'MODIFIED' ? 'modified' : 'deleted';
          this.emit({ type: kind, object: this.complete(object) });
        }
      },
      (err: unknown) => {
        finished = true;
        ended(err ? { error: err } : {});
      },
    );
    // `Watch.watch` returns once the response started, or after calling `done` when it failed.
    const established = !finished;
    this.request = controller;
    if (this.disposed) controller.abort();
    if (established) this.setStatus({ state: 'ok' });
    const end = await done;
    this.request = undefined;
    const healthy = sawEvent || Date.now() - started > 5_000;
    if (expired || this.disposed) return { outcome: 'expired', healthy };
    if (end.error) {
      const code = (end.error as { statusCode?: number }).statusCode;
      if (code === 410) return { outcome: 'expired', healthy };
      if (code !== undefined) throw new KubeApiError(code, (end.error as Error).message);
      if (!established) throw new ClusterUnreachableError(this.server, describeNetworkError(end.error));
      return { outcome: 'dropped', healthy };
    }
    return { outcome: 'ended', healthy };
  }

  /** Items of a list may lack `apiVersion`/`kind` (they are the list's); readers need them. */
  private complete(o: KubeObject): KubeObject {
    if (o.apiVersion && o.kind) return o;
    return {
      ...o,
      apiVersion: o.apiVersion || `${this.kind.group}/${this.version}`,
      kind: o.kind || this.kind.kind,
    };
  }
}

function messageOf(s: KindStatus): string {
  return 'message' in s ? s.message : '';
}

function statusOf(err: unknown, kind: ReportKind, version: string): KindStatus {
  if (err instanceof KubeApiError) {
    if (err.status === 404) return { state: 'not-installed' };
    if (err.status === 403) return { state: 'forbidden', message: err.serverMessage };
    return { state: 'unreachable', message: `${kind.plural}.${kind.group}/${version}: ${err.message}` };
  }
  if (err instanceof ClusterUnreachableError) return { state: 'unreachable', message: err.reason };
  return { state: 'unreachable', message: describeNetworkError(err) };
}
