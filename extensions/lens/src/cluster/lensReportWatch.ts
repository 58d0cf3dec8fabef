import { Backoff, type BackoffOptions } from '../../../../shared/src/node/kubeBackoff.js';
import {
  isStaleResourceVersion,
  KubeApiError,
  apiErrorFromStatus,
} from '../../../../shared/src/node/kubeApiError.js';
import type { Disposable } from '../../../../shared/src/model/disposable.js';
import type { MetadataAccept } from '../../../../shared/src/node/kubeMetadataAccept.js';
import {
  ClusterUnreachableError,
  type KindStatus,
  type KubeObject,
  type ReportEvent,
} from '../../../../shared/src/ports/clusterSource.js';
import type { LensKubeRequests, WatchEvent } from './lensKubeRequests.js';

/** What one watch lists and watches: a report kind, or a workload kind's metadata. */
export interface LensWatchTarget {
  readonly apiVersion: string;
  /** The kind's name, given to list items that lack it. */
  readonly kind: string;
  /** The collection's path (in a namespace or across all). */
  readonly path: string;
  /**
   * Set to ask for metadata only (`as=PartialObjectMetadata[List]`) and hand out objects holding
   * only their metadata, whatever the server sent; a server that refuses it (406) is asked again
   * for whole objects.
   */
  readonly metadata?: MetadataAccept;
}

export interface LensWatchOptions {
  /** Objects per list page (`limit`); default 500, as kubectl. */
  readonly pageLimit?: number;
  readonly backoff?: BackoffOptions;
  /** `timeoutSeconds` of each watch, chosen at random in this range (default 300–600, as client-go). */
  readonly watchTimeoutSeconds?: readonly [number, number];
  readonly log?: (line: string) => void;
}

// A stream open this long without an ERROR event counts as working (see the Node `ReportWatch`).
const HEALTHY_AFTER_MS = 5_000;

/**
 * The list-then-watch loop of one kind in one namespace over the cluster frame's proxy: the same
 * reflector rules as the Node `ReportWatch` (`shared/src/node/kubeReportWatch.ts`), which documents
 * them — paged lists delivered as `page`… `synced` runs, watch from the list's resourceVersion with
 * bookmarks, relist on a stale resourceVersion (after a backoff when a fresh list's watch is
 * rejected too), every other failure a status retried with backoff and jitter, never sooner than
 * the server's `Retry-After`. Not Lens's own `KubeApi.watch`: it keeps no resourceVersion across a
 * 410, reports errors only to a callback without the Status, and retries on a fixed timer.
 */
export class LensReportWatch implements Disposable {
  private resourceVersion: string | undefined;
  private unproven = false;
  private status: KindStatus | undefined;
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private readonly path: string;

  constructor(
    private readonly requests: LensKubeRequests,
    private readonly target: LensWatchTarget,
    private readonly listener: (event: ReportEvent) => void,
    private readonly options: LensWatchOptions = {},
  ) {
    this.path = target.path;
    this.backoff = new Backoff(options.backoff);
    void this.run();
  }

