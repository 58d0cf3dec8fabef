import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countBy, fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureDocs, readFixture, readEdited } = fixtureFolder('reports', 'variant.json');

const CHAINSAW = 'clusterpolicyreport_namespaces_kyverno-chainsaw.yaml';
const CIS = 'policyreport_cis-k8s_wgpolicy-sample.yaml';
const KYVERNO = 'policyreport_pod-kube-apiserver_kyverno-docs.yaml';
const VAP_LIST = 'policyreportlist_vap-deployments_kyverno-docs.yaml';

// Results per fixture, from
//   python3 -c "import yaml; ds=list(yaml.safe_load_all(open(F))); ds=[i for d in ds for i in (d['items'] if d.get('kind')=='List' else [d])];
//     print([[(r.get('policy'), r.get('rule'), r.get('result'), r.get('severity')) for r in d['results']] for d in ds])"
//   chainsaw: [[env-label fail, purpose-label pass], [env-label pass, purpose-label pass]]   (policy check-ns-labels, no severity)
//   cis:      [[anonymous-auth warn, basic-auth-file fail, token-auth-file warn]]             (no rule, no severity)
//   kyverno:  [[disallow-capabilities/adding-capabilities pass medium, disallow-host-namespaces/host-namespaces fail medium]]
//   vap list: [[check-deployment-replicas fail], [check-deployment-replicas pass]]

describe('PolicyReport objects (wgpolicyk8s.io v1alpha2)', () => {
  it('reads failed results of the two-document ClusterPolicyReport file, on the Namespace without a namespace', () => {
    const read = readFixture(CHAINSAW);
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 1);
    const f = read.findings[0]!;
    assert.equal(f.type, 'policy');
    assert.equal(f.id, 'check-ns-labels/require-ns-env-label');
    assert.equal(f.title, 'check-ns-labels/require-ns-env-label');
    assert.deepEqual(f.aliases, ['check-ns-labels']);
    assert.equal(f.severity, 'UNKNOWN');
    assert.match(f.message!, /^validation error: You must have label `environment`/);
    assert.deepEqual(f.resource, { kind: 'Namespace', name: 'good-ns-1', apiVersion: 'v1' });
    // A partial object (a test assertion): no name, so the origin names no report.
    assert.deepEqual(f.origin, {
      tool: 'kyverno',
      format: 'report-object',
      report: { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'ClusterPolicyReport', name: '' },
      file: CHAINSAW,
    });
    const all = readFixture(CHAINSAW, { includePassed: true });
    assert.deepEqual(
      countBy(all.findings, (x) => `${x.outcome} ${x.resource?.name}`),
      {
        'fail good-ns-1': 1,
        'pass good-ns-1': 1,
        'pass good-ns-2': 2,
      },
    );
  });

  it('reads warn as well as fail, with the category from properties and no resource when none is named', () => {
    const read = readFixture(CIS);
    assert.deepEqual(messages(read), []);
    assert.deepEqual(
      read.findings.map((f) => [f.id, f.outcome, f.category, f.resource]),
      [
        ['api-server:anonymous-auth', 'warn', 'API Server', undefined],
        ['api-server:basic-auth-file', 'fail', 'API Server', undefined],
        ['api-server:token-auth-file', 'warn', 'API Server', undefined],
      ],
    );
    assert.ok(read.findings.every((f) => f.origin.tool === 'policy-engine' && f.aliases.length === 0));
  });

  it('reads a Kyverno report on a Pod, with lower-case severities', () => {
    const read = readFixture(KYVERNO);
    assert.deepEqual(
      countBy(read.findings, (f) => `${f.outcome} ${f.severity}`),
      { 'fail MEDIUM': 1 },
    );
    const f = read.findings[0]!;
    assert.equal(f.id, 'disallow-host-namespaces/host-namespaces');
    assert.equal(f.category, 'Pod Security Standards (Baseline)');
    assert.deepEqual(f.resource, {
      kind: 'Pod',
      name: 'kube-apiserver-kind-control-plane',
      namespace: 'kube-system',
      apiVersion: 'v1',
    });
    assert.equal(f.origin.tool, 'kyverno');
    assert.deepEqual(
      countBy(readFixture(KYVERNO, { includePassed: true }).findings, (x) => x.outcome),
      { pass: 1, fail: 1 },
    );
  });

  it('reads a kubectl List of ValidatingAdmissionPolicy reports on Deployments', () => {
    const read = readFixture(VAP_LIST);
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 1);
    const f = read.findings[0]!;
    assert.equal(f.id, 'check-deployment-replicas');
    assert.equal(f.message, 'failed expression: object.spec.replicas <= 5');
    assert.deepEqual(f.resource, {
      kind: 'Deployment',
      name: 'deployment-3',
      namespace: 'staging-ns',
      apiVersion: 'apps/v1',
    });
    assert.equal(f.origin.tool, 'ValidatingAdmissionPolicy');
    assert.equal(readFixture(VAP_LIST, { includePassed: true }).findings.length, 2);
  });

  it('makes one finding per entry of results[].resources', () => {
    // v1alpha2 results[].resources is a list of object references (CRD crds/wgpolicyk8s.io_policyreports.yaml,
    // "Subjects is an optional reference to the checked Kubernetes resources"); the failed chainsaw
    // result is given two Namespaces and one entry that is not a reference.
    const [doc] = fixtureDocs(CHAINSAW);
    doc.results[0].resources = [
      { apiVersion: 'v1', kind: 'Namespace', name: 'team-a' },
      { apiVersion: 'v1', kind: 'Namespace', name: 'team-b' },
      { kind: 'Namespace' },
    ];
    const read = readEdited(doc);
    assert.deepEqual(
      read.findings.map((f) => f.resource),
      [
        { kind: 'Namespace', name: 'team-a', apiVersion: 'v1' },
        { kind: 'Namespace', name: 'team-b', apiVersion: 'v1' },
      ],
    );
    assert.equal(read.findings[0]!.origin, read.findings[1]!.origin);
    assert.deepEqual(messages(read), [
      'warning: ClusterPolicyReport (unnamed): results[0].resources[2]: is not an object reference with kind and name; skipped',
    ]);
  });

  it('counts a result without an outcome as a failure, and warns about an outcome it does not know', () => {
    // Old adapters wrote no result; the v1alpha2 CRD enum is pass|fail|warn|error|skip.
    const [doc] = fixtureDocs(KYVERNO);
    delete doc.results[0].result;
    doc.results[1].result = 'partial-pass';
    const read = readEdited(doc);
    assert.deepEqual(
      read.findings.map((f) => [f.id, f.outcome]),
      [
        ['disallow-capabilities/adding-capabilities', 'fail'],
        ['disallow-host-namespaces/host-namespaces', 'warn'],
      ],
    );
    assert.deepEqual(messages(read), [
      'warning: PolicyReport kube-system/487df031-11d8-4ab4-b089-dfc0db1e533e: results[1].result: unknown result "partial-pass"; read as "warn"',
    ]);
  });

  it('reads a result without a policy by its rule, with a warning, instead of dropping it', () => {
    // `policy` is required by the CRD, but writers leave it empty (the wg trivy-adapter wrote "").
    const [doc] = fixtureDocs(KYVERNO);
    doc.results[1].policy = '';
    const read = readEdited(doc);
    assert.deepEqual(
      read.findings.map((f) => [f.id, f.outcome]),
      [['host-namespaces', 'fail']],
    );
    assert.deepEqual(messages(read), [
      'warning: PolicyReport kube-system/487df031-11d8-4ab4-b089-dfc0db1e533e: results[1]: has no policy; read as "host-namespaces"',
    ]);
  });

  it('falls back to the owner reference when a report has no scope', () => {
    const [list] = fixtureDocs(VAP_LIST);
    const report = list.items[0];
    delete report.scope;
    const [f] = readEdited(report).findings;
    assert.deepEqual(f?.resource, {
      kind: 'Deployment',
      name: 'deployment-3',
      namespace: 'staging-ns',
      apiVersion: 'apps/v1',
    });
  });
});

