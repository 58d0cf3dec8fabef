import type { ServerResponse } from 'node:http';
import type { ForbidRule } from './rbac.js';
import type { FaultStatus } from './status.js';

/** Which requests a fault applies to; every field left out matches anything. */
export interface FaultTarget {
  /** Verbs as the authorizer sees them: `get`, `list`, `watch`, `create` … */
  verbs?: string[];
  group?: string;
  /** The resource's plural. */
  resource?: string;
}

/** Requests answered with an error instead of being served. */
export interface RequestFault extends FaultTarget {
  status: FaultStatus;
  /**
   * Answer as the max-in-flight and API Priority and Fairness filters do: `http.Error`'s plain
   * text (`Too many requests, please try again later.`) with `Retry-After`, no Status object.
   */
  plainText?: boolean;
  /** Only the next N matching requests; default: until lifted. */
  times?: number;
}

/** Watches that the server accepts and then ends with one ERROR event carrying `status`. */
export interface WatchFault {
  status: FaultStatus;
  group?: string;
  resource?: string;
}

/** How an Accept header asking for `as=PartialObjectMetadata[List]` is answered. */
export type MetadataMode =
  /** Metadata only, as kube-apiserver does for every resource, CRDs included. */
  | 'served'
  /** The whole objects with the resource's own kind, as a server without the conversion answers. */
  | 'ignored'
  /** 406 NotAcceptable, the answer when no entry of the Accept header can be served. */
  | 'refused';

/** Mutable fault switches, read on every request. */
export interface FaultState {
  delayMs: number;
  refuse: boolean;
  readonly forbidden: ForbidRule[];
  request: RequestFault | undefined;
  watch: WatchFault | undefined;
  metadata: MetadataMode;
}

export function newFaultState(): FaultState {
  return {
    delayMs: 0,
    refuse: false,
    forbidden: [],
    request: undefined,
    watch: undefined,
    metadata: 'served',
  };
}

/** The request fault for a request, counting it against `times`; undefined when none applies. */
export function takeRequestFault(
  faults: FaultState,
  request: { verb?: string; group?: string; resource?: string },
): RequestFault | undefined {
  const f = faults.request;
  if (!f) return undefined;
  if (f.verbs && !(request.verb !== undefined && f.verbs.includes(request.verb))) return undefined;
  if (f.group !== undefined && f.group !== request.group) return undefined;
  if (f.resource !== undefined && f.resource !== request.resource) return undefined;
  if (f.times !== undefined) {
    f.times--;
    if (f.times <= 0) faults.request = undefined;
  }
  return f;
}

/** The watch fault for a watch of a resource, if one applies. */
export function watchFaultFor(faults: FaultState, group: string, resource: string): FaultStatus | undefined {
  const f = faults.watch;
  if (!f) return undefined;
  if (f.group !== undefined && f.group !== group) return undefined;
  if (f.resource !== undefined && f.resource !== resource) return undefined;
  return f.status;
}

/** Writes the answer of a `plainText` fault, as Go's `http.Error` does: text/plain, nosniff, the message and a newline. */
export function sendPlainTextFault(res: ServerResponse, fault: RequestFault): void {
  const retryAfter = fault.status.retryAfterSeconds;
  res.writeHead(fault.status.code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    ...(retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {}),
  });
  res.end(`${fault.status.message}\n`);
}
