import { Emitter, type Disposable, type Event } from '../model/disposable.js';
import { workloadKindOf, type WorkloadKind } from '../model/workloadKinds.js';
import { workloadKey } from '../model/workloadRef.js';
import type { KindStatus, KubeObject, ReportEvent } from '../ports/clusterSource.js';
import { isRecord, text } from '../readers/fields.js';
import { ChangeBatcher, type StoreChange } from './changeBatcher.js';
import { hidden, statusInNamespace } from './scopeStatus.js';

/**
 * What the inventory keeps of a workload: its identity, controller, revision and Trivy Operator
 * labels — read from metadata (`ClusterSource.watchWorkloads`), nothing else.
 */
export interface WorkloadObject {
  /** `Kind/namespace/name` ({@link workloadKey}). */
  readonly key: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
  readonly created?: string;
  /** The owner reference marked `controller: true` (Kubernetes allows one). */
  readonly controller?: { readonly kind: string; readonly name: string; readonly uid?: string };
  /** `deployment.kubernetes.io/revision` (Deployments and their ReplicaSets). */
  readonly revision?: string;
  /**
   * Trivy Operator made it (label `app.kubernetes.io/managed-by: trivy-operator`): a scan job or a
   * node collector, which the operator does not scan (`Not(ManagedByTrivyOperator)` in its
   * workload controller) and which is no workload of the user's.
   */
  readonly managedByTrivyOperator: boolean;
  /**
   * For a vulnerability scan job of the operator (label `vulnerabilityReport.scanner`), the
   * object it scans, from the labels `trivy-operator.resource.kind|namespace|name` (the name in
   * the annotation of that name when it is no valid label value) — `pkg/vulnerabilityreport/builder.go`.
   */
  readonly scans?: string;
}

/** One list/watch of a workload kind: in one namespace, or (undefined) in all. */
export interface WorkloadScope {
  readonly kind: WorkloadKind;
  readonly namespace?: string;
}

export interface WorkloadStatusEntry extends WorkloadScope {
  readonly status: KindStatus;
}

const REVISION = 'deployment.kubernetes.io/revision';
const MANAGED_BY = 'app.kubernetes.io/managed-by';
const SCANNER = 'vulnerabilityReport.scanner';

/**
 * The workloads of one cluster, by metadata: fed by `ClusterSource.watchWorkloads` events, as the
 * report store is fed by report events (a list replaces its scope when its last page arrives;
 * `not-installed` and `forbidden` drop what a scope held). Indexed by key, namespace, controller
 * and the object a scan job scans. Changes are announced in batches, as the store's are (the
 * `reports` of a change stay empty; `workloads` lists the keys that came, changed or went).
 */
export class WorkloadInventory implements Disposable {
  private readonly emitter = new Emitter<StoreChange>();
  readonly onDidChange: Event<StoreChange> = this.emitter.event;
  private readonly batcher: ChangeBatcher;
  private readonly objects = new Map<string, WorkloadObject>();
  private readonly byNamespace = new Map<string, Set<WorkloadObject>>();
  private readonly byController = new Map<string, Set<WorkloadObject>>();
  private readonly scanJobs = new Map<string, Set<WorkloadObject>>();
  private readonly staging = new Map<string, Map<string, WorkloadObject>>();
  private readonly statuses = new Map<string, WorkloadStatusEntry>();
  private disposed = false;

  constructor(batchMs = 25) {
    this.batcher = new ChangeBatcher(batchMs, (c) => this.emitter.fire(c));
  }

  /** Applies one event of a `ClusterSource.watchWorkloads` of `scope`. */
  apply(scope: WorkloadScope, event: ReportEvent): void {
    if (this.disposed) return;
    switch (event.type) {
      case 'page':
      case 'synced': {
        const key = scopeKey(scope);
        let staged = event.first ? undefined : this.staging.get(key);
        if (!staged) this.staging.set(key, (staged = new Map()));
        for (const o of event.objects) {
          const w = workloadObject(scope.kind, o);
          if (w) staged.set(w.key, w);
        }
        if (event.type === 'synced') this.commit(scope);
        break;
      }
      case 'added':
      case 'modified': {
        const w = workloadObject(scope.kind, event.object);
        if (w) this.put(w);
        break;
      }
      case 'deleted': {
        const w = workloadObject(scope.kind, event.object);
        const held = w && this.objects.get(w.key);
        if (held) this.drop(held);
        break;
      }
      case 'status':
        this.setStatus(scope, event.status);
        break;
    }
  }

