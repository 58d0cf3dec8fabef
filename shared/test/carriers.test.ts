import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { carriersIn, carriersOf } from '../src/insights/carriers.js';
import { ReportStore } from '../src/cluster/reportStore.js';
import { reportKindByName } from '../src/model/reportKinds.js';
import type { KubeObject } from '../src/ports/clusterSource.js';
import { readSourceText } from '../src/readers/readSource.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);
const VULN = { kind: reportKindByName('VulnerabilityReport')! };

function realStore(): ReportStore {
  const list = JSON.parse(
    readFileSync(new URL('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json', fixtures), 'utf8'),
  ) as { items: KubeObject[] };
  const store = new ReportStore({ batchMs: 1 });
  store.apply(VULN, { type: 'synced', objects: list.items, first: true });
  return store;
}

describe('carriers of an id', () => {
  it('finds every workload and image of the store that carries a CVE, in any spelling', () => {
    const store = realStore();
    // CVE-2019-18276 (bash) is in both reports of the real list: the Ubuntu pod's bash 5.0-6ubuntu1.1
    // (fixed in 5.0-6ubuntu1.2) and the nginx ReplicaSet's bash 5.0-4 (no fix), LOW in both.
    const c = carriersOf(store, 'cve-2019-18276');
    assert.equal(c.id, 'CVE-2019-18276');
    assert.deepEqual(c.spellings, ['CVE-2019-18276', 'cve-2019-18276']);
    assert.deepEqual([c.type, c.severity, c.findings, c.unattached], ['vulnerability', 'LOW', 2, 0]);
    assert.deepEqual(
      c.workloads.map((w) => [w.key, w.findings, w.images, w.packages]),
      [
        [
          'Pod/default/tt-reg',
          1,
          ['index.docker.io/josedonizetti/trivy:secrettest'],
          [{ name: 'bash', installedVersion: '5.0-6ubuntu1.1', fixedVersion: '5.0-6ubuntu1.2' }],
        ],
        [
          'ReplicaSet/default/nginx-deployment-559d658b74',
          1,
          ['index.docker.io/library/nginx:1.16.1'],
          [{ name: 'bash', installedVersion: '5.0-4' }],
        ],
      ],
    );
    assert.deepEqual(
      c.images.map((i) => [i.ref, i.workloads, i.findings]),
      [
        ['index.docker.io/josedonizetti/trivy:secrettest', 1, 1],
        ['index.docker.io/library/nginx:1.16.1', 1, 1],
      ],
    );
    // Nothing carries an id no report holds; the answer still names it.
    assert.deepEqual(carriersOf(store, 'CVE-2099-0001'), {
      id: 'CVE-2099-0001',
      spellings: ['CVE-2099-0001'],
      findings: 0,
      suppressed: 0,
      unattached: 0,
      workloads: [],
      images: [],
    });
    store.dispose();
  });

  it('finds the carriers of an offline read, workloads from the report', () => {
    const path = new URL('trivy/k8s_cluster_report-all_securecodebox.json', fixtures);
    const read = readSourceText(readFileSync(path, 'utf8'), path.pathname);
    // CVE-2022-1292 (libssl1.1) is in DaemonSets kube-proxy and kindnet, one finding each (Python over the file).
    const c = carriersIn(read.findings, 'CVE-2022-1292');
    assert.deepEqual(
      c.workloads.map((w) => [w.key, w.findings]),
      [
        ['DaemonSet/kube-system/kindnet', 1],
        ['DaemonSet/kube-system/kube-proxy', 1],
      ],
    );
    assert.deepEqual(
      c.images.map((i) => [i.ref, i.workloadKeys]),
      [
        ['index.docker.io/kindest/kindnetd:v20220510-4929dd75', ['DaemonSet/kube-system/kindnet']],
        ['k8s.gcr.io/kube-proxy:v1.24.0', ['DaemonSet/kube-system/kube-proxy']],
      ],
    );
    // A local image scan has no workload: its findings are counted apart, its image listed.
    const alpine = new URL('trivy/image_alpine-3.10_trivy-json.json', fixtures);
    const local = carriersIn(
      readSourceText(readFileSync(alpine, 'utf8'), alpine.pathname).findings,
      'CVE-2019-1549',
    );
    assert.deepEqual(
      [local.findings, local.unattached, local.workloads.length, local.images.length],
      [2, 2, 0, 1],
    );
  });

  it('counts suppressed findings apart and is plain data', () => {
    const store = realStore();
    const findings = [...store.findingsWithWorkloads()].map((x) =>
      x.finding.id === 'CVE-2019-18276' ? { ...x, finding: { ...x.finding, suppressed: true } } : x,
    );
    const c = carriersIn(findings, 'CVE-2019-18276');
    assert.deepEqual([c.findings, c.suppressed, c.workloads.map((w) => w.suppressed)], [2, 2, [1, 1]]);
    assert.deepEqual(structuredClone(c), c);
    assert.deepEqual(JSON.parse(JSON.stringify(c)), c);
    store.dispose();
  });
});
