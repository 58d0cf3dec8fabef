// The fake API server at the wire level (raw HTTPS with the kubeconfig's CA and token): the parts
// of the protocol clients rely on without a client library hiding them — discovery documents,
// Table, resourceVersion semantics on list and watch, selectors on watch, subresources, PATCH.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FakeApiServer, KubeObj } from './doubles/fakeApiServer/index.js';
import { startFakeApiServer } from './doubles/fakeApiServer/index.js';
import { call, TOKEN, watch } from './fakeApiServerWire.js';

const AQUA = 'aquasecurity.github.io';
const VULNS = `/apis/${AQUA}/v1alpha1/vulnerabilityreports`;
// Real cluster data: `jq '.items | length'` gives 2, both in namespace "default".
const fixture = JSON.parse(
  readFileSync(
    new URL('fixtures/reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json', import.meta.url),
    'utf8',
  ),
) as {
  items: KubeObj[];
};

function copy(name: string, namespace = 'default', labels: Record<string, string> = {}): KubeObj {
  const base = structuredClone(fixture.items[0]) as KubeObj;
  return { ...base, metadata: { name, namespace, labels } };
}

describe('fake API server protocol', () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({
      objects: fixture.items,
      users: [{ name: 'admin', token: TOKEN, rules: null }],
    });
  });
  after(() => server.close());

  it('serves discovery: version, core, groups with preferred versions, resource lists', async () => {
    assert.equal((await call(server, 'GET', '/version', { token: null })).body.major, '1');
    assert.equal((await call(server, 'GET', '/apis', { token: null })).status, 401);
    assert.deepEqual((await call(server, 'GET', '/api')).body.versions, ['v1']);
    const groups = (await call(server, 'GET', '/apis')).body as {
      kind: string;
      groups: Array<{ name: string; preferredVersion: { version: string } }>;
    };
    assert.equal(groups.kind, 'APIGroupList');
    const preferred = Object.fromEntries(groups.groups.map((g) => [g.name, g.preferredVersion.version]));
    assert.equal(preferred[AQUA], 'v1alpha1');
    assert.equal(preferred['wgpolicyk8s.io'], 'v1alpha2');
    for (const builtin of [
      'apps',
      'batch',
      'rbac.authorization.k8s.io',
      'apiextensions.k8s.io',
      'authorization.k8s.io',
    ])
      assert.equal(preferred[builtin], 'v1');
    const resources = (await call(server, 'GET', `/apis/${AQUA}/v1alpha1`)).body as {
      resources: Array<Record<string, unknown>>;
    };
    assert.deepEqual(
      resources.resources.find((r) => r.name === 'vulnerabilityreports'),
      {
        name: 'vulnerabilityreports',
        singularName: 'vulnerabilityreport',
        namespaced: true,
        kind: 'VulnerabilityReport',
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        shortNames: ['vuln', 'vulns'],
      },
    );
    // ClusterComplianceReport's CRD declares `subresources: {status: {}}`.
    assert.ok(resources.resources.some((r) => r.name === 'clustercompliancereports/status'));
    const missing = await call(server, 'GET', '/apis/nosuch.example.com/v1/things');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'the server could not find the requested resource');
  });

  it('answers a Table when asked, with the CRD printer columns', async () => {
    const reply = await call(server, 'GET', `${VULNS}?limit=500`, {
      headers: {
        Accept:
          'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      },
    });
    assert.equal(reply.contentType, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    assert.equal(reply.body.kind, 'Table');
    // Name, then the 10 additionalPrinterColumns of the vulnerabilityreports CRD (Repository … Unknown, Fixable).
    const columns = (reply.body.columnDefinitions as Array<{ name: string }>).map((c) => c.name);
    assert.deepEqual(columns.slice(0, 5), ['Name', 'Repository', 'Tag', 'Scanner', 'Age']);
    assert.deepEqual(reply.body.rows[1].cells.slice(0, 4), [
      'replicaset-nginx-deployment-559d658b74-nginx',
      'library/nginx',
      '1.16.1',
      'Trivy',
    ]);
    assert.equal(reply.body.rows[1].object.kind, 'PartialObjectMetadata');
  });

  it('lists at an exact resourceVersion from history, and answers 410 once it is compacted', async () => {
    const before = (await call(server, 'GET', VULNS)).body.metadata.resourceVersion as string;
    server.create(copy('exact-later'));
    const then = await call(server, 'GET', `${VULNS}?resourceVersion=${before}&resourceVersionMatch=Exact`);
    assert.equal(then.body.items.length, 2);
    const now = await call(
      server,
      'GET',
      `${VULNS}?resourceVersion=${before}&resourceVersionMatch=NotOlderThan`,
    );
    assert.equal(now.body.items.length, 3);
    server.faults.compact();
    const gone = await call(server, 'GET', `${VULNS}?resourceVersion=${before}&resourceVersionMatch=Exact`);
    assert.equal(gone.status, 410);
    assert.deepEqual([gone.body.kind, gone.body.reason, gone.body.code], ['Status', 'Expired', 410]);
    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'exact-later');
  });

  it('sends initial events then a bookmark marking their end (sendInitialEvents)', async () => {
    const w = watch(
      server,
      `${VULNS}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    try {
      await w.until(() => w.events.some((e) => e.type === 'BOOKMARK'), 'bookmark');
      assert.deepEqual(
        w.events.slice(0, 3).map((e) => e.type),
        ['ADDED', 'ADDED', 'BOOKMARK'],
      );
      assert.equal(w.events[2]?.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
    } finally {
      w.close();
    }
  });

  it('turns selector transitions into ADDED/DELETED on a watch, also on the legacy /watch/ path', async () => {
    const rv = (await call(server, 'GET', VULNS)).body.metadata.resourceVersion as string;
    const w = watch(
      server,
      `/apis/${AQUA}/v1alpha1/watch/namespaces/default/vulnerabilityreports?labelSelector=team%3Da&resourceVersion=${rv}`,
    );
    try {
      const obj = server.create(copy('moving', 'default', { team: 'b' })) as KubeObj;
      const inA = server.update({ ...obj, metadata: { ...obj.metadata, labels: { team: 'a' } } }) as KubeObj;
      const changed = server.update({
        ...inA,
        metadata: { ...inA.metadata, annotations: { x: 'y' } },
      }) as KubeObj;
      server.update({ ...changed, metadata: { ...changed.metadata, labels: { team: 'c' } } });
      await w.until(() => w.events.length >= 3, 'three events');
      assert.deepEqual(
        w.events.map((e) => e.type),
        ['ADDED', 'MODIFIED', 'DELETED'],
      );
    } finally {
      w.close();
      server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'moving');
    }
  });

  it('answers a watch beyond the history window with a 410 ERROR event', async () => {
    const small = await startFakeApiServer({
      objects: fixture.items,
      historyLimit: 3,
      users: [{ name: 'admin', token: TOKEN, rules: null }],
    });
    try {
      const rv = (await call(small, 'GET', VULNS)).body.metadata.resourceVersion as string;
      for (const name of ['h1', 'h2', 'h3', 'h4']) small.create(copy(name));
      const w = watch(small, `${VULNS}?watch=true&resourceVersion=${rv}`);
      await w.until(() => w.ended(), 'stream end');
      assert.equal(w.events.length, 1);
      assert.equal(w.events[0]?.type, 'ERROR');
      assert.match(w.events[0]?.object.message, /^too old resource version: \d+ \(\d+\)$/);
      assert.equal(w.events[0]?.object.code, 410);
    } finally {
      await small.close();
    }
  });

  it('deletes what lives in a namespace with the namespace', async () => {
    server.create(copy('doomed', 'temporary'));
    const rv = (await call(server, 'GET', VULNS)).body.metadata.resourceVersion as string;
    const w = watch(server, `${VULNS}?watch=true&resourceVersion=${rv}`);
    try {
      const reply = await call(server, 'DELETE', '/api/v1/namespaces/temporary');
      assert.equal(reply.status, 200);
      await w.until(() => w.events.some((e) => e.type === 'DELETED'), 'DELETED');
      assert.equal(w.events[0]?.object.metadata.name, 'doomed');
      assert.equal(
        (await call(server, 'GET', `/apis/${AQUA}/v1alpha1/namespaces/temporary/vulnerabilityreports/doomed`))
          .status,
        404,
      );
    } finally {
      w.close();
    }
  });

  it('patches with JSON merge and JSON patch, and refuses strategic merge on custom resources', async () => {
    const path = `/apis/${AQUA}/v1alpha1/namespaces/default/vulnerabilityreports/pod-tt-reg-test`;
    const merged = await call(server, 'PATCH', path, {
      body: { metadata: { labels: { patched: 'merge' } } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    assert.equal(merged.status, 200);
    assert.equal(merged.body.metadata.labels.patched, 'merge');
    assert.equal(merged.body.metadata.labels['trivy-operator.resource.name'], 'tt-reg');
    const jsonPatched = await call(server, 'PATCH', path, {
      body: [{ op: 'remove', path: '/metadata/labels/patched' }],
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    assert.equal(jsonPatched.body.metadata.labels.patched, undefined);
    const strategic = await call(server, 'PATCH', path, {
      body: {},
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    });
    assert.equal(strategic.status, 415);
  });

  it('keeps status and the rest apart when a CRD has a status subresource', async () => {
    const base = `/apis/${AQUA}/v1alpha1/clustercompliancereports`;
    const created = await call(server, 'POST', base, {
      body: {
        apiVersion: `${AQUA}/v1alpha1`,
        kind: 'ClusterComplianceReport',
        metadata: { name: 'nsa' },
        spec: { cron: '0 */6 * * *' },
        status: { summary: { failCount: 1 } },
      },
    });
    assert.equal(created.status, 201);
    const withStatus = await call(server, 'PUT', `${base}/nsa/status`, {
      body: { ...created.body, spec: { cron: 'ignored' }, status: { summary: { failCount: 7 } } },
    });
    assert.equal(withStatus.body.status.summary.failCount, 7);
    assert.equal(withStatus.body.spec.cron, '0 */6 * * *');
    const main = await call(server, 'PUT', `${base}/nsa`, {
      body: { ...withStatus.body, spec: { cron: '@daily' }, status: { summary: { failCount: 0 } } },
    });
    assert.equal(main.body.spec.cron, '@daily');
    assert.equal(main.body.status.summary.failCount, 7);
    assert.equal(main.body.metadata.generation, 2);
  });
});
