import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { TEST_ENV } from '../harness/testEnv.js';
import type { SuiteResults, TestResult } from '../harness/suiteResults.js';
import { skipReasonOf } from './workbench/skip.js';
import { uiDriver } from './workbench/uiDriver.js';

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } =
  Mocha.Runner.constants;

/**
 * Reports progress as mocha's spec reporter would, to the launcher's output (through the UI
 * driver's `log`, else the console, which @vscode/test-electron shows), and writes the results
 * file the launcher reads when the suite ends.
 */
export class ResultsReporter extends Mocha.reporters.Base {
  /** Settles when the results are written and the progress lines sent. */
  static flushed: Promise<void> = Promise.resolve();

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = Date.now();
    const tests: TestResult[] = [];
    const driver = uiDriver();
    let sending: Promise<unknown> = Promise.resolve();
    const print = (line: string) => {
      if (driver) sending = sending.then(() => driver.call('log', { line }).catch(() => console.log(line)));
      else console.log(line);
    };
    const depth = (t: Mocha.Runnable | Mocha.Suite) => '  '.repeat(Math.max(1, t.titlePath().length));

    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) print(`${depth(suite).slice(2)}${suite.title}`);
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      tests.push({ fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration });
      print(`${depth(test)}✔ ${test.title} (${test.duration ?? 0}ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      const reason = skipReasonOf(test);
      tests.push({
        fullTitle: test.fullTitle(),
        state: 'pending',
        ...(reason ? { skipReason: reason } : {}),
      });
      print(`${depth(test)}- ${test.title}${reason ? ` (skipped: ${reason})` : ''}`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      tests.push({ fullTitle: test.fullTitle(), state: 'failed', error: err.stack ?? err.message });
      print(`${depth(test)}✖ ${test.title}: ${err.message.split('\n')[0]}`);
    });
    runner.once(EVENT_RUN_END, () => {
      const count = (state: TestResult['state']) => tests.filter((t) => t.state === state).length;
      const results: SuiteResults = {
        passed: count('passed'),
        failed: count('failed'),
        pending: count('pending'),
        durationMs: Date.now() - started,
        tests,
      };
      // Written after the last progress line is out: the launcher stops reading when the file appears.
      ResultsReporter.flushed = sending.then(() => {
        const file = process.env[TEST_ENV.results];
        if (file) writeFileSync(file, JSON.stringify(results, null, 2));
      });
    });
  }
}
