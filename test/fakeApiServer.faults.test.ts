// The fault switches of the fake API server, seen on the wire: each answers exactly as the real
// server does in that situation (the Status shapes and headers of apiserver's error paths), so a
// product test against a switch tests the product against the real fault.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { FakeApiServer, KubeObj } from './doubles/fakeApiServer/index.js';
import { startFakeApiServer } from './doubles/fakeApiServer/index.js';
import { call, TOKEN, watch } from './fakeApiServerWire.js';

const AQUA = 'aquasecurity.github.io';
const VULNS = `/apis/${AQUA}/v1alpha1/vulnerabilityreports`;
const AUDITS = `/apis/${AQUA}/v1alpha1/configauditreports`;
const LIST_METADATA = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const OBJECT_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
// Real cluster data: two VulnerabilityReports in "default" (`jq '.items | length'` gives 2).
const fixture = JSON.parse(
  readFileSync(
    new URL('fixtures/reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json', import.meta.url),
    'utf8',
  ),
) as { items: KubeObj[] };
const audit = parseAllDocuments(
  readFileSync(
    new URL('fixtures/reports/configauditreport_replicaset-nginx_docs.yaml', import.meta.url),
    'utf8',
  ),
)[0]!.toJS() as KubeObj;

function copy(base: KubeObj, name: string): KubeObj {
  return { ...structuredClone(base), metadata: { name, namespace: 'default' } };
}

