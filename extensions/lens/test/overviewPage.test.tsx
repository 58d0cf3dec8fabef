import './jsdomGlobals.js';
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import React from 'react';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Disposable } from '../../../shared/src/model/disposable.js';
import { connectPanelSource } from '../src/panels/panelSource.js';
import TrivyFindingsRenderer from '../src/renderer.js';
import { installedExtension } from './installedExtension.js';
import { tableRows } from './panelQueries.js';
import { fixtureObjects, StorePanelSource } from './storePanelSource.js';

const connections: Disposable[] = [];
afterEach(() => {
  cleanup();
  for (const c of connections.splice(0)) c.dispose();
});

const extension = () => new TrivyFindingsRenderer(installedExtension());

function page(id: string) {
  const found = extension().clusterPages.find((p) => p.id === id);
  assert.ok(found, `a page ${id}`);
  return found.components.Page;
}

function connect(setUp: (source: StorePanelSource) => void): StorePanelSource {
  const source = new StorePanelSource();
  setUp(source);
  connections.push(connectPanelSource(source), { dispose: () => source.store.dispose() });
  return source;
}

const CLUSTER = [
  'vulnerabilityreport_replicaset-nginx_docs.yaml',
  'configauditreport_replicaset-nginx_docs.yaml',
  'exposedsecretreport_replicaset-app_docs.yaml',
  'rbacassessmentreport_role-proxy_envtest-expected.yaml',
  'clustercompliancereport_nsa-all_docs.yaml',
];

describe('the Trivy Findings pages of a cluster', () => {
  it('are reached from one sidebar group that opens onto them', () => {
    const { clusterPages, clusterPageMenus } = extension();
    const [group, ...children] = clusterPageMenus;
    assert.equal(group!.title, 'Trivy Findings');
    assert.equal(group!.parentId, undefined);
    assert.equal(group!.target, undefined, 'a group with children only expands in both hosts');
    assert.deepEqual(
      children.map((m) => [m.parentId, m.title, m.target?.pageId]),
      [
        [group!.id, 'Overview', 'overview'],
        [group!.id, 'Workloads by finding', 'carriers'],
      ],
    );
    assert.deepEqual(
      clusterPages.map((p) => p.id),
      ['overview', 'carriers'],
    );
    assert.equal(
      new Set(clusterPageMenus.map((m) => m.id)).size,
      clusterPageMenus.length,
      'unique ids (OpenLens 6.5)',
    );
  });

  it('have the extension’s icon (media/) in the sidebar', () => {
    const [menu] = extension().clusterPageMenus;
    const Icon = menu!.components.Icon;
    const { container } = render(<Icon />);
    const icon = readFileSync(new URL('../../../media/trivy-findings.svg', import.meta.url), 'utf8');
    assert.equal(container.querySelector('.Icon')?.getAttribute('data-svg'), icon);
  });

  it('say where the findings will be until the cluster store is connected', () => {
    const Overview = page('overview');
    render(<Overview />);
    screen.getByRole('heading', { name: 'Trivy Findings' });
    screen.getByText('The cluster’s findings appear here once the cluster store is connected.');
  });
});

