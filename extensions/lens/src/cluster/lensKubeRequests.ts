import { apiErrorOfAnswer } from '../../../../shared/src/kubeApi/kubeApiError.js';
import { listQuery, watchQuery, type Query } from '../../../../shared/src/kubeApi/listWatchQuery.js';
import { watchEventOf } from '../../../../shared/src/kubeApi/watchEvents.js';
import { ClusterUnreachableError } from '../../../../shared/src/ports/clusterSource.js';
import type {
  ListPageRequest,
  KubeTransport,
  StreamEnd,
  WatchEvent,
  WatchRequest,
} from '../../../../shared/src/ports/kubeTransport.js';

/** The answer of `getResponse`: node-fetch's `Response` in the hosts, the standard one in a browser. */
export interface LensAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  /** A Node stream (node-fetch) or a web `ReadableStream`. */
  readonly body: unknown;
  text(): Promise<string>;
}

/**
 * What the adapter uses of the cluster frame's `KubeJsonApi` (`Renderer.K8sApi.KubeJsonApi.forCluster`):
 * `JsonApi.getResponse(path, { query }, init)`, the raw answer through the frame's proxy, which adds
 * the user's auth, proxy and TLS settings. Its `get`/`del` throw a parsed error without the HTTP
 * status, so the adapter reads answers itself. Declared here from `@freelensapp/json-api`'s
 * declaration: OpenLens 6.5 declares the same class over `@k8slens/json-api`, which was never
 * published, so its `KubeJsonApi` type has no members to take it from.
 */
