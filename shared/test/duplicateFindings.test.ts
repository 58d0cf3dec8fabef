import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeDuplicateFindings } from '../src/model/duplicateFindings.js';
import { fixtureFolder } from './readerTestHelpers.js';

const reports = fixtureFolder('reports', 'variant.json');
const trivy = fixtureFolder('trivy', 'variant.json');

// clustercompliancereport_nsa-summary_docs.yaml and clustercompliancereport_nsa-all_docs.yaml are
// one report (ClusterComplianceReport nsa, uid d9991808-…) saved as summary and as detail: 27
// controls each, 12 failed (6 MEDIUM, 2 each LOW, HIGH, CRITICAL: reportObjects.test.ts).
const SUMMARY = 'clustercompliancereport_nsa-summary_docs.yaml';
const DETAIL = 'clustercompliancereport_nsa-all_docs.yaml';
// image_alpine-3.10 scanned to JSON and to SARIF: 4 vulnerabilities each (CVE-2019-1549 and
// CVE-2019-1551 in libcrypto1.1 and libssl1.1).
const JSON_SCAN = 'image_alpine-3.10_trivy-json.json';
const SARIF_SCAN = 'image_alpine-3.10_trivy-sarif.json';

describe('merging duplicate findings', () => {
  it('shows a compliance report saved as summary and as detail once, the detail kept, both places listed', () => {
    const summary = reports.readFixture(SUMMARY).findings;
    const detail = reports.readFixture(DETAIL).findings;
    assert.equal(summary.length, 12);
    assert.equal(detail.length, 12);
    const merged = mergeDuplicateFindings([summary, detail]);
    assert.equal(merged.length, 12);
    assert.deepEqual(
      merged.map((f) => f.id),
      summary.map((f) => f.id),
      'in the order first seen',
    );
    const first = merged[0]!;
    // The detail names the failing targets: it says more, so it is the copy kept.
    assert.equal(first.message, detail[0]!.message);
    assert.match(first.message!, /^8 failed checks: kube-system\//);
    assert.equal(first.origin.file, DETAIL);
    assert.deepEqual(
      first.alsoSeenIn?.map((o) => o.file),
      [SUMMARY],
    );
    assert.ok(merged.every((f) => f.alsoSeenIn?.length === 1));
  });

  it('shows an image scanned to JSON and to SARIF once, keeping what only the JSON has', () => {
    const json = trivy.readFixture(JSON_SCAN).findings;
    const sarif = trivy.readFixture(SARIF_SCAN).findings;
    assert.equal(json.length, 4);
    assert.equal(sarif.length, 4);
    // SARIF first: the fuller JSON copy is still the one kept.
    const merged = mergeDuplicateFindings([sarif, json]);
    assert.deepEqual(
      merged.map((f) => `${f.id} ${f.package?.name}`),
      [
        'CVE-2019-1549 libcrypto1.1',
        'CVE-2019-1551 libcrypto1.1',
        'CVE-2019-1549 libssl1.1',
        'CVE-2019-1551 libssl1.1',
      ],
    );
    for (const f of merged) {
      assert.equal(f.origin.format, 'trivy-json');
      assert.match(f.package!.purl!, /^pkg:apk\/alpine\//);
      assert.deepEqual(
        f.alsoSeenIn?.map((o) => o.format),
        ['sarif'],
      );
    }
  });

  it('merges the same report read from two files, and any spelling of an id', () => {
    const list = 'vulnerabilityreportlist_real-cluster_trivy-0.31.3.json';
    const a = reports.readFixture(list).findings;
    // The same List saved again, the ids as a person might retype them.
    const doc = reports.fixtureJson(list);
    for (const item of doc.items)
      for (const v of item.report.vulnerabilities) v.vulnerabilityID = v.vulnerabilityID.toLowerCase();
    const b = reports.readEdited(doc).findings;
    assert.equal(a.length, 398);
    assert.equal(mergeDuplicateFindings([a, b]).length, 398);
  });

  it('keeps findings of different workloads that run the same image apart', () => {
    // The docs VulnerabilityReport of ReplicaSet nginx-6d4cf56db6, and the same image's report for
    // another ReplicaSet: same artifact, ids and packages, different objects.
    const [doc] = reports.fixtureDocs('vulnerabilityreport_replicaset-nginx_docs.yaml');
    const one = reports.readEdited(doc).findings;
    doc.metadata.name = 'replicaset-api-7b9c5d6f8d-nginx';
    doc.metadata.labels['trivy-operator.resource.name'] = 'api-7b9c5d6f8d';
    delete doc.metadata.ownerReferences;
    const other = reports.readEdited(doc).findings;
    assert.equal(mergeDuplicateFindings([one, other]).length, one.length + other.length);
  });

  it('never merges within one source, and pairs the k-th copy of one source with the k-th of another', () => {
    const json = trivy.readFixture(JSON_SCAN).findings;
    const twice = [...json, ...json];
    assert.equal(mergeDuplicateFindings([twice]).length, 8);
    const merged = mergeDuplicateFindings([twice, json]);
    assert.equal(merged.length, 8);
    assert.equal(merged.filter((f) => f.alsoSeenIn).length, 4);
  });

  it('does not merge alike results about nothing in particular from different reports', () => {
    // The wg-policy CIS sample: three results with no resource; a second report of another node
    // holds the same three.
    const [doc] = reports.fixtureDocs('policyreport_cis-k8s_wgpolicy-sample.yaml');
    const one = reports.readEdited(doc).findings;
    doc.metadata.name = 'sample-cis-bench-api-server-2';
    const other = reports.readEdited(doc).findings;
    assert.equal(mergeDuplicateFindings([one, other]).length, 6);
  });

  it('stays linear when a source repeats one finding many times', { timeout: 60_000 }, () => {
    // Square work would be 10^10 steps here; the guard only stops a hang, it times nothing.
    const [f] = trivy.readFixture(JSON_SCAN).findings;
    const many = new Array(100_000).fill(f);
    const merged = mergeDuplicateFindings([many, many.slice(0, 3)]);
    assert.equal(merged.length, 100_000);
    assert.equal(merged.filter((x) => x.alsoSeenIn).length, 3);
  });
});
