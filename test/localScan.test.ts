import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecTrivyRunner } from '../shared/src/node/execTrivyRunner.js';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';
import { TrivyFailedError, TrivyNotFoundError, type TrivyRunner } from '../shared/src/ports/trivyRunner.js';
import { localScan } from '../shared/src/trivy/localScan.js';
import { TrivyArgsError } from '../shared/src/trivy/trivyArgs.js';
import { TRIVY_FIXTURES, fakeTrivyScratch, type FakeTrivyScratch } from './doubles/fakeTrivy/fakeTrivyBin.js';

const HELM_CHART = join(TRIVY_FIXTURES, 'inputs/helm_testchart');
const SECRETS_DIR = join(TRIVY_FIXTURES, 'inputs/secrets');

interface TrivyReport {
  Results?: {
    Vulnerabilities?: { VulnerabilityID: string; Severity: string }[];
    Misconfigurations?: { ID: string; Severity: string }[];
    Secrets?: unknown[];
  }[];
}
const fixture = (name: string): TrivyReport =>
  JSON.parse(readFileSync(join(TRIVY_FIXTURES, name), 'utf8')) as TrivyReport;

// Expected counts, computed from the fixture files the fake replays.
// jq '[.Results[].Misconfigurations[]?] | length' config_helm-testchart_trivy-json.json → 6
const HELM_MISCONFIGS = fixture('config_helm-testchart_trivy-json.json').Results!.flatMap(
  (r) => r.Misconfigurations ?? [],
);
// jq '[.Results[].Vulnerabilities[]?] | length' image_alpine-3.10_trivy-json.json → 4
const ALPINE_VULNS = fixture('image_alpine-3.10_trivy-json.json').Results!.flatMap(
  (r) => r.Vulnerabilities ?? [],
);
// jq '[.Results[].Secrets[]?] | length' secret_repo_trivy-json.json → 2
const SECRETS = fixture('secret_repo_trivy-json.json').Results!.flatMap((r) => r.Secrets ?? []);

