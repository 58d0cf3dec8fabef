import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countBy, fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureDocs, readFixture, readEdited } = fixtureFolder('reports', 'variant.json');

// Counts below come from:
//   python3 -c "import yaml,collections as c; d=yaml.safe_load(open(F)); ch=d['report']['checks'];
//     print(len(ch), sorted(c.Counter((k['success'],k['severity']) for k in ch).items()))"
const outcomeAndSeverity = (f: { outcome: string; severity: string }) => `${f.outcome} ${f.severity}`;

describe('ConfigAuditReport objects', () => {
  it('reads failed checks only, unless passes are asked for (docs sample)', () => {
    const name = 'configauditreport_replicaset-nginx_docs.yaml';
    // 5 checks: (False, CRITICAL) 1, (False, LOW) 1, (True, CRITICAL) 2, (True, LOW) 1
    const failed = readFixture(name);
    assert.deepEqual(messages(failed), []);
    assert.deepEqual(countBy(failed.findings, outcomeAndSeverity), { 'fail LOW': 1, 'fail CRITICAL': 1 });
    assert.deepEqual(
      countBy(failed.findings, (f) => f.type),
      { misconfiguration: 2 },
    );
    const all = readFixture(name, { includePassed: true });
    assert.deepEqual(countBy(all.findings, outcomeAndSeverity), {
      'pass CRITICAL': 2,
      'pass LOW': 1,
      'fail LOW': 1,
      'fail CRITICAL': 1,
    });
  });

  it('puts a check scoped to a container on that container, sharing one object per container', () => {
    const { findings } = readFixture('configauditreport_replicaset-nginx_docs.yaml', { includePassed: true });
    const scoped = findings.filter((f) => f.outcome === 'fail');
    assert.deepEqual(scoped[0]!.resource, {
      kind: 'ReplicaSet',
      name: 'nginx-6d4cf56db6',
      namespace: 'default',
      container: 'nginx',
      apiVersion: 'apps/v1',
    });
    assert.equal(scoped[0]!.resource, scoped[1]!.resource);
    const unscoped = findings.filter((f) => f.outcome === 'pass');
    assert.deepEqual(unscoped[0]!.resource, {
      kind: 'ReplicaSet',
      name: 'nginx-6d4cf56db6',
      namespace: 'default',
      apiVersion: 'apps/v1',
    });
    assert.equal(unscoped[0]!.resource, unscoped[2]!.resource);
  });

  it('maps check fields and keeps legacy non-Trivy ids unchanged', () => {
    const { findings } = readFixture('configauditreport_replicaset-nginx_docs.yaml');
    const f = findings.find((x) => x.severity === 'CRITICAL')!;
    assert.equal(f.id, 'privilegeEscalationAllowed');
    assert.deepEqual(f.aliases, []);
    assert.equal(f.title, 'privilegeEscalationAllowed'); // no title in this sample
    assert.equal(f.message, 'Privilege escalation should not be allowed');
    assert.equal(f.category, 'Security');
    assert.equal(f.origin.tool, 'trivy'); // scanner name "Trivy " with a trailing space in the sample
  });

  it('reads the envtest expectation: 13 failed KSV checks with canonical ids', () => {
    const read = readFixture('configauditreport_pod-my-pod_envtest-expected.yaml');
    // 13 checks, all success: false: HIGH 1, LOW 9, MEDIUM 3
    assert.deepEqual(
      countBy(read.findings, (f) => f.severity),
      { MEDIUM: 3, LOW: 9, HIGH: 1 },
    );
    const ksv001 = read.findings[0]!;
    assert.equal(ksv001.id, 'KSV001');
    assert.deepEqual(ksv001.aliases, ['KSV-0001', 'AVD-KSV-0001']);
    assert.equal(ksv001.title, 'Can elevate its own privileges');
    assert.match(ksv001.description!, /^A program inside the container/);
    assert.equal(
      ksv001.message,
      "Container 'app' of Pod 'my-pod' should set 'securityContext.allowPrivilegeEscalation' to false",
    );
    assert.equal(
      ksv001.resolution,
      "Set 'set containers[].securityContext.allowPrivilegeEscalation' to 'false'.",
    );
    assert.equal(ksv001.category, 'Kubernetes Security Check');
    // ownerReferences uid is null in this template: the resource still has the Pod's apiVersion.
    assert.deepEqual(ksv001.resource, {
      kind: 'Pod',
      name: 'my-pod',
      namespace: 'default',
      apiVersion: 'v1',
    });
    assert.equal(ksv001.origin.toolVersion, 'version');
    assert.ok(!('uid' in ksv001.origin.report!));
  });

  it('reads the checks Starboard wrote before 0.12: podChecks and containerChecks per container', () => {
    // starboard pkg/apis/aquasecurity/v1alpha1/config_audit_types.go (commit bacb3288) keeps the
    // deprecated `podChecks []Check` and `containerChecks map[string][]Check`; the real docs sample
    // is rewritten into that shape with Starboard's labels (pkg/starboard/constants.go).
    const [doc] = fixtureDocs('configauditreport_replicaset-nginx_docs.yaml');
    const checks = doc.report.checks as Record<string, unknown>[];
    doc.report.podChecks = checks.slice(0, 3);
    doc.report.containerChecks = { nginx: checks.slice(3).map(({ scope: _scope, ...c }) => c) };
    delete doc.report.checks;
    doc.metadata.labels = {
      'starboard.resource.kind': 'ReplicaSet',
      'starboard.resource.name': 'nginx-6d4cf56db6',
      'starboard.resource.namespace': 'default',
    };
    const read = readEdited(doc);
    assert.deepEqual(messages(read), []);
    assert.deepEqual(
      read.findings.map((f) => [f.id, f.resource?.container]),
      [
        ['notReadOnlyRootFilesystem', 'nginx'],
        ['privilegeEscalationAllowed', 'nginx'],
      ],
    );
  });

  it('warns about a check without a boolean success and reads the others', () => {
    const [doc] = fixtureDocs('configauditreport_pod-my-pod_envtest-expected.yaml');
    delete doc.report.checks[2].success;
    doc.report.checks[3] = 'KSV012';
    const read = readEdited(doc);
    assert.equal(read.findings.length, 11);
    assert.deepEqual(messages(read), [
      'warning: ConfigAuditReport default/pod-my-pod: report.checks[2]: check KSV011 has no boolean "success"; skipped',
      'warning: ConfigAuditReport default/pod-my-pod: report.checks[3]: is not an object; skipped',
    ]);
  });
});

