// `lens-panel: <ms> (goal < 200)`: the first render of a workload's Security findings section with
// 2,000 findings in jsdom (median of repeated mounts), beside a plain React table of the same 2,000
// findings measured in the same run, which says what rendering every row would cost. Measured in a
// child process with the Lens test hooks (the extension API double) and jsdom, so neither counts in
// this process's peak-memory figure. On a shared machine wall time waits on other work; the CPU time
// of the same mounts is printed beside it.
import { spawnSync } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;
const script = 'extensions/lens/test/panelBench.tsx';
const hooks = './extensions/lens/test/hooks/registerLensTestHooks.mjs';
const GOAL_MS = 200;

interface PanelFigures {
  readonly findings: number;
  readonly rowsShown: number;
  readonly firstInProcessMs: number;
  readonly panelMs: number;
  readonly plainTableMs: number;
  readonly panelCpuMs: number;
  readonly plainTableCpuMs: number;
}

export function benchLensPanel(print: (line: string) => void): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', hooks, '--expose-gc', script], {
    cwd: root,
    encoding: 'utf8',
    // The hosts run React's production build; the development build's checks would be measured
    // instead of the panel (about half again as much CPU time here).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) throw new Error(`the Lens panel bench failed:\n${run.stderr}`);
  const figures = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as PanelFigures;
  // The exact line first; the baseline of the same run on a line of its own.
  print(`lens-panel: ${figures.panelMs.toFixed(0)} ms (goal < ${GOAL_MS})`);
  print(
    `lens-panel-baseline: ${figures.plainTableMs.toFixed(0)} ms for a plain table of all ` +
      `${figures.findings} findings (panel ${(figures.panelMs / figures.plainTableMs).toFixed(2)}x; ` +
      `${figures.rowsShown} rows shown; first mount in the process ${figures.firstInProcessMs.toFixed(0)} ms; ` +
      `CPU time: panel ${figures.panelCpuMs.toFixed(0)} ms, plain table ${figures.plainTableCpuMs.toFixed(0)} ms)`,
  );
}
