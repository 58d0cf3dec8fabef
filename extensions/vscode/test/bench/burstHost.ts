// The extension host's half of `vscode-burst` (`burst.ts` is the launcher's): VS Code loads this
// module as `extensionTestsPath` and calls `run()`, as it does the suite's `index.ts`. It reads the
// extension through what `activate` returns for the suite (`ExtensionApi`: the connection's store
// changes and the workspace diagnostics' `onDidPublish`), so the production bundle has no bench
// hook. It asks the launcher to write the burst into the fake cluster and records, on the host's
// clock, when the first store change of the burst arrived and when the last file's diagnostics
// were published, until every manifest of the workspace holds the cluster's diagnostics and no
// publish came for a while.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension.js';
import { waitFor } from '../suite/workbench/waitFor.js';
import { startBurstProfile } from './burstProfile.js';
import { BURST_ENV, type BurstHostConfig, type BurstHostResult, type BurstWritten } from './burstProtocol.js';

const EXTENSION_ID = 'trivy-findings.trivy-findings-vscode';
const now = () => performance.timeOrigin + performance.now();

export async function run(): Promise<void> {
  const config = JSON.parse(process.env[BURST_ENV] ?? 'null') as BurstHostConfig | null;
  if (!config) throw new Error(`${BURST_ENV} is not set: this module is run by test/bench/burst.ts`);
  let result: BurstHostResult;
  try {
    result = await measure(config);
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  writeFileSync(config.resultFile, JSON.stringify(result));
}

async function measure(config: BurstHostConfig): Promise<BurstHostResult> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const t0 = now();
  const api = await extension.activate();
  await api.ready;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const uris = config.expectedFiles.map((f) => vscode.Uri.joinPath(folder.uri, ...f.split('/')));
  await waitFor(
    () => api.clusterLink.context !== undefined && api.cluster.connection.state.phase === 'connected',
    (connected) => connected,
    { what: 'the extension to connect to the fake cluster', timeoutMs: config.timeoutMs, intervalMs: 10 },
  );
  const settledMs = now() - t0;

  let firstStoreChangeAt: number | undefined;
  let storeChanges = 0;
  let lastPublishAt = 0;
  let filePublishes = 0;
  let publishEvents = 0;
  const subscriptions = [
    // The burst's changes are those with reports (as in burstCore.ts).
    api.cluster.connection.onDidChangeStore((change) => {
      if (change.reports.length === 0) return;
      firstStoreChangeAt ??= now();
      storeChanges++;
    }),
    api.workspaceDiagnostics.onDidPublish((files) => {
      lastPublishAt = now();
      filePublishes += files.length;
      publishEvents++;
    }),
  ];
  try {
    const storeSize = () => {
      const state = api.cluster.connection.state;
      return state.phase === 'connected' ? state.session.store.size : 0;
    };
    const stopProfile = await startBurstProfile('extension');
    const written = await post<BurstWritten>(config.burstUrl);
    const covered = () =>
      uris.every((uri) => vscode.languages.getDiagnostics(uri).some((d) => d.source?.startsWith('Trivy (')));
    // Done when nothing was published for a while and every manifest holds the cluster's
    // diagnostics; coverage is only looked at in a quiet window, so the polling costs the host
    // nothing while it works.
    await waitFor(
      () =>
        storeSize() >= config.reports &&
        publishEvents > 0 &&
        now() - lastPublishAt >= config.quietMs &&
        covered(),
      (done) => done,
      {
        what: 'the burst to reach the diagnostics of every manifest',
        timeoutMs: config.timeoutMs,
        intervalMs: 10,
      },
    );
    await stopProfile();
    // The burst is over: what follows (the fresh-start check publishes every file again) is not
    // part of it.
    for (const s of subscriptions) s.dispose();
    const all = uris.map((uri) => vscode.languages.getDiagnostics(uri));
    // Every file published again from the core's current placements must show the same: a file the
    // windows missed, or published from older placements, differs.
    const before = uris.map((uri) => digest(vscode.languages.getDiagnostics(uri)));
    api.workspaceDiagnostics.republish();
    api.workspaceDiagnostics.flush();
    const publishFloorMs = floorOf(uris.map((uri) => [uri, vscode.languages.getDiagnostics(uri)] as const));
    const freshStartMismatches = uris
      .filter((uri, i) => digest(vscode.languages.getDiagnostics(uri)) !== before[i])
      .map((uri) => vscode.workspace.asRelativePath(uri));
    return {
      ok: true,
      written,
      firstStoreChangeAt,
      lastPublishAt,
      storeChanges,
      filePublishes,
      publishEvents,
      diagnostics: all.reduce((n, list) => n + list.length, 0),
      filesWithDiagnostics: all.filter((list) => list.length > 0).length,
      settledMs,
      freshStartMismatches,
      publishFloorMs,
    };
  } finally {
    for (const s of subscriptions) s.dispose();
  }
}

/** The least of three `set`s of these diagnostics, each of every file at once, into a scratch collection. */
function floorOf(entries: ReadonlyArray<readonly [vscode.Uri, readonly vscode.Diagnostic[]]>): number {
  const scratch = vscode.languages.createDiagnosticCollection('trivy-findings-bench-floor');
  try {
    let least = Infinity;
    for (let i = 0; i < 3; i++) {
      scratch.clear();
      const started = performance.now();
      for (const [uri, list] of entries) scratch.set(uri, list);
      least = Math.min(least, performance.now() - started);
    }
    return least;
  } finally {
    scratch.dispose();
  }
}

/** What a file's diagnostics show: range, code, message and severity of each, in any order. */
function digest(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      const r = d.range;
      return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${String(code)} ${d.severity} ${d.message}`;
    })
    .sort()
    .join('\n');
}

async function post<T>(url: string): Promise<T> {
  const response = await fetch(url, { method: 'POST' });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
