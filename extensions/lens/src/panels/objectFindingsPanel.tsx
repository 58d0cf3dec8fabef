import React, { useMemo, useRef, useState } from 'react';
import { Renderer } from '@k8slens/extensions';
import type { FindingType } from '../../../../shared/src/model/finding.js';
import type { ObjectRef } from '../../../../shared/src/ports/clusterSource.js';
import { ChecksTab } from './checksTab.js';
import { coverageLabel, coverageNotice } from './coverageText.js';
import { findingTabs, tabFindingCount, type FindingTab } from './findingTabs.js';
import type { ObjectPanelData } from './panelModel.js';
import { PolicyTab } from './policyTab.js';
import { SecretsTab } from './secretsTab.js';
import { SeverityCountBadges, SeverityStyles } from './severityBadges.js';
import { totalCounts } from './severityCounts.js';
import { Notes, StateSentence } from './stateSentence.js';
import { tabState } from './tabState.js';
import { VulnerabilitiesTab } from './vulnerabilitiesTab.js';

/**
 * The findings of one object: its totals by severity, a line on its scan when it is not simply
 * done, then a tab per type of finding its kind gets (from the core's report kind table), each
 * with its rows or a sentence saying why there are none.
 */
export function ObjectFindingsPanel({
  object,
  data,
}: {
  readonly object: ObjectRef;
  readonly data: ObjectPanelData;
}): React.ReactElement {
  const { Tabs, Tab } = Renderer.Component;
  const namespaced = object.namespace !== undefined;
  const tabs = useMemo(
    () => findingTabs(object.kind, namespaced, data.findings),
    [object.kind, namespaced, data.findings],
  );
  const counts = useMemo(
    () => new Map(tabs.map((t) => [t.type, tabFindingCount(data.findings, t.type)])),
    [tabs, data.findings],
  );
  const totals = useMemo(() => totalCounts(data.findings), [data.findings]);
  const [chosen, setChosen] = useState<FindingType | undefined>(undefined);
  // Until a person picks a tab, the first with findings once loaded; kept when live changes empty
  // it, so that the tab does not jump away from what the person is reading.
  const shown = useRef<FindingType | undefined>(undefined);
  const active =
    tabs.find((t) => t.type === (chosen ?? shown.current)) ??
    tabs.find((t) => (counts.get(t.type) ?? 0) > 0) ??
    tabs[0];
  if (!data.loading) shown.current = active?.type;
  const notice = coverageNotice(data.coverage);
  return (
    <div className="TrivyFindingsPanel">
      <SeverityStyles />
      <div className="TrivyFindingsTotals flex gaps align-center">
        <SeverityCountBadges counts={totals} none="" />
        {data.coverage ? (
          <span className="TrivyFindingsCoverageState" data-coverage={data.coverage.state}>
            {coverageLabel(data.coverage)}
          </span>
        ) : null}
      </div>
      {notice ? <Notes notes={[notice]} /> : null}
      <Tabs value={active?.type} onChange={(type: FindingType) => setChosen(type)}>
        {tabs.map((t) => (
          <Tab key={t.type} value={t.type} label={`${t.label} (${counts.get(t.type) ?? 0})`} />
        ))}
      </Tabs>
      {active ? (
        <TabBody tab={active} object={object} data={data} count={counts.get(active.type) ?? 0} />
      ) : null}
    </div>
  );
}

function TabBody({
  tab,
  object,
  data,
  count,
}: {
  readonly tab: FindingTab;
  readonly object: ObjectRef;
  readonly data: ObjectPanelData;
  readonly count: number;
}): React.ReactElement {
  const state = tabState({
    tab,
    object,
    findings: count,
    reports: data.reports,
    statuses: data.statuses,
    loading: data.loading,
    ...(data.coverage ? { coverage: data.coverage } : {}),
  });
  if (state.state !== 'findings') return <StateSentence state={state.state} sentence={state.sentence} />;
  return (
    <>
      <Notes notes={state.notes} />
      {tab.type === 'vulnerability' ? (
        <VulnerabilitiesTab
          findings={data.findings}
          {...(data.upgrades ? { upgrades: data.upgrades } : {})}
        />
      ) : tab.type === 'secret' ? (
        <SecretsTab findings={data.findings} />
      ) : tab.type === 'policy' ? (
        <PolicyTab findings={data.findings} />
      ) : (
        <ChecksTab key={tab.type} findings={data.findings} type={tab.type} />
      )}
    </>
  );
}
