// `vscode-burst`: a burst of 1,000 reports in the cluster, to the diagnostics of every manifest of
// a 200-file workspace, measured in the extension host of a real VS Code (code-server, opened in
// headless Chromium), against the core alone doing the same in plain Node in the same run.
//
// The workspace and the cluster are test/workspaceBurst.ts's (200 manifest files, 500 generated
// Deployments spread over 193 of them, each with a Service), served by the fake API server in this
// process: at first the namespaces, Deployments and ReplicaSets only; then, when the measured
// process asks (it has connected and settled), this process writes the 500 VulnerabilityReports
// and 500 ConfigAuditReports of those workloads, one after the other, as an operator's first
// scan of a cluster does. The figure is from the first write to the last publish of diagnostics,
// on one clock (epoch ms: the processes share the machine's). The extension host's half is
// `burstHost.ts` (the `extensionTestsPath` VS Code runs), the baseline is `burstCore.ts`.
// `scripts/bench/vscodeBurst.ts` runs this in a child process and prints what it writes to stdout.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../../scripts/vscode/debianPackages.js';
import {
  CODE_SERVER_VERSION,
  codeServerEntry,
  installedVersion,
} from '../../../../scripts/vscode/installCodeServer.js';
import { generateReports } from '../../../../test/doubles/fakeApiServer/generateReports.js';
import { startFakeApiServer, type FakeApiServer } from '../../../../test/doubles/fakeApiServer/index.js';
import { workspaceBurst } from '../../../../test/workspaceBurst.js';
import { startCodeServer } from '../../../../scripts/vscode/codeServer.js';
import { ARTIFACTS_DIR, EXTENSION_DIR, QUIET_SETTINGS, REPO_DIR } from '../launcher/testWorkspace.js';
import { waitForResults } from '../launcher/waitForResults.js';
import { BURST_ENV, type BurstHostConfig, type BurstHostResult, type BurstWritten } from './burstProtocol.js';

const FILES = 200;
const WORKLOADS = 500;
const SEED = 7;
/** No publish for this long, with every manifest covered, ends a measurement. */
const QUIET_MS = 1500;
const TIMEOUT_MS = 300_000;
/** The fake server's only user; its kubeconfig names the context after it. */
const CONTEXT = 'admin';
const HOST_BUNDLE = join(EXTENSION_DIR, 'out', 'test', 'bench', 'burstHost.js');
const now = () => performance.timeOrigin + performance.now();

/** Both measurements, for `scripts/bench/vscodeBurst.ts`. */
export interface BurstFigures {
  readonly files: number;
  readonly reports: number;
  /** The burst's reports as JSON on the wire, in bytes, and the least time of three to `JSON.parse` them (ms). */
  readonly wire: { readonly bytes: number; readonly parseMs: number };
  readonly extension: BurstHostResult;
  readonly core: BurstHostResult;
}

