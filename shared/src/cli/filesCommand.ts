import { parseArgs } from 'node:util';
import { matchesFilter } from '../model/findingFilter.js';
import type { Finding } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import { failOnFromFlag, failsOn, FILTER_OPTIONS, filterFromFlags } from './filterFlags.js';
import type { FileReader } from '../ports/fileReader.js';
import { DEFAULT_FILE_LIMIT_BYTES } from '../ports/fileReader.js';
import { createFindingsCore } from '../host/findingsCore.js';
import type { InputSource } from '../inputs/readInputs.js';
import { problemToJson, workloadFindingToJson } from '../writers/findingJson.js';
import { clean, palette, problemLine, renderSummaryTable, renderTable } from './findingTable.js';
import { findingsToSarif } from '../writers/sarifWriter.js';
import type { CliIo } from './cliIo.js';
import { EXIT, tableWidth } from './cliIo.js';

export const FILES_USAGE = `usage: trivy-findings FILE|DIR… [--json | --sarif | --table | --summary] [--severity HIGH,CRITICAL]
                      [--ignore-unfixed] [--ignorefile FILE] [--all] [--fail-on SEVERITY] [--max-size MB] [-r]
       trivy-findings cluster --help

Reads Trivy JSON (any version), trivy k8s JSON, SARIF, CycloneDX and Trivy Operator /
PolicyReport objects (YAML or JSON, kubectl lists). The format is found from the content.
Findings are grouped under their workload, from the owners of the Deployments, ReplicaSets,
Pods … among the inputs, else from names ("inferred"). A finding found in several files is
shown once. Findings matched by --ignorefile (default: ./.trivyignore or ./.trivyignore.yaml
when present) are marked suppressed and hidden unless --all is given.
The table starts with the totals by severity and type; identical rows are folded as ×N.
--summary prints only the totals and the counts per workload (else image or target).
A directory gives the .json, .yaml and .sarif files directly in it; -r its whole subtree,
never following symbolic links out of it. Problems (an unreadable file or folder, a symlink
loop, a malformed report) go to stderr and the other inputs are still read.
Exit 0 when something was read, 1 when --fail-on is met by a finding shown (suppressed and
filtered-out findings never count), 2 when nothing could be read.`;

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
        summary: { type: 'boolean' },
        ...FILTER_OPTIONS,
        'fail-on': { type: 'string' },
        'max-size': { type: 'string' },
        ignorefile: { type: 'string' },
        recursive: { type: 'boolean', short: 'r' },
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
  if ([values.json, values.sarif, values.table, values.summary].filter(Boolean).length > 1) {
    io.stderr.write('trivy-findings: choose one of --json, --sarif, --table, --summary\n');
    return EXIT.unread;
  }
  const flags = filterFromFlags(values);
  if ('error' in flags) {
    io.stderr.write(`trivy-findings: ${flags.error}\n`);
    return EXIT.unread;
  }
  const { filter } = flags;
  const failOn = failOnFromFlag(values['fail-on']);
  if (failOn && 'error' in failOn) {
    io.stderr.write(`trivy-findings: ${clean(failOn.error)}\n`);
    return EXIT.unread;
  }
  const limit = values['max-size'] ? Number(values['max-size']) * 1024 * 1024 : DEFAULT_FILE_LIMIT_BYTES;
  if (!Number.isFinite(limit) || limit <= 0) {
    io.stderr.write(`trivy-findings: --max-size takes a number of megabytes\n`);
    return EXIT.unread;
  }

  // The CLI is a host of the façade like the extensions: one multi-input read, every
  // file-system error a problem on its input, the other inputs still read.
  const core = createFindingsCore({ files });
  let read;
  try {
    read = await core.inputs.read({
      paths: positionals,
      recursive: !!values.recursive,
      // As `trivy` does: the named file, else its defaults in the working directory.
      ignore: values.ignorefile ? { path: values.ignorefile } : { defaultsIn: '.' },
      limitBytes: limit,
      includePassed: !!values.all,
    });
  } finally {
    core.dispose();
  }
  const ignoreSource = read.sources.find(
    (s) => s.format === 'trivyignore' || isNamedIgnore(s, values.ignorefile),
  );
  if (values.ignorefile && ignoreSource?.format !== 'trivyignore') {
    // A named ignore file that cannot be read would show what the user meant to suppress.
    for (const p of ignoreSource?.problems ?? []) io.stderr.write(`trivy-findings: ${problemLine(p)}\n`);
    return EXIT.unread;
  }
  const findings = read.findings.filter((w) => matchesFilter(w.finding, filter));
  const workloadOf = new Map(read.findings.map((w) => [w.finding, w.workload]));
  const problems: Problem[] = read.sources.flatMap((s) => s.problems);

  if (values.json) {
    const out = {
      findings: findings.map((w) => workloadFindingToJson(w.finding, w.workload)),
      sources: [
        ...read.sources.map((s) => ({
          path: s.path,
          format: s.format,
          problems: s.problems.map(problemToJson),
        })),
      ],
    };
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if (values.sarif) {
    io.stdout.write(
      JSON.stringify(
        findingsToSarif(
          findings.map((w) => w.finding),
          version,
        ),
        null,
        2,
      ) + '\n',
    );
  } else {
    const inputsRead = `${read.read} file${read.read === 1 ? '' : 's'} read`;
    const table = {
      findings: findings.map((w) => w.finding),
      workloadOf: (f: Finding) => workloadOf.get(f),
      read: inputsRead,
      problems: problems.length,
      width: tableWidth(io),
      palette: palette(io.color),
    };
    io.stdout.write(values.summary ? renderSummaryTable(table) : renderTable(table));
  }
  // Warnings and errors go to stderr only: stdout stays the data when redirected.
  for (const p of problems) io.stderr.write(`trivy-findings: ${p.level}: ${problemLine(p)}\n`);
  const notEntered = read.skipped.filter((s) => s.reason === 'subfolder').length;
  if (notEntered > 0)
    io.stderr.write(`trivy-findings: ${notEntered} subfolder(s) not read (-r reads them)\n`);
  if (read.read === 0) return EXIT.unread;
  if (failOn && findings.some(({ finding }) => failsOn(finding, failOn.severity))) return EXIT.failOn;
  return EXIT.ok;
}

function isNamedIgnore(source: InputSource, named: string | undefined): boolean {
  return named !== undefined && source.path === named && source.input === named;
}