describe('PolicyReport objects (wgpolicyk8s.io v1alpha1)', () => {
  it('reads the outcome from `status`, as v1alpha1 named it', () => {
    // wg-policy-prototypes policy-report/pkg/api/wgpolicyk8s.io/v1alpha1/policyreport_types.go
    // (commit 25056e1f) and its CRD policy-report/crd/v1alpha1/wgpolicyk8s.io_policyreports.yaml
    // (commit db68877a): PolicyReportResult has `status` (pass|fail|warn|error|skip) where v1alpha2
    // has `result`, `data` where v1alpha2 has `properties`, and neither `source` nor `timestamp`.
    // The real v1alpha2 Kyverno report is rewritten into that shape.
    const [doc] = fixtureDocs(KYVERNO);
    doc.apiVersion = 'wgpolicyk8s.io/v1alpha1';
    for (const r of doc.results) {
      r.status = r.result;
      delete r.result;
      delete r.source;
      delete r.timestamp;
    }
    const read = readEdited(doc);
    assert.deepEqual(messages(read), []);
    const v1alpha2 = readFixture(KYVERNO).findings;
    assert.deepEqual(
      read.findings.map((f) => [f.id, f.outcome, f.severity, f.resource]),
      v1alpha2.map((f) => [f.id, f.outcome, f.severity, f.resource]),
    );
    assert.equal(read.findings[0]!.origin.report?.apiVersion, 'wgpolicyk8s.io/v1alpha1');
    // No `source`: the tool comes from the managed-by label.
    assert.equal(read.findings[0]!.origin.tool, 'kyverno');
    assert.equal(readEdited(doc, { includePassed: true }).findings.length, 2);
  });
});

describe('Report / ClusterReport objects (openreports.io v1alpha1)', () => {
  it('reads the same result shape, with the source at report level', () => {
    // crds/openreports.io_reports.yaml: results[] has the v1alpha2 fields (result, policy, rule,
    // severity, resources…) and the report may carry `source` for all results ("Use this field if
    // all the results are produced by a single policy engine"). The real VAP report is rewritten.
    const [list] = fixtureDocs(VAP_LIST);
    const report = list.items[0];
    report.apiVersion = 'openreports.io/v1alpha1';
    report.kind = 'Report';
    report.source = report.results[0].source;
    delete report.results[0].source;
    const read = readEdited(report);
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 1);
    const f = read.findings[0]!;
    assert.equal(f.type, 'policy');
    assert.equal(f.origin.tool, 'ValidatingAdmissionPolicy');
    assert.deepEqual(f.origin.report?.kind, 'Report');
    assert.deepEqual(f.resource, {
      kind: 'Deployment',
      name: 'deployment-3',
      namespace: 'staging-ns',
      apiVersion: 'apps/v1',
    });
  });

  it('reads a ClusterReport about a Namespace', () => {
    // crds/openreports.io_clusterreports.yaml: the cluster-scoped twin with the same results.
    const [doc] = fixtureDocs(CHAINSAW);
    doc.apiVersion = 'openreports.io/v1alpha1';
    doc.kind = 'ClusterReport';
    const read = readEdited(doc, { includePassed: true });
    assert.deepEqual(
      countBy(read.findings, (f) => f.outcome),
      { fail: 1, pass: 1 },
    );
    assert.deepEqual(read.findings[0]!.resource, { kind: 'Namespace', name: 'good-ns-1', apiVersion: 'v1' });
  });
});
