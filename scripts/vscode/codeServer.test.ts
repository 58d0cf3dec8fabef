// startCodeServer against a stand-in server script: it must find the address in the output and,
// on stop, end the whole process group, children included.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, type CodeServerDirs } from './codeServer.js';

function fakeRun(dir: string): CodeServerDirs {
  return { workspace: dir, userDataDir: dir, extensionsDir: dir };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('finds the address code-server prints, and stop() ends the server and its children', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-code-server-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'entry.js');
  // Like code-server: a child (the extension host) that does not end by itself, then the address.
  writeFileSync(
    entry,
    `const { spawn } = require('node:child_process');
     const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
     require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'child.pid'))}, String(child.pid));
     console.log('[info] HTTP server listening on http://127.0.0.1:45678/');
     setInterval(() => {}, 1000);`,
  );
  const server = await startCodeServer(entry, fakeRun(dir), { EXTRA: '1' }, join(dir, 'server.log'));
  assert.equal(server.url, 'http://127.0.0.1:45678');
  const childPid = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
  assert.ok(alive(childPid));
  await server.stop();
  await until(() => !alive(childPid), 'the child to end');
  assert.equal(alive(server.process.pid!), false);
});

test('a server that exits before listening is a clear error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-code-server-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, `console.error('error: EADDRINUSE'); process.exit(3);`);
  await assert.rejects(
    startCodeServer(entry, fakeRun(dir), {}, join(dir, 'server.log')),
    /code-server exited \(3\) before listening/,
  );
  assert.match(readFileSync(join(dir, 'server.log'), 'utf8'), /EADDRINUSE/);
});

test('workspace trust stays on only when the run asks for it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-code-server-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'entry.js');
  // Writes its argv, then says where it listens, like code-server.
  writeFileSync(
    entry,
    `require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'argv.json'))}, JSON.stringify(process.argv));
     console.log('[info] HTTP server listening on http://127.0.0.1:45679/');
     setInterval(() => {}, 1000);`,
  );
  const argvOf = async (run: CodeServerDirs) => {
    const server = await startCodeServer(entry, run, {}, join(dir, 'server.log'));
    await server.stop();
    return JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8')) as string[];
  };
  assert.ok((await argvOf(fakeRun(dir))).includes('--disable-workspace-trust'));
  assert.ok(!(await argvOf({ ...fakeRun(dir), workspaceTrust: true })).includes('--disable-workspace-trust'));
});
