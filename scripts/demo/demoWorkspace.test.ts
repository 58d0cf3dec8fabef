// The demo's workspace, prepared from a running demo cluster: its manifests are what kubectl writes
// for the cluster's Deployments (compared byte for byte with the real kubectl against the same
// server), they describe workloads that have reports, and its settings and ignore file are what the
// README says.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { expiryTime, readTrivyIgnore } from '../../shared/src/ignore/trivyIgnore.js';
import type { KubeObj } from '../../test/doubles/fakeApiServer/index.js';
import { startDemoCluster, DEMO_CONTEXT, type DemoCluster } from './demoCluster.js';
import { findOnPath } from './demoEditor.js';
import { prepareDemoWorkspace, type DemoWorkspace } from './demoWorkspace.js';

const repo = new URL('../../', import.meta.url).pathname;
const fixturesDir = join(repo, 'test', 'fixtures');
const fakeTrivy = join(repo, 'test', 'doubles', 'fakeTrivy', 'bin', 'trivy');
const NOW = new Date('2026-06-15T12:00:00Z');

async function demo(t: { after: (fn: () => unknown) => void }): Promise<{
  cluster: DemoCluster;
  workspace: string;
  prepared: DemoWorkspace;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-findings-demo-'));
  const cluster = await startDemoCluster({
    reportsDir: join(fixturesDir, 'reports'),
    generate: 30,
    kubeconfigPath: join(dir, 'kubeconfig'),
    replayIntervalMs: 0,
  });
  t.after(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const workspace = join(dir, 'workspace');
  const prepared = prepareDemoWorkspace({
    dir: workspace,
    server: cluster.server,
    fixturesDir,
    trivyPath: fakeTrivy,
    now: NOW,
  });
  return { cluster, workspace, prepared };
}

/** kubectl against the demo's kubeconfig; asynchronous, as the server answers from this process. */
async function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('kubectl', args, {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

const noKubectl = findOnPath('kubectl') ? false : 'kubectl is not installed';

test(
  'the manifests and the report dump are byte for byte what kubectl writes for the same objects',
  { skip: noKubectl },
  async (t) => {
    const { cluster, workspace, prepared } = await demo(t);
    assert.ok(prepared.manifests.length >= 4, `manifests written: ${prepared.manifests.length}`);
    for (const m of prepared.manifests) {
      const real = await kubectl(cluster.kubeconfigPath, [
        'get',
        'deployment',
        m.name,
        '-n',
        m.namespace,
        '-o',
        'yaml',
      ]);
      assert.equal(readFileSync(join(workspace, m.path), 'utf8'), real, m.path);
    }
    const dump = await kubectl(cluster.kubeconfigPath, ['get', 'vulns', '-A', '-o', 'yaml']);
    assert.equal(readFileSync(join(workspace, 'scans', 'vulnerabilityreports.yaml'), 'utf8'), dump);
    // The kubeconfig names the demo's one context, current, as kubectl reads it.
    assert.equal((await kubectl(cluster.kubeconfigPath, ['config', 'current-context'])).trim(), DEMO_CONTEXT);
  },
);

test('every manifest describes a Deployment of the cluster whose ReplicaSet its reports name', async (t) => {
  const { cluster, workspace, prepared } = await demo(t);
  const replicaSets = cluster.server.list('apps/v1', 'ReplicaSet') as KubeObj[];
  const reports = cluster.server.list('aquasecurity.github.io/v1alpha1', 'VulnerabilityReport') as KubeObj[];
  const namespaces = new Set(prepared.manifests.map((m) => m.namespace));
  assert.ok(namespaces.size >= 2, `namespaces: ${[...namespaces].join(', ')}`);
  assert.ok(
    prepared.manifests.some((m) => m.namespace === 'default' && m.name === 'nginx'),
    'the docs nginx',
  );
  for (const m of prepared.manifests) {
    const written = parse(readFileSync(join(workspace, m.path), 'utf8')) as KubeObj;
    assert.equal(written.kind, 'Deployment', m.path);
    assert.deepEqual(written, cluster.server.get('apps/v1', 'Deployment', m.namespace, m.name), m.path);
    const owned = replicaSets.filter((rs) =>
      (rs.metadata.ownerReferences as { uid?: string }[] | undefined)?.some(
        (o) => o.uid === written.metadata.uid,
      ),
    );
    assert.equal(owned.length, 1, `${m.path}: its ReplicaSet`);
    const named = reports.filter((r) =>
      (r.metadata.ownerReferences as { kind?: string; name?: string }[] | undefined)?.some(
        (o) => o.kind === 'ReplicaSet' && o.name === owned[0]!.metadata.name,
      ),
    );
    assert.ok(
      named.length > 0,
      `${m.path}: a VulnerabilityReport names ReplicaSet ${owned[0]!.metadata.name}`,
    );
  }
});

test('the workspace holds the chart, the Dockerfile, the saved scans, the fake trivy setting and a two-entry ignore file', async (t) => {
  const { workspace } = await demo(t);
  for (const path of ['helm_testchart/Chart.yaml', 'helm_testchart/templates/deployment.yaml', 'Dockerfile'])
    accessSync(join(workspace, path));
  for (const scan of [
    'image_alpine-3.10_trivy-json.json',
    'image_alpine-3.10_trivy-sarif.json',
    'config_helm-testchart_trivy-json.json',
  ])
    assert.equal(
      readFileSync(join(workspace, 'scans', scan), 'utf8'),
      readFileSync(join(fixturesDir, 'trivy', scan), 'utf8'),
    );
  const settings = JSON.parse(readFileSync(join(workspace, '.vscode', 'settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(settings['trivyFindings.trivy.path'], fakeTrivy);
  accessSync(fakeTrivy, constants.X_OK);

  const ignore = readTrivyIgnore(
    readFileSync(join(workspace, '.trivyignore.yaml'), 'utf8'),
    '.trivyignore.yaml',
  );
  assert.deepEqual(ignore.problems, []);
  const entries = ignore.value.entries.map((e) => ({
    id: e.id,
    live: (expiryTime(e.expiresAt) ?? Infinity) > NOW.getTime(),
  }));
  assert.deepEqual(entries, [
    { id: 'CVE-2018-25009', live: false },
    { id: 'notReadOnlyRootFilesystem', live: true },
  ]);
});