describe('localScan through ExecTrivyRunner and the fake trivy', () => {
  let scratch: FakeTrivyScratch;
  before(() => {
    scratch = fakeTrivyScratch();
  });
  after(() => scratch.dispose());
  const runner = (mode = ''): ExecTrivyRunner =>
    new ExecTrivyRunner(() => 'trivy', { env: scratch.env(mode), killGraceMs: 200 });
  // Where the version is not what a test is about, it is given, to save a process start.
  const current = { version: '0.74.0' };

  it('scans a Helm chart with trivy config and reads every misconfiguration', async () => {
    assert.equal(HELM_MISCONFIGS.length, 6);
    const before = scratch.records().length;
    const result = await localScan({ runner: runner() }, { scan: 'config', target: HELM_CHART });
    assert.equal(result.format, 'trivy-json');
    assert.deepEqual(result.problems, []);
    assert.equal(result.findings.length, HELM_MISCONFIGS.length);
    assert.ok(result.findings.every((f) => f.type === 'misconfiguration' && f.outcome === 'fail'));
    // First the version, then the scan with exactly the argv reported back.
    const runs = scratch.records().slice(before);
    assert.deepEqual(
      runs.map((r) => r.argv),
      [['--version', '--format', 'json'], [...result.args]],
    );
    assert.equal(result.trivyVersion?.version, '0.74.0');
  });

  it('passes severities to Trivy and gets only those back', async () => {
    const high = HELM_MISCONFIGS.filter((m) => m.Severity === 'HIGH' || m.Severity === 'CRITICAL');
    const result = await localScan(
      { runner: runner() },
      { scan: 'config', target: HELM_CHART, severities: ['HIGH', 'CRITICAL'], trivyVersion: current },
    );
    assert.equal(result.findings.length, high.length);
    // The fixture's only HIGH check is KSV-0118 (KSV118 in the Operator spelling the readers use).
    assert.deepEqual(
      result.findings.map((f) => f.aliases.includes(high[0]!.ID)),
      [true],
    );
  });

  it('passes extra arguments to Trivy, which applies them', async () => {
    const high = HELM_MISCONFIGS.filter((m) => m.Severity === 'HIGH');
    const before = scratch.records().length;
    const result = await localScan(
      { runner: runner() },
      {
        scan: 'config',
        target: HELM_CHART,
        extraArgs: ['-s', 'HIGH', '--skip-files', 'values.yaml', '--debug'],
        trivyVersion: current,
      },
    );
    const runs = scratch.records().slice(before);
    assert.equal(runs.length, 1);
    assert.deepEqual(runs[0]!.argv.slice(-7), [
      '-s',
      'HIGH',
      '--skip-files',
      'values.yaml',
      '--debug',
      '--',
      HELM_CHART,
    ]);
    assert.equal(result.findings.length, high.length);
  });

  it('refuses extra arguments that change the output and runs nothing', async () => {
    const before = scratch.records().length;
    await assert.rejects(
      localScan(
        { runner: runner() },
        { scan: 'config', target: HELM_CHART, extraArgs: ['--format', 'table'], trivyVersion: current },
      ),
      (err: unknown) => err instanceof TrivyArgsError && /--format/.test(err.message),
    );
    assert.equal(scratch.records().length, before);
  });

  it('does not ask for the version when the caller knows it', async () => {
    const before = scratch.records().length;
    await localScan({ runner: runner() }, { scan: 'config', target: HELM_CHART, trivyVersion: current });
    assert.equal(scratch.records().length - before, 1);
  });

  it('scans an image and reads its vulnerabilities', async () => {
    assert.equal(ALPINE_VULNS.length, 4);
    const result = await localScan(
      { runner: runner() },
      { scan: 'image', target: 'alpine:3.10', skipDbUpdate: true, trivyVersion: current },
    );
    assert.deepEqual(
      result.findings.map((f) => `${f.type} ${f.id} ${f.severity}`),
      ALPINE_VULNS.map((v) => `vulnerability ${v.VulnerabilityID} ${v.Severity}`),
    );
  });

  it('reads SARIF when asked for it', async () => {
    // jq '.runs[0].results | length' image_alpine-3.10_trivy-sarif.json → 4
    const sarif = JSON.parse(
      readFileSync(join(TRIVY_FIXTURES, 'image_alpine-3.10_trivy-sarif.json'), 'utf8'),
    ) as { runs: { results: unknown[] }[] };
    const result = await localScan(
      { runner: runner() },
      { scan: 'image', target: 'alpine:3.10', format: 'sarif', trivyVersion: current },
    );
    assert.equal(result.format, 'sarif');
    assert.equal(result.findings.length, sarif.runs[0]!.results.length);
  });

  it('reads the report from --output through the FileReader', async () => {
    const output = join(scratch.dir, 'report.json');
    const result = await localScan(
      { runner: runner(), files: new NodeFileReader() },
      { scan: 'fs', target: SECRETS_DIR, output, trivyVersion: current },
    );
    assert.ok(result.args.includes(`--output=${output}`));
    assert.equal(result.findings.length, SECRETS.length);
    assert.ok(result.findings.every((f) => f.type === 'secret'));
    assert.equal(result.findings[0]?.origin.file, output);
  });

  it('finds no misconfigurations with fs and the default scanners, as Trivy would not look', async () => {
    const result = await localScan(
      { runner: runner() },
      { scan: 'fs', target: HELM_CHART, trivyVersion: current },
    );
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.problems, []);
    const withMisconfig = await localScan(
      { runner: runner() },
      { scan: 'fs', target: HELM_CHART, scanners: ['misconfig'], trivyVersion: current },
    );
    assert.equal(withMisconfig.findings.length, HELM_MISCONFIGS.length);
  });

  it('builds the argv of an older Trivy, which that Trivy accepts', async () => {
    const result = await localScan(
      { runner: runner('version=0.36.0') },
      { scan: 'fs', target: HELM_CHART, scanners: ['misconfig'], skipCheckUpdate: true },
    );
    assert.equal(result.trivyVersion?.version, '0.36.0');
    assert.ok(result.args.includes('--security-checks=config'));
    assert.ok(result.args.includes('--skip-policy-update'));
    assert.equal(result.findings.length, HELM_MISCONFIGS.length);
  });

  it("turns Trivy's warnings on stderr into problems", async () => {
    // A stale version from the caller makes trivyArgs use the old flag name; the newer Trivy warns.
    const result = await localScan(
      { runner: runner() },
      {
        scan: 'config',
        target: HELM_CHART,
        quiet: false,
        skipCheckUpdate: true,
        trivyVersion: { version: '0.50.0' },
      },
    );
    assert.equal(result.findings.length, HELM_MISCONFIGS.length);
    assert.deepEqual(
      result.problems.map((p) => [p.level, p.message]),
      [['warning', "trivy: '--skip-policy-update' is deprecated. Use '--skip-check-update' instead."]],
    );
    assert.match(result.stderr, /Misconfiguration scanning is enabled/);
  });

  it('warns about a Trivy older than the oldest command line it knows', async () => {
    const result = await localScan(
      { runner: runner('version=0.29.2') },
      { scan: 'config', target: HELM_CHART },
    );
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]!.message, /Trivy 0\.29\.2 is older than 0\.30\.0/);
  });

  it('goes on with the newest command line when the version cannot be learnt', async () => {
    const exec = runner();
    const noVersion: TrivyRunner = {
      run: (request) => exec.run(request),
      version: () => Promise.reject(new TrivyFailedError(2, 'unknown command')),
    };
    const result = await localScan({ runner: noVersion }, { scan: 'config', target: HELM_CHART });
    assert.equal(result.trivyVersion, undefined);
    assert.equal(result.findings.length, HELM_MISCONFIGS.length);
    assert.match(
      result.problems[0]!.message,
      /could not learn the Trivy version, assuming the newest: trivy exited with code 2/,
    );
  });

  it('rejects when trivy is missing or fails, as there is no report to show', async () => {
    const missing = new ExecTrivyRunner(() => join(scratch.dir, 'nowhere', 'trivy'));
    await assert.rejects(
      localScan({ runner: missing }, { scan: 'config', target: HELM_CHART }),
      TrivyNotFoundError,
    );
    await assert.rejects(
      localScan({ runner: runner('fail') }, { scan: 'image', target: 'alpine:3.10', trivyVersion: current }),
      (err: TrivyFailedError) => {
        assert.ok(err instanceof TrivyFailedError);
        assert.match(err.stderrTail, /failed to download vulnerability DB/);
        return true;
      },
    );
  });

  it('rejects unsafe input before anything runs', async () => {
    const before = scratch.records().length;
    await assert.rejects(
      localScan(
        { runner: runner() },
        { scan: 'image', target: '--input=/etc/passwd', trivyVersion: current },
      ),
      TrivyArgsError,
    );
    assert.equal(scratch.records().length, before);
  });

  it('stops the scan when cancelled', async () => {
    const controller = new AbortController();
    const before = scratch.records().length;
    const scan = localScan(
      { runner: runner('hang') },
      { scan: 'config', target: HELM_CHART, signal: controller.signal, trivyVersion: current },
    );
    // Cancel once the fake has started (it records its argv first thing).
    for (const deadline = Date.now() + 5000; scratch.records().length === before;) {
      if (Date.now() > deadline) throw new Error('the fake did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    controller.abort();
    await assert.rejects(scan, { name: 'AbortError' });
  });
});
