// Runs every *.test.ts outside node_modules with node's own test runner (through tsx), so one
// runner and one summary cover the core, the doubles and the CLI. Node 20 has no glob for --test,
// hence this list. Extra arguments filter by path substring: `npm run test:unit -- manifest`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'out', 'dist', '.git', 'fixtures', '.bench', '.tmp']);

function collect(dir, found) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, found);
    else if (entry.name.endsWith('.test.ts') && !path.includes('/extensions/vscode/test/suite/'))
      found.push(path);
  }
  return found;
}

const filters = process.argv.slice(2);
const files = collect(root, [])
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
});
process.exit(result.status ?? 1);
