// A workspace of manifests and a burst of cluster reports about the workloads they describe, for
// the workspace tests and `npm run bench` (workspace-burst). Real shapes only: the manifests of
// test/fixtures/manifests and the Helm test chart's templates, and Deployments of the generated
// cluster (generateReports) written as `kubectl get -o yaml` writes them; the reports are the
// generated cluster's, read by the real readers.
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Finding } from '../shared/src/model/finding.js';
import { workloadKey } from '../shared/src/model/workloadRef.js';
import { newReadContext } from '../shared/src/readers/readContext.js';
import { readReportObject } from '../shared/src/readers/reportObjects.js';
import type { FindingSet } from '../shared/src/workspace/manifestWorkspace.js';
import { generateReports } from './doubles/fakeApiServer/generateReports.js';
import type { KubeObj } from './doubles/fakeApiServer/types.js';

const fixture = (path: string): string => readFileSync(new URL(`fixtures/${path}`, import.meta.url), 'utf8');

/** The fixture manifests, under the paths a repository would have them at. */
export const FIXTURE_FILES: ReadonlyArray<readonly [path: string, fixture: string]> = [
  ['deploy/nginx-deployment.yaml', 'manifests/nginx-deployment.yaml'],
  ['deploy/shop-workloads.yaml', 'manifests/shop-workloads.yaml'],
  ['deploy/pods-list.yaml', 'manifests/pods-list.yaml'],
  ['rendered/deployment.yaml', 'manifests/testchart-rendered-deployment.yaml'],
  ['chart/templates/deployment.yaml', 'trivy/inputs/helm_testchart/templates/deployment.yaml'],
  ['chart/templates/service.yaml', 'trivy/inputs/helm_testchart/templates/service.yaml'],
  ['chart/templates/serviceaccount.yaml', 'trivy/inputs/helm_testchart/templates/serviceaccount.yaml'],
];

/** The namespace manifests without `metadata.namespace` are applied to (the context's default). */
export const BURST_NAMESPACE = 'default';

export interface WorkspaceBurst {
  /** Path → text, fixtures first. */
  readonly files: ReadonlyMap<string, string>;
  /** One set per workload, keyed and resolved as a cluster store does (from the ReplicaSet's ownerReferences). */
  readonly sets: readonly FindingSet[];
  readonly reports: number;
  readonly findings: number;
  /** Which file holds each generated Deployment (by workload key). */
  readonly fileOf: ReadonlyMap<string, string>;
  readonly deployments: readonly KubeObj[];
}

/**
 * `fileCount` files: the fixtures, then files of generated Deployments (each with a Service, as
 * an app's manifest usually is), `workloads` Deployments spread over them. The generated cluster
 * has one VulnerabilityReport and one ConfigAuditReport per workload, so 500 workloads make a
 * burst of 1,000 reports. Deployments of the default namespace are written without a namespace,
 * as hand-kept manifests are; the others as kubectl writes them, namespace and uid included.
 */
export function workspaceBurst(fileCount = 200, workloads = 500, seed = 7): WorkspaceBurst {
  const cluster = generateReports(workloads, seed);
  const files = new Map<string, string>();
  for (const [path, name] of FIXTURE_FILES) files.set(path, fixture(name));
  const generated = Math.max(1, fileCount - FIXTURE_FILES.length);
  const docs: string[][] = Array.from({ length: generated }, () => []);
  const fileOf = new Map<string, string>();
  cluster.deployments.forEach((d, i) => {
    const slot = i % generated;
    docs[slot]!.push(kubectlYaml(manifestOf(d)), kubectlYaml(serviceFor(d)));
    fileOf.set(workloadKey({ kind: 'Deployment', ...nsOf(d), name: d.metadata.name! }), appPath(slot));
  });
  docs.forEach((d, slot) => files.set(appPath(slot), d.join('---\n')));

  const ownerOf = new Map(
    cluster.replicaSets.map((rs) => {
      const owner = (rs.metadata.ownerReferences as Array<{ kind: string; name: string }>)[0]!;
      return [rs.metadata.name!, workloadKey({ kind: owner.kind, ...nsOf(rs), name: owner.name })];
    }),
  );
  const byWorkload = new Map<string, Finding[]>();
  const reports = [...cluster.vulnerabilityReports, ...cluster.configAuditReports];
  let findings = 0;
  for (const report of reports) {
    const ctx = newReadContext(`${report.kind}/${report.metadata.name}`);
    const read = readReportObject(report, ctx);
    const rs = (report.metadata.labels as Record<string, string>)['trivy-operator.resource.name']!;
    const key = ownerOf.get(rs)!;
    const list = byWorkload.get(key);
    if (list) list.push(...read);
    else byWorkload.set(key, read);
    findings += read.length;
  }
  const sets = [...byWorkload].map(([key, list]) => ({ key, workload: key, findings: list }));
  return { files, sets, reports: reports.length, findings, fileOf, deployments: cluster.deployments };
}

function appPath(slot: number): string {
  return `apps/app-${String(slot).padStart(3, '0')}.yaml`;
}

function nsOf(o: KubeObj): { namespace?: string } {
  return o.metadata.namespace === undefined ? {} : { namespace: o.metadata.namespace };
}

/** The Deployment as a person keeps it: no namespace in the default namespace, kubectl's fields otherwise. */
function manifestOf(d: KubeObj): KubeObj {
  if (d.metadata.namespace !== BURST_NAMESPACE) return d;
  const { namespace: _ns, uid: _uid, creationTimestamp: _t, ...metadata } = d.metadata;
  return { ...d, metadata: metadata as KubeObj['metadata'] };
}

function serviceFor(d: KubeObj): KubeObj {
  const labels = (d.metadata.labels ?? {}) as Record<string, string>;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: d.metadata.name, ...(d.metadata.namespace === BURST_NAMESPACE ? {} : nsOf(d)) },
    spec: { selector: labels, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] },
  };
}

/** YAML as `kubectl get -o yaml` writes it: keys sorted, sequences not indented under their key. */
export function kubectlYaml(o: unknown): string {
  return stringify(o, { sortMapEntries: true, indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}
