import {
  configAuditReportBody,
  hash,
  ownerRef,
  replicaSetAnnotations,
  seededRandom,
  timestamp,
  uid,
  vulnerabilityReportBody,
} from './generateReports.js';
import type { KubeObj } from './types.js';

/**
 * A cluster with every workload kind Trivy Operator scans, shaped as the controllers and the
 * operator write them, in the coverage states a person meets — for coverage tests and the demo.
 * In each namespace (all relative to `now`):
 *
 * | workload | objects | reports (VulnerabilityReport, ConfigAuditReport) | coverage |
 * |---|---|---|---|
 * | Deployment `web` | revision 2: ReplicaSets of revisions 1 (scaled down) and 2, two Pods | both, 1 h old, about the revision-2 ReplicaSet; the revision-1 ReplicaSet's, 3 days old, marked for deletion (TTL `0s`) | scanned |
 * | Deployment `api` | one ReplicaSet, one Pod | both; the vulnerability report 30 h old | stale |
 * | StatefulSet `db` | Pod `db-0` | VulnerabilityReport only | not-scanned |
 * | DaemonSet `agent` | one Pod | none; a scan job in `trivy-system` | scanning |
 * | CronJob `backup` | a Job it made, its Pod | both, about the CronJob | scanned |
 * | Pod `debug` | no controller | none | not-scanned |
 * | Job `migrate` | no controller, one Pod | both | scanned |
 * | ReplicationController `legacy` | one Pod | both | scanned |
 * | Deployment `new` | no ReplicaSet yet | none | not-scanned |
 *
 * Reports are named and labelled as the operator names them (`replicaset-web-<hash>-web`,
 * `trivy-operator.resource.*`, the TTL annotation `24h0m0s`), owned by their object.
 */
export interface WorkloadMix {
  /** Every object, in an order that can be created one by one. */
  readonly objects: KubeObj[];
  /** Per namespace, each workload's expected coverage state, by `Kind/namespace/name`. */
  readonly expected: ReadonlyMap<string, 'scanned' | 'stale' | 'scanning' | 'not-scanned'>;
}

const AQUA = 'aquasecurity.github.io/v1alpha1';
const TTL = '24h0m0s';
const HOUR = 3_600_000;
export const OPERATOR_NAMESPACE = 'trivy-system';

