import React, { useMemo, useState } from 'react';
import { Renderer } from '@k8slens/extensions';
import { carrierRows } from '../panels/carrierRows.js';
import { FindingTable, type TableColumn } from '../panels/findingTable.js';
import type { Carrier, CarriersData } from '../panels/panelModel.js';
import { pageOf, PAGE_SIZE } from '../panels/rowPages.js';
import { SeverityBadge, SeverityStyles } from '../panels/severityBadges.js';
import { scopeState } from '../panels/scopeState.js';
import { Notes, StateSentence } from '../panels/stateSentence.js';
import { imagesColumn, workloadColumn } from '../panels/tableColumns.js';

type CarrierRow = Carrier & { readonly key: string };

const COLUMNS: readonly TableColumn<CarrierRow>[] = [
  workloadColumn(),
  { title: 'Severity', cell: (r) => <SeverityBadge severity={r.severity} /> },
  { title: 'Findings', cell: (r) => r.findings },
  imagesColumn(),
];

/**
 * "Which workloads carry …": an id is asked for (a CVE, a check id in any spelling), and the
 * workloads that carry it are listed most severe first, each a link to its details.
 */
export function CarriersView({
  data,
  onAsk,
}: {
  /** Absent until an id is asked for. */
  readonly data: CarriersData | undefined;
  readonly onAsk: (id: string) => void;
}): React.ReactElement {
  const { SearchInput } = Renderer.Component;
  const [text, setText] = useState(data?.id ?? '');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const rows = useMemo(() => carrierRows(data?.carriers ?? []), [data?.carriers]);
  // Reports that cannot be read may hide carriers: say which.
  const notes = data
    ? scopeState({ loading: data.loading, total: rows.length, statuses: data.statuses }).notes
    : [];
  return (
    <div className="TrivyFindingsCarriers" style={{ padding: 'var(--padding, 8px)' }}>
      <SeverityStyles />
      <h2>Which workloads carry a vulnerability or fail a check</h2>
      <SearchInput
        autoFocus={false}
        bindGlobalFocusHotkey={false}
        aria-label="Vulnerability or check id"
        placeholder="CVE-2022-0778, KSV001 … then Enter"
        value={text}
        onChange={(value) => setText(value)}
        onSubmit={(value) => {
          setLimit(PAGE_SIZE);
          onAsk(value.trim());
        }}
      />
      <Notes notes={notes} />
      {!data || data.id === '' ? (
        <p>Enter a vulnerability id or a check id, in any spelling (KSV001, KSV-0001, AVD-KSV-0001).</p>
      ) : data.loading && rows.length === 0 ? (
        <StateSentence state="loading" sentence={`Looking for ${data.id}…`} />
      ) : rows.length === 0 ? (
        <StateSentence state="none" sentence={`No workload carries ${data.id} in the reports read.`} />
      ) : (
        <>
          <p>{`${rows.length} workload${rows.length === 1 ? ' carries' : 's carry'} ${data.id}.`}</p>
          <FindingTable<CarrierRow>
            className="TrivyFindingsCarrierTable"
            columns={COLUMNS}
            page={pageOf(rows, limit)}
            keyOf={(r) => r.key}
            onShowMore={() => setLimit(limit + PAGE_SIZE)}
          />
        </>
      )}
    </div>
  );
}
