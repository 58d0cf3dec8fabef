// @jsxRuntime automatic
import { useState, type Dispatch } from 'react';
import { SEVERITIES, type SeverityCounts } from '@trivy-findings/core/model/severity.js';
import type { UpgradeEntry, ViewFilter } from '../../src/scanViewer/protocol.js';
import type { ViewerAction } from './viewerState.js';

/** Lines listed before "Show all": a scan of a whole cluster has thousands of packages. */
const FIRST = 20;

/**
 * Upgrades, not rows: the scan's vulnerabilities by package, each upgrade as the sentence of what
 * it clears ("openssl 1.1.1k → 1.1.1n clears 14 findings in 3 workloads"), the packages no version
 * fixes yet apart. Each line is a toggle button (Tab, then Enter or Space) that filters the table to
 * its findings. Text only: package names and versions come from the report.
 */
export function UpgradesPanel({
  upgrades,
  filter,
  dispatch,
}: {
  readonly upgrades: readonly UpgradeEntry[];
  readonly filter: ViewFilter;
  readonly dispatch: Dispatch<ViewerAction>;
}) {
  const [open, setOpen] = useState(false);
  if (upgrades.length === 0) return null;
  const fixable = upgrades.filter((u) => u.fixable);
  const unfixable = upgrades.filter((u) => !u.fixable);
  const cleared = fixable.reduce((n, u) => n + u.findings, 0);
  const select = (entry: string) =>
    dispatch({ type: 'filter', change: { upgrade: filter.upgrade === entry ? undefined : entry } });
  return (
    <details
      className="upgrades"
      open={open || filter.upgrade !== undefined}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        Upgrades{' '}
        <span className="upgrades-summary">
          {fixable.length} {fixable.length === 1 ? 'upgrade clears' : 'upgrades clear'} {cleared}{' '}
          {cleared === 1 ? 'finding' : 'findings'}
          {unfixable.length > 0
            ? ` · no fix yet: ${unfixable.length} ${unfixable.length === 1 ? 'package' : 'packages'}`
            : ''}
        </span>
      </summary>
      <UpgradeList
        label="Upgrades that fix findings"
        entries={fixable}
        selected={filter.upgrade}
        onSelect={select}
      />
      {unfixable.length > 0 && (
        <>
          <h2 className="no-fix">No fix yet</h2>
          <UpgradeList
            label="Packages without a fixed version"
            entries={unfixable}
            selected={filter.upgrade}
            onSelect={select}
          />
        </>
      )}
    </details>
  );
}

function UpgradeList({
  label,
  entries,
  selected,
  onSelect,
}: {
  readonly label: string;
  readonly entries: readonly UpgradeEntry[];
  readonly selected: string | undefined;
  readonly onSelect: (entry: string) => void;
}) {
  const [all, setAll] = useState(false);
  // The selected line stays listed even when it is past the first ones.
  const shown = all ? entries : entries.filter((u, i) => i < FIRST || u.entry === selected);
  return (
    <>
      <ul className="upgrade-list" aria-label={label}>
        {shown.map((u) => (
          <li key={u.entry}>
            <button
              type="button"
              className="upgrade"
              aria-pressed={selected === u.entry}
              data-entry={u.entry}
              onClick={() => onSelect(u.entry)}
            >
              <span className="upgrade-text">{u.text}</span>{' '}
              <span className={`upgrade-counts severity-${u.worst.toLowerCase()}`}>
                {countsText(u.counts)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {shown.length < entries.length && (
        <button type="button" className="secondary show-all" onClick={() => setAll(true)}>
          Show all {entries.length}
        </button>
      )}
    </>
  );
}

/** `C:3 H:12`: the non-zero counts, most severe first. */
function countsText(counts: SeverityCounts): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${s[0]}:${counts[s]}`)
    .join(' ');
}
