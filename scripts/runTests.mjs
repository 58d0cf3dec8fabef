// Runs every *.test.ts / *.test.tsx outside node_modules with node's own test runner (through tsx),
// so one runner and one summary cover the core, the doubles, the CLI and the Lens extension. Node 20
// has no glob for --test, hence this list. Extra arguments filter by path substring:
// `npm run test:unit -- manifest`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'out', 'dist', '.git', 'fixtures', '.bench', '.tmp']);

function collect(dir, found) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, found);
    else if (/\.test\.tsx?$/.test(entry.name) && !path.includes('/extensions/vscode/test/suite/'))
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
// The spec reporter for people; a TAP copy in .tmp/ for the counts, which end the output on one
// line (`unit: N passed, N failed, N skipped`) and are kept for the summary of `npm test`.
mkdirSync(join(root, '.tmp'), { recursive: true });
const tap = join(root, '.tmp', 'unit-tests.tap');
writeFileSync(tap, '');
// The Lens hooks map `@k8slens/extensions` to its test double and load `*.svg` as text; no other
// import is touched, so they are installed for every file (see extensions/lens/test/hooks/).
const lensHooks = './extensions/lens/test/hooks/registerLensTestHooks.mjs';
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    lensHooks,
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  },
);
const counts = tapCounts(readFileSync(tap, 'utf8'));
writeFileSync(join(root, '.tmp', 'unit-results.json'), JSON.stringify(counts));
console.log(`\nunit: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} skipped`);
process.exit(result.status ?? 1);

/** The totals of node's TAP output (`# pass 12` …); cancelled tests count as failed. */
function tapCounts(text) {
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    pending: count('skipped') + count('todo'),
  };
}
