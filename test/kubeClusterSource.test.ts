// KubeClusterSource and ClusterSession through the real client (client-node over HTTPS) against
// the fake API server: sync, changes, 410, dropped streams, 403/404, paging, owners, deletion.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { ClusterSession } from '../shared/src/cluster/clusterSession.js';
import { reportKindByName } from '../shared/src/model/reportKinds.js';
import { loadKubeConfig } from '../shared/src/node/kubeConfigLoader.js';
import { KubeClusterSource } from '../shared/src/node/kubeClusterSource.js';
import { kubeSession, kubeSessions } from '../shared/src/node/kubeSessions.js';
import type { KubeObject } from '../shared/src/ports/clusterSource.js';
import { generateReports } from './doubles/fakeApiServer/generateReports.js';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';
import {
  copyOf,
  EventLog,
  FAST,
  realVulnerabilityReports,
  storeReaches,
  writeKubeconfigWithNamespace,
  yamlFixture,
} from './kubeClusterSourceHelpers.js';

const VULN = reportKindByName('VulnerabilityReport')!;
const CONFIG = reportKindByName('ConfigAuditReport')!;
const AQUA = 'aquasecurity.github.io';
const fixtureCrds = new URL('./fixtures/crds/', import.meta.url).pathname;
const [POD_TT_REG, RS_NGINX] = realVulnerabilityReports() as [KubeObject, KubeObject];
// From the real list: `jq '[.items[].report.vulnerabilities[]] | length'` gives 398 (88 + 310).
const REAL_FINDINGS = 398;

function sourceFor(server: FakeApiServer, options = {}): KubeClusterSource {
  return new KubeClusterSource(loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: {} }).config, {
    ...FAST,
    ...options,
  });
}

function sessionFor(server: FakeApiServer, kubeconfig = server.kubeconfigPath, options = {}): ClusterSession {
  return kubeSession(loadKubeConfig({ kubeconfig, env: {} }), { source: FAST, batchMs: 5, ...options });
}

const statusOf = (session: ClusterSession, kind: string, namespace?: string) =>
  session.store.kindStatuses().find((s) => s.kind.kind === kind && s.namespace === namespace)?.status;

