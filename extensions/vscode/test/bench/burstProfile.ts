// `TRIVY_FINDINGS_BENCH_PROFILE=DIR npm run bench -- vscode-burst` writes a CPU profile of each measured
// process (`extension.cpuprofile`, `core.cpuprofile`, for Chrome DevTools or `speedscope`) from
// the burst's first write to its last publish: where the time goes when the goal is missed. Taken
// through node:inspector from inside the process, as the extension host takes no --cpu-prof (and
// code-server passes it no VSCODE_* variable, hence the name).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/** The environment variable naming the folder for the profiles; unset, nothing is profiled. */
export const BURST_PROFILE_ENV = 'TRIVY_FINDINGS_BENCH_PROFILE';

/** Starts profiling when asked to; the returned function stops and writes `<name>.cpuprofile`. */
export async function startBurstProfile(name: string): Promise<() => Promise<void>> {
  const dir = process.env[BURST_PROFILE_ENV];
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}
