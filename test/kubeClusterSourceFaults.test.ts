// KubeClusterSource and ClusterSession against the faults a real API server produces (the fake's
// fault switches, see test/doubles/fakeApiServer/README.md): error events, throttling with
// Retry-After, credentials rejected mid-session, per-resource compaction, servers that ignore
// metadata-only Accept headers. Every test counts the requests the fault caused: a fault must
// never become a request storm.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ClusterSession } from '../shared/src/cluster/clusterSession.js';
import { reportKindByName } from '../shared/src/model/reportKinds.js';
import { loadKubeConfig } from '../shared/src/node/kubeConfigLoader.js';
import { KubeClusterSource, type KubeClusterSourceOptions } from '../shared/src/node/kubeClusterSource.js';
import { kubeSession } from '../shared/src/node/kubeSessions.js';
import type { KindStatus, KubeObject } from '../shared/src/ports/clusterSource.js';
import { generateReports } from './doubles/fakeApiServer/generateReports.js';
import {
  startFakeApiServer,
  type FakeApiServer,
  type FaultStatus,
  type LoggedRequest,
} from './doubles/fakeApiServer/index.js';
import {
  copyOf,
  EventLog,
  FAST,
  realVulnerabilityReports,
  storeReaches,
  yamlFixture,
} from './kubeClusterSourceHelpers.js';

const VULN = reportKindByName('VulnerabilityReport')!;
const CONFIG = reportKindByName('ConfigAuditReport')!;
const AQUA = 'aquasecurity.github.io';
const VULNS = `/apis/${AQUA}/v1alpha1/vulnerabilityreports`;
const AUDITS = `/apis/${AQUA}/v1alpha1/configauditreports`;
const [POD_TT_REG] = realVulnerabilityReports() as [KubeObject, KubeObject];

// apiserver's texts for these faults: `errors.NewInternalError` around an etcd error, the
// apiextensions cacher while a CRD's storage starts, an aggregated API that is down, the
// max-in-flight filter (`http.Error` text), the watch cache for a resourceVersion it never had.
const INTERNAL: FaultStatus = {
  code: 500,
  reason: 'InternalError',
  message: 'Internal error occurred: etcdserver: request timed out',
};
const INITIALIZING: FaultStatus = {
  code: 429,
  reason: 'TooManyRequests',
  message: 'storage is (re)initializing',
  retryAfterSeconds: 1,
};
const UNAVAILABLE: FaultStatus = {
  code: 503,
  reason: 'ServiceUnavailable',
  message: 'the server is currently unable to handle the request',
};
const EXPIRED: FaultStatus = { code: 410, reason: 'Expired', message: 'too old resource version: 101 (230)' };
const TOO_LARGE: FaultStatus = {
  code: 504,
  reason: 'Timeout',
  message: 'Too large resource version: 900, current: 230',
  causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
};

/** A source with the production backoff (0.5 s doubling to 30 s) unless told otherwise. */
function sourceFor(server: FakeApiServer, options: KubeClusterSourceOptions = {}): KubeClusterSource {
  return new KubeClusterSource(
    loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: {} }).config,
    options,
  );
}

const isList = (r: LoggedRequest) => !r.query.includes('watch=true');
const isWatch = (r: LoggedRequest) => r.query.includes('watch=true');

/** Requests for `path` that arrived in [from, from + ms). */
function during(server: FakeApiServer, path: string, from: number, ms = Infinity): LoggedRequest[] {
  return server.requests.filter((r) => r.path === path && r.at >= from && r.at < from + ms);
}

/**
 * Resolves at `at`: the end of the time window a request count covers. Counting requests in a
 * window is the one thing here that waits for time rather than a condition.
 */
