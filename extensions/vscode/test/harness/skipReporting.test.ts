// What the @vscode/test-electron launcher relies on, run with mocha in plain Node (the suite's
// helpers import nothing of VS Code): without a UI driver the UI specs skip and say why, the
// others run, and the results file the launcher reads carries both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import { ResultsReporter } from '../suite/resultsReporter.js';
import { parseSuiteResults } from './suiteResults.js';
import { TEST_ENV } from './testEnv.js';

test('UI specs skip with their reason when the launcher has no UI driver; the results say so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skip-reporting-'));
  const saved = { ...process.env };
  const log = t.mock.method(console, 'log', () => undefined);
  t.after(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  delete process.env[TEST_ENV.uiDriver];
  process.env[TEST_ENV.results] = join(dir, 'results.json');
  const spec = join(dir, 'ui.spec.cjs');
  writeFileSync(
    spec,
    `const { requireUiDriver } = require(${JSON.stringify(join(__dirname, '..', 'suite', 'workbench', 'uiDriver.ts'))});
     describe('The workbench', function () {
       before(function () { requireUiDriver(this); });
       it('shows the Problems panel', () => { throw new Error('must not run without a driver'); });
     });
     describe('The API', () => { it('works', () => {}); });`,
  );
  const mocha = new Mocha({ ui: 'bdd', reporter: ResultsReporter });
  mocha.addFile(spec);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  await ResultsReporter.flushed;

  assert.equal(failures, 0);
  const results = parseSuiteResults(readFileSync(join(dir, 'results.json'), 'utf8'));
  assert.deepEqual(
    results?.tests.map((r) => [r.fullTitle, r.state]),
    [
      ['The workbench shows the Problems panel', 'pending'],
      ['The API works', 'passed'],
    ],
  );
  assert.match(results?.tests[0]?.skipReason ?? '', /needs the UI driver of the code-server launcher/);
  const printed = log.mock.calls.map((c) => String(c.arguments[0]));
  assert.ok(printed.some((l) => /- shows the Problems panel \(skipped: needs the UI driver/.test(l)));
});
