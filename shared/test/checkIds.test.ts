import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalCheckId, checkJoinKey, isTrivyCheckId, isVulnerabilityId } from '../src/model/checkIds.js';

// The spellings below are the ones in test/fixtures: Trivy ≥0.69 JSON (config_helm-testchart:
// "ID": "KSV-0001", "Namespace": "builtin.kubernetes.KSV001"), Trivy Operator ConfigAuditReports
// ("checkID": "KSV001"), compliance reports ("AVD-KSV-0012"), Dockerfile checks ("DS-0002").
describe('check ids', () => {
  it('uses the Operator form as canonical for a v0.69 id with its namespace', () => {
    const c = canonicalCheckId({ id: 'KSV-0001', namespace: 'builtin.kubernetes.KSV001' });
    assert.equal(c.id, 'KSV001');
    assert.ok(c.aliases.includes('KSV-0001'));
    assert.ok(c.aliases.includes('AVD-KSV-0001'));
    assert.ok(c.aliases.includes('builtin.kubernetes.KSV001'));
  });

  it('keeps an old-style id and adds the AVD id as alias', () => {
    const c = canonicalCheckId({ id: 'KSV012', avdId: 'AVD-KSV-0012' });
    assert.equal(c.id, 'KSV012');
    assert.ok(c.aliases.includes('AVD-KSV-0012'));
    assert.ok(c.aliases.includes('KSV-0012'));
    assert.ok(!c.aliases.includes('KSV012'));
  });

  it('derives the Operator form when only the v0.69 id is known', () => {
    assert.equal(canonicalCheckId({ id: 'DS-0002' }).id, 'DS002');
    assert.equal(canonicalCheckId({ id: 'AVD-KSV-0012' }).id, 'KSV012');
    assert.equal(canonicalCheckId({ id: 'KCV-0001' }).id, 'KCV0001');
  });

  it('joins every spelling of one check', () => {
    const keys = ['KSV001', 'KSV-0001', 'AVD-KSV-0001', 'builtin.kubernetes.KSV001'].map(checkJoinKey);
    assert.equal(new Set(keys).size, 1);
    assert.notEqual(checkJoinKey('KSV001'), checkJoinKey('KSV011'));
  });

  it('passes policy names through unchanged', () => {
    const c = canonicalCheckId({ id: 'require-labels' });
    assert.deepEqual(c, { id: 'require-labels', aliases: [] });
  });

  it("gives vulnerability ids Trivy's spelling, the given one as alias, and one join key", () => {
    // Trivy and trivy-operator write `CVE-2021-3449`; GitHub advisories keep lower-case groups.
    assert.deepEqual(canonicalCheckId({ id: 'cve-2021-3449' }), {
      id: 'CVE-2021-3449',
      aliases: ['cve-2021-3449'],
    });
    assert.deepEqual(canonicalCheckId({ id: 'CVE-2021-3449' }), { id: 'CVE-2021-3449', aliases: [] });
    assert.equal(canonicalCheckId({ id: 'ghsa-JFH8-c2jp-5v3q' }).id, 'GHSA-jfh8-c2jp-5v3q');
    assert.equal(checkJoinKey(' cve-2021-3449'), checkJoinKey('CVE-2021-3449'));
    assert.notEqual(checkJoinKey('CVE-2021-3449'), checkJoinKey('CVE-2021-3450'));
    for (const id of [
      'DLA-3210-1',
      'RHSA-2021:1234',
      'GO-2022-0001',
      'RUSTSEC-2021-0001',
      'TEMP-0841856-B18BAF',
    ])
      assert.ok(isVulnerabilityId(id), id);
    for (const id of ['KSV001', 'KSV-0001', 'require-labels', 'CVE-21', 'api-server:anonymous-auth'])
      assert.ok(!isVulnerabilityId(id), id);
  });

  it('tells Trivy check ids from policy and rule names', () => {
    for (const id of [
      'KSV026',
      'KCV0013',
      'AVD-KSV-0012',
      'DS-0002',
      'AVD-AWS-0086',
      'builtin.kubernetes.KSV001',
    ])
      assert.ok(isTrivyCheckId(id), id);
    // A Kyverno rule may well be called R1; only Trivy's prefixes are check ids.
    for (const id of ['R1', 'host-namespaces', 'CVE-2021-3449', 'Unsafe sysctl options set'])
      assert.ok(!isTrivyCheckId(id), id);
  });
});