  /** Records a scope's status; `not-installed` and `forbidden` drop what it held (see `ReportStore.setStatus`). */
  setStatus(scope: WorkloadScope, status: KindStatus): void {
    if (this.disposed) return;
    const key = scopeKey(scope);
    const prev = this.statuses.get(key)?.status;
    this.statuses.set(key, {
      kind: scope.kind,
      ...(scope.namespace !== undefined ? { namespace: scope.namespace } : {}),
      status,
    });
    if (status.state === 'not-installed' || status.state === 'forbidden') {
      this.staging.delete(key);
      for (const w of this.inScope(scope)) {
        const narrower =
          scope.namespace === undefined
            ? this.statuses.get(scopeKey({ ...scope, namespace: w.namespace }))
            : undefined;
        if (!narrower || hidden(narrower.status)) this.drop(w);
      }
    }
    if (!prev || prev.state !== status.state || messageOf(prev) !== messageOf(status))
      this.batcher.status(key);
  }

  /** Forgets a scope's status entry (its watch was stopped). */
  clearStatus(scope: WorkloadScope): void {
    if (this.statuses.delete(scopeKey(scope))) this.batcher.status(scopeKey(scope));
  }

  /** One status per watched scope. */
  kindStatuses(): WorkloadStatusEntry[] {
    return [...this.statuses.values()];
  }

  /**
   * The status that holds for a kind in one namespace: that namespace's own watch when there is
   * one (a fallback watch), else the all-namespace watch; `undefined` before either reported.
   */
  statusIn(kind: string, namespace: string): KindStatus | undefined {
    return statusInNamespace(
      this.statuses.get(`${kind}/${namespace}`)?.status,
      this.statuses.get(kind)?.status,
    );
  }

  get(key: string): WorkloadObject | undefined {
    return this.objects.get(key);
  }

  /** The objects of one namespace, or of all. */
  list(namespace?: string): WorkloadObject[] {
    if (namespace !== undefined) return [...(this.byNamespace.get(namespace) ?? [])];
    return [...this.objects.values()];
  }

  /** Namespaces that hold objects. */
  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** The objects whose controller is `key` (`Deployment/shop/web` → its ReplicaSets). */
  controlledBy(key: string): WorkloadObject[] {
    return [...(this.byController.get(key) ?? [])];
  }

  /** The operator's scan jobs of the object `key` (`ReplicaSet/shop/web-6d4cf56db6`). */
  scanJobsOf(key: string): WorkloadObject[] {
    return [...(this.scanJobs.get(key) ?? [])];
  }

  get size(): number {
    return this.objects.size;
  }

  /** Fires the pending batch now. */
  flush(): void {
    this.batcher.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.batcher.dispose();
    this.emitter.dispose();
  }

  private commit(scope: WorkloadScope): void {
    const key = scopeKey(scope);
    const staged = this.staging.get(key) ?? new Map<string, WorkloadObject>();
    this.staging.delete(key);
    for (const w of this.inScope(scope)) if (!staged.has(w.key)) this.drop(w);
    for (const w of staged.values()) this.put(w);
  }

  private *inScope(scope: WorkloadScope): Iterable<WorkloadObject> {
    const source =
      scope.namespace === undefined ? this.objects.values() : (this.byNamespace.get(scope.namespace) ?? []);
    for (const w of [...source]) if (w.kind === scope.kind.kind) yield w;
  }

  private put(w: WorkloadObject): void {
    const held = this.objects.get(w.key);
    if (held && sameObject(held, w)) return;
    if (held) this.unindex(held);
    this.objects.set(w.key, w);
    addTo(this.byNamespace, w.namespace, w);
    if (w.controller) addTo(this.byController, workloadKey({ ...w.controller, namespace: w.namespace }), w);
    if (w.scans) addTo(this.scanJobs, w.scans, w);
    this.announce(w);
  }

