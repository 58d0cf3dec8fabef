import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster } from './cluster.js';
import { writeKubeconfigFile } from './kubeconfig.js';
import { loadObjectsFromDir } from './loadObjects.js';
import type { FakeUser } from './rbac.js';
import { newFaultState, type MetadataMode, type RequestFault, type WatchFault } from './faults.js';
import type { LoggedRequest } from './server.js';
import { HttpFront } from './server.js';
import { tlsMaterial } from './tls.js';
import type { KubeObj } from './types.js';

export type { FaultTarget, MetadataMode, RequestFault, WatchFault } from './faults.js';
export type { FakeRule, FakeUser } from './rbac.js';
export type { FaultStatus } from './status.js';
export type { LoggedRequest } from './server.js';
export type { KubeObj } from './types.js';

export interface FakeApiServerOptions {
  /** CRDs loaded at start (multi-document YAML ok). Default `test/fixtures/crds`; `false` = none (CRDs then come from `objects`). */
  crdsDir?: string | false;
  /** Initial objects (reports, Pods, ReplicaSets, Deployments, Namespaces, CRDs …). Missing namespaces are created. */
  objects?: object[];
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default: one user `admin` allowed everything. */
  users?: FakeUser[];
  /**
   * Watch-cache size in events (all resources together). Older resourceVersions answer 410 Gone.
   * Default 1000.
   */
  historyLimit?: number;
  /**
   * How often a watch with `allowWatchBookmarks=true` gets a BOOKMARK. Default 1000 ms so tests
   * see bookmarks quickly; a real API server sends them about once a minute. 0 disables them.
   */
  bookmarkIntervalMs?: number;
}

export interface FakeApiServerFaults {
  /** 403 for that resource (in that namespace, or everywhere) for every user. */
  forbid(group: string, resource: string, namespace?: string): void;
  /** Lifts a `forbid` with the same arguments. */
  allow(group: string, resource: string, namespace?: string): void;
  /** Closes every open watch stream abruptly (connection reset, no final chunk). */
  dropWatches(): void;
  /**
   * Forgets all history and moves the resourceVersion on (as writes elsewhere plus an etcd
   * compaction would), so every resourceVersion a client already holds answers 410 Gone: watches
   * started from it get an ERROR event with an `Expired` Status, Exact lists and continue tokens
   * get HTTP 410. With a group and resource, only that resource's history goes, as when its own
   * watch cache overflows: watches of other resources resume as before.
   */
  compact(group?: string, resource?: string): void;
  /**
   * Answers matching requests (after authentication) with an error instead: a Status such as
   * 500 InternalError, 503 ServiceUnavailable or 429 TooManyRequests with `retryAfterSeconds`
   * (sent as `Retry-After` too), or with `plainText` the text answer of the max-in-flight filter.
   * `undefined` lifts it.
   */
  failRequests(fault: RequestFault | undefined): void;
  /**
   * Accepts matching watches, then ends each with one ERROR event carrying the Status (as a
   * storage failure under a watch does). `undefined` lifts it.
   */
  failWatches(fault: WatchFault | undefined): void;
  /**
   * The user's bearer token becomes `token`: the old one answers 401 Unauthorized from the next
   * request on (an expired or rotated token). Watches already open go on, as on a real server,
   * which authenticates a request once, when it starts.
   */
  setToken(user: string, token: string): void;
  /** How Accept `as=PartialObjectMetadata[List]` is answered (default `served`). */
  metadata(mode: MetadataMode): void;
  /** Delays every response by `ms` (0 = none). */
  delayMs(ms: number): void;
  /** While on, connections are closed right after they open (cluster "down"); turning it on also kills open ones. */
  refuse(on: boolean): void;
  /** Deletes the CRD (and its objects): its resource answers 404 and leaves discovery; open watches on it end. */
  removeCrd(plural: string, group: string): void;
}

export interface FakeApiServer {
  /** `https://127.0.0.1:PORT` */
  url: string;
  caPem: string;
  /** A kubeconfig with one context per user (context name = user name), current = first user. */
  kubeconfigPath: string;
  writeKubeconfig(path: string, opts?: { currentContext?: string }): void;
  /**
   * Direct store access for tests, through the same write path as the API (new resourceVersion,
   * watchers notified). Unlike an API create, `create` keeps a given uid and creationTimestamp and
   * creates a missing namespace, so fixtures keep their identities and owner links.
   */
  create(obj: object): object;
  update(obj: object): object;
  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): void;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): object | undefined;
  /** Current objects of a kind (all namespaces, or one), in the server's list order. */
  list(apiVersion: string, kind: string, namespace?: string): object[];
  faults: FakeApiServerFaults;
  /** Every request received, in order. */
  requests: LoggedRequest[];
  /**
   * The watches the server is serving now (what apiserver counts as long-running WATCH requests):
   * a watch ends when its client goes away, its timeout passes or the server ends it.
   */
  openWatches(): number;
  close(): Promise<void>;
}

const DEFAULT_CRDS_DIR = fileURLToPath(new URL('../../fixtures/crds', import.meta.url));

