// Coverage and upgrades from live data, end to end: a cluster frame's core over the fake API server
// (through a frame's proxy, as `clusterFrame.test.tsx`) holding every workload kind in the coverage
// states a person meets (generateWorkloadMix). What a user reads on the overview, a namespace's and
// a workload's section changes as workloads and reports come and go in the cluster; a workload
// listing the user may not make is said, not counted as clean.
import './jsdomGlobals.js';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { Renderer } from '@k8slens/extensions';
import { startFakeApiServer, type FakeApiServer } from '../../../test/doubles/fakeApiServer/index.js';
import { generateWorkloadMix } from '../../../test/doubles/fakeApiServer/generateWorkloads.js';
import type { KubeObj } from '../../../test/doubles/fakeApiServer/types.js';
import { ClusterFrame } from '../src/cluster/clusterFrame.js';
import type { LensJsonApi } from '../src/cluster/lensKubeRequests.js';
import { FindingsSection } from '../src/panels/findingsSection.js';
import { OverviewPage } from '../src/pages/overviewPage.js';
import { startClusterFrameProxy, type ClusterFrameProxy } from './clusterFrameProxy.js';
import { hostObject } from './hostObject.js';
import { lensDouble } from './lensExtensionsDouble.js';
import { openTab, tableRows } from './panelQueries.js';

const TOKEN = 'frame-token';
const AQUA = 'aquasecurity.github.io/v1alpha1';
// The mix's clock: reports are made relative to it, and the frame's coverage reads it.
const NOW = Date.parse('2025-06-02T12:00:00Z');
const LOADED = { timeout: 20_000 };

/** The coverage table of the overview: Namespace, Scanned, Scanning, Not scanned, Stale, Unknown. */
const coverageRows = () => tableRows('TrivyFindingsCoverageTable');
const coverageLine = () =>
  [...document.querySelectorAll('.TrivyFindingsCoverageCounts')].map((p) => p.textContent).join(' | ');
const workloadState = () => document.querySelector('.TrivyFindingsCoverageState')?.textContent ?? '';

async function withFrame<T>(
  server: FakeApiServer,
  id: string,
  run: (frame: ClusterFrame) => Promise<T>,
): Promise<T> {
  const proxy: ClusterFrameProxy = await startClusterFrameProxy({
    url: server.url,
    caPem: server.caPem,
    token: TOKEN,
  });
  lensDouble.openClusterFrame({ id, name: id }, proxy.url);
  const api = Renderer.K8sApi.KubeJsonApi.forCluster(id) as unknown as LensJsonApi;
  const frame = new ClusterFrame({ id, name: id }, api, {
    coverage: { clock: () => NOW, batchMs: 5 },
    backoff: { initialMs: 50, maxMs: 200 },
  });
  try {
    return await run(frame);
  } finally {
    cleanup();
    frame.dispose();
    lensDouble.closeClusterFrame();
    await proxy.close();
  }
}