describe('KubeClusterSource against the fake API server', () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({ objects: realVulnerabilityReports(), bookmarkIntervalMs: 100 });
  });
  after(() => server.close());

  it('discovers the served report kinds at their first served version', async () => {
    const source = sourceFor(server);
    const served = await source.discover();
    // The fixture CRDs: all 17 kinds of the table; PolicyReport at v1alpha2 (Kyverno's CRD serves it first).
    assert.equal(served.size, 17);
    assert.equal(served.get(VULN), 'v1alpha1');
    assert.equal(served.get(reportKindByName('PolicyReport')!), 'v1alpha2');
    source.dispose();
  });

  it('sends nothing once disposed: an owner walk, a fallback or a discovery under way asks no more', async () => {
    const source = sourceFor(server);
    const from = server.requests.length;
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default', name: 'nginx-559d658b74' };
    // Asked, then disposed in the same turn (a context switch while a walk was under way).
    const walking = source.ownerReferences({ ...rs, apiVersion: 'example.com/v1', kind: 'Widget' });
    const discovering = source.discover();
    source.dispose();
    // The walk ends without an answer (its discovery was refused); what matters is that it sent nothing.
    assert.equal(await walking.catch(() => undefined), undefined);
    await assert.rejects(discovering, /disposed/);
    assert.equal(await source.ownerReferences(rs), undefined);
    assert.equal(await source.namespaces(), undefined);
    assert.equal(await source.namespaceExists('default'), undefined);
    await assert.rejects(source.deleteReport(VULN, 'v1alpha1', 'default', 'replicaset-nginx'), /disposed/);
    assert.deepEqual(
      server.requests.slice(from).map((r) => r.path),
      [],
    );
  });

  it('syncs the initial list, then sees additions, updates and deletions', async () => {
    const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
    await session.start();
    await session.whenSettled();
    assert.equal([...session.store.findings()].length, REAL_FINDINGS);
    assert.deepEqual(statusOf(session, 'VulnerabilityReport'), { state: 'ok' });

    server.create(copyOf(POD_TT_REG, 'added-report'));
    await storeReaches(session.store, () => session.store.size === 3, 'the added report');

    const updated = structuredClone(
      server.get(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'added-report'),
    ) as KubeObject & {
      report: { vulnerabilities: { severity: string }[] };
    };
    updated.report.vulnerabilities = updated.report.vulnerabilities.filter((v) => v.severity === 'MEDIUM'); // 36 of 88
    server.update(updated);
    await storeReaches(
      session.store,
      () => session.store.findingsForReport('VulnerabilityReport/default/added-report').length === 36,
      'the update',
    );

    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'added-report');
    await storeReaches(session.store, () => session.store.size === 2, 'the deletion');
    assert.equal([...session.store.findings()].length, REAL_FINDINGS);
    session.dispose();
  });

  it('lists page by page when there are more objects than the page limit', async () => {
    const paged = await startFakeApiServer({
      objects: Array.from({ length: 8 }, (_, i) => copyOf(POD_TT_REG, `pod-report-${i}`)),
    });
    try {
      const source = sourceFor(paged, { pageLimit: 3 });
      const log = new EventLog();
      const synced = log.next((e) => e.type === 'synced', 'synced');
      const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
      await synced;
      const lists = log.events.filter((e) => e.type === 'page' || e.type === 'synced');
      // 8 objects at 3 per page: pages of 3, 3, then the last 2 as `synced`.
      assert.deepEqual(
        lists.map((e) => [e.type, 'objects' in e ? e.objects.length : 0, 'first' in e ? e.first : null]),
        [
          ['page', 3, true],
          ['page', 3, false],
          ['synced', 2, false],
        ],
      );
      const listRequests = paged.requests.filter(
        (r) => r.path.endsWith('/vulnerabilityreports') && !r.query.includes('watch=true'),
      );
      assert.equal(listRequests.length, 3);
      assert.ok(listRequests.every((r) => r.query.includes('limit=3')));
      assert.equal(listRequests.filter((r) => r.query.includes('continue=')).length, 2);
      w.dispose();
      source.dispose();
    } finally {
      await paged.close();
    }
  });

  it('relists after 410 Gone and replaces the set: nothing lost, nothing duplicated', async () => {
    const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
    await session.start();
    await session.whenSettled();
    const relists = () =>
      server.requests.filter(
        (r) => r.path.endsWith('/vulnerabilityreports') && !r.query.includes('watch=true'),
      ).length;
    const listsBefore = relists();
    // While the client is cut off: one report goes, one comes, and history is compacted, so the
    // resourceVersion the client holds is gone (a watch from it gets an Expired ERROR event).
    server.faults.refuse(true);
    await storeReaches(
      session.store,
      () => statusOf(session, 'VulnerabilityReport')?.state === 'unreachable',
      'unreachable',
    );
    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', POD_TT_REG.metadata.name!);
    server.create(copyOf(POD_TT_REG, 'while-away'));
    server.faults.compact();
    server.faults.refuse(false);
    await storeReaches(
      session.store,
      () =>
        session.store
          .reports()
          .map((r) => r.name)
          .sort()
          .join() === [RS_NGINX.metadata.name, 'while-away'].sort().join(),
      'the relisted set',
    );
    await storeReaches(
      session.store,
      () => statusOf(session, 'VulnerabilityReport')?.state === 'ok',
      'ok again',
    );
    assert.ok(relists() > listsBefore, 'a new list was made');
    assert.equal([...session.store.findings()].length, REAL_FINDINGS, '310 + 88, once each');
    // Put the fixture back for the other tests.
    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'while-away');
    server.create(copyOf(POD_TT_REG, POD_TT_REG.metadata.name!));
    session.dispose();
  });

  it('after compaction, a reconnect gets 410 and the source relists with a fresh first page', async () => {
    const source = sourceFor(server);
    const log = new EventLog();
    const synced = log.next((e) => e.type === 'synced', 'synced');
    const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
    await synced;
    const relisted = log.next((e) => e.type === 'synced', 'the relist');
    server.faults.compact();
    server.faults.dropWatches();
    const again = await relisted;
    assert.ok(again.type === 'synced' && again.first, 'a new list, to replace the old set');
    assert.deepEqual(
      again.type === 'synced' ? again.objects.map((o) => o.metadata.name).sort() : [],
      [POD_TT_REG.metadata.name, RS_NGINX.metadata.name].sort(),
    );
    assert.deepEqual(log.statuses(), ['ok'], 'no outage is reported for a relist');
    w.dispose();
    source.dispose();
  });

  it('resumes a dropped stream from the last resourceVersion, bookmarks included, without a relist', async () => {
    // The source's diagnostic log is how the test sees a BOOKMARK arrive (every 100 ms here).
    const bookmarks: Array<{ rv: string; resolve: () => void }> = [];
    const bookmark = (rv: string) => new Promise<void>((resolve) => bookmarks.push({ rv, resolve }));
    const source = sourceFor(server, {
      log: (line: string) => {
        const m = / bookmark (\d+)$/.exec(line);
        if (m && line.includes('/vulnerabilityreports'))
          for (const b of bookmarks) if (b.rv === m[1]) b.resolve();
      },
    });
    const log = new EventLog();
    const synced = log.next((e) => e.type === 'synced', 'synced');
    const w = source.watch(VULN, 'v1alpha1', undefined, log.listener);
    await synced;
    // A write to another kind moves the server's resourceVersion on; only a BOOKMARK tells the
    // VulnerabilityReport watch about it (every 100 ms here).
    const other = server.create(
      copyOf(yamlFixture('configauditreport_replicaset-nginx_docs.yaml')[0]!, 'unrelated'),
    ) as KubeObject;
    const bookmarkRv = other.metadata.resourceVersion!;
    await bookmark(bookmarkRv);
    const before = server.requests.length;
    server.faults.dropWatches();
    const resumed = await waitForRequest(server, before, (r) => r.path.endsWith('/vulnerabilityreports'));
    assert.ok(resumed.query.includes('watch=true'), `a watch, not a list: ${resumed.query}`);
    assert.ok(
      resumed.query.includes(`resourceVersion=${bookmarkRv}`),
      `resumed from the bookmark's ${bookmarkRv}: ${resumed.query}`,
    );
    const added = log.next(
      (e) => e.type === 'added' && e.object.metadata.name === 'after-drop',
      'the event after the drop',
    );
    server.create(copyOf(POD_TT_REG, 'after-drop'));
    await added;
    assert.equal(log.events.filter((e) => e.type === 'synced').length, 1, 'no relist');
    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-drop');
    server.remove(`${AQUA}/v1alpha1`, 'ConfigAuditReport', 'default', 'unrelated');
    w.dispose();
    source.dispose();
  });

  it('shows one forbidden kind with the server’s message while the others work', async () => {
    server.faults.forbid(AQUA, 'configauditreports');
    try {
      const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN, CONFIG] });
      await session.start();
      await session.whenSettled();
      const status = statusOf(session, 'ConfigAuditReport');
      assert.equal(status?.state, 'forbidden');
      assert.match((status as { message: string }).message, /configauditreports/);
      assert.equal(statusOf(session, 'VulnerabilityReport')?.state, 'ok');
      assert.equal([...session.store.findings()].length, REAL_FINDINGS);
      session.dispose();
    } finally {
      server.faults.allow(AQUA, 'configauditreports');
    }
  });

  it('marks a kind whose CRD is absent as not installed, and drops it when the CRD goes', async () => {
    const own = await startFakeApiServer({
      objects: [
        ...realVulnerabilityReports(),
        ...yamlFixture('configauditreport_replicaset-nginx_docs.yaml'),
      ],
    });
    try {
      own.faults.removeCrd('exposedsecretreports', AQUA);
      const session = sessionFor(own, own.kubeconfigPath, {
        kinds: [VULN, CONFIG, reportKindByName('ExposedSecretReport')!],
      });
      await session.start();
      await session.whenSettled();
      assert.equal(statusOf(session, 'ExposedSecretReport')?.state, 'not-installed');
      assert.equal(session.store.reports('ConfigAuditReport').length, 1);
      own.faults.removeCrd('configauditreports', AQUA);
      await storeReaches(
        session.store,
        () => session.store.reports('ConfigAuditReport').length === 0,
        'config audits gone',
      );
      assert.equal(session.store.reports('VulnerabilityReport').length, 2);
      session.dispose();
    } finally {
      await own.close();
    }
  });

  it('starts watching a kind whose CRD is installed after the session started', async () => {
    const own = await startFakeApiServer({ objects: [] });
    try {
      own.faults.removeCrd('vulnerabilityreports', AQUA);
      const session = sessionFor(own, own.kubeconfigPath, { kinds: [VULN] });
      await session.start();
      await session.whenSettled();
      assert.equal(statusOf(session, 'VulnerabilityReport')?.state, 'not-installed');
      // The operator gets deployed: its CRD (the real one from the fixtures), then a report.
      const crdText = readFileSync(
        join(fixtureCrds, 'aquasecurity.github.io_vulnerabilityreports.yaml'),
        'utf8',
      );
      own.create(parseDocument(crdText).toJS() as object);
      own.create(POD_TT_REG);
      await session.rediscover();
      await storeReaches(
        session.store,
        () => session.store.reports('VulnerabilityReport').length === 1,
        'report read',
      );
      assert.equal(statusOf(session, 'VulnerabilityReport')?.state, 'ok');
      session.dispose();
    } finally {
      await own.close();
    }
  });

  it('reports an unreachable cluster per kind and recovers when it is back', async () => {
    const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
    await session.start();
    await session.whenSettled();
    server.faults.refuse(true);
    await storeReaches(
      session.store,
      () => statusOf(session, 'VulnerabilityReport')?.state === 'unreachable',
      'unreachable',
    );
    assert.equal(session.store.size, 2, 'what was read stays while the cluster is away');
    server.faults.refuse(false);
    await storeReaches(
      session.store,
      () => statusOf(session, 'VulnerabilityReport')?.state === 'ok',
      'ok again',
    );
    server.create(copyOf(POD_TT_REG, 'after-outage'));
    await storeReaches(session.store, () => session.store.size === 3, 'changes flow again');
    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-outage');
    session.dispose();
  });

  it('rejects start with ClusterUnreachableError when the API server cannot be reached', async () => {
    server.faults.refuse(true);
    try {
      const session = sessionFor(server);
      await assert.rejects(session.start(), { name: 'ClusterUnreachableError' });
      session.dispose();
    } finally {
      server.faults.refuse(false);
    }
  });

  it('deletes a report (the operator then rescans) and the store follows', async () => {
    server.create(copyOf(POD_TT_REG, 'to-rescan'));
    const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
    await session.start();
    await session.whenSettled();
    const [report] = session.store.reports().filter((r) => r.name === 'to-rescan');
    await session.deleteReport(report!);
    assert.equal(server.get(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'to-rescan'), undefined);
    await storeReaches(
      session.store,
      () => session.store.size === 2,
      'the deleted report gone from the store',
    );
    session.dispose();
  });
});

