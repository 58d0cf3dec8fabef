// The test module VS Code loads in the extension host (`extensionTestsPath`): both launchers,
// code-server + Chromium and @vscode/test-electron, call `run()`; the extension host exits when
// it settles.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { specFilesOf, suiteGroupOf } from '../harness/suiteGroups.js';
import { TEST_ENV } from '../harness/testEnv.js';
import { ResultsReporter } from './resultsReporter.js';

export async function run(): Promise<void> {
  const grep = process.env[TEST_ENV.grep];
  const mocha = new Mocha({
    ui: 'bdd',
    // Each wait inside a test has its own, shorter, timeout that names what did not happen.
    timeout: 60_000,
    color: false,
    reporter: ResultsReporter,
    ...(grep ? { grep } : {}),
  });
  // This launch's specs only: the untrusted ones need a window opened without trust.
  for (const file of specFilesOf(readdirSync(__dirname), suiteGroupOf(process.env[TEST_ENV.group])))
    mocha.addFile(join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  await ResultsReporter.flushed;
  if (failures > 0) throw new Error(`${failures} VS Code test${failures === 1 ? '' : 's'} failed`);
}
