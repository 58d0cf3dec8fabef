import { DisposableStore, type Disposable } from '../model/disposable.js';
import { REPORT_KINDS, type ReportKind } from '../model/reportKinds.js';
import { WORKLOAD_KINDS } from '../model/workloadKinds.js';
import type { ClusterSource, KindStatus, ReportEvent } from '../ports/clusterSource.js';
import { ReportStore, type WatchScope } from './reportStore.js';
import type { ReportReader, StoredReport } from './storedReport.js';
import { WorkloadInventory } from './workloadInventory.js';
import { ownerWorkloadResolver } from './workloadResolver.js';

export interface ClusterSessionOptions {
  readonly source: ClusterSource;
  /** Reads one report object; default `readReportObject` of the readers. */
  readonly read?: ReportReader;
  /** Kinds to watch (default: every kind of the table the cluster serves). */
  readonly kinds?: readonly ReportKind[];
  /**
   * Watch only these namespaces (CLI `--namespace`, a host setting). Cluster-scoped kinds are
   * then skipped unless asked for by `kinds`.
   */
  readonly namespaces?: readonly string[];
  /**
   * The kubeconfig context's namespace: the first fallback when listing all namespaces is
   * forbidden. Default: the source's ({@link ClusterSource.namespace}).
   */
  readonly contextNamespace?: string;
  /** Most namespaces tried, besides the context's, when falling back to per-namespace watches (default 50). */
  readonly fallbackLimit?: number;
  /** Read owners from the cluster to lift ReplicaSets to Deployments (default true). */
  readonly resolveOwners?: boolean;
  readonly batchMs?: number;
  readonly includePassed?: boolean;
  /**
   * How often to ask the cluster again which kinds it serves, so a CRD installed after the
   * session started (Trivy Operator or Kyverno deployed later) shows up without reconnecting.
   * Milliseconds; 0 turns it off (the CLI's one-shot reads). Default 60 s.
   */
  readonly rediscoverMs?: number;
}

type ScopeOrigin = 'cluster' | 'explicit' | 'fallback';

/**
 * What a session watches: a report kind (into the store) or a workload kind's metadata (into the
 * inventory). Scopes, fallbacks and statuses work the same for both.
 */
interface WatchTarget {
  /** Unique among targets: the kind name, prefixed for workload kinds. */
  readonly id: string;
  readonly namespaced: boolean;
  /** Namespaces tried besides the usual ones when the all-namespace watch is forbidden. */
  readonly extraFallbacks: readonly string[];
  open(namespace: string | undefined, listener: (event: ReportEvent) => void): Disposable;
  apply(namespace: string | undefined, event: ReportEvent): void;
  clearStatus(namespace: string | undefined): void;
}

interface ActiveScope {
  readonly target: WatchTarget;
  readonly namespace: string | undefined;
  readonly origin: ScopeOrigin;
  readonly watch: Disposable;
  settled: boolean;
}

export interface WorkloadWatchOptions {
  /**
   * Namespaces where Jobs are tried when they may not be listed in all namespaces: Trivy Operator's
   * own (`OPERATOR_NAMESPACE`, `trivy-system` by its Helm chart), where its scan jobs run.
   */
  readonly jobNamespaces?: readonly string[];
}

/**
 * The findings of one cluster (one kubeconfig context): a {@link ReportStore} fed by watches on a
 * {@link ClusterSource}, living as long as the connection. A context switch disposes the session
 * and opens another; nothing of it outlives `dispose()`.
 *
 * Namespaces. With `namespaces` given, each namespaced kind is watched in those namespaces only.
 * Otherwise a kind is watched across all namespaces; when that is forbidden (common for
 * developers, who may list in their own namespaces only) the session falls back to one watch per
 * namespace: the context's namespace, then the namespaces the user may list (at most
 * `fallbackLimit`). Fallback namespaces where listing is forbidden too are dropped silently; the
 * all-namespace scope stays listed as `forbidden` (and retried: when the permission appears, it
 * takes over and the fallback watches stop).
 */
export class ClusterSession implements Disposable {
  readonly store: ReportStore;
  readonly name: string;
  /** The context's namespace, when one is set (see {@link ClusterSessionOptions.contextNamespace}). */
  readonly namespace: string | undefined;
  private readonly disposables = new DisposableStore();
  private readonly scopes = new Map<string, ActiveScope>();
  private readonly fallbacks = new Map<WatchTarget, Promise<void>>();
  private versions: ReadonlyMap<ReportKind, string> = new Map();
  /** Kinds whose watches were started; rediscovery starts only the others. */
  private readonly started = new Set<ReportKind>();
  private settledWaiters: Array<() => void> = [];
  private inventory: WorkloadInventory | undefined;

