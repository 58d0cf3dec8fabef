import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countBy, fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureDocs, readFixture, readEdited } = fixtureFolder('reports', 'variant.json');

const NAME = 'ciskubebenchreport_kind-control-plane_starboard-docs.yaml';

describe('Starboard CISKubeBenchReport objects', () => {
  it('has no findings in the docs sample, whose two listed results passed', () => {
    // python3 -c "import yaml; d=yaml.safe_load(open(F));
    //   print([r['status'] for s in d['report']['sections'] for t in s['tests'] for r in t['results']])" → ['PASS', 'PASS']
    const read = readFixture(NAME);
    assert.deepEqual([read.findings.length, messages(read)], [0, []]);
    const all = readFixture(NAME, { includePassed: true });
    assert.deepEqual(
      countBy(all.findings, (f) => `${f.type} ${f.outcome} ${f.severity}`),
      { 'infra pass UNKNOWN': 2 },
    );
  });

  it('reads a FAIL result as an infra finding on the Node, from the Starboard labels', () => {
    // kube-bench statuses are PASS, FAIL, WARN, INFO (starboard cis_kube_bench_types.go
    // CISKubeBenchResult.Status, from kube-bench's check states); the sample's first result is
    // turned into a failure and its second into a WARN.
    const [doc] = fixtureDocs(NAME);
    const results = doc.report.sections[0].tests[0].results;
    results[0].status = 'FAIL';
    results[1].status = 'WARN';
    const read = readEdited(doc);
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 1);
    const f = read.findings[0]!;
    assert.equal(f.type, 'infra');
    assert.equal(f.id, '1.1.1');
    assert.equal(
      f.title,
      'Ensure that the API server pod specification file permissions are set to 644 or more restrictive (Automated)',
    );
    assert.match(f.resolution!, /^Run the below command/);
    assert.equal(f.category, 'Master Node Configuration Files');
    assert.deepEqual(f.resource, { kind: 'Node', name: 'kind-control-plane', apiVersion: 'v1' });
    assert.deepEqual([f.origin.tool, f.origin.toolVersion], ['kube-bench', '0.5.0']);
    // WARN ("check by hand") is only shown with passes, as skip.
    const all = readEdited(doc, { includePassed: true });
    assert.deepEqual(
      countBy(all.findings, (x) => x.outcome),
      { fail: 1, skip: 1 },
    );
  });

  it('warns about a result with a status kube-bench does not write', () => {
    const [doc] = fixtureDocs(NAME);
    doc.report.sections[0].tests[0].results[1].status = 'BROKEN';
    const read = readEdited(doc);
    assert.deepEqual(messages(read), [
      'warning: CISKubeBenchReport kind-control-plane: report.sections[0].tests[0].results[1]: has unknown status "BROKEN"; skipped',
    ]);
  });
});
