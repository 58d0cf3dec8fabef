import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import { FAKE_CONTEXTS } from '../harness/clusterControlProtocol.js';
import {
  EXTENSION_ID,
  quickFixesAt,
  readWorkspaceFile,
  waitForDiagnostics,
  workspaceUri,
} from './workbench/testWorkspace.js';
import { waitFor } from './workbench/waitFor.js';

// The manifest the launcher had kubectl write, and the Trivy Operator docs' VulnerabilityReport
// about its ReplicaSet in kind-dev: CVE-2019-20367 (libbsd0) is a problem on its image line.
const MANIFEST = 'k8s/nginx-deployment.yaml';
const IGNORE_FILE = '.trivyignore.yaml';
const CVE = 'CVE-2019-20367';
const STATEMENT = 'libbsd0 is not used by nginx; reviewed';

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe("Suppressing a cluster finding in the workspace's .trivyignore.yaml", function () {
  let api: ExtensionApi;
  const manifest = () => workspaceUri(MANIFEST);
  const source = `Trivy (${FAKE_CONTEXTS.dev})`;
  const cve = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === source && codeOf(x) === CVE);

  before(async function () {
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await api.ready;
  });

  after(async function () {
    await api.filters.clear();
    await vscode.workspace.fs.delete(workspaceUri(IGNORE_FILE)).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The other specs expect the cluster's findings as the reports say them.
    await waitForDiagnostics(manifest(), `${CVE} shown again`, (d) => cve(d).length === 1);
  });

  it('hides it from its quick fix, and the Suppressions view counts it', async () => {
    const [diagnostic] = cve(
      await waitForDiagnostics(manifest(), `the cluster's ${CVE}`, (d) => cve(d).length === 1),
    );
    const actions = await quickFixesAt(manifest(), diagnostic!);
    const suppress = actions.find((a) => a.title === `Suppress ${CVE} in ${IGNORE_FILE}…`);
    assert.equal(
      suppress?.command?.command,
      Commands.suppressFinding,
      JSON.stringify(actions.map((a) => a.title)),
    );
    // The statement and the expiry, which the command would ask for, are passed as its answers.
    await vscode.commands.executeCommand(
      suppress!.command!.command,
      ...(suppress!.command!.arguments ?? []),
      {
        statement: STATEMENT,
        expiresAt: '2031-01-31',
      },
    );
    assert.match(
      await readWorkspaceFile(IGNORE_FILE),
      new RegExp(`- id: ${CVE}\\n    statement: ${STATEMENT}`),
    );
    await waitForDiagnostics(manifest(), `${CVE} no longer shown`, (d) => cve(d).length === 0);
    // The other cluster findings on the manifest stay.
    assert.ok(vscode.languages.getDiagnostics(manifest()).some((d) => d.source === source));

    const rows = await waitFor(
      async () => {
        await api.suppressionsView.refresh();
        return api.suppressionsView.rows();
      },
      (r) => r.some((row) => row.includes(CVE)),
      { what: 'the Suppressions view to list the entry' },
    );
    // Every finding of that CVE the cluster holds (the docs' report and the other reports of kind-dev
    // that carry it), which the view counted before as none.
    const row = rows.find((r) => r.includes(CVE));
    assert.match(row!, new RegExp(`^  ${CVE} — suppresses [1-9]\\d*, expires 2031-01-31 · ${STATEMENT}$`));
  });

  it('shows it again marked suppressed, its hover naming the entry, when suppressed findings are shown', async () => {
    await api.filters.set({ ...api.filters.filters, showSuppressed: true });
    const [shown] = cve(
      await waitForDiagnostics(manifest(), `${CVE} shown, marked suppressed`, (d) => cve(d).length === 1),
    );
    assert.match(shown!.message, /\(suppressed\)$/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      manifest(),
      shown!.range.start,
    );
    const markdown = hovers
      .flatMap((h) => h.contents)
      .map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))
      .join('\n')
      // The text a person reads: Markdown's escapes taken off.
      .replace(/\\(.)/g, '$1');
    assert.ok(markdown.includes(`by ${IGNORE_FILE} line 2, until 2031-01-31`), markdown);
    assert.ok(markdown.includes('libbsd0 is not used by nginx'), markdown);
  });
});
