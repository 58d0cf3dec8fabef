// @jsxRuntime automatic
import './jsdomWindow.js';
import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { readSourceText } from '@trivy-findings/core/readers/readSource.js';
import { summarizeFindings } from '@trivy-findings/core/summary/findingSummary.js';
import { offlineWorkloads } from '@trivy-findings/core/workloads/offlineWorkloads.js';
import { findingDetails, findingRows } from '../../src/scanViewer/findingRows.js';
import type { HostMessage, PageMessage } from '../../src/scanViewer/protocol.js';
import { upgradeList } from '../../src/scanViewer/upgradeList.js';
import { DEFAULT_SORT, sortRows } from '../../src/scanViewer/rowOrder.js';
import { NO_FILTER } from '../../src/scanViewer/viewFilter.js';
import type { HostChannel } from '../src/hostChannel.js';
import { ScanViewer } from '../src/scanViewer.js';
import type { SavedView } from '../src/viewerState.js';

const fixture = (path: string) => new URL(`../../../../test/fixtures/${path}`, import.meta.url).pathname;

/** A real file read as the extension reads it, and what the host answers the page about it. */
function hostOf(path: string, edit?: (text: string) => string) {
  const text = readFileSync(fixture(path), 'utf8');
  const read = readSourceText(edit ? edit(text) : text, path, { includePassed: true });
  const { workloadOf } = offlineWorkloads([read]);
  const rows = findingRows(read.findings, workloadOf);
  const scan: HostMessage = {
    type: 'scan',
    scan: {
      generation: 1,
      name: path,
      format: read.format,
      total: rows.length,
      summary: summarizeFindings(
        read.findings.map((finding) => ({ finding, workload: workloadOf(finding) })),
      ),
      problems: [],
    },
  };
  const upgrades: HostMessage = {
    type: 'upgrades',
    generation: 1,
    upgrades: upgradeList(read.findings, workloadOf),
  };
  const details = (index: number): HostMessage => ({
    type: 'details',
    generation: 1,
    details: findingDetails(read.findings[index]!, index, workloadOf(read.findings[index]!)),
  });
  return { read, rows, scan, upgrades, details };
}

/** The page's channel, recording what the page posts: the extension host, faked. */
function channel(saved?: SavedView): HostChannel & { readonly posted: PageMessage[]; saved_: SavedView[] } {
  const posted: PageMessage[] = [];
  const saved_: SavedView[] = [];
  return { posted, saved_, saved, post: (m) => posted.push(m), save: (v) => saved_.push(v) };
}

/** What the host posts arrives as a `message` event of the window, as in a webview. */
function fromHost(message: HostMessage): void {
  act(() => {
    window.dispatchEvent(new window.MessageEvent('message', { data: structuredClone(message) }));
  });
}

/** The rows in the DOM, as their ID cells read. */
const rowIds = () =>
  screen
    .queryAllByRole('row')
    .slice(1)
    .map((r) => r.querySelector('.col-id')?.textContent);

/** Waits for `done()`, looking every 5 ms for up to 5 s (timers and frames let run in act). */
async function waitUntil(done: () => boolean): Promise<void> {
  for (const until = Date.now() + 5_000; !done();) {
    if (Date.now() > until) throw new Error('timed out');
    await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  }
}

afterEach(cleanup);

