import { Renderer } from '@k8slens/extensions';
import { detailPageKinds } from './detailPageKinds.js';
import { FindingsSection } from './panels/findingsSection.js';
import { MenuIcon } from './pages/menuIcon.js';
import { OverviewPage } from './pages/overviewPage.js';

/** Unique within the extension: OpenLens 6.5 crashes on page menus with non-unique ids. */
const OVERVIEW_PAGE_ID = 'trivy-findings';

/**
 * The renderer half, loaded by OpenLens 6.5 and Freelens 1.x from `dist/renderer.js`. Everything is
 * declared, nothing is wired by hand: the details sections come from the core's kind tables.
 */
export default class TrivyFindingsRenderer extends Renderer.LensExtension {
  override kubeObjectDetailItems = detailPageKinds().map(({ kind, apiVersions }) => ({
    kind,
    apiVersions: [...apiVersions],
    components: { Details: FindingsSection },
  }));

  override clusterPages = [{ id: OVERVIEW_PAGE_ID, components: { Page: OverviewPage } }];

  override clusterPageMenus = [
    {
      id: OVERVIEW_PAGE_ID,
      title: 'Trivy Findings',
      target: { pageId: OVERVIEW_PAGE_ID },
      components: { Icon: MenuIcon },
    },
  ];
}
