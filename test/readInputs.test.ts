// readInputs over the real file system (NodeFileReader): folders flat and recursive, every
// file-system error a problem on its input, the ignore file, plain data out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../shared/src/inputs/readInputs.js';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';
import { assertPlainData } from './plainData.js';

const files = new NodeFileReader();
const sizeOf = (path: string) => statSync(path).size;
const fixture = (p: string) => new URL(`fixtures/${p}`, import.meta.url).pathname;

describe('readInputs', () => {
  let dir: string;
  let scans: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-inputs-'));
    // scans/: an image scan, a saved report, a note; scans/old/: another scan, read with recursive only.
    scans = join(dir, 'scans');
    mkdirSync(join(scans, 'old'), { recursive: true });
    copyFileSync(fixture('trivy/image_alpine-3.10_trivy-json.json'), join(scans, 'alpine.json'));
    copyFileSync(
      fixture('reports/vulnerabilityreport_replicaset-nginx_docs.yaml'),
      join(scans, 'nginx.yaml'),
    );
    writeFileSync(join(scans, 'README.txt'), 'not a report');
    writeFileSync(join(scans, '.trivyignore'), 'CVE-2019-1549\n');
    copyFileSync(fixture('trivy/secret_repo_trivy-json.json'), join(scans, 'old', 'secrets.json'));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop')); // a link to itself
    symlinkSync(fixture('trivy'), join(scans, 'fixtures-link')); // out of the folder
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the files directly in a folder, and lists the subfolders it did not enter', async () => {
    const read = await readInputs(files, { paths: [scans] });
    assert.deepEqual(
      read.sources.map((s) => [s.path.slice(dir.length + 1), s.format, s.findings]),
      [
        ['scans/alpine.json', 'trivy-json', 4],
        ['scans/nginx.yaml', 'report-object', 2],
      ],
    );
    assert.equal(read.read, 2);
    assert.equal(read.findings.length, 6);
    assert.deepEqual(
      read.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason]),
      [
        ['scans/fixtures-link', 'outside'],
        ['scans/old', 'subfolder'],
      ],
    );
  });

  it('reads the subtree with recursive, never through a link out of the folder', async () => {
    const read = await readInputs(files, { paths: [scans], recursive: true });
    assert.deepEqual(
      read.sources.map((s) => s.path.slice(dir.length + 1)),
      ['scans/alpine.json', 'scans/nginx.yaml', 'scans/old/secrets.json'],
    );
    assert.deepEqual(
      read.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason]),
      [['scans/fixtures-link', 'outside']],
    );
  });

  it('makes a symlink loop and a missing file problems on their inputs, and reads the good inputs beside them', async () => {
    const loop = join(dir, 'loop');
    const missing = join(dir, 'missing.json');
    const good = fixture('trivy/image_alpine-3.10_trivy-json.json');
    const read = await readInputs(files, { paths: [loop, good, missing] });
    assert.deepEqual(
      read.sources.map((s) => [s.path, s.format, s.problems.map((p) => [p.level, p.message, p.source])]),
      [
        [loop, 'unknown', [['error', `cannot stat ${loop}: too many levels of symbolic links`, loop]]],
        [good, 'trivy-json', []],
        [missing, 'unknown', [['error', 'no such file or directory', missing]]],
      ],
    );
    assert.equal(read.read, 1);
    assert.equal(read.findings.length, 4);
  });

  it('says when a folder has nothing to read, and how deep it looked', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    const flat = await readInputs(files, { paths: [empty] });
    assert.deepEqual(
      flat.sources.map((s) => [s.format, s.problems.map((p) => p.message)]),
      [['folder', ['no .json, .yaml or .sarif files directly in the folder']]],
    );
    assert.equal(flat.read, 0);
    const deep = await readInputs(files, { paths: [empty], recursive: true });
    assert.deepEqual(
      deep.sources.flatMap((s) => s.problems.map((p) => p.message)),
      ['no .json, .yaml or .sarif files in the folder or below it'],
    );
  });

  it("applies Trivy's default ignore file of a folder, never reading it as an input, and says where it came from", async () => {
    const read = await readInputs(files, { paths: [scans], ignore: { defaultsIn: scans } });
    const suppressed = read.findings.filter((e) => e.finding.suppressed).map((e) => e.finding.id);
    // CVE-2019-1549 is in libcrypto1.1 and libssl1.1 of the alpine scan.
    assert.deepEqual(suppressed, ['CVE-2019-1549', 'CVE-2019-1549']);
    assert.deepEqual(read.sources.at(-1), {
      path: join(scans, '.trivyignore'),
      input: join(scans, '.trivyignore'),
      format: 'trivyignore',
      findings: 0,
      problems: [],
    });
    const named = await readInputs(files, { paths: [scans], ignore: { path: join(dir, 'none') } });
    assert.deepEqual(
      named.sources.at(-1)?.problems.map((p) => p.message),
      [`cannot read the ignore file: cannot read ${join(dir, 'none')}: no such file or directory`],
    );
    assert.ok(named.findings.every((e) => !e.finding.suppressed));
  });

  it('refuses a file over the size limit as a problem on it', async () => {
    // The alpine scan is 20 KB, the nginx report 2 KB.
    const read = await readInputs(files, { paths: [scans], limitBytes: 4000 });
    assert.deepEqual(
      read.sources.map((s) => [s.path.slice(dir.length + 1), s.format, s.problems.map((p) => p.message)]),
      [
        [
          'scans/alpine.json',
          'unknown',
          [
            `${join(scans, 'alpine.json')} is ${sizeOf(join(scans, 'alpine.json'))} bytes, over the 4000 bytes limit; not read`,
          ],
        ],
        ['scans/nginx.yaml', 'report-object', []],
      ],
    );
  });

  it('gives findings their workload and returns nothing but plain data', async () => {
    const read = await readInputs(files, { paths: [scans], ignore: { defaultsIn: scans } });
    const nginx = read.findings.filter((e) => e.workload);
    assert.deepEqual(
      nginx.map((e) => e.workload),
      [1, 2].map(() => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'nginx',
        inferred: true,
      })),
    );
    assertPlainData(read);
  });

  it('stops reading files once its signal is aborted', async () => {
    const stop = new AbortController();
    stop.abort();
    const read = await readInputs(files, { paths: [scans], signal: stop.signal });
    assert.deepEqual(read.sources, []);
  });
});
