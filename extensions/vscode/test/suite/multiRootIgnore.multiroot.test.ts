import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, Settings } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import { FAKE_CONTEXTS } from '../harness/clusterControlProtocol.js';
import { EXTENSION_ID, quickFixesAt, waitForDiagnostics } from './workbench/testWorkspace.js';
import { waitFor } from './workbench/waitFor.js';

// The multi-root launch opens a .code-workspace of two folders (launcher/testWorkspace.ts,
// MULTI_ROOT_FOLDERS): `chart`, the Helm chart, first; `ops`, with the manifest kubectl wrote of
// kind-dev's nginx Deployment, whose ReplicaSet's reports are the Trivy Operator docs': the
// VulnerabilityReport (CVE-2019-20367 in libbsd0, CVE-2018-25009 in libwebp6) and the
// ConfigAuditReport (privilegeEscalationAllowed, notReadOnlyRootFilesystem), problems on the
// manifest's lines.
const MANIFEST = 'k8s/nginx-deployment.yaml';
const LIBBSD = 'CVE-2019-20367';
const LIBWEBP = 'CVE-2018-25009';
const CHECK = 'privilegeEscalationAllowed';
const READ_ONLY = 'notReadOnlyRootFilesystem';

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const folder = (name: string): vscode.WorkspaceFolder => {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `the workspace has a folder ${name}`);
  return found;
};
const inFolder = (name: string, path: string) => vscode.Uri.joinPath(folder(name).uri, ...path.split('/'));
const write = (uri: vscode.Uri, text: string) =>
  vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

