import { SEVERITIES, type Severity } from '../model/severity.js';
import type { TrivyVersion } from '../ports/trivyRunner.js';
import { trivySupports } from './trivyVersion.js';
import { formatGoDuration } from '../model/goDuration.js';

/** The `trivy` subcommands we run locally, by their short names (aliases in every cobra-era Trivy). */
export const TRIVY_SCAN_KINDS = ['config', 'fs', 'image', 'repo'] as const;
export type TrivyScanKind = (typeof TRIVY_SCAN_KINDS)[number];

/** Scanners by their current names; `misconfig` is spelt `config` for Trivy before v0.48. */
export const TRIVY_SCANNERS = ['vuln', 'misconfig', 'secret', 'license'] as const;
export type TrivyScanner = (typeof TRIVY_SCANNERS)[number];

/** Report formats we can read back (see `readers/readSource.ts`). */
export type TrivyOutputFormat = 'json' | 'sarif' | 'cyclonedx';

/** What to scan and how; every field but `scan` and `target` is optional. */
export interface TrivyScanOptions {
  readonly scan: TrivyScanKind;
  /** A directory or file (config, fs, repo), a repository URL (repo), or an image reference (image). */
  readonly target: string;
  /** Default `json`. */
  readonly format?: TrivyOutputFormat;
  /** Write the report to this file instead of stdout. */
  readonly output?: string;
  /** Suppress progress bars and log lines on stderr; default true. */
  readonly quiet?: boolean;
  /** Only these severities; all when absent or empty. */
  readonly severities?: readonly Severity[];
  /** Drop vulnerabilities without a fixed version (not on `config`, which finds none). */
  readonly ignoreUnfixed?: boolean;
  /** A `.trivyignore` or `.trivyignore.yaml` file. */
  readonly ignoreFile?: string;
  /** Use the vulnerability DB in the cache as it is (not on `config`, which needs no DB). */
  readonly skipDbUpdate?: boolean;
  /** Use the checks bundle in the cache as it is. */
  readonly skipCheckUpdate?: boolean;
  /** Do not send API requests to identify dependencies (not on `config`). */
  readonly offline?: boolean;
  readonly cacheDir?: string;
  /** Trivy's own time limit (`--timeout`, a Go duration); whole milliseconds. */
  readonly timeoutMs?: number;
  /** Scanners to enable (not on `config`, which always scans misconfigurations). */
  readonly scanners?: readonly TrivyScanner[];
  /** `--disable-telemetry` where the version has it; default true. */
  readonly disableTelemetry?: boolean;
  /** `--skip-version-check` where the version has it; default true (no network call, no notice). */
  readonly skipVersionCheck?: boolean;
  /**
   * The user's own flags (a setting), one argv item each, put after ours and before `--`:
   * e.g. `--skip-dirs node_modules`. Checked by {@link checkedExtraArgs}.
   */
  readonly extraArgs?: readonly string[];
}

/** The options cannot be turned into a safe command line. */
export class TrivyArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrivyArgsError';
  }
}

/**
 * The argv (without the executable) for one local scan, for the Trivy at `version`
 * (`undefined`: assume the newest). Pure; throws {@link TrivyArgsError} on unsafe input.
 *
 * Layout: `<kind> <flags…> -- <target>`. The subcommand comes first so cobra finds it without
 * having to guess which of the flags before it take a value (cobra `command.go` `stripFlags`
 * skips the word after any flag it does not know to be boolean); every value is attached with
 * `=` so a value starting with `-` is never read as a flag; and `--` ends flag parsing (pflag
 * `flag.go` `parseArgs`: "--" terminates the flags; cobra's `stripFlags` stops there too), so a
 * target such as `-rf` is a positional argument. `--exit-code=0` keeps findings from turning
 * into a failure exit, which the runner would report as an error.
 */
