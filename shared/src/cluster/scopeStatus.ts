import type { KindStatus } from '../ports/clusterSource.js';

/**
 * The status that holds for a kind in one namespace, from the statuses of its watch scopes: the
 * namespace's own watch (a fallback when the kind may not be listed in all namespaces), unless
 * that is gone while the all-namespace watch works; else the all-namespace watch. `undefined`
 * before either reported (not synced yet).
 */
export function statusInNamespace(
  own: KindStatus | undefined,
  all: KindStatus | undefined,
): KindStatus | undefined {
  if (own && (!all || hidden(all) || !hidden(own))) return own;
  return all;
}

/** What the scope held is not to be shown: the kind is not installed or may not be listed. */
export function hidden(status: KindStatus): boolean {
  return status.state === 'not-installed' || status.state === 'forbidden';
}
