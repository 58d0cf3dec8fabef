// The README's demo-cluster recipe, both lines pasted at once into one shell: the second line
// must wait for the server's kubeconfig rather than read a missing or stale one.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** The shell block after "A local cluster to try `cluster` against" in README.md. */
function recipe(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const from = readme.indexOf('A local cluster to try `cluster` against');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(from));
  assert.ok(from >= 0 && block, 'README has the recipe');
  return block[1]!;
}

describe("the README's demo-cluster recipe", () => {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-findings-recipe-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('works with both lines pasted at once, even over a stale kubeconfig', async () => {
    // Its own kubeconfig path, so a demo a person runs is not touched; a stale file from an
    // earlier run (a server long gone) is there first, as it would be.
    const kubeconfig = join(dir, 'demo-kubeconfig');
    writeFileSync(kubeconfig, readFileSync(join(root, 'test/fixtures/SOURCES.md')).subarray(0, 10));
    const lines = recipe()
      .replaceAll('.tmp/demo-kubeconfig', kubeconfig)
      .replace('demo-cluster -- ', `demo-cluster -- --kubeconfig-out ${kubeconfig} `);
    // Its own process group, so the background server (and npm's children) end with the test.
    const shell = spawn('bash', ['-c', lines], {
      cwd: root,
      detached: true,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    shell.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      const code = await new Promise<number>((resolve) => shell.on('exit', (c) => resolve(c ?? -1)));
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^Findings {2}\d+; \d+ reports read; \d+ problems?/m);
      assert.match(stdout, /^SEVERITY {2}/m);
    } finally {
      try {
        process.kill(-shell.pid!, 'SIGTERM');
      } catch {
        // The group is gone already.
      }
    }
  });
});
