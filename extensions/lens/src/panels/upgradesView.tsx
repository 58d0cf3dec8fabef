import React, { useMemo, useState } from 'react';
import { FindingTable, type TableColumn } from './findingTable.js';
import type { PackageUpgrade } from './panelModel.js';
import { pageOf, PAGE_SIZE } from './rowPages.js';
import { countsColumn, imagesColumn } from './tableColumns.js';
import { upgradeLists, upgradeSentence } from './upgradeRows.js';

const COLUMNS: readonly TableColumn<PackageUpgrade>[] = [
  { title: 'Upgrade', cell: upgradeSentence },
  countsColumn('Clears', (u) => u.counts),
  imagesColumn(),
];

/**
 * Upgrades, not rows: one line per package version that clears findings ("openssl 1.1.1k → 1.1.1n
 * clears 14 findings"), what an upgrade fixes apart from what no version fixes yet.
 */
export function UpgradesView({
  upgrades,
}: {
  readonly upgrades: readonly PackageUpgrade[];
}): React.ReactElement {
  const lists = useMemo(() => upgradeLists(upgrades), [upgrades]);
  if (upgrades.length === 0) return <p className="TrivyFindingsNoMatch">No vulnerable packages.</p>;
  return (
    <div className="TrivyFindingsUpgrades">
      <UpgradeTable
        title="Upgrades that fix findings"
        upgrades={lists.fixable}
        none="No published version fixes these findings yet."
      />
      <UpgradeTable
        title="No fixed version yet"
        upgrades={lists.unfixable}
        none="Every vulnerable package has a fix."
      />
    </div>
  );
}

function UpgradeTable({
  title,
  upgrades,
  none,
}: {
  readonly title: string;
  readonly upgrades: readonly PackageUpgrade[];
  readonly none: string;
}): React.ReactElement {
  const [limit, setLimit] = useState(PAGE_SIZE);
  return (
    <section>
      <h4>{title}</h4>
      {upgrades.length === 0 ? (
        <p>{none}</p>
      ) : (
        <FindingTable<PackageUpgrade>
          className="TrivyFindingsUpgradeTable"
          columns={COLUMNS}
          page={pageOf(upgrades, limit)}
          keyOf={(u) => `${u.package}\u0000${u.installedVersion}\u0000${u.fixedVersion ?? ''}`}
          onShowMore={() => setLimit(limit + PAGE_SIZE)}
        />
      )}
    </section>
  );
}
