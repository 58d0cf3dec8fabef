import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecTrivyRunner, stderrTail, TrivyOutputTooLargeError } from '../shared/src/node/execTrivyRunner.js';
import { TrivyFailedError, TrivyNotFoundError } from '../shared/src/ports/trivyRunner.js';
import { trivyArgs } from '../shared/src/trivy/trivyArgs.js';
import {
  FAKE_TRIVY_PATH,
  TRIVY_FIXTURES,
  fakeTrivyScratch,
  type ArgvRecord,
  type FakeTrivyScratch,
} from './doubles/fakeTrivy/fakeTrivyBin.js';

const HELM_CHART = join(TRIVY_FIXTURES, 'inputs/helm_testchart');

/** Waits for a condition, polling; fails after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True while a process with this pid exists (a zombie counts as existing). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function rejectsWith<T extends Error>(promise: Promise<unknown>, check: (err: T) => void): Promise<void> {
  return assert.rejects(promise, (err: T) => {
    check(err);
    return true;
  });
}

describe('ExecTrivyRunner against the fake trivy', () => {
  let scratch: FakeTrivyScratch;
  before(() => {
    scratch = fakeTrivyScratch();
  });
  after(() => scratch.dispose());
  const lastRecord = (): ArgvRecord => {
    const records = scratch.records();
    assert.ok(records.length > 0, 'the fake recorded no run');
    return records[records.length - 1]!;
  };

  it('finds trivy on PATH and passes the argv trivyArgs built, unchanged', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env() });
    const args = trivyArgs({
      scan: 'config',
      target: HELM_CHART,
      severities: ['HIGH', 'CRITICAL'],
      cacheDir: scratch.dir,
    });
    const result = await runner.run({ args });
    assert.deepEqual(lastRecord().argv, args);
    assert.equal(result.exitCode, 0);
    const report = JSON.parse(result.stdout) as {
      ArtifactName: string;
      Results: { Misconfigurations?: { Severity: string }[] }[];
    };
    assert.equal(report.ArtifactName, HELM_CHART);
    // jq '[.Results[].Misconfigurations[]? | select(.Severity=="HIGH" or .Severity=="CRITICAL")] | length'
    // on config_helm-testchart_trivy-json.json gives 1.
    assert.equal(report.Results.flatMap((r) => r.Misconfigurations ?? []).length, 1);
  });

  it('runs in the requested working directory', async () => {
    const runner = new ExecTrivyRunner(() => FAKE_TRIVY_PATH, { env: scratch.env() });
    await runner.run({
      args: trivyArgs({ scan: 'config', target: 'helm_testchart' }),
      cwd: join(TRIVY_FIXTURES, 'inputs'),
    });
    assert.equal(lastRecord().cwd, join(TRIVY_FIXTURES, 'inputs'));
  });

  it('reads the path on every run, so a settings change applies to the next run', async () => {
    let path = join(scratch.dir, 'no-such-trivy');
    const runner = new ExecTrivyRunner(() => path, { env: scratch.env() });
    await assert.rejects(runner.run({ args: ['--version'] }), TrivyNotFoundError);
    path = FAKE_TRIVY_PATH;
    assert.equal((await runner.run({ args: ['--version'] })).exitCode, 0);
  });

  it('says "trivy not found at <path>" for a missing executable', async () => {
    const missing = join(scratch.dir, 'bin', 'trivy');
    const runner = new ExecTrivyRunner(() => missing, { env: scratch.env() });
    await rejectsWith<TrivyNotFoundError>(runner.run({ args: ['--version'] }), (err) => {
      assert.ok(err instanceof TrivyNotFoundError);
      assert.equal(err.path, missing);
      assert.match(err.message, new RegExp(`^trivy not found at ${missing}`));
    });
  });

  it('blames a missing working directory, not trivy, when the directory is what is missing', async () => {
    const runner = new ExecTrivyRunner(() => FAKE_TRIVY_PATH, { env: scratch.env() });
    const cwd = join(scratch.dir, 'gone');
    await assert.rejects(runner.run({ args: ['--version'], cwd }), (err: Error) => {
      assert.ok(!(err instanceof TrivyNotFoundError));
      assert.equal(err.message, `cannot run trivy in ${cwd}: no such directory`);
      return true;
    });
  });

  it('treats a file that is not executable as not found', async () => {
    const notExecutable = join(scratch.dir, 'trivy.txt');
    writeFileSync(notExecutable, 'not a program', { mode: 0o644 });
    const runner = new ExecTrivyRunner(() => notExecutable);
    await assert.rejects(runner.run({ args: ['--version'] }), TrivyNotFoundError);
  });

  it('carries the tail of stderr when trivy fails', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env('fail') });
    await rejectsWith<TrivyFailedError>(
      runner.run({ args: trivyArgs({ scan: 'image', target: 'alpine:3.10' }) }),
      (err) => {
        assert.ok(err instanceof TrivyFailedError);
        assert.equal(err.exitCode, 1);
        assert.match(
          err.stderrTail,
          /FATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB/,
        );
        assert.match(err.message, /^trivy exited with code 1: .*failed to download vulnerability DB/s);
      },
    );
  });

  it('reports an unknown flag with Trivy’s own message', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env() });
    await rejectsWith<TrivyFailedError>(
      runner.run({ args: ['config', '--skip-db-update', '--', HELM_CHART] }),
      (err) => {
        assert.ok(err instanceof TrivyFailedError);
        assert.match(err.stderrTail, /Fatal error\tunknown flag: --skip-db-update$/);
      },
    );
  });

  it('accepts the exit codes it is told are fine', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env() });
    const args = ['image', '--format=json', '--exit-code=5', '--', 'alpine:3.10'];
    await rejectsWith<TrivyFailedError>(runner.run({ args }), (err) => assert.equal(err.exitCode, 5));
    const result = await runner.run({ args, okExitCodes: [5] });
    assert.equal(result.exitCode, 5);
    assert.equal((JSON.parse(result.stdout) as { ArtifactName: string }).ArtifactName, 'alpine:3.10');
  });

  it('kills trivy at the timeout, escalating to SIGKILL, and leaves no process behind', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env('hang'), killGraceMs: 200 });
    const before = scratch.records().length;
    // The fake ignores the first SIGTERM (a stuck scan), so only SIGKILL ends it. The timeout has
    // to leave the fake time to start and record its pid: Node alone takes ~0.5 s on a busy machine.
    const started = Date.now();
    await rejectsWith<Error>(runner.run({ args: ['fs', '--', HELM_CHART], timeoutMs: 2000 }), (err) => {
      assert.equal(err.name, 'AbortError');
      assert.equal((err.cause as Error).name, 'TimeoutError');
      assert.match(err.message, /after 2000 ms/);
    });
    assert.ok(Date.now() - started >= 2000 + 200, 'settled before SIGTERM + grace + SIGKILL');
    const record = scratch.records()[before];
    assert.ok(record, 'the fake did not start within the 2 s timeout');
    assert.equal(alive(record.pid), false);
  });

  it('kills trivy when the signal aborts, and removes its abort listener', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env('hang'), killGraceMs: 200 });
    const before = scratch.records().length;
    const controller = new AbortController();
    const run = runner.run({ args: ['fs', '--', HELM_CHART], signal: controller.signal });
    const record = await waitFor('the fake to start', () => scratch.records()[before]);
    assert.equal(alive(record.pid), true);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    controller.abort(new Error('user cancelled'));
    await rejectsWith<Error>(run, (err) => {
      assert.equal(err.name, 'AbortError');
      assert.equal((err.cause as Error).message, 'user cancelled');
    });
    assert.equal(alive(record.pid), false);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('does not start trivy for a signal that is already aborted', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env() });
    const before = scratch.records().length;
    await rejectsWith<Error>(runner.run({ args: ['--version'], signal: AbortSignal.abort() }), (err) =>
      assert.equal(err.name, 'AbortError'),
    );
    assert.equal(scratch.records().length, before);
  });

  it('leaves no abort listener behind after a normal run', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env() });
    const controller = new AbortController();
    await runner.run({ args: ['--version'], signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('stops reading and kills trivy when stdout passes the cap', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env('huge'), killGraceMs: 200 });
    const before = scratch.records().length;
    await rejectsWith<TrivyOutputTooLargeError>(
      runner.run({ args: ['fs', '--', HELM_CHART], maxOutputBytes: 1024 * 1024 }),
      (err) => {
        assert.ok(err instanceof TrivyOutputTooLargeError);
        assert.equal(err.limitBytes, 1024 * 1024);
        assert.match(err.message, /more than 1048576 bytes/);
      },
    );
    const record = scratch.records()[before];
    assert.ok(record);
    assert.equal(alive(record.pid), false);
  });

  it('reads the version from trivy --version --format json', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env() });
    const version = await runner.version();
    assert.deepEqual(lastRecord().argv, ['--version', '--format', 'json']);
    // The fake answers with the cache metadata of Trivy's own TestPrintVersion.
    assert.deepEqual(version, {
      version: '0.74.0',
      vulnerabilityDb: { version: 2, updatedAt: '2022-03-02T06:07:07.99504083Z' },
      checkBundle: {
        digest: 'sha256:19a017cdc798631ad42f6f4dce823d77b2989128f0e1a7f9bc83ae3c59024edd',
        downloadedAt: '2023-03-02T01:06:08.191725Z',
      },
    });
  });

  it('reads the version of an older Trivy (PolicyBundle)', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env('version=0.50.0') });
    const version = await runner.version();
    assert.equal(version.version, '0.50.0');
    assert.equal(
      version.checkBundle?.digest,
      'sha256:19a017cdc798631ad42f6f4dce823d77b2989128f0e1a7f9bc83ae3c59024edd',
    );
  });
});

describe('argv of each Trivy release, accepted by that release', () => {
  let scratch: FakeTrivyScratch;
  before(() => {
    scratch = fakeTrivyScratch();
  });
  after(() => scratch.dispose());

  // The fake rejects flags newer than the release it plays, as that release would.
  // One release per era of trivyArgs (the newest is covered above); 0.62 by the strict test below.
  for (const release of ['0.36.0', '0.47.0', '0.50.0', '0.63.0']) {
    it(`builds argv that Trivy ${release} accepts for fs and config`, async () => {
      const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env(`version=${release}`) });
      const version = await runner.version();
      for (const scan of ['fs', 'config'] as const) {
        const args = trivyArgs(
          {
            scan,
            target: HELM_CHART,
            scanners: ['vuln', 'misconfig'],
            skipCheckUpdate: true,
            skipDbUpdate: true,
            timeoutMs: 60_000,
          },
          version,
        );
        const result = await runner.run({ args });
        assert.equal(result.exitCode, 0, `${scan}: ${result.stderr}`);
      }
    });
  }

  it('would fail on an old release given the newest argv (the fake is strict)', async () => {
    const runner = new ExecTrivyRunner(() => 'trivy', { env: scratch.env('version=0.62.0') });
    await rejectsWith<TrivyFailedError>(
      runner.run({ args: trivyArgs({ scan: 'fs', target: HELM_CHART }) }),
      (err) => assert.match(err.stderrTail, /unknown flag: --disable-telemetry/),
    );
  });
});

describe('stderrTail', () => {
  it('keeps the last 20 lines', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    assert.equal(stderrTail(`${lines.join('\n')}\n`), lines.slice(10).join('\n'));
  });

  it('keeps whole lines within 4 KB', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i}:${'x'.repeat(1000)}`);
    const tail = stderrTail(lines.join('\n'));
    assert.ok(Buffer.byteLength(tail) <= 4096);
    assert.equal(tail, lines.slice(-4).join('\n'));
  });

  it('cuts one overlong line from the front, keeping its end', () => {
    const tail = stderrTail(`${'a'.repeat(10_000)}END`);
    assert.ok(tail.endsWith('END'));
    assert.ok(tail.startsWith('…'));
    assert.ok(Buffer.byteLength(tail) <= 4096 + 3);
  });
});
