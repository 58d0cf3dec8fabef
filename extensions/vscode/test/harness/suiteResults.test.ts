import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { combineResults, parseSuiteResults, summaryLines, type SuiteResults } from './suiteResults.js';

const results: SuiteResults = {
  passed: 2,
  failed: 1,
  pending: 1,
  durationMs: 4200,
  tests: [
    { fullTitle: 'A works', state: 'passed', durationMs: 3 },
    { fullTitle: 'A also works', state: 'passed', durationMs: 3 },
    { fullTitle: 'B breaks', state: 'failed', error: 'AssertionError: 1 !== 2\n    at spec.js:1' },
    { fullTitle: 'C looks', state: 'pending', skipReason: 'no UI driver' },
  ],
};

test('the summary ends like mocha, then the counts on a line of their own', () => {
  const lines = summaryLines(results);
  assert.equal(lines.at(-1), 'vscode: 2 passed, 1 failed, 1 skipped');
  assert.ok(lines.includes('  2 passing (4s)'));
  assert.ok(lines.includes('  1 failing'));
  assert.ok(lines.includes('  1) B breaks:'));
  assert.ok(lines.includes('     AssertionError: 1 !== 2'));
  assert.ok(lines.includes('    - C looks: skipped, no UI driver'));
});

test('a results file is read back as written', () => {
  assert.deepEqual(parseSuiteResults(JSON.stringify(results)), results);
});

test('a truncated or foreign results file is refused, not trusted', () => {
  const text = JSON.stringify(results);
  assert.equal(parseSuiteResults(text.slice(0, text.length - 5)), undefined);
  assert.equal(parseSuiteResults('{"stats": {"passes": 3}}'), undefined);
  assert.equal(parseSuiteResults('{"passed": -1, "failed": 0, "pending": 0, "tests": []}'), undefined);
  assert.equal(parseSuiteResults('null'), undefined);
});

test('two launches count as one suite, and a launch without results is a failure', () => {
  const second: SuiteResults = {
    passed: 1,
    failed: 0,
    pending: 0,
    durationMs: 800,
    tests: [{ fullTitle: 'Untrusted workspace opens', state: 'passed', durationMs: 5 }],
  };
  const both = combineResults([
    { what: 'the trusted launch', results },
    { what: 'the untrusted launch', results: second },
  ]);
  assert.equal(summaryLines(both).at(-1), 'vscode: 3 passed, 1 failed, 1 skipped');
  assert.equal(both.durationMs, 5000);
  const lost = combineResults([
    { what: 'the trusted launch', results: second },
    { what: 'the untrusted launch', results: undefined },
  ]);
  assert.equal(summaryLines(lost).at(-1), 'vscode: 1 passed, 1 failed, 0 skipped');
  assert.equal(lost.tests.at(-1)?.fullTitle, 'the untrusted launch');
});
