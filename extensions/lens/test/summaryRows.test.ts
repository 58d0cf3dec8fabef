import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { carrierRows } from '../src/panels/carrierRows.js';
import { complianceReports } from '../src/panels/complianceRows.js';
import { coverageCountsText, coverageNotice } from '../src/panels/coverageText.js';
import { workloadSelfLink } from '../src/panels/objectLinks.js';
import type { PackageUpgrade } from '../src/panels/panelModel.js';
import { scopeState } from '../src/panels/scopeState.js';
import { statusRows } from '../src/panels/statusRows.js';
import { upgradeLists, upgradeSentence } from '../src/panels/upgradeRows.js';
import { allStatuses, fixtureFindings } from './panelFixtures.js';

describe('compliance rows', () => {
  it('list a report’s controls by status, failed first, and count them', () => {
    const [report, ...others] = complianceReports(
      fixtureFindings('clustercompliancereport_nsa-all_docs.yaml', { includePassed: true }),
    );
    assert.equal(others.length, 0);
    assert.equal(report!.title, 'nsa');
    assert.equal(report!.failed + report!.passed + report!.manual, report!.controls.length);
    const statuses = report!.controls.map((c) => c.status);
    assert.deepEqual(
      statuses,
      [...statuses].sort(
        (a, b) => ['fail', 'manual', 'pass'].indexOf(a) - ['fail', 'manual', 'pass'].indexOf(b),
      ),
    );
    const first = report!.controls[0]!;
    assert.equal(first.status, 'fail');
    assert.ok(!first.id.startsWith('nsa/'), 'the control id within its spec');
  });

  it('read both forms of a report alike (summary and all)', () => {
    const summary = complianceReports(fixtureFindings('clustercompliancereport_nsa-summary_docs.yaml'));
    const all = complianceReports(fixtureFindings('clustercompliancereport_nsa-all_docs.yaml'));
    assert.deepEqual(
      summary[0]!.controls.map((c) => [c.id, c.status]),
      all[0]!.controls.map((c) => [c.id, c.status]),
    );
  });
});

describe('the state of a namespace or of the cluster', () => {
  it('counts, and says which watches fail over what it shows', () => {
    const statuses = [
      ...allStatuses().filter((s) => s.kind !== 'ConfigAuditReport'),
      { kind: 'ConfigAuditReport', status: { state: 'forbidden' as const, message: 'no' } },
    ];
    assert.deepEqual(scopeState({ loading: false, total: 3, statuses, namespace: 'shop' }), {
      state: 'findings',
      notes: ['You may not list ConfigAuditReports in namespace shop: no'],
    });
  });

  it('never says clean: nothing counted, loading, or nothing installed', () => {
    assert.deepEqual(scopeState({ loading: false, total: 0, statuses: allStatuses(), namespace: 'shop' }), {
      state: 'none',
      sentence: 'No findings counted in namespace shop.',
      notes: [],
    });
    assert.equal(scopeState({ loading: true, total: 0, statuses: allStatuses() }).state, 'loading');
    assert.deepEqual(
      scopeState({ loading: false, total: 0, statuses: allStatuses({ state: 'not-installed' }) }),
      {
        state: 'not-installed',
        sentence:
          'Trivy Operator is not installed in this cluster (no VulnerabilityReport CRD). ' +
          'Kyverno (or another policy engine) is not installed in this cluster (no PolicyReport CRD).',
        notes: [],
      },
    );
  });

  it('ignores a namespace’s forbidden all-namespace watch when the namespace’s own watch works', () => {
    const statuses = [
      ...allStatuses().filter((s) => s.kind !== 'VulnerabilityReport'),
      { kind: 'VulnerabilityReport', status: { state: 'forbidden' as const, message: 'no' } },
      { kind: 'VulnerabilityReport', namespace: 'shop', status: { state: 'ok' as const } },
    ];
    assert.deepEqual(scopeState({ loading: false, total: 1, statuses, namespace: 'shop' }).notes, []);
    assert.equal(scopeState({ loading: false, total: 1, statuses }).notes.length, 1, 'the cluster lists it');
  });
});