describe('the scan viewer page', () => {
  it('asks for the scan, then shows its summary and a window of its 398 rows, most severe first', () => {
    const host = channel();
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    render(<ScanViewer host={host} />);
    assert.deepEqual(host.posted, [{ type: 'ready' }]);
    screen.getByText('Reading the scan file…');

    fromHost(dump.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    const critical = screen.getByRole('button', { name: /^CRITICAL/ });
    assert.equal(critical.textContent, 'CRITICAL 40');
    screen.getByText('398 of 398 shown');
    const rows = screen.getAllByRole('row').slice(1);
    assert.ok(rows.length > 10 && rows.length < 100, `${rows.length} rows in the DOM`);
    assert.equal(rows[0]!.querySelector('.severity')?.textContent, 'CRITICAL');
  });

  it('says once it has painted the first window, and takes the other rows and the upgrades then', async () => {
    const host = channel();
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    const ordered = sortRows(dump.rows, DEFAULT_SORT);
    render(<ScanViewer host={host} />);
    fromHost(dump.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: ordered.slice(0, 200) });
    screen.getByText('200 of 398 shown (200 received)');
    assert.equal(rowIds()[0], ordered[0]!.id);
    const painted = () => host.posted.filter((m) => m.type === 'painted');
    await waitUntil(() => painted().length > 0);
    assert.deepEqual(painted(), [{ type: 'painted', generation: 1 }]);

    fromHost({ type: 'rows', generation: 1, start: 200, rows: ordered.slice(200) });
    fromHost(dump.upgrades);
    screen.getByText('398 of 398 shown');
    assert.ok(document.querySelector('details.upgrades'));
    // Another read of the file: said again, for its generation only.
    fromHost({ ...dump.scan, scan: { ...dump.scan.scan, generation: 2 } } as HostMessage);
    fromHost({ type: 'rows', generation: 2, start: 0, rows: ordered.slice(0, 200) });
    await waitUntil(() => painted().length > 1);
    assert.deepEqual(painted(), [
      { type: 'painted', generation: 1 },
      { type: 'painted', generation: 2 },
    ]);
  });

  it('sorts by a column header, and back', () => {
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    render(<ScanViewer host={channel()} />);
    fromHost(dump.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    const allIds = dump.rows.map((r) => r.id).sort();
    fireEvent.click(screen.getByRole('button', { name: 'ID' }));
    assert.equal(rowIds()[0], allIds[0]);
    assert.equal(screen.getByRole('columnheader', { name: /ID/ }).getAttribute('aria-sort'), 'ascending');
    fireEvent.click(screen.getByRole('button', { name: /ID/ }));
    assert.equal(rowIds()[0], allIds.at(-1));
  });

  it('filters by the summary’s counts and by text, and Escape clears the text, then the rest', () => {
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    render(<ScanViewer host={channel()} />);
    fromHost(dump.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    fireEvent.click(screen.getByRole('button', { name: /^CRITICAL/ }));
    screen.getByText('40 of 398 shown');
    const filter = screen.getByRole('searchbox', { name: 'Filter findings' });
    fireEvent.keyDown(document.body, { key: '/' });
    assert.equal(document.activeElement, filter);
    fireEvent.change(filter, { target: { value: 'openssl' } });
    screen.getByText('3 of 398 shown');
    fireEvent.keyDown(filter, { key: 'Escape' });
    screen.getByText('40 of 398 shown');
    fireEvent.keyDown(document.body, { key: 'Escape' });
    screen.getByText('398 of 398 shown');
  });

  it('moves the selection with the keys, fetches its details, and opens a location with Enter', () => {
    const host = channel();
    const chart = hostOf('trivy/config_helm-testchart_trivy-json.json');
    render(<ScanViewer host={host} />);
    fromHost(chart.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: chart.rows });
    const grid = screen.getByRole('grid');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    const selected = screen.getAllByRole('row').filter((r) => r.getAttribute('aria-selected') === 'true');
    assert.equal(selected.length, 1);
    assert.equal(grid.getAttribute('aria-activedescendant'), selected[0]!.id);
    const index = Number(selected[0]!.dataset.index);
    assert.deepEqual(host.posted.at(-1), { type: 'details', generation: 1, index });
    screen.getByText(`Loading ${chart.rows[index]!.id}…`);

    fromHost(chart.details(index));
    const details = screen.getByRole('complementary');
    within(details).getByText(chart.read.findings[index]!.description!);
    fireEvent.keyDown(grid, { key: 'Enter' });
    assert.deepEqual(host.posted.at(-1), { type: 'openLocation', generation: 1, index });
    fireEvent.keyDown(grid, { key: 'End' });
    assert.equal(screen.getAllByRole('row').at(-1)!.getAttribute('aria-selected'), 'true');
  });

  it('shows a title written as HTML as text, and a javascript: reference as no link', () => {
    const host = channel();
    const edited = hostOf('trivy/image_alpine-3.10_trivy-json.json', (text) => {
      const report = JSON.parse(text) as {
        Results: { Vulnerabilities: { Title: string; PrimaryURL?: string; References: string[] }[] }[];
      };
      const v = report.Results[0]!.Vulnerabilities[0]!;
      v.Title = '<img src=x onerror=alert(1)>';
      v.PrimaryURL = 'javascript:alert(2)';
      v.References = ['https://example.com/advisory', 'command:workbench.action.quit'];
      return JSON.stringify(report);
    });
    const { container } = render(<ScanViewer host={host} />);
    fromHost(edited.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: edited.rows });
    fireEvent.click(screen.getByText('<img src=x onerror=alert(1)>'));
    fromHost(edited.details(0));
    assert.equal(container.querySelector('img'), null);
    const links = [...container.querySelectorAll('.references a')];
    assert.deepEqual(
      links.map((a) => a.getAttribute('href')),
      ['https://example.com/advisory'],
    );
    assert.deepEqual(
      [...container.querySelectorAll('.references .not-a-link')].map((e) => e.textContent),
      ['javascript:alert(2)', 'command:workbench.action.quit'],
    );
    const navigated = !fireEvent.click(links[0]!);
    assert.ok(navigated, 'the click’s default (navigation) is prevented');
    assert.deepEqual(host.posted.at(-1), { type: 'openLink', url: 'https://example.com/advisory' });
  });

  it('asks the host to export what it shows, with its filter and order', () => {
    const host = channel();
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    render(<ScanViewer host={host} />);
    fromHost(dump.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    fireEvent.click(screen.getByRole('button', { name: /^HIGH/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Package' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export SARIF' }));
    assert.deepEqual(host.posted.at(-1), {
      type: 'export',
      generation: 1,
      format: 'sarif',
      filter: { ...NO_FILTER, severities: ['HIGH'] },
      sort: { column: 'package', descending: false },
    });
  });

  it('keeps its view across a reload of the page, and drops rows of an older read', () => {
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    const first = channel();
    render(<ScanViewer host={first} />);
    fromHost(dump.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    fireEvent.click(screen.getByRole('button', { name: /^LOW/ }));
    const saved = first.saved_.at(-1)!;
    assert.deepEqual(saved.filter.severities, ['LOW']);
    cleanup();

    render(<ScanViewer host={channel(saved)} />);
    fromHost({ ...dump.scan, scan: { ...dump.scan.scan, generation: 2 } } as HostMessage);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    screen.getByText('0 of 398 shown (0 received)');
    fromHost({ type: 'rows', generation: 2, start: 0, rows: dump.rows });
    screen.getByText('170 of 398 shown');
  });

  it('lists the upgrades that clear findings, and filters the table to the one chosen (keyboard too)', () => {
    const host = channel();
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    render(<ScanViewer host={host} />);
    fromHost(dump.scan);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    // The upgrades follow the first paint.
    assert.equal(document.querySelector('details.upgrades'), null);
    fromHost(dump.upgrades);
    const panel = document.querySelector('details.upgrades') as HTMLDetailsElement;
    // The core's plan of this cluster (shared/test/upgrades.test.ts): 66 upgrades, 68 packages without a fix.
    assert.match(
      panel.querySelector('summary')!.textContent!,
      /^Upgrades 66 upgrades clear \d+ findings · no fix yet: 68 packages$/,
    );
    const lists = within(panel).getAllByRole('list');
    assert.equal(lists[0]!.getAttribute('aria-label'), 'Upgrades that fix findings');
    const top = within(lists[0]!).getAllByRole('button')[0]!;
    // The most critical upgrade: libwebp6 in the nginx Deployment's image, 10 critical and 1 high.
    assert.equal(
      top.textContent,
      'libwebp6 0.6.1-2 → 0.6.1-2+deb10u1 clears 11 findings in 1 workload C:10 H:1',
    );
    assert.equal(within(lists[0]!).getAllByRole('button').length, 20, 'the first 20, then Show all');
    fireEvent.click(top);
    assert.equal(top.getAttribute('aria-pressed'), 'true');
    const shown = screen.getByText(/ of 398 shown$/).textContent!;
    const count = Number(shown.split(' ')[0]);
    assert.ok(count >= 11 && count < 398, shown);
    const pkgs = new Set(
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.querySelector('.col-package')?.textContent ?? ''),
    );
    assert.ok(
      [...pkgs].every((p) => p.startsWith('libwebp6')),
      [...pkgs].join(', '),
    );
    // The export is of what the page shows: the upgrade is part of the filter the host gets.
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    const exported = host.posted.find((m) => m.type === 'export');
    assert.ok(exported?.type === 'export' && exported.filter.upgrade === top.getAttribute('data-entry'));
    // Escape clears the filters, the upgrade with them.
    fireEvent.keyDown(document.body, { key: 'Escape' });
    screen.getByText('398 of 398 shown');
    assert.equal(top.getAttribute('aria-pressed'), 'false');
  });

  it('starts a finding set filtered as the host presets it, once: what the user changes stays', () => {
    const dump = hostOf('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    const scan = dump.scan.type === 'scan' ? dump.scan.scan : undefined;
    assert.ok(scan && dump.upgrades.type === 'upgrades');
    const entry = dump.upgrades.upgrades[0]!.entry;
    const preset: HostMessage = { type: 'scan', scan: { ...scan, preset: { key: 'set-1', upgrade: entry } } };
    const first = channel();
    render(<ScanViewer host={first} />);
    fromHost(preset);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    assert.doesNotMatch(screen.getByText(/ of 398 shown$/).textContent!, /^398/);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    screen.getByText('398 of 398 shown');
    const saved = first.saved_.at(-1)!;
    assert.equal(saved.preset, 'set-1');
    cleanup();

    // The page is loaded again (a hidden webview is unloaded): the same preset is not applied again.
    render(<ScanViewer host={channel(saved)} />);
    fromHost(preset);
    fromHost({ type: 'rows', generation: 1, start: 0, rows: dump.rows });
    screen.getByText('398 of 398 shown');
  });
});
