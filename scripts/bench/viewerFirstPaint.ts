// `viewer-first-paint: <ms> (goal < 200)`: the scan viewer's page painting its first rows of a
// 10,000-finding scan in headless Chromium, measured from the host's messages to the painted
// frame (with its breakdown: rows received, rendered into the DOM, painted), against the same
// rows as a plain <table> (the page without windowing) in the same run.
// Measured by extensions/vscode/test/bench/firstPaint.ts in a child process, so webpack's and
// the browser's memory do not count in this process's peak-memory figure.
import { spawnSync } from 'node:child_process';

const script = new URL('../../extensions/vscode/test/bench/firstPaint.ts', import.meta.url).pathname;

/** The goal of the issue, in milliseconds. */
const GOAL_MS = 200;

export function benchViewerFirstPaint(print: (line: string) => void): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the viewer's first paint was not measured:\n${run.stderr}`);
  const { rows, viewerMs, tableMs, viewer, oneMessage, table } = JSON.parse(run.stdout) as {
    rows: number;
    viewerMs: number;
    tableMs: number;
    viewer: Paint;
    oneMessage: Paint;
    table: Paint;
  };
  print(`viewer-first-paint: ${viewerMs.toFixed(0)} ms (goal < ${GOAL_MS})`);
  print(
    `  ${rows.toLocaleString('en')} rows: plain <table> ${tableMs.toFixed(0)} ms, viewer ÷ table ${(viewerMs / tableMs).toFixed(2)}x`,
  );
  print(`  viewer:                      ${breakdown(viewer)}`);
  print(`  viewer, all rows in 1 message: ${breakdown(oneMessage)}`);
  print(`  plain <table>:                 ${breakdown(table)}`);
}

/** Milliseconds after the first message was posted (see firstPaint.ts). */
interface Paint {
  readonly received: number;
  readonly rendered: number;
  readonly painted: number;
}

function breakdown(p: Paint): string {
  return (
    `rows received ${p.received.toFixed(0)} ms, in the DOM +${(p.rendered - p.received).toFixed(0)} ms, ` +
    `painted +${(p.painted - p.rendered).toFixed(0)} ms`
  );
}
