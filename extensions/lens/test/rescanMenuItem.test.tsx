import './jsdomGlobals.js';
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
  waitForElementToBeRemoved,
  within,
} from '@testing-library/react';
import { Renderer } from '@k8slens/extensions';
import type { Disposable } from '../../../shared/src/model/disposable.js';
import { WORKLOAD_KINDS } from '../../../shared/src/model/workloadKinds.js';
import type { RescanResult } from '../src/panels/panelModel.js';
import { connectPanelSource } from '../src/panels/panelSource.js';
import TrivyFindingsRenderer from '../src/renderer.js';
import { installedExtension } from './installedExtension.js';
import { StorePanelSource } from './storePanelSource.js';

const connections: Disposable[] = [];
const { notificationsStore, ConfirmDialog } = Renderer.Component;

afterEach(() => {
  cleanup();
  for (const c of connections.splice(0)) c.dispose();
  for (const n of [...notificationsStore.notifications]) notificationsStore.remove(n.id);
});

type KubeJsonApiData = ConstructorParameters<typeof Renderer.K8sApi.KubeObject>[0];
const deployment = (name: string) =>
  new Renderer.K8sApi.KubeObject({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', uid: 'u', resourceVersion: '1', selfLink: '' },
  } satisfies KubeJsonApiData);

function menuItem() {
  const items = new TrivyFindingsRenderer(installedExtension()).kubeObjectMenuItems;
  const item = items.find((i) => i.kind === 'Deployment' && i.apiVersions.includes('apps/v1'));
  assert.ok(item);
  return item.components.MenuItem;
}

function connect(result: (w: unknown) => Promise<RescanResult> = async () => ({ deletedReports: 2 })) {
  const source = new StorePanelSource(result);
  connections.push(connectPanelSource(source), { dispose: () => source.store.dispose() });
  return source;
}

/** The item in the workload's menu, and the host's confirmation dialog, as a cluster frame has them. */
function renderMenu(name = 'web') {
  const MenuItem = menuItem();
  return render(
    <>
      <ul>
        <MenuItem object={deployment(name)} />
      </ul>
      <ConfirmDialog />
    </>,
  );
}

const shown = () => notificationsStore.notifications.map((n) => [n.status, n.message]);

describe('the Rescan item of a workload’s menu', () => {
  it('is in the menu of every workload kind, and of nothing else', () => {
    const items = new TrivyFindingsRenderer(installedExtension()).kubeObjectMenuItems;
    assert.deepEqual(
      items.map((i) => i.kind),
      WORKLOAD_KINDS.map((w) => w.kind),
    );
  });

  it('is absent until the cluster store is connected: nothing could delete the reports', () => {
    const { container } = renderMenu();
    assert.equal(container.querySelector('.MenuItem'), null);
  });

  it('asks first, and deletes nothing when the person cancels', async () => {
    const source = connect();
    renderMenu();
    fireEvent.click(screen.getByText('Rescan'));
    const dialog = await waitFor(() => screen.getByTestId('confirmation-dialog'));
    within(dialog).getByText(
      'Rescan Deployment shop/web? Its Trivy Operator reports are deleted, and the operator scans it again within minutes.',
    );
    fireEvent.click(within(dialog).getByText('Cancel'));
    await waitForElementToBeRemoved(() => screen.queryByTestId('confirmation-dialog'));
    assert.deepEqual(source.rescans, []);
    assert.deepEqual(shown(), []);
  });

  it('rescans after the confirmation and says what it did', async () => {
    const source = connect();
    renderMenu();
    fireEvent.click(screen.getByText('Rescan'));
    const dialog = await waitFor(() => screen.getByTestId('confirmation-dialog'));
    fireEvent.click(within(dialog).getByText('Rescan'));
    await waitFor(() => assert.equal(shown().length, 1));
    assert.deepEqual(source.rescans, [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
    ]);
    assert.deepEqual(shown(), [
      [
        'ok',
        'Rescanning Deployment shop/web: 2 reports deleted; Trivy Operator writes new ones within minutes.',
      ],
    ]);
  });

  it('says when there was nothing to delete, and when the rescan failed', async () => {
    connect(async () => ({ deletedReports: 0 }));
    renderMenu();
    fireEvent.click(screen.getByText('Rescan'));
    fireEvent.click(
      within(await waitFor(() => screen.getByTestId('confirmation-dialog'))).getByText('Rescan'),
    );
    await waitFor(() =>
      assert.deepEqual(shown(), [
        [
          'ok',
          'Deployment shop/web had no reports to delete: Trivy Operator scans it when it next reconciles it.',
        ],
      ]),
    );
    cleanup();
    for (const c of connections.splice(0)) c.dispose();
    notificationsStore.remove(notificationsStore.notifications[0]!.id);
    connect(async () => {
      throw new Error('vulnerabilityreports "replicaset-web-1" is forbidden: User "dev" cannot delete');
    });
    renderMenu();
    fireEvent.click(screen.getByText('Rescan'));
    fireEvent.click(
      within(await waitFor(() => screen.getByTestId('confirmation-dialog'))).getByText('Rescan'),
    );
    await waitFor(() =>
      assert.deepEqual(shown(), [
        [
          'error',
          'Could not rescan Deployment shop/web: vulnerabilityreports "replicaset-web-1" is forbidden: User "dev" cannot delete',
        ],
      ]),
    );
  });

  it('names the workload as text in the confirmation, never as markup', async () => {
    connect();
    const { container } = renderMenu('<img src=x onerror=alert(1)>');
    fireEvent.click(screen.getByText('Rescan'));
    const dialog = await waitFor(() => screen.getByTestId('confirmation-dialog'));
    within(dialog).getByText(/Rescan Deployment shop\/<img src=x onerror=alert\(1\)>\?/);
    assert.equal(container.querySelector('img'), null);
  });
});
