// Runs the VS Code suite in a real VS Code on a machine that cannot download one: code-server
// (VS Code 1.100's server and web workbench, from npm; `scripts/vscode/installCodeServer.mjs`)
// opened in headless Debian Chromium with Playwright. The workbench loads the extension and the
// suite into its Node extension host from the `payload` query, as desktop VS Code does for
// `--extensionDevelopmentPath`/`--extensionTestsPath`. While the suite runs, the launcher answers
// its UI driver; when the suite has written its results the launcher prints mocha's summary and
// exits non-zero on any failure, on no test run, or when the suite did not finish in time.
// Three windows run one after the other (`harness/suiteGroups.ts`): the suite in a trusted folder,
// the untrusted workspace specs in a second code-server with workspace trust on, the multi-root
// specs in a third opened on a `.code-workspace` of two folders; the summary counts all.
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
import { SUITE_GROUPS, type SuiteGroup } from './harness/suiteGroups.js';
import {
  combineResults,
  countsLine,
  parseSuiteResults,
  summaryLines,
  type SuiteResults,
} from './harness/suiteResults.js';
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

/** The trusted launch (most of the suite), start-up included; override with VSCODE_TEST_TIMEOUT_MS. */
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 10 * 60_000);
/** The untrusted and multi-root launches: a few specs, but another code-server and workbench to start. */
const SHORT_LAUNCH_TIMEOUT_MS = 4 * 60_000;
/** The navigation to the workbench: its first response, which a loaded machine delays too. */
const GOTO_TIMEOUT_MS = 120_000;

/** How one launch (one code-server window, one suite group) ended. */
interface LaunchOutcome {
  readonly group: SuiteGroup;
  readonly results?: SuiteResults;
  /** Why there are no results, with where to look. */
  readonly error?: string;
}

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
  console.log(`VS Code ${vsCodeVersion()} (code-server ${CODE_SERVER_VERSION}) in headless Chromium`);
  // One window per group, one after the other: workspace trust is the whole window's.
  const outcomes: LaunchOutcome[] = [];
  for (const group of launchedGroups()) outcomes.push(await launch(group));
  return report(outcomes, Date.now() - started);
}

/**
 * Runs `group`'s specs in a window of their own: a fresh test run (workspace, user data), fake
 * clusters, code-server and a fresh browser profile. The untrusted group's code-server keeps
 * workspace trust on, and a fresh profile has trusted no folder, so its folder opens untrusted.
 */
async function launch(group: SuiteGroup): Promise<LaunchOutcome> {
  const started = Date.now();
  const untrusted = group === 'untrusted';
  const suffix = group === 'trusted' ? '' : `-${group}`;
  const run = prepareTestRun({ untrusted, multiRoot: group === 'multiroot' });
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
  const onSignal = () => void cleanUp().then(() => process.exit(130));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, onSignal);

  try {
    if (untrusted)
      console.log('\n-- the untrusted workspace specs, in a second window with workspace trust on');
    if (group === 'multiroot')
      console.log('\n-- the multi-root workspace specs, in a window opened on a .code-workspace');
    driver = await UiDriverServer.start((line) => console.log(line), ARTIFACTS_DIR);
    clusters = await FakeClusters.start(run.root, run.manifestFolder);
    const codeServerLog = join(ARTIFACTS_DIR, `code-server${suffix}.log`);
    server = await startCodeServer(
      codeServerEntry(),
      run,
      {
        [TEST_ENV.results]: run.resultsFile,
        [TEST_ENV.uiDriver]: driver.url,
        [TEST_ENV.clusterControl]: clusters.url,
        [TEST_ENV.group]: group,
        [TEST_ENV.trivyLog]: run.trivyLog,
        FAKE_TRIVY_ARGV_LOG: run.trivyLog,
        KUBECONFIG: clusters.kubeconfigPath,
        ...grepEnv(),
      },
      codeServerLog,
    );
    // A fresh profile each time: the web workbench keeps its trusted folders in the browser.
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript({ content: REFUSE_CODE_SERVER_WORKER });
    const browserLogFile = join(ARTIFACTS_DIR, `browser${suffix}.log`);
    const browserLog = createWriteStream(browserLogFile);
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e.message}\n`));
    driver.attach(page);
    // Only the navigation's response is awaited: the workbench's scripts load for tens of seconds
    // on a loaded machine (CI once took over 30 s to domcontentloaded), and the suite's own results
    // file, awaited below with the whole run's deadline, is what says the page came up.
    await page.goto(workbenchUrl(server.url, run), { waitUntil: 'commit', timeout: GOTO_TIMEOUT_MS });
    console.log(`workbench opened in ${seconds(Date.now() - started)}\n`);

    const timeoutMs = group === 'trusted' ? TIMEOUT_MS : SHORT_LAUNCH_TIMEOUT_MS;
    const outcome = await waitForResults(run.resultsFile, server.exited, started + timeoutMs);
    if (outcome.kind !== 'results') {
      const screen = join(ARTIFACTS_DIR, `unfinished${suffix}.png`);
      await page.screenshot({ path: screen }).catch(() => undefined);
      const why =
        outcome.kind === 'timeout'
          ? `the VS Code suite (${group}) did not finish within ${seconds(timeoutMs)}`
          : `code-server exited (${outcome.code}) before the suite (${group}) finished`;
      return { group, error: `${why}\nlogs: ${codeServerLog}, ${browserLogFile}; screen: ${screen}` };
    }
    const results = parseSuiteResults(readFileSync(run.resultsFile, 'utf8'));
    if (!results) return { group, error: `the suite (${group}) wrote a results file that cannot be read` };
    console.log(`(${group}: ran in ${seconds(Date.now() - started)}, start-up included)`);
    return { group, results };
  } catch (err) {
    return { group, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
    await cleanUp();
  }
}

/** The workbench with the run's folder (or `.code-workspace`) and the development options of the suite. */
function workbenchUrl(serverUrl: string, run: TestRun): string {
  const remote = (path: string) => `vscode-remote://${new URL(serverUrl).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(EXTENSION_DIR)],
    ['extensionTestsPath', remote(SUITE_INDEX)],
  ];
  const opened = run.multiRoot ? 'workspace' : 'folder';
  return `${serverUrl}/?${opened}=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Prints mocha's summary of every launch's results as one, so the counts line is the whole suite's;
 * keeps a copy for the root test summary. Non-zero on a failure, a launch that did not finish, or
 * no test run at all.
 */
function report(outcomes: readonly LaunchOutcome[], elapsedMs: number): number {
  const results = combineResults(
    outcomes.map((o) => ({ what: `the ${o.group} launch`, results: o.results })),
  );
  writeFileSync(join(ARTIFACTS_DIR, 'results.json'), JSON.stringify(results, null, 2));
  for (const o of outcomes) if (o.error) console.error(`\nVS Code suite: ${o.error}`);
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

/** Every group, or those VSCODE_TEST_GROUPS names (`untrusted`: only the second window, to iterate). */
function launchedGroups(): SuiteGroup[] {
  const named = process.env.VSCODE_TEST_GROUPS?.split(',').map((g) => g.trim());
  return named ? SUITE_GROUPS.filter((g) => named.includes(g)) : [...SUITE_GROUPS];
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
