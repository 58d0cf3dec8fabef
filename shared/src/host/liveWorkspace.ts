import type { ClusterSession } from '../cluster/clusterSession.js';
import type { ClusterSessions, SessionChange } from '../cluster/clusterSessions.js';
import { DisposableStore, type Disposable } from '../model/disposable.js';
import type { Finding } from '../model/finding.js';
import { matchesFilter, type FindingFilter } from '../model/findingFilter.js';
import { createIgnoreFilesMatcher, type SourcedIgnoreFile } from '../ignore/ignoreFilesMatcher.js';
import type { FindingSet, ManifestWorkspace, WorkspaceChange } from '../workspace/manifestWorkspace.js';
import type { CoreLog } from './coreLog.js';

/** Which of a cluster's findings go onto the manifests. */
export interface LiveFindingsOptions {
  /** Default: what counts (not suppressed, not passed), every severity. */
  readonly filter?: FindingFilter;
  /**
   * The ignore files that judge the cluster's findings: what an entry in force in any of them
   * matches is marked suppressed, with that entry and its file's `source`, before the filter sees
   * it (hidden unless `filter.all`); see `createIgnoreFilesMatcher`.
   */
  readonly ignore?: readonly SourcedIgnoreFile[];
}

// Set keys of the workspace that are this link's: the workload key behind a prefix, so a host's
// own sets (one per scan file, say) never collide with them.
const SET_PREFIX = 'cluster:';

/**
 * The link a host needs most: the live findings of one cluster placed on the workspace's
 * manifests. When the shown session's store changes, the findings of the workloads it names go to
 * the workspace in one `setFindings` batch — a burst of a thousand reports, which the store
 * announces as one change, is one placement pass — and the workspace's own change events (by
 * file, by workload) are what the host re-publishes. Showing another context replaces the set:
 * the previous context's findings leave, the workspace takes the new context's namespace for
 * manifests that name none, and the new context's findings come.
 */
export class LiveWorkspace implements Disposable {
  private readonly disposables = new DisposableStore();
  private shown: string | undefined;
  private readonly placed = new Set<string>();
  private options: LiveFindingsOptions = {};
  private generation = 0;

  constructor(
    private readonly clusters: ClusterSessions,
    private readonly workspace: ManifestWorkspace,
    private readonly clock: () => Date,
    private readonly log: CoreLog,
  ) {
    this.disposables.add(clusters.onDidChange((c) => this.onStoreChange(c)));
    this.disposables.add(
      clusters.onDidClose((context) => {
        if (context !== this.shown) return;
        this.shown = undefined;
        this.replaceAll(undefined);
      }),
    );
  }

  /** The context whose findings are on the manifests. */
  get context(): string | undefined {
    return this.shown;
  }

  /**
   * Shows `context`'s findings on the manifests (`undefined`: none), opening its session if it is
   * not open and closing the session of the context shown before (what a context switch is; a
   * host that keeps several clusters open uses `clusters` and shows one). Rejects like
   * `ClusterSessions.open` (an unreachable cluster, a context the kubeconfig lacks), and then
   * what was shown stays.
   */
  async show(context: string | undefined, signal?: AbortSignal): Promise<ClusterSession | undefined> {
    const ticket = ++this.generation;
    const before = this.shown;
    if (context === before) return context === undefined ? undefined : this.clusters.get(context);
    let session: ClusterSession | undefined;
    if (context !== undefined) session = await this.clusters.open(context, signal);
    // A later show() won while this one was opening: it decides what is shown.
    if (ticket !== this.generation || this.disposables.isDisposed) return session;
    this.shown = context;
    this.replaceAll(session);
    if (before !== undefined && before !== context) this.clusters.close(before);
    this.log('info', context === undefined ? 'no cluster shown' : `showing cluster ${context}`);
    return session;
  }

  /** Changes which findings go onto the manifests, and places the shown ones again. */
  configure(options: LiveFindingsOptions): WorkspaceChange {
    this.options = options;
    const session = this.shown === undefined ? undefined : this.clusters.get(this.shown);
    return session
      ? this.place(
          session,
          session.store.workloads().map((w) => w.key),
        )
      : NO_CHANGE;
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private onStoreChange({ context, change }: SessionChange): void {
    if (context !== this.shown || change.workloads.length === 0) return;
    const session = this.clusters.get(context);
    if (session) this.place(session, change.workloads);
  }

  /** Takes the previous context's sets out, sets the namespace, and places the session's. */
  private replaceAll(session: ClusterSession | undefined): void {
    const gone: FindingSet[] = [...this.placed].map((key) => ({ key, findings: [] }));
    this.placed.clear();
    this.workspace.setFindings(gone);
    this.workspace.setDefaultNamespace(session?.namespace);
    if (session)
      this.place(
        session,
        session.store.workloads().map((w) => w.key),
      );
  }

  /** One `setFindings` batch for the given workloads of the session's store. */
  private place(session: ClusterSession, workloads: readonly string[]): WorkspaceChange {
    const select = this.selector();
    const sets: FindingSet[] = workloads.map((workload) => {
      const key = SET_PREFIX + workload;
      const findings = select(session.store.findingsForWorkload(workload));
      if (findings.length > 0) this.placed.add(key);
      else this.placed.delete(key);
      return { key, workload, findings };
    });
    const change = this.workspace.setFindings(sets);
    if (change.files.length > 0)
      this.log(
        'info',
        `${session.name}: ${workloads.length} workload(s) placed, ${change.files.length} file(s) changed`,
      );
    return change;
  }

  private selector(): (findings: readonly Finding[]) => Finding[] {
    const filter = this.options.filter ?? {};
    const matcher = this.options.ignore
      ? createIgnoreFilesMatcher(this.options.ignore, this.clock())
      : undefined;
    return (findings) =>
      (matcher ? matcher.apply(findings) : findings).filter((f) => matchesFilter(f, filter));
  }
}

const NO_CHANGE: WorkspaceChange = { files: [], workloads: [] };
