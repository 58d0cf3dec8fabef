/**
 * Holds the place of the scan viewer until it is built, so the webview bundle, its tsconfig and
 * its CSP are exercised from the start. Text only: report text will be rendered as React text
 * nodes, never as HTML.
 */
export function ScanViewerPlaceholder() {
  return (
    <main>
      <h1>Trivy Findings</h1>
      <p>The scan viewer will show the findings of a scan file here.</p>
    </main>
  );
}
