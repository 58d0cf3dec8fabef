import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, ViewTypes } from '../../src/commands.js';
import { ScanViewerPage, type ViewerRow } from './workbench/scanViewerPage.js';
import {
  CLUSTER_DUMP,
  HELM_SCAN,
  IMAGE_SARIF,
  IMAGE_SCAN,
  readWorkspaceFile,
  workspaceUri,
  writeWorkspaceFile,
  YAML_DUMP,
} from './workbench/testWorkspace.js';
import { requireUiDriver, type UiDriver } from './workbench/uiDriver.js';
import { waitFor } from './workbench/waitFor.js';
import { WorkbenchPage } from './workbench/workbenchPage.js';

/** The four vulnerabilities of `trivy image alpine:3.10`: two CVEs of OpenSSL, in libcrypto and in libssl. */
const ALPINE_CVES = ['CVE-2019-1549', 'CVE-2019-1549', 'CVE-2019-1551', 'CVE-2019-1551'];

const ids = (rows: readonly ViewerRow[]) => rows.map((r) => r.id);

/** The custom editor shown in the active tab, if any. */
function activeCustomEditor(): vscode.TabInputCustom | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input : undefined;
}

describe('Scan viewer', function () {
  let driver: UiDriver;
  let workbench: WorkbenchPage;

  before(function () {
    driver = requireUiDriver(this);
    workbench = new WorkbenchPage(driver);
  });

  // Each test starts from one editor group with no editor, as a person opening a scan would.
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
  });

  it('shows a Trivy image scan: its summary, its rows, and the details of a selected row', async () => {
    const viewer = await ScanViewerPage.open(driver, workspaceUri(IMAGE_SCAN));
    await viewer.waitForRows('the four vulnerabilities', (rows) => rows.length === 4);
    const { counts } = await viewer.severityCounts();
    assert.deepEqual(counts, { CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
    const rows = await viewer.rows();
    assert.deepEqual([...ids(rows)].sort(), ALPINE_CVES);
    assert.ok(
      rows.every((r) => r.severity === 'MEDIUM' && r.type === 'vulnerability'),
      JSON.stringify(rows),
    );
    assert.deepEqual(rows.map((r) => r.pkg).sort(), [
      'libcrypto1.1 1.1.1c-r0 → 1.1.1d-r0',
      'libcrypto1.1 1.1.1c-r0 → 1.1.1d-r2',
      'libssl1.1 1.1.1c-r0 → 1.1.1d-r0',
      'libssl1.1 1.1.1c-r0 → 1.1.1d-r2',
    ]);

    await viewer.click('.rows .row:has-text("libssl1.1 1.1.1c-r0 → 1.1.1d-r2")');
    const details = await viewer.waitForDetails('CVE-2019-1551', (t) => t.includes('Description'));
    assert.match(details, /openssl: Integer overflow in RSAZ modular exponentiation on x86_64/);
    assert.match(details, /Package libssl1\.1 1\.1\.1c-r0 → 1\.1\.1d-r2/);
    const links = await viewer.elements('.details .references a', ['href']);
    assert.ok(links.length > 0);
    assert.ok(
      links.every((a) => /^https?:\/\//.test(a.attributes.href ?? '')),
      JSON.stringify(links),
    );
    await workbench.screenshot('vscode-scan-viewer.png');
  });

  it('shows the same scan written as SARIF', async () => {
    const viewer = await ScanViewerPage.open(driver, workspaceUri(IMAGE_SARIF));
    const rows = await viewer.waitForRows('the four vulnerabilities', (r) => r.length === 4);
    assert.deepEqual([...ids(rows)].sort(), ALPINE_CVES);
    await viewer.waitForText('the SARIF format', (t) => t.includes('sarif'));
  });

  it('sorts and filters the 398 findings of a kubectl get -o json dump of VulnerabilityReports', async () => {
    const viewer = await ScanViewerPage.open(driver, workspaceUri(CLUSTER_DUMP));
    await viewer.waitForShown('all 398 findings', (c) => c.shown === 398 && c.total === 398);
    assert.deepEqual((await viewer.severityCounts()).counts, {
      CRITICAL: 40,
      HIGH: 86,
      MEDIUM: 99,
      LOW: 170,
      UNKNOWN: 3,
    });
    // Most severe first, and windowed: far fewer than 398 rows are in the DOM.
    const first = await viewer.rows();
    assert.equal(first[0]?.severity, 'CRITICAL');
    assert.ok(first.length > 10 && first.length < 100, `${first.length} rows in the DOM`);
    assert.deepEqual(
      (await viewer.elements('.row.head [role=columnheader]', ['aria-sort'])).map(
        (h) => h.attributes['aria-sort'],
      ),
      ['descending', 'none', 'none', 'none', 'none', 'none', 'none'],
    );

    await viewer.click('.row.head button[data-column="id"]');
    const byId = await viewer.waitForRows(
      'sorted by id',
      (rows) => isSorted(ids(rows)) && rows[0]?.severity !== 'CRITICAL',
    );
    assert.equal(byId[0]?.id, [...ids(byId)].sort()[0]);
    await viewer.click('.row.head button[data-column="id"]');
    const descending = await viewer.waitForRows('sorted by id, descending', (rows) =>
      isSorted(ids(rows).reverse()),
    );
    assert.ok(descending[0]!.id >= byId[byId.length - 1]!.id);

    await viewer.click('.summary button[data-severity="CRITICAL"]');
    await viewer.waitForShown('the 40 critical findings', (c) => c.shown === 40);
    assert.ok((await viewer.rows()).every((r) => r.severity === 'CRITICAL'));
    assert.deepEqual((await viewer.severityCounts()).pressed, ['CRITICAL']);

    await viewer.fill('.text-filter', 'openssl');
    await viewer.waitForShown('the 3 critical findings of OpenSSL', (c) => c.shown === 3);
    const openssl = await viewer.rows();
    assert.equal(openssl.length, 3);
    assert.ok(
      openssl.every((r) => /openssl/i.test(r.pkg + r.title)),
      JSON.stringify(openssl),
    );

    // Escape clears the text, then the other filters.
    await viewer.press('.text-filter', 'Escape');
    await viewer.waitForShown('the critical findings again', (c) => c.shown === 40);
    await viewer.press('.table', 'Escape');
    await viewer.waitForShown('every finding again', (c) => c.shown === 398);

    await viewer.click('.summary button[data-workload="Pod/default/tt-reg"]');
    await viewer.waitForShown('the 88 findings of Pod tt-reg', (c) => c.shown === 88);
    assert.ok((await viewer.rows()).every((r) => r.workload === 'Pod/default/tt-reg'));
    await viewer.press('.table', 'Escape');
    await viewer.waitForShown('every finding again', (c) => c.shown === 398);
  });

  it('moves with the keyboard and opens a finding at its lines in the manifest', async () => {
    const viewer = await ScanViewerPage.open(driver, workspaceUri(HELM_SCAN));
    await viewer.waitForShown('the chart’s six findings', (c) => c.total === 6);
    // `/` goes to the filter from anywhere on the page.
    await viewer.press('.table', '/');
    await waitFor(
      () => viewer.elements('.text-filter:focus'),
      (e) => e.length === 1,
      { what: 'the filter focused' },
    );
    await viewer.fill('.text-filter', 'KSV001');
    await viewer.waitForShown('KSV001 only', (c) => c.shown === 1);
    await viewer.press('.table', 'ArrowDown');
    const [selected] = await viewer.waitForRows('KSV001 selected', (rows) => rows[0]?.selected === true);
    assert.equal(selected?.id, 'KSV001');
    assert.equal(selected?.location, 'templates/deployment.yaml:28-57');

    await viewer.press('.table', 'Enter');
    const deployment = workspaceUri('templates/deployment.yaml').toString();
    const editor = await waitFor(
      () => vscode.window.activeTextEditor,
      (e) => e?.document.uri.toString() === deployment,
      { what: 'templates/deployment.yaml in the active editor' },
    );
    // The lines the diagnostic of KSV001 covers (openScanFile.test.ts): the cause line, narrowed to the key.
    const { start, end } = editor!.selection;
    assert.deepEqual([start.line, start.character, end.line, end.character], [27, 6, 27, 22]);

    // The details pane's location does the same.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await viewer.waitForDetails('KSV001', (t) => t.includes('templates/deployment.yaml:28-57'));
    await viewer.click('.details .open-location');
    await waitFor(
      () => vscode.window.activeTextEditor,
      (e) => e?.document.uri.toString() === deployment && e.selection.start.line === 27,
      { what: 'templates/deployment.yaml opened again at line 28' },
    );
  });

  it('shows report text as text: a title written as HTML is no element, a javascript: reference no link', async () => {
    const report = JSON.parse(await readWorkspaceFile(IMAGE_SCAN)) as {
      Results: { Vulnerabilities: { Title: string; Description: string; References: string[] }[] }[];
    };
    const vulnerability = report.Results[0]!.Vulnerabilities[0]!;
    vulnerability.Title = '<img src=x onerror=alert(1)>';
    vulnerability.Description = '<script>alert(2)</script><b>bold</b>';
    (vulnerability as { PrimaryURL?: string }).PrimaryURL = 'javascript:alert(4)';
    vulnerability.References = [
      'javascript:alert(3)',
      'command:workbench.action.quit',
      'https://example.com/advisory',
    ];
    const file = await writeWorkspaceFile('scans/html-title_trivy.json', JSON.stringify(report, null, 2));
    const viewer = await ScanViewerPage.open(driver, file);
    const rows = await viewer.waitForRows('the four rows', (r) => r.length === 4);
    assert.ok(
      rows.some((r) => r.title === '<img src=x onerror=alert(1)>'),
      JSON.stringify(rows),
    );
    await viewer.click('.rows .row:has-text("<img src=x onerror=alert(1)>")');
    const details = await viewer.waitForDetails('the HTML as text', (t) =>
      t.includes('<script>alert(2)</script><b>bold</b>'),
    );
    assert.match(details, /javascript:alert\(3\)/);
    for (const element of ['img', 'script', 'b'])
      assert.deepEqual(await viewer.elements(`#root ${element}`), [], `no ${element} element`);
    const links = await viewer.elements('.details .references a', ['href']);
    assert.deepEqual(
      links.map((a) => a.attributes.href),
      ['https://example.com/advisory'],
    );
    assert.deepEqual(
      (await viewer.elements('.details .references .not-a-link')).map((e) => e.text),
      ['javascript:alert(4)', 'javascript:alert(3)', 'command:workbench.action.quit'],
    );
  });

  it('refuses to open a javascript: or command: link even when the page asks', async () => {
    const viewer = await ScanViewerPage.open(driver, workspaceUri(IMAGE_SCAN));
    await viewer.waitForRows('its rows', (r) => r.length === 4);
    await viewer.postAsPage({ type: 'openLink', url: 'javascript:alert(1)' });
    await viewer.waitForNotice('the javascript: link refused', (t) =>
      t.includes('Refused to open a javascript: link'),
    );
    await viewer.postAsPage({ type: 'openLink', url: 'command:workbench.action.closeAllEditors' });
    await viewer.waitForNotice('the command: link refused', (t) =>
      t.includes('Refused to open a command: link'),
    );
    assert.equal(activeCustomEditor()?.viewType, ViewTypes.scanViewer, 'the command did not run');
  });

  it('exports the filtered view as SARIF and as JSON, in the order shown', async () => {
    const viewer = await ScanViewerPage.open(driver, workspaceUri(CLUSTER_DUMP));
    await viewer.waitForShown('all 398 findings', (c) => c.shown === 398);
    await viewer.click('.summary button[data-severity="CRITICAL"]');
    await viewer.waitForShown('the 40 critical findings', (c) => c.shown === 40);

    const sarif = await exportVia(
      driver,
      viewer,
      '.export-sarif',
      'vulnerabilityreportlist_real-cluster_trivy-0.31.3.view.sarif',
    );
    const run = (JSON.parse(sarif) as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0]!;
    assert.equal(run.results.length, 40);
    assert.ok(run.results.every((r) => r.level === 'error'));

    const json = JSON.parse(
      await exportVia(
        driver,
        viewer,
        '.export-json',
        'vulnerabilityreportlist_real-cluster_trivy-0.31.3.view.json',
      ),
    ) as {
      findings: { severity: string; id: string; workload: { name: string } | null }[];
      sources: { format: string }[];
    };
    assert.equal(json.findings.length, 40);
    assert.ok(json.findings.every((f) => f.severity === 'CRITICAL' && f.workload !== null));
    assert.deepEqual(
      json.sources.map((s) => s.format),
      ['report-object'],
    );
    // The table's order: most severe first, then by id.
    assert.ok(isSorted(json.findings.map((f) => f.id)));
    await viewer.waitForNotice('the export written', (t) => t.includes('Exported 40 findings'));
  });

  it('keeps 10,000 findings windowed: a few dozen rows in the DOM, from the first to the last', async () => {
    // A real Trivy image scan grown to 10,000 vulnerabilities of as many packages.
    const report = JSON.parse(await readWorkspaceFile(IMAGE_SCAN)) as {
      Results: { Vulnerabilities: { VulnerabilityID: string; PkgName: string }[] }[];
    };
    const [model] = report.Results[0]!.Vulnerabilities;
    report.Results[0]!.Vulnerabilities = Array.from({ length: 10_000 }, (_, i) => ({
      ...model!,
      VulnerabilityID: `CVE-2099-${String(i + 1).padStart(5, '0')}`,
      PkgName: `pkg${i + 1}`,
    }));
    const file = await writeWorkspaceFile('scans/ten-thousand_trivy.json', JSON.stringify(report));
    const viewer = await ScanViewerPage.open(driver, file);
    await viewer.waitForShown('10,000 findings', (c) => c.shown === 10_000 && c.total === 10_000);
    // The host sends the first window of rows first and the rest after: the table grows to all.
    const grid = await waitFor(
      async () => (await viewer.elements('.table', ['aria-rowcount']))[0],
      (g) => g?.attributes['aria-rowcount'] === '10001',
      { what: 'the table holding all 10,000 rows' },
    );
    assert.equal(grid?.attributes['aria-rowcount'], '10001');
    const first = await viewer.rows();
    assert.equal(first[0]?.id, 'CVE-2099-00001');
    assert.ok(first.length > 10 && first.length < 100, `${first.length} rows in the DOM`);

    // End selects the last finding and scrolls it into view; the DOM still holds a window.
    await viewer.press('.table', 'End');
    const last = await viewer.waitForRows('scrolled to the last finding', (rows) =>
      rows.some((r) => r.id === 'CVE-2099-10000' && r.selected),
    );
    assert.ok(last.length > 10 && last.length < 100, `${last.length} rows in the DOM`);
    assert.ok(!last.some((r) => r.id === 'CVE-2099-00001'), 'the first row left the DOM');
    const indexes = await viewer.elements('.rows .row', ['aria-rowindex']);
    assert.equal(indexes.at(-1)?.attributes['aria-rowindex'], '10001');
  });

  it('lists the problems of a file it could not read whole', async () => {
    const text = await readWorkspaceFile(YAML_DUMP);
    const broken = `${text}\n---\napiVersion: v1\nkind: [unclosed\n`;
    const viewer = await ScanViewerPage.open(
      driver,
      await writeWorkspaceFile('scans/broken_dump.yaml', broken),
    );
    const shown = await viewer.waitForText(
      'a problem and the 14 findings',
      (t) => t.includes('1 problem reading this file') && t.includes('14 of 14 shown'),
    );
    assert.match(shown, /malformed YAML, document skipped/);
  });

  it('opens from "Open Scan File…", which still publishes diagnostics, and ties a dump’s findings to their workload', async () => {
    const dump = workspaceUri(YAML_DUMP);
    await vscode.commands.executeCommand(Commands.openScanFile, dump);
    await waitFor(
      () => activeCustomEditor(),
      (input) => input?.viewType === ViewTypes.scanViewer && input.uri.toString() === dump.toString(),
      { what: 'the viewer of the YAML dump' },
    );
    const rows = await ScanViewerPage.of(driver, dump).waitForRows('its 14 findings', (r) => r.length === 14);
    assert.ok(
      rows.every((r) => r.workload === 'Deployment/default/zipkin'),
      JSON.stringify(rows[0]),
    );
  });

  it('reads the file again when it changes', async () => {
    const report = JSON.parse(await readWorkspaceFile(IMAGE_SCAN)) as {
      Results: { Vulnerabilities: unknown[] }[];
    };
    const file = await writeWorkspaceFile('scans/changing_trivy.json', JSON.stringify(report));
    const viewer = await ScanViewerPage.open(driver, file);
    await viewer.waitForShown('four findings', (c) => c.total === 4);
    report.Results[0]!.Vulnerabilities.splice(1);
    await writeWorkspaceFile('scans/changing_trivy.json', JSON.stringify(report));
    await viewer.waitForShown('the one finding left', (c) => c.total === 1 && c.shown === 1);
  });

  it('suggests itself, once, when a scan file is opened as text, and never for a manifest', async () => {
    await vscode.window.showTextDocument(workspaceUri('templates/deployment.yaml'));
    const scan = workspaceUri(IMAGE_SCAN);
    await vscode.window.showTextDocument(scan);
    const toasts = await waitFor(
      () => driver.call('notifications', {}),
      (t) => t.some((n) => n.includes('image_alpine-3.10_trivy-json.json is a scan file')),
      { what: 'the suggestion for the image scan' },
    );
    // The manifest was opened first: had it been taken for a scan, its suggestion would be there.
    assert.ok(!toasts.some((n) => n.includes('deployment.yaml')), JSON.stringify(toasts));
    await driver.call('notificationAction', {
      message: 'image_alpine-3.10_trivy-json.json is a scan file',
      button: 'Open in Viewer',
    });
    await waitFor(
      () => activeCustomEditor(),
      (input) => input?.viewType === ViewTypes.scanViewer && input.uri.toString() === scan.toString(),
      { what: 'the viewer opened from the suggestion' },
    );
  });
});

/** Clicks an export button, accepts the file the save dialog offers, and returns what was written. */
async function exportVia(
  driver: UiDriver,
  viewer: ScanViewerPage,
  button: string,
  offered: string,
): Promise<string> {
  await viewer.click(button);
  await waitFor(
    () => driver.call('quickInput', {}),
    (q) => q.value.endsWith(`/scans/${offered}`),
    { what: `the save dialog offering scans/${offered}` },
  );
  await driver.call('quickInput', { accept: true });
  const written = workspaceUri(`scans/${offered}`);
  const bytes = await waitFor(
    async () => {
      try {
        return await vscode.workspace.fs.readFile(written);
      } catch {
        return undefined;
      }
    },
    (b) => b !== undefined && b.length > 0,
    { what: `${offered} written` },
  );
  return new TextDecoder().decode(bytes!);
}

function isSorted(list: readonly string[]): boolean {
  return list.every((v, i) => i === 0 || list[i - 1]! <= v);
}
