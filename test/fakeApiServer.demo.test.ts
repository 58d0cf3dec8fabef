// The demo cluster CLI (scripts/demoCluster.ts) and the report generator behind --generate.
import { CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateReports } from './doubles/fakeApiServer/generateReports.js';
import type { KubeObj } from './doubles/fakeApiServer/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AQUA = 'aquasecurity.github.io';

describe('generateReports', () => {
  it('is deterministic per seed and differs between seeds', () => {
    assert.deepEqual(generateReports(20, 5), generateReports(20, 5));
    assert.notDeepEqual(
      generateReports(20, 5).vulnerabilityReports,
      generateReports(20, 6).vulnerabilityReports,
    );
  });

  it('links reports to ReplicaSets and ReplicaSets to Deployments by uid, as trivy-operator and the controllers do', () => {
    const g = generateReports(30, 1);
    assert.equal(g.vulnerabilityReports.length, 30);
    assert.equal(g.configAuditReports.length, 30);
    const byUid = new Map([...g.deployments, ...g.replicaSets].map((o) => [o.metadata.uid, o]));
    for (const report of [...g.vulnerabilityReports, ...g.configAuditReports]) {
      const owner = (
        report.metadata.ownerReferences as Array<{ uid: string; kind: string; name: string }>
      )[0];
      const rs = owner && byUid.get(owner.uid);
      assert.equal(rs?.kind, 'ReplicaSet');
      assert.equal(rs?.metadata.name, owner?.name);
      assert.equal(report.metadata.labels?.['trivy-operator.resource.name'], rs?.metadata.name);
      assert.equal(report.metadata.namespace, rs?.metadata.namespace);
      const deployment = byUid.get((rs?.metadata.ownerReferences as Array<{ uid: string }>)[0]?.uid);
      assert.equal(deployment?.kind, 'Deployment');
    }
    const names = g.vulnerabilityReports.map((r) => r.metadata.name);
    assert.equal(new Set(names).size, names.length);
  });

  it('keeps each summary equal to the findings it lists', () => {
    for (const report of generateReports(10, 3).vulnerabilityReports) {
      const body = report.report as {
        summary: Record<string, number>;
        vulnerabilities: Array<{ severity: string }>;
      };
      const critical = body.vulnerabilities.filter((v) => v.severity === 'CRITICAL').length;
      assert.equal(body.summary.criticalCount, critical);
      assert.equal(
        (body.summary.criticalCount ?? 0) +
          (body.summary.highCount ?? 0) +
          (body.summary.mediumCount ?? 0) +
          (body.summary.lowCount ?? 0) +
          (body.summary.unknownCount ?? 0),
        body.vulnerabilities.length,
      );
    }
    for (const report of generateReports(10, 3).configAuditReports) {
      const body = report.report as {
        summary: Record<string, number>;
        checks: Array<{ severity: string; success: boolean }>;
      };
      assert.equal(
        body.summary.lowCount,
        body.checks.filter((c) => !c.success && c.severity === 'LOW').length,
      );
    }
  });
});

describe('demo-cluster CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-cluster-'));
    // One real report, one multi-document file with a partial object, one broken file.
    copyFileSync(
      join(ROOT, 'test/fixtures/reports/vulnerabilityreport_replicaset-nginx_docs.yaml'),
      join(dir, 'nginx.yaml'),
    );
    copyFileSync(
      join(ROOT, 'test/fixtures/reports/clusterpolicyreport_namespaces_kyverno-chainsaw.yaml'),
      join(dir, 'partial.yaml'),
    );
    writeFileSync(join(dir, 'broken.yaml'), 'kind: [\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the CLI and resolves once it printed its one stdout line. */
  function startDemo(
    args: string[],
  ): Promise<{ url: string; stderr: () => string; stop: () => Promise<number | null> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demoCluster.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start: ${stderr}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!stdout.includes('\n')) return;
        clearTimeout(timer);
        const line = stdout.split('\n')[0] ?? '';
        const m = /^listening on (https:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (!m?.[1]) return reject(new Error(`unexpected first line: ${line}`));
        resolve({
          url: m[1],
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      });
      child.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${stderr}`)));
    });
  }

  it('serves the data dir plus generated reports, skips what it cannot load, and stops on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kc');
    const demo = await startDemo(['--data', dir, '--generate', '3', '--kubeconfig-out', kubeconfig]);
    try {
      assert.match(demo.stderr(), /skipped .*broken\.yaml: /);
      // The chainsaw file's two documents are partial objects without names (see SOURCES.md).
      assert.equal(demo.stderr().match(/skipped ClusterPolicyReport \/\(no name\)/g)?.length, 2);
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      assert.equal(kc.getCurrentCluster()?.server, demo.url);
      const list = (await kc
        .makeApiClient(CustomObjectsApi)
        .listClusterCustomObject({ group: AQUA, version: 'v1alpha1', plural: 'vulnerabilityreports' })) as {
        items: KubeObj[];
      };
      // nginx.yaml holds one VulnerabilityReport; --generate 3 adds three.
      assert.equal(list.items.length, 4);
      assert.ok(list.items.some((i) => i.metadata.name === 'replicaset-nginx-6d4cf56db6-nginx'));
    } finally {
      assert.equal(await demo.stop(), 0);
    }
  });

  it('changes reports over time with --replay', async () => {
    const kubeconfig = join(dir, 'kc-replay');
    const demo = await startDemo([
      '--generate',
      '5',
      '--replay',
      '--replay-interval',
      '50',
      '--kubeconfig-out',
      kubeconfig,
    ]);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const seen: Array<{ type: string; name: string }> = [];
    const distinct = () => new Set(seen.map((e) => e.type)).size;
    let req: AbortController | undefined;
    try {
      const list = (await kc
        .makeApiClient(CustomObjectsApi)
        .listClusterCustomObject({ group: AQUA, version: 'v1alpha1', plural: 'vulnerabilityreports' })) as {
        metadata: { resourceVersion: string };
      };
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only saw ${JSON.stringify(seen)}`)), 15_000);
        void new Watch(kc)
          .watch(
            `/apis/${AQUA}/v1alpha1/vulnerabilityreports`,
            { resourceVersion: list.metadata.resourceVersion },
            (type, object: KubeObj) => {
              seen.push({ type, name: `${object.metadata?.namespace}/${object.metadata?.name}` });
              if (distinct() >= 2) {
                clearTimeout(timer);
                resolve();
              }
            },
            () => undefined,
          )
          .then((r) => (req = r));
      });
      // Each change the watch saw is one the replay says it made (its log is on stderr, which
      // may arrive a little after the event): a modified or deleted report by name, an added one
      // in the namespace of a new workload.
      const unexplained = () => {
        const log = demo.stderr();
        return seen.filter(({ type, name }) => {
          if (type === 'MODIFIED') return !log.includes(`replay: modified VulnerabilityReport ${name}\n`);
          if (type === 'DELETED') return !log.includes(`replay: deleted VulnerabilityReport ${name}\n`);
          if (type === 'ADDED') return !log.includes(`replay: added workload ${name.split('/')[0]}/`);
          return true;
        });
      };
      for (const deadline = Date.now() + 2000; unexplained().length > 0 && Date.now() < deadline;)
        await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(unexplained(), []);
    } finally {
      req?.abort();
      assert.equal(await demo.stop(), 0);
    }
  });
});