describe('RbacAssessmentReport objects', () => {
  it('names the Role from the annotation when its name is not a valid label value', () => {
    const name = 'rbacassessmentreport_role-name-hash_docs.yaml';
    // 16 checks: (False, CRITICAL) 1; passed: CRITICAL 5, HIGH 7, LOW 1, MEDIUM 2
    const read = readFixture(name);
    assert.deepEqual(
      countBy(read.findings, (f) => `${f.type} ${outcomeAndSeverity(f)}`),
      { 'rbac fail CRITICAL': 1 },
    );
    const f = read.findings[0]!;
    assert.equal(f.id, 'KSV041');
    // The label says namespace "default" on a report in kube-system (a hand-trimmed docs sample);
    // owner references cannot cross namespaces, so the report's namespace is the Role's.
    assert.deepEqual(f.resource, {
      kind: 'Role',
      name: 'system:controller:token-cleaner',
      namespace: 'kube-system',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    });
    const all = readFixture(name, { includePassed: true });
    assert.deepEqual(countBy(all.findings, outcomeAndSeverity), {
      'fail CRITICAL': 1,
      'pass CRITICAL': 5,
      'pass HIGH': 7,
      'pass LOW': 1,
      'pass MEDIUM': 2,
    });
    assert.ok(
      all.findings.every((x) => x.resource === all.findings[0]!.resource),
      'one resource object for the whole report',
    );
  });

  it('falls back to the owner reference when the name-hash label has no annotation', () => {
    // Starboard's ObjectRefToLabels (pkg/kube/object.go) writes only the hash label, no annotation.
    const [doc] = fixtureDocs('rbacassessmentreport_role-name-hash_docs.yaml');
    delete doc.metadata.annotations;
    const [f] = readEdited(doc).findings;
    assert.equal(f?.resource?.name, 'system:controller:token-cleaner');
  });

  it('takes the namespace from the report when the namespace label is missing (envtest)', () => {
    const read = readFixture('rbacassessmentreport_role-proxy_envtest-expected.yaml');
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 1);
    const f = read.findings[0]!;
    assert.deepEqual([f.id, f.severity, f.type], ['KSV113', 'MEDIUM', 'rbac']);
    assert.deepEqual(f.resource, {
      kind: 'Role',
      name: 'proxy',
      namespace: 'default',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    });
  });

  it('reads a ClusterRbacAssessmentReport about a ClusterRole without a namespace', () => {
    // The Cluster* kinds share the namespaced kind's report shape (CRD
    // crds/aquasecurity.github.io_clusterrbacassessmentreports.yaml); the sample is made cluster-scoped.
    const [doc] = fixtureDocs('rbacassessmentreport_role-proxy_envtest-expected.yaml');
    doc.kind = 'ClusterRbacAssessmentReport';
    delete doc.metadata.namespace;
    doc.metadata.labels['trivy-operator.resource.kind'] = 'ClusterRole';
    doc.metadata.labels['trivy-operator.resource.namespace'] = '';
    doc.metadata.ownerReferences[0].kind = 'ClusterRole';
    const [f] = readEdited(doc).findings;
    assert.deepEqual(f?.resource, {
      kind: 'ClusterRole',
      name: 'proxy',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    });
    assert.equal(f?.type, 'rbac');
    assert.equal(f?.origin.report?.kind, 'ClusterRbacAssessmentReport');
  });
});

describe('InfraAssessmentReport objects', () => {
  it('reads the failed KCV checks of the API server Pod', () => {
    const name = 'infraassessmentreport_pod-kube-apiserver_docs.yaml';
    // 43 checks: (False, LOW) 10, (False, MEDIUM) 1, (True, LOW) 32
    const read = readFixture(name);
    assert.deepEqual(
      countBy(read.findings, (f) => `${f.type} ${f.severity}`),
      { 'infra LOW': 10, 'infra MEDIUM': 1 },
    );
    const kcv1 = read.findings.find((f) => f.severity === 'MEDIUM')!;
    assert.equal(kcv1.id, 'KCV0001');
    assert.deepEqual(kcv1.aliases, ['KCV-0001', 'AVD-KCV-0001']);
    assert.deepEqual(kcv1.resource, {
      kind: 'Pod',
      name: 'kube-apiserver-minikube',
      namespace: 'kube-system',
      apiVersion: 'v1',
    });
    assert.equal(readFixture(name, { includePassed: true }).findings.length, 43);
  });

  it('leaves out a message when the check wrote only empty messages', () => {
    const { findings } = readFixture('infraassessmentreport_pod-kube-apiserver_docs.yaml', {
      includePassed: true,
    });
    const passed = findings.find((f) => f.id === 'KCV0047')!;
    assert.equal(passed.outcome, 'pass');
    assert.ok(!('message' in passed));
  });
});
