// Runs the VS Code suite in desktop VS Code downloaded by @vscode/test-electron, on machines that
// can download it (this one cannot: use runInCodeServer.ts). Same suite, same workspace; the UI
// driver tests skip, saying why, since there is no browser page to read the workbench from.
//   node --import tsx test/runInElectron.ts [grep]     VSCODE_VERSION=1.100.3|stable (default: the minimum of engines.vscode)
import { readFileSync } from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { parseSuiteResults, summaryLines } from './harness/suiteResults.js';
import { TEST_ENV } from './harness/testEnv.js';
import { EXTENSION_DIR, prepareTestRun, SUITE_INDEX } from './launcher/testWorkspace.js';

/** The oldest VS Code the manifest accepts (`engines.vscode` ^1.100.0), unless told otherwise. */
const VERSION = process.env.VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  const run = prepareTestRun();
  try {
    const grep = process.env[TEST_ENV.grep] ?? process.argv[2];
    const exitCode = await runTests({
      version: VERSION,
      extensionDevelopmentPath: EXTENSION_DIR,
      extensionTestsPath: SUITE_INDEX,
      extensionTestsEnv: { [TEST_ENV.results]: run.resultsFile, ...(grep ? { [TEST_ENV.grep]: grep } : {}) },
      launchArgs: [
        run.workspace,
        '--user-data-dir',
        run.userDataDir,
        '--extensions-dir',
        run.extensionsDir,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    }).catch((err: unknown) => {
      console.error(`VS Code could not be run: ${String(err)}`);
      return 1;
    });
    const results = parseSuiteResults(readFileSafe(run.resultsFile));
    if (!results) {
      console.error('\nVS Code suite: no results were written (the suite did not run to its end)');
      return 1;
    }
    for (const line of summaryLines(results)) console.log(line);
    return exitCode !== 0 || results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    run.dispose();
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
