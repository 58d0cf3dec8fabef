// LensClusterSource over the API double's KubeJsonApi, through a cluster frame's proxy, against the
// fake API server: the real list/watch protocol, paging, 410, 403, 404, owners, deletes. Fault tests
// count the requests the server received: a fault must never become a request storm.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Renderer } from '@k8slens/extensions';
import { reportKindByName } from '../../../shared/src/model/reportKinds.js';
import { builtinWorkloadKind } from '../../../shared/src/model/workloadKinds.js';
import type { KindStatus, KubeObject } from '../../../shared/src/ports/clusterSource.js';
import {
  startFakeApiServer,
  type FakeApiServer,
  type FaultStatus,
  type LoggedRequest,
} from '../../../test/doubles/fakeApiServer/index.js';
import {
  copyOf,
  EventLog,
  FAST,
  mostTriesWithin,
  realVulnerabilityReports,
  yamlFixture,
} from '../../../test/kubeClusterSourceHelpers.js';
import { LensClusterSource, type LensClusterSourceOptions } from '../src/cluster/lensClusterSource.js';
import type { LensJsonApi } from '../src/cluster/lensKubeRequests.js';
import { startClusterFrameProxy, type ClusterFrameProxy } from './clusterFrameProxy.js';
import { lensDouble } from './lensExtensionsDouble.js';

const VULN = reportKindByName('VulnerabilityReport')!;
const AUDIT = reportKindByName('ConfigAuditReport')!;
const AQUA = 'aquasecurity.github.io';
const VULNS = `/apis/${AQUA}/v1alpha1/vulnerabilityreports`;
const TOKEN = 'lens-frame-token';
const [POD_TT_REG] = realVulnerabilityReports() as [KubeObject, KubeObject];
const INTERNAL: FaultStatus = {
  code: 500,
  reason: 'InternalError',
  message: 'Internal error occurred: etcdserver: request timed out',
};

/** The frame's KubeJsonApi, as the renderer gets it. */
const frameApi = () => Renderer.K8sApi.KubeJsonApi.forCluster('c1') as unknown as LensJsonApi;

const isList = (r: LoggedRequest) => !r.query.includes('watch=true');
const isWatch = (r: LoggedRequest) => r.query.includes('watch=true');
const statusEvent = (state: KindStatus['state']) => (e: { type: string; status?: KindStatus }) =>
  e.type === 'status' && e.status?.state === state;

function during(server: FakeApiServer, path: string, from: number, ms = Infinity): LoggedRequest[] {
  return server.requests.filter((r) => r.path === path && r.at >= from && r.at < from + ms);
}

