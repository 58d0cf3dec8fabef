import { describeNetworkError } from '../kubeApi/kubeApiError.js';
import { watchQuery } from '../kubeApi/listWatchQuery.js';
import { watchEventOf } from '../kubeApi/watchEvents.js';
import type { StreamEnd, WatchEvent, WatchRequest } from '../ports/kubeTransport.js';
import type { KubeCredentials } from './kubeCredentials.js';
import { kubeResponse } from './kubeRequest.js';

// One event is one object; etcd stores objects up to 1.5 MiB. A line longer than this is not an
// event a server sends, and holding it would only grow memory.
const MAX_EVENT_BYTES = 32 * 1024 * 1024;

/**
 * Opens a watch (`?watch=true`) and hands each event to `onEvent` as it arrives: the Node
 * transport's `KubeTransport.watch`. Resolves once the server answered 200, with `ended`,
 * which resolves when the stream ends (aborting `signal` ends it as closed). Rejects, like
 * `kubeRequest`, when the watch could not be established: an error status with the server's
 * Status (client-node's `Watch` keeps only the status text, and drops `Retry-After`), or no answer.
 * Lines that are not JSON objects with a `type` are skipped, as client-node does.
 */
export async function openWatchStream(
  credentials: KubeCredentials,
  path: string,
  request: WatchRequest,
  signal: AbortSignal,
  onEvent: (event: WatchEvent) => void,
): Promise<{ readonly ended: Promise<StreamEnd> }> {
  const res = await kubeResponse(credentials, path, {
    query: watchQuery(request),
    signal,
    timeoutMs: request.idleMs,
    ...(request.accept ? { accept: request.accept } : {}),
  });
  res.socket?.setKeepAlive(true, 30_000);
  const ended = new Promise<StreamEnd>((resolve) => {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let cut: string | undefined;
    const deliver = (line: Buffer): void => {
      if (signal.aborted) return;
      const event = watchEventOf(line.toString('utf8'));
      if (event) onEvent(event);
    };
    res.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0 && !signal.aborted; nl = chunk.indexOf(10, start)) {
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
      if (signal.aborted || (res.complete && cut === undefined)) resolve({ closed: true });
      else resolve({ closed: false, reason: cut ?? 'connection reset' });
    });
  });
  return { ended };
}
