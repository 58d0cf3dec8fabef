import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
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

interface Vulnerability {
  severity: string;
  [field: string]: unknown;
}
interface Check {
  severity: string;
  success: boolean;
  messages?: string[];
  [field: string]: unknown;
}

const FIXTURES = new URL('../../fixtures/reports/', import.meta.url);
const vulnList = JSON.parse(
  readFileSync(new URL('vulnerabilityreportlist_real-cluster_trivy-0.31.3.json', FIXTURES), 'utf8'),
) as { items: KubeObj[] };
const auditFixture = parse(
  readFileSync(new URL('configauditreport_pod-my-pod_envtest-expected.yaml', FIXTURES), 'utf8'),
) as KubeObj;

/** The two real reports: an Ubuntu-based image and a Debian-based nginx. */
const VULN_BASES = vulnList.items.map((item) => {
  const report = item.report as { vulnerabilities: Vulnerability[]; scanner: unknown; registry: unknown };
  return { vulnerabilities: report.vulnerabilities, scanner: report.scanner, registry: report.registry };
});
const CHECKS = (auditFixture.report as { checks: Check[]; scanner: Record<string, unknown> }).checks;

// Images per base distribution, so package names fit the image (Ubuntu packages on Ubuntu images).
const IMAGES: ReadonlyArray<readonly [base: number, repository: string, tags: readonly string[]]> = [
  [0, 'library/ubuntu', ['20.04', 'focal-20220801']],
  [0, 'josedonizetti/trivy', ['secrettest']],
  [0, 'bitnami/kubectl', ['1.24.3', '1.25.0']],
  [1, 'library/nginx', ['1.16.1', '1.21.6', '1.23.1']],
  [1, 'library/redis', ['6.2.7', '7.0.4']],
  [1, 'library/postgres', ['13.7', '14.5']],
  [1, 'library/python', ['3.9-slim-buster']],
];
const NAMESPACES = ['default', 'payments', 'checkout', 'search', 'identity', 'monitoring', 'data', 'edge'];
const APPS = [
  'api',
  'web',
  'worker',
  'cache',
  'db',
  'gateway',
  'auth',
  'indexer',
  'scheduler',
  'exporter',
  'ingest',
  'frontend',
];
const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
// The fixtures' own clock: reports were written in October 2022.
const EPOCH = Date.parse('2022-10-21T20:11:35Z');

/** A deterministic random source in [0, 1) (mulberry32: small and fast). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

export function uid(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function hash(rnd: () => number, length: number): string {
  return Array.from({ length }, () => pick(rnd, [...HASH_ALPHABET])).join('');
}

export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Picks each element with probability `p`, keeping order. */
function subset<T>(rnd: () => number, list: readonly T[], p: number): T[] {
  return list.filter(() => rnd() < p);
}

function vulnSummary(vulns: readonly Vulnerability[]): Record<string, number> {
  const count = (s: string): number => vulns.filter((v) => v.severity === s).length;
  return {
    criticalCount: count('CRITICAL'),
    highCount: count('HIGH'),
    lowCount: count('LOW'),
    mediumCount: count('MEDIUM'),
    noneCount: 0,
    unknownCount: count('UNKNOWN'),
  };
}

/** Failed checks per severity: the fixture's summary (high 1, medium 3, low 9) counts exactly its 13 failed checks. */
function auditSummary(checks: readonly Check[]): Record<string, number> {
  const count = (s: string): number => checks.filter((c) => !c.success && c.severity === s).length;
  return {
    criticalCount: count('CRITICAL'),
    highCount: count('HIGH'),
    lowCount: count('LOW'),
    mediumCount: count('MEDIUM'),
  };
}

/** A fresh vulnerability report body for an image (used by the generator and by replay). */
export function vulnerabilityReportBody(
  rnd: () => number,
  image: { base: number; repository: string; tag: string },
  updated: string,
): Record<string, unknown> {
  const base = VULN_BASES[image.base] ?? VULN_BASES[0];
  // Shallow copies: entries hold strings and numbers plus a `links` array, copied too, so no two
  // reports share anything mutable (structuredClone per entry made large batches slow).
  const vulnerabilities = subset(rnd, base?.vulnerabilities ?? [], 0.2 + rnd() * 0.8).map((v) => ({
    ...v,
    ...(Array.isArray(v.links) ? { links: [...(v.links as unknown[])] } : {}),
  }));
  return {
    artifact: { repository: image.repository, tag: image.tag },
    registry: structuredClone(base?.registry),
    scanner: structuredClone(base?.scanner),
    summary: vulnSummary(vulnerabilities),
    updateTimestamp: updated,
    vulnerabilities,
  };
}

/** A config audit body for a ReplicaSet: a subset of the real checks, some of which pass. */
export function configAuditReportBody(
  rnd: () => number,
  rsName: string,
  container: string,
  updated: string,
): Record<string, unknown> {
  const checks = subset(rnd, CHECKS, 0.5 + rnd() * 0.5).map((c) => ({
    ...c,
    success: rnd() < 0.3,
    ...(c.messages
      ? {
          messages: c.messages.map((m) =>
            m.replace(
              "Container 'app' of Pod 'my-pod'",
              `Container '${container}' of ReplicaSet '${rsName}'`,
            ),
          ),
        }
      : {}),
  }));
  const scanner = {
    ...(auditFixture.report as { scanner: Record<string, unknown> }).scanner,
    version: '0.35.0',
  };
  return { scanner, summary: auditSummary(checks), checks, updateTimestamp: updated };
}

