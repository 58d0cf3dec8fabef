import { parseArgs } from 'node:util';
import type { Finding } from '../model/finding.js';
import { matchesFilter } from '../model/findingFilter.js';
import type { Problem } from '../model/problem.js';
import { isAtLeast, parseSeverity, type Severity } from '../model/severity.js';
import { FILTER_OPTIONS, filterFromFlags } from './filterFlags.js';
import type { FileReader } from '../ports/fileReader.js';
import { DEFAULT_FILE_LIMIT_BYTES } from '../ports/fileReader.js';
import { readSourceText, type SourceRead } from '../readers/readSource.js';
import { readTrivyIgnore } from '../ignore/trivyIgnore.js';
import { applyTrivyIgnore } from '../ignore/trivyIgnoreMatcher.js';
import { mergeDuplicateFindings } from '../model/duplicateFindings.js';
import { offlineWorkloads } from '../workloads/offlineWorkloads.js';
import { problemToJson, workloadFindingToJson } from './findingJson.js';
import { palette, problemLine, renderTable, workloadGroupKey } from './findingTable.js';
import { findingsToSarif } from './sarifWriter.js';
import type { CliIo } from './cliIo.js';
import { EXIT } from './cliIo.js';

export const FILES_USAGE = `usage: trivy-findings FILE|DIR… [--json | --sarif | --table] [--severity HIGH,CRITICAL]
                      [--ignore-unfixed] [--ignorefile FILE] [--all] [--fail-on SEVERITY] [--max-size MB]
       trivy-findings cluster --help

Reads Trivy JSON (any version), trivy k8s JSON, SARIF, CycloneDX and Trivy Operator /
PolicyReport objects (YAML or JSON, kubectl lists). The format is found from the content.
Findings are grouped under their workload, from the owners of the Deployments, ReplicaSets,
Pods … among the inputs, else from names ("inferred"). A finding found in several files is
shown once. Findings matched by --ignorefile (default: ./.trivyignore or ./.trivyignore.yaml
when present) are marked suppressed and hidden unless --all is given.
Exit 0 when the input was read, 1 when --fail-on is met, 2 when nothing could be read.`;

// Extensions looked at when a directory is given; files named explicitly are read whatever their name.
const DIR_EXTENSIONS = /\.(json|ya?ml|sarif)$/i;

/** `trivy-findings FILE…`: read scan files and report objects, print them, exit by the rules above. */
export async function runFilesCommand(
  argv: string[],
  io: CliIo,
  files: FileReader,
  version: string,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        sarif: { type: 'boolean' },
        table: { type: 'boolean' },
        ...FILTER_OPTIONS,
        'fail-on': { type: 'string' },
        'max-size': { type: 'string' },
        ignorefile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`trivy-findings: ${(err as Error).message}\n${FILES_USAGE}\n`);
    return EXIT.unread;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(FILES_USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    io.stderr.write(`trivy-findings: no input files\n${FILES_USAGE}\n`);
    return EXIT.unread;
  }
  if ([values.json, values.sarif, values.table].filter(Boolean).length > 1) {
    io.stderr.write('trivy-findings: choose one of --json, --sarif, --table\n');
    return EXIT.unread;
  }
  const flags = filterFromFlags(values);
  if ('error' in flags) {
    io.stderr.write(`trivy-findings: ${flags.error}\n`);
    return EXIT.unread;
  }
  const { filter } = flags;
  let failOn: Severity | undefined;
  if (values['fail-on']) {
    failOn = parseSeverity(values['fail-on']);
    if (failOn === 'UNKNOWN' && values['fail-on'].toUpperCase() !== 'UNKNOWN') {
      io.stderr.write(`trivy-findings: --fail-on takes a severity, not "${values['fail-on']}"\n`);
      return EXIT.unread;
    }
  }
  const limit = values['max-size'] ? Number(values['max-size']) * 1024 * 1024 : DEFAULT_FILE_LIMIT_BYTES;
  if (!Number.isFinite(limit) || limit <= 0) {
    io.stderr.write(`trivy-findings: --max-size takes a number of megabytes\n`);
    return EXIT.unread;
  }

  const reads = await readInputs(positionals, files, limit, !!values.all);
  const ignore = await readIgnoreFile(values.ignorefile, files, io);
  if (ignore === 'failed') return EXIT.unread;
  // A report saved twice, or a scan written as JSON and SARIF, is shown once.
  let all: Finding[] = mergeDuplicateFindings(reads.map((r) => r.findings));
  if (ignore) all = applyTrivyIgnore(all, ignore.file, new Date());
  const findings = all.filter((f) => matchesFilter(f, filter));
  const problems: Problem[] = [...reads.flatMap((r) => r.problems), ...(ignore?.problems ?? [])];
  // Tied to workloads as `cluster` ties them, from the owners found in all the files.
  const workloads = offlineWorkloads(reads);

  if (values.json) {
    const out = {
      findings: findings.map((f) => workloadFindingToJson(f, workloads.workloadOf(f))),
      sources: [
        ...reads.map((r) => ({ path: r.path, format: r.format, problems: r.problems.map(problemToJson) })),
        ...(ignore
          ? [{ path: ignore.path, format: 'trivyignore', problems: ignore.problems.map(problemToJson) }]
          : []),
      ],
    };
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if (values.sarif) {
    io.stdout.write(JSON.stringify(findingsToSarif(findings, version), null, 2) + '\n');
  } else {
    io.stdout.write(
      renderTable(
        findings,
        problems,
        palette(io.color),
        workloadGroupKey((f) => workloads.workloadOf(f)),
      ),
    );
  }
  const anyRead = reads.some((r) => r.format !== 'unknown');
  if (!anyRead) {
    for (const p of problems) io.stderr.write(`trivy-findings: ${problemLine(p)}\n`);
    return EXIT.unread;
  }
  if (
    failOn &&
    findings.some((f) => !f.suppressed && f.outcome !== 'pass' && isAtLeast(f.severity, failOn))
  ) {
    return EXIT.failOn;
  }
  return EXIT.ok;
}