  constructor(private readonly options: ClusterSessionOptions) {
    this.name = options.source.name;
    this.namespace = options.contextNamespace ?? options.source.namespace;
    const source = options.source;
    this.store = this.disposables.add(
      new ReportStore({
        ...(options.read ? { read: options.read } : {}),
        ...(options.resolveOwners === false
          ? {}
          : { resolver: ownerWorkloadResolver((ref) => source.ownerReferences(ref)) }),
        ...(options.batchMs !== undefined ? { batchMs: options.batchMs } : {}),
        ...(options.includePassed !== undefined ? { includePassed: options.includePassed } : {}),
      }),
    );
    this.disposables.add(source);
    this.disposables.add({ dispose: () => this.wakeSettled() });
  }

  /**
   * Discovers the served kinds and starts the watches. Rejects with `ClusterUnreachableError`
   * when the API server cannot be reached; kinds that are missing or forbidden are statuses.
   */
  async start(signal?: AbortSignal): Promise<void> {
    this.versions = await this.options.source.discover(signal);
    if (this.disposables.isDisposed) return;
    this.startServedKinds();
    const every = this.options.rediscoverMs ?? 60_000;
    if (every > 0) {
      const timer = setInterval(() => void this.rediscover().catch(() => undefined), every);
      // Node's timers can stop holding the process open; Chromium's (a Lens renderer's, a browser's)
      // are plain ids without `unref`.
      (timer as { unref?: () => void }).unref?.();
      this.disposables.add({ dispose: () => clearInterval(timer) });
    }
  }

  /**
   * Asks the cluster again which kinds it serves and starts watching the ones that appeared
   * since. Kinds that disappear are already reported by their watches (404 → not-installed).
   * Rejects like {@link start} when the cluster cannot be reached.
   */
  async rediscover(signal?: AbortSignal): Promise<void> {
    const versions = await this.options.source.discover(signal);
    if (this.disposables.isDisposed) return;
    // Keep the versions of kinds already watched; only new kinds are added.
    this.versions = new Map([...versions, ...this.versions]);
    this.startServedKinds();
  }

  private startServedKinds(): void {
    const explicitKinds = this.options.kinds !== undefined;
    const namespaces = this.options.namespaces?.length ? this.options.namespaces : undefined;
    for (const kind of this.options.kinds ?? REPORT_KINDS) {
      if (this.started.has(kind)) continue;
      const version = this.versions.get(kind);
      if (!version) {
        this.store.setStatus({ kind }, { state: 'not-installed' });
        continue;
      }
      this.started.add(kind);
      this.store.clearStatus({ kind });
      const target = this.reportTarget(kind, version);
      if (!kind.namespaced) {
        if (!namespaces || explicitKinds) this.watchScope(target, undefined, 'cluster');
      } else this.watchAllNamespaces(target);
    }
    this.wakeSettled();
  }

  /**
   * The cluster's workloads: the metadata of every kind of the workload kind table, watched from
   * the first call on in the session's namespaces (with the same fallback as the reports when the
   * user may not list them all), held until the session ends. What coverage reads.
   */
  watchWorkloads(options: WorkloadWatchOptions = {}): WorkloadInventory {
    if (this.inventory) return this.inventory;
    const inventory = (this.inventory = this.disposables.add(new WorkloadInventory(this.options.batchMs)));
    const source = this.options.source;
    for (const kind of WORKLOAD_KINDS) {
      const scope = (namespace: string | undefined) => ({
        kind,
        ...(namespace !== undefined ? { namespace } : {}),
      });
      this.watchAllNamespaces({
        id: `workload:${kind.kind}`,
        namespaced: true,
        extraFallbacks: kind.kind === 'Job' ? (options.jobNamespaces ?? []) : [],
        open: (namespace, listener) => source.watchWorkloads(kind, namespace, listener),
        apply: (namespace, event) => inventory.apply(scope(namespace), event),
        clearStatus: (namespace) => inventory.clearStatus(scope(namespace)),
      });
    }
    this.wakeSettled();
    return inventory;
  }

  /** The workload inventory, once {@link watchWorkloads} started it. */
  get workloads(): WorkloadInventory | undefined {
    return this.inventory;
  }

  private reportTarget(kind: ReportKind, version: string): WatchTarget {
    const scope = (namespace: string | undefined): WatchScope => ({
      kind,
      version,
      ...(namespace !== undefined ? { namespace } : {}),
    });
    return {
      id: kind.kind,
      namespaced: kind.namespaced,
      extraFallbacks: [],
      open: (namespace, listener) => this.options.source.watch(kind, version, namespace, listener),
      apply: (namespace, event) => this.store.apply(scope(namespace), event),
      clearStatus: (namespace) => this.store.clearStatus(scope(namespace)),
    };
  }

  /** A namespaced target in the session's namespaces, or in all (falling back when forbidden). */
  private watchAllNamespaces(target: WatchTarget): void {
    const namespaces = this.options.namespaces?.length ? this.options.namespaces : undefined;
    if (namespaces) for (const ns of namespaces) this.watchScope(target, ns, 'explicit');
    else this.watchScope(target, undefined, 'cluster');
  }

