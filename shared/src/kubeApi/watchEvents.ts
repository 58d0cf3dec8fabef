import type { WatchEvent } from '../ports/kubeTransport.js';

/**
 * One line of a watch stream as an event: a JSON object with a string `type` and an `object`.
 * Anything else (a blank line, a proxy's keep-alive, a cut line) is `undefined` and skipped, as
 * client-node's `Watch` skips it.
 */
export function watchEventOf(line: string): WatchEvent | undefined {
  if (line.trim() === '') return undefined;
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return undefined;
  }
  const e = event as Partial<WatchEvent> | null;
  return typeof e === 'object' &&
    e !== null &&
    typeof e.type === 'string' &&
    typeof e.object === 'object' &&
    e.object !== null
    ? (e as WatchEvent)
    : undefined;
}
