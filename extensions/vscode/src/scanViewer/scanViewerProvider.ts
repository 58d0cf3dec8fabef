import * as vscode from 'vscode';
import { ViewTypes } from '../commands.js';
import { FINDING_SET_SCHEME } from '../findingSets/findingSetQuery.js';
import type { FindingSets } from '../findingSets/findingSets.js';
import type { ScanReads } from '../scanFile/scanReads.js';
import { ScanViewerSession, type ScanViewerDeps } from './scanViewerSession.js';

/** What the viewer needs from the extension. */
export interface ScanViewerProviderDeps extends ScanViewerDeps {
  readonly scans: ScanReads;
  /** Sets of cluster findings that are not files (`trivy-findings:` URIs). */
  readonly findingSets: FindingSets;
}

/**
 * The scan viewer as a read-only custom editor (`trivyFindings.scanViewer`). `package.json` offers
 * it with priority `option` for JSON, SARIF and YAML files: never the default editor, opened by
 * "Reopen Editor With…", by "Open Scan File…" and by the suggestion shown when a scan is opened
 * as text — and for sets of cluster findings that are not files (`findingSets/`, opened by the
 * image CodeLens and the Cluster view's Upgrades rows). The webview is not retained when hidden: the page keeps its filter, sort and selection
 * in the webview state and is sent the scan again when shown, which costs less than keeping a
 * page of 100,000 rows alive in every background tab.
 */
export function registerScanViewer(deps: ScanViewerProviderDeps): vscode.Disposable {
  const provider: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
    resolveCustomEditor: (document, panel) => {
      const handle =
        document.uri.scheme === FINDING_SET_SCHEME
          ? deps.findingSets.acquire(document.uri)
          : deps.scans.acquire(document.uri);
      const session = new ScanViewerSession(handle, panel, deps);
      panel.onDidDispose(() => session.dispose());
    },
  };
  return vscode.window.registerCustomEditorProvider(ViewTypes.scanViewer, provider, {
    supportsMultipleEditorsPerDocument: true,
  });
}
