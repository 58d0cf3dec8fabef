import { reportKindByName } from '../../../../shared/src/model/reportKinds.js';
import type { KindStatus } from '../../../../shared/src/ports/clusterSource.js';
import type { KindStatusView } from './panelModel.js';
import { compareText } from './rowSort.js';
import { statusSentence } from './tabState.js';

/** One watch of the cluster as the overview lists it. */
export interface StatusRow {
  readonly key: string;
  readonly kind: string;
  /** `all namespaces`, `namespace shop`, or `cluster` for a cluster-scoped kind. */
  readonly scope: string;
  readonly state: KindStatus['state'];
  readonly sentence: string;
}

const ORDER: ReadonlyArray<KindStatus['state']> = [
  'unauthorized',
  'unreachable',
  'forbidden',
  'ok',
  'not-installed',
];

/** Every watch and what it says, the ones that need a person first. */
export function statusRows(statuses: readonly KindStatusView[]): StatusRow[] {
  return statuses
    .map((s) => {
      const kind = reportKindByName(s.kind);
      const scope =
        s.namespace !== undefined
          ? `namespace ${s.namespace}`
          : kind?.namespaced === false
            ? 'cluster'
            : 'all namespaces';
      return {
        key: `${s.kind}/${s.namespace ?? ''}`,
        kind: s.kind,
        scope,
        state: s.status.state,
        sentence: kind
          ? statusSentence(kind, s.status, s.namespace !== undefined ? { namespace: s.namespace } : {})
          : `${s.kind}: ${s.status.state}`,
      };
    })
    .sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || compareText(a.key, b.key));
}
