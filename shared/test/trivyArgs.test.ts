import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goDuration, trivyArgs, TrivyArgsError, type TrivyScanOptions } from '../src/trivy/trivyArgs.js';
import type { TrivyVersion } from '../src/ports/trivyRunner.js';

const v = (version: string): TrivyVersion => ({ version });

// Everything a scan can ask for, so each era's spelling of each flag shows up.
const full = (scan: TrivyScanOptions['scan'], target: string): TrivyScanOptions => ({
  scan,
  target,
  severities: ['HIGH', 'CRITICAL'],
  ignoreUnfixed: true,
  ignoreFile: '/work/.trivyignore',
  skipDbUpdate: true,
  skipCheckUpdate: true,
  offline: true,
  cacheDir: '/cache',
  timeoutMs: 300_000,
  scanners: ['vuln', 'misconfig', 'secret'],
});

describe('trivyArgs for the newest Trivy', () => {
  it('builds a minimal fs scan: JSON to stdout, quiet, exit code 0, target after --', () => {
    assert.deepEqual(trivyArgs({ scan: 'fs', target: '/src/app' }), [
      'fs',
      '--format=json',
      '--quiet',
      '--exit-code=0',
      '--disable-telemetry',
      '--skip-version-check',
      '--',
      '/src/app',
    ]);
  });

  it('builds every option of an image scan', () => {
    assert.deepEqual(trivyArgs(full('image', 'alpine:3.10')), [
      'image',
      '--format=json',
      '--quiet',
      '--exit-code=0',
      '--severity=CRITICAL,HIGH',
      '--scanners=vuln,misconfig,secret',
      '--ignore-unfixed',
      '--ignorefile=/work/.trivyignore',
      '--skip-db-update',
      '--skip-check-update',
      '--offline-scan',
      '--cache-dir=/cache',
      '--timeout=5m0s',
      '--disable-telemetry',
      '--skip-version-check',
      '--',
      'alpine:3.10',
    ]);
  });

  it('builds a repo scan of a URL the same way', () => {
    const args = trivyArgs(full('repo', 'https://github.com/knqyf263/trivy-ci-test'));
    assert.equal(args[0], 'repo');
    assert.deepEqual(args.slice(-2), ['--', 'https://github.com/knqyf263/trivy-ci-test']);
    assert.ok(args.includes('--scanners=vuln,misconfig,secret'));
  });

  it('leaves out of a config scan the flags `trivy config` does not have', () => {
    // pkg/commands/app.go NewConfigCommand: no DB, vulnerability or scanner flags.
    assert.deepEqual(trivyArgs(full('config', 'charts/app')), [
      'config',
      '--format=json',
      '--quiet',
      '--exit-code=0',
      '--severity=CRITICAL,HIGH',
      '--ignorefile=/work/.trivyignore',
      '--skip-check-update',
      '--cache-dir=/cache',
      '--timeout=5m0s',
      '--disable-telemetry',
      '--skip-version-check',
      '--',
      'charts/app',
    ]);
  });

  it('writes to a file with --output and keeps the format asked for', () => {
    const args = trivyArgs({
      scan: 'image',
      target: 'alpine:3.10',
      format: 'sarif',
      output: '/tmp/out.sarif',
      quiet: false,
    });
    assert.deepEqual(args.slice(0, 4), [
      'image',
      '--format=sarif',
      '--output=/tmp/out.sarif',
      '--exit-code=0',
    ]);
    assert.ok(!args.includes('--quiet'));
  });

  it('orders severities most severe first and drops duplicates', () => {
    const args = trivyArgs({ scan: 'fs', target: '.', severities: ['LOW', 'CRITICAL', 'LOW', 'UNKNOWN'] });
    assert.ok(args.includes('--severity=CRITICAL,LOW,UNKNOWN'));
  });

  it('can leave telemetry and the version check on', () => {
    const args = trivyArgs({ scan: 'fs', target: '.', disableTelemetry: false, skipVersionCheck: false });
    assert.ok(!args.includes('--disable-telemetry'));
    assert.ok(!args.includes('--skip-version-check'));
  });
});