export function trivyArgs(options: TrivyScanOptions, version?: TrivyVersion): string[] {
  const { scan } = options;
  if (!(TRIVY_SCAN_KINDS as readonly string[]).includes(scan))
    throw new TrivyArgsError(`unknown scan kind "${String(scan)}"`);
  const target = checkedTarget(options);
  const vulnerabilityFlags = scan !== 'config'; // `trivy config` has no DB, scanner or vulnerability flags
  const args: string[] = [scan, `--format=${options.format ?? 'json'}`];
  if (options.output !== undefined) args.push(`--output=${checkedPath(options.output, 'output')}`);
  if (options.quiet ?? true) args.push('--quiet');
  args.push('--exit-code=0');

  const severities = SEVERITIES.filter((s) => options.severities?.includes(s));
  const unknown = (options.severities ?? []).filter((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new TrivyArgsError(`unknown severity ${unknown.map((s) => `"${s}"`).join(', ')}`);
  if (severities.length > 0) args.push(`--severity=${severities.join(',')}`);

  if (vulnerabilityFlags && options.scanners && options.scanners.length > 0)
    args.push(scannersFlag(options.scanners, version));
  if (vulnerabilityFlags && options.ignoreUnfixed) args.push('--ignore-unfixed');
  if (options.ignoreFile !== undefined)
    args.push(`--ignorefile=${checkedPath(options.ignoreFile, 'ignore file')}`);
  if (vulnerabilityFlags && options.skipDbUpdate) args.push('--skip-db-update');
  if (options.skipCheckUpdate)
    args.push(trivySupports(version, 'skipCheckUpdateFlag') ? '--skip-check-update' : '--skip-policy-update');
  if (vulnerabilityFlags && options.offline) args.push('--offline-scan');
  if (options.cacheDir !== undefined)
    args.push(`--cache-dir=${checkedPath(options.cacheDir, 'cache directory')}`);
  if (options.timeoutMs !== undefined) args.push(`--timeout=${goDuration(options.timeoutMs)}`);

  const telemetry = trivySupports(version, scan === 'config' ? 'telemetryFlagsOnConfig' : 'telemetryFlags');
  if (telemetry && (options.disableTelemetry ?? true)) args.push('--disable-telemetry');
  if (telemetry && (options.skipVersionCheck ?? true)) args.push('--skip-version-check');

  args.push(...checkedExtraArgs(options.extraArgs ?? []));
  args.push('--', target);
  return args;
}

/**
 * Long flags an extra argument may not set: the report's format, file and shape are what the core
 * reads back (`--format`, `--output`, `--template`, `--output-plugin-arg`, `--report`,
 * `--compliance`), `--exit-code` would turn findings into a failed run, and the others make
 * Trivy do something else than the scan (print its version or usage, write a config file,
 * only download or clear its databases). From Trivy's `pkg/flag` (global, report and DB flags).
 */
const REFUSED_FLAGS: ReadonlyMap<string, string> = new Map([
  ['format', 'the core reads JSON'],
  ['output', 'the core reads the report from stdout'],
  ['template', 'the core reads JSON'],
  ['output-plugin-arg', 'the core reads the report from stdout'],
  ['report', 'the core reads the whole report'],
  ['compliance', 'the core reads the scan report, not a compliance report'],
  ['exit-code', 'findings would make the run fail'],
  ['version', 'Trivy would print its version instead of scanning'],
  ['help', 'Trivy would print its usage instead of scanning'],
  ['generate-default-config', 'Trivy would write a config file instead of scanning'],
  ['download-db-only', 'Trivy would only download its database'],
  ['download-java-db-only', 'Trivy would only download its Java database'],
  ['reset', 'Trivy would only clear its cache'],
  ['clear-cache', 'Trivy would only clear its cache'],
]);
/** Their one-letter spellings (`-f json`, `-fjson`, `-qf json`), and the shorthands that take a value. */
const REFUSED_SHORTHANDS: ReadonlyMap<string, string> = new Map([
  ['f', 'format'],
  ['o', 'output'],
  ['t', 'template'],
  ['v', 'version'],
  ['h', 'help'],
]);
const VALUE_SHORTHANDS = new Set(['c', 's', 'f', 'o', 't']);

/**
 * The user's extra arguments, checked: they come after the core's flags, where pflag lets the
 * last value of a flag win, so a flag the core relies on would be overridden silently. The first
 * must be a flag (a word there would be a second target) and `--` would move the target out of
 * place. Which flags take a value is not known here, so a value that starts with `-` is read as
 * flags too; `--flag=value` spells it unambiguously.
 */
export function checkedExtraArgs(extra: readonly string[]): string[] {
  const refuse = (arg: string, why: string): never => {
    throw new TrivyArgsError(`the extra argument "${arg}" is not allowed: ${why}`);
  };
  extra.forEach((arg, i) => {
    if (typeof arg !== 'string' || arg === '') throw new TrivyArgsError('an extra argument is empty');
    if (arg.includes('\0')) throw new TrivyArgsError(`the extra argument "${arg}" contains a NUL character`);
    if (arg === '--') refuse(arg, 'the scan target follows "--" and "--" is not allowed here');
    if (i === 0 && !arg.startsWith('-'))
      throw new TrivyArgsError(`the extra arguments must start with "-" (a flag), not "${arg}"`);
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=', 1)[0]!;
      const why = REFUSED_FLAGS.get(name);
      if (why !== undefined) refuse(arg, `--${name}: ${why}`);
    } else if (arg.startsWith('-')) {
      // pflag reads "-qfjson" as -q, then -f with the value "json": letters up to the first that takes a value.
      for (const letter of arg.slice(1)) {
        const long = REFUSED_SHORTHANDS.get(letter);
        if (long !== undefined) refuse(arg, `-${letter} (--${long}): ${REFUSED_FLAGS.get(long)!}`);
        if (VALUE_SHORTHANDS.has(letter)) break;
      }
    }
  });
  return [...extra];
}

function scannersFlag(scanners: readonly TrivyScanner[], version: TrivyVersion | undefined): string {
  const unknown = scanners.filter((s) => !(TRIVY_SCANNERS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new TrivyArgsError(`unknown scanner ${unknown.map((s) => `"${s}"`).join(', ')}`);
  const misconfig = trivySupports(version, 'misconfigScannerName') ? 'misconfig' : 'config';
  const names = TRIVY_SCANNERS.filter((s) => scanners.includes(s)).map((s) =>
    s === 'misconfig' ? misconfig : s,
  );
  const flag = trivySupports(version, 'scannersFlag') ? '--scanners' : '--security-checks';
  return `${flag}=${names.join(',')}`;
}

function checkedTarget(options: TrivyScanOptions): string {
  const target = options.target;
  if (typeof target !== 'string' || target.trim() === '')
    throw new TrivyArgsError('the scan target is empty');
  if (target.includes('\0')) throw new TrivyArgsError('the scan target contains a NUL character');
  // An image reference starts with a letter or digit (distribution/reference grammar), so a
  // leading `-` can only be an attempt to pass a flag; say so rather than let Trivy guess.
  if (options.scan === 'image' && target.startsWith('-'))
    throw new TrivyArgsError(`"${target}" is not an image reference: it starts with "-"`);
  return target;
}

function checkedPath(path: string, what: string): string {
  if (path.trim() === '') throw new TrivyArgsError(`the ${what} path is empty`);
  if (path.includes('\0')) throw new TrivyArgsError(`the ${what} path contains a NUL character`);
  return path;
}

/**
 * Formats milliseconds as Go's `time.Duration.String()` does (`5m0s`, `1h0m0s`, `1m30.5s`,
 * `250ms`), which is what `--timeout` parses with `time.ParseDuration`.
 */
export function goDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new TrivyArgsError(`the timeout must be a positive whole number of milliseconds, not ${ms}`);
  return formatGoDuration(ms);
}
