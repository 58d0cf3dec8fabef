// One core per cluster frame, end to end: the renderer activated in a frame (the API double's
// `Catalog.activeCluster` and `KubeJsonApi.forCluster`) watches the fake API server through the
// frame's proxy, the registered sections show its findings and change on screen as reports change
// in the cluster, Rescan deletes a workload's reports at the server, and deactivation stops it all.
import './jsdomGlobals.js';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Renderer } from '@k8slens/extensions';
import {
  startFakeApiServer,
  type FakeApiServer,
  type LoggedRequest,
} from '../../../test/doubles/fakeApiServer/index.js';
import { generateReports } from '../../../test/doubles/fakeApiServer/generateReports.js';
import { copyOf } from '../../../test/kubeClusterSourceHelpers.js';
import type { KubeObject } from '../../../shared/src/ports/clusterSource.js';
import TrivyFindingsRenderer from '../src/renderer.js';
import { startClusterFrameProxy, type ClusterFrameProxy } from './clusterFrameProxy.js';
import { hostObject } from './hostObject.js';
import { installedExtension } from './installedExtension.js';
import { lensDouble } from './lensExtensionsDouble.js';
import { tableRows } from './panelQueries.js';

const TOKEN = 'frame-token';
const AQUA = 'aquasecurity.github.io';
const { notificationsStore, ConfirmDialog } = Renderer.Component;
const cluster = generateReports(3, 7);
const deployment = cluster.deployments[0]!;
const replicaSet = cluster.replicaSets[0]!;
const ns = deployment.metadata.namespace!;
const vulnsOfRs = cluster.vulnerabilityReports.filter(
  (r) => r.metadata.labels?.['trivy-operator.resource.name'] === replicaSet.metadata.name,
) as KubeObject[];
const vulnCount = (r: KubeObject) => (r.report as { vulnerabilities: unknown[] }).vulnerabilities.length;

function registered(extension: TrivyFindingsRenderer) {
  const details = extension.kubeObjectDetailItems.find((i) => i.kind === 'Deployment')!.components.Details;
  const menu = extension.kubeObjectMenuItems.find((i) => i.kind === 'Deployment')!.components.MenuItem;
  return { Details: details, MenuItem: menu };
}

const LOADED = { timeout: 15_000 };

/** The count the Vulnerabilities tab shows. */
function vulnerabilityTab(): number {
  const tab = screen.getByRole('tab', { name: /^Vulnerabilities \(\d+\)$/ });
  return Number(/\((\d+)\)/.exec(tab.textContent ?? '')![1]);
}

/** Nothing on screen says it is loading. */
function loaded(): void {
  const loading = document.querySelector('[data-state="loading"]');
  assert.ok(!loading, `still loading: ${document.body.textContent?.slice(0, 300)}`);
}

const openWatches = (server: FakeApiServer) =>
  server.requests.filter((r: LoggedRequest) => r.query.includes('watch=true') && r.status === 0);