describe('the overview page', () => {
  it('shows the totals by severity and report kind, and the worst workloads as links to their details', async () => {
    const source = connect((s) => {
      s.setStatuses();
      s.list(fixtureObjects(...CLUSTER));
    });
    await source.store.whenIdle();
    const Overview = page('overview');
    const { container } = render(<Overview />);
    const badges = [
      ...container.querySelectorAll('.TrivyFindingsOverview > .TrivyFindingsCounts .Badge'),
    ].map((b) => b.textContent);
    // 2 critical CVEs, 1 critical check, the compliance report's 2 critical failed controls.
    assert.deepEqual(badges, ['5 CRITICAL', '4 HIGH', '7 MEDIUM', '3 LOW']);
    assert.deepEqual(
      tableRows('TrivyFindingsKindCounts').map((r) => [r[0], r[2]]),
      [
        ['ClusterComplianceReport', '12'],
        ['VulnerabilityReport', '2'],
        ['ConfigAuditReport', '2'],
        ['ExposedSecretReport', '2'],
        ['RbacAssessmentReport', '1'],
      ],
    );
    const nginx = screen.getByText('Deployment default/nginx');
    assert.equal(
      nginx.getAttribute('href'),
      `?kube-details=${encodeURIComponent('/apis/apps/v1/namespaces/default/deployments/nginx')}&kube-selected=`,
    );
    fireEvent.click(nginx);
    assert.equal(
      new URLSearchParams(window.location.search).get('kube-details'),
      '/apis/apps/v1/namespaces/default/deployments/nginx',
      'the details pane of the Deployment is open',
    );
  });

  it('shows the compliance reports’ controls with their status', async () => {
    const source = connect((s) => {
      s.setStatuses();
      s.list(fixtureObjects(...CLUSTER));
    });
    await source.store.whenIdle();
    const Overview = page('overview');
    render(<Overview />);
    screen.getByRole('heading', { name: 'nsa' });
    const controls = tableRows('TrivyFindingsControls');
    assert.ok(controls.length > 0);
    assert.ok(controls.some((c) => c[3] === 'FAIL'));
  });

  it('lists every report kind’s state: watched, not installed, forbidden', async () => {
    const source = connect((s) => {
      s.setStatuses((kind) =>
        kind === 'PolicyReport'
          ? { state: 'not-installed' }
          : kind === 'ConfigAuditReport'
            ? { state: 'forbidden', message: 'configauditreports is forbidden' }
            : { state: 'ok' },
      );
      s.list(fixtureObjects(...CLUSTER));
    });
    await source.store.whenIdle();
    const Overview = page('overview');
    render(<Overview />);
    const rows = tableRows('TrivyFindingsStatuses');
    assert.deepEqual(rows[0], [
      'ConfigAuditReport',
      'all namespaces',
      'You may not list ConfigAuditReports in this cluster: configauditreports is forbidden',
    ]);
    assert.ok(
      rows.some(
        (r) =>
          r[0] === 'PolicyReport' &&
          r[2] ===
            'Kyverno (or another policy engine) is not installed in this cluster (no PolicyReport CRD).',
      ),
    );
    assert.ok(rows.some((r) => r[0] === 'VulnerabilityReport' && r[2] === 'watched'));
    screen.getByText('You may not list ConfigAuditReports in this cluster: configauditreports is forbidden', {
      selector: 'p',
    });
  });

  it('says nothing is installed rather than showing empty tables', async () => {
    connect((s) => s.setStatuses(() => ({ state: 'not-installed' })));
    const Overview = page('overview');
    render(<Overview />);
    screen.getByText(
      'Trivy Operator is not installed in this cluster (no VulnerabilityReport CRD). Kyverno (or another policy engine) is not installed in this cluster (no PolicyReport CRD).',
    );
    assert.equal(document.querySelector('.TrivyFindingsWorstWorkloads'), null);
  });

  it('changes when reports arrive', async () => {
    const source = connect((s) => s.setStatuses());
    const Overview = page('overview');
    render(<Overview />);
    screen.getByText('No findings counted in this cluster.');
    source.list(fixtureObjects('vulnerabilityreport_replicaset-nginx_docs.yaml'));
    await waitFor(() => screen.getByText('Deployment default/nginx'));
  });
});

describe('the Workloads by finding page', () => {
  it('lists the workloads that carry an id, in any spelling, most severe first', async () => {
    const source = connect((s) => {
      s.setStatuses();
      s.list(fixtureObjects(...CLUSTER, 'vulnerabilityreport_replicaset-coredns_envtest.yaml'));
    });
    await source.store.whenIdle();
    const Carriers = page('carriers');
    render(<Carriers />);
    screen.getByText(
      'Enter a vulnerability id or a check id, in any spelling (KSV001, KSV-0001, AVD-KSV-0001).',
    );
    const input = screen.getByLabelText('Vulnerability or check id');
    fireEvent.change(input, { target: { value: 'cve-2019-20367' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    screen.getByText('1 workload carries cve-2019-20367.');
    assert.deepEqual(tableRows('TrivyFindingsCarrierTable'), [
      ['Deployment default/nginx', 'CRITICAL', '1', 'library/nginx:1.16'],
    ]);
    fireEvent.change(input, { target: { value: 'CVE-0000-0000' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    screen.getByText('No workload carries CVE-0000-0000 in the reports read.');
  });
});
