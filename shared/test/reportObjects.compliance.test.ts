import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countBy, fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureDocs, readFixture, readEdited } = fixtureFolder('reports', 'variant.json');

const SUMMARY = 'clustercompliancereport_nsa-summary_docs.yaml';
const DETAIL = 'clustercompliancereport_nsa-all_docs.yaml';

// Counts from:
//   summary: python3 -c "import yaml,collections as c; cc=yaml.safe_load(open(F))['status']['summaryReport']['controlCheck'];
//     print(len(cc), c.Counter(x['severity'] for x in cc if x.get('totalFail',0)>0),
//           sum(1 for x in cc if 'totalFail' not in x), sum(1 for x in cc if x.get('totalFail')==0))"
//     → 27 controls; failing: MEDIUM 6, LOW 2, HIGH 2, CRITICAL 2 (12); 4 without totalFail (manual); 11 with 0
//   detail: python3 -c "import yaml,collections as c; rs=yaml.safe_load(open(F))['status']['detailReport']['results'];
//     f=[r for r in rs if any(k.get('success') is False for k in r['checks'])]; print(len(rs), len(f), c.Counter(r['severity'] for r in f))"
//     → 27 controls, 12 with a failed check: MEDIUM 6, LOW 2, HIGH 2, CRITICAL 2
// Both agree with status.totalCounts.failCount: 12.
const FAILING = { MEDIUM: 6, LOW: 2, HIGH: 2, CRITICAL: 2 };

describe('ClusterComplianceReport objects', () => {
  it('reads one finding per failing control from the summary form', () => {
    const read = readFixture(SUMMARY);
    assert.deepEqual(messages(read), []);
    assert.deepEqual(
      countBy(read.findings, (f) => f.severity),
      FAILING,
    );
    assert.ok(
      read.findings.every((f) => f.type === 'compliance' && f.outcome === 'fail' && f.resource === undefined),
    );
    const nonRoot = read.findings[0]!;
    assert.equal(nonRoot.id, 'nsa/1.0');
    assert.equal(nonRoot.title, 'Non-root containers');
    assert.equal(nonRoot.message, '8 failed checks');
    assert.equal(nonRoot.category, 'nsa');
    // The spec's check for control 1.0 is AVD-KSV-0012: its canonical id is the alias.
    assert.deepEqual(nonRoot.aliases, ['KSV012']);
    assert.deepEqual(nonRoot.origin, {
      tool: 'trivy-operator',
      format: 'report-object',
      report: {
        apiVersion: 'aquasecurity.github.io/v1alpha1',
        kind: 'ClusterComplianceReport',
        name: 'nsa',
        uid: 'd9991808-fb2f-4756-842f-8e9205e85b71',
      },
      toolVersion: '0.32.0',
      file: SUMMARY,
    });
  });

  it('reads the same failing controls from the detail form, naming the failing checks and their reports', () => {
    const detail = readFixture(DETAIL);
    assert.deepEqual(messages(detail), []);
    assert.deepEqual(
      countBy(detail.findings, (f) => f.severity),
      FAILING,
    );
    assert.deepEqual(
      detail.findings.map((f) => f.id),
      readFixture(SUMMARY).findings.map((f) => f.id),
    );
    const nonRoot = detail.findings[0]!;
    assert.deepEqual(nonRoot.aliases, ['KSV012']);
    assert.equal(
      nonRoot.message,
      '8 failed checks: kube-system/pod-etcd-kind-control-plane, kube-system/replicaset-coredns-558bd4d5db, ' +
        'kube-system/daemonset-kindnet, kube-system/pod-kube-apiserver-kind-control-plane, kube-system/daemonset-kube-proxy, ' +
        'kube-system/pod-kube-scheduler-kind-control-plane, local-path-storage/replicaset-local-path-provisioner-547f784dff, ' +
        'kube-system/pod-kube-controller-manager-kind-control-plane',
    );
    // Control 6.1 "encryption resource" fails on KCV check AVD-KCV-0029 (canonical KCV0029).
    assert.deepEqual(detail.findings.find((f) => f.id === 'nsa/6.1')?.aliases, ['KCV0029']);
  });

  it('reports manual controls as skip and passed ones as pass only when passes are asked for', () => {
    for (const name of [SUMMARY, DETAIL]) {
      const read = readFixture(name, { includePassed: true });
      assert.deepEqual(
        countBy(read.findings, (f) => f.outcome),
        { fail: 12, pass: 11, skip: 4 },
        name,
      );
      assert.deepEqual(
        read.findings.filter((f) => f.outcome === 'skip').map((f) => f.id),
        ['nsa/3.0', 'nsa/5.0', 'nsa/6.0', 'nsa/8.0'],
        name,
      );
    }
  });

  it('reads nothing, without a problem, from a report not scanned yet', () => {
    const [doc] = fixtureDocs(SUMMARY);
    delete doc.status;
    const read = readEdited(doc);
    assert.deepEqual([read.findings.length, messages(read)], [0, []]);
  });

  it('warns about a control without an id and a non-numeric totalFail', () => {
    const [doc] = fixtureDocs(SUMMARY);
    delete doc.status.summaryReport.controlCheck[0].id;
    doc.status.summaryReport.controlCheck[1].totalFail = 'seven';
    const read = readEdited(doc);
    assert.deepEqual(messages(read), [
      'warning: ClusterComplianceReport nsa: status.summaryReport.controlCheck[0]: has no control id; skipped',
      'warning: ClusterComplianceReport nsa: status.summaryReport.controlCheck[1].totalFail: is not a number',
    ]);
    assert.equal(read.findings.length, 10);
  });
});