  dispose(): void {
    this.abort.abort();
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
        if (this.disposed) return;
        const run = await this.watch();
        if (this.disposed) return;
        if (run.error) throw run.error;
        this.log(
          `stream ${run.dropped ? `cut (${run.dropped})` : 'closed'}; resuming from ${this.resourceVersion}`,
        );
        if (run.dropped || !run.healthy) await this.backoff.wait(this.abort.signal);
      } catch (err) {
        if (this.disposed) return;
        if (isStaleResourceVersion(err)) {
          this.log(`${(err as KubeApiError).message}: relisting`);
          const backOff = this.unproven;
          this.resourceVersion = undefined;
          if (backOff) await this.backoff.wait(this.abort.signal);
          continue;
        }
        const metadata = this.target.metadata;
        if (metadata?.asksForMetadata && metadata.refusedBy(err)) {
          this.log('metadata-only answers refused (406): asking for whole objects');
          continue;
        }
        const status = statusOf(err, this.path);
        this.log(`${status.state}${'message' in status ? `: ${status.message}` : ''}; retrying`);
        if (status.state === 'not-installed' || status.state === 'forbidden')
          this.resourceVersion = undefined;
        this.setStatus(status);
        const retryAfter = err instanceof KubeApiError ? (err.retryAfterSeconds ?? 0) * 1000 : 0;
        await this.backoff.wait(this.abort.signal, retryAfter);
      }
    }
  }

  private async list(): Promise<void> {
    this.unproven = true;
    let first = true;
    let token: string | undefined;
    let resourceVersion = '';
    const seen = new Set<string>();
    do {
      const body = ((await this.requests.json(this.path, {
        query: { limit: this.options.pageLimit ?? 500, continue: token },
        signal: this.abort.signal,
        ...(this.target.metadata ? { accept: this.target.metadata.header(true) } : {}),
      })) ?? {}) as { metadata?: { resourceVersion?: unknown; continue?: unknown }; items?: unknown };
      if (this.disposed) return;
      token =
        typeof body.metadata?.continue === 'string' && body.metadata.continue !== ''
          ? body.metadata.continue
          : undefined;
      if (token !== undefined && seen.has(token))
        throw new ClusterUnreachableError(this.requests.server, `${this.path}: a continue token came twice`);
      if (token !== undefined) seen.add(token);
      if (first || typeof body.metadata?.resourceVersion === 'string')
        resourceVersion =
          typeof body.metadata?.resourceVersion === 'string' ? body.metadata.resourceVersion : '';
      const items = Array.isArray(body.items) ? (body.items as unknown[]) : [];
      const objects = items.flatMap((o) => (isObject(o) ? [this.complete(o)] : []));
      this.emit({ type: token === undefined ? 'synced' : 'page', objects, first });
      first = false;
    } while (token !== undefined);
    this.resourceVersion = resourceVersion;
    this.log(`listed at resourceVersion ${resourceVersion}`);
    this.setStatus({ state: 'ok' });
  }

  private async watch(): Promise<{ healthy: boolean; error?: KubeApiError; dropped?: string }> {
    const stream = new AbortController();
    const stop = () => stream.abort();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    let healthy = false;
    let accepted = false;
    let error: KubeApiError | undefined;
    const accept = () => {
      if (accepted || error || this.disposed) return;
      accepted = true;
      this.unproven = false;
      this.setStatus({ state: 'ok' });
    };
    const [min, max] = this.options.watchTimeoutSeconds ?? [300, 600];
    const timeoutSeconds = Math.round(min + Math.random() * (max - min));
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const { ended } = await this.requests.watch(
        this.path,
        { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
        stream.signal,
        (timeoutSeconds + 60) * 1000,
        this.target.metadata?.header(false),
        (event) => {
          if (event.type === 'ERROR') {
            error = errorOfEvent(event);
            stream.abort();
            return;
          }
          accept();
          this.onEvent(event);
        },
      );
      timer = setTimeout(() => {
        if (error || this.disposed) return;
        accept();
        healthy = true;
        this.backoff.reset();
      }, HEALTHY_AFTER_MS);
      const end = await ended;
      return {
        healthy,
        ...(error ? { error } : {}),
        ...(!end.closed && !error ? { dropped: end.reason } : {}),
      };
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener('abort', stop);
    }
  }

  private onEvent(event: WatchEvent): void {
    const object = event.object as unknown as KubeObject;
    const rv = (object.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
    if (typeof rv === 'string' && rv !== '') this.resourceVersion = rv;
    if (
      (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') &&
      isObject(object)
    ) {
      const type = event.type === 'ADDED' ? 'added' : event.type === 'MODIFIED' ? 'modified' : 'deleted';
      this.emit({ type, object: this.complete(object) });
    }
  }

  /** Items of a list may lack `apiVersion`/`kind` (they are the list's); readers need them. */
  private complete(o: KubeObject): KubeObject {
    const { apiVersion, kind } = this.target;
    // A metadata watch hands out the target's kind and the metadata alone, whatever came.
    if (this.target.metadata) return { apiVersion, kind, metadata: o.metadata };
    if (o.apiVersion && o.kind) return o;
    return { ...o, apiVersion: o.apiVersion || apiVersion, kind: o.kind || kind };
  }
}

function isObject(o: unknown): o is KubeObject {
  return typeof o === 'object' && o !== null && typeof (o as { metadata?: unknown }).metadata === 'object';
}

function errorOfEvent(event: WatchEvent): KubeApiError {
  const code = typeof event.object.code === 'number' && event.object.code > 0 ? event.object.code : 500;
  return apiErrorFromStatus(code, event.object, 'the watch ended with an error event');
}

function messageOf(s: KindStatus): string {
  return 'message' in s ? s.message : '';
}

/** The state a failure puts the watch in; 404 is not-installed, said once, with no console noise. */
export function statusOf(err: unknown, path: string): KindStatus {
  if (err instanceof KubeApiError) {
    if (err.status === 404) return { state: 'not-installed' };
    if (err.status === 403) return { state: 'forbidden', message: err.serverMessage };
    if (err.status === 401) return { state: 'unauthorized', message: err.serverMessage };
    return { state: 'unreachable', message: `${path}: ${err.message}` };
  }
  if (err instanceof ClusterUnreachableError) return { state: 'unreachable', message: err.reason };
  return { state: 'unreachable', message: err instanceof Error ? err.message : String(err) };
}
