// `lens-renderer: <KB>`: the size of the production `dist/renderer.js` the hosts load, with their
// libraries (React, MobX, the extension API) external, so it counts our code and the core only.
// Built in a child process: webpack's memory must not count in this process's peak-memory figure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bundleScript = new URL('../../extensions/lens/build/bundle.ts', import.meta.url).pathname;

export function benchLensBundle(print: (line: string) => void): void {
  const outDir = mkdtempSync(join(tmpdir(), 'lens-bench-'));
  try {
    const built = spawnSync(process.execPath, ['--import', 'tsx', bundleScript, outDir], {
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`the Lens bundle did not build:\n${built.stderr}`);
    print(`lens-renderer: ${(statSync(join(outDir, 'renderer.js')).size / 1024).toFixed(1)} KB`);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
