// Coverage of a cluster's workloads through the real client (client-node over HTTPS) against the
// fake API server holding every workload kind, shaped as the controllers and the operator write
// them (generateWorkloadMix): states, counts per namespace, live changes, TTL expiry, forbidden
// listings, and the requests it costs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterSession } from '../shared/src/cluster/clusterSession.js';
import { ClusterCoverage } from '../shared/src/insights/clusterCoverage.js';
import type { CoverageReport } from '../shared/src/insights/coverage.js';
import { loadKubeConfig } from '../shared/src/node/kubeConfigLoader.js';
import { KubeClusterSource } from '../shared/src/node/kubeClusterSource.js';
import { workloadKindOf } from '../shared/src/model/workloadKinds.js';
import type { KubeObject, ReportEvent } from '../shared/src/ports/clusterSource.js';
import { kubeSession } from '../shared/src/node/kubeSessions.js';
import { generateWorkloadMix, OPERATOR_NAMESPACE } from './doubles/fakeApiServer/generateWorkloads.js';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';
import { FAST, writeKubeconfigWithNamespace } from './kubeClusterSourceHelpers.js';

const HOUR = 3_600_000;
// The mix's clock: any instant will do, reports are made relative to it.
const NOW = Date.parse('2025-06-02T12:00:00Z');
const AQUA = 'aquasecurity.github.io/v1alpha1';

function sessionFor(server: FakeApiServer, kubeconfig = server.kubeconfigPath): ClusterSession {
  return kubeSession(loadKubeConfig({ kubeconfig, env: {} }), { source: FAST, batchMs: 5, rediscoverMs: 0 });
}

