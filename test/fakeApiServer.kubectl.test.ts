// The fake API server seen through the real kubectl (v1.32, /usr/bin/kubectl): discovery,
// server-side Table printing, watch, delete, create, auth can-i, paging and error messages.
// kubectl runs without a shell, with KUBECONFIG pointing at the fake and its own cache dir.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FakeApiServer } from './doubles/fakeApiServer/index.js';
import { startFakeApiServer } from './doubles/fakeApiServer/index.js';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
const GROUP = 'aquasecurity.github.io';

// Real cluster data: `jq '.items | length'` gives 2, both in namespace "default".
// `jq '.items[] | [.metadata.name, .report.artifact.repository, .report.artifact.tag, .report.summary.criticalCount]'`
// gives pod-tt-reg-test josedonizetti/trivy secrettest 0, and
// replicaset-nginx-deployment-559d658b74-nginx library/nginx 1.16.1 40.
const fixture = JSON.parse(
  readFileSync(
    new URL('fixtures/reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json', import.meta.url),
    'utf8',
  ),
) as {
  items: Array<{ metadata: Record<string, unknown>; report: { summary: Record<string, number> } }>;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('fake API server through kubectl', () => {
  let server: FakeApiServer;
  let dir: string;

  const kubectl = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        KUBECTL,
        ['--cache-dir', join(dir, 'cache'), ...args],
        {
          env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: server.kubeconfigPath },
          timeout: 20_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  before(async () => {
    if (!existsSync(KUBECTL)) {
      throw new Error(
        `kubectl not found at ${KUBECTL}: install it (Debian package kubernetes-client) or set KUBECTL to its path`,
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
    server = await startFakeApiServer({
      objects: fixture.items,
      users: [
        { name: 'admin', token: 'admin-token', rules: null },
        {
          name: 'dev',
          token: 'dev-token',
          rules: [
            {
              verbs: ['get', 'list', 'watch'],
              groups: [GROUP],
              resources: ['vulnerabilityreports'],
              namespaces: ['default'],
            },
          ],
        },
      ],
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the CRD printer columns for get -A, and the priority columns with -o wide', async () => {
    const run = await kubectl('get', 'vulnerabilityreports', '-A');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines[0]?.split(/\s+/), ['NAMESPACE', 'NAME', 'REPOSITORY', 'TAG', 'SCANNER', 'AGE']);
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[1]?.split(/\s+/).slice(0, 5), [
      'default',
      'pod-tt-reg-test',
      'josedonizetti/trivy',
      'secrettest',
      'Trivy',
    ]);

    const wide = await kubectl('get', 'vulns', '-A', '-o', 'wide');
    const header = wide.stdout.split('\n')[0]?.split(/\s+/) ?? [];
    const row =
      wide.stdout
        .split('\n')
        .find((l) => l.includes('replicaset-nginx'))
        ?.split(/\s+/) ?? [];
    const summary = fixture.items[1]?.report.summary ?? {};
    assert.equal(row[header.indexOf('CRITICAL')], String(summary.criticalCount));
    assert.equal(row[header.indexOf('UNKNOWN')], String(summary.unknownCount));
  });

  it('prints objects as JSON, and says so when a namespace has none', async () => {
    const run = await kubectl('get', 'vulns', '-n', 'default', '-o', 'json');
    assert.equal(run.code, 0, run.stderr);
    const list = JSON.parse(run.stdout) as {
      kind: string;
      items: Array<{ kind: string; metadata: { name: string } }>;
    };
    assert.equal(list.kind, 'List');
    assert.deepEqual(
      list.items.map((i) => i.metadata.name),
      ['pod-tt-reg-test', 'replicaset-nginx-deployment-559d658b74-nginx'],
    );
    assert.ok(list.items.every((i) => i.kind === 'VulnerabilityReport'));

    server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } });
    const empty = await kubectl('get', 'vulns', '-n', 'empty');
    assert.equal(empty.code, 0);
    assert.equal(empty.stderr.trim(), 'No resources found in empty namespace.');
  });

  it('pages with --chunk-size through continue tokens', async () => {
    const before = server.requests.length;
    const run = await kubectl('get', 'vulns', '-A', '--chunk-size=1', '-o', 'name');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), [
      'vulnerabilityreport.aquasecurity.github.io/pod-tt-reg-test',
      'vulnerabilityreport.aquasecurity.github.io/replicaset-nginx-deployment-559d658b74-nginx',
    ]);
    const lists = server.requests
      .slice(before)
      .filter((r) => r.path === `/apis/${GROUP}/v1alpha1/vulnerabilityreports`);
    assert.equal(lists.length, 2);
    assert.match(lists[1]?.query ?? '', /continue=/);
  });

  it('streams changes with --watch', async () => {
    const child = spawn(
      KUBECTL,
      [
        '--cache-dir',
        join(dir, 'cache'),
        'get',
        'vulns',
        '-n',
        'default',
        '--watch',
        '--output-watch-events',
      ],
      {
        env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: server.kubeconfigPath },
      },
    );
    // One listener for the whole run, so no output is lost between waits; only complete lines
    // count, as a chunk may end in the middle of one.
    let out = '';
    let onLine = (): void => undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      onLine();
    });
    const lines = (): string[] => out.split('\n').slice(0, -1);
    const waitForLine = (pattern: RegExp): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line ${pattern} in kubectl output: ${out}`)),
          10_000,
        );
        onLine = () => {
          if (!lines().some((l) => pattern.test(l))) return;
          clearTimeout(timer);
          resolve();
        };
        onLine();
      });
    try {
      await waitForLine(/^ADDED\s+replicaset-nginx-deployment-559d658b74-nginx\s/);
      const base = structuredClone(fixture.items[0]) as { metadata: Record<string, unknown> };
      server.create({ ...base, metadata: { name: 'watched-by-kubectl', namespace: 'default' } });
      await waitForLine(/^ADDED\s+watched-by-kubectl\s/);
      server.remove(`${GROUP}/v1alpha1`, 'VulnerabilityReport', 'default', 'watched-by-kubectl');
      await waitForLine(/^DELETED\s+watched-by-kubectl\s/);
      const events = lines()
        .slice(1)
        .map((l) => l.split(/\s+/).slice(0, 2).join(' '));
      assert.deepEqual(events, [
        'ADDED pod-tt-reg-test',
        'ADDED replicaset-nginx-deployment-559d658b74-nginx',
        'ADDED watched-by-kubectl',
        'DELETED watched-by-kubectl',
      ]);
    } finally {
      child.kill();
    }
  });

  it('creates from a file and deletes by name', async () => {
    const base = structuredClone(fixture.items[0]) as { metadata: Record<string, unknown> };
    const file = join(dir, 'report.json');
    writeFileSync(file, JSON.stringify({ ...base, metadata: { name: 'from-file', namespace: 'default' } }));
    const created = await kubectl('create', '-f', file);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'vulnerabilityreport.aquasecurity.github.io/from-file created');
    assert.ok(server.get(`${GROUP}/v1alpha1`, 'VulnerabilityReport', 'default', 'from-file'));

    const deleted = await kubectl('delete', 'vulnerabilityreport', 'from-file', '-n', 'default');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout.trim(), 'vulnerabilityreport.aquasecurity.github.io "from-file" deleted');
    assert.equal(server.get(`${GROUP}/v1alpha1`, 'VulnerabilityReport', 'default', 'from-file'), undefined);
  });

  it("answers auth can-i from the user's rules", async () => {
    const clusterWide = await kubectl(
      '--context',
      'dev',
      'auth',
      'can-i',
      'list',
      'vulnerabilityreports',
      '-A',
    );
    assert.deepEqual([clusterWide.code, clusterWide.stdout.trim()], [1, 'no']);
    const inDefault = await kubectl(
      '--context',
      'dev',
      'auth',
      'can-i',
      'list',
      'vulnerabilityreports',
      '-n',
      'default',
    );
    assert.deepEqual([inDefault.code, inDefault.stdout.trim()], [0, 'yes']);
    const admin = await kubectl('auth', 'can-i', 'delete', 'vulns', '-A');
    assert.equal(admin.stdout.trim(), 'yes');
  });

  it('lists the CRD kinds in api-resources', async () => {
    const run = await kubectl('api-resources', `--api-group=${GROUP}`, '-o', 'name');
    assert.equal(run.code, 0, run.stderr);
    // 13 CRDs in test/fixtures/crds have group aquasecurity.github.io (12 trivy-operator + Starboard's kube-bench):
    // `grep -l "group: aquasecurity.github.io" test/fixtures/crds/* | wc -l`.
    const names = run.stdout.trim().split('\n');
    assert.equal(names.length, 13);
    assert.ok(names.includes('vulnerabilityreports.aquasecurity.github.io'));
  });

  it('prints the real Forbidden and NotFound messages', async () => {
    const forbidden = await kubectl('--context', 'dev', 'get', 'vulns', '-A');
    assert.equal(forbidden.code, 1);
    assert.equal(
      forbidden.stderr.trim(),
      'Error from server (Forbidden): vulnerabilityreports.aquasecurity.github.io is forbidden: User "dev" cannot list resource "vulnerabilityreports" in API group "aquasecurity.github.io" at the cluster scope',
    );
    const notFound = await kubectl('get', 'vulns', 'nope', '-n', 'default');
    assert.equal(
      notFound.stderr.trim(),
      'Error from server (NotFound): vulnerabilityreports.aquasecurity.github.io "nope" not found',
    );
    const unknownType = await kubectl('get', 'nosuchthings');
    assert.equal(unknownType.stderr.trim(), 'error: the server doesn\'t have a resource type "nosuchthings"');
  });
});
