// A stand-in for the `trivy` executable (run as bin/trivy): parses real Trivy argv, replays real
// Trivy output from test/fixtures/trivy, and fails, hangs or floods on request. See README.md.

import { appendFileSync, writeFileSync } from 'node:fs';
import { CommandLineError, atLeast, parseCommandLine } from './commandLine.mjs';
import { emptyReport, filterReport, findReplay, hasFindings, missingPath, readFixture } from './replay.mjs';

const DEFAULT_VERSION = '0.74.0';
// pkg/flag/scan_flags.go ScannersFlag.ValueNormalize.
const SCANNER_ALIASES = {
  vulnerability: 'vuln',
  config: 'misconfig',
  misconf: 'misconfig',
  misconfiguration: 'misconfig',
};

const modes = (process.env.FAKE_TRIVY_MODE ?? '')
  .split(',')
  .map((m) => m.trim())
  .filter(Boolean);
const version = modes.find((m) => m.startsWith('version='))?.slice('version='.length) || DEFAULT_VERSION;
const has = (mode) => modes.includes(mode);

const argv = process.argv.slice(2);
if (process.env.FAKE_TRIVY_ARGV_LOG) {
  appendFileSync(
    process.env.FAKE_TRIVY_ARGV_LOG,
    `${JSON.stringify({ argv, pid: process.pid, cwd: process.cwd() })}\n`,
  );
}

let quiet = false;
// pkg/log/handler.go: "<RFC3339 time>\t<LEVEL>\t<[prefix] message>"; FATAL is written even when quiet.
const log = (level, message) => {
  if (!quiet || level === 'FATAL')
    process.stderr.write(`${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\t${level}\t${message}\n`);
};
const fatal = (err) => {
  log('FATAL', `Fatal error\t${err}`);
  process.exitCode = 1;
};

try {
  run();
} catch (err) {
  if (!(err instanceof CommandLineError)) throw err;
  commandLineError(err);
}

function run() {
  const { command, flags, args, warnings } = parseCommandLine(argv, version);
  quiet = flags.get('quiet') === true;
  for (const w of warnings) log('WARN', w);

  if (command.name === '' || command.name === 'version') {
    // Both take no arguments (cobra.NoArgs): cobra's message for a stray one.
    if (args.length > 0)
      throw new CommandLineError(
        `unknown command "${args[0]}" for "trivy${command.name ? ` ${command.name}` : ''}"`,
        command,
      );
    if (command.name === 'version' || flags.get('version')) return printVersion(flags.get('format'));
    return void process.stdout.write(usage(command));
  }
  scan(command, flags, args);
}

function scan(command, flags, args) {
  const input = flags.get('input');
  if (command.name !== 'kubernetes') {
    // pkg/commands/app.go validateArgs
    if (args.length === 0 && !input) {
      process.stdout.write(usage(command));
      return fatal(
        command.name === 'image'
          ? 'Require at least 1 argument or --input option'
          : 'Require at least 1 argument',
      );
    }
    if (args.length > 1) {
      process.stdout.write(usage(command));
      return fatal('multiple targets cannot be specified');
    }
  }
  const target = args[0] ?? input ?? '';
  const scanners = flags.get('scanners')?.map((s) => SCANNER_ALIASES[s] ?? s) ?? command.defaultScanners;
  if (command.name !== 'kubernetes') announce(scanners);

  if (has('fail')) {
    log('INFO', '[vulndb] Need to update DB');
    log('INFO', '[vulndb] Downloading vulnerability DB...');
    return fatal(
      'run error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: ' +
        'failed to download artifact from mirror.gcr.io/aquasec/trivy-db:2: OCI repository error: ' +
        'Get "https://mirror.gcr.io/v2/": dial tcp: lookup mirror.gcr.io: no such host',
    );
  }
  if (has('hang')) return hang();
  if (has('huge')) return flood();

  const format = flags.get('format') ?? 'table';
  const replay = findReplay(command.name, target);
  let doc;
  if (replay) {
    doc = JSON.parse(readFixture(replay.files.json));
    // Trivy's ArtifactName is the target as given on the command line.
    if (command.name !== 'kubernetes') doc.ArtifactName = target;
  } else if (command.name === 'image') {
    return fatal(
      `run error: image scan error: scan error: unable to initialize a scan service: unable to initialize an image scan service: unable to find the specified image "${target}" in ["docker" "containerd" "podman" "remote"]`,
    );
  } else if (missingPath(target)) {
    return fatal(
      `run error: ${command.name === 'filesystem' ? 'fs' : command.name} scan error: scan error: scan failed: failed analysis: walk dir error: lstat ${target}: no such file or directory`,
    );
  } else {
    doc = emptyReport(command.name, target);
  }
  filterReport(doc, {
    scanners: command.name === 'kubernetes' ? undefined : scanners,
    severities: flags.get('severity'),
    ignoreUnfixed: flags.get('ignore-unfixed') === true,
  });

  let text;
  if (format === 'json') text = `${JSON.stringify(doc, null, 2)}\n`;
  else if (replay?.files[format]) text = readFixture(replay.files[format]);
  else
    return fatal(
      `fake trivy: no ${format} output to replay for ${command.name} ${target} (see test/doubles/fakeTrivy/README.md)`,
    );

  const output = flags.get('output');
  if (output) writeFileSync(output, text);
  else process.stdout.write(text);
  const exitCode = flags.get('exit-code') ?? 0;
  if (exitCode !== 0 && hasFindings(doc)) process.exitCode = exitCode;
}