function windowEnd(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

const statusEvent = (state: KindStatus['state']) => (e: { type: string; status?: KindStatus }) =>
  e.type === 'status' && e.status?.state === state;

describe('KubeClusterSource under server faults', () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({
      objects: [
        ...realVulnerabilityReports(),
        ...yamlFixture('configauditreport_replicaset-nginx_docs.yaml'),
      ],
      bookmarkIntervalMs: 100,
    });
  });
  after(() => server.close());

  it('backs off from watches that end with a 500 ERROR event, shows the server message, and recovers', async () => {
    server.faults.failWatches({ status: INTERNAL, group: AQUA, resource: 'vulnerabilityreports' });
    const source = sourceFor(server);
    const log = new EventLog();
    const unreachable = log.next(statusEvent('unreachable'), 'unreachable', 3000);
    const start = Date.now();
    const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      const event = await unreachable;
      assert.equal(
        event.type === 'status' && 'message' in event.status ? event.status.message : '',
        'vulnerabilityreports.aquasecurity.github.io/v1alpha1: 500 InternalError: Internal error occurred: etcdserver: request timed out',
      );
      await windowEnd(start + 2000);
      const requests = during(server, VULNS, start, 2000);
      // One list, then a watch at 0 s and after each backoff (0.25–0.5 s, 0.5–1 s, 1–2 s).
      assert.equal(requests.filter(isList).length, 1, 'no relist for a failing watch');
      const watches = requests.filter(isWatch).length;
      assert.ok(watches >= 2 && watches <= 4, `${watches} watches in 2 s`);
      assert.equal(log.events.filter((e) => e.type === 'synced').length, 1);

      const ok = log.next(statusEvent('ok'), 'ok again', 10_000);
      server.faults.failWatches(undefined);
      await ok;
      const added = log.next(
        (e) => e.type === 'added' && e.object.metadata.name === 'after-500',
        'the change',
      );
      server.create(copyOf(POD_TT_REG, 'after-500'));
      await added;
      assert.equal(log.events.filter((e) => e.type === 'synced').length, 1, 'resumed, not relisted');
    } finally {
      server.faults.failWatches(undefined);
      w.dispose();
      source.dispose();
      if (server.get(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-500'))
        server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-500');
    }
  });

  it('waits out a 429 with Retry-After before asking again, without reporting an outage', async () => {
    server.faults.failRequests({
      status: INITIALIZING,
      verbs: ['list'],
      resource: 'vulnerabilityreports',
      times: 2,
    });
    const source = sourceFor(server, FAST);
    const log = new EventLog();
    const ok = log.next(statusEvent('ok'), 'ok', 6000);
    const start = Date.now();
    const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      await ok;
      const lists = during(server, VULNS, start).filter(isList);
      assert.deepEqual(
        lists.map((r) => r.status),
        [429, 429, 200],
      );
      for (let i = 1; i < lists.length; i++)
        assert.ok(
          lists[i]!.at - lists[i - 1]!.at >= 950,
          `asked again after ${lists[i]!.at - lists[i - 1]!.at} ms`,
        );
      assert.deepEqual(log.statuses(), ['ok'], 'no outage shown for a throttle waited out');
      assert.equal(log.events.filter((e) => e.type === 'synced').length, 1);
    } finally {
      server.faults.failRequests(undefined);
      w.dispose();
      source.dispose();
    }
  });

  it('shows a throttle with a long Retry-After, with the server text, and does not ask again before it', async () => {
    server.faults.failRequests({
      status: {
        code: 429,
        reason: 'TooManyRequests',
        message: 'Too many requests, please try again later.',
        retryAfterSeconds: 30,
      },
      plainText: true,
      resource: 'vulnerabilityreports',
    });
    // Fast backoff: only Retry-After keeps the source from asking again within the window.
    const source = sourceFor(server, FAST);
    const log = new EventLog();
    const unreachable = log.next(statusEvent('unreachable'), 'unreachable');
    const start = Date.now();
    const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      const event = await unreachable;
      assert.match(
        event.type === 'status' && 'message' in event.status ? event.status.message : '',
        /429 TooManyRequests: Too many requests, please try again later\.$/,
      );
      await windowEnd(start + 2000);
      assert.equal(during(server, VULNS, start, 2000).length, 1);
    } finally {
      server.faults.failRequests(undefined);
      w.dispose();
      source.dispose();
    }
  });

  it('backs off from a watch refused with 503, showing the server message', async () => {
    server.faults.failRequests({ status: UNAVAILABLE, verbs: ['watch'], resource: 'vulnerabilityreports' });
    const source = sourceFor(server);
    const log = new EventLog();
    const unreachable = log.next(statusEvent('unreachable'), 'unreachable', 3000);
    const start = Date.now();
    const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
    try {
      const event = await unreachable;
      assert.match(
        event.type === 'status' && 'message' in event.status ? event.status.message : '',
        /503 ServiceUnavailable: the server is currently unable to handle the request$/,
      );
      await windowEnd(start + 2000);
      const watches = during(server, VULNS, start, 2000).filter(isWatch).length;
      assert.ok(watches >= 2 && watches <= 4, `${watches} watches in 2 s`);
    } finally {
      server.faults.failRequests(undefined);
      w.dispose();
      source.dispose();
    }
  });

  // As an ERROR event in the stream (the watch cache's way), or as the answer to the watch request.
  for (const [what, status, how] of [
    ['410 Expired', EXPIRED, 'event'],
    ['504 too large resource version', TOO_LARGE, 'event'],
    ['410 Expired', EXPIRED, 'answer'],
  ] as const) {
    it(`relists when every watch is refused with ${what} (${how}), backing off between lists`, async () => {
      if (how === 'event')
        server.faults.failWatches({ status, group: AQUA, resource: 'vulnerabilityreports' });
      else
        server.faults.failRequests({
          status,
          verbs: ['watch'],
          group: AQUA,
          resource: 'vulnerabilityreports',
        });
      const source = sourceFor(server);
      const log = new EventLog();
      const relisted = log.next(
        (e) => e.type === 'synced' && log.events.filter((x) => x.type === 'synced').length === 2,
        'a relist',
        3000,
      );
      const start = Date.now();
      const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
      try {
        await relisted;
        await windowEnd(start + 2000);
        // A list at 0 s, then one after each backoff (0.25–0.5 s, 0.5–1 s, 1–2 s).
        const lists = during(server, VULNS, start, 2000).filter(isList).length;
        assert.ok(lists >= 2 && lists <= 4, `${lists} lists in 2 s`);
        // Each relist is a whole new list (first page, both reports) that replaces the set.
        const runs = log.events.filter((e) => e.type === 'synced');
        assert.ok(runs.length >= 2);
        assert.deepEqual(
          runs.map((e) => (e.type === 'synced' ? `${e.first} ${e.objects.length}` : '')),
          runs.map(() => 'true 2'),
        );
        assert.deepEqual(log.statuses(), ['ok'], 'a relist is not an outage');
      } finally {
        server.faults.failWatches(undefined);
        server.faults.failRequests(undefined);
        w.dispose();
        source.dispose();
      }
    });
  }

  it('relists only the kind whose history was compacted; the others resume their watches', async () => {
    const session = kubeSession(loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: {} }), {
      source: FAST,
      batchMs: 5,
      kinds: [VULN, CONFIG],
    });
    try {
      await session.start();
      await session.whenSettled();
      const start = Date.now();
      server.faults.compact(AQUA, 'vulnerabilityreports');
      server.faults.dropWatches();
      await waitFor(
        () => during(server, VULNS, start).filter(isList).length === 1,
        'the relist of VulnerabilityReports',
      );
      await waitFor(() => during(server, AUDITS, start).some(isWatch), 'the ConfigAuditReport watch resumed');
      server.create(copyOf(POD_TT_REG, 'after-compaction'));
      await storeReaches(
        session.store,
        () => session.store.reports('VulnerabilityReport').length === 3,
        'the new report',
      );
      assert.equal(during(server, AUDITS, start).filter(isList).length, 0, 'no relist of ConfigAuditReports');
      const resumed = during(server, AUDITS, start).find(isWatch)!;
      assert.match(resumed.query, /resourceVersion=\d+/);
      assert.equal(session.store.reports('ConfigAuditReport').length, 1);
    } finally {
      session.dispose();
      server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-compaction');
    }
  });
});

