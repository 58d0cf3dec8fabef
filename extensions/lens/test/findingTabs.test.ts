import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingTabs, tabFindingCount } from '../src/panels/findingTabs.js';
import { fixtureFindings } from './panelFixtures.js';

const tabsOf = (kind: string, namespaced: boolean) => findingTabs(kind, namespaced).map((t) => t.label);
const kindsOf = (kind: string, namespaced: boolean, label: string) =>
  findingTabs(kind, namespaced)
    .find((t) => t.label === label)
    ?.reportKinds.map((k) => k.kind);

describe('the tabs of a Security findings section, from the core’s report kind table', () => {
  it('give a Deployment what Trivy Operator writes about its ReplicaSets, and policy results', () => {
    assert.deepEqual(tabsOf('Deployment', true), [
      'Vulnerabilities',
      'Config audit',
      'Exposed secrets',
      'Policy results',
    ]);
    assert.deepEqual(kindsOf('Deployment', true, 'Vulnerabilities'), ['VulnerabilityReport']);
    assert.deepEqual(kindsOf('Deployment', true, 'Policy results'), ['PolicyReport', 'Report']);
  });

  it('give a Pod its infra assessment besides (control-plane Pods are assessed)', () => {
    assert.deepEqual(tabsOf('Pod', true), [
      'Vulnerabilities',
      'Config audit',
      'Exposed secrets',
      'Infra assessment',
      'Policy results',
    ]);
  });

  it('give a Node its cluster vulnerability, config audit and infra reports, legacy kube-bench included', () => {
    assert.deepEqual(tabsOf('Node', false), [
      'Vulnerabilities',
      'Config audit',
      'Infra assessment',
      'Policy results',
    ]);
    assert.deepEqual(kindsOf('Node', false, 'Vulnerabilities'), ['ClusterVulnerabilityReport']);
    assert.deepEqual(kindsOf('Node', false, 'Infra assessment'), [
      'ClusterInfraAssessmentReport',
      'CISKubeBenchReport',
    ]);
    assert.deepEqual(kindsOf('Node', false, 'Policy results'), ['ClusterPolicyReport', 'ClusterReport']);
  });

  it('give roles their RBAC assessment, from the kind of their scope', () => {
    assert.deepEqual(tabsOf('Role', true), ['Config audit', 'RBAC assessment', 'Policy results']);
    assert.deepEqual(kindsOf('Role', true, 'RBAC assessment'), ['RbacAssessmentReport']);
    assert.deepEqual(kindsOf('ClusterRole', false, 'RBAC assessment'), ['ClusterRbacAssessmentReport']);
    assert.deepEqual(kindsOf('ClusterRole', false, 'Config audit'), ['ClusterConfigAuditReport']);
  });

  it('give the other audited kinds their config audit', () => {
    for (const kind of ['Service', 'ConfigMap', 'Ingress', 'NetworkPolicy', 'ResourceQuota', 'LimitRange'])
      assert.deepEqual(tabsOf(kind, true), ['Config audit', 'Policy results'], kind);
    assert.deepEqual(tabsOf('Namespace', false), ['Config audit', 'Policy results']);
  });

  it('add a tab for a type of finding given that the table does not expect, so nothing is hidden', () => {
    const infra = fixtureFindings('policyreport_pod-kube-apiserver_polr-adapter-infra.yaml');
    assert.equal(infra[0]!.type, 'infra');
    assert.deepEqual(
      findingTabs('Service', true, infra).map((t) => t.label),
      ['Config audit', 'Infra assessment', 'Policy results'],
    );
  });

  it('count what a tab lists: failures, and policy passes too', () => {
    const audit = fixtureFindings('configauditreport_replicaset-nginx_docs.yaml', { includePassed: true });
    assert.equal(audit.length, 5);
    assert.equal(tabFindingCount(audit, 'misconfiguration'), 2, 'the 2 failed checks');
    const policy = fixtureFindings('policyreport_pod-kube-apiserver_kyverno-docs.yaml', {
      includePassed: true,
    });
    assert.equal(tabFindingCount(policy, 'policy'), policy.length);
    assert.ok(policy.some((f) => f.outcome === 'pass'));
  });
});
