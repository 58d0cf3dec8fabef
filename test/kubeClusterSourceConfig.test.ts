// Kubeconfig loading as kubectl does it (clientcmd loading rules), and auth through client-node
// against the fake API server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { reportKindByName } from '../shared/src/model/reportKinds.js';
import { loadKubeConfig, withContext } from '../shared/src/node/kubeConfigLoader.js';
import { kubeSession } from '../shared/src/node/kubeSessions.js';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';
import { FAST, realVulnerabilityReports } from './kubeClusterSourceHelpers.js';

interface Kubeconfig {
  clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
  contexts: Array<{ name: string; context: Record<string, string> }>;
  'current-context'?: string;
}

const VULN = reportKindByName('VulnerabilityReport')!;

describe('loadKubeConfig', () => {
  let server: FakeApiServer;
  let dir: string;
  let base: Kubeconfig;
  before(async () => {
    server = await startFakeApiServer({
      objects: realVulnerabilityReports(),
      users: [
        { name: 'admin', token: 'admin-token', rules: null },
        { name: 'dev', token: 'dev-token', rules: null },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    base = parse(readFileSync(server.kubeconfigPath, 'utf8')) as Kubeconfig;
  });
  after(() => server.close());

  const write = (name: string, config: Partial<Kubeconfig>) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], ...config }),
    );
    return path;
  };

  it('merges the files of KUBECONFIG, the first to define a name or current-context winning', () => {
    const first = write('first', {
      clusters: base.clusters,
      users: [base.users[0]!],
      contexts: [base.contexts[0]!],
      'current-context': 'admin',
    });
    // The second file redefines `admin` (pointing nowhere) and adds `dev`; kubectl keeps the first `admin`.
    const second = write('second', {
      clusters: [{ name: 'elsewhere', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [base.users[1]!],
      contexts: [{ name: 'admin', context: { cluster: 'elsewhere', user: 'dev' } }, base.contexts[1]!],
      'current-context': 'dev',
    });
    const loaded = loadKubeConfig({
      env: { KUBECONFIG: [first, join(dir, 'missing'), second].join(delimiter) },
    });
    assert.equal(loaded.context, 'admin');
    assert.equal(loaded.server, server.url);
    assert.deepEqual(loaded.files, [first, second], 'the missing file is skipped');
    assert.deepEqual([...loaded.contexts].sort(), ['admin', 'dev']);
    assert.equal(withContext(loaded, 'dev').context, 'dev');
  });

  it('reads ~/.kube/config when KUBECONFIG is unset, and --kubeconfig over both', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), stringify({ ...base, 'current-context': 'dev' }));
    assert.equal(loadKubeConfig({ env: { HOME: home } }).context, 'dev');
    assert.equal(loadKubeConfig({ env: { HOME: home }, kubeconfig: server.kubeconfigPath }).context, 'admin');
  });

  it('resolves a relative certificate-authority path against the file that names it', async () => {
    const sub = join(dir, 'relative');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'ca.pem'), server.caPem);
    const clusters = base.clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.cluster.server, 'certificate-authority': 'ca.pem' },
    }));
    const path = join(sub, 'config');
    writeFileSync(path, stringify({ ...base, clusters }));
    const session = kubeSession(loadKubeConfig({ env: { KUBECONFIG: path } }), {
      source: FAST,
      kinds: [VULN],
    });
    await session.start();
    await session.whenSettled();
    assert.equal(session.store.size, 2);
    session.dispose();
  });

  it('authenticates through an exec credential plugin', async () => {
    // A client.authentication.k8s.io/v1 ExecCredential, as `aws eks get-token` or `kubelogin` print.
    const plugin = join(dir, 'plugin.mjs');
    writeFileSync(
      plugin,
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'dev-token', expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() } }));`,
    );
    const users = [
      {
        name: 'dev',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: [plugin],
            interactiveMode: 'Never',
          },
        },
      },
    ];
    const path = write('exec', {
      clusters: base.clusters,
      users,
      contexts: [base.contexts[1]!],
      'current-context': 'dev',
    });
    const session = kubeSession(loadKubeConfig({ kubeconfig: path }), { source: FAST, kinds: [VULN] });
    await session.start();
    await session.whenSettled();
    assert.equal(session.store.size, 2);
    assert.ok(
      server.requests.some((r) => r.user === 'dev'),
      'the request carried the plugin’s token',
    );
    session.dispose();
  });

  it('says where it looked when there is no kubeconfig', () => {
    const empty = join(dir, 'nohome');
    mkdirSync(empty, { recursive: true });
    assert.throws(() => loadKubeConfig({ env: { HOME: empty } }), {
      name: 'KubeConfigError',
      message: `no kubeconfig found (looked at ${join(empty, '.kube', 'config')}, KUBECONFIG unset, no in-cluster service account (KUBERNETES_SERVICE_HOST unset))`,
    });
  });

  it('names the contexts it has when the requested one is missing', () => {
    assert.throws(() => loadKubeConfig({ kubeconfig: server.kubeconfigPath, context: 'prod' }), {
      message: 'context prod not in kubeconfig (have: admin, dev)',
    });
  });

  it('uses the service account inside a Pod when there is no kubeconfig', () => {
    const empty = join(dir, 'pod-home');
    mkdirSync(empty, { recursive: true });
    const loaded = loadKubeConfig({
      env: { HOME: empty, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
    });
    assert.equal(loaded.inCluster, true);
    assert.equal(loaded.server, 'https://10.96.0.1:443');
  });
});