describe('owner listings where a server does not serve PartialObjectMetadata', () => {
  // 10 generated workloads: Deployment → ReplicaSet (ownerReferences by uid) → VulnerabilityReport.
  const generated = generateReports(10, 3);
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({
      objects: [
        ...generated.namespaces,
        ...generated.deployments,
        ...generated.replicaSets,
        ...generated.vulnerabilityReports,
      ],
    });
  });
  after(() => server.close());

  // Owners are read ReplicaSets first, then their Deployments: after the first refusal, plain JSON.
  for (const [mode, answers] of [
    ['served', ['/apis/apps/v1/replicasets 200', '/apis/apps/v1/deployments 200']],
    ['ignored', ['/apis/apps/v1/replicasets 200', '/apis/apps/v1/deployments 200']],
    [
      'refused',
      ['/apis/apps/v1/replicasets 406', '/apis/apps/v1/replicasets 200', '/apis/apps/v1/deployments 200'],
    ],
  ] as const) {
    it(`reads owners when metadata-only Accept headers are ${mode}`, async () => {
      server.faults.metadata(mode);
      const start = Date.now();
      const session = kubeSession(loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: {} }), {
        source: FAST,
        batchMs: 5,
        kinds: [VULN],
      });
      try {
        await session.start();
        await session.whenSettled();
        const workloads = session.store.workloads();
        assert.equal(workloads.length, 10);
        assert.deepEqual(
          [...new Set(workloads.map((w) => `${w.workload.kind}${w.workload.inferred ? ' (inferred)' : ''}`))],
          ['Deployment'],
        );
        // One listing per owner kind (asked again in plain JSON once it was refused), no GET per object.
        const apps = server.requests.filter((r) => r.at >= start && r.path.startsWith('/apis/apps/v1/'));
        assert.deepEqual(
          apps.map((r) => `${r.path} ${r.status}`),
          answers,
        );
      } finally {
        session.dispose();
        server.faults.metadata('served');
      }
    });
  }
});

