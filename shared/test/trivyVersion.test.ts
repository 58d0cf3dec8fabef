import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareReleases,
  isTrivyAtLeast,
  parseReleaseNumber,
  parseTrivyVersionOutput,
  trivySupports,
} from '../src/trivy/trivyVersion.js';

// Outputs of `trivy --version --format json` as Trivy's own test expects them
// (aquasecurity/trivy pkg/commands/app_test.go, TestPrintVersion): after v0.51 with CheckBundle,
// and at v0.50.0 with PolicyBundle. Trivy's test runs as version "dev"; real numbers replace it.
const CURRENT =
  '{"Version":"0.58.1","VulnerabilityDB":{"Version":2,"NextUpdate":"2022-03-02T12:07:07.99504023Z","UpdatedAt":"2022-03-02T06:07:07.99504083Z","DownloadedAt":"2022-03-02T10:03:38.383312Z"},"JavaDB":{"Version":1,"NextUpdate":"2023-03-17T00:47:02.774253254Z","UpdatedAt":"2023-03-14T00:47:02.774253754Z","DownloadedAt":"2023-03-14T03:04:55.058541039Z"},"CheckBundle":{"Digest":"sha256:19a017cdc798631ad42f6f4dce823d77b2989128f0e1a7f9bc83ae3c59024edd","DownloadedAt":"2023-03-02T01:06:08.191725Z"}}\n';
const BEFORE_0_51 = CURRENT.replace('"0.58.1"', '"0.50.0"').replace('"CheckBundle"', '"PolicyBundle"');
// The same test's table output (VersionInfo.String()).
const TEXT = `Version: 0.50.0
Vulnerability DB:
  Version: 2
  UpdatedAt: 2022-03-02 06:07:07.99504083 +0000 UTC
  NextUpdate: 2022-03-02 12:07:07.99504023 +0000 UTC
  DownloadedAt: 2022-03-02 10:03:38.383312 +0000 UTC
`;

describe('parseTrivyVersionOutput', () => {
  it('reads the version, the DB and the check bundle', () => {
    const { value, problems } = parseTrivyVersionOutput(CURRENT);
    assert.deepEqual(problems, []);
    assert.deepEqual(value, {
      version: '0.58.1',
      vulnerabilityDb: { version: 2, updatedAt: '2022-03-02T06:07:07.99504083Z' },
      checkBundle: {
        digest: 'sha256:19a017cdc798631ad42f6f4dce823d77b2989128f0e1a7f9bc83ae3c59024edd',
        downloadedAt: '2023-03-02T01:06:08.191725Z',
      },
    });
  });

  it('reads PolicyBundle as the check bundle of Trivy before v0.51', () => {
    const { value } = parseTrivyVersionOutput(BEFORE_0_51);
    assert.equal(value?.version, '0.50.0');
    assert.equal(
      value?.checkBundle?.digest,
      'sha256:19a017cdc798631ad42f6f4dce823d77b2989128f0e1a7f9bc83ae3c59024edd',
    );
  });

  it('reads a version without caches (Trivy omits the empty fields)', () => {
    // app_test.go "sad path, bogus cache dir"
    assert.deepEqual(parseTrivyVersionOutput('{"Version":"dev"}\n'), {
      value: { version: 'dev' },
      problems: [],
    });
  });

  it('reads the plain-text form', () => {
    const { value, problems } = parseTrivyVersionOutput(TEXT);
    assert.deepEqual(problems, []);
    assert.deepEqual(value, {
      version: '0.50.0',
      vulnerabilityDb: { version: 2, updatedAt: '2022-03-02T06:07:07.99504083Z' },
    });
  });

  it('skips a line printed before the JSON', () => {
    assert.equal(parseTrivyVersionOutput(`notice: something\n${CURRENT}`).value?.version, '0.58.1');
  });

  it('returns problems instead of throwing on bad output', () => {
    for (const bad of ['', 'garbage', '{"Version": 3}', '{not json', '[]']) {
      const { value, problems } = parseTrivyVersionOutput(bad, 'trivy');
      assert.equal(value, undefined, bad);
      assert.equal(problems.length, 1, bad);
      assert.equal(problems[0]!.level, 'error');
      assert.equal(problems[0]!.source, 'trivy');
    }
  });

  it('warns about a version it cannot compare', () => {
    const { value, problems } = parseTrivyVersionOutput('{"Version":"canary-2024"}');
    assert.equal(value?.version, 'canary-2024');
    assert.equal(problems[0]?.level, 'warning');
  });
});

describe('release comparison', () => {
  it('parses release numbers with and without v, suffixes and patch', () => {
    assert.deepEqual(parseReleaseNumber('v0.51.0-rc.1'), { major: 0, minor: 51, patch: 0 });
    assert.deepEqual(parseReleaseNumber('0.58'), { major: 0, minor: 58, patch: 0 });
    assert.equal(parseReleaseNumber('dev'), undefined);
  });

  it('compares numerically, not as text', () => {
    assert.ok(compareReleases(parseReleaseNumber('0.9.0')!, parseReleaseNumber('0.10.0')!) < 0);
    assert.ok(compareReleases(parseReleaseNumber('1.0.0')!, parseReleaseNumber('0.99.9')!) > 0);
    assert.equal(compareReleases(parseReleaseNumber('0.51.0')!, parseReleaseNumber('v0.51.0')!), 0);
  });

  it('gates features by release, and assumes the newest when unknown', () => {
    assert.equal(trivySupports({ version: '0.36.9' }, 'scannersFlag'), false);
    assert.equal(trivySupports({ version: '0.37.0' }, 'scannersFlag'), true);
    assert.equal(trivySupports({ version: '0.63.0' }, 'telemetryFlagsOnConfig'), false);
    assert.equal(trivySupports(undefined, 'telemetryFlags'), true);
    assert.equal(trivySupports({ version: 'dev' }, 'skipCheckUpdateFlag'), true);
    assert.equal(isTrivyAtLeast({ version: '0.29.1' }, '0.30.0'), false);
  });
});
