import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterUnreachableError } from '../ports/clusterSource.js';

/** The API server answered with an error status; `message` is the server's own (`Status.message`). */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly reason?: string,
  ) {
    super(`${status}${reason ? ` ${reason}` : ''}: ${serverMessage}`);
    this.name = 'KubeApiError';
  }
}

export interface KubeRequestOptions {
  readonly method?: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly accept?: string;
  readonly signal?: AbortSignal;
  /** Give up (as unreachable) when no answer came in this long (default 60 s). */
  readonly timeoutMs?: number;
}

/**
 * One request to the API server with the auth and TLS of the current context, taken from
 * client-node's `KubeConfig` (tokens, client certificates, exec plugins, OIDC refresh all happen
 * in `applyToHTTPSOptions`). Resolves with the parsed JSON body. Rejects with
 * {@link KubeApiError} for an error status, and {@link ClusterUnreachableError} when no answer
 * came (refused, reset, TLS failure, timeout). Lists go through here rather than client-node's
 * generated `CustomObjectsApi` to keep control of paging, abort and error messages.
 */
export async function kubeRequest(
  config: KubeConfig,
  path: string,
  options: KubeRequestOptions = {},
): Promise<unknown> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new ClusterUnreachableError('(none)', 'the context has no cluster');
  const url = new URL(cluster.server + path);
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  const requestOptions: https.RequestOptions = {
    method: options.method ?? 'GET',
    headers: { Accept: options.accept ?? 'application/json' },
  };
  try {
    await config.applyToHTTPSOptions(requestOptions);
  } catch (err) {
    // An exec plugin that fails, an unreadable certificate file, plain http without
    // insecure-skip-tls-verify (client-node refuses it): nothing was sent.
    throw new ClusterUnreachableError(
      cluster.server,
      `cannot prepare the request: ${(err as Error).message}`,
    );
  }
  const send = url.protocol === 'http:' ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { ...requestOptions, ...(options.signal ? { signal: options.signal } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(new ClusterUnreachableError(cluster.server, err.message)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = undefined;
          }
          if (status >= 200 && status < 300) {
            if (body === undefined && text !== '')
              reject(new ClusterUnreachableError(cluster.server, `not JSON from ${path}`));
            else resolve(body);
            return;
          }
          const s = (typeof body === 'object' && body !== null ? body : {}) as {
            message?: unknown;
            reason?: unknown;
          };
          const message =
            typeof s.message === 'string' ? s.message : (res.statusMessage ?? text.slice(0, 200));
          reject(new KubeApiError(status, message, typeof s.reason === 'string' ? s.reason : undefined));
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () =>
      req.destroy(new Error(`no answer in ${(options.timeoutMs ?? 60_000) / 1000} s`)),
    );
    req.on('error', (err) => {
      if (options.signal?.aborted) reject(err);
      else reject(new ClusterUnreachableError(cluster.server, describeNetworkError(err)));
    });
    req.end();
  });
}

/** `ECONNREFUSED 127.0.0.1:6443` rather than node's longer texts; TLS errors keep their message. */
export function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code && e.message && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
  return e.message ?? String(err);
}