describe('credentials the server rejects', () => {
  let server: FakeApiServer;
  let dir: string;
  let runs: string;
  let kubeconfig: string;
  before(async () => {
    server = await startFakeApiServer({
      objects: realVulnerabilityReports(),
      users: [{ name: 'dev', token: 'token-1', rules: null }],
      bookmarkIntervalMs: 100,
    });
    dir = mkdtempSync(join(tmpdir(), 'exec-plugin-'));
    // An exec credential plugin (client.authentication.k8s.io/v1, as `aws eks get-token` or
    // `kubelogin` print) that issues token-N on its N-th run, valid for an hour, and logs each run.
    runs = join(dir, 'runs');
    const plugin = join(dir, 'plugin.mjs');
    writeFileSync(
      plugin,
      `import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(process.argv[2], 'run\\n');
const n = readFileSync(process.argv[2], 'utf8').split('\\n').length - 1;
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'token-' + n, expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() } }));`,
    );
    const config = parse(readFileSync(server.kubeconfigPath, 'utf8')) as { users: Array<{ user: unknown }> };
    config.users[0]!.user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [plugin, runs],
        interactiveMode: 'Never',
      },
    };
    kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, stringify(config), { mode: 0o600 });
  });
  after(() => server.close());

  const pluginRuns = () => {
    try {
      return readFileSync(runs, 'utf8').split('\n').length - 1;
    } catch {
      return 0;
    }
  };
  const restart = () => {
    writeFileSync(runs, '');
    server.faults.setToken('dev', 'token-1');
  };

  /** Every status any scope of the session took, in order. */
  function statusesSeen(session: ClusterSession): string[] {
    const seen: string[] = [];
    session.store.onDidChange(() => {
      for (const s of session.store.kindStatuses())
        if (seen.at(-1) !== s.status.state) seen.push(s.status.state);
    });
    return seen;
  }

  it('runs the exec plugin once for many watches, and once more when the token is rejected mid-session', async () => {
    restart();
    const session = kubeSession(loadKubeConfig({ kubeconfig, env: {} }), { source: FAST, batchMs: 5 });
    try {
      await session.start();
      await session.whenSettled();
      assert.equal(session.store.kindStatuses().length, 17);
      assert.equal(pluginRuns(), 1, 'discovery and 17 watches started together, one plugin run');
      const seen = statusesSeen(session);
      // The token expires early (revoked, or the plugin gave no expiry): the server says 401.
      const start = Date.now();
      server.faults.setToken('dev', 'token-2');
      server.faults.dropWatches();
      server.create(copyOf(POD_TT_REG, 'after-rotation'));
      await storeReaches(session.store, () => session.store.size === 3, 'the change after the rotation');
      await waitFor(() => session.store.kindStatuses().every((s) => s.status.state === 'ok'), 'all ok');
      assert.equal(pluginRuns(), 2, 'one more run for the rejected token');
      const rejected = server.requests.filter((r) => r.at >= start && r.status === 401).length;
      assert.ok(rejected >= 1 && rejected <= 17, `${rejected} requests rejected: at most one per watch`);
      assert.ok(!seen.includes('unauthorized'), `statuses seen: ${seen.join(', ')}`);
    } finally {
      session.dispose();
      server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-rotation');
    }
  });

  it('shows unauthorized with the server message when fresh credentials are rejected too, without a storm', async () => {
    restart();
    const session = kubeSession(loadKubeConfig({ kubeconfig, env: {} }), { batchMs: 5, kinds: [VULN] });
    try {
      await session.start();
      await session.whenSettled();
      const start = Date.now();
      server.faults.setToken('dev', 'never-issued');
      server.faults.dropWatches();
      await waitFor(() => session.store.kindStatuses()[0]?.status.state === 'unauthorized', 'unauthorized');
      assert.deepEqual(session.store.kindStatuses()[0]?.status, {
        state: 'unauthorized',
        message: 'Unauthorized',
      });
      assert.equal(session.store.size, 2, 'what was read stays');
      // Rejected, then retried with the fresh token: waited for as a condition, since a loaded
      // machine may take longer than the window below to get there.
      await waitFor(() => during(server, VULNS, start).length >= 2, 'the retry with fresh credentials');
      await windowEnd(start + 2000);
      // The first run, and one for the rejected token; then renewals wait (10 s apart at least).
      assert.equal(pluginRuns(), 2);
      // Then one watch after each backoff: the storm this guards against is dozens per second.
      const requests = during(server, VULNS, start, 2000).length;
      assert.ok(requests <= 5, `${requests} requests in 2 s`);
    } finally {
      session.dispose();
    }
  });

  it('reads a token rewritten in the kubeconfig file after the server rejected the old one', async () => {
    const own = await startFakeApiServer({
      objects: realVulnerabilityReports(),
      users: [{ name: 'admin', token: 'first-token', rules: null }],
      bookmarkIntervalMs: 100,
    });
    const file = join(dir, 'static');
    const writeToken = (token: string) => {
      const config = parse(readFileSync(own.kubeconfigPath, 'utf8')) as {
        users: Array<{ user: { token: string } }>;
      };
      config.users[0]!.user.token = token;
      writeFileSync(file, stringify(config), { mode: 0o600 });
    };
    writeToken('first-token');
    const session = kubeSession(loadKubeConfig({ kubeconfig: file, env: {} }), {
      source: FAST,
      batchMs: 5,
      kinds: [VULN],
    });
    try {
      await session.start();
      await session.whenSettled();
      const seen = statusesSeen(session);
      const start = Date.now();
      // A new login rewrote the kubeconfig; the server no longer takes the old token.
      writeToken('second-token');
      own.faults.setToken('admin', 'second-token');
      own.faults.dropWatches();
      own.create(copyOf(POD_TT_REG, 'after-login'));
      await storeReaches(session.store, () => session.store.size === 3, 'the change after the new login');
      assert.deepEqual(
        own.requests
          .filter((r) => r.at >= start)
          .map((r) => r.status)
          .filter((s) => s === 401),
        [401],
      );
      assert.ok(!seen.includes('unauthorized'), `statuses seen: ${seen.join(', ')}`);
    } finally {
      session.dispose();
      await own.close();
    }
  });

  it('rejects start as unauthorized, not unreachable, when discovery is refused with 401', async () => {
    restart();
    server.faults.setToken('dev', 'never-issued');
    const session = kubeSession(loadKubeConfig({ kubeconfig, env: {} }), { source: FAST, kinds: [VULN] });
    try {
      await assert.rejects(session.start(), {
        name: 'ClusterUnauthorizedError',
        message: /rejects the credentials .*\/apis: 401 Unauthorized: Unauthorized$/,
      });
      assert.equal(pluginRuns(), 2, 'fresh credentials were tried once');
    } finally {
      session.dispose();
    }
  });
});

/** Resolves when `check()` holds, polled every 10 ms; rejects after `timeoutMs`. */
async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