/**
 * The ignore file named by --ignorefile (an error when unreadable), else Trivy's defaults in the
 * working directory when present, as `trivy` itself looks for them.
 */
async function readIgnoreFile(
  named: string | undefined,
  files: FileReader,
  io: CliIo,
): Promise<
  | { path: string; file: ReturnType<typeof readTrivyIgnore>['value']; problems: readonly Problem[] }
  | undefined
  | 'failed'
> {
  let path = named;
  if (!path) {
    for (const candidate of ['.trivyignore', '.trivyignore.yaml']) {
      if ((await files.stat(candidate))?.isDirectory === false) {
        path = candidate;
        break;
      }
    }
  }
  if (!path) return undefined;
  try {
    const parsed = readTrivyIgnore(await files.readText(path, DEFAULT_FILE_LIMIT_BYTES), path);
    return { path, file: parsed.value, problems: parsed.problems };
  } catch (err) {
    io.stderr.write(`trivy-findings: cannot read ignore file: ${(err as Error).message}\n`);
    return 'failed';
  }
}

async function readInputs(
  paths: string[],
  files: FileReader,
  limit: number,
  includePassed: boolean,
): Promise<SourceRead[]> {
  const reads: SourceRead[] = [];
  for (const path of paths) {
    const stat = await files.stat(path);
    if (!stat) {
      reads.push(failed(path, 'no such file or directory'));
      continue;
    }
    const targets = stat.isDirectory
      ? (await files.listFiles(path)).files
          .filter((p) => DIR_EXTENSIONS.test(p) && isDirectChild(path, p))
          .sort()
      : [path];
    if (stat.isDirectory && targets.length === 0)
      reads.push(failed(path, 'no .json, .yaml or .sarif files in the directory'));
    for (const file of targets) {
      try {
        reads.push(readSourceText(await files.readText(file, limit), file, { includePassed }));
      } catch (err) {
        reads.push(failed(file, (err as Error).message));
      }
    }
  }
  return reads;
}

// Directories are read one level deep: scan outputs sit side by side, while sub-folders usually
// hold the scanned inputs (lock files, charts) that are not reports.
function isDirectChild(dir: string, file: string): boolean {
  const rest = file.slice(dir.replace(/\/+$/, '').length + 1);
  return !rest.includes('/');
}

function failed(path: string, message: string): SourceRead {
  return { path, format: 'unknown', findings: [], problems: [{ level: 'error', message, source: path }] };
}
