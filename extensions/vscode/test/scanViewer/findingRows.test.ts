import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingDetails } from '../../src/scanViewer/findingRows.js';
import { CLUSTER_DUMP, FIXTURES, viewerRead } from './scanViewerFixtures.js';

describe('rows and details of the viewer', () => {
  it('flattens a VulnerabilityReport finding of a kubectl dump into a row with its workload', () => {
    const { rows } = viewerRead(CLUSTER_DUMP);
    assert.deepEqual(rows[0], {
      index: 0,
      severity: 'LOW',
      type: 'vulnerability',
      id: 'CVE-2019-18276',
      title: 'bash: when effective UID is not equal to its real UID the saved UID is not dropped',
      pkg: 'bash',
      installed: '5.0-6ubuntu1.1',
      fixed: '5.0-6ubuntu1.2',
      workload: 'Pod/default/tt-reg',
      // The entry of the Upgrades list it counts under: the upgrade of bash 5.0-6ubuntu1.1.
      upgrade: 'fix:bash\u00005.0-6ubuntu1.1\u0000\u0000',
      hidden: false,
      outcome: 'fail',
    });
    assert.deepEqual(
      rows.map((r) => r.index),
      rows.map((_, i) => i),
    );
  });

  it('gives a Deployment’s ReplicaSet findings the Deployment as workload', () => {
    const { rows } = viewerRead(CLUSTER_DUMP);
    assert.equal(rows.filter((r) => r.workload === 'Deployment/default/nginx-deployment').length, 310);
  });

  it('writes a local misconfiguration’s location as path:lines, with no workload: it is about a file', () => {
    const { rows } = viewerRead(join(FIXTURES, 'trivy', 'config_helm-testchart_trivy-json.json'));
    const ksv001 = rows.find((r) => r.id === 'KSV001');
    assert.equal(ksv001?.location, 'templates/deployment.yaml:28-57');
    assert.equal(ksv001?.workload, undefined);
  });

  it('details a finding as plain data: what survives postMessage is all of it', () => {
    const { read, workloadOf } = viewerRead(CLUSTER_DUMP);
    const finding = read.findings[0]!;
    const details = findingDetails(finding, 0, workloadOf(finding));
    assert.deepEqual(structuredClone(details), details);
    assert.deepEqual(JSON.parse(JSON.stringify(details)), details);
    assert.equal(details.references[0], 'https://avd.aquasec.com/nvd/cve-2019-18276');
    assert.equal(new Set(details.references).size, details.references.length);
    assert.deepEqual(details.package, { name: 'bash', installed: '5.0-6ubuntu1.1', fixed: '5.0-6ubuntu1.2' });
    assert.deepEqual(details.workload, { key: 'Pod/default/tt-reg', inferred: false });
    assert.equal(details.resource, 'Pod/default/tt-reg (container test)');
    assert.equal(
      details.origin,
      `trivy 0.31.3, VulnerabilityReport default/pod-tt-reg-test, ${CLUSTER_DUMP}`,
    );
  });
});
