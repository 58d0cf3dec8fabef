// Runs the VS Code suite in a real VS Code on a machine that cannot download one: code-server
// (VS Code 1.100's server and web workbench, from npm; `scripts/vscode/installCodeServer.mjs`)
// opened in headless Debian Chromium with Playwright. The workbench loads the extension and the
// suite into its Node extension host from the `payload` query, as desktop VS Code does for
// `--extensionDevelopmentPath`/`--extensionTestsPath`. While the suite runs, the launcher answers
// its UI driver; when the suite has written its results the launcher prints mocha's summary and
// exits non-zero on any failure, on no test run, or when the suite did not finish in time.
//   node --import tsx test/runInCodeServer.ts        (npm run test:vscode builds and installs first)
import { existsSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  describeMissing,
  missingDebianPackages,
  DEBIAN_REQUIREMENTS,
} from '../../../scripts/vscode/debianPackages.js';
import {
  CODE_SERVER_VERSION,
  codeServerEntry,
  installedVersion,
} from '../../../scripts/vscode/installCodeServer.js';
import {
  REFUSE_CODE_SERVER_WORKER,
  startCodeServer,
  type CodeServer,
} from '../../../scripts/vscode/codeServer.js';
import { countsLine, parseSuiteResults, summaryLines, type SuiteResults } from './harness/suiteResults.js';
import { TEST_ENV } from './harness/testEnv.js';
import {
  ARTIFACTS_DIR,
  EXTENSION_DIR,
  prepareTestRun,
  SUITE_INDEX,
  type TestRun,
} from './launcher/testWorkspace.js';
import { FakeClusters } from './launcher/fakeClusters.js';
import { UiDriverServer } from './launcher/uiDriverServer.js';
import { waitForResults } from './launcher/waitForResults.js';

/** The whole suite, start-up included; override with VSCODE_TEST_TIMEOUT_MS. */
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 10 * 60_000);
/** The navigation to the workbench: its first response, which a loaded machine delays too. */
const GOTO_TIMEOUT_MS = 120_000;

async function main(): Promise<number> {
  const missing = missingDebianPackages(DEBIAN_REQUIREMENTS.filter((r) => r.pkg === 'chromium'));
  if (missing.length > 0) return fail(describeMissing(missing));
  if (installedVersion() !== CODE_SERVER_VERSION)
    return fail(
      `code-server ${CODE_SERVER_VERSION} is not installed: node --import tsx scripts/vscode/installCodeServer.ts`,
    );
  if (!existsSync(SUITE_INDEX))
    return fail(`${SUITE_INDEX} is missing: npm run build:test -w extensions/vscode`);

  const started = Date.now();
  const run = prepareTestRun();
  let server: CodeServer | undefined;
  let driver: UiDriverServer | undefined;
  let browser: Browser | undefined;
  let clusters: FakeClusters | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    await driver?.close();
    await clusters?.close();
    await server?.stop();
    run.dispose();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanUp().then(() => process.exit(130)));

  try {
    console.log(`VS Code ${vsCodeVersion()} (code-server ${CODE_SERVER_VERSION}) in headless Chromium`);
    driver = await UiDriverServer.start((line) => console.log(line), ARTIFACTS_DIR);
    clusters = await FakeClusters.start(run.root, run.workspace);
    server = await startCodeServer(
      codeServerEntry(),
      run,
      {
        [TEST_ENV.results]: run.resultsFile,
        [TEST_ENV.uiDriver]: driver.url,
        [TEST_ENV.clusterControl]: clusters.url,
        KUBECONFIG: clusters.kubeconfigPath,
        ...grepEnv(),
      },
      join(ARTIFACTS_DIR, 'code-server.log'),
    );
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript({ content: REFUSE_CODE_SERVER_WORKER });
    const browserLog = createWriteStream(join(ARTIFACTS_DIR, 'browser.log'));
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e.message}\n`));
    driver.attach(page);
    // Only the navigation's response is awaited: the workbench's scripts load for tens of seconds
    // on a loaded machine (CI once took over 30 s to domcontentloaded), and the suite's own results
    // file, awaited below with the whole run's deadline, is what says the page came up.
    await page.goto(workbenchUrl(server.url, run), { waitUntil: 'commit', timeout: GOTO_TIMEOUT_MS });
    console.log(`workbench opened in ${seconds(Date.now() - started)}\n`);

    const outcome = await waitForResults(run.resultsFile, server.exited, started + TIMEOUT_MS);
    if (outcome.kind !== 'results') {
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'unfinished.png') }).catch(() => undefined);
      return fail(
        outcome.kind === 'timeout'
          ? `the VS Code suite did not finish within ${seconds(TIMEOUT_MS)}`
          : `code-server exited (${outcome.code}) before the suite finished`,
        `logs: ${join(ARTIFACTS_DIR, 'code-server.log')}, ${join(ARTIFACTS_DIR, 'browser.log')}; screen: ${join(ARTIFACTS_DIR, 'unfinished.png')}`,
      );
    }
    return report(readFileSync(run.resultsFile, 'utf8'), Date.now() - started);
  } finally {
    await cleanUp();
  }
}

/** The workbench with the run's folder and the development options of the suite. */
function workbenchUrl(serverUrl: string, run: TestRun): string {
  const remote = (path: string) => `vscode-remote://${new URL(serverUrl).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(EXTENSION_DIR)],
    ['extensionTestsPath', remote(SUITE_INDEX)],
  ];
  return `${serverUrl}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Prints mocha's summary of the results file; keeps a copy for the root test summary. */
function report(text: string, elapsedMs: number): number {
  const results = parseSuiteResults(text);
  if (!results) return fail('the suite wrote a results file that cannot be read');
  writeFileSync(join(ARTIFACTS_DIR, 'results.json'), JSON.stringify(results, null, 2));
  for (const line of summaryLines(results)) console.log(line);
  console.log(`(VS Code suite ran in ${seconds(elapsedMs)}, start-up included)`);
  if (results.passed + results.failed === 0) return fail('the VS Code suite ran no test');
  return results.failed > 0 ? 1 : 0;
}

function fail(message: string, detail?: string): number {
  const none: SuiteResults = { passed: 0, failed: 1, pending: 0, durationMs: 0, tests: [] };
  writeFileSync(join(ARTIFACTS_DIR, 'results.json'), JSON.stringify({ ...none, error: message }));
  console.error(`\nVS Code suite: ${message}${detail ? `\n${detail}` : ''}`);
  console.error(countsLine('vscode', none));
  return 1;
}

function grepEnv(): Record<string, string> {
  const grep = process.env[TEST_ENV.grep] ?? process.argv[2];
  return grep ? { [TEST_ENV.grep]: grep } : {};
}

function vsCodeVersion(): string {
  const pkg = join(codeServerEntry(), '..', '..', '..', 'lib', 'vscode', 'package.json');
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '(unknown version)';
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

main().then(
  (code) => process.exit(code),
  (err: unknown) => process.exit(fail(err instanceof Error ? (err.stack ?? err.message) : String(err))),
);