describe('status rows', () => {
  it('list the watches that need a person first, each with its sentence', () => {
    const rows = statusRows([
      { kind: 'VulnerabilityReport', status: { state: 'ok' } },
      { kind: 'PolicyReport', status: { state: 'not-installed' } },
      { kind: 'ConfigAuditReport', namespace: 'shop', status: { state: 'forbidden', message: 'denied' } },
      { kind: 'ClusterComplianceReport', status: { state: 'ok' } },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.scope, r.state]),
      [
        ['ConfigAuditReport', 'namespace shop', 'forbidden'],
        ['ClusterComplianceReport', 'cluster', 'ok'],
        ['VulnerabilityReport', 'all namespaces', 'ok'],
        ['PolicyReport', 'all namespaces', 'not-installed'],
      ],
    );
    assert.equal(rows[0]!.sentence, 'You may not list ConfigAuditReports in namespace shop: denied');
  });
});

describe('coverage', () => {
  it('counts workloads by state, never as clean', () => {
    assert.equal(
      coverageCountsText({ scanned: 40, scanning: 2, 'not-scanned': 3, stale: 1, unknown: 0 }),
      '46 workloads: 40 scanned, 2 scanning, 3 not scanned yet, 1 stale (older than the rescan interval).',
    );
    // A workload whose state cannot be told is counted apart, never as scanned.
    assert.equal(
      coverageCountsText({ scanned: 1, scanning: 0, 'not-scanned': 0, stale: 0, unknown: 2 }),
      '3 workloads: 1 scanned, 2 unknown (see below).',
    );
    assert.equal(
      coverageCountsText({ scanned: 0, scanning: 0, 'not-scanned': 0, stale: 0, unknown: 0 }),
      'No workloads found.',
    );
  });

  it('says over a workload’s tabs when its scan is not simply done', () => {
    assert.equal(coverageNotice({ state: 'scanned' }), undefined);
    assert.equal(coverageNotice(undefined), undefined);
    assert.match(
      coverageNotice({ state: 'stale', rescanInterval: '24h', updated: '2022-10-21T20:12:35Z' })!,
      /rescan interval \(24h\), written 2022-10-21T20:12:35Z/,
    );
  });
});

describe('upgrades', () => {
  const upgrade = (
    pkg: string,
    fixed: string | undefined,
    findings: number,
    critical: number,
  ): PackageUpgrade => ({
    package: pkg,
    installedVersion: '1.1.1k',
    ...(fixed ? { fixedVersion: fixed } : {}),
    findings,
    counts: { CRITICAL: critical, HIGH: findings - critical, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
    ids: [],
    images: ['library/nginx:1.21.6'],
  });

  it('put what an upgrade fixes apart from what nothing fixes yet, most severe first', () => {
    const lists = upgradeLists([
      upgrade('zlib', '1.2.12', 2, 0),
      upgrade('openssl', '1.1.1n', 14, 2),
      upgrade('libwebp6', undefined, 3, 1),
    ]);
    assert.deepEqual(
      lists.fixable.map((u) => u.package),
      ['openssl', 'zlib'],
    );
    assert.deepEqual(
      lists.unfixable.map((u) => u.package),
      ['libwebp6'],
    );
  });

  it('say an upgrade as a sentence', () => {
    assert.equal(
      upgradeSentence(upgrade('openssl', '1.1.1n', 14, 2)),
      'openssl 1.1.1k → 1.1.1n clears 14 findings',
    );
    assert.equal(
      upgradeSentence(upgrade('libwebp6', undefined, 1, 1)),
      'libwebp6 1.1.1k: 1 finding, no fixed version yet',
    );
  });
});

describe('links to workloads', () => {
  it('are the API paths the hosts open details by', () => {
    assert.equal(
      workloadSelfLink({ kind: 'Deployment', namespace: 'shop', name: 'web' }),
      '/apis/apps/v1/namespaces/shop/deployments/web',
    );
    assert.equal(
      workloadSelfLink({ kind: 'Pod', namespace: 'shop', name: 'web-1' }),
      '/api/v1/namespaces/shop/pods/web-1',
    );
    assert.equal(workloadSelfLink({ kind: 'Rollout', namespace: 'shop', name: 'web' }), undefined);
  });

  it('order the carriers of an id most severe first, then by findings', () => {
    const w = (name: string) => ({ kind: 'Deployment', namespace: 'shop', name, inferred: false });
    const rows = carrierRows([
      { workload: w('a'), findings: 1, severity: 'HIGH', images: [] },
      { workload: w('b'), findings: 3, severity: 'HIGH', images: [] },
      { workload: w('c'), findings: 1, severity: 'CRITICAL', images: [] },
    ]);
    assert.deepEqual(
      rows.map((r) => r.key),
      ['Deployment/shop/c', 'Deployment/shop/b', 'Deployment/shop/a'],
    );
  });
});
