import { isKubeObject } from '../kubeApi/kubeObjects.js';
import { resourcePath } from '../kubeApi/kubeApiPath.js';
import {
  apiErrorFromStatus,
  describeNetworkError,
  isStaleResourceVersion,
  KubeApiError,
} from '../kubeApi/kubeApiError.js';
import { Backoff, type BackoffOptions } from '../kubeApi/kubeBackoff.js';
import { listPages } from '../kubeApi/kubeListPages.js';
import type { MetadataAccept } from '../kubeApi/kubeMetadataAccept.js';
import type { Disposable } from '../model/disposable.js';
import {
  ClusterUnreachableError,
  type KindStatus,
  type KubeObject,
  type ReportEvent,
} from '../ports/clusterSource.js';
import type { KubeTransport, WatchEvent } from '../ports/kubeTransport.js';

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

/** What one watch lists and watches: a report kind, or a workload kind's metadata. */
export interface WatchTarget {
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /**
   * Set to ask for metadata only (`as=PartialObjectMetadata[List]`, as client-go's metadata
   * informers do) and hand out objects holding only their metadata, whatever the server sent.
   */
  readonly metadata?: MetadataAccept;
}

/** How one watch request went. */
interface WatchRun {
  /** It stayed open {@link HEALTHY_AFTER_MS} without an ERROR event. */
  readonly healthy: boolean;
  /** The ERROR event that ended it. */
  readonly error?: KubeApiError;
  /** Why the connection was cut; undefined when the server closed the stream. */
  readonly dropped?: string;
}

// A stream open this long without an ERROR event counts as working: the backoff starts over, and
// when the server closes it the watch is renewed at once. Shorter streams are renewed after a
// backoff even when they carried events, so a server (or proxy) that ends every stream early
// cannot make the loop reconnect without pause. (client-go backs off after a "very short" watch,
// under 1 s without events; 5 s also covers a server that fails each watch a moment in.)
const HEALTHY_AFTER_MS = 5_000;

/**
 * The list-then-watch loop of one kind in one namespace (or all / cluster scope): the engine of
 * every `ClusterSource.watch` and `watchWorkloads`, over whichever {@link KubeTransport} the
 * host has (client-node's requests in Node, a Lens cluster frame's proxy). A hand-rolled loop
 * rather than client-node's informer (`ListWatch`), which lists in one request (no paging), keeps
 * every raw object in memory, stops for good on any error other than 410, and has no notion of a
 * completed sync; nor Lens's `KubeApi.watch`, which keeps no resourceVersion across a 410, reports
 * errors without their Status and retries on a fixed timer. Its behaviour under faults follows
 * client-go's reflector (`tools/cache/reflector.go`):
 *
 * - List with `limit`/`continue`, page by page (`page`… `synced`), then watch from the list's
 *   resourceVersion with `allowWatchBookmarks`; every event and bookmark moves it on.
 * - The server no longer has that resourceVersion (410 `Expired`/`Gone`, or "too large", as an
 *   ERROR event or an error status): relist, delivered as a fresh `first: true` page run. At
 *   once after a watch that worked; after a backoff when the watch from a fresh list was
 *   rejected too, so a server that keeps rejecting cannot make the loop list without pause.
 * - Any other ERROR event (a 500 from storage, a 429, a 503) ends the stream as a failure: the
 *   status carries the server's message and the watch resumes from the same resourceVersion
 *   after a backoff (client-go relists there; a watch from the resourceVersion replays the same
 *   changes, and a list of thousands of reports is what a failing server needs least).
 * - A stream the server closes after it was open a while (its `timeoutSeconds`) is renewed at
 *   once; one that is cut, or closed early, after a backoff.
 * - 404 → `not-installed`, 403 → `forbidden`, 401 → `unauthorized` (after the transport tried
 *   fresh credentials where it has any, see `KubeCredentials`), each with the server's message;
 *   no answer or another error → `unreachable` with the reason. Each is retried with backoff and jitter, never sooner than the
 *   server's `Retry-After`, so a CRD installed or a permission granted later, or an API server
 *   that comes back, is picked up without a restart.
 */
export class ReportWatch implements Disposable {
  private resourceVersion: string | undefined;
  /** The resourceVersion came from a list that no watch has used successfully yet. */
  private unproven = false;
  private status: KindStatus | undefined;
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private readonly path: string;