describe('an old cluster', () => {
  it('watches PolicyReports at wgpolicyk8s.io/v1alpha1 when that is the only version served', async () => {
    // Kyverno before 1.7 and the first policy-report adapters served the wg-policy-prototypes CRD
    // (`policy-report/crd/v1alpha1`), v1alpha1 only. Made from the fixture CRD by renaming its
    // only version; the sample report is moved to v1alpha1 with `result` renamed `status`, as
    // `policyreport_types.go` of v1alpha1 names it.
    const crdsDir = mkdtempSync(join(tmpdir(), 'crds-'));
    for (const file of readdirSync(fixtureCrds)) {
      let text = readFileSync(join(fixtureCrds, file), 'utf8');
      if (file === 'wgpolicyk8s.io_policyreports.yaml')
        text = text.replace(/name: v1alpha2\b/, 'name: v1alpha1');
      writeFileSync(join(crdsDir, file), text);
    }
    const sample = yamlFixture('policyreport_cis-k8s_wgpolicy-sample.yaml')[0]! as KubeObject & {
      results: Array<Record<string, unknown>>;
    };
    const old = {
      ...sample,
      apiVersion: 'wgpolicyk8s.io/v1alpha1',
      metadata: { ...sample.metadata, namespace: 'default' },
      results: sample.results.map(({ result, ...r }) => ({ ...r, status: result })),
    };
    // Findings are the fail and warn results of the sample.
    const expected = sample.results.filter((r) => r.result === 'fail' || r.result === 'warn').length;
    const server = await startFakeApiServer({ crdsDir, objects: [old] });
    try {
      const polr = reportKindByName('PolicyReport')!;
      const session = sessionFor(server, server.kubeconfigPath, { kinds: [polr] });
      await session.start();
      await session.whenSettled();
      assert.equal(session.versionOf(polr), 'v1alpha1');
      assert.equal(statusOf(session, 'PolicyReport')?.state, 'ok');
      assert.ok(expected > 0);
      assert.equal([...session.store.findings()].length, expected);
      session.dispose();
    } finally {
      await server.close();
    }
  });
});

