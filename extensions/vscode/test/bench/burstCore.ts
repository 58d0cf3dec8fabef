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
import type { ManifestWorkspace, Placement } from '@trivy-findings/core/workspace/manifestWorkspace.js';
import { waitFor } from '../suite/workbench/waitFor.js';
import { startBurstProfile } from './burstProfile.js';
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
      // The burst's changes are those with reports: a late batch of the first sync (a status, an
      // owner looked up) may still fire once the measurement began.
      core.clusters.onDidChange(({ change }) => {
        if (change.reports.length === 0) return;
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
    const stopProfile = await startBurstProfile('core');
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
    await stopProfile();
    for (const s of subscriptions) s.dispose();
    const counts = expected.map((f) => core.workspace.placements(f).length);
    const mismatches = await againstFreshStart(config, core.workspace);
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
      freshStartMismatches: mismatches,
    };
  } finally {
    core.dispose();
  }
}

/**
 * Files whose placements after the burst differ from those of a core started afresh on the same
 * cluster and files: what the incremental path (batched store changes, remembered ranges) must
 * never change. Compared by what a host shows: finding id, type, lines and precision, workload.
 */
async function againstFreshStart(config: BurstCoreConfig, burst: ManifestWorkspace): Promise<string[]> {
  const fresh = createFindingsCore({
    files: new NodeFileReader(),
    clusterSource: (context) => kubeClusterSource(loadKubeConfig({ context })),
  });
  try {
    for (const f of config.files) {
      const path = join(config.workspace, f);
      fresh.workspace.update(path, readFileSync(path, 'utf8'));
    }
    await fresh.live.show(config.context);
    const paths = config.files.map((f) => join(config.workspace, f));
    const differing = () =>
      paths.filter((p) => digest(burst.placements(p)) !== digest(fresh.workspace.placements(p)));
    // The fresh session's owner lookups may still move findings once after its first sync.
    return await waitFor(differing, (files) => files.length === 0, {
      what: 'a fresh start to place what the burst placed',
      timeoutMs: 20_000,
      intervalMs: 50,
    }).catch(() => differing());
  } finally {
    fresh.dispose();
  }
}

function digest(placements: readonly Placement[]): string {
  return placements
    .map(
      (p) =>
        `${p.finding.type} ${p.finding.id} ${p.range.startLine}-${p.range.endLine} ${p.range.precision} ${p.workload ?? ''}`,
    )
    .sort()
    .join('\n');
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