  constructor(
    private readonly transport: KubeTransport,
    private readonly target: WatchTarget,
    namespace: string | undefined,
    private readonly listener: (event: ReportEvent) => void,
    private readonly options: ReportWatchOptions = {},
  ) {
    this.backoff = new Backoff(options.backoff);
    this.path = resourcePath({
      apiVersion: target.apiVersion,
      plural: target.plural,
      ...(target.namespaced && namespace !== undefined ? { namespace } : {}),
    });
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
          `stream ${run.dropped ? `cut (${run.dropped})` : 'closed'}; resuming from resourceVersion ${this.resourceVersion}`,
        );
        // Closed by the server after it worked a while (its timeoutSeconds): renew at once.
        if (run.dropped || !run.healthy) await this.backoff.wait(this.abort.signal);
      } catch (err) {
        if (this.disposed) return;
        // A server that refuses the metadata conversion (406) is asked for whole objects at once.
        const metadata = this.target.metadata;
        if (metadata?.asksForMetadata && metadata.refusedBy(err)) {
          this.log('metadata-only answers refused (406): asking for whole objects');
          continue;
        }
        if (isStaleResourceVersion(err)) {
          this.log(`${(err as KubeApiError).message}: relisting`);
          const backOff = this.unproven;
          this.resourceVersion = undefined;
          if (backOff) await this.backoff.wait(this.abort.signal);
          continue;
        }
        const status = statusOf(err, this.target);
        this.log(`${status.state}${'message' in status ? `: ${status.message}` : ''}; retrying`);
        // Gone or hidden: what is listed next replaces everything. Otherwise resume where it stood.
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
    for await (const page of listPages<KubeObject>(this.transport, this.path, {
      limit: this.options.pageLimit ?? 500,
      signal: this.abort.signal,
      ...(this.target.metadata ? { accept: this.target.metadata.header(true) } : {}),
    })) {
      if (this.disposed) return;
      const objects = page.items.flatMap((o) => (isKubeObject(o) ? [this.complete(o)] : []));
      this.emit({ type: page.last ? 'synced' : 'page', objects, first });
      first = false;
      if (page.last) {
        // Only a complete list gives a place to watch from; one cut half-way is listed again.
        // Said with the `synced` event, not a turn later, so a consumer that has the set has the
        // status too.
        this.resourceVersion = page.resourceVersion;
        this.log(`listed at resourceVersion ${page.resourceVersion}`);
        this.setStatus({ state: 'ok' });
      }
    }
  }

  /**
   * One watch request, from the current resourceVersion. Resolves when the stream ends; rejects
   * when it could not be established.
   */
  private async watch(): Promise<WatchRun> {
    const stream = new AbortController();
    const stop = () => stream.abort();
    this.abort.signal.addEventListener('abort', stop, { once: true });
    let healthy = false;
    let accepted = false;
    let error: KubeApiError | undefined;
    // The server took the resourceVersion (an event came, or no error for a while): the status is ok.
    const accept = () => {
      if (accepted || error || this.disposed) return;
      accepted = true;
      this.unproven = false;
      this.setStatus({ state: 'ok' });
    };
    const becameHealthy = () => {
      if (error || this.disposed) return;
      accept();
      healthy = true;
      this.backoff.reset();
    };
    const [min, max] = this.options.watchTimeoutSeconds ?? [300, 600];
    const timeoutSeconds = Math.round(min + Math.random() * (max - min));
    // Browser timers in Lens's renderer, Node's elsewhere: only what both have (no `unref`).
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const { ended } = await this.transport.watch(
        this.path,
        {
          ...(this.resourceVersion !== undefined ? { resourceVersion: this.resourceVersion } : {}),
          timeoutSeconds,
          // The server's timeout and a minute: a stream silent longer is a half-open connection.
          idleMs: (timeoutSeconds + 60) * 1000,
          ...(this.target.metadata ? { accept: this.target.metadata.header(false) } : {}),
        },
        stream.signal,
        (event) => {
          if (event.type === 'ERROR') {
            // The server ends the stream after an ERROR event; stop reading it now.
            error = errorOfEvent(event);
            stream.abort();
            return;
          }
          accept();
          this.onEvent(event);
        },
      );
      timer = setTimeout(becameHealthy, HEALTHY_AFTER_MS);
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
    if (event.type === 'BOOKMARK') this.log(`bookmark ${rv}`);
    if (
      (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') &&
      isKubeObject(object)
    ) {
      const type = event.type === 'ADDED' ? 'added' : event.type === 'MODIFIED' ? 'modified' : 'deleted';
      this.emit({ type, object: this.complete(object) });
    }
  }

  /**
   * Items of a list may lack `apiVersion`/`kind` (they are the list's); readers need them. A
   * metadata watch hands out the target's kind and the metadata alone (a `PartialObjectMetadata`
   * says neither, and a server without the conversion sends whole objects).
   */
  private complete(o: KubeObject): KubeObject {
    const { apiVersion, kind } = this.target;
    if (this.target.metadata) return { apiVersion, kind, metadata: o.metadata };
    if (o.apiVersion && o.kind) return o;
    return { ...o, apiVersion: o.apiVersion || apiVersion, kind: o.kind || kind };
  }
}

/** The `metav1.Status` of an ERROR event as an error; a non-Status object is a server fault (500). */
function errorOfEvent(event: WatchEvent): KubeApiError {
  const code = typeof event.object.code === 'number' && event.object.code > 0 ? event.object.code : 500;
  return apiErrorFromStatus(code, event.object, 'the watch ended with an error event');
}

function messageOf(s: KindStatus): string {
  return 'message' in s ? s.message : '';
}

function statusOf(err: unknown, target: WatchTarget): KindStatus {
  if (err instanceof KubeApiError) {
    if (err.status === 404) return { state: 'not-installed' };
    if (err.status === 403) return { state: 'forbidden', message: err.serverMessage };
    if (err.status === 401) return { state: 'unauthorized', message: err.serverMessage };
    return { state: 'unreachable', message: `${resourceName(target)}: ${err.message}` };
  }
  if (err instanceof ClusterUnreachableError) return { state: 'unreachable', message: err.reason };
  return { state: 'unreachable', message: describeNetworkError(err) };
}

/** `vulnerabilityreports.aquasecurity.github.io/v1alpha1`, `replicasets.apps/v1`, `pods/v1`, as kubectl names resources. */
function resourceName(target: WatchTarget): string {
  const slash = target.apiVersion.lastIndexOf('/');
  return slash < 0
    ? `${target.plural}/${target.apiVersion}`
    : `${target.plural}.${target.apiVersion.slice(0, slash)}/${target.apiVersion.slice(slash + 1)}`;
}
