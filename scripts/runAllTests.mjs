// The tests of `npm test`: the unit and integration tests (node's runner, scripts/runTests.mjs),
// then the VS Code suite in a real VS Code (`npm run test:vscode`: build, install code-server on
// first use, run). Both always run; the output ends with one line of totals over both, and the
// exit code is non-zero when either failed or the VS Code suite did not run to its end.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const unitResults = join(root, '.tmp', 'unit-results.json');
const vscodeResults = join(root, '.tmp', 'vscode-test', 'results.json');
// Results of an earlier run must not stand in for a run that did not happen.
rmSync(unitResults, { force: true });
rmSync(vscodeResults, { force: true });

const unit = spawnSync(process.execPath, [join(root, 'scripts', 'runTests.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
console.log('\n== VS Code suite (npm run test:vscode)');
const vscode = spawnSync('npm', ['run', '--silent', 'test:vscode'], { cwd: root, stdio: 'inherit' });

const parts = [
  ['unit', counts(unitResults), unit.status],
  ['vscode', counts(vscodeResults), vscode.status],
];
console.log('');
for (const [name, c, status] of parts) {
  const note = c ? '' : ' (did not run to its end)';
  console.log(
    `${name}: ${line(c ?? { passed: 0, failed: 1, pending: 0 })}${status === 0 ? '' : ', exit ' + status}${note}`,
  );
}
const total = parts.reduce(
  (sum, [, c]) => ({
    passed: sum.passed + (c?.passed ?? 0),
    failed: sum.failed + (c?.failed ?? 1),
    pending: sum.pending + (c?.pending ?? 0),
  }),
  { passed: 0, failed: 0, pending: 0 },
);
console.log(`total: ${line(total)}`);
process.exit(unit.status === 0 && vscode.status === 0 && total.failed === 0 ? 0 : 1);

function counts(file) {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8'));
    return [c.passed, c.failed, c.pending].every((n) => Number.isInteger(n)) ? c : undefined;
  } catch {
    return undefined;
  }
}

function line(c) {
  return `${c.passed} passed, ${c.failed} failed, ${c.pending} skipped`;
}