describe('coverage and upgrades in a cluster frame, live over the fake API server', () => {
  const mix = generateWorkloadMix(['shop', 'payments'], NOW);
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({
      users: [{ name: 'lens-user', token: TOKEN, rules: null }],
      objects: mix.objects,
      bookmarkIntervalMs: 200,
    });
  });
  afterEach(() => cleanup());
  after(() => server.close());

  it('shows each workload scanned, scanning, not scanned or stale, counted per namespace, and follows changes', async () => {
    await withFrame(server, 'frame-coverage', async () => {
      render(<OverviewPage />);
      // Per namespace (generateWorkloads.ts): 4 scanned, 1 scanning, 3 not scanned, 1 stale.
      await waitFor(
        () =>
          assert.deepEqual(coverageRows(), [
            ['payments', '4', '1', '3', '1', '0'],
            ['shop', '4', '1', '3', '1', '0'],
          ]),
        LOADED,
      );
      assert.match(
        coverageLine(),
        /^18 workloads: 8 scanned, 2 scanning, 6 not scanned yet, 2 stale \(older than the rescan interval\)\.$/,
      );

      // A report of the StatefulSet's missing kind is written: "not scanned" turns "scanned".
      const audit = mix.objects.find(
        (o) =>
          o.kind === 'ConfigAuditReport' &&
          o.metadata.namespace === 'shop' &&
          o.metadata.name === 'job-migrate',
      )!;
      const forDb: KubeObj = structuredClone(audit);
      forDb.metadata = {
        ...forDb.metadata,
        name: 'statefulset-db',
        labels: {
          ...forDb.metadata.labels,
          'trivy-operator.resource.kind': 'StatefulSet',
          'trivy-operator.resource.name': 'db',
        },
      };
      delete (forDb.metadata as { ownerReferences?: unknown }).ownerReferences;
      delete (forDb.metadata as { resourceVersion?: unknown }).resourceVersion;
      delete (forDb.metadata as { uid?: unknown }).uid;
      server.create(forDb);
      await waitFor(() => assert.deepEqual(coverageRows()[1], ['shop', '5', '1', '2', '1', '0']), LOADED);

      // A workload added is not scanned yet; a workload deleted is no longer counted.
      server.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'fresh', namespace: 'shop', creationTimestamp: new Date(NOW).toISOString() },
        spec: {},
      });
      await waitFor(() => assert.deepEqual(coverageRows()[1], ['shop', '5', '1', '3', '1', '0']), LOADED);
      server.remove('v1', 'Pod', 'shop', 'debug');
      await waitFor(() => assert.deepEqual(coverageRows()[1], ['shop', '5', '1', '2', '1', '0']), LOADED);
      cleanup();

      // A namespace's section counts its own workloads.
      render(<FindingsSection object={hostObject('v1', 'Namespace', 'shop')} />);
      await waitFor(
        () =>
          assert.equal(
            coverageLine(),
            '9 workloads: 5 scanned, 1 scanning, 2 not scanned yet, 1 stale (older than the rescan interval).',
          ),
        LOADED,
      );
      cleanup();

      // Each workload's section says its state, in words.
      const states: Array<[string, string, string, RegExp]> = [
        ['apps/v1', 'Deployment', 'web', /^Scanned \(reports of 2025-06-02T11:00:00Z\)$/],
        ['apps/v1', 'Deployment', 'api', /^Stale$/],
        ['apps/v1', 'DaemonSet', 'agent', /^Scanning$/],
        ['apps/v1', 'Deployment', 'new', /^Not scanned yet$/],
        ['apps/v1', 'StatefulSet', 'db', /^Scanned/],
      ];
      for (const [apiVersion, kind, name, expected] of states) {
        render(<FindingsSection object={hostObject(apiVersion, kind, name, 'shop')} />);
        await waitFor(() => assert.match(workloadState(), expected, `${kind} ${name}`), LOADED);
        cleanup();
      }
      render(<FindingsSection object={hostObject('apps/v1', 'Deployment', 'api', 'shop')} />);
      await waitFor(() => screen.getByText(/older than Trivy Operator’s rescan interval \(24h\)/), LOADED);
    });
  });

  // A second cluster frame over the same server, as when the extension is disabled and enabled
  // again in one window (frameReactivation.test.tsx does that with the real renderer).
  it('offers a workload’s upgrades in a second frame: one row per package, the same vulnerability in two containers once', async () => {
    await withFrame(server, 'frame-upgrades', async () => {
      // A second container of Deployment web with the same image: its findings fold into the first's.
      const vuln = mix.objects.find(
        (o) =>
          o.kind === 'VulnerabilityReport' &&
          o.metadata.namespace === 'payments' &&
          o.metadata.labels?.['trivy-operator.resource.name']?.startsWith('web-') &&
          !o.metadata.annotations?.['trivy-operator.aquasecurity.github.io/report-ttl']?.startsWith('0'),
      )!;
      const second: KubeObj = structuredClone(vuln);
      second.metadata = {
        ...second.metadata,
        name: `${vuln.metadata.name}-sidecar`,
        labels: { ...second.metadata.labels, 'trivy-operator.container.name': 'sidecar' },
      };
      delete (second.metadata as { resourceVersion?: unknown }).resourceVersion;
      delete (second.metadata as { uid?: unknown }).uid;
      const vulnerabilityTab = () =>
        Number(
          /\((\d+)\)/.exec(screen.getByRole('tab', { name: /^Vulnerabilities \(/ }).textContent ?? '')![1],
        );
      render(<FindingsSection object={hostObject('apps/v1', 'Deployment', 'web', 'payments')} />);
      await waitFor(() => assert.ok(vulnerabilityTab() > 0, 'vulnerabilities listed'), LOADED);
      const findings = vulnerabilityTab();
      openTab('Upgrades');
      const upgrades = () => tableRows('TrivyFindingsUpgradeTable');
      await waitFor(() => assert.ok(upgrades().length > 0, 'upgrades listed'), LOADED);
      const before = upgrades();
      for (const [sentence] of before)
        assert.match(
          sentence!,
          /^\S+ \S+( → \S+ clears \d+ findings?|: \d+ findings?, no fixed version yet)$/,
        );
      // "No fixed version yet" is its own table, apart from the upgrades that fix findings.
      screen.getByText('Upgrades that fix findings');

      server.create(second);
      // Twice the rows by image, the same upgrades: each vulnerability is cleared once per workload.
      await waitFor(() => assert.ok(vulnerabilityTab() > findings, 'the sidecar’s rows added'), LOADED);
      assert.deepEqual(upgrades(), before);
      server.remove(AQUA, 'VulnerabilityReport', 'payments', second.metadata.name!);
    });
  });
});

