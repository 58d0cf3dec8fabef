import { Renderer } from '@k8slens/extensions';
import { openActiveClusterFrame } from './cluster/activeClusterFrame.js';
import type { ClusterFrame } from './cluster/clusterFrame.js';
import { detailPageKinds } from './detailPageKinds.js';
import { FindingsSection } from './panels/findingsSection.js';
import { RegisteredRescanItem } from './panels/registeredRescanItem.js';
import { CarriersPage } from './pages/carriersPage.js';
import { MenuIcon } from './pages/menuIcon.js';
import { OverviewPage } from './pages/overviewPage.js';

/** Page ids, part of the pages' URLs. */
const OVERVIEW_PAGE_ID = 'overview';
const CARRIERS_PAGE_ID = 'carriers';
/** Unique within the extension: OpenLens 6.5 crashes on page menus with non-unique ids. */
const MENU_ID = 'trivy-findings';

/**
 * The renderer half, loaded by OpenLens 6.5 and Freelens 1.x from `dist/renderer.js`. Everything is
 * declared, nothing is wired by hand: the details sections and the workloads' Rescan items come
 * from the core's kind tables.
 */
export default class TrivyFindingsRenderer extends Renderer.LensExtension {
  /** The cluster frame's core and store, while the extension is active in a cluster frame. */
  private frame: ClusterFrame | undefined;

  protected override onActivate(): void {
    this.frame?.dispose();
    this.frame = openActiveClusterFrame();
  }

  protected override onDeactivate(): void {
    this.frame?.dispose();
    this.frame = undefined;
  }

  override kubeObjectDetailItems = detailPageKinds().map(({ kind, apiVersions }) => ({
    kind,
    apiVersions: [...apiVersions],
    components: { Details: FindingsSection },
  }));

  override kubeObjectMenuItems = detailPageKinds()
    .filter((k) => k.section === 'workload')
    .map(({ kind, apiVersions }) => ({
      kind,
      apiVersions: [...apiVersions],
      components: { MenuItem: RegisteredRescanItem },
    }));

  override clusterPages = [
    { id: OVERVIEW_PAGE_ID, components: { Page: OverviewPage } },
    { id: CARRIERS_PAGE_ID, components: { Page: CarriersPage } },
  ];

  // One sidebar entry that opens onto its pages, as the hosts' own groups (Workloads, Network) do:
  // an entry with children only expands, and the pages of siblings get tabs to each other.
  override clusterPageMenus = [
    { id: MENU_ID, title: 'Trivy Findings', components: { Icon: MenuIcon } },
    {
      id: `${MENU_ID}-overview`,
      parentId: MENU_ID,
      title: 'Overview',
      target: { pageId: OVERVIEW_PAGE_ID },
      components: { Icon: MenuIcon },
    },
    {
      id: `${MENU_ID}-carriers`,
      parentId: MENU_ID,
      title: 'Workloads by finding',
      target: { pageId: CARRIERS_PAGE_ID },
      components: { Icon: MenuIcon },
    },
  ];
}
