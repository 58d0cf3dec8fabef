// `vscode-burst: <ms> (goal < 500)`: a burst of 1,000 reports written into the cluster, from its
// first store change (the first watch events of the burst, batched) to the last publish of the
// diagnostics of a 200-file workspace's manifests, measured in the extension host of
// a real VS Code (code-server in headless Chromium), beside the core alone doing the same in plain
// Node in the same run. Measured by extensions/vscode/test/bench/burst.ts in a child process (it
// builds the production bundle, starts the fake cluster, code-server and Chromium), so their
// memory does not count in this process's peak-memory figure.
import { spawnSync } from 'node:child_process';

/** What burst.ts prints (its `BurstFigures`; the JSON crosses a process boundary). */
interface BurstFigures {
  readonly files: number;
  readonly reports: number;
  readonly wire: { readonly bytes: number; readonly parseMs: number };
  readonly extension: BurstHostResult;
  readonly core: BurstHostResult;
}
/** One measured process's record (burstProtocol.ts's `BurstHostResult`), epoch milliseconds. */
interface BurstHostResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly written?: { readonly startedAt: number; readonly writtenAt: number };
  readonly firstStoreChangeAt?: number;
  readonly lastPublishAt?: number;
  readonly storeChanges?: number;
  readonly filePublishes?: number;
  readonly publishEvents?: number;
  readonly diagnostics?: number;
  readonly filesWithDiagnostics?: number;
  readonly freshStartMismatches?: readonly string[];
  readonly publishFloorMs?: number;
}

const script = new URL('../../extensions/vscode/test/bench/burst.ts', import.meta.url).pathname;

/** The goal of the issue, in milliseconds. */
const GOAL_MS = 500;

export function benchVscodeBurst(print: (line: string) => void): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`vscode-burst was not measured:\n${run.stderr}`);
  const figures = JSON.parse(run.stdout) as BurstFigures;
  const { extension, core } = figures;
  if (!extension.ok) throw new Error(`vscode-burst: the extension host failed: ${extension.error}`);
  if (!core.ok) throw new Error(`vscode-burst: the core alone failed: ${core.error}`);
  // Fast and wrong is no result: both final states must equal a fresh start's.
  for (const [who, r] of [
    ['the extension host', extension],
    ['the core alone', core],
  ] as const)
    if ((r.freshStartMismatches?.length ?? 0) > 0)
      throw new Error(
        `vscode-burst: ${who} ended the burst unlike a fresh start in ${r.freshStartMismatches!.length} files: ${r.freshStartMismatches!.slice(0, 5).join(', ')}`,
      );
  const ext = elapsed(extension);
  const alone = elapsed(core);
  print(`vscode-burst: ${ext.toFixed(0)} ms (goal < ${GOAL_MS})`);
  print(
    `  ${figures.reports} reports → ${extension.filesWithDiagnostics} of ${figures.files} files: ` +
      `extension ${ext.toFixed(0)} ms, core alone ${alone.toFixed(0)} ms, extension ÷ core ${(ext / alone).toFixed(2)}x ` +
      `(from the first store change of the burst to the last publish)`,
  );
  print(`  extension: ${describe(extension)}; ${extension.diagnostics} diagnostics`);
  const floor = extension.publishFloorMs;
  const { wire } = figures;
  if (floor !== undefined)
    print(
      `  floor: JSON.parse of the burst's ${(wire.bytes / 1e6).toFixed(1)} MB ${wire.parseMs.toFixed(0)} ms + ` +
        `one DiagnosticCollection.set of the final diagnostics in VS Code ${floor.toFixed(0)} ms = ` +
        `${(wire.parseMs + floor).toFixed(0)} ms; extension ÷ floor ${(ext / (wire.parseMs + floor)).toFixed(2)}x`,
    );
  print(`  core:      ${describe(core)}; ${core.diagnostics} placements`);
  print(
    `  final state equal to a fresh start's: extension (every file republished) and core (a second core) in all ${figures.files} files`,
  );
}

/** From the first store change of the burst (its first watch events, batched) to the last publish. */
function elapsed(r: BurstHostResult): number {
  return r.lastPublishAt! - r.firstStoreChangeAt!;
}

function describe(r: BurstHostResult): string {
  const since = (t: number) => (t - r.written!.startedAt).toFixed(0);
  return (
    `after the first write: writes done ${since(r.written!.writtenAt)} ms, first store change ${since(r.firstStoreChangeAt!)} ms, ` +
    `last publish ${since(r.lastPublishAt!)} ms; ${r.storeChanges} store changes, ${r.publishEvents} publishes of ${r.filePublishes} files`
  );
}
