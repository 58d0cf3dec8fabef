import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';
import { FileTooLargeError } from '../shared/src/ports/fileReader.js';

const reader = new NodeFileReader();

describe('NodeFileReader', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'node-file-reader-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('readText', () => {
    it('reads UTF-8 and drops a byte order mark', async () => {
      const path = join(dir, 'bom.yaml');
      writeFileSync(
        path,
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kind: Pod # ünïcode\n')]),
      );
      assert.equal(await reader.readText(path, 1024), 'kind: Pod # ünïcode\n');
    });

    it('keeps a BOM-like character that is not at the start', async () => {
      const path = join(dir, 'inner.txt');
      writeFileSync(path, 'a\uFEFFb');
      assert.equal(await reader.readText(path, 1024), 'a\uFEFFb');
    });

    it('reads a file exactly at the limit', async () => {
      const path = join(dir, 'exact.txt');
      writeFileSync(path, 'x'.repeat(100));
      assert.equal((await reader.readText(path, 100)).length, 100);
    });

    it('rejects a file over the limit with FileTooLargeError, from the stat, without reading it', async () => {
      const path = join(dir, 'big.json');
      writeFileSync(path, '');
      truncateSync(path, 1024 * 1024 * 1024); // a sparse 1 GiB file
      await assert.rejects(reader.readText(path, 100), (err: FileTooLargeError) => {
        assert.ok(err instanceof FileTooLargeError);
        // The capped read could see at most limit + 1 bytes; the full size can only come from stat.
        assert.equal(err.size, 1024 * 1024 * 1024);
        assert.equal(err.limitBytes, 100);
        assert.equal(err.path, path);
        assert.match(err.message, /is 1024\.0 MB, over the 100 bytes limit; not read/);
        return true;
      });
    });

    it('names the path when the file is missing, a directory, or not a regular file', async () => {
      await assert.rejects(
        reader.readText(join(dir, 'missing.yaml'), 10),
        /cannot read .*missing\.yaml: no such file or directory/,
      );
      await assert.rejects(reader.readText(dir, 10), /it is a directory/);
      const fifo = join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      // Opening a FIFO would block until a writer comes; it must be refused before that.
      await assert.rejects(reader.readText(fifo, 10), /not a regular file/);
    });

    it('turns invalid UTF-8 into replacement characters instead of failing', async () => {
      const path = join(dir, 'latin1.txt');
      writeFileSync(path, Buffer.from([0x61, 0xff, 0x62]));
      assert.equal(await reader.readText(path, 10), 'a\uFFFDb');
    });
  });

  describe('stat', () => {
    it('gives size and type, and undefined for nothing there', async () => {
      const path = join(dir, 'five.txt');
      writeFileSync(path, '12345');
      assert.deepEqual(await reader.stat(path), { size: 5, isDirectory: false });
      assert.equal((await reader.stat(dir))?.isDirectory, true);
      assert.equal(await reader.stat(join(dir, 'nope')), undefined);
      assert.equal(await reader.stat(join(path, 'below-a-file')), undefined);
      const dangling = join(dir, 'dangling');
      symlinkSync(join(dir, 'gone'), dangling);
      assert.equal(await reader.stat(dangling), undefined);
    });
  });

  describe('listFiles', () => {
    let tree: string;
    before(() => {
      tree = join(dir, 'tree');
      for (const d of ['a/b', 'node_modules/pkg', '.git/objects', 'c', 'deep/node_modules'])
        mkdirSync(join(tree, d), { recursive: true });
      for (const f of [
        'top.yaml',
        'a/one.yaml',
        'a/b/two.yaml',
        'node_modules/pkg/index.js',
        '.git/HEAD',
        'c/three.yaml',
        'deep/node_modules/x.js',
      ])
        writeFileSync(join(tree, f), f);
      symlinkSync(join(tree, 'a'), join(tree, 'c', 'link-to-a')); // a second way into a/
      symlinkSync(tree, join(tree, 'a', 'b', 'loop')); // a link to an ancestor
      symlinkSync(join(tree, 'top.yaml'), join(tree, 'c', 'top-link.yaml')); // a link to a file
      symlinkSync(join(tree, 'gone'), join(tree, 'c', 'dangling')); // a link to nothing
    });

    it('lists regular files recursively, skipping node_modules and .git, following links without looping', async () => {
      const files = await reader.listFiles(tree);
      const rel = files.map((f) => f.slice(tree.length + 1));
      // a/ is entered once, through whichever path comes first; the loop link back to the tree
      // root is not entered again; the file link is listed; the dangling link is not.
      assert.deepEqual(rel, ['a/b/two.yaml', 'a/one.yaml', 'c/three.yaml', 'c/top-link.yaml', 'top.yaml']);
    });

    it('rejects a directory that is not there', async () => {
      await assert.rejects(
        reader.listFiles(join(dir, 'absent')),
        /cannot list .*absent: no such file or directory/,
      );
    });
  });
});
