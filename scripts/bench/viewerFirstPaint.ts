// `viewer-first-paint: <ms> (goal < 200)`: the scan viewer's page painting its first rows of a
// 10,000-finding scan in headless Chromium, measured from the host's messages to the painted
// frame, against the same rows as a plain <table> (the page without windowing) in the same run.
// Measured by extensions/vscode/test/bench/firstPaint.ts in a child process, so webpack's and
// the browser's memory do not count in this process's peak-memory figure.
import { spawnSync } from 'node:child_process';

const script = new URL('../../extensions/vscode/test/bench/firstPaint.ts', import.meta.url).pathname;

/** The goal of the issue, in milliseconds. */
const GOAL_MS = 200;

export function benchViewerFirstPaint(print: (line: string) => void): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the viewer's first paint was not measured:\n${run.stderr}`);
  const { rows, viewerMs, tableMs } = JSON.parse(run.stdout) as {
    rows: number;
    viewerMs: number;
    tableMs: number;
  };
  print(`viewer-first-paint: ${viewerMs.toFixed(0)} ms (goal < ${GOAL_MS})`);
  print(
    `  ${rows.toLocaleString('en')} rows: plain <table> ${tableMs.toFixed(0)} ms, viewer ÷ table ${(viewerMs / tableMs).toFixed(2)}x`,
  );
}