describe('ClusterSessions', () => {
  it('refuses a switch to a context the kubeconfig lacks, and keeps the current session', async () => {
    const server = await startFakeApiServer({ objects: [copyOf(POD_TT_REG, 'a', 'team-a')] });
    try {
      const sessions = kubeSessions(loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: {} }), {
        source: FAST,
        kinds: [VULN],
      });
      const admin = await sessions.open('admin');
      await admin.whenSettled();
      await assert.rejects(
        sessions.switch('admin', 'staging'),
        /context staging not in kubeconfig \(have: admin\)/,
      );
      assert.deepEqual(sessions.contexts(), ['admin']);
      assert.equal(admin.store.size, 1);
      sessions.dispose();
    } finally {
      await server.close();
    }
  });

  it('keeps the other session watching after a switch', async () => {
    const server = await startFakeApiServer({
      objects: [copyOf(POD_TT_REG, 'a', 'team-a')],
      users: [
        { name: 'admin', token: 'admin-token', rules: null },
        { name: 'ops', token: 'ops-token', rules: null },
        {
          name: 'dev',
          token: 'dev-token',
          rules: [
            { verbs: ['get', 'list', 'watch'], groups: [AQUA], resources: ['*'], namespaces: ['team-a'] },
          ],
        },
      ],
    });
    try {
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kc-')), 'config');
      writeKubeconfigWithNamespace(server.kubeconfigPath, kubeconfig, 'team-a');
      const sessions = kubeSessions(loadKubeConfig({ kubeconfig, env: {} }), {
        source: FAST,
        batchMs: 5,
        kinds: [VULN],
      });
      const admin = await sessions.open('admin');
      const ops = await sessions.open('ops');
      await Promise.all([admin.whenSettled(), ops.whenSettled()]);
      const dev = await sessions.switch('ops', 'dev');
      await dev.whenSettled();
      assert.deepEqual(sessions.contexts().sort(), ['admin', 'dev']);
      assert.equal(ops.store.size, 1, 'the closed session keeps its last state but hears nothing more');
      server.create(copyOf(POD_TT_REG, 'new', 'team-a'));
      await Promise.all([
        storeReaches(admin.store, () => admin.store.size === 2, 'admin sees the new report'),
        storeReaches(dev.store, () => dev.store.size === 2, 'dev sees the new report'),
      ]);
      assert.equal(ops.store.size, 1);
      sessions.dispose();
    } finally {
      await server.close();
    }
  });
});

