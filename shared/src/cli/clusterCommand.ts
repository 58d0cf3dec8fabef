import { parseArgs } from 'node:util';
import type { ReportChange, StoreChange } from '../cluster/changeBatcher.js';
import type { ClusterSession } from '../cluster/clusterSession.js';
import type { KindStatusEntry } from '../cluster/reportStore.js';
import { createFindingsCore } from '../host/findingsCore.js';
import { createIgnoreMatcher } from '../ignore/trivyIgnoreMatcher.js';
import { readIgnoreFile } from '../inputs/ignoreFileInput.js';
import type { Finding } from '../model/finding.js';
import { countsTowardTotals, matchesFilter } from '../model/findingFilter.js';
import { emptyCounts, SEVERITIES } from '../model/severity.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import { NodeFileReader } from '../node/nodeFileReader.js';
import { reportKindByAnyName, type ReportKind } from '../model/reportKinds.js';
import { ClusterUnauthorizedError, ClusterUnreachableError } from '../ports/clusterSource.js';
import { KubeConfigError, loadKubeConfig } from '../node/kubeConfigLoader.js';
import { kubeClusterSources, type KubeSessionOptions } from '../node/kubeSessions.js';
import type { CliIo } from './cliIo.js';
import { failOnFromFlag, failsOn, FILTER_OPTIONS, filterFromFlags } from './filterFlags.js';
import { EXIT, tableWidth } from './cliIo.js';
import {
  changeLine,
  clusterFindingToJson,
  needsAttention,
  sourceToJson,
  type WatchLine,
} from './clusterJson.js';
import {
  clean,
  objectLabel,
  palette,
  problemLine,
  renderSummaryTable,
  renderTable,
  type TableInput,
} from './findingTable.js';

export const CLUSTER_USAGE = `usage: trivy-findings cluster [--context C] [--kubeconfig F] [--namespace N]… [--kind K]…
                              [--json | --table | --summary] [--watch] [--severity HIGH,CRITICAL]
                              [--ignore-unfixed] [--ignorefile FILE] [--all] [--fail-on SEVERITY]

Reads Trivy Operator, Starboard and policy reports from a live cluster, with the kubeconfig
kubectl would use (KUBECONFIG, ~/.kube/config, or the in-cluster service account).
  --namespace, -n  only these namespaces (repeat, or comma-separated); cluster-scoped kinds are
                   then left out unless named with --kind. Without it: all namespaces, or, when
                   that is forbidden, the context's namespace and those you may list. A
                   namespace the cluster does not have is named in a warning on stderr.
  --kind, -k       only these report kinds, any kubectl name (vuln, configauditreports, polr …)
  --json           {"findings": [...], "sources": [...]}: one source per kind (and namespace)
                   with its status (ok, not-installed, forbidden, unauthorized,
                   unreachable) and problems
  --table          (the default) totals by severity and type, then one row per finding
  --summary        the totals and the counts per workload (else image)
  --ignorefile     a .trivyignore or .trivyignore.yaml (default: ./.trivyignore or
                   ./.trivyignore.yaml when present): the findings it matches are suppressed,
                   hidden unless --all
  --fail-on        exit 1 when a finding shown is at least this severe: judged after --severity,
                   --ignore-unfixed and the ignore file, so a suppressed or filtered-out finding
                   never fails; with --watch, judged on what is shown when the watch ends
  --watch          the table, then one row per report change (added, changed, removed, with its
                   workload and counts) until interrupted; with --json NDJSON instead: first
                   {"event":"snapshot",...} (as --json), then one line per report change
                   {"event":"added"|"modified"|"deleted","report":{...},"findings":[...]} and per
                   status change {"event":"status","source":{...}}
Exit 0 when the cluster was read (forbidden or missing kinds are listed, not fatal), 1 when
--fail-on is met, 2 when the kubeconfig is unusable, the cluster cannot be reached or rejects
the credentials.`;

/** What the command may touch; `signal` ends `--watch` (else SIGINT does). */
export type ClusterCommandIo = Pick<CliIo, 'stdout' | 'stderr' | 'env' | 'columns'> & {
  readonly color?: boolean;
  readonly signal?: AbortSignal;
  /** Options for the session, for tests (backoff, batch window). */
  readonly session?: KubeSessionOptions;
};

/** A finding as the command shows it: the ignore file applied, with the store's workload. */
interface Shown {
  readonly finding: Finding;
  readonly workload?: WorkloadRef | undefined;
}