/** Resolves when `check(coverage)` holds, looked at after every change event; rejects after `timeoutMs`. */
function coverageReaches(
  coverage: ClusterCoverage,
  check: (report: CoverageReport) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<CoverageReport> {
  return new Promise((resolve, reject) => {
    const now = coverage.coverage();
    if (check(now)) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for: ${what}`));
    }, timeoutMs);
    const sub = coverage.onDidChange(() => {
      const r = coverage.coverage();
      if (!check(r)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

const stateOf = (r: CoverageReport, key: string) => r.workloads.find((w) => w.key === key)?.state;

describe('ClusterCoverage against the fake API server', () => {
  const mix = generateWorkloadMix(['shop', 'payments'], NOW);
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({ objects: mix.objects });
  });
  after(() => server.close());

  it('tells scanned, stale, scanning and not-scanned workloads apart, with counts per namespace', async () => {
    const session = sessionFor(server);
    const coverage = new ClusterCoverage(session, { clock: () => NOW, batchMs: 5 });
    await session.start();
    await coverage.whenSynced();
    const r = coverage.coverage();
    // One row per workload a person manages: 9 per namespace (the table of generateWorkloads.ts);
    // ReplicaSets, Pods and the CronJob's Job are covered through their controllers, and the
    // operator's scan job is no workload.
    assert.deepEqual(new Map(r.workloads.map((w) => [w.key, w.state])), mix.expected);
    assert.deepEqual(r.requiredKinds, ['VulnerabilityReport', 'ConfigAuditReport']);
    // Per namespace: web, backup, migrate, legacy scanned; api stale; agent scanning; db, debug, new not scanned.
    const counts = { workloads: 9, scanned: 4, stale: 1, scanning: 1, notScanned: 3, unknown: 0 };
    assert.deepEqual(r.namespaces, [
      { namespace: 'payments', ...counts },
      { namespace: 'shop', ...counts },
    ]);
    assert.deepEqual(r.totals, {
      workloads: 18,
      scanned: 8,
      stale: 2,
      scanning: 2,
      notScanned: 6,
      unknown: 0,
    });
    assert.deepEqual(r.unknownScopes, []);
    assert.deepEqual(r.scanJobs, { visible: true });

    // web is scanned through its revision-2 ReplicaSet, not the scaled-down revision 1 (whose
    // reports are 3 days old and would make it stale).
    const web = r.workloads.find((w) => w.key === 'Deployment/shop/web')!;
    const current = (
      server.list('apps/v1', 'ReplicaSet', 'shop') as {
        metadata: { name: string; annotations: Record<string, string> };
      }[]
    ).find(
      (rs) =>
        rs.metadata.name.startsWith('web-') &&
        rs.metadata.annotations['deployment.kubernetes.io/revision'] === '2',
    )!;
    assert.equal(web.scannedAs, `ReplicaSet/shop/${current.metadata.name}`);
    // Reports 1 h old, TTL 24 h from their annotation: they expire 23 h from now.
    assert.deepEqual(
      web.reports.map((x) => [x.kind, x.state, x.reports, x.expires ?? null]),
      [
        ['VulnerabilityReport', 'present', 1, new Date(NOW + 23 * HOUR).toISOString()],
        ['ConfigAuditReport', 'present', 1, null],
      ],
    );
    // api's vulnerability report is 30 h old: stale; its ConfigAuditReport as old is not (kept until the checks change).
    const api = r.workloads.find((w) => w.key === 'Deployment/shop/api')!;
    assert.deepEqual(
      api.reports.map((x) => [x.kind, x.state]),
      [
        ['VulnerabilityReport', 'stale'],
        ['ConfigAuditReport', 'present'],
      ],
    );
    assert.match(
      r.workloads.find((w) => w.key === 'StatefulSet/shop/db')!.reason!,
      /no ConfigAuditReport yet/,
    );
    assert.match(
      r.workloads.find((w) => w.key === 'DaemonSet/shop/agent')!.reason!,
      new RegExp(`scan job ${OPERATOR_NAMESPACE}/scan-vulnerabilityreport-`),
    );
    assert.match(r.workloads.find((w) => w.key === 'Deployment/shop/new')!.reason!, /no ReplicaSet/);

    // Plain data, and one namespace alone is the same rows.
    assert.deepEqual(structuredClone(r), r);
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
    const shop = coverage.coverage('shop');
    assert.deepEqual(
      shop.workloads,
      r.workloads.filter((w) => w.namespace === 'shop'),
    );
    assert.deepEqual(shop.namespaces, [{ namespace: 'shop', ...counts }]);
    coverage.dispose();
    session.dispose();
  });

  it('changes when reports or workloads change', async () => {
    const session = sessionFor(server);
    const coverage = new ClusterCoverage(session, { clock: () => NOW, batchMs: 5 });
    await session.start();
    await coverage.whenSynced();
    const changes: string[][] = [];
    coverage.onDidChange((c) => changes.push([...c.namespaces]));

    // The operator writes db's ConfigAuditReport: db is scanned.
    const audit = generateWorkloadMix(['shop'], NOW, 1).objects.find(
      (o) => o.kind === 'ConfigAuditReport' && o.metadata.name === 'cronjob-backup',
    )!;
    const dbAudit = structuredClone(audit) as typeof audit & { metadata: Record<string, unknown> };
    dbAudit.metadata = {
      ...dbAudit.metadata,
      name: 'statefulset-db',
      labels: {
        ...(dbAudit.metadata.labels as object),
        'trivy-operator.resource.kind': 'StatefulSet',
        'trivy-operator.resource.name': 'db',
      },
      ownerReferences: [],
    };
    server.create(dbAudit);
    await coverageReaches(coverage, (r) => stateOf(r, 'StatefulSet/shop/db') === 'scanned', 'db scanned');
    assert.ok(changes.some((c) => c.includes('shop')));

    // The scan job ends (the operator deletes it): agent has no report, so it is not scanned.
    const job = (
      server.list('batch/v1', 'Job', OPERATOR_NAMESPACE) as {
        metadata: { name: string; labels: Record<string, string> };
      }[]
    ).find((j) => j.metadata.labels['trivy-operator.resource.namespace'] === 'shop')!;
    server.remove('batch/v1', 'Job', OPERATOR_NAMESPACE, job.metadata.name);
    await coverageReaches(
      coverage,
      (r) => stateOf(r, 'DaemonSet/shop/agent') === 'not-scanned',
      'agent not scanned',
    );

    // A new bare Pod is listed, as not scanned; when it goes, its row goes.
    server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shell', namespace: 'shop' } });
    await coverageReaches(coverage, (r) => stateOf(r, 'Pod/shop/shell') === 'not-scanned', 'the new pod');
    server.remove('v1', 'Pod', 'shop', 'shell');
    await coverageReaches(coverage, (r) => stateOf(r, 'Pod/shop/shell') === undefined, 'the pod gone');

    // web's vulnerability report is deleted (its TTL passed, the rescan not done yet): web is not
    // scanned; when the operator writes it again, web is scanned again.
    const revision2 = (
      server.list('apps/v1', 'ReplicaSet', 'shop') as {
        metadata: { name: string; annotations: Record<string, string> };
      }[]
    ).find(
      (rs) =>
        rs.metadata.name.startsWith('web-') &&
        rs.metadata.annotations['deployment.kubernetes.io/revision'] === '2',
    )!;
    const webReport = (
      server.list(AQUA, 'VulnerabilityReport', 'shop') as {
        metadata: { name: string; labels: Record<string, string> };
      }[]
    ).find((v) => v.metadata.labels['trivy-operator.resource.name'] === revision2.metadata.name)!;
    server.remove(AQUA, 'VulnerabilityReport', 'shop', webReport.metadata.name);
    const gone = await coverageReaches(
      coverage,
      (r) => stateOf(r, 'Deployment/shop/web') === 'not-scanned',
      'web not scanned',
    );
    assert.match(
      gone.workloads.find((w) => w.key === 'Deployment/shop/web')!.reason!,
      /no VulnerabilityReport yet/,
    );
    server.create(webReport);
    await coverageReaches(coverage, (r) => stateOf(r, 'Deployment/shop/web') === 'scanned', 'web rescanned');
    coverage.dispose();
    session.dispose();
  });

  it('turns a report stale when its TTL passes, by a timer set for it', async () => {
    const session = sessionFor(server);
    // web's vulnerability report was made at NOW − 1 h with a 24 h TTL: it expires at NOW + 23 h.
    // The clock stands 300 ms before that until everything is listed, then runs (a loaded machine
    // may take longer than that to list).
    const started: { at?: number } = {};
    const clock = () => NOW + 23 * HOUR - 300 + (started.at === undefined ? 0 : Date.now() - started.at);
    const coverage = new ClusterCoverage(session, { clock, batchMs: 5 });
    await session.start();
    await coverage.whenSynced();
    started.at = Date.now();
    assert.equal(stateOf(coverage.coverage(), 'Deployment/shop/web'), 'scanned');
    const events: boolean[] = [];
    coverage.onDidChange(() => events.push(true));
    await coverageReaches(coverage, (r) => stateOf(r, 'Deployment/shop/web') === 'stale', 'web stale', 3000);
    assert.ok(events.length >= 1, 'a change was announced without any report changing');
    coverage.dispose();
    session.dispose();
  });
});

describe('ClusterCoverage where listings are forbidden', () => {
  it('says unknown where reports may not be listed, and leaves namespaces it cannot see out', async () => {
    const mix = generateWorkloadMix(['shop', 'payments'], NOW);
    const read = ['get', 'list', 'watch'];
    const server = await startFakeApiServer({
      objects: mix.objects,
      users: [
        {
          name: 'dev',
          token: 'dev-token',
          // Everything in `shop` but ConfigAuditReports; nothing elsewhere (not Jobs in trivy-system).
          rules: [
            { verbs: read, groups: ['', 'apps', 'batch'], resources: ['*'], namespaces: ['shop'] },
            {
              verbs: read,
              groups: ['aquasecurity.github.io'],
              resources: ['vulnerabilityreports'],
              namespaces: ['shop'],
            },
          ],
        },
      ],
    });
    try {
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kc-')), 'config');
      writeKubeconfigWithNamespace(server.kubeconfigPath, kubeconfig, 'shop');
      const session = sessionFor(server, kubeconfig);
      const coverage = new ClusterCoverage(session, { clock: () => NOW, batchMs: 5 });
      await session.start();
      await coverage.whenSynced();
      const r = await coverageReaches(
        coverage,
        (x) => x.workloads.length === 9,
        'the workloads of shop, through the fallback watches',
      );
      // ConfigAuditReports may not be listed in shop: no workload there can be told scanned.
      // Scanned or not, each is unknown — except those missing a report already known missing.
      assert.deepEqual(
        r.workloads.map((w) => [w.name, w.state]),
        [
          ['api', 'unknown'],
          ['new', 'not-scanned'], // no ReplicaSet: nothing to scan, whatever the reports
          ['web', 'unknown'],
          ['debug', 'unknown'],
          ['legacy', 'unknown'],
          ['db', 'unknown'],
          ['agent', 'unknown'],
          ['backup', 'unknown'],
          ['migrate', 'unknown'],
        ],
      );
      assert.match(
        r.workloads.find((w) => w.name === 'web')!.reason!,
        /ConfigAuditReports in shop may not be listed \(forbidden\)/,
      );
      // Jobs of trivy-system may not be listed: scans in progress cannot be seen, and it says so.
      assert.equal(r.scanJobs.visible, false);
      assert.match(r.scanJobs.reason!, /Jobs in trivy-system may not be listed/);
      // Every workload kind's all-namespace listing is forbidden: coverage elsewhere is unknown, stated.
      assert.deepEqual(
        r.unknownScopes.map((s) => [s.kind, s.namespace, s.state]),
        [
          'Deployment',
          'Pod',
          'ReplicaSet',
          'ReplicationController',
          'StatefulSet',
          'DaemonSet',
          'CronJob',
          'Job',
        ].map((k) => [k, null, 'forbidden']),
      );
      assert.equal(r.workloads.filter((w) => w.namespace === 'payments').length, 0);
      coverage.dispose();
      session.dispose();
    } finally {
      await server.close();
    }
  });
});

describe('KubeClusterSource.watchWorkloads', () => {
  it('hands out metadata only, whether the server converts, ignores or refuses the metadata Accept', async () => {
    const mix = generateWorkloadMix(['shop'], NOW);
    const server = await startFakeApiServer({ objects: mix.objects });
    try {
      for (const mode of ['served', 'ignored', 'refused'] as const) {
        server.faults.metadata(mode);
        const source = new KubeClusterSource(
          loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: {} }).config,
          FAST,
        );
        const synced = await new Promise<readonly KubeObject[]>((resolve) => {
          const watch = source.watchWorkloads(workloadKindOf('Pod')!, 'shop', (e: ReportEvent) => {
            if (e.type !== 'synced') return;
            watch.dispose();
            resolve(e.objects);
          });
        });
        // The mix's Pods in shop: web ×2, api, db-0, agent, backup's, debug, migrate's, legacy's.
        assert.equal(synced.length, 9, mode);
        for (const o of synced) {
          assert.deepEqual(Object.keys(o).sort(), ['apiVersion', 'kind', 'metadata'], mode);
          assert.deepEqual([o.apiVersion, o.kind], ['v1', 'Pod'], mode);
          assert.ok(o.metadata.name && o.metadata.namespace === 'shop', mode);
        }
        source.dispose();
      }
    } finally {
      await server.close();
    }
  });
});