describe('trivyArgs across Trivy releases', () => {
  it('treats an unknown version and a source build as the newest', () => {
    const newest = trivyArgs(full('fs', '.'));
    assert.deepEqual(trivyArgs(full('fs', '.'), v('dev')), newest);
    assert.deepEqual(trivyArgs(full('fs', '.'), v('0.74.0')), newest);
  });

  it('uses --security-checks with "config" before v0.37', () => {
    const args = trivyArgs(full('fs', '.'), v('0.36.1'));
    assert.ok(args.includes('--security-checks=vuln,config,secret'));
    assert.ok(!args.some((a) => a.startsWith('--scanners')));
  });

  it('uses --scanners with "config" from v0.37 to v0.47', () => {
    assert.ok(trivyArgs(full('fs', '.'), v('0.37.0')).includes('--scanners=vuln,config,secret'));
    assert.ok(trivyArgs(full('fs', '.'), v('0.47.3')).includes('--scanners=vuln,config,secret'));
  });

  it('uses "misconfig" from v0.48', () => {
    assert.ok(trivyArgs(full('fs', '.'), v('0.48.0')).includes('--scanners=vuln,misconfig,secret'));
  });

  it('uses --skip-policy-update before v0.51 and --skip-check-update from v0.51', () => {
    assert.ok(trivyArgs(full('fs', '.'), v('0.50.1')).includes('--skip-policy-update'));
    assert.ok(trivyArgs(full('fs', '.'), v('0.51.0')).includes('--skip-check-update'));
    assert.ok(trivyArgs(full('config', '.'), v('0.45.0')).includes('--skip-policy-update'));
  });

  it('counts a release candidate as its release', () => {
    assert.ok(trivyArgs(full('fs', '.'), v('0.51.0-rc.1')).includes('--skip-check-update'));
  });

  it('adds the telemetry flags from v0.63 on fs, image and repo, but from v0.64 on config', () => {
    const has = (args: string[]): boolean =>
      args.includes('--disable-telemetry') && args.includes('--skip-version-check');
    const none = (args: string[]): boolean =>
      !args.includes('--disable-telemetry') && !args.includes('--skip-version-check');
    assert.ok(none(trivyArgs(full('image', 'alpine'), v('0.62.1'))));
    assert.ok(has(trivyArgs(full('image', 'alpine'), v('0.63.0'))));
    assert.ok(has(trivyArgs(full('repo', '.'), v('0.63.0'))));
    assert.ok(none(trivyArgs(full('config', '.'), v('0.63.0'))));
    assert.ok(has(trivyArgs(full('config', '.'), v('0.64.0'))));
  });
});

describe('trivyArgs with unsafe input', () => {
  it('keeps a target that starts with "-" after --, so it is not read as a flag', () => {
    assert.deepEqual(trivyArgs({ scan: 'fs', target: '--help' }).slice(-2), ['--', '--help']);
  });

  it('attaches values with "=", so a value that starts with "-" is not read as a flag', () => {
    assert.ok(trivyArgs({ scan: 'fs', target: '.', cacheDir: '-x' }).includes('--cache-dir=-x'));
  });

  it('rejects an image reference that starts with "-"', () => {
    assert.throws(() => trivyArgs({ scan: 'image', target: '--input=/etc/shadow' }), TrivyArgsError);
  });

  it('rejects an empty target, a NUL in a path, and unknown names', () => {
    assert.throws(() => trivyArgs({ scan: 'fs', target: '  ' }), /target is empty/);
    assert.throws(() => trivyArgs({ scan: 'fs', target: 'a\0b' }), /NUL/);
    assert.throws(() => trivyArgs({ scan: 'fs', target: '.', output: 'x\0' }), /NUL/);
    assert.throws(() => trivyArgs({ scan: 'sbom' as 'fs', target: '.' }), /unknown scan kind/);
    assert.throws(
      () => trivyArgs({ scan: 'fs', target: '.', severities: ['SEVERE' as 'HIGH'] }),
      /unknown severity "SEVERE"/,
    );
    assert.throws(
      () => trivyArgs({ scan: 'fs', target: '.', scanners: ['rbac' as 'vuln'] }),
      /unknown scanner "rbac"/,
    );
  });
});