// pkg/commands/artifact/run.go logs one line per enabled scanner.
function announce(scanners) {
  if (scanners.includes('vuln')) log('INFO', '[vuln] Vulnerability scanning is enabled');
  if (scanners.includes('misconfig')) log('INFO', '[misconfig] Misconfiguration scanning is enabled');
  if (scanners.includes('secret')) log('INFO', '[secret] Secret scanning is enabled');
}

/**
 * `trivy --version --format json`: types.VersionInfo (pkg/types/version.go) with the cache
 * metadata of Trivy's own test (pkg/commands/app_test.go, TestPrintVersion); the bundle field is
 * `PolicyBundle` before v0.51.0 (same test at v0.50.0) and `CheckBundle` since.
 */
function printVersion(format) {
  const bundle = {
    Digest: 'sha256:19a017cdc798631ad42f6f4dce823d77b2989128f0e1a7f9bc83ae3c59024edd',
    DownloadedAt: '2023-03-02T01:06:08.191725Z',
  };
  const info = {
    Version: version,
    VulnerabilityDB: {
      Version: 2,
      NextUpdate: '2022-03-02T12:07:07.99504023Z',
      UpdatedAt: '2022-03-02T06:07:07.99504083Z',
      DownloadedAt: '2022-03-02T10:03:38.383312Z',
    },
    JavaDB: {
      Version: 1,
      NextUpdate: '2023-03-17T00:47:02.774253254Z',
      UpdatedAt: '2023-03-14T00:47:02.774253754Z',
      DownloadedAt: '2023-03-14T03:04:55.058541039Z',
    },
    [atLeast(version, '0.51.0') ? 'CheckBundle' : 'PolicyBundle']: bundle,
  };
  if (format === 'json') return void process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdout.write(
    `Version: ${version}\nVulnerability DB:\n  Version: 2\n  UpdatedAt: 2022-03-02 06:07:07.99504083 +0000 UTC\n` +
      `  NextUpdate: 2022-03-02 12:07:07.99504023 +0000 UTC\n  DownloadedAt: 2022-03-02 10:03:38.383312 +0000 UTC\n`,
  );
}

// Trivy (pkg/commands/signal.go) cancels its context on the first SIGTERM and exits on the second;
// this plays a scan stuck where the cancel is not noticed, so only a second signal or SIGKILL ends it.
function hang() {
  let signals = 0;
  process.on('SIGTERM', () => {
    if (++signals > 1) process.exit(143);
    log('INFO', 'Received signal, attempting graceful shutdown...');
    log('INFO', 'Press Ctrl+C again to force exit');
  });
  setInterval(() => {}, 1 << 30);
}

// Writes up to 256 MiB of a report-like stream, honouring back-pressure; stops when the reader goes.
function flood() {
  const chunk = Buffer.from(
    `${JSON.stringify({ VulnerabilityID: 'CVE-0000-0000', PkgName: 'x'.repeat(200) })},\n`.repeat(256),
  );
  let left = Math.ceil((256 * 1024 * 1024) / chunk.length);
  process.stdout.on('error', () => process.exit(1));
  process.stdout.write('{"SchemaVersion": 2, "Results": [{"Vulnerabilities": [\n');
  const pump = () => {
    while (left-- > 0) if (!process.stdout.write(chunk)) return void process.stdout.once('drain', pump);
  };
  pump();
}

// Subcommands print their help on stdout and Trivy logs the error (flagErrorFunc + main.go);
// the root command has no SilenceErrors, so cobra first prints "Error: …" and its usage on stderr.
function commandLineError(err) {
  if (err.command.name === '') process.stderr.write(`Error: ${err.message}\n${usage(err.command)}\n`);
  else {
    process.stdout.write(usage(err.command));
    process.stderr.write('\n');
  }
  fatal(err.message);
}

function usage(command) {
  const lines = [`Usage:\n  ${command.name === '' ? command.use : `trivy ${command.use}`}\n`];
  if (command.aliases.length) lines.push(`Aliases:\n  ${[command.name, ...command.aliases].join(', ')}\n`);
  lines.push('Flags:');
  for (const spec of command.flags)
    lines.push(
      `  ${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.type === 'bool' ? '' : ` ${spec.type}`}`,
    );
  return `${lines.join('\n')}\n`;
}