export interface LensJsonApi {
  getResponse(
    path: string,
    params?: { query?: Record<string, string | number | boolean> },
    init?: { method?: string; headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<LensAnswer>;
}
type Answer = LensAnswer;

export interface RequestOptions {
  readonly query?: Query;
  readonly method?: string;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

// A list body is held whole before parsing, like the Node transport; error answers are short.
const MAX_BODY_CHARS = 256 * 1024 * 1024;
const MAX_ERROR_CHARS = 64 * 1024;
// One event is one object (etcd holds up to 1.5 MiB); a longer line is not an event.
const MAX_EVENT_CHARS = 32 * 1024 * 1024;

/**
 * Requests through the frame's `KubeJsonApi`, with the API server's answers read as the Node
 * transport reads them: an error status is a `KubeApiError` with the server's `Status`, no answer
 * a `ClusterUnreachableError`. The core's list/watch loop (`ReportWatch`) runs over it as its
 * {@link KubeTransport}; the frame's proxy holds the credentials, so a 401 is final here.
 */
export class LensKubeRequests implements KubeTransport {
  constructor(
    private readonly api: LensJsonApi,
    /** For messages: the cluster's name. */
    readonly server: string,
  ) {}

  /** One request; resolves with the parsed JSON body. */
  async request(path: string, options: RequestOptions = {}): Promise<unknown> {
    const res = await this.answer(path, options);
    const text = await readText(res, MAX_BODY_CHARS);
    try {
      return text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      throw new ClusterUnreachableError(this.server, `${path}: the answer is not JSON`);
    }
  }

  listPage(path: string, page: ListPageRequest, signal: AbortSignal): Promise<unknown> {
    return this.request(path, {
      query: listQuery(page),
      signal,
      ...(page.accept ? { accept: page.accept } : {}),
    });
  }

  /**
   * Opens a watch and hands each event to `onEvent`; resolves once the server answered 200 with
   * `ended`. Lines that are not JSON objects with a `type` are skipped.
   */
  async watch(
    path: string,
    request: WatchRequest,
    signal: AbortSignal,
    onEvent: (event: WatchEvent) => void,
  ): Promise<{ readonly ended: Promise<StreamEnd> }> {
    const { idleMs } = request;
    const stream = new AbortController();
    const stop = () => stream.abort();
    signal.addEventListener('abort', stop, { once: true });
    let res: Answer;
    try {
      res = await this.answer(path, {
        query: watchQuery(request),
        signal: stream.signal,
        ...(request.accept ? { accept: request.accept } : {}),
      });
    } catch (err) {
      signal.removeEventListener('abort', stop);
      throw err;
    }
    const ended = (async (): Promise<StreamEnd> => {
      // A half-open connection sends nothing; bookmarks and the server's timeout keep a live one talking.
      let idle = setTimeout(stop, idleMs);
      let pending = '';
      let cut: string | undefined;
      try {
        for await (const text of textChunks(res)) {
          clearTimeout(idle);
          idle = setTimeout(() => {
            cut = 'no data for too long';
            stop();
          }, idleMs);
          let start = 0;
          for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            const line = pending + text.slice(start, nl);
            pending = '';
            start = nl + 1;
            if (stream.signal.aborted) return { closed: true };
            deliver(line, onEvent);
          }
          pending += text.slice(start);
          if (pending.length > MAX_EVENT_CHARS) {
            cut = `an event longer than ${MAX_EVENT_CHARS / 1024 / 1024} MiB`;
            stop();
            break;
          }
        }
        if (pending.trim() !== '' && !stream.signal.aborted) deliver(pending, onEvent);
      } catch (err) {
        cut ??= messageOf(err);
      } finally {
        clearTimeout(idle);
        signal.removeEventListener('abort', stop);
      }
      if (cut !== undefined) return { closed: false, reason: cut };
      return { closed: true };
    })();
    return { ended };
  }

  private async answer(path: string, options: RequestOptions): Promise<Answer> {
    const query = Object.fromEntries(
      Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== ''),
    ) as Record<string, string | number | boolean>;
    let res: Answer;
    try {
      res = await this.api.getResponse(
        path,
        { query },
        {
          method: options.method ?? 'GET',
          headers: { accept: options.accept ?? 'application/json' },
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
    } catch (err) {
      throw new ClusterUnreachableError(this.server, `${path}: ${messageOf(err)}`);
    }
    if (res.status >= 200 && res.status < 300) return res;
    const text = await readText(res, MAX_ERROR_CHARS).catch(() => '');
    const retryAfter = res.headers.get('retry-after');
    throw apiErrorOfAnswer({
      status: res.status,
      text,
      contentType: res.headers.get('content-type') ?? '',
      statusText: res.statusText,
      ...(retryAfter !== null ? { retryAfter } : {}),
    });
  }
}

function deliver(line: string, onEvent: (event: WatchEvent) => void): void {
  const event = watchEventOf(line);
  if (event) onEvent(event);
}

function messageOf(err: unknown): string {
  const e = err as { code?: string; message?: string; name?: string };
  if (e?.name === 'AbortError') return 'aborted';
  // The standard fetch says only "fetch failed"; what failed is its cause (ECONNRESET …).
  const cause = (err as { cause?: unknown })?.cause;
  if (e?.message === 'fetch failed' && cause) return messageOf(cause);
  if (e?.code && e.message && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
  return e?.message ?? String(err);
}

/**
 * The body as text, chunk by chunk: a Node stream in the hosts (their `fetch` is node-fetch), a web
 * `ReadableStream` where the standard `fetch` answers (the preview page, Node's own fetch).
 */
async function* textChunks(res: Answer): AsyncGenerator<string, void, undefined> {
  const body = res.body as unknown;
  const decoder = new TextDecoder();
  if (body && typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield decoder.decode(value, { stream: true });
      }
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  } else if (body && Symbol.asyncIterator in (body as object)) {
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array | string>)
        yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    } finally {
      (body as { destroy?: () => void }).destroy?.();
    }
  } else {
    yield await res.text();
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The body as text, at most `max` characters (an error answer is cut; a list that large is refused). */
async function readText(res: Answer, max: number): Promise<string> {
  let text = '';
  for await (const chunk of textChunks(res)) {
    text += chunk;
    if (text.length > max) return text.slice(0, max);
  }
  return text;
}