  /** The version served for a kind, when the cluster serves it. */
  versionOf(kind: ReportKind): string | undefined {
    return this.versions.get(kind);
  }

  /**
   * Resolves once every watch has reported its first state (synced, or not-installed /
   * forbidden / unauthorized / unreachable) and owner lookups are done: what a one-shot reader
   * (the CLI) waits for.
   */
  async whenSettled(): Promise<void> {
    const unsettled = () => [...this.scopes.values()].some((s) => !s.settled);
    while (!this.disposables.isDisposed) {
      if (unsettled()) {
        await new Promise<void>((resolve) => this.settledWaiters.push(resolve));
        continue;
      }
      // Fallback watches start after a namespace list; wait for them to exist, then to settle.
      await Promise.all([...this.fallbacks.values()]);
      if (!unsettled()) break;
    }
    await this.store.whenIdle();
  }

  /**
   * Which of `names` the cluster has no namespace of: one namespace list, or, where listing is
   * forbidden, a read of each. A name the user may not tell about is not reported missing.
   * Rejects when the cluster cannot be reached.
   */
  async missingNamespaces(names: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const source = this.options.source;
    const listed = await source.namespaces(signal);
    if (listed) return names.filter((n) => !listed.includes(n));
    const missing: string[] = [];
    for (const name of names) if ((await source.namespaceExists(name, signal)) === false) missing.push(name);
    return missing;
  }

  /** Deletes a report so Trivy Operator rescans its workload; the watch then removes it from the store. */
  deleteReport(report: Pick<StoredReport, 'kind' | 'namespace' | 'name'>): Promise<void> {
    const version = this.versions.get(report.kind) ?? report.kind.versions[0]!;
    return this.options.source.deleteReport(report.kind, version, report.namespace, report.name);
  }

  dispose(): void {
    for (const s of this.scopes.values()) s.watch.dispose();
    this.scopes.clear();
    this.disposables.dispose();
  }

  private watchScope(target: WatchTarget, namespace: string | undefined, origin: ScopeOrigin): void {
    const key = keyOf(target, namespace);
    if (this.scopes.has(key) || this.disposables.isDisposed) return;
    const active: ActiveScope = {
      target,
      namespace,
      origin,
      settled: false,
      watch: target.open(namespace, (event) => {
        if (event.type === 'status') this.onStatus(active, event.status);
        target.apply(namespace, event);
      }),
    };
    this.scopes.set(key, active);
  }

  private onStatus(active: ActiveScope, status: KindStatus): void {
    const { target, namespace, origin } = active;
    if (!active.settled) {
      active.settled = true;
      this.wakeSettled();
    }
    if (origin === 'cluster' && target.namespaced) {
      if (status.state === 'forbidden') this.startFallback(target);
      else if (status.state === 'ok') this.stopFallback(target);
    }
    if (origin === 'fallback' && status.state === 'forbidden' && namespace !== this.namespace) {
      // Not the user's namespace after all: drop it without a trace rather than list every
      // namespace of the cluster as forbidden.
      queueMicrotask(() => this.unwatch(target, namespace));
    }
  }

  private startFallback(target: WatchTarget): void {
    if (this.fallbacks.has(target)) return;
    const run = async () => {
      const candidates: string[] = [];
      if (this.namespace) candidates.push(this.namespace);
      for (const ns of target.extraFallbacks) if (!candidates.includes(ns)) candidates.push(ns);
      const listed = await this.options.source.namespaces().catch(() => undefined);
      for (const ns of listed ?? []) {
        if (candidates.length > (this.options.fallbackLimit ?? 50)) break;
        if (!candidates.includes(ns)) candidates.push(ns);
      }
      if (this.scopes.get(keyOf(target, undefined))?.settled && !this.disposables.isDisposed) {
        for (const ns of candidates) this.watchScope(target, ns, 'fallback');
      }
      this.wakeSettled();
    };
    this.fallbacks.set(target, run());
  }

  private stopFallback(target: WatchTarget): void {
    if (!this.fallbacks.delete(target)) return;
    for (const s of [...this.scopes.values()])
      if (s.origin === 'fallback' && s.target === target) this.unwatch(target, s.namespace);
  }

  private unwatch(target: WatchTarget, namespace: string | undefined): void {
    const key = keyOf(target, namespace);
    const active = this.scopes.get(key);
    if (!active) return;
    active.watch.dispose();
    this.scopes.delete(key);
    target.clearStatus(namespace);
    this.wakeSettled();
  }

  private wakeSettled(): void {
    for (const w of this.settledWaiters.splice(0)) w();
  }
}

function keyOf(target: WatchTarget, namespace: string | undefined): string {
  return `${target.id}/${namespace ?? '*'}`;
}