describe('trivyArgs with extra arguments', () => {
  it('puts them after its own flags and before --, so they are flags of the subcommand', () => {
    const args = trivyArgs({
      scan: 'fs',
      target: '/src',
      extraArgs: ['--skip-dirs', 'node_modules', '--debug', '-s', 'HIGH'],
    });
    assert.deepEqual(args.slice(-8), [
      '--skip-version-check',
      '--skip-dirs',
      'node_modules',
      '--debug',
      '-s',
      'HIGH',
      '--',
      '/src',
    ]);
  });

  it('rejects what would change the output format or file, in every spelling', () => {
    for (const extra of [
      ['--format', 'table'],
      ['--format=json'],
      ['-f', 'sarif'],
      ['-fsarif'],
      ['-qf', 'table'],
      ['--output', 'x.json'],
      ['--output=x.json'],
      ['-o', 'x.json'],
      ['-dox.json'],
      ['--template', '@contrib/html.tpl'],
      ['-t', 'x'],
      ['--output-plugin-arg', 'x'],
      ['--compliance', 'docker-cis-1.6.0'],
      ['--report', 'summary'],
      ['--exit-code', '1'],
    ])
      assert.throws(
        () => trivyArgs({ scan: 'fs', target: '.', extraArgs: extra }),
        (err: unknown) =>
          err instanceof TrivyArgsError && /extra argument .* is not allowed/.test(err.message),
        extra.join(' '),
      );
  });

  it('rejects what would run something other than the scan', () => {
    for (const extra of [
      ['--version'],
      ['-v'],
      ['--help'],
      ['-h'],
      ['--generate-default-config'],
      ['--download-db-only'],
    ])
      assert.throws(
        () => trivyArgs({ scan: 'fs', target: '.', extraArgs: extra }),
        /is not allowed/,
        extra[0],
      );
  });

  it('rejects a second target, an end of flags, an empty argument and a NUL', () => {
    assert.throws(() => trivyArgs({ scan: 'fs', target: '.', extraArgs: ['/etc'] }), /must start with "-"/);
    assert.throws(
      () => trivyArgs({ scan: 'fs', target: '.', extraArgs: ['--', '/etc'] }),
      /"--" is not allowed/,
    );
    assert.throws(() => trivyArgs({ scan: 'fs', target: '.', extraArgs: ['--debug', ''] }), /empty/);
    assert.throws(() => trivyArgs({ scan: 'fs', target: '.', extraArgs: ['--skip-dirs=a\0b'] }), /NUL/);
  });

  it('keeps flags whose names only start like a rejected one', () => {
    const extra = ['--format-x', '--outputs', '-s', 'HIGH', '--skip-files', 'a-o.txt', '-c', 'trivy.yaml'];
    assert.deepEqual(trivyArgs({ scan: 'fs', target: '.', extraArgs: extra }).slice(-10, -2), extra);
  });
});

describe('goDuration', () => {
  it("formats like Go's time.Duration.String()", () => {
    assert.equal(goDuration(300_000), '5m0s');
    assert.equal(goDuration(3_600_000), '1h0m0s');
    assert.equal(goDuration(90_500), '1m30.5s');
    assert.equal(goDuration(1_250), '1.25s');
    assert.equal(goDuration(250), '250ms');
    assert.equal(goDuration(3_723_000), '1h2m3s');
  });

  it('rejects zero, negative and fractional milliseconds', () => {
    for (const ms of [0, -1, 1.5, Number.NaN]) assert.throws(() => goDuration(ms), TrivyArgsError);
  });
});