  private drop(w: WorkloadObject): void {
    this.unindex(w);
    this.announce(w);
  }

  private unindex(w: WorkloadObject): void {
    this.objects.delete(w.key);
    removeFrom(this.byNamespace, w.namespace, w);
    if (w.controller)
      removeFrom(this.byController, workloadKey({ ...w.controller, namespace: w.namespace }), w);
    if (w.scans) removeFrom(this.scanJobs, w.scans, w);
  }

  private announce(w: WorkloadObject): void {
    this.batcher.workload(w.key);
    this.batcher.namespace(w.namespace);
    this.batcher.kind(w.kind);
    // A scan job changes the coverage of the object it scans, which may be in another namespace.
    if (w.scans) this.batcher.namespace(w.scans.split('/')[1] ?? '');
  }
}

/** The lean form of a workload's metadata; `undefined` for an object without a name or namespace. */
function workloadObject(kind: WorkloadKind, o: KubeObject): WorkloadObject | undefined {
  const m = isRecord(o.metadata) ? o.metadata : {};
  const name = text(m.name);
  const namespace = text(m.namespace);
  if (!name || !namespace) return undefined;
  const labels = isRecord(m.labels) ? m.labels : {};
  const annotations = isRecord(m.annotations) ? m.annotations : {};
  const owners = Array.isArray(m.ownerReferences) ? m.ownerReferences.filter(isRecord) : [];
  const owner = owners.find((r) => r.controller === true);
  const ownerKind = owner ? text(owner.kind) : undefined;
  const ownerName = owner ? text(owner.name) : undefined;
  const managed = labels[MANAGED_BY] === 'trivy-operator';
  const revision = text(annotations[REVISION]);
  const uid = text(m.uid);
  const created = text(m.creationTimestamp);
  const scans =
    managed && kind.kind === 'Job' && text(labels[SCANNER])
      ? scannedObject(labels, annotations, namespace)
      : undefined;
  const ownerUid = owner ? text(owner.uid) : undefined;
  return {
    key: workloadKey({ kind: kind.kind, namespace, name }),
    kind: kind.kind,
    namespace,
    name,
    ...(uid ? { uid } : {}),
    ...(created ? { created } : {}),
    ...(ownerKind && ownerName
      ? { controller: { kind: ownerKind, name: ownerName, ...(ownerUid ? { uid: ownerUid } : {}) } }
      : {}),
    ...(revision ? { revision } : {}),
    managedByTrivyOperator: managed,
    ...(scans ? { scans } : {}),
  };
}

function scannedObject(
  labels: Readonly<Record<string, unknown>>,
  annotations: Readonly<Record<string, unknown>>,
  jobNamespace: string,
): string | undefined {
  const kind = text(labels['trivy-operator.resource.kind']);
  const name =
    text(labels['trivy-operator.resource.name']) ?? text(annotations['trivy-operator.resource.name']);
  const namespace = text(labels['trivy-operator.resource.namespace']) ?? jobNamespace;
  return kind && name && workloadKindOf(kind) ? workloadKey({ kind, namespace, name }) : undefined;
}

function sameObject(a: WorkloadObject, b: WorkloadObject): boolean {
  return (
    a.uid === b.uid &&
    a.created === b.created &&
    a.revision === b.revision &&
    a.managedByTrivyOperator === b.managedByTrivyOperator &&
    a.scans === b.scans &&
    a.controller?.kind === b.controller?.kind &&
    a.controller?.name === b.controller?.name &&
    a.controller?.uid === b.controller?.uid
  );
}

function scopeKey(scope: { readonly kind: WorkloadKind; readonly namespace?: string }): string {
  return scope.namespace === undefined ? scope.kind.kind : `${scope.kind.kind}/${scope.namespace}`;
}

function messageOf(s: KindStatus): string {
  return 'message' in s ? s.message : '';
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set?.delete(value) && set.size === 0) index.delete(key);
}