describe('fake API server faults', () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({
      objects: fixture.items,
      users: [{ name: 'admin', token: TOKEN, rules: null }],
    });
  });
  after(() => server.close());

  it('accepts a watch and ends it with one ERROR event carrying a 500 Status', async () => {
    const status = {
      code: 500,
      reason: 'InternalError',
      message: 'Internal error occurred: etcdserver: request timed out',
    };
    server.faults.failWatches({ status, group: AQUA, resource: 'vulnerabilityreports' });
    try {
      const failing = watch(server, `${VULNS}?watch=true`);
      await failing.until(() => failing.ended(), 'the end of the failing watch');
      assert.deepEqual(failing.events, [
        {
          type: 'ERROR',
          object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status },
        },
      ]);
      // Other resources are watched as before.
      server.create(copy(audit, 'audit-during-fault'));
      const other = watch(server, `${AUDITS}?watch=true`);
      await other.until(() => other.events.some((e) => e.type === 'ADDED'), 'an ADDED event');
      other.close();
    } finally {
      server.faults.failWatches(undefined);
      server.remove(`${AQUA}/v1alpha1`, 'ConfigAuditReport', 'default', 'audit-during-fault');
    }
    const healthy = watch(server, `${VULNS}?watch=true`);
    await healthy.until(() => healthy.events.filter((e) => e.type === 'ADDED').length === 2, 'both reports');
    healthy.close();
  });

  it('serves no watch to a client that went away while the request waited', async () => {
    server.faults.delayMs(300);
    try {
      const from = server.requests.length;
      const gone = watch(server, `${VULNS}?watch=true&timeoutSeconds=60&allowWatchBookmarks=true`);
      await until(() => server.requests.length > from, 'the watch request');
      gone.close();
      // Past the delay, the server would have answered: it must have seen the client leave instead.
      const served = watch(server, `${AUDITS}?watch=true&timeoutSeconds=60&allowWatchBookmarks=true`);
      await until(() => server.requests.at(-1)?.path === AUDITS, 'the second watch request');
      await served.until(() => served.events.length > 0, 'the second watch served');
      assert.equal(server.openWatches(), 1, 'the second watch served alone');
      served.close();
    } finally {
      server.faults.delayMs(0);
    }
    await until(() => server.openWatches() === 0, 'no watch open');
  });

  it('answers 429 with a Status and Retry-After, for the next request only when told so', async () => {
    server.faults.failRequests({
      status: {
        code: 429,
        reason: 'TooManyRequests',
        message: 'storage is (re)initializing',
        retryAfterSeconds: 1,
      },
      verbs: ['list'],
      resource: 'vulnerabilityreports',
      times: 1,
    });
    assert.equal((await call(server, 'GET', AUDITS)).status, 200, 'another resource');
    const throttled = await call(server, 'GET', VULNS);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '1');
    assert.deepEqual(throttled.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'storage is (re)initializing',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 1 },
      code: 429,
    });
    assert.equal((await call(server, 'GET', VULNS)).status, 200, 'times: 1 is used up');
  });

  it('answers as max-in-flight does: 429 in plain text with Retry-After, discovery included', async () => {
    server.faults.failRequests({
      status: {
        code: 429,
        reason: 'TooManyRequests',
        message: 'Too many requests, please try again later.',
        retryAfterSeconds: 1,
      },
      plainText: true,
    });
    try {
      const reply = await call(server, 'GET', '/apis');
      assert.equal(reply.status, 429);
      assert.equal(reply.contentType, 'text/plain; charset=utf-8');
      assert.equal(reply.headers['retry-after'], '1');
      assert.equal(reply.body, 'Too many requests, please try again later.\n');
    } finally {
      server.faults.failRequests(undefined);
    }
    assert.equal((await call(server, 'GET', '/apis')).status, 200);
  });

  it('answers 503 ServiceUnavailable with the Status and no Retry-After when none is given', async () => {
    server.faults.failRequests({
      status: {
        code: 503,
        reason: 'ServiceUnavailable',
        message: 'the server is currently unable to handle the request',
      },
      verbs: ['watch'],
    });
    try {
      const reply = await call(server, 'GET', `${VULNS}?watch=true`);
      assert.equal(reply.status, 503);
      assert.equal(reply.headers['retry-after'], undefined);
      assert.equal(reply.body.reason, 'ServiceUnavailable');
      assert.equal((await call(server, 'GET', VULNS)).status, 200, 'a list is not a watch');
    } finally {
      server.faults.failRequests(undefined);
    }
  });

  it('rotates a token: the old one answers 401 from then on, a watch it opened goes on', async () => {
    const open = watch(server, `${VULNS}?watch=true`);
    await open.until(() => open.events.length === 2, 'the initial events');
    server.faults.setToken('admin', 'rotated-token');
    try {
      const before = server.requests.length;
      const rejected = await call(server, 'GET', VULNS);
      assert.equal(rejected.status, 401);
      assert.deepEqual(
        [rejected.body.kind, rejected.body.reason, rejected.body.message, rejected.body.code],
        ['Status', 'Unauthorized', 'Unauthorized', 401],
      );
      assert.equal((await call(server, 'GET', VULNS, { token: 'rotated-token' })).status, 200);
      assert.deepEqual(
        server.requests.slice(before).map((r) => [r.user, r.status]),
        [
          ['', 401],
          ['admin', 200],
        ],
      );
      server.create(copy(fixture.items[0]!, 'after-rotation'));
      await open.until(
        () => open.events.some((e) => e.object.metadata?.name === 'after-rotation'),
        'the new report',
      );
    } finally {
      open.close();
      server.faults.setToken('admin', TOKEN);
      server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'after-rotation');
    }
  });

  it('serves metadata only when asked, and ignores or refuses the Accept header when told to', async () => {
    const paged = await call(server, 'GET', `${VULNS}?limit=1`, { headers: { Accept: LIST_METADATA } });
    assert.equal(paged.status, 200);
    assert.deepEqual(
      [paged.body.kind, paged.body.apiVersion],
      ['PartialObjectMetadataList', 'meta.k8s.io/v1'],
    );
    assert.ok(paged.body.metadata.continue, 'paging as for the objects');
    assert.equal(paged.body.items.length, 1);
    const item = paged.body.items[0];
    assert.deepEqual(Object.keys(item).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.deepEqual([item.kind, item.metadata.name], ['PartialObjectMetadata', 'pod-tt-reg-test']);

    const one = await call(
      server,
      'GET',
      `/apis/${AQUA}/v1alpha1/namespaces/default/vulnerabilityreports/pod-tt-reg-test`,
      {
        headers: { Accept: OBJECT_METADATA },
      },
    );
    assert.deepEqual(
      [one.body.kind, one.body.metadata.name, one.body.report],
      ['PartialObjectMetadata', 'pod-tt-reg-test', undefined],
    );
    const wrongShape = await call(server, 'GET', VULNS, {
      headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' },
    });
    assert.deepEqual([wrongShape.status, wrongShape.body.reason], [406, 'NotAcceptable']);
    assert.match(
      wrongShape.body.message,
      /^you requested PartialObjectMetadata, but the requested object is a list/,
    );

    try {
      server.faults.metadata('ignored');
      const full = await call(server, 'GET', VULNS, { headers: { Accept: LIST_METADATA } });
      assert.equal(full.body.kind, 'VulnerabilityReportList');
      assert.equal(full.body.items[0].kind, 'VulnerabilityReport');
      assert.ok(full.body.items[0].report, 'whole objects');

      server.faults.metadata('refused');
      const refused = await call(server, 'GET', VULNS, { headers: { Accept: LIST_METADATA } });
      assert.deepEqual([refused.status, refused.body.reason], [406, 'NotAcceptable']);
      assert.equal(
        (await call(server, 'GET', VULNS)).body.kind,
        'VulnerabilityReportList',
        'plain JSON still served',
      );
    } finally {
      server.faults.metadata('served');
    }
  });

  it('compacts one resource: its old resourceVersions expire, other resources resume as before', async () => {
    const rv = (await call(server, 'GET', VULNS)).body.metadata.resourceVersion as string;
    server.create(copy(fixture.items[0]!, 'before-compaction'));
    server.create(copy(audit, 'audit-before-compaction'));
    server.faults.compact(AQUA, 'vulnerabilityreports');
    try {
      const expired = watch(server, `${VULNS}?watch=true&resourceVersion=${rv}`);
      await expired.until(() => expired.ended(), 'the end of the expired watch');
      assert.deepEqual(
        expired.events.map((e) => [e.type, e.object.code, e.object.reason]),
        [['ERROR', 410, 'Expired']],
      );
      const resumed = watch(server, `${AUDITS}?watch=true&resourceVersion=${rv}`);
      await resumed.until(() => resumed.events.length > 0, 'the replayed event');
      assert.deepEqual(
        resumed.events.map((e) => [e.type, e.object.metadata.name]),
        [['ADDED', 'audit-before-compaction']],
      );
      resumed.close();
      const exact = await call(server, 'GET', `${VULNS}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
      assert.deepEqual([exact.status, exact.body.reason], [410, 'Expired']);
    } finally {
      server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'before-compaction');
      server.remove(`${AQUA}/v1alpha1`, 'ConfigAuditReport', 'default', 'audit-before-compaction');
    }
  });
});

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