describe('one core per cluster frame, over the fake API server', () => {
  let server: FakeApiServer;
  let proxy: ClusterFrameProxy;
  let extension: TrivyFindingsRenderer | undefined;

  before(async () => {
    server = await startFakeApiServer({
      users: [{ name: 'lens-user', token: TOKEN, rules: null }],
      objects: cluster.objects,
      bookmarkIntervalMs: 200,
    });
    proxy = await startClusterFrameProxy({ url: server.url, caPem: server.caPem, token: TOKEN });
    lensDouble.openClusterFrame({ id: 'frame-1', name: 'kind-shop' }, proxy.url);
  });
  afterEach(async () => {
    cleanup();
    await extension?.disable();
    extension = undefined;
    for (const n of [...notificationsStore.notifications]) notificationsStore.remove(n.id);
  });
  after(async () => {
    lensDouble.closeClusterFrame();
    await proxy.close();
    await server.close();
  });

  it('shows a Deployment its ReplicaSet’s reports live, and stops watching when deactivated', async () => {
    extension = new TrivyFindingsRenderer(installedExtension());
    const { Details } = registered(extension);
    await extension.activate();
    render(<Details object={hostObject('apps/v1', 'Deployment', deployment.metadata.name!, ns)} />);
    // Every request through the test proxy opens its own TLS connection: the first lists take a while.
    await waitFor(loaded, LOADED);
    const total = vulnerabilityTab();
    assert.ok(total > 0);

    // A report added in the cluster about the same ReplicaSet shows up; deleted, it goes.
    const extra = copyOf(vulnsOfRs[0]!, 'replicaset-extra', ns);
    server.create(extra);
    await waitFor(() => assert.equal(vulnerabilityTab(), total + vulnCount(extra)), LOADED);
    server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', ns, 'replicaset-extra');
    await waitFor(() => assert.equal(vulnerabilityTab(), total), LOADED);
    assert.ok(tableRows('TrivyFindingsVulnerabilityTable').length > 0);
    assert.ok(openWatches(server).length > 0);

    await extension.disable();
    extension = undefined;
    await waitFor(() => assert.equal(openWatches(server).length, 0, 'open watches'), LOADED);
    await waitFor(() => screen.getByText(/findings appear here once the cluster store is connected/));
  });

  it('opens in a renderer whose timers are numbers, as Electron’s renderer and a browser have them', async () => {
    const nodeSetInterval = globalThis.setInterval;
    // Chromium's timers: an id, no `unref`. (Node's clearInterval takes the id too.)
    globalThis.setInterval = ((fn: () => void, ms?: number) =>
      Number(nodeSetInterval(fn, ms))) as unknown as typeof setInterval;
    try {
      extension = new TrivyFindingsRenderer(installedExtension());
      const { Details } = registered(extension);
      await extension.activate();
      render(<Details object={hostObject('apps/v1', 'Deployment', deployment.metadata.name!, ns)} />);
      await waitFor(loaded, LOADED);
      assert.ok(vulnerabilityTab() > 0);
      assert.equal(screen.queryByText(/Cannot read/), null);
    } finally {
      globalThis.setInterval = nodeSetInterval;
    }
  });

  it('rescans a workload: confirmed, its reports are deleted at the server, and it says how many', async () => {
    extension = new TrivyFindingsRenderer(installedExtension());
    await extension.activate();
    const reportsOfRs = () =>
      ['VulnerabilityReport', 'ConfigAuditReport'].flatMap((kind) =>
        (server.list(`${AQUA}/v1alpha1`, kind, ns) as KubeObject[]).filter(
          (r) => r.metadata.labels?.['trivy-operator.resource.name'] === replicaSet.metadata.name,
        ),
      );
    const before = reportsOfRs().length;
    assert.ok(before >= 2);
    const object = hostObject('apps/v1', 'Deployment', deployment.metadata.name!, ns);
    renderWithRescan(registered(extension), object);
    // The store must hold the reports before a rescan can name them.
    await waitFor(loaded, LOADED);
    await confirmRescan();
    await waitFor(() => assert.equal(notificationsStore.notifications.length, 1), LOADED);
    assert.equal(reportsOfRs().length, 0);
    assert.match(
      String(notificationsStore.notifications[0]!.message),
      new RegExp(`Rescanning Deployment ${ns}/${deployment.metadata.name}: ${before} reports deleted`),
    );
    for (const r of cluster.objects)
      if (
        r.kind.endsWith('Report') &&
        !server.get(r.apiVersion, r.kind, r.metadata.namespace, r.metadata.name!)
      )
        server.create(r);
  });

  it('says what the server said when the user may not delete the reports', async () => {
    extension = new TrivyFindingsRenderer(installedExtension());
    try {
      await extension.activate();
      const object = hostObject('apps/v1', 'Deployment', deployment.metadata.name!, ns);
      renderWithRescan(registered(extension), object);
      await waitFor(loaded, LOADED);
      assert.ok(vulnerabilityTab() > 0);
      server.faults.forbid(AQUA, 'vulnerabilityreports');
      await confirmRescan();
      await waitFor(() => assert.equal(notificationsStore.notifications.length, 1), LOADED);
      const n = notificationsStore.notifications[0]!;
      assert.equal(n.status, 'error');
      assert.match(
        String(n.message),
        /^Could not rescan Deployment .*: cannot delete VulnerabilityReport .*: vulnerabilityreports.aquasecurity.github.io ".*" is forbidden: User "lens-user" cannot delete/,
      );
    } finally {
      server.faults.allow(AQUA, 'vulnerabilityreports');
    }
  });
});

/** A workload's details page with its Rescan menu item and the host's confirm dialog. */
function renderWithRescan(
  { Details, MenuItem }: ReturnType<typeof registered>,
  object: ReturnType<typeof hostObject>,
): void {
  render(
    <>
      <Details object={object} />
      <ul>
        <MenuItem object={object} />
      </ul>
      <ConfirmDialog />
    </>,
  );
}

/** Rescan, then Rescan again in the confirm dialog, as a user does. */
async function confirmRescan(): Promise<void> {
  fireEvent.click(screen.getByText('Rescan'));
  fireEvent.click(within(await waitFor(() => screen.getByTestId('confirmation-dialog'))).getByText('Rescan'));
}
