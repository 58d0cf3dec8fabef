// Which entry of an upgrade plan a finding counts under, as one id the tree's rows, the viewer's
// rows and the viewer's filter share. No `vscode` here: the page imports it too.
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { upgradeEntryOf } from '@trivy-findings/core/insights/upgrades.js';

/**
 * `fix:<package key>` for the upgrade of a package, `nofix:<package key>` for its vulnerabilities
 * that no version fixes: a package may have both.
 */
export function upgradeEntryId(fixable: boolean, packageKey: string): string {
  return `${fixable ? 'fix' : 'nofix'}:${packageKey}`;
}

/** The entry id of a finding, by the core's rule (`upgradeEntryOf`); `undefined` when it counts in none. */
export function findingUpgradeEntry(f: Finding): string | undefined {
  const entry = upgradeEntryOf(f);
  return entry ? upgradeEntryId(entry.fixable, entry.key) : undefined;
}
