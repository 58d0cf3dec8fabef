import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import * as vscode from 'vscode';
import { FileTooLargeError } from '@trivy-findings/core/ports/fileReader.js';
import { VscodeFileReader } from '../../src/adapters/vscodeFileReader.js';
import { workspaceUri, writeWorkspaceFile } from './workbench/testWorkspace.js';

/** The real `workspace.fs` (a frozen object, hence delegation), with a record of whole-file reads. */
function recordingFs(): { fs: vscode.FileSystem; read: string[] } {
  const read: string[] = [];
  const real = vscode.workspace.fs;
  const fs: vscode.FileSystem = {
    stat: (uri) => real.stat(uri),
    readDirectory: (uri) => real.readDirectory(uri),
    createDirectory: (uri) => real.createDirectory(uri),
    readFile: (uri) => {
      read.push(uri.path);
      return real.readFile(uri);
    },
    writeFile: (uri, content) => real.writeFile(uri, content),
    delete: (uri, options) => real.delete(uri, options),
    rename: (source, target, options) => real.rename(source, target, options),
    copy: (source, target, options) => real.copy(source, target, options),
    isWritableFileSystem: (scheme) => real.isWritableFileSystem(scheme),
  };
  return { fs, read };
}

describe('VscodeFileReader over workspace.fs', () => {
  it('refuses a file over the limit without reading it', async () => {
    const big = await writeWorkspaceFile('reader/big_trivy.json', `{"pad": "${'x'.repeat(4096)}"}`);
    const { fs, read } = recordingFs();
    await assert.rejects(new VscodeFileReader(fs).readText(big.toString(), 1024), (err: unknown) => {
      assert.ok(err instanceof FileTooLargeError);
      assert.equal(err.size, 4107);
      return true;
    });
    assert.deepEqual(read, []);
  });

  it('reads UTF-8 text without its byte order mark, by URI string or file path', async () => {
    const uri = workspaceUri('reader/bom.yaml');
    await vscode.workspace.fs.writeFile(
      uri,
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('kind: Pod\n')]),
    );
    const reader = new VscodeFileReader(vscode.workspace.fs);
    assert.equal(await reader.readText(uri.toString(), 1024), 'kind: Pod\n');
    assert.equal(await reader.readText(uri.fsPath, 1024), 'kind: Pod\n');
  });

  it('refuses a FIFO instead of waiting on it', async () => {
    // Named so no watcher of the extension takes it for a manifest or a scan, and removed after.
    const fifo = workspaceUri('reader/pipe');
    execFileSync('mkfifo', [fifo.fsPath]);
    try {
      const reader = new VscodeFileReader(vscode.workspace.fs);
      await assert.rejects(reader.readText(fifo.toString(), 1024), /not a regular file/);
    } finally {
      rmSync(fifo.fsPath, { force: true });
    }
  });

  it('says a missing file is not there, and a directory is one', async () => {
    const reader = new VscodeFileReader(vscode.workspace.fs);
    assert.equal(await reader.stat(workspaceUri('reader/none.yaml').toString()), undefined);
    assert.equal((await reader.stat(workspaceUri('templates').toString()))?.isDirectory, true);
    await assert.rejects(reader.readText(workspaceUri('templates').toString(), 1024), /it is a directory/);
    await assert.rejects(reader.readText(workspaceUri('reader/none.yaml').toString(), 1024), /no such file/);
  });

  it('lists the files in a folder, or below it, skipping node_modules and .git, saying what it skipped', async () => {
    for (const path of ['list/b.yaml', 'list/a/c.yaml', 'list/node_modules/x.yaml', 'list/.git/config'])
      await writeWorkspaceFile(path, '');
    const reader = new VscodeFileReader(vscode.workspace.fs);
    const root = workspaceUri('list');
    const at = (p: string) => workspaceUri(p).fsPath;
    assert.deepEqual(await reader.listFiles(root.fsPath), {
      files: [at('list/b.yaml')],
      skipped: [
        { path: at('list/.git'), reason: 'excluded' },
        { path: at('list/a'), reason: 'subfolder' },
        { path: at('list/node_modules'), reason: 'excluded' },
      ],
    });
    assert.deepEqual(await reader.listFiles(root.fsPath, { recursive: true }), {
      files: [at('list/a/c.yaml'), at('list/b.yaml')],
      skipped: [
        { path: at('list/.git'), reason: 'excluded' },
        { path: at('list/node_modules'), reason: 'excluded' },
      ],
    });
    // By URI string, the paths come back as URI strings.
    const byUri = await reader.listFiles(root.toString(), { recursive: true });
    assert.deepEqual(byUri.files, [
      workspaceUri('list/a/c.yaml').toString(),
      workspaceUri('list/b.yaml').toString(),
    ]);
  });

  it('never follows a symbolic link, to a folder or a file, and says so', async () => {
    await writeWorkspaceFile('links/real.yaml', '');
    await writeWorkspaceFile('links/sub/inner.yaml', '');
    // The extension host is Node: the links are made with node:fs on the local test workspace.
    symlinkSync(workspaceUri('links/real.yaml').fsPath, workspaceUri('links/file-link.yaml').fsPath);
    symlinkSync(workspaceUri('links/sub').fsPath, workspaceUri('links/dir-link').fsPath);
    const reader = new VscodeFileReader(vscode.workspace.fs);
    const at = (p: string) => workspaceUri(p).fsPath;
    assert.deepEqual(await reader.listFiles(at('links'), { recursive: true }), {
      files: [at('links/real.yaml'), at('links/sub/inner.yaml')],
      skipped: [
        { path: at('links/dir-link'), reason: 'link' },
        { path: at('links/file-link.yaml'), reason: 'link' },
      ],
    });
  });

  it('answers for a folder that is not there instead of rejecting', async () => {
    const reader = new VscodeFileReader(vscode.workspace.fs);
    const absent = workspaceUri('list-absent').fsPath;
    assert.deepEqual(await reader.listFiles(absent), {
      files: [],
      skipped: [{ path: absent, reason: 'unreadable', message: 'no such file or directory' }],
    });
  });
});
