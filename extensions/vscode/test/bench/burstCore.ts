// The same-run baseline of `vscode-burst`: the core alone, in plain Node, doing what the extension
// host does with the same burst: the workspace's manifests in its manifest workspace, the cluster
// shown with `live.show`, and for each change the placements of every file it names read (what a
// host publishes). Run by `burst.ts` in a child process, as the extension host is, against the
// same fake cluster in the launcher; prints a {@link BurstHostResult} as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import { loadKubeConfig } from '@trivy-findings/core/node/kubeConfigLoader.js';
import { kubeClusterSource } from '@trivy-findings/core/node/kubeSessions.js';
import { NodeFileReader } from '@trivy-findings/core/node/nodeFileReader.js';
import { waitFor } from '../suite/workbench/waitFor.js';
import { BURST_ENV, type BurstHostConfig, type BurstHostResult, type BurstWritten } from './burstProtocol.js';

const now = () => performance.timeOrigin + performance.now();

/** The workspace folder and its manifests (relative paths), besides the host's config. */
interface BurstCoreConfig extends BurstHostConfig {
  readonly workspace: string;
  readonly files: readonly string[];
  readonly context: string;
}

async function main(): Promise<BurstHostResult> {
  const config = JSON.parse(process.env[BURST_ENV] ?? 'null') as BurstCoreConfig;
  const core = createFindingsCore({
    files: new NodeFileReader(),
    clusterSource: (context) => kubeClusterSource(loadKubeConfig({ context })),
  });
  try {
    const t0 = now();
    for (const f of config.files) {
      const path = join(config.workspace, f);
      core.workspace.update(path, readFileSync(path, 'utf8'));
    }
    await core.live.show(config.context);
    const settledMs = now() - t0;
    const expected = config.expectedFiles.map((f) => join(config.workspace, f));

    let firstStoreChangeAt: number | undefined;
    let storeChanges = 0;
    let lastPublishAt = 0;
    let filePublishes = 0;
    let publishEvents = 0;
    const subscriptions = [
      core.clusters.onDidChange(() => {
        firstStoreChangeAt ??= now();
        storeChanges++;
      }),
      core.workspace.onDidChange(({ files }) => {
        for (const f of files) core.workspace.placements(f);
        lastPublishAt = now();
        filePublishes += files.length;
        publishEvents++;
      }),
    ];
    const written = await post<BurstWritten>(config.burstUrl);
    const covered = () => expected.every((f) => core.workspace.placements(f).length > 0);
    await waitFor(
      () =>
        (core.clusters.get(config.context)?.store.size ?? 0) >= config.reports &&
        publishEvents > 0 &&
        now() - lastPublishAt >= config.quietMs &&
        covered(),
      (done) => done,
      { what: 'the burst to reach every manifest', timeoutMs: config.timeoutMs, intervalMs: 10 },
    );
    for (const s of subscriptions) s.dispose();
    const counts = expected.map((f) => core.workspace.placements(f).length);
    return {
      ok: true,
      written,
      firstStoreChangeAt,
      lastPublishAt,
      storeChanges,
      filePublishes,
      publishEvents,
      diagnostics: counts.reduce((a, b) => a + b, 0),
      filesWithDiagnostics: counts.filter((n) => n > 0).length,
      settledMs,
    };
  } finally {
    core.dispose();
  }
}

async function post<T>(url: string): Promise<T> {
  const response = await fetch(url, { method: 'POST' });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  (err: unknown) => {
    process.stdout.write(
      JSON.stringify({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }) +
        '\n',
    );
    process.exit(0);
  },
);
