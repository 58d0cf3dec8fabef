import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';
import { FileTooLargeError, type FileListing } from '../shared/src/ports/fileReader.js';

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
    let outside: string;
    const rel = (paths: readonly string[]) => paths.map((f) => f.slice(tree.length + 1));
    const skipped = (listing: FileListing) =>
      listing.skipped.map((s) => [s.path.slice(tree.length + 1), s.reason, s.message ?? null]);
    before(() => {
      tree = join(dir, 'tree');
      outside = join(dir, 'outside');
      for (const d of ['a/b', 'node_modules/pkg', '.git/objects', 'c', 'deep/node_modules'])
        mkdirSync(join(tree, d), { recursive: true });
      mkdirSync(outside);
      writeFileSync(join(outside, 'secret.yaml'), 'kind: Secret\n');
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
      symlinkSync(join(tree, 'c', 'self'), join(tree, 'c', 'self')); // a link to itself
      symlinkSync(outside, join(tree, 'c', 'out-dir')); // out of the tree: a folder …
      symlinkSync(join(outside, 'secret.yaml'), join(tree, 'c', 'out.yaml')); // … and a file
      symlinkSync(dir, join(tree, 'c', 'parent')); // an ancestor of the tree
      execFileSync('mkfifo', [join(tree, 'c', 'fifo')]);
    });

    it('lists the files directly in a folder and says which subfolders it did not enter', async () => {
      const listing = await reader.listFiles(tree);
      assert.deepEqual(rel(listing.files), ['top.yaml']);
      assert.deepEqual(skipped(listing), [
        ['.git', 'excluded', null],
        ['a', 'subfolder', null],
        ['c', 'subfolder', null],
        ['deep', 'subfolder', null],
        ['node_modules', 'excluded', null],
      ]);
    });

    it('lists a subtree without following links out of it or into a loop, skipping node_modules and .git', async () => {
      const listing = await reader.listFiles(tree, { recursive: true });
      // a/ is listed through its own path only; the file link inside the tree is listed.
      assert.deepEqual(rel(listing.files), [
        'a/b/two.yaml',
        'a/one.yaml',
        'c/three.yaml',
        'c/top-link.yaml',
        'top.yaml',
      ]);
      assert.deepEqual(skipped(listing), [
        ['.git', 'excluded', null],
        ['a/b/loop', 'link', null],
        ['c/dangling', 'unreadable', 'no such file or directory'],
        ['c/fifo', 'not-a-file', null],
        ['c/link-to-a', 'link', null],
        ['c/out-dir', 'outside', null],
        ['c/out.yaml', 'outside', null],
        ['c/parent', 'outside', null],
        ['c/self', 'unreadable', 'too many levels of symbolic links'],
        ['deep/node_modules', 'excluded', null],
        ['node_modules', 'excluded', null],
      ]);
    });

    it('lists a folder given through a link to it', async () => {
      const link = join(dir, 'tree-link');
      symlinkSync(tree, link);
      const listing = await reader.listFiles(link, { recursive: true });
      assert.deepEqual(
        listing.files.map((f) => f.slice(link.length + 1)),
        ['a/b/two.yaml', 'a/one.yaml', 'c/three.yaml', 'c/top-link.yaml', 'top.yaml'],
      );
    });

    it('stops at its limit and says so', async () => {
      const listing = await reader.listFiles(tree, { recursive: true, limit: 2 });
      assert.equal(listing.files.length, 2);
      assert.deepEqual(
        listing.skipped.filter((s) => s.reason === 'limit'),
        [{ path: tree, reason: 'limit', message: 'more than 2 files; the rest is not listed' }],
      );
    });

    it('answers for a folder that is not there, or not a folder, instead of rejecting', async () => {
      const absent = join(dir, 'absent');
      assert.deepEqual(await reader.listFiles(absent), {
        files: [],
        skipped: [{ path: absent, reason: 'unreadable', message: 'no such file or directory' }],
      });
      const file = join(tree, 'top.yaml');
      assert.deepEqual(await reader.listFiles(file), {
        files: [],
        skipped: [{ path: file, reason: 'unreadable', message: 'not a directory' }],
      });
    });

    it('skips a folder it may not read, and answers for one given it', () => {
      // Root reads any folder, so the listing runs as an unprivileged user when the tests run as root.
      const locked = join(dir, 'locked');
      mkdirSync(join(locked, 'inner'), { recursive: true });
      writeFileSync(join(locked, 'ok.yaml'), 'x');
      chmodSync(join(locked, 'inner'), 0o000);
      chmodSync(dir, 0o755);
      try {
        const listed = listAsUnprivileged(locked);
        assert.deepEqual(listed, {
          files: [join(locked, 'ok.yaml')],
          skipped: [{ path: join(locked, 'inner'), reason: 'unreadable', message: 'permission denied' }],
        });
        assert.deepEqual(listAsUnprivileged(join(locked, 'inner')), {
          files: [],
          skipped: [{ path: join(locked, 'inner'), reason: 'unreadable', message: 'permission denied' }],
        });
      } finally {
        chmodSync(join(locked, 'inner'), 0o755);
      }
    });
  });
});

/** `listFiles(path, { recursive: true })` in a child process, as user nobody when this one is root. */
function listAsUnprivileged(path: string): FileListing {
  const script = `import { NodeFileReader } from ${JSON.stringify(new URL('../shared/src/node/nodeFileReader.ts', import.meta.url).href)};
process.stdout.write(JSON.stringify(await new NodeFileReader().listFiles(${JSON.stringify(path)}, { recursive: true })));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
  });
  return JSON.parse(out) as FileListing;
}
