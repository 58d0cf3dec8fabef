// The preview page's script: the real renderer extension, activated in a "cluster frame" whose
// `KubeJsonApi` is the API double's, pointed at the page's own origin — the preview server, which
// proxies `/api` and `/apis` to the local fake API server as a Lens cluster frame's proxy does. The
// registered sections and pages render as in the hosts, fed by the same LensClusterSource and store.
import React, { useEffect, useState } from 'react';
import ReactDOM from 'react-dom';
import { Renderer } from '@k8slens/extensions';
import TrivyFindingsRenderer from '../src/renderer.js';
import { lensDouble } from '../test/lensExtensionsDouble.js';

type Installed = ConstructorParameters<typeof Renderer.LensExtension>[0];
type KubeJsonApiData = ConstructorParameters<typeof Renderer.K8sApi.KubeObject>[0];

interface Listed {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

const extension = new TrivyFindingsRenderer({
  id: 'trivy-findings-lens',
  absolutePath: '/',
  manifestPath: '/package.json',
  manifest: { name: 'trivy-findings-lens', version: '0.1.0' },
  isBundled: false,
  isCompatible: true,
  isEnabled: true,
} as Installed);

async function listed(path: string, apiVersion: string, kind: string): Promise<Listed[]> {
  const res = await fetch(path);
  if (!res.ok) return [];
  const body = (await res.json()) as { items?: Array<{ metadata?: { name?: string; namespace?: string } }> };
  return (body.items ?? []).flatMap((i) =>
    i.metadata?.name
      ? [
          {
            apiVersion,
            kind,
            name: i.metadata.name,
            ...(i.metadata.namespace ? { namespace: i.metadata.namespace } : {}),
          },
        ]
      : [],
  );
}

function hostObject(o: Listed) {
  return new Renderer.K8sApi.KubeObject({
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: {
      name: o.name,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      uid: o.name,
      resourceVersion: '1',
      selfLink: '',
    },
  } satisfies KubeJsonApiData);
}

function PreviewPage(): React.ReactElement {
  const params = new URLSearchParams(location.search);
  const [objects, setObjects] = useState<Listed[]>([]);
  useEffect(() => {
    void Promise.all([
      listed('/apis/apps/v1/deployments', 'apps/v1', 'Deployment'),
      listed('/api/v1/namespaces', 'v1', 'Namespace'),
      listed('/api/v1/nodes', 'v1', 'Node'),
    ]).then((lists) => setObjects(lists.flat()));
  }, []);
  const view = params.get('view') ?? 'overview';
  const chosen: Listed | undefined =
    view === 'object'
      ? {
          apiVersion: params.get('apiVersion') ?? 'apps/v1',
          kind: params.get('kind') ?? 'Deployment',
          name: params.get('name') ?? '',
          ...(params.get('namespace') ? { namespace: params.get('namespace')! } : {}),
        }
      : undefined;
  const Details =
    chosen && extension.kubeObjectDetailItems.find((i) => i.kind === chosen.kind)?.components.Details;
  const Menu =
    chosen && extension.kubeObjectMenuItems.find((i) => i.kind === chosen.kind)?.components.MenuItem;
  const Page = extension.clusterPages[view === 'carriers' ? 1 : 0]!.components.Page;
  const link = (o: Listed) =>
    `?view=object&apiVersion=${encodeURIComponent(o.apiVersion)}&kind=${o.kind}&name=${encodeURIComponent(o.name)}${o.namespace ? `&namespace=${encodeURIComponent(o.namespace)}` : ''}`;
  return (
    <div style={{ display: 'flex', gap: 16, fontFamily: 'sans-serif', fontSize: 13 }}>
      <nav className="PreviewList" style={{ width: 220, flex: 'none' }}>
        <p>
          <a href="?view=overview">Overview</a> · <a href="?view=carriers">Workloads by finding</a>
        </p>
        {['Deployment', 'Namespace', 'Node'].map((kind) => (
          <section key={kind}>
            <h4>{kind}s</h4>
            <ul>
              {objects
                .filter((o) => o.kind === kind)
                .map((o) => (
                  <li key={`${o.namespace}/${o.name}`}>
                    <a href={link(o)}>{o.namespace ? `${o.namespace}/${o.name}` : o.name}</a>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </nav>
      <main className="PreviewMain" style={{ flex: 1, maxWidth: 1100 }}>
        {chosen && Details ? (
          <>
            {Menu ? (
              <ul className="PreviewMenu">
                <Menu object={hostObject(chosen)} />
              </ul>
            ) : null}
            <Details object={hostObject(chosen)} />
          </>
        ) : (
          <Page />
        )}
        <Renderer.Component.ConfirmDialog />
      </main>
    </div>
  );
}

// API requests spread over the preview server's lanes (see previewServer.ts), each path always on
// the same lane, so the watches are not held back by the browser's six connections per origin.
const lanes = (document.getElementById('root')?.dataset.lanes ?? '').split(' ').filter(Boolean);
const pageFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = (input, init) => {
  const url = new URL(
    typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
    location.href,
  );
  if (lanes.length === 0 || url.origin !== location.origin || !/^\/apis?\//.test(url.pathname))
    return pageFetch(input, init);
  let hash = 0;
  for (const c of url.pathname) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return pageFetch(`${lanes[hash % lanes.length]}${url.pathname}${url.search}`, init);
};
lensDouble.openClusterFrame({ id: 'preview', name: 'preview cluster' }, location.origin);
void extension.activate().then(() => ReactDOM.render(<PreviewPage />, document.getElementById('root')));
