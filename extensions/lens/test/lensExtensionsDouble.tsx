// What `@k8slens/extensions` is in tests (test/hooks/lensTestHooks.mjs maps the import here). The
// real module cannot load outside the app: it needs Electron, then the app's injection container.
// Every stub takes its type from the real declarations, checked against OpenLens 6.5 and Freelens
// 1.x (tsconfig.json, tsconfig.freelens.json), so a stub cannot drift from what the hosts offer;
// each behaves as the host's does where a test can see it, and no further.
import React from 'react';
import type { Main as RealMain, Renderer as Real } from '@k8slens/extensions';

type RealComponent = typeof Real.Component;
type InstalledExtension = ConstructorParameters<typeof Real.LensExtension>[0];

/** What both halves get from the host at construction: the installed package's identity. */
class LensExtension {
  readonly id: string;
  readonly manifest: Real.LensExtension['manifest'];
  readonly manifestPath: string;
  readonly isBundled: boolean;

  constructor({ id, manifest, manifestPath, isBundled }: InstalledExtension) {
    this.id = id;
    // As the host's: an installed (not bundled) extension's manifest has `engines`.
    this.manifest = manifest as Real.LensExtension['manifest'];
    this.manifestPath = manifestPath;
    this.isBundled = isBundled;
  }

  get name(): string {
    return this.manifest.name;
  }

  get version(): string {
    return this.manifest.version;
  }
}

type Registrations =
  | 'id'
  | 'manifest'
  | 'manifestPath'
  | 'isBundled'
  | 'name'
  | 'version'
  | 'globalPages'
  | 'clusterPages'
  | 'clusterPageMenus'
  | 'kubeObjectDetailItems'
  | 'kubeObjectMenuItems'
  | 'statusBarItems'
  | 'appPreferences';

/** The renderer's base class: the registration lists an extension fills in, empty by default. */
class RendererLensExtension extends LensExtension implements Pick<Real.LensExtension, Registrations> {
  globalPages: Real.LensExtension['globalPages'] = [];
  clusterPages: Real.LensExtension['clusterPages'] = [];
  clusterPageMenus: Real.LensExtension['clusterPageMenus'] = [];
  kubeObjectDetailItems: Real.LensExtension['kubeObjectDetailItems'] = [];
  kubeObjectMenuItems: Real.LensExtension['kubeObjectMenuItems'] = [];
  statusBarItems: Real.LensExtension['statusBarItems'] = [];
  appPreferences: Real.LensExtension['appPreferences'] = [];
}

class MainLensExtension
  extends LensExtension
  implements Pick<RealMain.LensExtension, 'id' | 'manifest' | 'name' | 'version'> {}

type RealKubeObject = Real.K8sApi.KubeObject;
type KubeJsonApiData = ConstructorParameters<typeof Real.K8sApi.KubeObject>[0];

/** The host's KubeObject: the API data's fields on the object, and the accessors panels call. */
class KubeObject implements Pick<
  RealKubeObject,
  'apiVersion' | 'kind' | 'metadata' | 'getId' | 'getName' | 'getNs'
> {
  apiVersion!: string;
  kind!: string;
  metadata!: RealKubeObject['metadata'];

  constructor(data: KubeJsonApiData) {
    // As the host's: refuses what is not an object with metadata, takes the rest as it is.
    if (typeof data !== 'object' || data === null)
      throw new TypeError(`Cannot create a KubeObject from ${typeof data}`);
    if (typeof data.metadata !== 'object' || data.metadata === null)
      throw new TypeError(`Cannot create a KubeObject from an object without metadata`);
    Object.assign(this, data);
  }

  getId(): string {
    return this.metadata.uid ?? this.metadata.selfLink;
  }

  getName(): string {
    return this.metadata.name;
  }

  getNs(): RealKubeObject['metadata']['namespace'] {
    return this.metadata.namespace || undefined;
  }
}

// OpenLens 6.5's DrawerTitle renders its children and ignores the deprecated `title` prop.
const DrawerTitle: RealComponent['DrawerTitle'] = ({ className, children }) => (
  <div className={['DrawerTitle', className].filter(Boolean).join(' ')}>{children}</div>
);

const DrawerItem: RealComponent['DrawerItem'] = ({ name, children, hidden, className }) =>
  hidden ? null : (
    <div className={['DrawerItem', className].filter(Boolean).join(' ')}>
      <span className="name">{name}</span>
      <span className="value">{children}</span>
    </div>
  );

const isSvg: RealComponent['Icon']['isSvg'] = (content) => String(content).includes('<svg');

// The host draws `svg` as markup; the double keeps it as an attribute for tests to compare.
const Icon: RealComponent['Icon'] = Object.assign(
  ({ material, svg, className }: React.ComponentProps<RealComponent['Icon']>) => (
    <i className={['Icon', className].filter(Boolean).join(' ')} data-material={material} data-svg={svg} />
  ),
  { isSvg },
);

export const Renderer = {
  LensExtension: RendererLensExtension,
  Component: { DrawerTitle, DrawerItem, Icon },
  K8sApi: { KubeObject },
};

export const Main = { LensExtension: MainLensExtension };

export const Common = {};
