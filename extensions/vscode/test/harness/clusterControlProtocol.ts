/**
 * The test-only channel from the suite to the launcher's fake clusters (`launcher/fakeClusters.ts`):
 * two fake Kubernetes API servers, one per kubeconfig context, whose kubeconfig the launcher passes
 * to code-server as `KUBECONFIG`. The suite POSTs an operation's parameters as JSON to
 * `<base>/<op>` and gets `{ "result": … }` or, with a 4xx/5xx status, `{ "error": "…" }`.
 */
export interface ClusterControlOps {
  /** Creates (or replaces) an object in the context's cluster through the server's store: watchers see it. */
  create: { params: { context: string; object: object }; result: null };
  /** Deletes an object from the context's cluster; watchers see DELETED. */
  remove: {
    params: { context: string; apiVersion: string; kind: string; namespace?: string; name: string };
    result: null;
  };
  /** The object as the context's cluster holds it now; `null` when there is none. */
  get: {
    params: { context: string; apiVersion: string; kind: string; namespace?: string; name: string };
    result: object | null;
  };
  /** Whether the object exists in the context's cluster now. */
  exists: {
    params: { context: string; apiVersion: string; kind: string; namespace?: string; name: string };
    result: boolean;
  };
  /** 403 for that resource (`group`, plural) for everyone in the context's cluster; `allow` lifts it. */
  forbid: { params: { context: string; group: string; resource: string; on: boolean }; result: null };
  /** Rewrites the kubeconfig's `current-context` (as `kubectl config use-context` does). */
  useContext: { params: { context: string }; result: null };
}

export type ClusterControlOp = keyof ClusterControlOps;

export const CLUSTER_CONTROL_OPS: readonly ClusterControlOp[] = [
  'create',
  'remove',
  'get',
  'exists',
  'forbid',
  'useContext',
];

/** The contexts of the launcher's kubeconfig: the first is current when the suite starts. */
export const FAKE_CONTEXTS = { dev: 'kind-dev', prod: 'kind-prod' } as const;
