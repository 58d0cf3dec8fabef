// The extension disabled and enabled again in one Lens window: `onDeactivate` disposes the cluster
// frame's core, `onActivate` opens a new one against the same cluster. The section that stayed on
// screen shows the same findings again within the first load's bound, and the first core sends
// nothing more. The two activations reach the fake API server through proxies that log in as two
// users (both allowed everything), so the server's own request log tells which core asked what.
import './jsdomGlobals.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import {
  startFakeApiServer,
  type FakeApiServer,
  type LoggedRequest,
} from '../../../test/doubles/fakeApiServer/index.js';
import { generateWorkloadMix } from '../../../test/doubles/fakeApiServer/generateWorkloads.js';
import { REPORT_KINDS } from '../../../shared/src/model/reportKinds.js';
import { WORKLOAD_KINDS } from '../../../shared/src/model/workloadKinds.js';
import TrivyFindingsRenderer from '../src/renderer.js';
import { startClusterFrameProxy, type ClusterFrameProxy } from './clusterFrameProxy.js';
import { hostObject } from './hostObject.js';
import { installedExtension } from './installedExtension.js';
import { lensDouble } from './lensExtensionsDouble.js';

const NOW = Date.parse('2025-06-02T12:00:00Z');
// The first load's bound is the second's: a second core is not slower than the first.
const LOADED = { timeout: 20_000 };
const CLUSTER = { id: 'kind-shop', name: 'kind-shop' };

const vulnerabilityTab = (): number =>
  Number(
    /\((\d+)\)/.exec(screen.getByRole('tab', { name: /^Vulnerabilities \(\d+\)$/ }).textContent ?? '')![1],
  );

/** Nothing on screen says it is loading, and the Vulnerabilities tab has findings. */
function shown(): number {
  // Not `assert.equal(element, null)`: a failed comparison prints the element with React's fibers,
  // seconds of CPU per try in this process, which also runs the server the frame waits for.
  assert.ok(!document.querySelector('[data-state="loading"]'), 'still loading');
  const n = vulnerabilityTab();
  assert.ok(n > 0, 'no findings yet');
  return n;
}

describe('the extension disabled and enabled again in one cluster frame', () => {
  const mix = generateWorkloadMix(['shop', 'payments'], NOW);
  let server: FakeApiServer;
  let first: ClusterFrameProxy;
  let second: ClusterFrameProxy;
  before(async () => {
    server = await startFakeApiServer({
      users: [
        { name: 'first', token: 'first-token', rules: null },
        { name: 'second', token: 'second-token', rules: null },
      ],
      objects: mix.objects,
      bookmarkIntervalMs: 200,
    });
    first = await startClusterFrameProxy({ url: server.url, caPem: server.caPem, token: 'first-token' });
    second = await startClusterFrameProxy({ url: server.url, caPem: server.caPem, token: 'second-token' });
  });
  after(async () => {
    cleanup();
    lensDouble.closeClusterFrame();
    await first.close();
    await second.close();
    await server.close();
  });

  it('shows the same findings again within the first load’s time, and the first core asks nothing after it was disposed', async () => {
    const of = (user: string) => server.requests.filter((r: LoggedRequest) => r.user === user);
    const open = (user: string) => of(user).filter((r) => r.status === 0);
    const isWatch = (r: LoggedRequest) => r.query.includes('watch=true');
    // Settled: every report kind and (for coverage) every workload kind watched, nothing else open.
    const watches = REPORT_KINDS.length + WORKLOAD_KINDS.length;
    const settled = (user: string) =>
      waitFor(() => {
        assert.equal(open(user).filter(isWatch).length, watches, `${user}: open watches`);
        assert.equal(open(user).length, watches, `${user}: only watches open`);
      }, LOADED);
    const extension = new TrivyFindingsRenderer(installedExtension());
    const Details = extension.kubeObjectDetailItems.find((i) => i.kind === 'Deployment')!.components.Details;
    try {
      lensDouble.openClusterFrame(CLUSTER, first.url);
      await extension.activate();
      render(<Details object={hostObject('apps/v1', 'Deployment', 'web', 'payments')} />);
      const findings = await waitFor(shown, LOADED);
      await settled('first');

      await extension.disable();
      const asked = of('first').length;
      await waitFor(() => screen.getByText(/findings appear here once the cluster store is connected/));
      await waitFor(() => assert.equal(open('first').length, 0, 'the first core’s requests closed'), LOADED);

      // Enabled again: the host's frame proxy for the same cluster, here logged in as `second`. The
      // section stayed on screen, as the host's details pane does.
      lensDouble.openClusterFrame(CLUSTER, second.url);
      await extension.activate();
      assert.equal(await waitFor(shown, LOADED), findings);
      await settled('second');
      assert.equal(of('first').length, asked, 'requests of the first core after it was disposed');
      // The same work as the first time: one discovery, one list and one watch per kind, the same owner reads.
      assert.equal(of('second').length, asked, 'the second core asks what the first asked');
    } finally {
      await extension.disable();
    }
  });
});
