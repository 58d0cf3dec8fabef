// What a Lens cluster frame talks to: a plain-HTTP proxy on the loopback that forwards every request
// to the cluster with the user's credentials (here the fake API server's bearer token and CA), as
// the hosts' cluster proxy does. Requests pass one for one, so the fake server's request log counts
// what the extension sent; a client that goes away ends the request upstream too.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ClusterFrameProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

export async function startClusterFrameProxy(target: {
  readonly url: string;
  readonly caPem: string;
  readonly token: string;
  /** Answers what is not an API path (`/api`, `/apis`): the preview page and its script. */
  readonly page?: http.RequestListener;
  /**
   * Let pages of other origins call it (CORS, preflights answered): the preview's extra lanes, so
   * that a browser's six connections per origin do not hold its watches back.
   */
  readonly crossOrigin?: boolean;
}): Promise<ClusterFrameProxy> {
  const upstream = new URL(target.url);
  const agent = new https.Agent({ ca: target.caPem });
  const server = http.createServer((req, res) => {
    if (target.page && !/^\/apis?(\/|\?|$)/.test(req.url ?? '')) return void target.page(req, res);
    const cors = target.crossOrigin ? { 'access-control-allow-origin': '*' } : {};
    if (target.crossOrigin && req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, DELETE, POST, PUT, PATCH',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      return void res.end();
    }
    const { origin: _origin, referer: _referer, ...passed } = req.headers;
    const headers = { ...passed, host: upstream.host, authorization: `Bearer ${target.token}` };
    const out = https.request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
      (answer) => {
        // One connection per request: a cut watch stream cuts its connection, and a client must not
        // pick that connection up again for its next request.
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors, connection: 'close' });
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
    res.on('close', () => out.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
