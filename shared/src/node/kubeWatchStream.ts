import type { KubeCredentials } from './kubeCredentials.js';
import { describeNetworkError, kubeResponse } from './kubeRequest.js';

/** One line of a watch stream: `{"type": "ADDED", "object": {...}}`. */
export interface WatchEvent {
  readonly type: string;
  readonly object: Record<string, unknown>;
}

/** How an established stream ended: closed by the server, or cut (reset, half-open, oversize event). */
export type StreamEnd = { readonly closed: true } | { readonly closed: false; readonly reason: string };

export interface WatchStreamOptions {
  readonly query: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Ends the stream; `ended` then resolves as closed. */
  readonly signal: AbortSignal;
  /** The Accept header (default JSON). */
  readonly accept?: string;
  /** Idle time after which the connection counts as dead (default 60 s more than `timeoutSeconds`). */
  readonly idleMs?: number;
}

// One event is one object; etcd stores objects up to 1.5 MiB. A line longer than this is not an
// event a server sends, and holding it would only grow memory.
const MAX_EVENT_BYTES = 32 * 1024 * 1024;

/**
 * Opens a watch (`?watch=true`) and hands each event to `onEvent` as it arrives. Resolves once
 * the server answered 200, with `ended`, which resolves when the stream ends. Rejects, like
 * `kubeRequest`, when the watch could not be established: an error status with the server's
 * Status (client-node's `Watch` keeps only the status text, and drops `Retry-After`), or no answer.
 * Lines that are not JSON objects with a `type` are skipped, as client-node does.
 */
export async function openWatchStream(
  credentials: KubeCredentials,
  path: string,
  options: WatchStreamOptions,
  onEvent: (event: WatchEvent) => void,
): Promise<{ readonly ended: Promise<StreamEnd> }> {
  const timeoutSeconds = Number(options.query.timeoutSeconds ?? 0);
  const res = await kubeResponse(credentials, path, {
    query: { ...options.query, watch: true },
    signal: options.signal,
    timeoutMs: options.idleMs ?? (timeoutSeconds + 60) * 1000,
    ...(options.accept ? { accept: options.accept } : {}),
  });
  res.socket?.setKeepAlive(true, 30_000);
  const ended = new Promise<StreamEnd>((resolve) => {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let cut: string | undefined;
    const deliver = (line: Buffer): void => {
      if (options.signal.aborted) return;
      let event: unknown;
      try {
        event = JSON.parse(line.toString('utf8'));
      } catch {
        return;
      }
      const e = event as Partial<WatchEvent> | null;
      if (
        typeof e === 'object' &&
        e !== null &&
        typeof e.type === 'string' &&
        typeof e.object === 'object' &&
        e.object !== null
      )
        onEvent(e as WatchEvent);
    };
    res.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0 && !options.signal.aborted; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        const line = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
        if (line.length > 0) deliver(line);
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_EVENT_BYTES) {
          cut = `an event longer than ${MAX_EVENT_BYTES / 1024 / 1024} MiB`;
          pending = [];
          res.destroy();
        }
      }
    });
    res.on('error', (err) => {
      cut ??= describeNetworkError(err);
    });
    res.on('close', () => {
      if (options.signal.aborted || (res.complete && cut === undefined)) resolve({ closed: true });
      else resolve({ closed: false, reason: cut ?? 'connection reset' });
    });
  });
  return { ended };
}