/** `trivy-findings cluster …`: read the reports of a live cluster and print them. */
export async function runClusterCommand(argv: string[], io: ClusterCommandIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`trivy-findings cluster: ${message}\n`);
    return EXIT.unread;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        context: { type: 'string' },
        kubeconfig: { type: 'string' },
        namespace: { type: 'string', short: 'n', multiple: true },
        kind: { type: 'string', short: 'k', multiple: true },
        json: { type: 'boolean' },
        table: { type: 'boolean' },
        summary: { type: 'boolean' },
        watch: { type: 'boolean', short: 'w' },
        ...FILTER_OPTIONS,
        'fail-on': { type: 'string' },
        ignorefile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n${CLUSTER_USAGE}`);
  }
  if (values.help) {
    io.stdout.write(CLUSTER_USAGE + '\n');
    return EXIT.ok;
  }
  if ([values.json, values.table, values.summary].filter(Boolean).length > 1)
    return fail('choose one of --json, --table, --summary');
  const flags = filterFromFlags(values);
  if ('error' in flags) return fail(flags.error);
  const { filter } = flags;
  const failOn = failOnFromFlag(values['fail-on']);
  if (failOn && 'error' in failOn) return fail(failOn.error);
  const kinds: ReportKind[] = [];
  for (const name of splitList(values.kind)) {
    const kind = reportKindByAnyName(name);
    if (!kind) return fail(`unknown report kind "${name}" (e.g. vulnerabilityreports, configaudit, polr)`);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  const namespaces = splitList(values.namespace);
  const files = new NodeFileReader();
  // As \`trivy\` does: the named file, else its defaults in the working directory.
  const ignoreRead = await readIgnoreFile(
    files,
    values.ignorefile ? { path: values.ignorefile } : { defaultsIn: '.' },
  );
  for (const pr of ignoreRead?.problems ?? [])
    io.stderr.write(`trivy-findings: ${pr.level}: ${problemLine(pr)}\n`);
  // A named ignore file that cannot be read would show what the user meant to suppress.
  if (values.ignorefile && !ignoreRead?.file) return EXIT.unread;
  const ignore = ignoreRead?.file ? createIgnoreMatcher(ignoreRead.file, new Date()) : undefined;

  let loaded;
  try {
    loaded = loadKubeConfig({
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
      ...(values.context ? { context: values.context } : {}),
      env: io.env,
    });
  } catch (err) {
    if (err instanceof KubeConfigError) return fail(err.message);
    throw err;
  }
  // The CLI is a host of the façade like the extensions: the session is the one a host opens.
  const { source, ...sessionOptions } = io.session ?? {};
  const core = createFindingsCore(
    { files, clusterSource: kubeClusterSources(loaded, source) },
    {
      session: {
        ...sessionOptions,
        ...(kinds.length ? { kinds } : {}),
        ...(namespaces.length ? { namespaces } : {}),
        includePassed: !!values.all,
      },
    },
  );
  try {
    let session: ClusterSession;
    try {
      session = await core.clusters.open(loaded.context, io.signal);
    } catch (err) {
      if (err instanceof ClusterUnreachableError) return fail(clean(err.message)); // the server's text
      if (err instanceof KubeConfigError) return fail(err.message);
      throw err;
    }
    await session.whenSettled();
    const statuses = session.store.kindStatuses();
    const watched = statuses.filter((s) => s.status.state !== 'not-installed');
    const unread = (s: KindStatusEntry) =>
      s.status.state === 'unreachable' || s.status.state === 'unauthorized';
    if (watched.length > 0 && watched.every(unread)) {
      const first = watched[0]!.status;
      const message = 'message' in first ? first.message : '';
      return fail(
        clean(
          first.state === 'unauthorized'
            ? new ClusterUnauthorizedError(session.name, message).message
            : new ClusterUnreachableError(session.name, message).message,
        ),
      );
    }
    if (namespaces.length) {
      // A typo in -n would otherwise look like a namespace without findings.
      const missing = await session.missingNamespaces(namespaces, io.signal).catch(() => []);
      for (const name of missing)
        io.stderr.write(
          `trivy-findings: warning: namespace "${clean(name)}" does not exist in the cluster\n`,
        );
    }
    const view = (entries: Iterable<Shown>): Shown[] =>
      [...entries]
        .map((e) =>
          ignore && !e.finding.suppressed && ignore.match(e.finding)
            ? { ...e, finding: { ...e.finding, suppressed: true } }
            : e,
        )
        .filter((e) => matchesFilter(e.finding, filter));
    const shown = () => sortFindings(view(session.store.findingsWithWorkloads()));
    const json = () => shown().map((e) => clusterFindingToJson(e.finding, e.workload));
    const sources = () =>
      session.store.kindStatuses().map((s) => sourceToJson(session.name, s, session.store));
    const table = (entries: readonly Shown[]): TableInput => {
      const workloadOf = new Map(entries.map((e) => [e.finding, e.workload]));
      const reports = session.store.reports().length;
      return {
        findings: entries.map((e) => e.finding),
        workloadOf: (f) => workloadOf.get(f),
        read: `${reports} report${reports === 1 ? '' : 's'} read`,
        problems: session.store.problems().length,
        width: tableWidth(io),
        palette: palette(!!io.color),
      };
    };
    if (values.watch && values.json) {
      writeLine(io, { event: 'snapshot', findings: json(), sources: sources() });
      await watchChanges(session, io, (change) => {
        for (const r of change.reports) {
          const found = r.change === 'deleted' ? [] : view(reportEntries(session, r.key));
          writeLine(
            io,
            changeLine(
              r,
              found.map((e) => clusterFindingToJson(e.finding, e.workload)),
            ),
          );
        }
        for (const entry of changedStatuses(session, change))
          writeLine(io, { event: 'status', source: sourceToJson(session.name, entry, session.store) });
      });
    } else if (values.json) {
      io.stdout.write(JSON.stringify({ findings: json(), sources: sources() }, null, 2) + '\n');
    } else {
      const rows = shown();
      io.stdout.write(values.summary ? renderSummaryTable(table(rows)) : renderTable(table(rows)));
      io.stdout.write(statusLines(session.store.kindStatuses()));
      // Warnings and errors on stderr only: stdout stays the data when redirected.
      for (const pr of session.store.problems())
        io.stderr.write(`trivy-findings: ${pr.level}: ${problemLine(pr)}\n`);
      if (values.watch) {
        io.stdout.write('\nwatching for changes (Ctrl+C ends)\n');
        await watchChanges(session, io, (change) => {
          const lines = change.reports.map((r) =>
            changeRow(r, r.change === 'deleted' ? [] : view(reportEntries(session, r.key))),
          );
          for (const entry of changedStatuses(session, change))
            lines.push(
              `status   ${entry.kind.kind}${entry.namespace !== undefined ? ` in ${entry.namespace}` : ''}: ${entry.status.state}${'message' in entry.status ? ` (${clean(entry.status.message)})` : ''}`,
            );
          if (lines.length) io.stdout.write(lines.join('\n') + '\n');
        });
      }
    }
    if (failOn && shown().some((e) => failsOn(e.finding, failOn.severity))) return EXIT.failOn;
    return EXIT.ok;
  } finally {
    core.dispose();
  }
}

function reportEntries(session: ClusterSession, key: string): Shown[] {
  const workloads = session.store.workloadsOfReport(key);
  return session.store.findingsForReport(key).map((f) => ({ finding: f, workload: workloads.get(f) }));
}

const CHANGE_WORDS = { added: 'added', modified: 'changed', deleted: 'removed' } as const;

/** `added    VulnerabilityReport default/rs-web  Deployment default/web  CRITICAL 1  HIGH 2`. */
function changeRow(r: ReportChange, shown: readonly Shown[]): string {
  const workload = shown.find((e) => e.workload)?.workload;
  const counts = emptyCounts();
  for (const e of shown) if (countsTowardTotals(e.finding)) counts[e.finding.severity]++;
  const tally = SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${s} ${counts[s]}`)
    .join('  ');
  const report = `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
  return clean(
    [
      CHANGE_WORDS[r.change].padEnd(8),
      report,
      workload ? `${objectLabel(workload)}${workload.inferred ? ' (inferred)' : ''}` : '',
      r.change === 'deleted' ? '' : tally || 'no findings shown',
    ]
      .filter(Boolean)
      .join('  '),
  );
}

/** The status entries a store change names. */
function changedStatuses(session: ClusterSession, change: StoreChange): KindStatusEntry[] {
  if (!change.statuses.length) return [];
  const byKey = new Map(session.store.kindStatuses().map((s) => [`${s.kind.kind}/${s.namespace ?? ''}`, s]));
  return change.statuses.flatMap((scope) => {
    const [kind, namespace] = scope.split('/');
    const entry = byKey.get(`${kind}/${namespace ?? ''}`);
    return entry ? [entry] : [];
  });
}

/** Calls `onChange` for every store change until the signal (or SIGINT) ends the watch. */
async function watchChanges(
  session: ClusterSession,
  io: ClusterCommandIo,
  onChange: (change: StoreChange) => void,
): Promise<void> {
  const ended = new AbortController();
  const onSigint = () => ended.abort();
  if (io.signal) io.signal.addEventListener('abort', onSigint, { once: true });
  else process.once('SIGINT', onSigint);
  const sub = session.store.onDidChange(onChange);
  try {
    if (io.signal?.aborted) return;
    await new Promise<void>((resolve) =>
      ended.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  } finally {
    sub.dispose();
    process.removeListener('SIGINT', onSigint);
  }
}

function writeLine(io: ClusterCommandIo, line: WatchLine): void {
  io.stdout.write(JSON.stringify(line) + '\n');
}

/** Sources that are not fine, after the table: a missing, forbidden or unread kind is worth a line. */
function statusLines(statuses: readonly KindStatusEntry[]): string {
  const lines = statuses.flatMap(({ kind, namespace, status }) => {
    if (!needsAttention(status)) return [];
    const where = namespace !== undefined ? ` in ${namespace}` : '';
    return [`${kind.kind}${where}: ${status.state} (${clean(status.message)})\n`];
  });
  const missing = statuses.filter((s) => s.status.state === 'not-installed').map((s) => s.kind.kind);
  if (missing.length) lines.push(`not installed: ${missing.join(', ')}\n`);
  return lines.length ? `\n${lines.join('')}` : '';
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Stable output: by origin report (namespace, kind, name), then as the report listed them. */
function sortFindings<T extends { readonly finding: Finding }>(entries: T[]): T[] {
  const key = (f: Finding) => {
    const r = f.origin.report;
    return r ? `${r.namespace ?? ''}\0${r.kind}\0${r.name}` : '';
  };
  return entries
    .map((e, i) => ({ e, i, k: key(e.finding) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.e);
}
