import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_POLICY_QUERY,
  policyAndRule,
  policyFilterOptions,
  policyRows,
} from '../src/panels/policyRows.js';
import { fixtureFindings } from './panelFixtures.js';

// Kyverno's result for a Pod, a ValidatingAdmissionPolicy's for Deployments, the wg-policy CIS sample.
const findings = [
  ...fixtureFindings('policyreport_pod-kube-apiserver_kyverno-docs.yaml', { includePassed: true }),
  ...fixtureFindings('policyreportlist_vap-deployments_kyverno-docs.yaml', { includePassed: true }),
  ...fixtureFindings('policyreport_cis-k8s_wgpolicy-sample.yaml', { includePassed: true }),
];

describe('policy result rows', () => {
  it('split the policy from its rule as the reader names them', () => {
    const kyverno = findings.find((f) => f.id === 'disallow-host-namespaces/host-namespaces')!;
    assert.deepEqual(policyAndRule(kyverno), { policy: 'disallow-host-namespaces', rule: 'host-namespaces' });
    const vap = findings.find((f) => f.id === 'check-deployment-replicas')!;
    assert.deepEqual(policyAndRule(vap), { policy: 'check-deployment-replicas', rule: '' });
  });

  it('list every result with its source, failures first', () => {
    const rows = policyRows(findings, DEFAULT_POLICY_QUERY);
    assert.equal(rows.length, findings.length);
    assert.deepEqual(
      [...new Set(rows.map((r) => r.result))],
      ['fail', 'warn', 'pass'],
      'in policy-reporter’s order of gravity',
    );
    const failed = rows.find((r) => r.policy === 'disallow-host-namespaces')!;
    assert.equal(failed.source, 'kyverno');
    assert.equal(failed.category, 'Pod Security Standards (Baseline)');
    assert.match(failed.message!, /^validation error: Sharing the host namespaces is disallowed/);
  });

  it('offer the filters policy-reporter has, with the values present', () => {
    assert.deepEqual(policyFilterOptions(findings), {
      results: ['fail', 'warn', 'pass'],
      severities: ['MEDIUM', 'UNKNOWN'],
      categories: ['API Server', 'Pod Security Standards (Baseline)'],
      sources: ['kyverno', 'policy-engine', 'ValidatingAdmissionPolicy'],
    });
  });

  it('filter by result, severity, category and source together', () => {
    const rows = policyRows(findings, { ...DEFAULT_POLICY_QUERY, result: 'fail', source: 'kyverno' });
    assert.deepEqual(
      rows.map((r) => `${r.policy}/${r.rule}`),
      ['disallow-host-namespaces/host-namespaces'],
    );
    assert.deepEqual(
      policyRows(findings, { ...DEFAULT_POLICY_QUERY, category: 'API Server', result: 'warn' }).map(
        (r) => r.policy,
      ),
      ['api-server:anonymous-auth', 'api-server:token-auth-file'],
    );
    assert.equal(
      policyRows(findings, { ...DEFAULT_POLICY_QUERY, severity: 'MEDIUM' }).length,
      findings.filter((f) => f.severity === 'MEDIUM').length,
    );
  });
});
