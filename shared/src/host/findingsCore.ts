import { ClusterSession, type ClusterSessionOptions } from '../cluster/clusterSession.js';
import { ClusterSessions } from '../cluster/clusterSessions.js';
import { DisposableStore, type Disposable } from '../model/disposable.js';
import type { ClusterSource } from '../ports/clusterSource.js';
import type { FileReader } from '../ports/fileReader.js';
import type { TrivyRunner } from '../ports/trivyRunner.js';
import { summarizeFindings, type FindingSummary, type SummaryInput } from '../summary/findingSummary.js';
import { ManifestWorkspace, type ManifestWorkspaceOptions } from '../workspace/manifestWorkspace.js';
import { SILENT_LOG, type CoreLog } from './coreLog.js';
import { FileInputs } from './fileInputs.js';
import { LiveWorkspace } from './liveWorkspace.js';
import { LocalScans } from './localScans.js';

/** What a host gives the core: its adapters of the ports. Only `files` is required. */
export interface FindingsCorePorts {
  readonly files: FileReader;
  /** Runs the local `trivy`; without it `scans.run` rejects. */
  readonly trivy?: TrivyRunner;
  /**
   * A source for a kubeconfig context (VS Code: over client-node; Lens: over its own K8sApi).
   * Its `namespace` is the context's, which the session and the workspace take. Without it
   * `clusters.open` rejects. May throw for a context it does not know.
   */
  readonly clusterSource?: (context: string) => ClusterSource;
  /** Now, for ignore entries' expiry (default the system clock). */
  readonly clock?: () => Date;
  readonly log?: CoreLog;
}

/** Settings of the parts, for the hosts' settings and the tests. */
export interface FindingsCoreOptions {
  /** For every cluster session (kinds, namespaces, passed checks, batch window …). */
  readonly session?: Omit<ClusterSessionOptions, 'source' | 'contextNamespace'>;
  readonly workspace?: Omit<ManifestWorkspaceOptions, 'defaultNamespace'>;
}

/** Counts of findings as plain data (see `summary/findingSummary.ts`). */
export interface FindingSummaries {
  /** Any findings: an inputs read's, a scan's, a file's placements'. */
  of(items: Iterable<SummaryInput>): FindingSummary;
  /** An open cluster's (one namespace's), from its store's tallies; `undefined` when it is not open. */
  ofCluster(context: string, namespace?: string): FindingSummary | undefined;
}

/**
 * What a host receives: each part a {@link Disposable}, and the whole one too. What the parts
 * return to a host is plain data (arrays and plain objects), which a webview or a Lens panel
 * receives as it is.
 */
export interface FindingsCore extends Disposable {
  /** Reads files and folders (recursive or not, ignore file, size limit) into one set of findings. */
  readonly inputs: FileInputs;
  /** The manifests the host hands in, indexed by workload, with findings placed on their lines. */
  readonly workspace: ManifestWorkspace;
  /** Open clusters, one session per kubeconfig context, from `ports.clusterSource`. */
  readonly clusters: ClusterSessions;
  /** Local Trivy scans, one at a time per target, cancellable. */
  readonly scans: LocalScans;
  /** The shown cluster's findings placed on the workspace's manifests. */
  readonly live: LiveWorkspace;
  readonly summaries: FindingSummaries;
}

/**
 * The one composition function of the core: takes the host's ports and returns the parts a host
 * uses, wired together. A host keeps one for its lifetime and disposes it on deactivation.
 */
export function createFindingsCore(
  ports: FindingsCorePorts,
  options: FindingsCoreOptions = {},
): FindingsCore {
  const clock = ports.clock ?? (() => new Date());
  const log = ports.log ?? SILENT_LOG;
  const parts = new DisposableStore();
  const inputs = parts.add(new FileInputs(ports.files, clock));
  const workspace = parts.add(new ManifestWorkspace(options.workspace));
  const clusters = parts.add(
    new ClusterSessions((context) => {
      if (!ports.clusterSource) throw new Error('this host reads no cluster (no clusterSource was given)');
      return new ClusterSession({ ...options.session, source: ports.clusterSource(context) });
    }),
  );
  const scans = parts.add(new LocalScans(ports.trivy, ports.files, log));
  // Added last, disposed first: it stops listening before the sessions and the workspace go.
  const live = parts.add(new LiveWorkspace(clusters, workspace, clock, log));
  return {
    inputs,
    workspace,
    clusters,
    scans,
    live,
    summaries: {
      of: summarizeFindings,
      ofCluster: (context, namespace) => clusters.get(context)?.store.summary(namespace),
    },
    dispose: () => parts.dispose(),
  };
}
