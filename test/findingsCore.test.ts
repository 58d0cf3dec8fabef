// The façade as a host uses it: createFindingsCore over the Node adapters, two clusters (fake API
// servers) and a workspace of 200 manifest files. Live findings placed in one pass per store
// change, a context switch that replaces them, scans one at a time per target, and nothing but
// plain data handed back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFindingsCore, type FindingsCore } from '../shared/src/host/findingsCore.js';
import { ScanCancelledError } from '../shared/src/host/localScans.js';
import { readTrivyIgnore } from '../shared/src/ignore/trivyIgnore.js';
import { reportKindByName } from '../shared/src/model/reportKinds.js';
import { workloadKey } from '../shared/src/model/workloadRef.js';
import { ExecTrivyRunner } from '../shared/src/node/execTrivyRunner.js';
import { loadKubeConfig } from '../shared/src/node/kubeConfigLoader.js';
import { kubeClusterSources } from '../shared/src/node/kubeSessions.js';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';
import type { WorkspaceChange } from '../shared/src/workspace/manifestWorkspace.js';
import { TRIVY_FIXTURES, fakeTrivyScratch, type FakeTrivyScratch } from './doubles/fakeTrivy/fakeTrivyBin.js';
import { generateReports } from './doubles/fakeApiServer/generateReports.js';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';
import {
  copyOf,
  FAST,
  storeReaches,
  writeKubeconfigWithNamespace,
  yamlFixture,
} from './kubeClusterSourceHelpers.js';
import { assertPlainData } from './plainData.js';
import { workspaceBurst, type WorkspaceBurst } from './workspaceBurst.js';

const KINDS = [reportKindByName('VulnerabilityReport')!, reportKindByName('ConfigAuditReport')!];
const NGINX_MANIFEST = 'deploy/nginx-deployment.yaml';