async function main(): Promise<void> {
  ensureBuilt();
  const burst = workspaceBurst(FILES, WORKLOADS, SEED);
  const root = mkdtempSync(join(tmpdir(), 'vscode-burst-'));
  try {
    const workspace = join(root, 'workspace');
    for (const [path, text] of burst.files) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
    const files = [...burst.files.keys()];
    const expectedFiles = [...new Set(burst.fileOf.values())];
    // The baseline first: it also warms the machine's caches for both.
    const core = await withCluster(async (cluster) => {
      const config = {
        ...hostConfig(cluster, join(root, 'core.json'), expectedFiles),
        workspace,
        files,
        context: CONTEXT,
      };
      return runCore(config, cluster.server.kubeconfigPath);
    });
    const extension = await withCluster((cluster) =>
      runExtension(
        hostConfig(cluster, join(root, 'host.json'), expectedFiles),
        cluster.server,
        root,
        workspace,
      ),
    );
    const figures: BurstFigures = {
      files: files.length,
      reports: burst.reports,
      wire: wireOf(),
      extension,
      core,
    };
    process.stdout.write(JSON.stringify(figures) + '\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The burst as the watch streams carry it (one JSON document per report) and what parsing it
 * alone costs in this process: the least any reader of the burst pays before doing anything.
 */
function wireOf(): BurstFigures['wire'] {
  const generated = generateReports(WORKLOADS, SEED);
  const texts = [...generated.vulnerabilityReports, ...generated.configAuditReports].map((r) =>
    JSON.stringify({ type: 'ADDED', object: r }),
  );
  let parseMs = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (const text of texts) JSON.parse(text);
    parseMs = Math.min(parseMs, performance.now() - started);
  }
  return { bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0), parseMs };
}

/** The production extension bundle and the host's half of the bench, built; code-server installed. */
function ensureBuilt(): void {
  const run = (command: string, args: string[], cwd: string) => {
    const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  };
  const cli = createRequire(join(EXTENSION_DIR, 'package.json')).resolve('webpack-cli/bin/cli.js');
  run(
    process.execPath,
    [
      cli,
      '--mode',
      'production',
      '--config-name',
      'extension',
      '--config-name',
      'bench',
      '--stats',
      'errors-only',
    ],
    EXTENSION_DIR,
  );
  if (installedVersion() !== CODE_SERVER_VERSION)
    run(
      process.execPath,
      ['--import', 'tsx', join(REPO_DIR, 'scripts', 'vscode', 'installCodeServer.ts')],
      REPO_DIR,
    );
}

interface BurstCluster {
  readonly server: FakeApiServer;
  readonly burstUrl: string;
}

/**
 * A fake cluster with the workloads and no reports, and the loopback endpoint the measured
 * process calls to have the burst written (once).
 */
async function withCluster<T>(body: (cluster: BurstCluster) => Promise<T>): Promise<T> {
  const generated = generateReports(WORKLOADS, SEED);
  const server = await startFakeApiServer({
    objects: [...generated.namespaces, ...generated.deployments, ...generated.replicaSets],
  });
  const reports = [...generated.vulnerabilityReports, ...generated.configAuditReports];
  const token = randomBytes(16).toString('hex');
  let done = false;
  const control: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== `/${token}/burst` || done) {
      res.writeHead(404).end();
      return;
    }
    done = true;
    const startedAt = now();
    for (const report of reports) server.create(report);
    const written: BurstWritten = { startedAt, writtenAt: now(), reports: reports.length };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(written));
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  try {
    return await body({
      server,
      burstUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}/${token}/burst`,
    });
  } finally {
    control.closeAllConnections();
    await new Promise<void>((resolve) => control.close(() => resolve()));
    await server.close();
  }
}

function hostConfig(cluster: BurstCluster, resultFile: string, expectedFiles: string[]): BurstHostConfig {
  return {
    burstUrl: cluster.burstUrl,
    resultFile,
    expectedFiles,
    reports: WORKLOADS * 2,
    quietMs: QUIET_MS,
    timeoutMs: TIMEOUT_MS,
  };
}

/** The core alone in a child Node process (`burstCore.ts`). */
async function runCore(config: BurstHostConfig, kubeconfig: string): Promise<BurstHostResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'burstCore.ts')], {
    env: { ...process.env, KUBECONFIG: kubeconfig, [BURST_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return JSON.parse(out) as BurstHostResult;
}

/** The extension in code-server's extension host, opened in headless Chromium (`burstHost.ts`). */
async function runExtension(
  config: BurstHostConfig,
  server: FakeApiServer,
  root: string,
  workspace: string,
): Promise<BurstHostResult> {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir);
  // No local scans: the figure is the cluster's path alone.
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, 'trivyFindings.scanOnSave': false }),
  );
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const run = {
    root,
    workspace,
    userDataDir,
    extensionsDir,
    resultsFile: config.resultFile,
    dispose: () => undefined,
  };
  const codeServer = await startCodeServer(
    codeServerEntry(),
    run,
    { KUBECONFIG: server.kubeconfigPath, [BURST_ENV]: JSON.stringify(config) },
    join(ARTIFACTS_DIR, 'burst-code-server.log'),
  );
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const browserLog = createWriteStream(join(ARTIFACTS_DIR, 'burst-browser.log'));
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    const remote = (path: string) => `vscode-remote://${new URL(codeServer.url).host}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(EXTENSION_DIR)],
      ['extensionTestsPath', remote(HOST_BUNDLE)],
    ];
    await page.goto(
      `${codeServer.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      // The workbench is large; on a loaded machine it takes longer than Playwright's default 30 s.
      { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS },
    );
    const outcome = await waitForResults(config.resultFile, codeServer.exited, Date.now() + 2 * TIMEOUT_MS);
    if (outcome.kind !== 'results')
      return {
        ok: false,
        error: `no result from the extension host (${outcome.kind}); see ${ARTIFACTS_DIR}`,
      };
    return JSON.parse(readFileSync(config.resultFile, 'utf8')) as BurstHostResult;
  } finally {
    await browser.close().catch(() => undefined);
    await codeServer.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
