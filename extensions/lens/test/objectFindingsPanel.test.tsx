import './jsdomGlobals.js';
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ObjectRef } from '../../../shared/src/ports/clusterSource.js';
import { ObjectFindingsPanel } from '../src/panels/objectFindingsPanel.js';
import type { ObjectPanelData } from '../src/panels/panelModel.js';
import {
  allStatuses,
  editedFixtureFindings,
  fixtureFindings,
  generatedWorkloadFindings,
  objectData,
} from './panelFixtures.js';
import { choose, openTab, search, tableHeadings, tableRows } from './panelQueries.js';

afterEach(cleanup);

const nginx: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'nginx' };

// The reports Trivy Operator's documentation shows for an nginx ReplicaSet, an exposed secret, and
// Kyverno's results: what a workload's section is given, as the plumbing gives it.
const vulnerabilities = fixtureFindings('vulnerabilityreport_replicaset-nginx_docs.yaml');
const audit = fixtureFindings('configauditreport_pod-my-pod_envtest-expected.yaml');
const secrets = fixtureFindings('exposedsecretreport_replicaset-app_docs.yaml');
const policies = [
  ...fixtureFindings('policyreport_pod-kube-apiserver_kyverno-docs.yaml', { includePassed: true }),
  ...fixtureFindings('policyreportlist_vap-deployments_kyverno-docs.yaml', { includePassed: true }),
];
const workload = [...vulnerabilities, ...audit, ...secrets, ...policies];

function renderPanel(data: ObjectPanelData, object = nginx) {
  return render(<ObjectFindingsPanel object={object} data={data} />);
}

const VULNERABILITY_TABLE = 'TrivyFindingsVulnerabilityTable';

