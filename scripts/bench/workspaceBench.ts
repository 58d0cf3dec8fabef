// workspace-burst: 200 manifest files indexed by a ManifestWorkspace, then the findings of a burst
// of 1,000 cluster reports (500 workloads) placed on them ÷ building the 200 ManifestIndexes alone.
// The data is test/workspaceBurst.ts's: fixture manifests, kubectl-shaped generated Deployments,
// the generated cluster's real-shaped reports read by the real readers. The two are run in turn,
// so a load on the shared machine weighs on both alike.
import { buildManifestIndex } from '../../shared/src/manifests/manifestIndex.js';
import { ManifestWorkspace } from '../../shared/src/workspace/manifestWorkspace.js';
import { BURST_NAMESPACE, workspaceBurst } from '../../test/workspaceBurst.js';
import { gc, median, ratioLine } from './measure.js';

const RUNS = 7;

export function benchWorkspaceBurst(print: (line: string) => void): void {
  const burst = workspaceBurst(200, 500);
  const files = [...burst.files];
  const baseline = (): void => {
    for (const [path, text] of files) buildManifestIndex(text, path);
  };
  const indexTimes: number[] = [];
  const placeTimes: number[] = [];
  let placed = 0;
  const workspace = (): void => {
    const ws = new ManifestWorkspace({ defaultNamespace: BURST_NAMESPACE });
    const t0 = performance.now();
    for (const [path, text] of files) ws.update(path, text);
    const t1 = performance.now();
    placed = ws.setFindings(burst.sets).files.length;
    indexTimes.push(t1 - t0);
    placeTimes.push(performance.now() - t1);
  };
  baseline();
  workspace();
  indexTimes.length = placeTimes.length = 0;
  const base: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(timed(baseline));
    ours.push(timed(workspace));
  }
  const b = median(base);
  const o = median(ours);
  // What a host keeps: the workspace after the burst, its placements and cached indexes included.
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const kept = new ManifestWorkspace({ defaultNamespace: BURST_NAMESPACE });
  for (const [path, text] of files) kept.update(path, text);
  kept.setFindings(burst.sets);
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const textMB = files.reduce((n, [, text]) => n + text.length, 0) / 1024 / 1024;
  print(ratioLine('workspace-burst', o / b, 2));
  print(
    `  ${files.length} files, ${burst.reports} reports, ${burst.findings} findings placed in ${placed} files: ` +
      `workspace ${o.toFixed(0)} ms (index ${median(indexTimes).toFixed(0)} ms, place ${median(placeTimes).toFixed(0)} ms), ` +
      `200 ManifestIndexes ${b.toFixed(0)} ms`,
  );
  print(
    `  retained by the workspace: ${heapMB.toFixed(1)} MB heap for ${textMB.toFixed(2)} MB of manifests and ` +
      `${burst.findings} placements (${kept.stats().cachedIndexes} indexes cached)`,
  );
  kept.dispose();
}

function timed(fn: () => void): number {
  gc();
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
