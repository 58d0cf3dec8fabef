import { Main } from '@k8slens/extensions';

/**
 * The main-process half, loaded from `dist/main.js`. It has nothing to do yet: the panels and pages
 * live in the renderer. It is declared now so that the manifest, the bundle and the tests already
 * cover both halves when main-process work (scans the renderer asks for) arrives.
 */
export default class TrivyFindingsMain extends Main.LensExtension {}