describe('createFindingsCore', () => {
  let dir: string;
  let prod: FakeApiServer; // 500 generated workloads: the 1,000 reports of the workspace burst
  let staging: FakeApiServer; // the docs' nginx reports, in namespace shop
  let burst: WorkspaceBurst;
  let kubeconfigs: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'findings-core-'));
    burst = workspaceBurst(200, 500);
    prod = await startFakeApiServer({ objects: generateReports(500, 7).objects });
    staging = await startFakeApiServer({
      users: [{ name: 'staging', token: randomBytes(16).toString('hex'), rules: null }],
      objects: [
        ...yamlFixture('vulnerabilityreport_replicaset-nginx_docs.yaml'),
        ...yamlFixture('configauditreport_replicaset-nginx_docs.yaml'),
      ].map((r) => copyOf(r, r.metadata.name!, 'shop')),
    });
    // Two kubeconfig files as KUBECONFIG merges them: context admin (namespace default) and
    // context staging (namespace shop), as `kubectl config set-context --namespace` leaves them.
    writeKubeconfigWithNamespace(prod.kubeconfigPath, join(dir, 'prod'), 'default');
    writeKubeconfigWithNamespace(staging.kubeconfigPath, join(dir, 'staging'), 'shop');
    // Both fakes name their cluster fake-cluster; merged, the first file's would win for both.
    const text = readFileSync(join(dir, 'staging'), 'utf8');
    writeFileSync(join(dir, 'staging'), text.replaceAll('fake-cluster', 'staging-cluster'), { mode: 0o600 });
    kubeconfigs = `${join(dir, 'prod')}:${join(dir, 'staging')}`;
  });
  after(async () => {
    await Promise.all([prod.close(), staging.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  function hostCore(): FindingsCore {
    const loaded = loadKubeConfig({ env: { KUBECONFIG: kubeconfigs } });
    const core = createFindingsCore(
      { files: new NodeFileReader(), clusterSource: kubeClusterSources(loaded, FAST) },
      { session: { batchMs: 5, kinds: KINDS, rediscoverMs: 0 } },
    );
    for (const [path, text] of burst.files) core.workspace.update(path, text);
    return core;
  }

  const placedCount = (core: FindingsCore) =>
    core.workspace.placedFiles().reduce((n, path) => n + core.workspace.placements(path).length, 0);

  it("places a cluster's findings on the manifests, one pass per store change however many files", async () => {
    const core = hostCore();
    try {
      // For each store change: what the workspace's counters moved by while the link placed it
      // (the link listens first, so by the time this listener runs the batch is placed).
      const passes: {
        workloads: number;
        findings: number;
        lookups: number;
        ranges: number;
        changes: number;
      }[] = [];
      const changes: WorkspaceChange[] = [];
      core.workspace.onDidChange((c) => changes.push(c));
      let last = core.workspace.stats();
      let seen = 0;
      core.clusters.onDidChange(({ change }) => {
        const now = core.workspace.stats();
        const session = core.clusters.get('admin')!;
        // Workloads whose findings went (none left) are removed from the workspace, not looked up.
        const placed = change.workloads.filter((w) => session.store.findingsForWorkload(w).length > 0);
        passes.push({
          workloads: placed.length,
          findings: placed.reduce((n, w) => n + session.store.findingsForWorkload(w).length, 0),
          lookups: now.lookups - last.lookups,
          ranges: now.rangeCalls - last.rangeCalls,
          changes: changes.length - seen,
        });
        last = now;
        seen = changes.length;
      });
      const session = (await core.live.show('admin'))!;
      // From here on, only store changes move the counters (show() placed an empty store).
      assert.equal(session.store.size, 0);
      last = core.workspace.stats();
      seen = changes.length;
      await session.whenSettled();
      await storeReaches(session.store, () => placedCount(core) === burst.findings, 'every finding placed');

      assert.equal(session.store.size, 1000);
      assert.equal(
        core.workspace.defaultNamespace,
        'default',
        "the context's namespace reached the workspace",
      );
      const withWorkloads = passes.filter((p) => p.workloads > 0);
      assert.ok(withWorkloads.length > 0);
      for (const p of withWorkloads) {
        // Every generated Deployment is in the workspace: its first candidate is found.
        assert.equal(p.lookups, p.workloads, 'one lookup per workload of the change');
        // At most: a finding already placed in the same index keeps its remembered range.
        assert.ok(
          p.ranges <= p.findings,
          `at most one range per finding of the change, not per file (${p.ranges} for ${p.findings})`,
        );
        assert.ok(p.changes <= 1, 'at most one workspace change per store change');
      }
      // The two lists (one per kind) and the owners read afterwards came as a handful of store
      // changes, not one per report: 1,000 reports cost a few passes over 500 workloads.
      assert.ok(withWorkloads.length <= 10, `${withWorkloads.length} passes`);
      assert.ok(withWorkloads.some((p) => p.workloads === 500));
      // Each Deployment's findings landed in the one file that describes it.
      for (const d of burst.deployments.slice(0, 20)) {
        const key = workloadKey({
          kind: 'Deployment',
          namespace: d.metadata.namespace!,
          name: d.metadata.name!,
        });
        const path = burst.fileOf.get(key)!;
        assert.equal(
          core.workspace.placements(path).filter((p) => p.workload === key).length,
          session.store.findingsForWorkload(key).length,
          key,
        );
      }
      assertPlainData(core.summaries.ofCluster('admin'), 'the cluster summary');
      assertPlainData(core.workspace.placements(burst.fileOf.values().next().value!), 'placements');
      assertPlainData(changes, 'workspace changes');
    } finally {
      core.dispose();
    }
  });

  it("replaces the set on a context switch: the old context's findings leave, the new namespace and findings come", async () => {
    const core = hostCore();
    try {
      const admin = (await core.live.show('admin'))!;
      await admin.whenSettled();
      await storeReaches(admin.store, () => placedCount(core) === burst.findings, 'admin placed');
      assert.deepEqual(core.workspace.placements(NGINX_MANIFEST), []);

      const changed = new Set<string>();
      core.workspace.onDidChange((c) => c.files.forEach((f) => changed.add(f)));
      const shop = (await core.live.show('staging'))!;
      await shop.whenSettled();
      await storeReaches(
        shop.store,
        () => core.workspace.placements(NGINX_MANIFEST).length === 4,
        'nginx placed',
      );

      assert.equal(core.live.context, 'staging');
      assert.deepEqual(core.clusters.contexts(), ['staging'], 'the context shown before is closed');
      assert.equal(shop.namespace, 'shop');
      // The nginx manifest names no namespace: it stands for shop/nginx only now that the
      // workspace has the staging context's namespace.
      assert.equal(core.workspace.defaultNamespace, 'shop');
      assert.deepEqual(
        core.workspace.placements(NGINX_MANIFEST).map((p) => [p.finding.id, p.range.startLine, p.workload]),
        [
          ['CVE-2019-20367', 20, 'Deployment/shop/nginx'], // image: nginx:1.16
          ['CVE-2018-25009', 20, 'Deployment/shop/nginx'],
          ['notReadOnlyRootFilesystem', 21, 'Deployment/shop/nginx'], // securityContext:
          ['privilegeEscalationAllowed', 22, 'Deployment/shop/nginx'], // allowPrivilegeEscalation: true
        ],
      );
      assert.equal(placedCount(core), 4, "none of the admin context's findings is left");
      // Every file that held admin findings was announced, so a host clears its diagnostics.
      for (const path of burst.fileOf.values()) assert.ok(changed.has(path), path);

      // An ignore entry hides the CVE from the manifests, as it does from the CLI; each of
      // several files (a multi-root workspace's) hides what its entries match.
      const ignore = [
        { source: 'a/.trivyignore', file: readTrivyIgnore('CVE-2019-20367\n', '.trivyignore').value },
        {
          source: 'b/.trivyignore.yaml',
          file: readTrivyIgnore(
            'misconfigurations:\n  - id: privilegeEscalationAllowed\n    statement: reviewed\n',
            '.trivyignore.yaml',
          ).value,
        },
      ];
      const change = core.live.configure({ ignore });
      assert.deepEqual(change.files, [NGINX_MANIFEST]);
      assert.deepEqual(
        core.workspace
          .placements(NGINX_MANIFEST)
          .map((p) => p.finding.id)
          .sort(),
        ['CVE-2018-25009', 'notReadOnlyRootFilesystem'],
      );
      // Shown with the suppressed ones, each names the file and line of its entry.
      core.live.configure({ ignore, filter: { all: true } });
      assert.deepEqual(
        core.workspace
          .placements(NGINX_MANIFEST)
          .filter((p) => p.finding.suppressed)
          .map((p) => [p.finding.id, p.finding.suppression?.source, p.finding.suppression?.line])
          .sort(),
        [
          ['CVE-2019-20367', 'a/.trivyignore', 1],
          ['privilegeEscalationAllowed', 'b/.trivyignore.yaml', 2],
        ],
      );

      await core.live.show(undefined);
      assert.equal(placedCount(core), 0);
      assert.deepEqual(core.clusters.contexts(), []);
    } finally {
      core.dispose();
    }
  });

  it('reads many inputs and summarises them as plain data', async () => {
    const core = hostCore();
    try {
      const read = await core.inputs.read({
        paths: [join(TRIVY_FIXTURES, 'image_alpine-3.10_trivy-json.json'), join(dir, 'missing.json')],
      });
      assert.deepEqual(
        read.sources.map((s) => [s.format, s.findings, s.problems.length]),
        [
          ['trivy-json', 4, 0],
          ['unknown', 0, 1],
        ],
      );
      assertPlainData(read, 'an inputs read');
      const summary = core.summaries.of(read.findings);
      assert.deepEqual(summary.counts, { CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
      assertPlainData(summary, 'a summary');
      assertPlainData(core.workspace.file(NGINX_MANIFEST), 'a workspace file');
    } finally {
      core.dispose();
    }
  });

  it('says what a host without a cluster source or a trivy cannot do', async () => {
    const core = createFindingsCore({ files: new NodeFileReader() });
    try {
      await assert.rejects(core.live.show('admin'), /this host reads no cluster/);
      assert.equal(core.live.context, undefined);
      await assert.rejects(core.scans.run({ scan: 'config', target: '.' }), /this host runs no local Trivy/);
    } finally {
      core.dispose();
    }
  });

  describe('scans', () => {
    let scratch: FakeTrivyScratch;
    before(() => {
      scratch = fakeTrivyScratch();
    });
    after(() => scratch.dispose());
    const HELM_CHART = join(TRIVY_FIXTURES, 'inputs/helm_testchart');
    const version = { version: '0.74.0' };
    const coreWith = (mode: string) =>
      createFindingsCore({
        files: new NodeFileReader(),
        trivy: new ExecTrivyRunner(() => 'trivy', { env: scratch.env(mode), killGraceMs: 200 }),
      });

    it('runs a scan and returns plain data', async () => {
      const core = coreWith('');
      try {
        const result = await core.scans.run({ scan: 'config', target: HELM_CHART, trivyVersion: version });
        assert.equal(result.findings.length, 6);
        assert.deepEqual(core.scans.targets(), []);
        assertPlainData(result, 'a scan result');
      } finally {
        core.dispose();
      }
    });

    it('runs one scan at a time per target: a newer one cancels the one still running', async () => {
      const core = coreWith('hang');
      try {
        const first = core.scans.run({ scan: 'config', target: HELM_CHART, trivyVersion: version });
        const other = core.scans.run({ scan: 'fs', target: HELM_CHART, trivyVersion: version });
        const second = core.scans.run({ scan: 'config', target: HELM_CHART, trivyVersion: version });
        const cancelled = (reason: string) => (err: unknown) =>
          err instanceof ScanCancelledError && err.reason === reason && err.name === 'AbortError';
        await assert.rejects(first, cancelled('superseded'));
        assert.deepEqual(core.scans.targets().sort(), [`config ${HELM_CHART}`, `fs ${HELM_CHART}`]);
        core.scans.cancel(HELM_CHART);
        await Promise.all([
          assert.rejects(second, cancelled('cancelled')),
          assert.rejects(other, cancelled('cancelled')),
        ]);
        assert.deepEqual(core.scans.targets(), []);
      } finally {
        core.dispose();
      }
    });

    it('cancels every scan when the host goes away, and the caller by its own signal', async () => {
      const core = coreWith('hang');
      const mine = new AbortController();
      const own = core.scans.run({
        scan: 'config',
        target: HELM_CHART,
        trivyVersion: version,
        signal: mine.signal,
      });
      const running = core.scans.run({ scan: 'fs', target: HELM_CHART, trivyVersion: version });
      const runningDone = assert.rejects(running, (err: unknown) => err instanceof ScanCancelledError);
      mine.abort();
      await assert.rejects(
        own,
        (err: unknown) => (err as Error).name === 'AbortError' && !(err instanceof ScanCancelledError),
      );
      core.dispose();
      await runningDone;
    });
  });
});
