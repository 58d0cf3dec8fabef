// Manifests and reports as the real kubectl writes them (against the API-server double holding
// a generated cluster): Deployments whose reports name their ReplicaSets. The reports are read by
// the real readers from kubectl's YAML, and placed on kubectl's manifests by the workspace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Finding } from '../shared/src/model/finding.js';
import { workloadKey } from '../shared/src/model/workloadRef.js';
import { readSourceText } from '../shared/src/readers/readSource.js';
import { ManifestWorkspace, type FindingSet } from '../shared/src/workspace/manifestWorkspace.js';
import { generateReports } from './doubles/fakeApiServer/generateReports.js';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

interface Item {
  metadata: { name: string; namespace: string; ownerReferences?: { kind: string; name: string }[] };
  spec: { template: { spec: { containers: { image: string }[] } } };
}

/**
 * Lines of the List item named like `item`, in kubectl's key order: its pod spec (`spec:` under
 * `template:`), `containers:`, and `- image: <image>`, which opens the container entry.
 */
function linesOf(text: string, item: Item): { podSpec: number; containers: number; image: number } {
  const all = text.split('\n');
  const after = (from: number, line: string): number => {
    const at = all.findIndex((l, i) => i > from && l === line);
    assert.ok(at >= 0, `"${line}" after line ${from + 1}`);
    return at;
  };
  const name = after(-1, `    name: ${item.metadata.name}`);
  const podSpec = after(name, '      spec:');
  const containers = after(podSpec, '        containers:');
  const image = after(containers, `        - image: ${item.spec.template.spec.containers[0]!.image}`);
  return { podSpec: podSpec + 1, containers: containers + 1, image: image + 1 };
}

/** Where a finding of a generated report goes on its workload's manifest. */
function expectedLine(f: Finding, precision: string, at: ReturnType<typeof linesOf>): number {
  // Vulnerabilities on the image; checks the container fails on the container entry, which opens
  // with the same line; pod-level keys on the pod spec — except KSV104, whose real message names
  // container "app" (the generator keeps it), which this pod lacks: that lands on `containers:`.
  if (precision !== 'parent') return at.image;
  return /container "app"/.test(f.message ?? '') ? at.containers : at.podSpec;
}

describe('ManifestWorkspace on manifests and reports written by kubectl', () => {
  let server: FakeApiServer;
  let dir: string;
  const kubectl = (...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(
        KUBECTL,
        ['--cache-dir', join(dir, 'cache'), ...args],
        {
          env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: server.kubeconfigPath },
          timeout: 20_000,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}: ${stderr}`)) : resolve(stdout),
      );
    });

  let deployments: string;
  let replicaSets: string;
  let findings: Finding[];

  before(async () => {
    if (!existsSync(KUBECTL))
      throw new Error(`kubectl not found at ${KUBECTL} (Debian package kubernetes-client)`);
    dir = mkdtempSync(join(tmpdir(), 'workspace-kubectl-'));
    const cluster = generateReports(6, 11, { namespaces: ['default', 'payments'] });
    server = await startFakeApiServer({ objects: cluster.objects });
    [deployments, replicaSets] = await Promise.all([
      kubectl('get', 'deployments', '-A', '-o', 'yaml'),
      kubectl('get', 'replicasets', '-A', '-o', 'yaml'),
    ]);
    const reports = await kubectl('get', 'vulnerabilityreports,configauditreports', '-A', '-o', 'yaml');
    const read = readSourceText(reports, 'reports.yaml');
    assert.deepEqual(read.problems, []);
    findings = read.findings;
  });
  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("places each report of a ReplicaSet on its Deployment's image line, by the owner the cluster says", () => {
    const ws = new ManifestWorkspace({ defaultNamespace: 'default' });
    ws.update('cluster/deployments.yaml', deployments);
    ws.update('cluster/replicasets.yaml', replicaSets);
    assert.equal(ws.file('cluster/deployments.yaml')?.kind, 'manifests');
    assert.equal(ws.file('cluster/deployments.yaml')?.objects.length, 6);

    // As a cluster store groups them: by the workload the ReplicaSet's ownerReferences name.
    const owners = new Map(
      (parse(replicaSets) as { items: Item[] }).items.map((rs) => [
        `${rs.metadata.namespace}/${rs.metadata.name}`,
        workloadKey({
          kind: 'Deployment',
          namespace: rs.metadata.namespace,
          name: rs.metadata.ownerReferences![0]!.name,
        }),
      ]),
    );
    const byWorkload = new Map<string, Finding[]>();
    for (const f of findings) {
      assert.equal(f.resource?.kind, 'ReplicaSet');
      const key = owners.get(`${f.resource.namespace}/${f.resource.name}`)!;
      byWorkload.set(key, [...(byWorkload.get(key) ?? []), f]);
    }
    const sets: FindingSet[] = [...byWorkload].map(([key, list]) => ({ key, workload: key, findings: list }));
    assert.equal(sets.length, 6);
    const change = ws.setFindings(sets);
    assert.deepEqual(change.files, ['cluster/deployments.yaml'], 'the Deployments, not the ReplicaSets');

    const placed = ws.placements('cluster/deployments.yaml');
    assert.equal(placed.length, findings.length);
    const precisions = new Set(placed.map((p) => p.range.precision));
    assert.deepEqual([...precisions].sort(), ['container', 'key', 'parent']);
    for (const item of (parse(deployments) as { items: Item[] }).items) {
      const key = workloadKey({
        kind: 'Deployment',
        namespace: item.metadata.namespace,
        name: item.metadata.name,
      });
      const at = linesOf(deployments, item);
      const mine = placed.filter((p) => p.workload === key);
      assert.ok(mine.length > 0, key);
      for (const p of mine) {
        const line = expectedLine(p.finding, p.range.precision, at);
        assert.deepEqual([p.range.startLine, p.range.endLine], [line, line], `${key} ${p.finding.id}`);
        if (p.finding.type === 'vulnerability') assert.equal(p.range.precision, 'key');
        else assert.ok(p.range.precision === 'container' || p.range.precision === 'parent');
        assert.equal(p.range.object?.name, item.metadata.name);
      }
    }
  });

  it('without a workload from the cluster, places each report on the ReplicaSet it is about', () => {
    const ws = new ManifestWorkspace({ defaultNamespace: 'default' });
    ws.update('cluster/deployments.yaml', deployments);
    ws.update('cluster/replicasets.yaml', replicaSets);
    const byFile = ws.place([{ key: 'reports.yaml', findings }]);
    assert.deepEqual([...byFile.keys()], ['cluster/replicasets.yaml']);
    const vulns = byFile.get('cluster/replicasets.yaml')!.filter((p) => p.finding.type === 'vulnerability');
    for (const item of (parse(replicaSets) as { items: Item[] }).items) {
      const line = linesOf(replicaSets, item).image;
      const mine = vulns.filter((p) => p.range.object?.name === item.metadata.name);
      assert.ok(mine.length > 0, item.metadata.name);
      for (const p of mine) assert.equal(p.range.startLine, line);
    }
    // Without the ReplicaSets in the workspace, the names lift them to their Deployments.
    ws.remove('cluster/replicasets.yaml');
    assert.deepEqual([...ws.place([{ key: 'reports.yaml', findings }]).keys()], ['cluster/deployments.yaml']);
  });
});
