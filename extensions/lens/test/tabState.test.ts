import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectRef } from '../../../shared/src/ports/clusterSource.js';
import { findingTabs, type FindingTab } from '../src/panels/findingTabs.js';
import type { KindStatusView } from '../src/panels/panelModel.js';
import { tabState, type TabStateInput } from '../src/panels/tabState.js';
import { allStatuses } from './panelFixtures.js';

const web: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
const tab = (label: string, kind = 'Deployment', namespaced = true): FindingTab =>
  findingTabs(kind, namespaced).find((t) => t.label === label)!;
const vulnerabilities = tab('Vulnerabilities');

function state(more: Partial<TabStateInput>) {
  return tabState({
    tab: vulnerabilities,
    object: web,
    findings: 0,
    reports: [],
    statuses: allStatuses(),
    loading: false,
    ...more,
  });
}

function withStatus(kind: string, status: KindStatusView['status'], namespace?: string): KindStatusView[] {
  return [
    ...allStatuses().filter((s) => s.kind !== kind),
    { kind, status },
    ...(namespace ? [{ kind, namespace, status: { state: 'ok' as const } }] : []),
  ];
}

describe('the state of a tab', () => {
  it('lists the findings when there are some', () => {
    assert.deepEqual(state({ findings: 3 }), { state: 'findings', notes: [] });
  });

  it('says it is loading until the watches listed once', () => {
    assert.deepEqual(state({ loading: true }), {
      state: 'loading',
      sentence: 'Loading VulnerabilityReports…',
    });
    assert.equal(state({ statuses: [] }).state, 'loading', 'no word from the watch yet');
  });

  it('never calls a workload without reports clean: not scanned yet', () => {
    assert.deepEqual(state({}), {
      state: 'not-scanned',
      sentence: 'Not scanned yet — Trivy Operator scans new workloads within minutes.',
    });
    assert.deepEqual(
      tabState({
        tab: tab('RBAC assessment', 'Role'),
        object: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          namespace: 'shop',
          name: 'reader',
        },
        findings: 0,
        reports: [],
        statuses: allStatuses(),
        loading: false,
      }),
      {
        state: 'not-scanned',
        sentence: 'Not scanned yet — Trivy Operator checks new Role objects within minutes.',
      },
    );
  });

  it('calls it clean when a report of the tab’s kind says so', () => {
    const report = {
      kind: 'VulnerabilityReport',
      name: 'replicaset-web-abc-nginx',
      namespace: 'shop',
      findings: 0,
    };
    assert.deepEqual(state({ reports: [report] }), {
      state: 'clean',
      sentence: 'No vulnerabilities in the last scan (1 report).',
    });
    const audit = { ...report, kind: 'ConfigAuditReport' };
    assert.equal(state({ reports: [audit] }).state, 'not-scanned', 'a report of another kind says nothing');
  });

  it('follows the coverage insight: scanning, or a scanner that wrote nothing', () => {
    assert.equal(state({ coverage: { state: 'scanning' } }).state, 'scanning');
    const secrets = tabState({
      tab: tab('Exposed secrets'),
      object: web,
      findings: 0,
      reports: [],
      statuses: allStatuses(),
      loading: false,
      coverage: { state: 'scanned' },
    });
    assert.equal(secrets.state, 'not-scanned');
    assert.match(
      'sentence' in secrets ? secrets.sentence : '',
      /^Trivy Operator wrote no ExposedSecretReport for this workload/,
    );
  });

  it('says Trivy Operator is not installed when its CRD is missing, without a 404', () => {
    assert.deepEqual(state({ statuses: withStatus('VulnerabilityReport', { state: 'not-installed' }) }), {
      state: 'not-installed',
      sentence: 'Trivy Operator is not installed in this cluster (no VulnerabilityReport CRD).',
    });
  });

  it('says no policy engine is installed when no policy report kind is served', () => {
    const statuses = allStatuses().map((s) =>
      ['PolicyReport', 'Report'].includes(s.kind) ? { ...s, status: { state: 'not-installed' as const } } : s,
    );
    const policy = tabState({
      tab: tab('Policy results'),
      object: web,
      findings: 0,
      reports: [],
      statuses,
      loading: false,
    });
    assert.deepEqual(policy, {
      state: 'not-installed',
      sentence: 'Kyverno (or another policy engine) is not installed in this cluster (no PolicyReport CRD).',
    });
    const served = tabState({
      tab: tab('Policy results'),
      object: web,
      findings: 0,
      reports: [],
      statuses: allStatuses(),
      loading: false,
    });
    assert.equal(served.state, 'no-results');
  });

  it('says who may not list what, with the server’s message', () => {
    const message =
      'vulnerabilityreports.aquasecurity.github.io is forbidden: User "dev" cannot list resource';
    assert.deepEqual(
      state({ statuses: withStatus('VulnerabilityReport', { state: 'forbidden', message }) }),
      {
        state: 'forbidden',
        sentence: `You may not list VulnerabilityReports in namespace shop: ${message}`,
      },
    );
  });

  it('takes the watch of the object’s namespace over a forbidden watch of all namespaces', () => {
    const statuses = withStatus('VulnerabilityReport', { state: 'forbidden', message: 'no' }, 'shop');
    assert.equal(state({ statuses }).state, 'not-scanned');
    assert.equal(state({ statuses, object: { ...web, namespace: 'other' } }).state, 'forbidden');
  });

  it('says when the credentials are rejected or the cluster cannot be read', () => {
    assert.deepEqual(
      state({
        statuses: withStatus('VulnerabilityReport', { state: 'unauthorized', message: 'token expired' }),
      }),
      {
        state: 'unauthorized',
        sentence:
          'The cluster rejects your credentials for VulnerabilityReports — log in again: token expired',
      },
    );
    assert.deepEqual(
      state({ statuses: withStatus('VulnerabilityReport', { state: 'unreachable', message: 'HTTP 503' }) }),
      {
        state: 'unreachable',
        sentence: 'Cannot read VulnerabilityReports from the cluster (retrying): HTTP 503',
      },
    );
  });

  it('keeps the findings held through a failure, and says they may be out of date', () => {
    assert.deepEqual(
      state({
        findings: 2,
        statuses: withStatus('VulnerabilityReport', { state: 'unreachable', message: 'HTTP 503' }),
      }),
      {
        state: 'findings',
        notes: ['Cannot read VulnerabilityReports from the cluster (retrying): HTTP 503'],
      },
    );
  });
});