describe('ClusterSession namespaces and owners', () => {
  it('falls back to the context namespace when listing all namespaces is forbidden', async () => {
    const server = await startFakeApiServer({
      objects: [copyOf(POD_TT_REG, 'in-team-a', 'team-a'), copyOf(RS_NGINX, 'in-team-b', 'team-b')],
      users: [
        {
          name: 'dev',
          token: 'dev-token',
          rules: [
            { verbs: ['get', 'list', 'watch'], groups: [AQUA], resources: ['*'], namespaces: ['team-a'] },
          ],
        },
      ],
    });
    try {
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kc-')), 'config');
      writeKubeconfigWithNamespace(server.kubeconfigPath, kubeconfig, 'team-a');
      const session = sessionFor(server, kubeconfig, { kinds: [VULN] });
      await session.start();
      await session.whenSettled();
      assert.equal(statusOf(session, 'VulnerabilityReport')?.state, 'forbidden');
      assert.deepEqual(statusOf(session, 'VulnerabilityReport', 'team-a'), { state: 'ok' });
      assert.deepEqual(
        session.store.reports().map((r) => `${r.namespace}/${r.name}`),
        ['team-a/in-team-a'],
      );
      // Live changes in the namespace arrive through the per-namespace watch.
      server.create(copyOf(POD_TT_REG, 'second', 'team-a'));
      await storeReaches(session.store, () => session.store.size === 2, 'the second team-a report');
      session.dispose();
    } finally {
      await server.close();
    }
  });

  it('tries the namespaces the user may list and keeps only those it may read', async () => {
    const server = await startFakeApiServer({
      objects: [copyOf(POD_TT_REG, 'in-team-a', 'team-a'), copyOf(RS_NGINX, 'in-team-b', 'team-b')],
      users: [
        {
          name: 'dev',
          token: 'dev-token',
          rules: [
            { verbs: ['list'], groups: [''], resources: ['namespaces'] },
            { verbs: ['get', 'list', 'watch'], groups: [AQUA], resources: ['*'], namespaces: ['team-a'] },
          ],
        },
      ],
    });
    try {
      const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
      await session.start();
      await session.whenSettled();
      assert.deepEqual(
        session.store.kindStatuses().map((s) => `${s.namespace ?? '*'}:${s.status.state}`),
        ['*:forbidden', 'team-a:ok'],
        'team-b and default were tried and dropped without a trace',
      );
      assert.deepEqual(
        session.store.reports().map((r) => r.name),
        ['in-team-a'],
      );
      session.dispose();
    } finally {
      await server.close();
    }
  });

  it('watches only the namespaces asked for', async () => {
    const server = await startFakeApiServer({
      objects: [copyOf(POD_TT_REG, 'a', 'team-a'), copyOf(RS_NGINX, 'b', 'team-b')],
    });
    try {
      const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN], namespaces: ['team-b'] });
      await session.start();
      await session.whenSettled();
      assert.deepEqual(
        session.store.reports().map((r) => r.key),
        ['VulnerabilityReport/team-b/b'],
      );
      assert.ok(
        server.requests.every((r) => !r.path.startsWith(`/apis/${AQUA}/v1alpha1/vulnerabilityreports`)),
        'no all-namespace request',
      );
      session.dispose();
    } finally {
      await server.close();
    }
  });

  it('lifts Pod → ReplicaSet → Deployment and Job → CronJob through owner references', async () => {
    const owner = (apiVersion: string, kind: string, name: string) => [
      { apiVersion, kind, name, uid: `${name}-uid`, controller: true },
    ];
    const workloads: object[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'storefront', namespace: 'shop', uid: 'storefront-uid' },
      },
      // A ReplicaSet name the name rules cannot lift (no pod-template-hash suffix): only owners tell.
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: 'web',
          namespace: 'shop',
          uid: 'web-uid',
          ownerReferences: owner('apps/v1', 'Deployment', 'storefront'),
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'web-x2x4z',
          namespace: 'shop',
          ownerReferences: owner('apps/v1', 'ReplicaSet', 'web'),
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'backup', namespace: 'shop', uid: 'backup-uid' },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: 'backup-28930560',
          namespace: 'shop',
          ownerReferences: owner('batch/v1', 'CronJob', 'backup'),
        },
      },
    ];
    // The real Pod report re-addressed to the Pod above, and to the Job (trivy-operator scans Jobs
    // too: `Job` is in the VulnerabilityReport's attachesTo); only the labels naming the subject change.
    const about = (name: string, kind: string, subject: string) => {
      const r = copyOf(POD_TT_REG, name, 'shop') as KubeObject & {
        metadata: { labels: Record<string, string>; ownerReferences?: unknown };
      };
      r.metadata.labels = {
        ...r.metadata.labels,
        'trivy-operator.resource.kind': kind,
        'trivy-operator.resource.name': subject,
        'trivy-operator.resource.namespace': 'shop',
      };
      delete r.metadata.ownerReferences;
      return r;
    };
    const server = await startFakeApiServer({
      objects: [
        ...workloads,
        about('pod-web', 'Pod', 'web-x2x4z'),
        about('job-backup', 'Job', 'backup-28930560'),
      ],
    });
    try {
      const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
      await session.start();
      await session.whenSettled();
      const keys = session.store
        .workloads()
        .map((w) => `${w.key}:${w.workload.inferred ? 'inferred' : 'read'}`)
        .sort();
      assert.deepEqual(keys, ['CronJob/shop/backup:read', 'Deployment/shop/storefront:read']);
      assert.equal(session.store.findingsForWorkload('Deployment/shop/storefront').length, 88);
      session.dispose();
    } finally {
      await server.close();
    }
  });

  it('reads the owners of many ReplicaSets with one listing per kind, not a GET each', async () => {
    // 40 generated workloads: Deployment → ReplicaSet (ownerReferences by uid) → VulnerabilityReport.
    const generated = generateReports(40, 7);
    const server = await startFakeApiServer({
      objects: [
        ...generated.namespaces,
        ...generated.deployments,
        ...generated.replicaSets,
        ...generated.vulnerabilityReports,
      ],
    });
    try {
      const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
      await session.start();
      await session.whenSettled();
      const workloads = session.store.workloads();
      assert.equal(workloads.length, 40);
      assert.ok(workloads.every((w) => w.workload.kind === 'Deployment' && !w.workload.inferred));
      const apps = server.requests.filter((r) => r.path.startsWith('/apis/apps/v1/'));
      assert.deepEqual(apps.map((r) => r.path).sort(), [
        '/apis/apps/v1/deployments',
        '/apis/apps/v1/replicasets',
      ]);
      session.dispose();
    } finally {
      await server.close();
    }
  });

  it('keeps the inferred workload, marked so, when owners may not be read', async () => {
    const server = await startFakeApiServer({
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'nginx-deployment', namespace: 'default' },
        },
        RS_NGINX,
      ],
      users: [
        {
          name: 'reader',
          token: 't',
          rules: [{ verbs: ['get', 'list', 'watch'], groups: [AQUA], resources: ['*'] }],
        },
      ],
    });
    try {
      const session = sessionFor(server, server.kubeconfigPath, { kinds: [VULN] });
      await session.start();
      await session.whenSettled();
      const [w] = session.store.workloads();
      assert.equal(w?.key, 'Deployment/default/nginx-deployment');
      assert.equal(w?.workload.inferred, true);
      assert.ok(
        server.requests.some((r) => r.path.endsWith('/replicasets/nginx-deployment-559d658b74')),
        'it did ask',
      );
      session.dispose();
    } finally {
      await server.close();
    }
  });
});

/** The first request logged at or after index `from` that matches; polls the log on a short timer. */
async function waitForRequest(
  server: FakeApiServer,
  from: number,
  match: (r: FakeApiServer['requests'][number]) => boolean,
  timeoutMs = 5000,
): Promise<FakeApiServer['requests'][number]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = server.requests.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for a request');
    await new Promise((r) => setTimeout(r, 10));
  }
}