describe("Every workspace folder's root ignore file judges the cluster's findings", function () {
  let api: ExtensionApi;
  const manifest = () => inFolder('ops', MANIFEST);
  const source = `Trivy (${FAKE_CONTEXTS.dev})`;
  const ids = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === source).map(codeOf);
  const has = (id: string) => (d: readonly vscode.Diagnostic[]) => ids(d).includes(id);
  const lacks = (id: string) => (d: readonly vscode.Diagnostic[]) =>
    ids(d).length > 0 && !ids(d).includes(id);
  // A third folder, beside the two, added and removed at run time.
  const extra = () => vscode.Uri.joinPath(folder('chart').uri, '..', 'extra');

  before(async function () {
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((f) => f.name),
      ['chart', 'ops'],
      'the multi-root launch opens two folders',
    );
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await api.ready;
    await waitForDiagnostics(manifest(), "the cluster's findings on the second folder's manifest", (d) =>
      [LIBBSD, LIBWEBP, CHECK, READ_ONLY].every((id) => has(id)(d)),
    );
  });

  after(async function () {
    await api.filters.clear();
    for (const uri of [inFolder('chart', '.trivyignore.yaml'), inFolder('ops', '.trivyignore.yaml')])
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("hides the cluster's findings by each folder's entries, each hover naming its file", async () => {
    await write(
      inFolder('chart', '.trivyignore.yaml'),
      `vulnerabilities:\n  - id: ${LIBWEBP}\n    statement: no WebP images are decoded\n`,
    );
    await write(
      inFolder('ops', '.trivyignore.yaml'),
      `misconfigurations:\n  - id: ${READ_ONLY}\n    statement: nginx writes its cache\n`,
    );
    await waitForDiagnostics(manifest(), `${LIBWEBP} and ${READ_ONLY} hidden`, (d) =>
      [LIBWEBP, READ_ONLY].every((id) => lacks(id)(d)),
    );
    assert.ok(has(LIBBSD)(vscode.languages.getDiagnostics(manifest())), 'the other CVE stays');

    await api.filters.set({ ...api.filters.filters, showSuppressed: true });
    const shown = await waitForDiagnostics(manifest(), 'both shown, marked suppressed', (d) =>
      [LIBWEBP, READ_ONLY].every((id) =>
        d.some((x) => codeOf(x) === id && /\(suppressed\)$/.test(x.message)),
      ),
    );
    const hoverOf = async (id: string) => {
      const at = shown.find((x) => x.source === source && codeOf(x) === id)!.range.start;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        manifest(),
        at,
      );
      return hovers
        .flatMap((h) => h.contents)
        .map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))
        .join('\n')
        .replace(/\\(.)/g, '$1');
    };
    // Each file is named with its folder, so two folders' files are told apart.
    const libwebp = await hoverOf(LIBWEBP);
    assert.ok(libwebp.includes('by chart/.trivyignore.yaml line 2, with no expiry'), libwebp);
    assert.ok(libwebp.includes('no WebP images are decoded'), libwebp);
    const readOnly = await hoverOf(READ_ONLY);
    assert.ok(readOnly.includes('by ops/.trivyignore.yaml line 2, with no expiry'), readOnly);
    await api.filters.clear();
  });

  it('writes "Suppress in .trivyignore.yaml" of a finding on the second folder\'s manifest to that folder\'s file, and hides it', async () => {
    const [diagnostic] = (
      await waitForDiagnostics(manifest(), `the cluster's ${LIBBSD}`, has(LIBBSD))
    ).filter((x) => x.source === source && codeOf(x) === LIBBSD);
    const actions = await quickFixesAt(manifest(), diagnostic!);
    const suppress = actions.find((a) => a.title === `Suppress ${LIBBSD} in .trivyignore.yaml…`);
    assert.equal(
      suppress?.command?.command,
      Commands.suppressFinding,
      JSON.stringify(actions.map((a) => a.title)),
    );
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      suppress!.command!.command,
      ...(suppress!.command!.arguments ?? []),
      { statement: 'libbsd0 is not used by nginx', expiresAt: '2031-01-31' },
    );
    assert.equal(written?.toString(), inFolder('ops', '.trivyignore.yaml').toString());
    assert.match(await read(inFolder('ops', '.trivyignore.yaml')), new RegExp(`- id: ${LIBBSD}\\n`));
    assert.ok(
      !(await read(inFolder('chart', '.trivyignore.yaml'))).includes(LIBBSD),
      "chart's file untouched",
    );
    await waitForDiagnostics(manifest(), `${LIBBSD} hidden by ops's file`, lacks(LIBBSD));

    // The Suppressions view lists each folder's file with its entries, each counting the cluster's findings.
    const rows = await waitFor(
      async () => {
        await api.suppressionsView.refresh();
        return api.suppressionsView.rows();
      },
      (r) => r.includes('ops/.trivyignore.yaml') && r.includes('chart/.trivyignore.yaml'),
      { what: "the Suppressions view to list both folders' files" },
    );
    const entry = (id: string) => rows.find((r) => r.startsWith(`  ${id} — `));
    assert.match(
      entry(LIBWEBP) ?? '',
      /^ {2}\S+ — suppresses [1-9]\d* · no WebP images are decoded$/,
      rows.join('\n'),
    );
    assert.match(
      entry(LIBBSD) ?? '',
      /^ {2}\S+ — suppresses [1-9]\d*, expires 2031-01-31 · /,
      rows.join('\n'),
    );
    assert.ok(rows.indexOf('chart/.trivyignore.yaml') < rows.indexOf(entry(LIBWEBP)!), rows.join('\n'));
    assert.ok(rows.indexOf('ops/.trivyignore.yaml') < rows.indexOf(entry(LIBBSD)!), rows.join('\n'));
  });

  it('follows a folder added with its own ignore file, and removed again', async () => {
    await vscode.workspace.fs.createDirectory(extra());
    await write(vscode.Uri.joinPath(extra(), '.trivyignore'), `# the platform team's\n${CHECK}\n`);
    assert.ok(has(CHECK)(vscode.languages.getDiagnostics(manifest())));

    const added = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => (sub.dispose(), resolve()));
    });
    assert.ok(vscode.workspace.updateWorkspaceFolders(2, 0, { uri: extra(), name: 'extra' }));
    await added;
    // Seen above: gone now (the other findings on the manifest are suppressed by now, so none may be left).
    await waitForDiagnostics(manifest(), `${CHECK} hidden by the added folder's file`, (d) => !has(CHECK)(d));

    const removed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => (sub.dispose(), resolve()));
    });
    assert.ok(vscode.workspace.updateWorkspaceFolders(2, 1));
    await removed;
    await waitForDiagnostics(manifest(), `${CHECK} shown again once its folder is gone`, has(CHECK));
  });

  it("shows a finding again at the moment its entry in the second folder's file expires", async () => {
    // The first folder has a file too (as after the first spec), so the entry that expires is not the first file's.
    await write(
      inFolder('chart', '.trivyignore.yaml'),
      `vulnerabilities:\n  - id: ${LIBWEBP}\n    statement: no WebP images are decoded\n`,
    );
    await vscode.workspace.fs.delete(inFolder('ops', '.trivyignore.yaml')).then(undefined, () => undefined);
    await waitForDiagnostics(manifest(), `${LIBBSD} shown without the second folder's file`, has(LIBBSD));
    // A full RFC 3339 time, which Trivy's `expired_at` takes too: a few seconds from now.
    const stamp = new Date(Date.now() + 10_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const expiry = Date.parse(stamp);
    await write(
      inFolder('ops', '.trivyignore.yaml'),
      `vulnerabilities:\n  - id: ${LIBBSD}\n    statement: until the rebuild\n    expired_at: ${stamp}\n`,
    );
    await waitForDiagnostics(manifest(), `${LIBBSD} hidden until ${stamp}`, lacks(LIBBSD));
    assert.ok(Date.now() < expiry, 'hidden before the entry expired, so the check below means something');
    await waitFor(() => vscode.languages.getDiagnostics(manifest()), has(LIBBSD), {
      what: `${LIBBSD} shown again once its entry expired`,
      timeoutMs: 30_000,
    });
    assert.ok(Date.now() >= expiry, `${LIBBSD} came back ${expiry - Date.now()} ms before its entry expired`);
  });

  it("leaves a local finding of the first folder to its own folder's file: the second folder's entry never hides it", async () => {
    const dockerfile = inFolder('chart', 'Dockerfile');
    const local = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === 'Trivy').map(codeOf);
    await write(inFolder('chart', '.trivyignore.yaml'), `vulnerabilities:\n  - id: ${LIBWEBP}\n`);
    await write(dockerfile, 'FROM alpine:3.13\n\nHEALTHCHECK NONE');
    const config = vscode.workspace.getConfiguration();
    await config.update(Settings.scanOnSave, true, vscode.ConfigurationTarget.Global);
    try {
      await vscode.window.showTextDocument(dockerfile);
      // The fake trivy's `trivy config` of a Dockerfile: DS002, the root user.
      await waitForDiagnostics(dockerfile, "the local scan's DS002", (d) => local(d).includes('DS002'));
      // The second folder's file judges the cluster's findings, not the first folder's local scans.
      await write(
        inFolder('ops', '.trivyignore.yaml'),
        `misconfigurations:\n  - id: DS002\n  - id: ${CHECK}\n`,
      );
      await waitForDiagnostics(
        manifest(),
        `${CHECK} hidden by the second folder's file`,
        (d) => !has(CHECK)(d),
      );
      assert.deepEqual(local(vscode.languages.getDiagnostics(dockerfile)), ['DS002']);
      // Its own folder's entry hides it, as trivy --ignorefile would.
      await write(
        inFolder('chart', '.trivyignore.yaml'),
        `vulnerabilities:\n  - id: ${LIBWEBP}\nmisconfigurations:\n  - id: DS002\n`,
      );
      await waitForDiagnostics(
        dockerfile,
        "DS002 hidden by the first folder's file",
        (d) => !local(d).includes('DS002'),
      );
    } finally {
      await config.update(Settings.scanOnSave, undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(dockerfile).then(undefined, () => undefined);
    }
  });

  it("writes a suppression to the folder's plain .trivyignore when that is its file, keeping its entries in force", async () => {
    const plain = inFolder('ops', '.trivyignore');
    await vscode.workspace.fs.delete(inFolder('ops', '.trivyignore.yaml')).then(undefined, () => undefined);
    // Both shown first, so that CHECK hidden below is the plain file's doing, read.
    await waitForDiagnostics(
      manifest(),
      `${CHECK} and ${READ_ONLY} shown with no file in ops`,
      (d) => has(CHECK)(d) && has(READ_ONLY)(d),
    );
    await write(plain, `# the platform team accepts it\n${CHECK}\n`);
    try {
      const [diagnostic] = (
        await waitForDiagnostics(
          manifest(),
          `${CHECK} hidden by ops's .trivyignore, ${READ_ONLY} shown`,
          (d) => !has(CHECK)(d) && has(READ_ONLY)(d),
        )
      ).filter((x) => x.source === source && codeOf(x) === READ_ONLY);
      const actions = await quickFixesAt(manifest(), diagnostic!);
      const suppress = actions.find((a) => a.title === `Suppress ${READ_ONLY} in .trivyignore…`);
      assert.ok(suppress?.command, JSON.stringify(actions.map((a) => a.title)));
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(
        suppress.command.command,
        ...(suppress.command.arguments ?? []),
        { statement: 'the image writes to its root', expiresAt: '2031-01-31' },
      );
      assert.equal(written?.toString(), plain.toString());
      assert.equal(
        await read(plain),
        `# the platform team accepts it\n${CHECK}\n# the image writes to its root\n${READ_ONLY} exp:2031-01-31\n`,
      );
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.stat(inFolder('ops', '.trivyignore.yaml'))),
        'no .trivyignore.yaml was made to take its place',
      );
      await waitForDiagnostics(
        manifest(),
        `${READ_ONLY} hidden too, ${CHECK} still hidden`,
        (d) => !has(READ_ONLY)(d) && !has(CHECK)(d),
      );
    } finally {
      await vscode.workspace.fs.delete(plain).then(undefined, () => undefined);
    }
  });
});
