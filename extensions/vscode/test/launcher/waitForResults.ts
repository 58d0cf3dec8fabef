import { existsSync } from 'node:fs';

/** How a run ended, from the launcher's point of view. */
export type RunOutcome =
  | { readonly kind: 'results' }
  | { readonly kind: 'exited'; readonly code: number | null }
  | { readonly kind: 'timeout' };

/**
 * Waits until the suite has written `resultsFile`, the server has exited, or `deadline` (epoch ms)
 * has passed, whichever comes first. The file is written in one call once the suite is done, so
 * its existence is the condition.
 */
export async function waitForResults(
  resultsFile: string,
  serverExited: Promise<number | null>,
  deadline: number,
  intervalMs = 200,
): Promise<RunOutcome> {
  let exited: RunOutcome | undefined;
  void serverExited.then((code) => (exited = { kind: 'exited', code }));
  for (;;) {
    if (existsSync(resultsFile)) return { kind: 'results' };
    if (exited) return exited;
    if (Date.now() >= deadline) return { kind: 'timeout' };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
