// readIgnoreFile over the real file system (NodeFileReader): which default name a folder's file
// is found by, and the one size limit every host reads ignore files with.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IGNORE_FILE_LIMIT_BYTES,
  readIgnoreFile,
  WORKSPACE_IGNORE_FILES,
} from '../shared/src/inputs/ignoreFileInput.js';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';

const files = new NodeFileReader();

describe('readIgnoreFile', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ignore-file-input-'));
    mkdirSync(join(dir, 'both'));
    writeFileSync(join(dir, 'both', '.trivyignore'), 'CVE-2019-1549\n');
    writeFileSync(
      join(dir, 'both', '.trivyignore.yaml'),
      'vulnerabilities:\n  - id: CVE-2019-1551\n    statement: reviewed\n',
    );
    mkdirSync(join(dir, 'large'));
    // A valid file one byte over the limit: refused before it is read.
    const line = 'CVE-2019-1549\n';
    writeFileSync(
      join(dir, 'large', '.trivyignore.yaml'),
      'vulnerabilities:\n' + `  - id: CVE-2019-1551\n`.repeat(Math.ceil(IGNORE_FILE_LIMIT_BYTES / 22)),
    );
    writeFileSync(join(dir, 'large', '.trivyignore'), line);
    mkdirSync(join(dir, 'none'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("finds trivy's default first, or the editor's order when named", async () => {
    const trivys = await readIgnoreFile(files, { defaultsIn: join(dir, 'both') });
    assert.equal(trivys?.path, join(dir, 'both', '.trivyignore'));
    const editors = await readIgnoreFile(files, {
      defaultsIn: join(dir, 'both'),
      names: WORKSPACE_IGNORE_FILES,
    });
    assert.equal(editors?.path, join(dir, 'both', '.trivyignore.yaml'));
    assert.deepEqual(
      editors?.file?.entries.map((e) => [e.id, e.statement, e.line]),
      [['CVE-2019-1551', 'reviewed', 2]],
    );
    assert.equal(
      await readIgnoreFile(files, { defaultsIn: join(dir, 'none'), names: WORKSPACE_IGNORE_FILES }),
      undefined,
    );
  });

  it('refuses a file over the limit with a problem on it, and reads nothing of it', async () => {
    const read = await readIgnoreFile(files, {
      defaultsIn: join(dir, 'large'),
      names: WORKSPACE_IGNORE_FILES,
    });
    assert.equal(read?.path, join(dir, 'large', '.trivyignore.yaml'));
    assert.equal(read?.file, undefined);
    assert.equal(read?.problems.length, 1);
    assert.match(read!.problems[0]!.message, /cannot read the ignore file: .*(large|limit|MB|bytes)/i);
  });
});
