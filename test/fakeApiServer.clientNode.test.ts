// The fake API server seen through @kubernetes/client-node 1.4, the client the product uses:
// kubeconfig with CA data (TLS verified), CustomObjectsApi, Watch, informers, and the faults.
import {
  ApiException,
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Watch,
  makeInformer,
} from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestOptions } from 'node:https';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import type { FakeApiServer } from './doubles/fakeApiServer/index.js';
import { startFakeApiServer } from './doubles/fakeApiServer/index.js';

const GROUP = 'aquasecurity.github.io';
const VERSION = 'v1alpha1';
const PLURAL = 'vulnerabilityreports';
const APP_PATH = `/apis/${GROUP}/${VERSION}/${PLURAL}`;

// Real cluster data: `jq '.items | length'` gives 2, both in namespace "default", named
// pod-tt-reg-test and replicaset-nginx-deployment-559d658b74-nginx.
const fixture = JSON.parse(
  readFileSync(
    new URL('fixtures/reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json', import.meta.url),
    'utf8',
  ),
) as {
  items: KubernetesObject[];
};

interface ObjList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubernetesObject[];
}

function kubeConfig(server: FakeApiServer, context?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
  if (context) kc.setCurrentContext(context);
  return kc;
}

/** A report copied from the fixture under a new name/namespace (the server assigns identity). */
function report(name: string, namespace = 'default', labels: Record<string, string> = {}): KubernetesObject {
  const base = structuredClone(fixture.items[0]) as KubernetesObject & { metadata: Record<string, unknown> };
  return {
    ...base,
    metadata: { name, namespace, labels: { ...(base.metadata.labels as object), ...labels } },
  };
}

/** Collects watch events and lets a test wait for a condition on them (no sleeps). */
class Events {
  readonly seen: Array<{ type: string; object: KubernetesObject & { code?: number; reason?: string } }> = [];
  private waiters: Array<() => void> = [];
  push = (type: string, object: unknown): void => {
    this.seen.push({ type, object: object as KubernetesObject });
    for (const w of this.waiters) w();
  };
  until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`timed out waiting for ${what}; saw ${JSON.stringify(this.seen.map((e) => e.type))}`),
          ),
        timeoutMs,
      );
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }
}

async function apiError(
  promise: Promise<unknown>,
): Promise<{ code: number; body: { reason?: string; message?: string; kind?: string } }> {
  try {
    await promise;
  } catch (e) {
    // client-node leaves the body undefined for codes its OpenAPI spec declares without one (401).
    if (e instanceof ApiException)
      return {
        code: e.code,
        body: e.body === undefined ? {} : (JSON.parse(String(e.body)) as { reason?: string }),
      };
    throw e;
  }
  throw new Error('expected the request to fail');
}

