import type {
  KubeTransport,
  ListPageRequest,
  ObjectRequest,
  StreamEnd,
  WatchEvent,
  WatchRequest,
} from '../ports/kubeTransport.js';

/**
 * A {@link KubeTransport} that refuses every request once {@link close}d. A cluster source closes
 * its transport when it is disposed (a context switch, the extension disabled in a Lens frame):
 * an owner walk, a namespace fallback or a discovery that was under way then ends at its next
 * step, with an error, instead of asking a server nobody listens to any more. The one guard for
 * both hosts' sources, so no request path of theirs can forget it.
 */
export class ClosableTransport implements KubeTransport {
  private closed = false;

  constructor(
    private readonly inner: KubeTransport,
    /** Named in the error a closed transport rejects with. */
    private readonly name: string,
  ) {}

  get server(): string {
    return this.inner.server;
  }

  /** After {@link close}: a source answers its own reads with "nothing" instead of asking. */
  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
  }

  request(path: string, options?: ObjectRequest): Promise<unknown> {
    return this.whenOpen(() => this.inner.request(path, options));
  }

  listPage(path: string, page: ListPageRequest, signal: AbortSignal): Promise<unknown> {
    return this.whenOpen(() => this.inner.listPage(path, page, signal));
  }

  watch(
    path: string,
    request: WatchRequest,
    signal: AbortSignal,
    onEvent: (event: WatchEvent) => void,
  ): Promise<{ readonly ended: Promise<StreamEnd> }> {
    return this.whenOpen(() => this.inner.watch(path, request, signal, onEvent));
  }

  /**
   * Sends on the next microtask, judged then: a caller that asks and is disposed in the same turn
   * (a context switch right after a walk began) sends nothing.
   */
  private whenOpen<T>(send: () => Promise<T>): Promise<T> {
    return Promise.resolve().then(() => {
      if (this.closed) throw new Error(`${this.name}: the cluster source was disposed`);
      return send();
    });
  }
}
