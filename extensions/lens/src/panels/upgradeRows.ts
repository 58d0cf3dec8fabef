import type { PackageUpgrade } from './panelModel.js';
import { compareCounts } from './severityCounts.js';
import { compareText } from './rowSort.js';

/** Upgrades split as a person acts on them: what an upgrade fixes, and what no version fixes yet. */
export interface UpgradeLists {
  readonly fixable: readonly PackageUpgrade[];
  readonly unfixable: readonly PackageUpgrade[];
}

/** Most severe first (what it clears), then most findings, then by package name. */
function compareUpgrades(a: PackageUpgrade, b: PackageUpgrade): number {
  return compareCounts(a.counts, b.counts) || b.findings - a.findings || compareText(a.package, b.package);
}

export function upgradeLists(upgrades: readonly PackageUpgrade[]): UpgradeLists {
  const sorted = [...upgrades].sort(compareUpgrades);
  return { fixable: sorted.filter((u) => u.fixedVersion), unfixable: sorted.filter((u) => !u.fixedVersion) };
}

/** `openssl 1.1.1k → 1.1.1n clears 14 findings`, or `libwebp6 0.6.1-2: 3 findings, no fixed version yet`. */
export function upgradeSentence(u: PackageUpgrade): string {
  const findings = `${u.findings} finding${u.findings === 1 ? '' : 's'}`;
  return u.fixedVersion
    ? `${u.package} ${u.installedVersion} → ${u.fixedVersion} clears ${findings}`
    : `${u.package} ${u.installedVersion}: ${findings}, no fixed version yet`;
}
