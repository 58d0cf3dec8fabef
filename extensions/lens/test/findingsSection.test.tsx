import './jsdomGlobals.js';
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { Disposable } from '../../../shared/src/model/disposable.js';
import { connectPanelSource } from '../src/panels/panelSource.js';
import TrivyFindingsRenderer from '../src/renderer.js';
import { hostObject } from './hostObject.js';
import { installedExtension } from './installedExtension.js';
import { fixtureObjects, StorePanelSource } from './storePanelSource.js';
import { tableRows } from './panelQueries.js';

const connections: Disposable[] = [];
afterEach(() => {
  cleanup();
  for (const c of connections.splice(0)) c.dispose();
});

/** The Details component the extension registers for `kind` at `apiVersion`, as a host finds it. */
function detailsFor(kind: string, apiVersion: string) {
  const extension = new TrivyFindingsRenderer(installedExtension());
  const items = extension.kubeObjectDetailItems.filter(
    (item) => item.kind === kind && item.apiVersions.includes(apiVersion),
  );
  assert.equal(items.length, 1, `one details item for ${apiVersion} ${kind}`);
  return items[0]!.components.Details;
}

/** A cluster whose store holds the documentation's reports about the nginx ReplicaSet and a Role. */
function connectedCluster(): StorePanelSource {
  const source = new StorePanelSource();
  source.setStatuses();
  source.list(
    fixtureObjects(
      'vulnerabilityreport_replicaset-nginx_docs.yaml',
      'configauditreport_replicaset-nginx_docs.yaml',
      'rbacassessmentreport_role-proxy_envtest-expected.yaml',
      'clusterpolicyreport_namespaces_kyverno-chainsaw.yaml',
    ),
  );
  connections.push(connectPanelSource(source), { dispose: () => source.store.dispose() });
  return source;
}

describe('the Security findings section of a details page', () => {
  it('says where the findings will be until the cluster store is connected', () => {
    const Details = detailsFor('Deployment', 'apps/v1');
    const { container } = render(<Details object={hostObject('apps/v1', 'Deployment', 'web', 'default')} />);
    assert.equal(screen.getByText('Security findings').className, 'DrawerTitle');
    assert.equal(
      container.textContent,
      'Security findingsDeployment default/web: findings appear here once the cluster store is connected.',
    );
  });

  it('shows a Deployment the findings of its ReplicaSet’s reports, from the connected store', async () => {
    const source = connectedCluster();
    await source.store.whenIdle();
    const Details = detailsFor('Deployment', 'apps/v1');
    render(<Details object={hostObject('apps/v1', 'Deployment', 'nginx', 'default')} />);
    assert.deepEqual(
      screen.getAllByRole('tab').map((t) => t.textContent),
      ['Vulnerabilities (2)', 'Config audit (2)', 'Exposed secrets (0)', 'Policy results (0)'],
    );
    assert.deepEqual(
      tableRows('TrivyFindingsVulnerabilityTable').map((r) => r[1]),
      ['CVE-2019-20367', 'CVE-2018-25009'],
    );
  });

  it('changes on screen when a report changes in the cluster', async () => {
    const source = connectedCluster();
    const Details = detailsFor('Deployment', 'apps/v1');
    render(<Details object={hostObject('apps/v1', 'Deployment', 'nginx', 'default')} />);
    await waitFor(() => screen.getByRole('tab', { name: 'Vulnerabilities (2)' }));
    const [report] = fixtureObjects('vulnerabilityreport_replicaset-nginx_docs.yaml');
    const body = report!.report as { vulnerabilities: unknown[] };
    source.event('modified', {
      ...report!,
      report: { ...body, vulnerabilities: body.vulnerabilities.slice(1) },
    });
    await waitFor(() => screen.getByRole('tab', { name: 'Vulnerabilities (1)' }));
    assert.deepEqual(
      tableRows('TrivyFindingsVulnerabilityTable').map((r) => r[1]),
      ['CVE-2018-25009'],
    );
    source.event('deleted', report!);
    await waitFor(() =>
      screen.getByText('Not scanned yet — Trivy Operator scans new workloads within minutes.'),
    );
  });

  it('gives a Role its RBAC assessment and a Namespace its totals and its own findings', async () => {
    const source = connectedCluster();
    await source.store.whenIdle();
    const Role = detailsFor('Role', 'rbac.authorization.k8s.io/v1');
    render(<Role object={hostObject('rbac.authorization.k8s.io/v1', 'Role', 'proxy', 'default')} />);
    screen.getByRole('tab', { name: 'RBAC assessment (1)' });
    cleanup();
    const Namespace = detailsFor('Namespace', 'v1');
    render(<Namespace object={hostObject('v1', 'Namespace', 'default')} />);
    screen.getByText('In namespace default');
    assert.deepEqual(
      tableRows('TrivyFindingsWorstWorkloads').map((r) => [r[0], r[2]]),
      [
        ['Deployment default/nginx', '4'],
        ['Role default/proxy', '1'],
      ],
    );
    cleanup();
    // The chainsaw test's ClusterPolicyReports have no names: the second replaces the first.
    render(<Namespace object={hostObject('v1', 'Namespace', 'good-ns-2')} />);
    screen.getByText('No findings counted in namespace good-ns-2.');
    screen.getByRole('tab', { name: 'Policy results (2)' });
  });

  it('still renders when the host hands over an object without a name', () => {
    connectedCluster();
    const Details = detailsFor('Pod', 'v1');
    render(<Details object={hostObject('v1', 'Pod', '')} />);
    screen.getByText('This object has no kind or name to look its findings up by.');
  });

  it('shows an object’s name as text, never as markup', () => {
    const Details = detailsFor('Pod', 'v1');
    const { container } = render(
      <Details object={hostObject('v1', 'Pod', '<img src=x onerror=alert(1)>')} />,
    );
    assert.equal(container.querySelector('img'), null);
    screen.getByText(/<img src=x onerror=alert\(1\)>/);
  });
});
