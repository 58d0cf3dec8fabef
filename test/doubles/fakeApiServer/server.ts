import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Cluster } from './cluster.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { sendPlainTextFault, takeRequestFault, type FaultState } from './faults.js';
import type { FakeUser } from './rbac.js';
import type { ResourceContext } from './resourceHandler.js';
import { sendJson } from './negotiation.js';
import { handleResource, verbOf } from './resourceHandler.js';
import { openApiGroupVersion, openApiIndex } from './openapi.js';
import { decodeObject, isProtobuf } from './protobuf.js';
import { parseRoute } from './routes.js';
import { ApiError, badRequest, faultError, resourceNotFound, unauthorized } from './status.js';
import type { TlsMaterial } from './tls.js';
import type { OpenWatch, WatchOptions } from './watch.js';

/** One request as the log records it. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  /** The authenticated user's name; '' when authentication failed or was absent. */
  user: string;
  /** The status answered; 0 while the response is still open (a running watch). */
  status: number;
  /** When it arrived (`Date.now()`), for counting requests in a time window. */
  at: number;
}

export interface HttpServerOptions {
  readonly cluster: Cluster;
  readonly tls: TlsMaterial;
  readonly users: readonly FakeUser[];
  readonly faults: FaultState;
  readonly watchOptions: WatchOptions;
  readonly requests: LoggedRequest[];
}

// The API server's request body limit (etcd's 1.5 MiB object limit with headroom, as apiserver uses 3 MiB).
const MAX_BODY_BYTES = 3 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<unknown> {
  const protobuf = isProtobuf(req.headers['content-type']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const text = protobuf ? '' : bytes.toString('utf8');
      if (!protobuf && text.trim() === '') return resolve(undefined);
      try {
        resolve(protobuf ? decodeObject(bytes) : JSON.parse(text));
      } catch (e) {
        reject(
          e instanceof ApiError
            ? e
            : badRequest(`the body of the request could not be decoded: ${(e as Error).message}`),
        );
      }
    });
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(500, 'InternalError', `Internal error occurred: ${String(error)}`);
  // `responsewriters.ErrorNegotiated` repeats a Status' retryAfterSeconds as the header.
  const retryAfter = apiError.details?.retryAfterSeconds;
  if (retryAfter !== undefined && retryAfter > 0) res.setHeader('Retry-After', String(retryAfter));
  sendJson(res, apiError.code, apiError.toStatus());
}

/**
 * The HTTPS front of the fake: authentication by bearer token, the request log, fault switches
 * (refused connections, delays, dropped watches) and dispatch to discovery or resource handlers.
 */
export class HttpFront {
  readonly server: Server;
  readonly openWatches = new Set<OpenWatch>();
  private readonly sockets = new Set<Socket>();
  private readonly context: ResourceContext;

  constructor(private readonly options: HttpServerOptions) {
    this.context = {
      cluster: options.cluster,
      faults: options.faults,
      watchOptions: options.watchOptions,
      openWatches: this.openWatches,
    };
    this.server = createServer({ key: options.tls.keyPem, cert: options.tls.certPem }, (req, res) => {
      void this.handle(req, res);
    });
    // 'connection' fires for the raw TCP socket before the TLS handshake: refusing here looks
    // like a cluster whose endpoint resets connections.
    this.server.on('connection', (socket: Socket) => {
      if (this.options.faults.refuse) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('tlsClientError', () => undefined);
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Kills every open connection (for `refuse(true)` and `close()`). */
  destroyConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  close(): Promise<void> {
    for (const watch of [...this.openWatches]) watch.end();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.destroyConnections();
    });
  }

  private authenticate(req: IncomingMessage): FakeUser | undefined {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? this.options.users.find((u) => u.token === m[1]) : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const user = this.authenticate(req);
    const logged: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      user: user?.name ?? '',
      status: 0,
      at: Date.now(),
    };
    this.options.requests.push(logged);
    res.on('close', () => (logged.status = res.statusCode));
    try {
      const delay = this.options.faults.delayMs;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      // The client went away while the request waited: apiserver's handlers stop with the request's
      // context; serving it would leave a watch open (and its timers running) for no one.
      if (res.destroyed || req.socket.destroyed) return;
      const route = parseRoute(url.pathname);
      const open = route?.type === 'version' || route?.type === 'health';
      if (!user && !(open && !req.headers.authorization)) throw unauthorized();
      // Throttling and failing filters run after authentication, before authorization.
      const fault = takeRequestFault(
        this.options.faults,
        route?.type === 'resource'
          ? {
              verb: verbOf(req.method ?? 'GET', route, url.searchParams),
              group: route.group,
              resource: route.plural,
            }
          : {},
      );
      if (fault?.plainText) return sendPlainTextFault(res, fault);
      if (fault) throw faultError(fault.status);
      const body =
        req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH'
          ? await readBody(req)
          : undefined;
      const cluster = this.options.cluster;
      switch (route?.type) {
        case 'version':
          return sendJson(res, 200, versionInfo());
        case 'health':
          res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
          return void res.end('ok');
        case 'api':
          return sendJson(
            res,
            200,
            apiVersions(req.socket.localAddress + ':' + String(req.socket.localPort)),
          );
        case 'apis':
          return sendJson(res, 200, apiGroupList(cluster.registry));
        case 'group': {
          const group = apiGroup(cluster.registry, route.group);
          if (!group) throw resourceNotFound();
          return sendJson(res, 200, group);
        }
        case 'groupVersion': {
          const list = apiResourceList(cluster.registry, route.group, route.version);
          if (!list) throw resourceNotFound();
          return sendJson(res, 200, list);
        }
        case 'openapiV2':
          // kubectl's client-side validation loads this (protobuf only) before anything else and
          // gives up on a 404. An empty gnostic Document decodes fine and has no models, so
          // kubectl skips client-side checks and relies on server-side fieldValidation (v3 below).
          res.writeHead(200, {
            'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
            'Content-Length': 0,
          });
          return void res.end();
        case 'openapiIndex':
          return sendJson(
            res,
            200,
            openApiIndex(cluster.registry, (rt) => cluster.crdSchema(rt)),
          );
        case 'openapiGroupVersion': {
          const doc = openApiGroupVersion(cluster.registry, route.group, route.version, (rt) =>
            cluster.crdSchema(rt),
          );
          if (!doc) throw resourceNotFound();
          return sendJson(res, 200, doc);
        }
        case 'resource':
          if (!user) throw unauthorized();
          return handleResource(this.context, route, { req, res, query: url.searchParams, body, user });
        default:
          throw resourceNotFound();
      }
    } catch (error) {
      sendError(res, error);
    }
  }
}
