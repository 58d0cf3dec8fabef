// `cluster-filter: <ratio> (goal ≤ 3)`: the Cluster view's rows, every namespace expanded, built
// through "HIGH and CRITICAL, fixable" (counts recounted from the findings) ÷ summarizeFindings over
// the same findings, which a host already does on each change batch. Measured by
// extensions/vscode/test/bench/clusterFilter.ts in a child process (the extension's sources are
// not part of the scripts' project).
import { spawnSync } from 'node:child_process';
import { ratioLine } from './measure.js';

const script = new URL('../../extensions/vscode/test/bench/clusterFilter.ts', import.meta.url).pathname;

export function benchClusterFilter(print: (line: string) => void): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the Cluster view's filter was not measured:\n${run.stderr}`);
  const { findings, rows, filteredMs, unfilteredMs, summaryMs } = JSON.parse(run.stdout) as {
    findings: number;
    rows: number;
    filteredMs: number;
    unfilteredMs: number;
    summaryMs: number;
  };
  print(ratioLine('cluster-filter', filteredMs / summaryMs, 3));
  print(
    `  ${findings} findings, ${rows} rows: filtered ${filteredMs.toFixed(1)} ms, unfiltered (the store's tallies) ${unfilteredMs.toFixed(1)} ms, summarizeFindings ${summaryMs.toFixed(1)} ms`,
  );
}
