import './jsdomGlobals.js';
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import { Renderer } from '@k8slens/extensions';
import TrivyFindingsRenderer from '../src/renderer.js';
import { installedExtension } from './installedExtension.js';

afterEach(cleanup);

type KubeJsonApiData = ConstructorParameters<typeof Renderer.K8sApi.KubeObject>[0];

function kubeObject(apiVersion: string, kind: string, name: string, namespace?: string) {
  const data: KubeJsonApiData = {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      uid: `uid-${name}`,
      resourceVersion: '1',
      selfLink: '',
    },
  };
  return new Renderer.K8sApi.KubeObject(data);
}

/** The Details component the extension registers for `kind` at `apiVersion`, as a host finds it. */
function detailsFor(kind: string, apiVersion: string) {
  const extension = new TrivyFindingsRenderer(installedExtension());
  const items = extension.kubeObjectDetailItems.filter(
    (item) => item.kind === kind && item.apiVersions.includes(apiVersion),
  );
  assert.equal(items.length, 1, `one details item for ${apiVersion} ${kind}`);
  return items[0]!.components.Details;
}

describe('the Security findings section of a details page', () => {
  it('titles a Deployment’s section and names the Deployment', () => {
    const Details = detailsFor('Deployment', 'apps/v1');
    const { container } = render(<Details object={kubeObject('apps/v1', 'Deployment', 'web', 'default')} />);
    assert.equal(screen.getByText('Security findings').className, 'DrawerTitle');
    assert.equal(
      container.textContent,
      'Security findingsDeployment default/web: findings appear here once the cluster store is connected.',
    );
  });

  it('names a cluster-scoped object without a namespace', () => {
    const Details = detailsFor('ClusterRole', 'rbac.authorization.k8s.io/v1');
    render(<Details object={kubeObject('rbac.authorization.k8s.io/v1', 'ClusterRole', 'admin')} />);
    screen.getByText('ClusterRole admin: findings appear here once the cluster store is connected.');
  });

  it('still renders when the host hands over an object without a name', () => {
    const Details = detailsFor('Pod', 'v1');
    render(<Details object={kubeObject('v1', 'Pod', '')} />);
    screen.getByText('This object: findings appear here once the cluster store is connected.');
  });

  it('shows report text as text, never as markup', () => {
    const Details = detailsFor('Pod', 'v1');
    const { container } = render(
      <Details object={kubeObject('v1', 'Pod', '<img src=x onerror=alert(1)>')} />,
    );
    assert.equal(container.querySelector('img'), null);
    screen.getByText(/<img src=x onerror=alert\(1\)>/);
  });
});