describe('fake API server through client-node', () => {
  let server: FakeApiServer;
  let api: CustomObjectsApi;

  before(async () => {
    server = await startFakeApiServer({
      objects: fixture.items,
      bookmarkIntervalMs: 50,
      users: [
        { name: 'admin', token: 'admin-token', rules: null },
        {
          name: 'dev',
          token: 'dev-token',
          rules: [
            {
              verbs: ['get', 'list', 'watch'],
              groups: [GROUP],
              resources: [PLURAL],
              namespaces: ['default'],
            },
          ],
        },
      ],
    });
    api = kubeConfig(server).makeApiClient(CustomObjectsApi);
  });
  after(() => server.close());

  it('lists the seeded reports across namespaces with a list kind and a resourceVersion', async () => {
    const list = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
    })) as ObjList;
    assert.equal(list.kind, 'VulnerabilityReportList');
    assert.equal(list.apiVersion, `${GROUP}/${VERSION}`);
    assert.match(list.metadata.resourceVersion, /^\d+$/);
    assert.deepEqual(
      list.items.map((i) => i.metadata?.name),
      ['pod-tt-reg-test', 'replicaset-nginx-deployment-559d658b74-nginx'],
    );
    // Seeding keeps the fixture's uid (owner links stay valid) but the server owns resourceVersion.
    assert.equal(list.items[0]?.metadata?.uid, 'f2bc818e-5f94-4bae-979a-479bc06dc9ca');
    assert.notEqual(list.items[0]?.metadata?.resourceVersion, '41482');
  });

  it('creates with generateName, updates with optimistic concurrency, and deletes', async () => {
    const created = (await api.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace: 'default',
      body: { ...report(''), metadata: { generateName: 'gen-', namespace: 'default' } },
    })) as KubernetesObject & { metadata: { name: string; resourceVersion: string; uid: string } };
    assert.match(created.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.match(created.metadata.uid, /^[0-9a-f-]{36}$/);

    const changed = { ...created, metadata: { ...created.metadata, labels: { touched: 'yes' } } };
    const updated = (await api.replaceNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace: 'default',
      name: created.metadata.name,
      body: changed,
    })) as { metadata: { resourceVersion: string } };
    assert.ok(Number(updated.metadata.resourceVersion) > Number(created.metadata.resourceVersion));

    // The same stale body again: 409 Conflict with the storage's message.
    const stale = await apiError(
      api.replaceNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace: 'default',
        name: created.metadata.name,
        body: changed,
      }),
    );
    assert.equal(stale.code, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal(
      stale.body.message,
      `Operation cannot be fulfilled on vulnerabilityreports.aquasecurity.github.io "${created.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
    );

    await api.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace: 'default',
      name: created.metadata.name,
    });
    const gone = await apiError(
      api.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace: 'default',
        name: created.metadata.name,
      }),
    );
    assert.equal(gone.code, 404);
    assert.equal(
      gone.body.message,
      `vulnerabilityreports.aquasecurity.github.io "${created.metadata.name}" not found`,
    );
  });

  it('refuses to create in a namespace that does not exist, and to create a name twice', async () => {
    const missing = await apiError(
      api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace: 'nowhere',
        body: report('x', 'nowhere'),
      }),
    );
    assert.equal(missing.code, 404);
    assert.equal(missing.body.message, 'namespaces "nowhere" not found');
    const dup = await apiError(
      api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace: 'default',
        body: report('pod-tt-reg-test'),
      }),
    );
    assert.equal(dup.code, 409);
    assert.equal(dup.body.reason, 'AlreadyExists');
  });

  it('filters by label and field selectors', async () => {
    // The fixture's labels: trivy-operator.resource.kind is Pod for one item, ReplicaSet for the other.
    const pods = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      labelSelector: 'trivy-operator.resource.kind=Pod',
    })) as ObjList;
    assert.deepEqual(
      pods.items.map((i) => i.metadata?.name),
      ['pod-tt-reg-test'],
    );
    const notPods = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      labelSelector: 'trivy-operator.resource.kind notin (Pod)',
    })) as ObjList;
    assert.deepEqual(
      notPods.items.map((i) => i.metadata?.name),
      ['replicaset-nginx-deployment-559d658b74-nginx'],
    );
    const byName = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      fieldSelector: 'metadata.name!=pod-tt-reg-test,metadata.namespace=default',
    })) as ObjList;
    assert.deepEqual(
      byName.items.map((i) => i.metadata?.name),
      ['replicaset-nginx-deployment-559d658b74-nginx'],
    );
    const bad = await apiError(
      api.listClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        fieldSelector: 'report.foo=1',
      }),
    );
    assert.equal(bad.code, 400);
  });

  it("pages with limit/continue at the first page's resourceVersion; an expired token answers 410", async () => {
    const first = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      limit: 1,
    })) as ObjList;
    assert.equal(first.items.length, 1);
    assert.equal(first.metadata.remainingItemCount, 1);
    const token = first.metadata.continue;
    assert.ok(token);
    // A write between pages does not show up in the second page: it is served at the first page's version.
    server.create(report('zz-added-between-pages'));
    const second = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      limit: 1,
      _continue: token,
    })) as ObjList;
    assert.deepEqual(
      second.items.map((i) => i.metadata?.name),
      ['replicaset-nginx-deployment-559d658b74-nginx'],
    );
    assert.equal(second.metadata.continue, undefined);
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);

    server.faults.compact();
    const expired = await apiError(
      api.listClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        limit: 1,
        _continue: token,
      }),
    );
    assert.equal(expired.code, 410);
    assert.equal(expired.body.reason, 'Expired');
    server.remove(`${GROUP}/${VERSION}`, 'VulnerabilityReport', 'default', 'zz-added-between-pages');
  });

  it('watches from a list resourceVersion: ADDED, MODIFIED, DELETED and BOOKMARK events', async () => {
    const list = (await api.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace: 'default',
    })) as ObjList;
    const events = new Events();
    const ended: unknown[] = [];
    const req = await new Watch(kubeConfig(server)).watch(
      `/apis/${GROUP}/${VERSION}/namespaces/default/${PLURAL}`,
      { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
      events.push,
      (err) => ended.push(err),
    );
    try {
      const created = server.create(report('watched')) as KubernetesObject & {
        metadata: Record<string, unknown>;
      };
      server.update({ ...created, metadata: { ...created.metadata, labels: { changed: 'yes' } } });
      server.remove(`${GROUP}/${VERSION}`, 'VulnerabilityReport', 'default', 'watched');
      await events.until(() => events.seen.some((e) => e.type === 'DELETED'), 5000, 'DELETED');
      const changes = events.seen.filter((e) => e.type !== 'BOOKMARK');
      assert.deepEqual(
        changes.map((e) => e.type),
        ['ADDED', 'MODIFIED', 'DELETED'],
      );
      assert.ok(changes.every((e) => e.object.metadata?.name === 'watched'));
      // The DELETED object carries the deletion's resourceVersion, newer than the MODIFIED one.
      assert.ok(
        Number(changes[2]?.object.metadata?.resourceVersion) >
          Number(changes[1]?.object.metadata?.resourceVersion),
      );
      await events.until(() => events.seen.some((e) => e.type === 'BOOKMARK'), 5000, 'BOOKMARK');
      const bookmark = events.seen.find((e) => e.type === 'BOOKMARK')?.object;
      assert.equal(bookmark?.kind, 'VulnerabilityReport');
      assert.deepEqual(Object.keys(bookmark?.metadata ?? {}), ['resourceVersion']);
    } finally {
      req.abort();
    }
  });

  it('answers a watch from a compacted resourceVersion with an ERROR event carrying 410 Expired', async () => {
    const list = (await api.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
    })) as ObjList;
    server.faults.compact();
    const events = new Events();
    let done = false;
    await new Watch(kubeConfig(server)).watch(
      APP_PATH,
      { resourceVersion: list.metadata.resourceVersion },
      events.push,
      () => {
        done = true;
        events.push('(done)', {});
      },
    );
    await events.until(() => done, 5000, 'stream end');
    const error = events.seen[0];
    assert.equal(error?.type, 'ERROR');
    assert.equal(error?.object.code, 410);
    assert.equal(error?.object.reason, 'Expired');
    assert.equal(error?.object.kind, 'Status');
  });

  it('ends a watch after timeoutSeconds', async () => {
    const events = new Events();
    let ended = false;
    const started = Date.now();
    await new Watch(kubeConfig(server)).watch(APP_PATH, { timeoutSeconds: 1 }, events.push, () => {
      ended = true;
      events.push('(done)', {});
    });
    await events.until(() => ended, 5000, 'timeout');
    assert.ok(Date.now() - started >= 900, 'closed too early');
    // No resourceVersion: the current objects first, as ADDED.
    assert.equal(events.seen.filter((e) => e.type === 'ADDED').length, 2);
  });

  it('keeps an informer in sync through dropped watches and a compaction (relist after 410)', async () => {
    const kc = kubeConfig(server);
    const informer = makeInformer(
      kc,
      APP_PATH,
      () =>
        kc
          .makeApiClient(CustomObjectsApi)
          .listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL }) as never,
    );
    const events = new Events();
    informer.on('add', (o) => events.push('add', o));
    informer.on('update', (o) => events.push('update', o));
    informer.on('delete', (o) => events.push('delete', o));
    // client-node does not restart after a broken stream; restarting is the caller's job (as KubeClusterSource must).
    let stopped = false;
    informer.on('error', () => {
      if (!stopped) void informer.start();
    });
    await informer.start();
    try {
      await events.until(() => informer.list().length === 2, 5000, 'initial list');
      server.create(report('informed'));
      await events.until(() => informer.get('informed', 'default') !== undefined, 5000, 'informed added');

      // Drop the stream and forget history, then change things while the informer is away:
      // its next watch gets 410, it relists, and its cache matches the server again.
      const requestsBefore = server.requests.length;
      server.faults.compact();
      server.faults.dropWatches();
      server.remove(`${GROUP}/${VERSION}`, 'VulnerabilityReport', 'default', 'informed');
      server.create(report('after-relist'));
      await events.until(
        () =>
          informer.get('informed', 'default') === undefined &&
          informer.get('after-relist', 'default') !== undefined,
        5000,
        'relist',
      );
      const later = server.requests.slice(requestsBefore);
      assert.ok(
        later.some((r) => r.path === APP_PATH && !r.query.includes('watch')),
        'the informer listed again',
      );
    } finally {
      stopped = true;
      await informer.stop();
      server.remove(`${GROUP}/${VERSION}`, 'VulnerabilityReport', 'default', 'after-relist');
    }
  });

  it('enforces RBAC with the real Forbidden message; namespace-bound users list their namespace only', async () => {
    const dev = kubeConfig(server, 'dev').makeApiClient(CustomObjectsApi);
    const clusterWide = await apiError(
      dev.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL }),
    );
    assert.equal(clusterWide.code, 403);
    assert.equal(
      clusterWide.body.message,
      'vulnerabilityreports.aquasecurity.github.io is forbidden: User "dev" cannot list resource "vulnerabilityreports" in API group "aquasecurity.github.io" at the cluster scope',
    );
    const inDefault = (await dev.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace: 'default',
    })) as ObjList;
    assert.equal(inDefault.items.length, 2);
    const deleting = await apiError(
      dev.deleteNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
        namespace: 'default',
        name: 'pod-tt-reg-test',
      }),
    );
    assert.equal(
      deleting.body.message,
      'vulnerabilityreports.aquasecurity.github.io "pod-tt-reg-test" is forbidden: User "dev" cannot delete resource "vulnerabilityreports" in API group "aquasecurity.github.io" in the namespace "default"',
    );
    const namespaces = await apiError(kubeConfig(server, 'dev').makeApiClient(CoreV1Api).listNamespace());
    assert.equal(namespaces.code, 403);

    server.faults.forbid(GROUP, PLURAL, 'default');
    assert.equal(
      (
        await apiError(
          api.listNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            plural: PLURAL,
            namespace: 'default',
          }),
        )
      ).code,
      403,
    );
    server.faults.allow(GROUP, PLURAL, 'default');
    await api.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace: 'default',
    });
  });

  it('writes kubeconfigs that verify TLS against the CA, one context per user', async () => {
    const text = readFileSync(server.kubeconfigPath, 'utf8');
    assert.doesNotMatch(text, /insecure-skip-tls-verify/);
    const kc = kubeConfig(server);
    assert.deepEqual(
      kc.getContexts().map((c) => c.name),
      ['admin', 'dev'],
    );
    assert.equal(kc.getCurrentContext(), 'admin');
    assert.equal(Buffer.from(kc.getCurrentCluster()?.caData ?? '', 'base64').toString(), server.caPem);
    assert.notEqual(kc.getCurrentCluster()?.skipTLSVerify, true);

    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    const path = join(dir, 'config');
    server.writeKubeconfig(path, { currentContext: 'dev' });
    const dev = new KubeConfig();
    dev.loadFromFile(path);
    rmSync(dir, { recursive: true });
    assert.equal(dev.getCurrentUser()?.name, 'dev');
    const denied = await apiError(
      dev
        .makeApiClient(CustomObjectsApi)
        .listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL }),
    );
    assert.equal(denied.code, 403);
  });

  it('answers an unknown token with 401 Unauthorized', async () => {
    const kc = kubeConfig(server);
    const user = kc.getCurrentUser();
    assert.ok(user);
    (user as { token?: string }).token = 'wrong';
    const denied = await apiError(
      kc
        .makeApiClient(CustomObjectsApi)
        .listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL }),
    );
    assert.equal(denied.code, 401);
    assert.equal(server.requests.at(-1)?.user, '');
    // client-node drops the 401 body; read it raw: the real server's Status.
    const raw = (await fetchJson(server, APP_PATH, 'wrong')) as {
      reason?: string;
      code?: number;
      kind?: string;
    };
    assert.deepEqual([raw.kind, raw.reason, raw.code], ['Status', 'Unauthorized', 401]);
  });

  it('removes a CRD: its resource answers 404 and leaves discovery, open watches end', async () => {
    const local = await startFakeApiServer({ objects: fixture.items });
    try {
      const kc = kubeConfig(local);
      const events = new Events();
      let ended = false;
      await new Watch(kc).watch(APP_PATH, {}, events.push, () => {
        ended = true;
        events.push('(done)', {});
      });
      await events.until(
        () => events.seen.filter((e) => e.type === 'ADDED').length === 2,
        5000,
        'initial events',
      );
      local.faults.removeCrd(PLURAL, GROUP);
      await events.until(() => ended, 5000, 'watch end');
      const missing = await apiError(
        kc
          .makeApiClient(CustomObjectsApi)
          .listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL }),
      );
      assert.equal(missing.code, 404);
      const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
      // 16 of the 17 fixture CRDs remain; aquasecurity.github.io still serves the other 11 kinds.
      assert.ok(groups.groups.some((g) => g.name === GROUP));
      const resources = (await fetchJson(local, `/apis/${GROUP}/${VERSION}`)) as {
        resources: Array<{ name: string }>;
      };
      assert.ok(!resources.resources.some((r) => r.name === PLURAL));
      assert.equal(resources.resources.filter((r) => !r.name.includes('/')).length, 12);
    } finally {
      await local.close();
    }
  });

  it('refuses connections while "down" and delays responses on request', async () => {
    server.faults.refuse(true);
    await assert.rejects(api.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL }));
    server.faults.refuse(false);
    await api.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL });
    server.faults.delayMs(300);
    const started = Date.now();
    await api.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL });
    assert.ok(Date.now() - started >= 290);
    server.faults.delayMs(0);
  });
});

/** A raw GET with the kubeconfig's credentials, for discovery documents client-node has no call for. */
async function fetchJson(server: FakeApiServer, path: string, token?: string): Promise<unknown> {
  const kc = kubeConfig(server);
  if (token) (kc.getCurrentUser() as { token?: string }).token = token;
  const opts: RequestOptions = { method: 'GET' };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end();
  });
}