/** The annotations the Deployment controller writes on a ReplicaSet of `revision`. */
export function replicaSetAnnotations(replicas: number, revision: number): Record<string, string> {
  return {
    'deployment.kubernetes.io/desired-replicas': String(replicas),
    'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
    'deployment.kubernetes.io/revision': String(revision),
  };
}

export function ownerRef(owner: KubeObj, controller = true): Record<string, unknown> {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller,
    blockOwnerDeletion: false,
  };
}

export interface GenerateOptions {
  /** Added to the workload index in names, so later batches do not collide with earlier ones. */
  readonly offset?: number;
  /** Namespaces to spread workloads over; default: one per 25 workloads from a fixed list. */
  readonly namespaces?: readonly string[];
}

/** `n` workloads (one VulnerabilityReport and one ConfigAuditReport each); the same `seed` gives the same objects. */
export function generateReports(n: number, seed = 1, options: GenerateOptions = {}): GeneratedCluster {
  const rnd = seededRandom(seed);
  const names =
    options.namespaces ?? NAMESPACES.slice(0, Math.max(1, Math.min(NAMESPACES.length, Math.ceil(n / 25))));
  const nsCount = names.length;
  const namespaces: KubeObj[] = names.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: uid(rnd), creationTimestamp: timestamp(EPOCH - (30 - i) * 86_400_000) },
  }));
  const deployments: KubeObj[] = [];
  const replicaSets: KubeObj[] = [];
  const vulnerabilityReports: KubeObj[] = [];
  const configAuditReports: KubeObj[] = [];
  for (let i = 0; i < n; i++) {
    const namespace = names[(i + (options.offset ?? 0)) % nsCount] ?? 'default';
    const app = `${pick(rnd, APPS)}-${i + (options.offset ?? 0)}`;
    const [baseIndex, repository, tags] = pick(rnd, IMAGES);
    const image = { base: baseIndex, repository, tag: pick(rnd, tags) };
    const container = app.split('-')[0] ?? 'app';
    const created = EPOCH - Math.floor(rnd() * 20 * 86_400_000);
    const templateHash = hash(rnd, 10);
    const labels = { app };
    // The annotations the Deployment controller writes (pkg/controller/deployment/util): the
    // revision on both, the replica bounds on the ReplicaSet (maxSurge 25 %, rounded up).
    const deployment: KubeObj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: app,
        namespace,
        uid: uid(rnd),
        creationTimestamp: timestamp(created),
        labels,
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: {
        replicas: 1 + Math.floor(rnd() * 3),
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: container, image: `${repository}:${image.tag}` }] },
        },
      },
    };
    const rsName = `${app}-${templateHash}`;
    const replicaSet: KubeObj = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace,
        uid: uid(rnd),
        creationTimestamp: timestamp(created),
        labels: { ...labels, 'pod-template-hash': templateHash },
        annotations: replicaSetAnnotations((deployment.spec as { replicas: number }).replicas, 1),
        ownerReferences: [{ ...ownerRef(deployment), blockOwnerDeletion: true }],
      },
      spec: {
        replicas: (deployment.spec as { replicas: number }).replicas,
        selector: { matchLabels: { ...labels, 'pod-template-hash': templateHash } },
        template: (deployment.spec as { template: unknown }).template,
      },
    };
    const updated = timestamp(created + 60_000);
    const resourceLabels = {
      'resource-spec-hash': hash(rnd, 10),
      'trivy-operator.resource.kind': 'ReplicaSet',
      'trivy-operator.resource.name': rsName,
      'trivy-operator.resource.namespace': namespace,
    };
    vulnerabilityReports.push({
      apiVersion: 'aquasecurity.github.io/v1alpha1',
      kind: 'VulnerabilityReport',
      metadata: {
        name: `replicaset-${rsName}-${container}`,
        namespace,
        uid: uid(rnd),
        creationTimestamp: updated,
        labels: { ...resourceLabels, 'trivy-operator.container.name': container },
        annotations: { 'trivy-operator.aquasecurity.github.io/report-ttl': '24h0m0s' },
        ownerReferences: [ownerRef(replicaSet)],
      },
      report: vulnerabilityReportBody(rnd, image, updated),
    });
    configAuditReports.push({
      apiVersion: 'aquasecurity.github.io/v1alpha1',
      kind: 'ConfigAuditReport',
      metadata: {
        name: `replicaset-${rsName}`,
        namespace,
        uid: uid(rnd),
        creationTimestamp: updated,
        labels: { ...resourceLabels, 'plugin-config-hash': hash(rnd, 10) },
        ownerReferences: [ownerRef(replicaSet)],
      },
      report: configAuditReportBody(rnd, rsName, container, updated),
    });
    deployments.push(deployment);
    replicaSets.push(replicaSet);
  }
  return {
    namespaces,
    deployments,
    replicaSets,
    vulnerabilityReports,
    configAuditReports,
    objects: [...namespaces, ...deployments, ...replicaSets, ...vulnerabilityReports, ...configAuditReports],
  };
}
