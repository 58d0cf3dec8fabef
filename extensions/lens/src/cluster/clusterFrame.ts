import { createFindingsCore, type FindingsCore } from '../../../../shared/src/host/findingsCore.js';
import type { ClusterCoverageOptions } from '../../../../shared/src/insights/clusterCoverage.js';
import { Backoff, delay } from '../../../../shared/src/kubeApi/kubeBackoff.js';
import type { Disposable } from '../../../../shared/src/model/disposable.js';
import type { FileReader } from '../../../../shared/src/ports/fileReader.js';
import { connectPanelSource } from '../panels/panelSource.js';
import { ClusterPanelSource } from './clusterPanelSource.js';
import { LensClusterSource, type LensClusterSourceOptions } from './lensClusterSource.js';
import type { LensJsonApi } from './lensKubeRequests.js';

/** The cluster a frame shows: the catalog entity's id (its proxy's address) and name. */
export interface FrameCluster {
  readonly id: string;
  readonly name: string;
}

export interface ClusterFrameOptions extends Partial<Omit<LensClusterSourceOptions, 'name'>> {
  /** Report passed checks too (the panels show them on request); default true. */
  readonly includePassed?: boolean;
  /** How often the session asks again which report kinds are served (ms); default the core's 60 s. */
  readonly rediscoverMs?: number;
  /** The coverage insight's options (the operator's report TTL and namespace; a clock for tests). */
  readonly coverage?: ClusterCoverageOptions;
}

// The frame reads no files: its findings come from the cluster only.
const NO_FILES: FileReader = {
  readText: (path) => Promise.reject(new Error(`${path}: a Lens cluster frame reads no files`)),
  stat: async () => undefined,
  listFiles: async () => ({ files: [], skipped: [] }),
};

/**
 * One core per cluster frame (each frame runs its own copy of the renderer bundle): created when
 * the extension activates in the frame, disposed when it deactivates. Its one session watches the
 * frame's cluster through {@link LensClusterSource} over the frame's `KubeJsonApi`, and its store
 * is what every section and page of the frame reads, through the connected {@link ClusterPanelSource}.
 * A cluster that cannot be reached is said on the panels and tried again with backoff.
 */
export class ClusterFrame implements Disposable {
  readonly core: FindingsCore;
  readonly panels: ClusterPanelSource;
  private readonly source: LensClusterSource;
  private readonly connection: Disposable;
  private readonly stop = new AbortController();
  /** Settles when the first open attempt has (for tests and the preview). */
  readonly opened: Promise<void>;

  constructor(
    readonly cluster: FrameCluster,
    api: LensJsonApi,
    options: ClusterFrameOptions = {},
  ) {
    this.source = new LensClusterSource(api, { ...options, name: cluster.name });
    const source = this.source;
    this.core = createFindingsCore(
      { files: NO_FILES, clusterSource: () => source },
      {
        session: {
          includePassed: options.includePassed ?? true,
          ...(options.rediscoverMs !== undefined ? { rediscoverMs: options.rediscoverMs } : {}),
        },
      },
    );
    const opening = this.core.clusters.open(cluster.name, this.stop.signal);
    this.panels = new ClusterPanelSource(
      { state: 'opening', session: this.core.clusters.get(cluster.name)! },
      source,
      options.coverage,
    );
    this.connection = connectPanelSource(this.panels);
    this.opened = this.follow(opening);
  }

  /** Follows the session: loaded once every watch said how it stands; failed starts retried. */
  private async follow(opening: Promise<unknown>): Promise<void> {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 30_000 });
    for (;;) {
      try {
        const session = await opening;
        if (this.stop.signal.aborted) return;
        this.panels.setState({ state: 'opening', session: session as never });
        await this.core.clusters.get(this.cluster.name)?.whenSettled();
        if (this.stop.signal.aborted) return;
        this.panels.setState({ state: 'open', session: this.core.clusters.get(this.cluster.name)! });
        return;
      } catch (err) {
        if (this.stop.signal.aborted) return;
        this.panels.setState({ state: 'failed', message: err instanceof Error ? err.message : String(err) });
        await delay(backoff.next(), this.stop.signal);
        if (this.stop.signal.aborted) return;
        opening = this.core.clusters.open(this.cluster.name, this.stop.signal);
      }
    }
  }

  dispose(): void {
    this.stop.abort();
    this.connection.dispose();
    this.panels.dispose();
    this.core.dispose();
  }
}
