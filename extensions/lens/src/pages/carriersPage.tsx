import React, { useState } from 'react';
import { usePanelData } from '../panels/usePanelData.js';
import { CarriersView } from './carriersView.js';

/** The "Workloads by finding" page as registered: the id asked for, looked up in the connected source. */
export function CarriersPage(): React.ReactElement {
  const [id, setId] = useState('');
  const data = usePanelData((source) => (id ? source.carriers(id) : undefined), id);
  const connected = usePanelData(() => true, '');
  if (!connected)
    return (
      <div className="TrivyFindingsCarriers" style={{ padding: 'var(--padding, 8px)' }}>
        <h2>Which workloads carry a vulnerability or fail a check</h2>
        <p>The cluster’s findings appear here once the cluster store is connected.</p>
      </div>
    );
  return <CarriersView data={data} onAsk={setId} />;
}