function asKubeObj(obj: object): KubeObj {
  const o = obj as Partial<KubeObj>;
  if (
    typeof o.apiVersion !== 'string' ||
    typeof o.kind !== 'string' ||
    typeof o.metadata !== 'object' ||
    o.metadata === null
  ) {
    throw new Error('an object needs apiVersion, kind and metadata');
  }
  return o as KubeObj;
}

/** Seeds CRDs first, then namespaces, then the rest, so every object finds its resource. */
function seed(cluster: Cluster, objects: readonly KubeObj[]): void {
  const rank = (o: KubeObj): number =>
    o.kind === 'CustomResourceDefinition' ? 0 : o.kind === 'Namespace' ? 1 : 2;
  for (const obj of [...objects].sort((a, b) => rank(a) - rank(b))) {
    const rt = cluster.resourceOf(obj.apiVersion, obj.kind);
    const existing = cluster.store.get(rt, obj.metadata.namespace ?? 'default', obj.metadata.name ?? '');
    if (existing && obj.kind === 'Namespace') continue; // created implicitly for an earlier object
    cluster.create(rt, obj, { seed: true });
  }
}

/** Starts a fake Kubernetes API server over HTTPS on 127.0.0.1. */
export async function startFakeApiServer(opts: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const tls = await tlsMaterial();
  const cluster = new Cluster(opts.historyLimit ?? 1000);
  const crds =
    opts.crdsDir === false
      ? { objects: [], problems: [] }
      : loadObjectsFromDir(opts.crdsDir ?? DEFAULT_CRDS_DIR);
  if (crds.problems.length > 0) throw new Error(`cannot load CRDs: ${crds.problems.join('; ')}`);
  seed(cluster, [
    ...crds.objects.filter((o) => o.kind === 'CustomResourceDefinition'),
    ...(opts.objects ?? []).map(asKubeObj),
  ]);

  // Copies: setToken changes them, not the caller's objects.
  const users = (opts.users ?? [{ name: 'admin', token: randomBytes(16).toString('hex'), rules: null }]).map(
    (u) => ({ ...u }),
  );
  const faults = newFaultState();
  const requests: LoggedRequest[] = [];
  const front = new HttpFront({
    cluster,
    tls,
    users,
    faults,
    requests,
    watchOptions: { bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 1000, defaultTimeoutSeconds: 1800 },
  });
  const port = await front.listen(opts.port ?? 0);
  const url = `https://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'fake-apiserver-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeKubeconfigFile(kubeconfigPath, url, tls.caPem, users);

  const crdResource = cluster.crdResource();
  return {
    url,
    caPem: tls.caPem,
    kubeconfigPath,
    requests,
    writeKubeconfig: (path, o) => writeKubeconfigFile(path, url, tls.caPem, users, o?.currentContext),
    create: (obj) => {
      const o = asKubeObj(obj);
      return structuredClone(cluster.create(cluster.resourceOf(o.apiVersion, o.kind), o, { seed: true }));
    },
    update: (obj) => {
      const o = asKubeObj(obj);
      return structuredClone(cluster.update(cluster.resourceOf(o.apiVersion, o.kind), o));
    },
    remove: (apiVersion, kind, namespace, name) => {
      cluster.delete(cluster.resourceOf(apiVersion, kind), namespace, name);
    },
    // Tests get copies: changing one must not change the server's state behind its back.
    get: (apiVersion, kind, namespace, name) => {
      const found = cluster.store.get(cluster.resourceOf(apiVersion, kind), namespace, name);
      return found && structuredClone(found);
    },
    list: (apiVersion, kind, namespace) =>
      structuredClone(cluster.store.list(cluster.resourceOf(apiVersion, kind), namespace)),
    faults: {
      forbid: (group, resource, namespace) => {
        faults.forbidden.push({ group, resource, ...(namespace !== undefined ? { namespace } : {}) });
      },
      allow: (group, resource, namespace) => {
        const i = faults.forbidden.findIndex(
          (f) => f.group === group && f.resource === resource && f.namespace === namespace,
        );
        if (i >= 0) faults.forbidden.splice(i, 1);
      },
      dropWatches: () => {
        for (const watch of [...front.openWatches]) watch.destroy();
      },
      compact: (group, resource) =>
        cluster.store.compact(
          group !== undefined && resource !== undefined ? `${group}/${resource}` : undefined,
        ),
      failRequests: (fault) => {
        faults.request = fault && { ...fault };
      },
      failWatches: (fault) => {
        faults.watch = fault;
      },
      setToken: (name, token) => {
        const user = users.find((u) => u.name === name);
        if (!user) throw new Error(`no user ${name}`);
        user.token = token;
      },
      metadata: (mode) => {
        faults.metadata = mode;
      },
      delayMs: (ms) => {
        faults.delayMs = ms;
      },
      refuse: (on) => {
        faults.refuse = on;
        if (on) front.destroyConnections();
      },
      removeCrd: (plural, group) => {
        cluster.delete(crdResource, undefined, `${plural}.${group}`);
      },
    },
    openWatches: () => front.openWatches.size,
    close: async () => {
      await front.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
