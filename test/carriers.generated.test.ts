// Carriers on a generated cluster: the check index gives what a scan of every finding gives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { carriersIn, carriersOf } from '../shared/src/insights/carriers.js';
import { ReportStore } from '../shared/src/cluster/reportStore.js';
import { reportKindByName } from '../shared/src/model/reportKinds.js';
import type { KubeObject } from '../shared/src/ports/clusterSource.js';
import { generateReports } from './doubles/fakeApiServer/generateReports.js';

const VULN = { kind: reportKindByName('VulnerabilityReport')! };
const CONFIG = { kind: reportKindByName('ConfigAuditReport')! };

describe('carriers of an id on a generated cluster', () => {
  it('gives from the check index exactly what a scan of every finding gives, for CVEs and checks', () => {
    // 60 generated workloads: real vulnerability lists and real config audit checks
    // (generateReports), one VulnerabilityReport and one ConfigAuditReport each.
    const cluster = generateReports(60, 7);
    const store = new ReportStore({ batchMs: 1 });
    store.apply(VULN, { type: 'synced', objects: cluster.vulnerabilityReports as KubeObject[], first: true });
    store.apply(CONFIG, { type: 'synced', objects: cluster.configAuditReports as KubeObject[], first: true });
    const all = [...store.findingsWithWorkloads()];
    // KSV001 in the spellings of Trivy ≥ 0.69 and of compliance specs; CVEs of both base images.
    for (const id of [
      'KSV-0001',
      'AVD-KSV-0012',
      'builtin.kubernetes.KSV011',
      'CVE-2019-18276',
      'CVE-2022-1292',
      'cve-2018-25009',
    ]) {
      const fromIndex = carriersOf(store, id);
      assert.deepEqual(fromIndex, carriersIn(all, id), id);
      assert.ok(fromIndex.findings > 0, `${id} is carried somewhere`);
    }
    // The check of a generated ConfigAuditReport is carried only where it failed (about 30 % pass).
    const ksv1 = carriersOf(store, 'KSV-0001');
    const failed = cluster.configAuditReports.filter((r) =>
      (r.report as { checks: { checkID: string; success: boolean }[] }).checks.some(
        (c) => c.checkID === 'KSV001' && !c.success,
      ),
    ).length;
    assert.equal(ksv1.workloads.length, failed);
    assert.equal(ksv1.id, 'KSV001');
    store.dispose();
  });
});
