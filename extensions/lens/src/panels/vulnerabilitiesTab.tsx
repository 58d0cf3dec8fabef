import React, { useMemo, useState } from 'react';
import { Renderer } from '@k8slens/extensions';
import type { Finding } from '../../../../shared/src/model/finding.js';
import { SEVERITIES, type SeverityCounts } from '../../../../shared/src/model/severity.js';
import { ExternalLink } from './externalLink.js';
import { FilterBar, FlagFilter, SeverityFilter, TextFilter } from './findingFilters.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import type { PackageUpgrade } from './panelModel.js';
import { pageGroups, PAGE_SIZE } from './rowPages.js';
import { nextSort } from './rowSort.js';
import { SeverityBadge, SeverityCountBadges } from './severityBadges.js';
import { UpgradesView } from './upgradesView.js';
import {
  DEFAULT_VULNERABILITY_QUERY,
  VULNERABILITY_DESCENDING_FIRST,
  vulnerabilityGroups,
  type ImageGroup,
  type VulnerabilityColumn,
  type VulnerabilityQuery,
  type VulnerabilityRow,
} from './vulnerabilityRows.js';

const COLUMNS: readonly TableColumn<VulnerabilityRow, VulnerabilityColumn>[] = [
  { title: 'Severity', sortBy: 'severity', cell: (r) => <SeverityBadge severity={r.severity} /> },
  { title: 'ID', sortBy: 'id', cell: (r) => <ExternalLink url={r.url} text={r.id} /> },
  { title: 'Package', sortBy: 'package', cell: (r) => r.packageName },
  { title: 'Installed', sortBy: 'installed', cell: (r) => r.installedVersion ?? '' },
  { title: 'Fixed in', sortBy: 'fixed', cell: (r) => r.fixedVersion ?? 'no fix yet' },
  { title: 'Score', sortBy: 'score', cell: (r) => (r.score !== undefined ? r.score.toFixed(1) : '') },
  { title: 'Title', cell: (r) => r.title },
];

type View = 'images' | 'upgrades';

/**
 * The Vulnerabilities tab: the findings per container image, sortable and filtered by severity,
 * fixable-only and text; and, once the core's upgrade insight is connected, the Upgrades view that
 * says which package versions clear them.
 */
export function VulnerabilitiesTab({
  findings,
  upgrades,
}: {
  readonly findings: readonly Finding[];
  readonly upgrades?: readonly PackageUpgrade[];
}): React.ReactElement {
  const { Tabs, Tab } = Renderer.Component;
  const [view, setView] = useState<View>('images');
  return (
    <div className="TrivyFindingsVulnerabilities">
      {upgrades ? (
        <Tabs value={view} onChange={(v: View) => setView(v)}>
          <Tab value="images" label="By image" />
          <Tab value="upgrades" label="Upgrades" />
        </Tabs>
      ) : null}
      {upgrades && view === 'upgrades' ? (
        <UpgradesView upgrades={upgrades} />
      ) : (
        <ByImage findings={findings} />
      )}
    </div>
  );
}

function ByImage({ findings }: { readonly findings: readonly Finding[] }): React.ReactElement {
  const [query, setQuery] = useState<VulnerabilityQuery>(DEFAULT_VULNERABILITY_QUERY);
  const [more, setMore] = useState<ReadonlyMap<string, number>>(new Map());
  const groups = useMemo(() => vulnerabilityGroups(findings, query), [findings, query]);
  const pages = pageGroups(groups, more);
  const change = (next: Partial<VulnerabilityQuery>) => {
    setQuery({ ...query, ...next });
    setMore(new Map());
  };
  const matching = groups.reduce((n, g) => n + g.rows.length, 0);
  const showMore = (key: string) => setMore(new Map(more).set(key, (more.get(key) ?? 0) + PAGE_SIZE));
  return (
    <>
      <FilterBar>
        <TextFilter label="Search vulnerabilities" value={query.text} onChange={(text) => change({ text })} />
        <SeverityFilter value={query.severities[0]} onChange={(s) => change({ severities: s ? [s] : [] })} />
        <FlagFilter
          label="Fixable only"
          value={query.fixableOnly}
          onChange={(fixableOnly) => change({ fixableOnly })}
        />
      </FilterBar>
      {matching === 0 ? (
        <p className="TrivyFindingsNoMatch">No vulnerabilities match these filters.</p>
      ) : null}
      {pages
        .filter((p) => p.shown.length > 0)
        .map(({ group, shown, hidden }) => (
          <section key={group.key} className="TrivyFindingsImage">
            <h4 className="TrivyFindingsImageTitle">{imageTitle(group)}</h4>
            <div className="flex gaps align-center">
              <SeverityCountBadges counts={group.counts} />
              <span>{vulnerabilityCount(group)}</span>
            </div>
            <FindingTable<VulnerabilityRow, VulnerabilityColumn>
              className="TrivyFindingsVulnerabilityTable"
              columns={COLUMNS}
              page={{ shown, hidden }}
              keyOf={(r) => r.key}
              sort={query.sort}
              onSort={(column) =>
                change({ sort: nextSort(query.sort, column, VULNERABILITY_DESCENDING_FIRST) })
              }
              onShowMore={() => showMore(group.key)}
            />
          </section>
        ))}
      <FoldedImages
        groups={pages.filter((p) => p.shown.length === 0 && p.group.rows.length > 0).map((p) => p.group)}
        onShow={showMore}
      />
    </>
  );
}

function imageTitle(group: ImageGroup): string {
  return `${group.image}${group.containers.length ? ` (container ${group.containers.join(', ')})` : ''}`;
}

function vulnerabilityCount(group: ImageGroup): string {
  return group.rows.length === group.unfiltered
    ? `${group.rows.length} vulnerabilities`
    : `${group.rows.length} of ${group.unfiltered} vulnerabilities`;
}

/**
 * The images past the first page's rows, one line each with their counts in words and a button
 * that shows their table: a workload of many images gets its first render for the rows shown,
 * not for a table heading per image.
 */
function FoldedImages({
  groups,
  onShow,
}: {
  readonly groups: readonly ImageGroup[];
  readonly onShow: (key: string) => void;
}): React.ReactElement | null {
  const { Button } = Renderer.Component;
  if (groups.length === 0) return null;
  return (
    <ul className="TrivyFindingsFoldedImages">
      {groups.map((group) => (
        <li key={group.key} className="TrivyFindingsFoldedImage">
          <span>{`${imageTitle(group)}: ${vulnerabilityCount(group)} (${countsText(group.counts)})`}</span>{' '}
          <Button
            plain
            label={`Show ${Math.min(PAGE_SIZE, group.rows.length)}`}
            onClick={() => onShow(group.key)}
          />
        </li>
      ))}
    </ul>
  );
}

function countsText(counts: SeverityCounts): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}
