import type { Disposable } from '../model/disposable.js';
import type { ReportKind } from '../model/reportKinds.js';
import type { WorkloadKind } from '../model/workloadKinds.js';

/**
 * Lists and watches report objects of one cluster (one kubeconfig context). Implemented over
 * `@kubernetes/client-node` in `shared/src/node/kubeClusterSource.ts`; tests point that same class
 * at `test/doubles/fakeApiServer`. The store (`shared/src/cluster/`) consumes only this port.
 */
export interface ClusterSource extends Disposable {
  /** A name for messages: the context name. */
  readonly name: string;
  /**
   * The context's namespace (kubeconfig `namespace`, the service account's in a Pod), when one
   * is set: where `kubectl apply` puts manifests that name none, so the workspace places their
   * findings there, and the first namespace a session tries when listing all is forbidden.
   */
  readonly namespace?: string;
  /**
   * Which kinds of the table the cluster serves, and at which version (first of
   * `ReportKind.versions` the cluster serves). Rejects with {@link ClusterUnreachableError}
   * ({@link ClusterUnauthorizedError} when the credentials are rejected).
   */
  discover(signal?: AbortSignal): Promise<ReadonlyMap<ReportKind, string>>;
  /**
   * Lists, then watches, one kind in one namespace (or all namespaces / cluster scope when
   * `namespace` is undefined). Every list (the first one, and every relist after 410 Gone) is
   * delivered page by page: zero or more `page` events then one `synced`, the first of them with
   * `first: true`; the complete set is the objects of all of them, so the consumer replaces its
   * set for this scope rather than merges. A list that fails half-way is restarted with a new
   * `first: true` event (drop what was staged). Then `added`, `modified`, `deleted`. Reconnects
   * dropped streams with backoff by itself, resuming from the last resourceVersion seen
   * (bookmarks included), and reports its state through `status` events (only on change).
   * After `not-installed` or `forbidden` the consumer should drop what it holds for the scope
   * (see {@link KindStatus}). However the server fails, the source never retries faster than its
   * backoff, so a fault cannot turn into a request storm.
   * Never throws into the listener's caller; no event arrives after `dispose()`.
   */
  watch(
    kind: ReportKind,
    version: string,
    namespace: string | undefined,
    listener: (event: ReportEvent) => void,
  ): Disposable;
  /**
   * Lists, then watches, the metadata of one built-in workload kind (`WORKLOAD_KINDS`) in one
   * namespace (or all namespaces): which workloads exist, with their names, owners, labels,
   * annotations and creation time — what coverage needs — never their specs. Metadata only, so a
   * cluster's Pods cost little to hold. The same contract as {@link watch} (pages, then `synced`,
   * changes, statuses, backoff); each object has the kind's `apiVersion` and `kind` and only its
   * `metadata`.
   */
  watchWorkloads(
    kind: WorkloadKind,
    namespace: string | undefined,
    listener: (event: ReportEvent) => void,
  ): Disposable;
  /**
   * Reads the `ownerReferences` of any object, for lifting a ReplicaSet to its Deployment.
   * `undefined` when the object is gone or reading it is forbidden (the caller then infers).
   */
  ownerReferences(ref: ObjectRef): Promise<readonly OwnerReference[] | undefined>;
  /** Namespaces the user may list; `undefined` when listing namespaces is forbidden. */
  namespaces(signal?: AbortSignal): Promise<readonly string[] | undefined>;
  /**
   * Whether one namespace exists (a read of it: 404 says no); `undefined` when the user may not
   * tell (403). A watch in a namespace that does not exist is an empty list, not an error, so a
   * host that lets a person type one asks this to say so. Rejects like {@link discover}.
   */
  namespaceExists(name: string, signal?: AbortSignal): Promise<boolean | undefined>;
  /** Deletes one report (Trivy Operator then rescans the workload). Hosts confirm first. */
  deleteReport(kind: ReportKind, version: string, namespace: string | undefined, name: string): Promise<void>;
}

/** An object as the API server sends it (JSON) — a report, or a workload's metadata — or as read from a file. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
}

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Why a kind in a namespace is or is not being shown. Every state but `ok` is retried with
 * backoff; messages are the server's (`Status.message`) where it sent one.
 * - `not-installed`: the cluster does not serve the kind (no CRD); what was held is dropped.
 * - `forbidden`: 403, this user may not list or watch it here; what was held is dropped.
 * - `unauthorized`: 401, the server rejects the credentials even after fresh ones were obtained
 *   (exec plugins run again, token files read again): the user must log in again. What was held
 *   is kept, as it probably still holds.
 * - `unreachable`: no usable answer (refused, reset, timeout), or the server failed the request
 *   (5xx, 429 throttling); the message says which. What was held is kept.
 */
export type KindStatus =
  | { readonly state: 'ok' }
  | { readonly state: 'not-installed' }
  | { readonly state: 'forbidden'; readonly message: string }
  | { readonly state: 'unauthorized'; readonly message: string }
  | { readonly state: 'unreachable'; readonly message: string };

export type ReportEvent =
  /** One page of a list in progress; `first` starts a new list (drop what an unfinished one staged). */
  | { readonly type: 'page'; readonly objects: readonly KubeObject[]; readonly first: boolean }
  /** The last (or only) page of a list: the set is now complete. */
  | { readonly type: 'synced'; readonly objects: readonly KubeObject[]; readonly first: boolean }
  | { readonly type: 'added' | 'modified' | 'deleted'; readonly object: KubeObject }
  | { readonly type: 'status'; readonly status: KindStatus };

export class ClusterUnreachableError extends Error {
  constructor(
    readonly server: string,
    readonly reason: string,
  ) {
    super(`cannot reach the cluster at ${server}: ${reason}`);
    this.name = 'ClusterUnreachableError';
  }
}

/**
 * The cluster answered, but rejects the credentials (401), even fresh ones: a kind of
 * unreachable, so callers that handle that handle this, with a message that says what to fix.
 */
export class ClusterUnauthorizedError extends ClusterUnreachableError {
  constructor(server: string, reason: string) {
    super(server, reason);
    this.name = 'ClusterUnauthorizedError';
    this.message = `the cluster at ${server} rejects the credentials (log in again?): ${reason}`;
  }
}