describe('the Security findings section of a workload', () => {
  it('shows its totals by severity and one tab per kind of finding, with counts', () => {
    const { container } = renderPanel(objectData(workload));
    const badges = [...container.querySelectorAll('.TrivyFindingsTotals .Badge')].map((b) => b.textContent);
    // 2 critical CVEs, the audit's 1 high and 3 medium and 9 low checks, 2 high secrets, 2 failed policies.
    assert.deepEqual(badges, ['2 CRITICAL', '3 HIGH', '4 MEDIUM', '9 LOW', '1 UNKNOWN']);
    assert.deepEqual(
      screen.getAllByRole('tab').map((t) => t.textContent),
      ['Vulnerabilities (2)', 'Config audit (13)', 'Exposed secrets (2)', 'Policy results (4)'],
    );
  });

  it('lists vulnerabilities per container image: package, installed → fixed, score, link', () => {
    renderPanel(objectData(workload));
    screen.getByText('library/nginx:1.16 (container nginx)');
    assert.deepEqual(tableHeadings(VULNERABILITY_TABLE), [
      'Severity ▼',
      'ID',
      'Package',
      'Installed',
      'Fixed in',
      'Score',
      'Title',
    ]);
    assert.deepEqual(tableRows(VULNERABILITY_TABLE), [
      ['CRITICAL', 'CVE-2019-20367', 'libbsd0', '0.9.1-2', '0.9.1-2+deb10u1', '9.1', 'CVE-2019-20367'],
      [
        'CRITICAL',
        'CVE-2018-25009',
        'libwebp6',
        '0.6.1-2',
        'no fix yet',
        '9.1',
        'libwebp: out-of-bounds read in WebPMuxCreateInternal',
      ],
    ]);
    const link = screen.getByText('CVE-2018-25009').closest('a')!;
    assert.equal(link.getAttribute('href'), 'https://avd.aquasec.com/nvd/cve-2018-25009');
    assert.equal(link.getAttribute('target'), '_blank');
  });

  it('sorts by a column when its heading is clicked, and back', () => {
    renderPanel(objectData(fixtureFindings('vulnerabilityreportlist_real-cluster_trivy-0.31.3.json')));
    const ids = () => tableRows(VULNERABILITY_TABLE).map((r) => r[1]);
    const packages = () => tableRows(VULNERABILITY_TABLE).map((r) => r[2]!);
    fireEvent.click(screen.getAllByRole('button', { name: 'Package' })[0]!);
    const ascending = packages();
    assert.deepEqual(
      ascending.slice(0, 100),
      [...ascending]
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }))
        .slice(0, 100),
    );
    fireEvent.click(screen.getAllByRole('button', { name: 'Package ▲' })[0]!);
    assert.notDeepEqual(packages(), ascending, 'descending now');
    const before = ids();
    fireEvent.click(screen.getAllByRole('button', { name: 'Score' })[0]!);
    assert.notDeepEqual(ids(), before);
  });

  it('filters by severity, fixable only and text', () => {
    renderPanel(objectData(fixtureFindings('vulnerabilityreportlist_real-cluster_trivy-0.31.3.json')));
    choose('Severity', 'CRITICAL');
    const critical = tableRows(VULNERABILITY_TABLE);
    assert.ok(critical.length > 0 && critical.every((r) => r[0] === 'CRITICAL'));
    fireEvent.click(screen.getByLabelText('Fixable only'));
    const fixable = tableRows(VULNERABILITY_TABLE);
    assert.ok(fixable.length < critical.length && fixable.every((r) => r[4] !== 'no fix yet'));
    choose('Severity', 'All severities');
    search('Search vulnerabilities', 'CVE-2022-1292');
    assert.deepEqual([...new Set(tableRows(VULNERABILITY_TABLE).map((r) => r[1]))], ['CVE-2022-1292']);
    search('Search vulnerabilities', 'no-such-thing');
    screen.getByText('No vulnerabilities match these filters.');
  });

  it('shows the failed checks of the config audit with their remediation', () => {
    renderPanel(objectData(workload));
    openTab('Config audit');
    const rows = tableRows('TrivyFindingsCheckTable');
    assert.equal(rows.length, 13);
    const ksv001 = rows.find((r) => r[1] === 'KSV001')!;
    assert.equal(ksv001[0], 'MEDIUM');
    assert.equal(ksv001[2], 'Can elevate its own privileges');
    assert.match(ksv001[4]!, /allowPrivilegeEscalation/);
  });

  it('shows exposed secrets as the scanner masked them', () => {
    renderPanel(objectData(workload));
    openTab('Exposed secrets');
    assert.deepEqual(
      tableRows('TrivyFindingsSecretTable').map((r) => r[4]),
      ['publishable_key: *****', 'secret_key: *****'],
    );
  });

  it('shows policy results with policy-reporter’s filters', () => {
    renderPanel(objectData(workload));
    openTab('Policy results');
    assert.equal(tableRows('TrivyFindingsPolicyTable').length, 4);
    choose('Result', 'fail');
    assert.deepEqual(
      tableRows('TrivyFindingsPolicyTable').map((r) => [r[0], r[1], r[2], r[5]]),
      [
        ['check-deployment-replicas', '', 'fail', 'ValidatingAdmissionPolicy'],
        ['disallow-host-namespaces', 'host-namespaces', 'fail', 'kyverno'],
      ],
    );
    choose('Source', 'kyverno');
    assert.equal(tableRows('TrivyFindingsPolicyTable').length, 1);
    choose('Result', 'All results');
    choose('Category', 'Pod Security Standards (Baseline)');
    assert.ok(
      tableRows('TrivyFindingsPolicyTable').every((r) => r[4] === 'Pod Security Standards (Baseline)'),
    );
  });

  it('says what each empty tab means: not scanned, clean, not installed, forbidden, loading', () => {
    const { rerender } = renderPanel(objectData(audit));
    openTab('Vulnerabilities');
    screen.getByText('Not scanned yet — Trivy Operator scans new workloads within minutes.');
    const cleanReport = {
      kind: 'VulnerabilityReport',
      name: 'replicaset-nginx-6d4cf56db6-nginx',
      namespace: 'default',
      findings: 0,
    };
    rerender(<ObjectFindingsPanel object={nginx} data={{ ...objectData(audit), reports: [cleanReport] }} />);
    screen.getByText('No vulnerabilities in the last scan (1 report).');
    rerender(
      <ObjectFindingsPanel
        object={nginx}
        data={objectData(audit, {
          statuses: allStatuses().map((s) =>
            s.kind === 'VulnerabilityReport' ? { ...s, status: { state: 'not-installed' } } : s,
          ),
        })}
      />,
    );
    screen.getByText('Trivy Operator is not installed in this cluster (no VulnerabilityReport CRD).');
    const message =
      'vulnerabilityreports.aquasecurity.github.io is forbidden: User "dev" cannot list resource "vulnerabilityreports" in API group "aquasecurity.github.io" in the namespace "default"';
    rerender(
      <ObjectFindingsPanel
        object={nginx}
        data={objectData(audit, {
          statuses: allStatuses().map((s) =>
            s.kind === 'VulnerabilityReport' ? { ...s, status: { state: 'forbidden', message } } : s,
          ),
        })}
      />,
    );
    screen.getByText(`You may not list VulnerabilityReports in namespace default: ${message}`);
    rerender(<ObjectFindingsPanel object={nginx} data={objectData([], { loading: true, reports: [] })} />);
    const loading = screen.getByText('Loading VulnerabilityReports…');
    assert.ok(loading.parentElement!.querySelector('.Spinner'), 'with the host’s spinner');
    assert.equal(document.querySelector('.TableRow'), null, 'never an empty table');
  });

  it('says when the workload is not scanned yet, scanning or stale, from the coverage insight', () => {
    const { rerender } = renderPanel(
      objectData(vulnerabilities, { coverage: { state: 'stale', rescanInterval: '24h' } }),
    );
    screen.getByText(
      'These reports are older than Trivy Operator’s rescan interval (24h): they may be out of date. Rescan to refresh them.',
    );
    rerender(
      <ObjectFindingsPanel object={nginx} data={objectData([], { coverage: { state: 'scanning' } })} />,
    );
    assert.equal(
      screen.getAllByText(/^Scanning — Trivy Operator is scanning this workload/).length,
      2,
      'over the tabs and in the tab',
    );
  });

  it('changes on screen when the reports change in the cluster (new props)', () => {
    const { rerender } = renderPanel(objectData(vulnerabilities));
    assert.equal(tableRows(VULNERABILITY_TABLE).length, 2);
    const rescanned = fixtureFindings('vulnerabilityreport_replicaset-coredns_envtest.yaml');
    rerender(<ObjectFindingsPanel object={nginx} data={objectData([...vulnerabilities, ...rescanned])} />);
    assert.equal(tableRows(VULNERABILITY_TABLE).length, 3);
    screen.getByText(rescanned[0]!.id);
    screen.getByRole('tab', { name: 'Vulnerabilities (3)' });
    rerender(<ObjectFindingsPanel object={nginx} data={objectData(rescanned)} />);
    assert.equal(screen.queryByText('CVE-2018-25009'), null, 'a deleted report’s rows are gone');
  });

  it('shows report text as text, never as markup', () => {
    const payload = '<img src=x onerror=alert(1)>';
    const hostileVulns = editedFixtureFindings('vulnerabilityreport_replicaset-nginx_docs.yaml', (r) => {
      const report = r.report as { vulnerabilities: Array<Record<string, unknown>> };
      for (const v of report.vulnerabilities) {
        v.title = payload;
        v.resource = payload;
      }
    });
    const hostileChecks = editedFixtureFindings('configauditreport_pod-my-pod_envtest-expected.yaml', (r) => {
      const report = r.report as { checks: Array<Record<string, unknown>> };
      for (const c of report.checks) {
        c.messages = [payload];
        c.remediation = payload;
      }
    });
    const { container } = renderPanel(objectData([...hostileVulns, ...hostileChecks]));
    assert.ok(screen.getAllByText(payload).length >= 2, 'the title, as text');
    assert.ok(screen.getAllByText(payload).length > 0);
    openTab('Config audit');
    assert.ok(screen.getAllByText(payload).length >= 2, 'message and remediation, as text');
    assert.equal(container.querySelector('img'), null);
  });

  it('shows a page of a long table at a time', () => {
    const many = generatedWorkloadFindings(2000);
    renderPanel(objectData(many));
    assert.equal(
      document.querySelectorAll(`.${VULNERABILITY_TABLE} .TableRow`).length,
      50,
      'the first 50 rows',
    );
    // One image's table is rendered; the other images are a line each, their tables on request.
    assert.equal(document.querySelectorAll(`.${VULNERABILITY_TABLE}`).length, 1);
    const folded = [...document.querySelectorAll('.TrivyFindingsFoldedImage')];
    assert.ok(folded.length > 0);
    assert.match(
      folded[0]!.textContent ?? '',
      /^\S+ \(container \S+\): \d+ vulnerabilities \(\d+ [A-Z]+(, \d+ [A-Z]+)*\) Show \d+$/,
    );
    const [more] = screen.getAllByRole('button', { name: /^Show 50 more/ });
    fireEvent.click(more!);
    assert.equal(document.querySelectorAll(`.${VULNERABILITY_TABLE} .TableRow`).length, 100);
    fireEvent.click(within(folded[0] as HTMLElement).getByRole('button'));
    assert.equal(document.querySelectorAll(`.${VULNERABILITY_TABLE}`).length, 2);
    assert.equal(document.querySelectorAll(`.${VULNERABILITY_TABLE} .TableRow`).length, 150);
  });

  it('offers the upgrades that clear findings when the upgrade insight gives them', () => {
    renderPanel(
      objectData(vulnerabilities, {
        upgrades: [
          {
            package: 'libbsd0',
            installedVersion: '0.9.1-2',
            fixedVersion: '0.9.1-2+deb10u1',
            findings: 1,
            counts: { CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
            ids: ['CVE-2019-20367'],
            images: ['library/nginx:1.16'],
          },
          {
            package: 'libwebp6',
            installedVersion: '0.6.1-2',
            findings: 1,
            counts: { CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
            ids: ['CVE-2018-25009'],
            images: ['library/nginx:1.16'],
          },
        ],
      }),
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Upgrades' }));
    screen.getByText('libbsd0 0.9.1-2 → 0.9.1-2+deb10u1 clears 1 finding');
    screen.getByText('libwebp6 0.6.1-2: 1 finding, no fixed version yet');
  });
});

describe('the Security findings section of other objects', () => {
  it('gives a Role its RBAC assessment', () => {
    const rbac = fixtureFindings('rbacassessmentreport_role-proxy_envtest-expected.yaml');
    const role: ObjectRef = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      namespace: 'default',
      name: 'proxy',
    };
    render(<ObjectFindingsPanel object={role} data={objectData(rbac)} />);
    assert.deepEqual(
      screen.getAllByRole('tab').map((t) => t.textContent),
      ['Config audit (0)', 'RBAC assessment (1)', 'Policy results (0)'],
    );
    assert.equal(tableRows('TrivyFindingsCheckTable').length, 1);
  });

  it('gives a Node its cluster vulnerability report and infra assessment', () => {
    const node: ObjectRef = { apiVersion: 'v1', kind: 'Node', name: 'kind-control-plane' };
    render(
      <ObjectFindingsPanel
        object={node}
        data={objectData(fixtureFindings('clustervulnerabilityreport_k8s-cluster_docs.yaml'))}
      />,
    );
    assert.deepEqual(
      screen.getAllByRole('tab').map((t) => t.textContent),
      ['Vulnerabilities (15)', 'Config audit (0)', 'Infra assessment (0)', 'Policy results (0)'],
    );
    openTab('Infra assessment');
    screen.getByText('Not scanned yet — Trivy Operator checks new Node objects within minutes.');
  });
});
