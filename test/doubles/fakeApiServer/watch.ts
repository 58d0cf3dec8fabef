import type { ServerResponse } from 'node:http';
import type { Cluster } from './cluster.js';
import type { Matcher } from './selectors.js';
import { asPartialObjectMetadata } from './partialMetadata.js';
import { badRequest, tooOldResourceVersion, type StatusBody } from './status.js';
import type { StoreEvent } from './store.js';
import type { IncludeObject } from './table.js';
import { toTable } from './table.js';
import type { KubeObj, ResourceType } from './types.js';
import { groupVersion } from './types.js';

/** The watch parameters of `metav1.ListOptions` this server honours. */
export interface WatchParams {
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
  readonly allowWatchBookmarks: boolean;
  readonly sendInitialEvents?: boolean;
  readonly timeoutSeconds?: number;
  readonly labels: Matcher;
  readonly fields: Matcher;
  /** Set when the client asked for `Table` objects (kubectl get --watch). */
  readonly table?: { readonly include: IncludeObject; readonly version: string };
  /** Set when the client asked for `PartialObjectMetadata` objects (client-go's metadata informers). */
  readonly metadataVersion?: string;
  /** A fault: the watch is accepted, then ended with one ERROR event carrying this Status. */
  readonly failWith?: StatusBody;
}

export interface WatchOptions {
  readonly bookmarkIntervalMs: number;
  /** Watches are closed after this long when the client gives no timeoutSeconds. */
  readonly defaultTimeoutSeconds: number;
}

/** Handle on an open watch stream, for faults and shutdown. */
export interface OpenWatch {
  /** Closes the stream cleanly (end of chunked body). */
  end(): void;
  /** Kills the connection abruptly, as a dropped network path or a crashed server does. */
  destroy(): void;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * Serves a `watch=true` request as newline-delimited JSON events, with the watch cache's
 * semantics (API Concepts, "Efficient detection of changes"): no resourceVersion or "0" sends the
 * current objects as ADDED first; a resourceVersion replays later events from history, or sends
 * one ERROR event with a 410 `Expired` Status when history no longer reaches back that far;
 * objects moving in or out of a selector arrive as ADDED/DELETED; BOOKMARKs carry only the
 * current resourceVersion.
 */
export function serveWatch(
  cluster: Cluster,
  rt: ResourceType,
  namespace: string | undefined,
  params: WatchParams,
  res: ServerResponse,
  options: WatchOptions,
): OpenWatch {
  const store = cluster.store;
  const apiVersion = groupVersion(rt.group, rt.version);
  const rvText = params.resourceVersion;
  if (params.sendInitialEvents !== undefined) {
    if (params.resourceVersionMatch !== 'NotOlderThan') {
      throw badRequest(
        'sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan',
      );
    }
    if (params.sendInitialEvents && !params.allowWatchBookmarks) {
      throw badRequest('sendInitialEvents requires setting allowWatchBookmarks to true');
    }
  }

  const contentType = params.table
    ? `application/json;as=Table;v=${params.table.version};g=meta.k8s.io`
    : 'application/json';
  res.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const inScope = (obj: KubeObj): boolean =>
    (namespace === undefined || obj.metadata.namespace === namespace) &&
    params.labels(obj) &&
    params.fields(obj);
  const send = (type: WatchEventType, object: unknown): void => {
    if (res.writableEnded || res.destroyed) return;
    let payload = object;
    if (params.table && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) {
      const obj = object as KubeObj;
      payload = toTable(
        rt,
        [obj],
        { resourceVersion: obj.metadata.resourceVersion ?? '' },
        params.table.include,
        params.table.version,
      );
    } else if (params.metadataVersion && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) {
      payload = asPartialObjectMetadata(object as KubeObj, params.metadataVersion);
    }
    res.write(JSON.stringify({ type, object: payload }) + '\n');
  };
  const served = (obj: KubeObj): KubeObj => ({ ...obj, apiVersion });
  const deliver = (event: StoreEvent): void => {
    const now = inScope(event.object);
    const before = event.previous !== undefined && inScope(event.previous);
    if (event.type === 'ADDED' && now) send('ADDED', served(event.object));
    else if (event.type === 'MODIFIED') {
      if (now && before) send('MODIFIED', served(event.object));
      else if (now) send('ADDED', served(event.object));
      else if (before) send('DELETED', served(event.object));
    } else if (event.type === 'DELETED' && before) send('DELETED', served(event.object));
  };
  const bookmark = (annotations?: Record<string, string>): void =>
    send('BOOKMARK', {
      kind: rt.kind,
      apiVersion,
      metadata: { resourceVersion: String(store.currentRv), ...(annotations ? { annotations } : {}) },
    });

  const timers: NodeJS.Timeout[] = [];
  const cleanups: Array<() => void> = [];
  const finish = (): void => {
    for (const t of timers) clearTimeout(t);
    for (const c of cleanups) c();
    cleanups.length = 0;
  };
  res.on('close', finish);
  const handle: OpenWatch = {
    end: () => {
      finish();
      if (!res.writableEnded) res.end();
    },
    destroy: () => {
      finish();
      res.socket?.destroy();
      res.destroy();
    },
  };

  if (params.failWith) {
    // As when storage fails under a watch (etcd3 watcher `transformErrorToEvent`): one ERROR
    // event with the Status, then the end of the stream.
    send('ERROR', params.failWith);
    handle.end();
    return handle;
  }

  // Starting point: everything below happens synchronously, so no write slips between the
  // snapshot or replay and the subscription.
  const initialState = params.sendInitialEvents === true || !rvText || rvText === '0';
  if (initialState && params.sendInitialEvents !== false) {
    for (const obj of store.list(rt, namespace)) if (inScope(obj)) send('ADDED', served(obj));
    if (params.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else if (rvText && rvText !== '0') {
    const from = Number(rvText);
    if (!/^\d+$/.test(rvText)) {
      send('ERROR', badRequest(`invalid resource version: ${JSON.stringify(rvText)}`).toStatus());
      handle.end();
      return handle;
    }
    const events = store.eventsSince(`${rt.group}/${rt.plural}`, from);
    if (!events) {
      send('ERROR', tooOldResourceVersion(from, store.oldestRv(`${rt.group}/${rt.plural}`)).toStatus());
      handle.end();
      return handle;
    }
    for (const event of events) deliver(event);
  }

  const key = `${rt.group}/${rt.plural}`;
  cleanups.push(store.subscribe((event) => event.key === key && deliver(event)));
  cleanups.push(
    cluster.onResourcesChanged(() => {
      // The CRD behind this watch is gone: the real server ends such watches.
      if (!cluster.registry.resolve(rt.group, rt.version, rt.plural)) handle.end();
    }),
  );
  if (params.allowWatchBookmarks && options.bookmarkIntervalMs > 0) {
    const interval = setInterval(() => bookmark(), options.bookmarkIntervalMs);
    cleanups.push(() => clearInterval(interval));
  }
  const timeoutSeconds = params.timeoutSeconds ?? options.defaultTimeoutSeconds;
  timers.push(setTimeout(() => handle.end(), timeoutSeconds * 1000));
  return handle;
}
