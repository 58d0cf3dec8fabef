import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/commands.js';
import {
  HELM_SCAN,
  readWorkspaceFile,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from './workbench/testWorkspace.js';

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

/** The Markdown of the hovers at a position, as the hover widget would render them. */
async function hoversAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.MarkdownString[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    position,
  );
  return hovers
    .flatMap((h) => h.contents)
    .filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString);
}

describe('Hovers on findings', () => {
  const deployment = () => workspaceUri('templates/deployment.yaml');
  const HOSTILE_SCAN = 'scans/hostile_trivy.json';

  after(async () => {
    // An empty report in place of the hostile one takes its diagnostics away again.
    const empty = await writeWorkspaceFile(HOSTILE_SCAN, JSON.stringify({ SchemaVersion: 2, Results: [] }));
    await vscode.commands.executeCommand(Commands.openScanFile, empty);
    await waitForDiagnostics(deployment(), 'only the chart scan', (d) => d.length === 5);
  });

  it('shows the rule, its resolution and its links at a diagnostic, as untrusted Markdown', async () => {
    await vscode.commands.executeCommand(Commands.openScanFile, workspaceUri(HELM_SCAN));
    const shown = await waitForDiagnostics(deployment(), 'the chart diagnostics', (d) => d.length === 5);
    const ksv118 = shown.find((d) => codeOf(d) === 'KSV118')!;
    const [hover, ...more] = await hoversAt(deployment(), ksv118.range.start);
    assert.equal(more.length, 0);
    assert.ok(!hover!.isTrusted, 'not trusted: no command links');
    assert.ok(!hover!.supportHtml, 'no HTML');
    assert.equal(hover!.value.split('\n\n')[0], '**Default security context configured**');
    assert.match(hover!.value, /\n\nKSV118 · HIGH · misconfiguration\n\n/);
    assert.match(hover!.value, /\*\*Resolution:\*\* /);
    assert.match(
      hover!.value,
      /\[https\\:\\\/\\\/avd\\\.aquasec\\\.com\\\/misconfig\\\/ksv\\-0118\]\(https:\/\/avd\.aquasec\.com\/misconfig\/ksv-0118\)/,
    );
  });

  it('escapes a hostile title and drops links that are not http(s)', async () => {
    // The real report of the chart, with the title and the links of KSV-0001 replaced.
    const report = JSON.parse(await readWorkspaceFile(HELM_SCAN)) as {
      Results: {
        Misconfigurations?: { ID: string; Title: string; PrimaryURL: string; References: string[] }[];
      }[];
    };
    const misconfig = report.Results[0]!.Misconfigurations!.find((m) => m.ID === 'KSV-0001')!;
    misconfig.Title = '[x](command:workbench.action.quit) <img src=x onerror=alert(1)>';
    misconfig.PrimaryURL = 'command:workbench.action.quit';
    misconfig.References = ['javascript:alert(1)', 'https://example.com/advisory'];
    const scan = await writeWorkspaceFile(HOSTILE_SCAN, JSON.stringify(report));
    await vscode.commands.executeCommand(Commands.openScanFile, scan);
    const shown = await waitForDiagnostics(deployment(), 'the hostile scan too', (d) => d.length === 10);
    const hostile = shown.find((d) => d.message.startsWith('[x]'))!;
    const hovers = await hoversAt(deployment(), hostile.range.start);
    const markdown = hovers.map((h) => h.value).join('\n');
    assert.ok(
      markdown.includes(
        '**\\[x\\]\\(command\\:workbench\\.action\\.quit\\) \\<img src\\=x onerror\\=alert\\(1\\)\\>**',
      ),
      markdown,
    );
    assert.ok(!markdown.includes('](command:'), 'no command link');
    assert.doesNotMatch(markdown, /(^|[^\\])<img/, 'no image tag: its < is escaped');
    assert.ok(!markdown.includes('](javascript:'), 'no script link');
    assert.ok(markdown.includes('](https://example.com/advisory)'));
    assert.ok(hovers.every((h) => !h.isTrusted));
  });
});
