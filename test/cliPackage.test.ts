// The CLI as it is installed: bundled by scripts/buildCli.mjs, packed by `npm pack`, installed
// from the tarball into an empty folder (no node_modules of this repository, no tsx), run by
// plain `node` — files read and a live cluster (the fake API server) read through client-node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';
import { realVulnerabilityReports } from './kubeClusterSourceHelpers.js';

const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed CLI', () => {
  let dir: string;
  let installed: string;
  let server: FakeApiServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trivy-findings-pack-'));
    // .npmrc has ignore-scripts: nothing builds on pack, so the test builds first, as `npm run build` does.
    execFileSync(process.execPath, [join(root, 'scripts/buildCli.mjs')], { stdio: 'pipe' });
    execFileSync(npm, ['pack', '--pack-destination', dir, '--ignore-scripts', '--silent'], {
      cwd: root,
      stdio: 'pipe',
    });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    mkdirSync(app);
    execFileSync(
      npm,
      ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball)],
      { cwd: app, stdio: 'pipe' },
    );
    installed = join(app, 'node_modules/trivy-findings');
    server = await startFakeApiServer({ objects: realVulnerabilityReports() });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function command(args: string[]): [string, string[], { cwd: string; env: NodeJS.ProcessEnv }] {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const bin = join(installed, pkg.bin['trivy-findings']!);
    // Plain node, from the install folder, with nothing of this repository reachable.
    return [
      process.execPath,
      [bin, ...args],
      {
        cwd: dirname(installed),
        env: { PATH: dirname(process.execPath), NO_COLOR: '1', NODE_PATH: '', HOME: dir },
      },
    ];
  }

  function run(args: string[]): { code: number; stdout: string; stderr: string } {
    const [file, argv, options] = command(args);
    const r = spawnSync(file, argv, { ...options, encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** For the cluster: the fake API server answers from this process, which must not block. */
  function runAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const [file, argv, options] = command(args);
    const child = spawn(file, argv, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    return new Promise((resolve) =>
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
    );
  }

  it('holds only the bundle, README and LICENSE, and the bundle loads no tsx', () => {
    const files = readdirSync(installed, { recursive: true }).map(String).sort();
    assert.deepEqual(files, [
      'LICENSE',
      'README.md',
      'dist',
      'dist/cli',
      'dist/cli/trivy-findings.mjs',
      'dist/cli/trivy-findings.mjs.LEGAL.txt',
      'package.json',
    ]);
    const bundle = readFileSync(join(installed, 'dist/cli/trivy-findings.mjs'), 'utf8');
    assert.ok(bundle.startsWith('#!/usr/bin/env node\n'));
    assert.doesNotMatch(bundle, /from ["']tsx/);
  });

  it('prints --help and reads files', () => {
    const help = run(['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: trivy-findings FILE\|DIR…/);
    const read = run([
      '--summary',
      join(root, 'test/fixtures/reports/vulnerabilityreport_replicaset-nginx_docs.yaml'),
    ]);
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stdout, /^Findings {2}2; 1 file read; 0 problems$/m);
    assert.match(read.stdout, /^Deployment default\/nginx \(inferred\) +2 +0 +0 +0 +0 +2$/m);
    assert.equal(run(['--version']).stdout, '0.1.0\n');
  });

  it('reads a live cluster through the bundled client-node', async () => {
    const r = await runAsync(['cluster', '--kubeconfig', server.kubeconfigPath, '-k', 'vuln', '--summary']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Findings {2}398; 2 reports read; 0 problems$/m);
  });
});
