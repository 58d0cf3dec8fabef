// The one discovery of both hosts (kubeApi/kubeDiscovery.ts), over the Node transport against the
// fake API server: which report kinds are served (CRDs installed, removed, none), plurals for owner
// lookups, a group version that answers 404, and the cluster's faults (401, a failing server, down).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeDiscovery } from '../shared/src/kubeApi/kubeDiscovery.js';
import { REPORT_KINDS, reportKindByName } from '../shared/src/model/reportKinds.js';
import { KubeCredentials } from '../shared/src/node/kubeCredentials.js';
import { loadKubeConfig } from '../shared/src/node/kubeConfigLoader.js';
import { NodeKubeTransport } from '../shared/src/node/kubeTransport.js';
import { ClusterUnauthorizedError, ClusterUnreachableError } from '../shared/src/ports/clusterSource.js';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';

const AQUA = 'aquasecurity.github.io';

function discoveryOf(server: FakeApiServer): KubeDiscovery {
  const { config } = loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: {} });
  return new KubeDiscovery(new NodeKubeTransport(new KubeCredentials(config)));
}

/** What a promise rejected with, or `undefined` when it resolved: the error's fields get asserted. */
const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

const kindNames = (served: ReadonlyMap<{ kind: string }, string>) =>
  [...served.keys()].map((k) => k.kind).sort();
const discoveryRequests = (server: FakeApiServer, from: number) =>
  server.requests.slice(from).map((r) => `${r.path} ${r.status}`);

describe('KubeDiscovery over a KubeTransport, against the fake API server', () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer();
  });
  after(() => server.close());

  it('finds every report kind of the fixture CRDs at its first served version, one request per group version', async () => {
    const from = server.requests.length;
    const served = await discoveryOf(server).reportKinds();
    assert.deepEqual(kindNames(served), REPORT_KINDS.map((k) => k.kind).sort());
    assert.equal(served.get(reportKindByName('VulnerabilityReport')!), 'v1alpha1');
    // Kyverno's CRD serves v1alpha2 first; the table asks for it before v1beta1.
    assert.equal(served.get(reportKindByName('PolicyReport')!), 'v1alpha2');
    const asked = discoveryRequests(server, from);
    assert.equal(asked[0], '/apis 200');
    assert.equal(new Set(asked).size, asked.length, `each document once: ${asked.join(', ')}`);
    assert.ok(asked.every((r) => r.endsWith(' 200')));
  });

  it('gives plurals for owner lookups, caches them until invalidated, and a group version it does not serve none', async () => {
    const discovery = discoveryOf(server);
    const from = server.requests.length;
    assert.deepEqual(await discovery.resourceFor('apps/v1', 'Deployment'), {
      plural: 'deployments',
      kind: 'Deployment',
      namespaced: true,
    });
    // A subresource (`deployments/scale`) is never the kind's resource.
    assert.equal((await discovery.resourceFor('apps/v1', 'Deployment'))?.plural, 'deployments');
    assert.equal((await discovery.resourceFor('v1', 'Pod'))?.plural, 'pods');
    assert.deepEqual(discoveryRequests(server, from), ['/apis/apps/v1 200', '/api/v1 200']);
    discovery.invalidate();
    await discovery.resourceFor('apps/v1', 'Deployment');
    assert.equal(discoveryRequests(server, from).length, 3, 'asked again after invalidate');
    // 404 serves nothing, and is not cached: a CRD installed later is seen.
    assert.equal(await discovery.resourceFor('example.com/v1', 'Widget'), undefined);
    assert.equal(await discovery.resourceFor('example.com/v1', 'Widget'), undefined);
    assert.deepEqual(discoveryRequests(server, from).slice(3), [
      '/apis/example.com/v1 404',
      '/apis/example.com/v1 404',
    ]);
  });

  it('leaves out a kind whose CRD is removed, and finds nothing where no CRD is installed', async () => {
    const bare = await startFakeApiServer({ crdsDir: false });
    try {
      const from = bare.requests.length;
      assert.equal((await discoveryOf(bare).reportKinds()).size, 0);
      // No report group is served: nothing is asked that answers 404 (no noise in the server's log).
      assert.deepEqual(discoveryRequests(bare, from), ['/apis 200']);
    } finally {
      await bare.close();
    }
    const own = await startFakeApiServer();
    try {
      own.faults.removeCrd('exposedsecretreports', AQUA);
      const served = await discoveryOf(own).reportKinds();
      assert.equal(served.has(reportKindByName('ExposedSecretReport')!), false);
      assert.equal(served.size, REPORT_KINDS.length - 1);
    } finally {
      await own.close();
    }
  });

  it('rejects as unauthorized when the credentials are refused, naming the document', async () => {
    server.faults.failRequests({ status: { code: 401, reason: 'Unauthorized', message: 'Unauthorized' } });
    try {
      const err = await rejectionOf(discoveryOf(server).reportKinds());
      assert.ok(err instanceof ClusterUnauthorizedError, String(err));
      assert.match(err.reason, /^\/apis: /);
    } finally {
      server.faults.failRequests(undefined);
    }
  });

  it('rejects as unreachable when the server fails a group version, and asks again next time', async () => {
    const discovery = discoveryOf(server);
    // The next request, whatever it is: the group version's document.
    server.faults.failRequests({
      status: { code: 500, reason: 'InternalError', message: 'etcd is down' },
      times: 1,
    });
    const failed = await rejectionOf(discovery.resourceFor(`${AQUA}/v1alpha1`, 'VulnerabilityReport'));
    assert.ok(failed instanceof ClusterUnreachableError && !(failed instanceof ClusterUnauthorizedError));
    assert.match(failed.reason, /^\/apis\/aquasecurity\.github\.io\/v1alpha1: .*etcd is down/);
    assert.equal(
      (await discovery.resourceFor(`${AQUA}/v1alpha1`, 'VulnerabilityReport'))?.plural,
      'vulnerabilityreports',
    );
  });

  it('rejects as unreachable when the server is down', async () => {
    server.faults.refuse(true);
    try {
      const err = await rejectionOf(discoveryOf(server).reportKinds());
      assert.ok(
        err instanceof ClusterUnreachableError && !(err instanceof ClusterUnauthorizedError),
        String(err),
      );
    } finally {
      server.faults.refuse(false);
    }
  });
});