describe('coverage where the user may not list a workload kind', () => {
  it('says so with the server’s message, and does not count those workloads', async () => {
    const mix = generateWorkloadMix(['shop'], NOW);
    const server = await startFakeApiServer({
      users: [{ name: 'lens-user', token: TOKEN, rules: null }],
      objects: mix.objects,
      bookmarkIntervalMs: 200,
    });
    server.faults.forbid('apps', 'deployments');
    try {
      await withFrame(server, 'frame-forbidden', async () => {
        render(<OverviewPage />);
        // web (scanned), api (stale) and new (not scanned) are Deployments: 6 of the 9 are counted.
        await waitFor(() => assert.deepEqual(coverageRows(), [['shop', '3', '1', '2', '0', '0']]), LOADED);
        await waitFor(
          () =>
            screen.getByText(
              /^You may not list Deployments in this cluster — their workloads are not counted: deployments\.apps is forbidden: User "lens-user" cannot list resource "deployments"/,
            ),
          LOADED,
        );
      });
    } finally {
      await server.close();
    }
  });
});

describe('a cluster without Trivy Operator', () => {
  it('says it is not installed, once, counts no workload as scanned, and asks nothing that answers 404', async () => {
    const mix = generateWorkloadMix(['shop'], NOW);
    const server = await startFakeApiServer({
      users: [{ name: 'lens-user', token: TOKEN, rules: null }],
      objects: mix.objects.filter((o) => !o.apiVersion.startsWith('aquasecurity.github.io/')),
      crdsDir: false,
    });
    try {
      await withFrame(server, 'frame-bare', async () => {
        render(<FindingsSection object={hostObject('apps/v1', 'Deployment', 'web', 'shop')} />);
        await waitFor(
          () =>
            screen.getByText('Trivy Operator is not installed in this cluster (no VulnerabilityReport CRD).'),
          LOADED,
        );
        // Not "not scanned yet": nothing will scan it.
        assert.equal(document.querySelector('.TrivyFindingsCoverageState'), null);
        assert.equal(screen.queryByText(/Not scanned yet/), null);
        cleanup();
        render(<OverviewPage />);
        await waitFor(
          () => screen.getByText(/^No workload can be scanned: the cluster serves none of/),
          LOADED,
        );
        assert.deepEqual(
          server.requests.filter((r) => r.status === 404).map((r) => r.path),
          [],
          'no request answered 404',
        );
      });
    } finally {
      await server.close();
    }
  });
});