export function generateWorkloadMix(namespaces: readonly string[], now: number, seed = 1): WorkloadMix {
  const rnd = seededRandom(seed);
  const objects: KubeObj[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: OPERATOR_NAMESPACE } },
  ];
  const expected = new Map<string, 'scanned' | 'stale' | 'scanning' | 'not-scanned'>();
  const created = timestamp(now - 10 * 24 * HOUR);
  const meta = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({
    name,
    namespace,
    uid: uid(rnd),
    creationTimestamp: created,
    ...extra,
  });
  const workload = (
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string,
    extra = {},
  ): KubeObj => ({
    apiVersion,
    kind,
    metadata: meta(name, namespace, { labels: { app: name }, ...extra }),
    spec: { template: { spec: { containers: [{ name, image: `library/${name}:1.0` }] } } },
  });
  const owned = (o: KubeObj, owner: KubeObj): KubeObj => ({
    ...o,
    metadata: { ...o.metadata, ownerReferences: [{ ...ownerRef(owner), blockOwnerDeletion: true }] },
  });
  const pod = (
    name: string,
    namespace: string,
    owner?: KubeObj,
    labels: Record<string, string> = {},
  ): KubeObj => {
    const p: KubeObj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta(name, namespace, { labels }),
      spec: { containers: [{ name: 'app', image: 'library/app:1.0' }] },
    };
    return owner ? owned(p, owner) : p;
  };
  /** Reports of `subject` as the operator writes them, `ageHours` old. */
  const reports = (subject: KubeObj, which: { vuln?: number; audit?: number; ttl?: string }): KubeObj[] => {
    const kind = subject.kind;
    const name = subject.metadata.name!;
    const namespace = subject.metadata.namespace!;
    const labels = {
      'resource-spec-hash': hash(rnd, 10),
      'trivy-operator.resource.kind': kind,
      'trivy-operator.resource.name': name,
      'trivy-operator.resource.namespace': namespace,
    };
    const annotations = { 'trivy-operator.aquasecurity.github.io/report-ttl': which.ttl ?? TTL };
    const out: KubeObj[] = [];
    const base = `${kind.toLowerCase()}-${name}`;
    if (which.vuln !== undefined) {
      const at = timestamp(now - which.vuln * HOUR);
      out.push({
        apiVersion: AQUA,
        kind: 'VulnerabilityReport',
        metadata: {
          name: `${base}-app`,
          namespace,
          creationTimestamp: at,
          labels: { ...labels, 'trivy-operator.container.name': 'app' },
          annotations,
          ownerReferences: [ownerRef(subject)],
        },
        report: vulnerabilityReportBody(rnd, { base: 1, repository: 'library/nginx', tag: '1.21.6' }, at),
      });
    }
    if (which.audit !== undefined) {
      const at = timestamp(now - which.audit * HOUR);
      out.push({
        apiVersion: AQUA,
        kind: 'ConfigAuditReport',
        metadata: {
          name: base,
          namespace,
          creationTimestamp: at,
          labels: { ...labels, 'plugin-config-hash': hash(rnd, 10) },
          annotations,
          ownerReferences: [ownerRef(subject)],
        },
        report: configAuditReportBody(rnd, name, 'app', at),
      });
    }
    return out;
  };

  for (const ns of namespaces) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const key = (kind: string, name: string) => `${kind}/${ns}/${name}`;

    // Deployment web, rolled out twice: the revision-1 ReplicaSet is scaled down.
    const web = workload('apps/v1', 'Deployment', 'web', ns, {
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    });
    const [h1, h2] = [hash(rnd, 10), hash(rnd, 10)];
    const oldRs = owned(
      workload('apps/v1', 'ReplicaSet', `web-${h1}`, ns, { annotations: replicaSetAnnotations(0, 1) }),
      web,
    );
    const rs = owned(
      workload('apps/v1', 'ReplicaSet', `web-${h2}`, ns, { annotations: replicaSetAnnotations(2, 2) }),
      web,
    );
    objects.push(web, oldRs, rs);
    objects.push(pod(`web-${h2}-${hash(rnd, 5)}`, ns, rs), pod(`web-${h2}-${hash(rnd, 5)}`, ns, rs));
    objects.push(
      ...reports(rs, { vuln: 1, audit: 1 }),
      ...reports(oldRs, { vuln: 72, audit: 72, ttl: '0s' }),
    );
    expected.set(key('Deployment', 'web'), 'scanned');

    // Deployment api: its vulnerability report is past the 24 h TTL.
    const api = workload('apps/v1', 'Deployment', 'api', ns, {
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    });
    const apiRs = owned(
      workload('apps/v1', 'ReplicaSet', `api-${hash(rnd, 10)}`, ns, {
        annotations: replicaSetAnnotations(1, 1),
      }),
      api,
    );
    objects.push(api, apiRs, pod(`${apiRs.metadata.name}-${hash(rnd, 5)}`, ns, apiRs));
    objects.push(...reports(apiRs, { vuln: 30, audit: 30 }));
    expected.set(key('Deployment', 'api'), 'stale');

    // StatefulSet db: no ConfigAuditReport yet.
    const db = workload('apps/v1', 'StatefulSet', 'db', ns);
    objects.push(db, pod('db-0', ns, db, { 'statefulset.kubernetes.io/pod-name': 'db-0' }));
    objects.push(...reports(db, { vuln: 2 }));
    expected.set(key('StatefulSet', 'db'), 'not-scanned');

    // DaemonSet agent: being scanned (a scan job of the operator, labelled as it labels them).
    const agent = workload('apps/v1', 'DaemonSet', 'agent', ns);
    objects.push(agent, pod(`agent-${hash(rnd, 5)}`, ns, agent));
    objects.push({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(`scan-vulnerabilityreport-${hash(rnd, 10)}`, OPERATOR_NAMESPACE, {
        labels: {
          'app.kubernetes.io/managed-by': 'trivy-operator',
          'vulnerabilityReport.scanner': 'Trivy',
          'resource-spec-hash': hash(rnd, 10),
          'trivy-operator.resource.kind': 'DaemonSet',
          'trivy-operator.resource.name': 'agent',
          'trivy-operator.resource.namespace': ns,
        },
      }),
      spec: {
        template: { spec: { containers: [{ name: 'agent', image: 'mirror.gcr.io/aquasec/trivy:0.67.2' }] } },
      },
    });
    expected.set(key('DaemonSet', 'agent'), 'scanning');

    // CronJob backup with a Job it made (the operator skips Jobs a CronJob controls).
    const backup = workload('batch/v1', 'CronJob', 'backup', ns);
    const run = owned(workload('batch/v1', 'Job', 'backup-28930560', ns), backup);
    objects.push(backup, run, pod(`backup-28930560-${hash(rnd, 5)}`, ns, run));
    objects.push(...reports(backup, { vuln: 3, audit: 3 }));
    expected.set(key('CronJob', 'backup'), 'scanned');

    // A bare Pod nobody scanned.
    objects.push(pod('debug', ns));
    expected.set(key('Pod', 'debug'), 'not-scanned');

    // A bare Job, scanned.
    const migrate = workload('batch/v1', 'Job', 'migrate', ns);
    objects.push(migrate, pod(`migrate-${hash(rnd, 5)}`, ns, migrate));
    objects.push(...reports(migrate, { vuln: 5, audit: 5 }));
    expected.set(key('Job', 'migrate'), 'scanned');

    // A ReplicationController, scanned.
    const legacy = workload('v1', 'ReplicationController', 'legacy', ns);
    objects.push(legacy, pod(`legacy-${hash(rnd, 5)}`, ns, legacy));
    objects.push(...reports(legacy, { vuln: 4, audit: 4 }));
    expected.set(key('ReplicationController', 'legacy'), 'scanned');

    // A Deployment its controller has not made a ReplicaSet for yet.
    objects.push(
      workload('apps/v1', 'Deployment', 'new', ns, {
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      }),
    );
    expected.set(key('Deployment', 'new'), 'not-scanned');
  }
  return { objects, expected };
}
