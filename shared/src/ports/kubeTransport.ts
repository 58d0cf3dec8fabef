/**
 * How the core talks to an API server: one object (read, delete), a page of a collection and a
 * watch stream, nothing more. The one list/watch loop (`cluster/reportWatch.ts`) and the object
 * requests both sources make (`kubeApi/objectRequests.ts`) run over it. Implemented over
 * client-node's credentials (`node/kubeTransport.ts`) and over a Lens cluster frame's
 * `KubeJsonApi` (`extensions/lens/src/cluster/lensKubeRequests.ts`); every rule about paging, relisting,
 * statuses and backoff lives in the loop, so both hosts behave alike under the same faults.
 *
 * Failures are typed: an error answer of the server (an HTTP status, or an ERROR event the loop
 * reads itself) rejects with `KubeApiError` (`kubeApi/kubeApiError.ts`: the status, the server's
 * `Status.message`, `Retry-After` from the header or the Status' details), no usable answer
 * (refused, reset, timeout, not JSON) with `ClusterUnreachableError`. A transport may retry
 * inside one call what its protocol retries (client-node's: a 401 once with fresh credentials,
 * a short `Retry-After` of 429/5xx), never more.
 */
export interface KubeTransport {
  /** The API server (URL, or the cluster's name), for messages. */
  readonly server: string;
  /** One request (GET unless told); resolves with the parsed JSON body, `undefined` for an empty one. */
  request(path: string, options?: ObjectRequest): Promise<unknown>;
  /**
   * One page of the collection at `path` (`?limit=&continue=`); resolves with the parsed body (a
   * List), `undefined` for an empty answer.
   */
  listPage(path: string, page: ListPageRequest, signal: AbortSignal): Promise<unknown>;
  /**
   * Opens a watch of the collection at `path` and hands each event to `onEvent` as it arrives
   * (lines that are not JSON objects with a `type` are skipped). Resolves once the server answered
   * 200, with `ended`, which resolves when the stream ends; aborting `signal` ends it as closed.
   * Rejects when the watch could not be established.
   */
  watch(
    path: string,
    request: WatchRequest,
    signal: AbortSignal,
    onEvent: (event: WatchEvent) => void,
  ): Promise<{ readonly ended: Promise<StreamEnd> }>;
}

export interface ObjectRequest {
  readonly method?: 'GET' | 'DELETE';
  /** The Accept header (default JSON). */
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

export interface ListPageRequest {
  /** Objects per page (`limit`). */
  readonly limit: number;
  /** The previous page's `metadata.continue`; absent for the first page. */
  readonly continue?: string;
  /** The Accept header (default JSON); see `MetadataAccept`. */
  readonly accept?: string;
}

export interface WatchRequest {
  /** Where the watch starts (the list's, or the last event's or bookmark's). */
  readonly resourceVersion?: string;
  /** The server ends the stream after this long (`timeoutSeconds`). */
  readonly timeoutSeconds: number;
  /** A stream silent this long counts as cut (a half-open connection sends nothing). */
  readonly idleMs: number;
  /** The Accept header (default JSON). */
  readonly accept?: string;
}

/** One line of a watch stream: `{"type": "ADDED", "object": {...}}`. */
export interface WatchEvent {
  readonly type: string;
  readonly object: Record<string, unknown>;
}

/** How an established stream ended: closed by the server, or cut (reset, half-open, oversize event). */
export type StreamEnd = { readonly closed: true } | { readonly closed: false; readonly reason: string };