/** The end of a time window a request count covers: the one wait here that is for time, not a condition. */
function windowEnd(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LensClusterSource through the cluster frame proxy', () => {
  let server: FakeApiServer;
  let proxy: ClusterFrameProxy;
  const source = (options: Partial<LensClusterSourceOptions> = {}) =>
    new LensClusterSource(frameApi(), { name: 'kind-dev', ...FAST, ...options });

  before(async () => {
    server = await startFakeApiServer({
      users: [{ name: 'lens-user', token: TOKEN, rules: null }],
      objects: [
        ...realVulnerabilityReports(),
        ...yamlFixture('configauditreport_replicaset-nginx_docs.yaml'),
      ],
      bookmarkIntervalMs: 100,
    });
    proxy = await startClusterFrameProxy({ url: server.url, caPem: server.caPem, token: TOKEN });
    lensDouble.openClusterFrame({ id: 'c1', name: 'kind-dev' }, proxy.url);
  });
  after(async () => {
    lensDouble.closeClusterFrame();
    await proxy.close();
    await server.close();
  });

  it('discovers the report kinds the cluster serves, as the frame’s user', async () => {
    const s = source();
    const kinds = await s.discover();
    assert.equal(kinds.get(VULN), 'v1alpha1');
    assert.equal(kinds.get(AUDIT), 'v1alpha1');
    assert.ok(
      server.requests.every((r) => r.user === 'lens-user'),
      'every request carried the frame’s credentials',
    );
    s.dispose();
  });

  it('lists page by page, then delivers changes as they happen', async () => {
    const s = source({ pageLimit: 1 });
    const log = new EventLog();
    const synced = log.next((e) => e.type === 'synced', 'synced');
    const w = s.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      await synced;
      assert.deepEqual(
        log.events
          .filter((e) => e.type === 'page' || e.type === 'synced')
          .map((e) => `${e.type} ${'first' in e && e.first}`),
        ['page true', 'synced false'],
      );
      const names = log.events.flatMap((e) =>
        e.type === 'page' || e.type === 'synced' ? e.objects.map((o) => o.metadata.name) : [],
      );
      assert.equal(names.length, 2);
      assert.deepEqual(log.statuses(), ['ok']);
      const added = log.next((e) => e.type === 'added' && e.object.metadata.name === 'fresh', 'added');
      server.create(copyOf(POD_TT_REG, 'fresh'));
      const event = await added;
      assert.equal(event.type === 'added' && event.object.kind, 'VulnerabilityReport');
      const deleted = log.next((e) => e.type === 'deleted' && e.object.metadata.name === 'fresh', 'deleted');
      server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'fresh');
      await deleted;
    } finally {
      w.dispose();
      s.dispose();
    }
  });

  it('relists after the server compacted its history (410), as a fresh first page run', async () => {
    const s = source();
    const log = new EventLog();
    const synced = log.next((e) => e.type === 'synced', 'synced');
    const w = s.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      await synced;
      // The watch is open: compaction expires what it holds; the next watch from it gets 410.
      await until(() => during(server, VULNS, 0).some((r) => isWatch(r) && r.status === 0), 'the watch');
      const relisted = log.next((e) => e.type === 'synced', 'the relist');
      const start = Date.now();
      server.faults.compact(AQUA, 'vulnerabilityreports');
      server.faults.dropWatches();
      const again = await relisted;
      assert.ok(again.type === 'synced' && again.first && again.objects.length === 2);
      await windowEnd(start + 1000);
      assert.ok(during(server, VULNS, start, 1000).filter(isList).length <= 2, 'one relist, not a loop');
      // The cut stream may cost a reconnect through the proxy (said as unreachable); the 410 itself
      // is no outage: the relist ends ok.
      assert.equal(log.statuses().at(-1), 'ok');
    } finally {
      w.dispose();
      s.dispose();
    }
  });

  it('says forbidden with the server’s message, backs off, and recovers when allowed', async () => {
    server.faults.forbid(AQUA, 'vulnerabilityreports');
    const s = source();
    const log = new EventLog();
    const forbidden = log.next(statusEvent('forbidden'), 'forbidden');
    const w = s.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      const event = await forbidden;
      assert.match(
        event.type === 'status' && 'message' in event.status ? event.status.message : '',
        /cannot list resource "vulnerabilityreports"/,
      );
      // Counted from the status on, over a window, against what the backoff allows in it: FAST
      // (10–20 ms doubling to 100–200 ms) allows 23 in 2 s, which jitter alone comes near; a loop
      // retrying without its backoff would send hundreds. The production backoff is the same loop
      // with larger numbers (the not-installed test below).
      const start = Date.now();
      await windowEnd(start + 2000);
      const lists = during(server, VULNS, start, 2000).length;
      const most = mostTriesWithin(2000, FAST.backoff);
      assert.ok(lists >= 2 && lists <= most, `${lists} requests in 2 s (at most ${most})`);
      assert.deepEqual(log.statuses(), ['forbidden'], 'said once');
      const ok = log.next(statusEvent('ok'), 'ok');
      server.faults.allow(AQUA, 'vulnerabilityreports');
      await ok;
      assert.ok(log.events.some((e) => e.type === 'synced'));
    } finally {
      server.faults.allow(AQUA, 'vulnerabilityreports');
      w.dispose();
      s.dispose();
    }
  });

  it('says not-installed once for a kind without its CRD, with no console noise and no storm', async () => {
    const noise: unknown[] = [];
    const { error, warn } = console;
    console.error = (...a: unknown[]) => void noise.push(a);
    console.warn = (...a: unknown[]) => void noise.push(a);
    const s = new LensClusterSource(frameApi(), { name: 'kind-dev' });
    const log = new EventLog();
    // A version the cluster does not serve answers 404, as a kind without its CRD does.
    const path = `/apis/${AQUA}/v1alpha9/vulnerabilityreports`;
    const start = Date.now();
    const w = s.watch(VULN, 'v1alpha9', undefined, log.listener);
    try {
      await log.next(statusEvent('not-installed'), 'not-installed');
      await windowEnd(start + 2000);
      // Production backoff: a try at 0 s, then after 0.25–0.5 s and 0.5–1 s (and maybe 1–2 s).
      const tries = during(server, path, start, 2000).length;
      assert.ok(tries >= 2 && tries <= 4, `${tries} requests in 2 s`);
      assert.deepEqual(log.statuses(), ['not-installed'], 'said once');
      assert.deepEqual(noise, []);
    } finally {
      console.error = error;
      console.warn = warn;
      w.dispose();
      s.dispose();
    }
  });

  it('backs off from watches that end with a 500 ERROR event, keeping what it listed', async () => {
    server.faults.failWatches({ status: INTERNAL, group: AQUA, resource: 'vulnerabilityreports' });
    const s = new LensClusterSource(frameApi(), { name: 'kind-dev' });
    const log = new EventLog();
    const unreachable = log.next(statusEvent('unreachable'), 'unreachable', 3000);
    const start = Date.now();
    const w = s.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      const event = await unreachable;
      assert.match(
        event.type === 'status' && 'message' in event.status ? event.status.message : '',
        /etcdserver: request timed out/,
      );
      await windowEnd(start + 2000);
      const requests = during(server, VULNS, start, 2000);
      assert.equal(requests.filter(isList).length, 1, 'no relist for a failing watch');
      const watches = requests.filter(isWatch).length;
      assert.ok(watches >= 2 && watches <= 4, `${watches} watches in 2 s`);
    } finally {
      server.faults.failWatches(undefined);
      w.dispose();
      s.dispose();
    }
  });

  it('stops its watch at the server on dispose, and sends no event after', async () => {
    const s = source();
    const log = new EventLog();
    const synced = log.next((e) => e.type === 'synced', 'synced');
    const start = Date.now();
    const w = s.watch(VULN, 'v1alpha1', undefined, log.listener);
    await synced;
    const open = () => during(server, VULNS, start).filter((r) => isWatch(r) && r.status === 0);
    await until(() => open().length === 1, 'the watch open');
    w.dispose();
    s.dispose();
    const seen = log.events.length;
    server.create(copyOf(POD_TT_REG, 'after-dispose'));
    await until(() => open().length === 0, 'the watch closed at the server');
    assert.equal(log.events.length, seen);
    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-dispose');
  });

  it('deletes a report, and says the server’s message when it may not', async () => {
    const s = source();
    server.create(copyOf(POD_TT_REG, 'to-delete'));
    await s.deleteReport(VULN, 'v1alpha1', 'default', 'to-delete');
    assert.equal(server.get(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'to-delete'), undefined);
    await s.deleteReport(VULN, 'v1alpha1', 'default', 'to-delete'); // gone already: done
    server.create(copyOf(POD_TT_REG, 'kept'));
    server.faults.forbid(AQUA, 'vulnerabilityreports');
    try {
      await assert.rejects(
        s.deleteReport(VULN, 'v1alpha1', 'default', 'kept'),
        /cannot delete VulnerabilityReport default\/kept: .*forbidden/,
      );
    } finally {
      server.faults.allow(AQUA, 'vulnerabilityreports');
      server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'kept');
      s.dispose();
    }
  });

  it('watches a workload kind’s metadata only, and falls back to whole objects when refused (406)', async () => {
    server.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'api', image: 'api:1' }] } } },
    });
    for (const mode of ['served', 'refused'] as const) {
      server.faults.metadata(mode);
      const s = source();
      const log = new EventLog();
      const synced = log.next((e) => e.type === 'synced', `synced (${mode})`);
      const w = s.watchWorkloads(builtinWorkloadKind('apps/v1', 'Deployment')!, 'shop', log.listener);
      try {
        const event = await synced;
        const api =
          event.type === 'synced' ? event.objects.find((o) => o.metadata.name === 'api') : undefined;
        assert.deepEqual(Object.keys(api ?? {}).sort(), ['apiVersion', 'kind', 'metadata'], mode);
        assert.equal(api?.kind, 'Deployment');
        assert.equal(api?.metadata.labels?.app, 'api');
        assert.deepEqual(log.statuses(), ['ok'], mode);
      } finally {
        server.faults.metadata('served');
        w.dispose();
        s.dispose();
      }
    }
  });

  it('reads owner references and namespaces', async () => {
    const s = source();
    server.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d4f8',
        namespace: 'shop',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u1', controller: true },
        ],
      },
    });
    const owners = await s.ownerReferences({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: 'web-5d4f8',
    });
    assert.deepEqual(
      owners?.map((o) => `${o.kind}/${o.name}`),
      ['Deployment/web'],
    );
    assert.equal(
      await s.ownerReferences({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'shop', name: 'gone' }),
      undefined,
    );
    assert.ok((await s.namespaces())?.includes('shop'));
    assert.equal(await s.namespaceExists('shop'), true);
    assert.equal(await s.namespaceExists('nowhere'), false);
    s.dispose();
  });

  it('sends nothing once disposed: an owner walk or a fallback that was under way asks no more', async () => {
    const s = source();
    s.dispose();
    const from = server.requests.length;
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'shop', name: 'web-5d4f8' };
    assert.equal(await s.ownerReferences(rs), undefined);
    assert.equal(await s.ownerReferences({ ...rs, apiVersion: 'example.com/v1', kind: 'Widget' }), undefined);
    assert.equal(await s.namespaces(), undefined);
    assert.equal(await s.namespaceExists('shop'), undefined);
    await assert.rejects(s.discover(), /disposed/);
    assert.deepEqual(
      server.requests.slice(from).map((r) => r.path),
      [],
    );
  });
});
