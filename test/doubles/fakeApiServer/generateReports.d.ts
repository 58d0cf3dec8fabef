import type { KubeObj } from './types.js';
/**
 * Realistic cluster content for demos and benchmarks, built from REAL report shapes:
 * vulnerability lists from `vulnerabilityreportlist_real-cluster_trivy-0.31.3.json` (a real
 * cluster, trivy-operator 0.31.3) and checks from `configauditreport_pod-my-pod_envtest-expected.yaml`
 * (trivy-operator's own test expectation). Each generated workload is a Deployment with its
 * ReplicaSet (ownerReferences linked by uid) in one of a few namespaces, and one
 * VulnerabilityReport and one ConfigAuditReport owned by the ReplicaSet, named and labelled the
 * way trivy-operator names them (`replicaset-<rs>-<container>`, `replicaset-<rs>`).
 */
export interface GeneratedCluster {
  readonly namespaces: KubeObj[];
  readonly deployments: KubeObj[];
  readonly replicaSets: KubeObj[];
  readonly vulnerabilityReports: KubeObj[];
  readonly configAuditReports: KubeObj[];
  /** Everything, in an order that can be created one by one (namespaces, owners, reports). */
  readonly objects: KubeObj[];
}
/** A deterministic random source in [0, 1) (mulberry32: small and fast). */
export declare function seededRandom(seed: number): () => number;
/** A fresh vulnerability report body for an image (used by the generator and by replay). */
export declare function vulnerabilityReportBody(
  rnd: () => number,
  image: {
    base: number;
    repository: string;
    tag: string;
  },
  updated: string,
): Record<string, unknown>;
/** A config audit body for a ReplicaSet: a subset of the real checks, some of which pass. */
export declare function configAuditReportBody(
  rnd: () => number,
  rsName: string,
  container: string,
  updated: string,
): Record<string, unknown>;
export interface GenerateOptions {
  /** Added to the workload index in names, so later batches do not collide with earlier ones. */
  readonly offset?: number;
  /** Namespaces to spread workloads over; default: one per 25 workloads from a fixed list. */
  readonly namespaces?: readonly string[];
}
/** `n` workloads (one VulnerabilityReport and one ConfigAuditReport each); the same `seed` gives the same objects. */
export declare function generateReports(
  n: number,
  seed?: number,
  options?: GenerateOptions,
): GeneratedCluster;
