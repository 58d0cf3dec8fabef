import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { ClusterUnreachableError } from '../ports/clusterSource.js';
import { apiErrorOfAnswer, describeNetworkError, type KubeApiError } from '../kubeApi/kubeApiError.js';
import { delay } from '../kubeApi/kubeBackoff.js';
import type { KubeCredentials, PreparedRequest } from './kubeCredentials.js';

export interface KubeRequestOptions {
  readonly method?: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly accept?: string;
  readonly signal?: AbortSignal;
  /** Give up (as unreachable) when the connection is idle this long (default 60 s). */
  readonly timeoutMs?: number;
}

// Bodies are held whole before parsing; a string longer than V8's limit (~512 MiB) would throw.
const MAX_BODY_BYTES = 256 * 1024 * 1024;
// An error answer is a Status of a few hundred bytes; anything longer is cut.
const MAX_ERROR_BYTES = 64 * 1024;
// client-go's REST client waits out `Retry-After` on 429 and 5xx and tries again, up to 10 times
// (`rest/with_retry.go`, `checkWait`). Here fewer and shorter: longer waits are left to the
// caller's backoff, which shows the state meanwhile.
const RETRY_AFTER_ATTEMPTS = 3;
const RETRY_AFTER_MAX_SECONDS = 10;

/**
 * One request to the API server with the auth and TLS of the context's credentials; resolves
 * with the parsed JSON body. Rejects with {@link KubeApiError} for an error status, and
 * {@link ClusterUnreachableError} when no usable answer came (refused, reset, TLS failure,
 * timeout, not JSON). See {@link kubeResponse} for the retries it makes.
 */
export async function kubeRequest(
  credentials: KubeCredentials,
  path: string,
  options: KubeRequestOptions = {},
): Promise<unknown> {
  const res = await kubeResponse(credentials, path, options);
  const server = credentials.server ?? '(none)';
  const bytes = await readBody(res, MAX_BODY_BYTES).catch((err: unknown) => {
    throw options.signal?.aborted
      ? err
      : new ClusterUnreachableError(server, `${path}: ${describeNetworkError(err)}`);
  });
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ClusterUnreachableError(server, `not JSON from ${path}`);
  }
}

/**
 * Sends a request and resolves with the response once a 2xx status arrived (the body is the
 * caller's to read: a list, a watch stream). Rejects like {@link kubeRequest}. Two retries happen
 * here, as client-go's transport does them:
 * - 401: the credentials are renewed (see {@link KubeCredentials.rejected}) and the request is
 *   sent once more with the fresh ones;
 * - 429 or 5xx with a `Retry-After` of at most 10 s: sent again after that wait, up to 3 times.
 */
export async function kubeResponse(
  credentials: KubeCredentials,
  path: string,
  options: KubeRequestOptions = {},
): Promise<IncomingMessage> {
  const server = credentials.server;
  if (!server) throw new ClusterUnreachableError('(none)', 'the context has no cluster');
  const url = new URL(server + path);
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  let renewed = false;
  let waits = 0;
  for (;;) {
    let prepared: PreparedRequest;
    try {
      prepared = await credentials.prepare({
        method: options.method ?? 'GET',
        headers: { Accept: options.accept ?? 'application/json' },
      });
    } catch (err) {
      // An exec plugin that fails, an unreadable certificate file, plain http without
      // insecure-skip-tls-verify (client-node refuses it): nothing was sent.
      throw new ClusterUnreachableError(server, `cannot prepare the request: ${(err as Error).message}`);
    }
    const res = await send(url, prepared.options, options, server);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    const error = await apiErrorOf(res);
    if (status === 401 && !renewed && credentials.rejected(prepared.generation)) {
      renewed = true;
      continue;
    }
    const wait = error.retryAfterSeconds;
    if (
      (status === 429 || status >= 500) &&
      wait !== undefined &&
      wait <= RETRY_AFTER_MAX_SECONDS &&
      waits < RETRY_AFTER_ATTEMPTS &&
      !options.signal?.aborted
    ) {
      waits++;
      await delay(wait * 1000, options.signal);
      if (!options.signal?.aborted) continue;
    }
    throw error;
  }
}

function send(
  url: URL,
  prepared: https.RequestOptions,
  options: KubeRequestOptions,
  server: string,
): Promise<IncomingMessage> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'http:' ? http.request : https.request;
    const req = request(url, { ...prepared, ...(options.signal ? { signal: options.signal } : {}) }, resolve);
    // Idle time on the socket, also while the body streams: a half-open connection ends here.
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
    req.on('error', (err) => {
      if (options.signal?.aborted) reject(err);
      else reject(new ClusterUnreachableError(server, describeNetworkError(err)));
    });
    req.end();
  });
}

/** The body, or a rejection when the connection breaks before its end or it exceeds `max` bytes. */
export function readBody(res: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) res.destroy(new Error(`answer larger than ${Math.round(max / 1024 / 1024)} MiB`));
      else chunks.push(c);
    });
    res.on('error', reject);
    res.on('close', () => {
      if (res.complete) resolve(Buffer.concat(chunks));
      else reject(new Error('connection closed before the answer was complete'));
    });
  });
}

/** The first `max` bytes of a body (all of a short one); the rest is not read. Never rejects. */
function readStart(res: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, max));
    res.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size >= max) {
        res.removeAllListeners('data');
        res.destroy();
        done();
      }
    });
    res.on('error', () => undefined);
    res.on('close', done);
  });
}

/** The error an answer carries: its `Status`, or for a plain-text answer (429 of max-inflight) its text. */
async function apiErrorOf(res: IncomingMessage): Promise<KubeApiError> {
  const status = res.statusCode ?? 0;
  const text = (await readStart(res, MAX_ERROR_BYTES)).toString('utf8');
  return apiErrorOfAnswer({
    status,
    text,
    contentType: String(res.headers['content-type'] ?? ''),
    statusText: res.statusMessage || http.STATUS_CODES[status] || '',
    ...(res.headers['retry-after'] !== undefined ? { retryAfter: res.headers['retry-after'] } : {}),
  });
}
