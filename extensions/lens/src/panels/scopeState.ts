import { REPORT_KINDS, type ReportKind } from '../../../../shared/src/model/reportKinds.js';
import type { KindStatusView } from './panelModel.js';
import { statusSentence } from './tabState.js';

/** What a namespace's section or the overview shows over its tables. */
export interface ScopeState {
  readonly state: 'findings' | 'loading' | 'none' | 'not-installed';
  /** Said instead of the tables when there is nothing to count. */
  readonly sentence?: string;
  /** Watches that fail or kinds that are missing, said over whatever is shown. */
  readonly notes: readonly string[];
}

export interface ScopeStateInput {
  readonly loading: boolean;
  /** Findings counted in the scope. */
  readonly total: number;
  readonly statuses: readonly KindStatusView[];
  /** The namespace shown; absent: the whole cluster. */
  readonly namespace?: string;
}

const BY_NAME = new Map(REPORT_KINDS.map((k) => [k.kind, k]));

/** The writer's first current kind that is not installed, when all of that writer's kinds are not. */
function missingWriters(statuses: readonly { kind: ReportKind; state: string }[]): ReportKind[] {
  const missing: ReportKind[] = [];
  for (const writer of ['trivy-operator', 'policy-engine'] as const) {
    const own = statuses.filter((s) => s.kind.writer === writer && !s.kind.legacy);
    if (own.length > 0 && own.every((s) => s.state === 'not-installed')) missing.push(own[0]!.kind);
  }
  return missing;
}

/**
 * The state of a namespace or of the cluster from its watches: failures and missing tools as notes
 * (a namespace only hears of namespaced kinds, watched in all namespaces or in it), and a sentence
 * when nothing is counted — "no findings counted", never "clean", as a workload may not be scanned.
 */
export function scopeState(input: ScopeStateInput): ScopeState {
  const relevant = relevantStatuses(input.statuses, input.namespace);
  const where = input.namespace !== undefined ? { namespace: input.namespace } : {};
  const failing = relevant.filter((s) => s.state !== 'ok' && s.state !== 'not-installed');
  const notes = [
    ...new Set([
      ...failing.map((s) =>
        statusSentence(s.kind, s.status, s.namespace !== undefined ? { namespace: s.namespace } : where),
      ),
      ...missingWriters(relevant).map((k) => statusSentence(k, { state: 'not-installed' })),
    ]),
  ];
  const scope = input.namespace !== undefined ? `namespace ${input.namespace}` : 'this cluster';
  if (input.total > 0) return { state: 'findings', notes };
  if (input.loading || relevant.length === 0)
    return { state: 'loading', sentence: `Loading the reports of ${scope}…`, notes: [] };
  if (relevant.every((s) => s.state === 'not-installed'))
    return { state: 'not-installed', sentence: notes.join(' '), notes: [] };
  return { state: 'none', sentence: `No findings counted in ${scope}.`, notes };
}

/**
 * The watches that say something about the scope. For a namespace: its namespaced kinds, each by
 * the watch of that namespace when there is one (after a forbidden all-namespace list the store
 * watches the namespaces the user may list), else by the watch of all namespaces. For the cluster:
 * every watch.
 */
function relevantStatuses(statuses: readonly KindStatusView[], namespace: string | undefined) {
  const byKind = new Map<
    string,
    { kind: ReportKind; status: KindStatusView['status']; state: string; namespace?: string }
  >();
  for (const s of statuses) {
    const kind = BY_NAME.get(s.kind);
    if (!kind) continue;
    const entry = {
      kind,
      status: s.status,
      state: s.status.state,
      ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
    };
    if (namespace === undefined) byKind.set(`${s.kind}/${s.namespace ?? ''}`, entry);
    else if (kind.namespaced && s.namespace === namespace) byKind.set(s.kind, entry);
    else if (kind.namespaced && s.namespace === undefined && !byKind.has(s.kind)) byKind.set(s.kind, entry);
  }
  return [...byKind.values()];
}
