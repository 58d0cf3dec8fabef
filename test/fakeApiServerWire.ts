// Raw HTTPS to the fake API server, with the CA of its kubeconfig and a bearer token: what the
// wire-level tests use to see the protocol without a client library in between.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { FakeApiServer } from './doubles/fakeApiServer/index.js';

/** The token the wire tests give their one user. */
export const TOKEN = 'admin-token';

export interface Reply {
  status: number;
  contentType: string;
  headers: IncomingHttpHeaders;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON, shape checked by the assertions
}

export function call(
  server: FakeApiServer,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const token = options.token === undefined ? TOKEN : options.token;
    const req = request(
      server.url + path,
      {
        method,
        ca: server.caPem,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // plain text (health endpoints)
          }
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type']),
            headers: res.headers,
            body,
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(JSON.stringify(options.body));
    req.end();
  });
}

/** Opens a watch and collects its events; `until` waits for a condition on them. */
export function watch(
  server: FakeApiServer,
  path: string,
  headers: Record<string, string> = {},
  token = TOKEN,
) {
  const events: Array<{ type: string; object: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
  let ended = false;
  let notify = (): void => undefined;
  const req = request(
    server.url + path,
    { ca: server.caPem, headers: { Authorization: `Bearer ${token}`, ...headers } },
    (res) => {
      let buffer = '';
      res.on('data', (c: Buffer) => {
        buffer += c.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buffer.slice(0, nl)) as { type: string; object: unknown });
          buffer = buffer.slice(nl + 1);
        }
        notify();
      });
      res.on('end', () => {
        ended = true;
        notify();
      });
    },
  );
  req.on('error', () => undefined);
  req.end();
  return {
    events,
    ended: () => ended,
    until(predicate: () => boolean, what: string): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(events.map((e) => e.type))}`)),
          5000,
        );
        notify = () => {
          if (predicate()) {
            clearTimeout(timer);
            resolve();
          }
        };
        notify();
      });
    },
    close: () => req.destroy(),
  };
}
