// `npm start`'s stop path, end to end: the demo runs as a child process with a stand-in `code` on
// PATH (a launcher that, like VS Code's with --wait, stays up with a child of its own); Ctrl-C
// (SIGINT) must leave nothing running: not the launcher, not its child, not the API server.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('../../', import.meta.url).pathname;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

test('Ctrl-C stops the demo, the editor it opened with its children, and the API server', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-findings-start-'));
  const bin = join(dir, 'bin');
  const record = join(dir, 'code.json');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The stand-in `code`: records its argv, KUBECONFIG and pids, starts a child, and waits.
  writeFileSync(
    join(dir, 'code.js'),
    [
      "const { spawn } = require('node:child_process');",
      "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
      `require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({`,
      '  argv: process.argv.slice(2), kubeconfig: process.env.KUBECONFIG, pids: [process.pid, child.pid] }));',
      'setInterval(() => {}, 1000);',
    ].join('\n'),
  );
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'code'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(dir, 'code.js'))} "$@"\n`,
  );
  chmodSync(join(bin, 'code'), 0o755);

  const demoDir = join(dir, 'demo');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repo, 'scripts', 'demo', 'start.ts'),
      '--no-build',
      '--generate',
      '10',
      '--dir',
      demoDir,
    ],
    {
      cwd: repo,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.resume();

  await waitFor('the demo to be ready', () => (out.includes('Ctrl-C stops the demo.') ? true : undefined));
  const port = Number(/cluster: +https:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
  assert.ok(port > 0, out);
  const opened = await waitFor('the stand-in code to start', () =>
    existsSync(record)
      ? (JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; kubeconfig: string; pids: number[] })
      : undefined,
  );
  assert.deepEqual(opened.argv, [
    '--new-window',
    '--wait',
    `--extensionDevelopmentPath=${join(repo, 'extensions', 'vscode')}`,
    join(demoDir, 'workspace'),
  ]);
  assert.equal(opened.kubeconfig, join(demoDir, 'kubeconfig'));
  assert.ok(opened.pids.every(alive));
  assert.equal(await refused(port), false, 'the API server listens while the demo runs');

  child.kill('SIGINT');
  assert.equal(await exited, 0);
  await waitFor(
    'the editor and its child to end',
    () => (opened.pids.some(alive) ? undefined : true),
    15_000,
  );
  assert.equal(await refused(port), true, 'the API server is closed');
});
