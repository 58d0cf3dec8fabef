import { parseArgs } from 'node:util';
import type { ClusterSession } from '../cluster/clusterSession.js';
import type { KindStatusEntry } from '../cluster/reportStore.js';
import type { Finding } from '../model/finding.js';
import { matchesFilter, type FindingFilter } from '../model/findingFilter.js';
import { reportKindByAnyName, type ReportKind } from '../model/reportKinds.js';
import { ClusterUnauthorizedError, ClusterUnreachableError } from '../ports/clusterSource.js';
import { KubeConfigError, loadKubeConfig } from '../node/kubeConfigLoader.js';
import { kubeSession, type KubeSessionOptions } from '../node/kubeSessions.js';
import type { CliIo } from './cliIo.js';
import { FILTER_OPTIONS, filterFromFlags } from './filterFlags.js';
import { EXIT } from './cliIo.js';
import {
  changeLine,
  clusterFindingToJson,
  needsAttention,
  sourceToJson,
  type WatchLine,
} from './clusterJson.js';
import { clean, palette, problemLine, renderTable, workloadGroupKey } from './findingTable.js';

export const CLUSTER_USAGE = `usage: trivy-findings cluster [--context C] [--kubeconfig F] [--namespace N]… [--kind K]…
                              [--json | --table] [--watch] [--severity HIGH,CRITICAL]
                              [--ignore-unfixed] [--all]

Reads Trivy Operator, Starboard and policy reports from a live cluster, with the kubeconfig
kubectl would use (KUBECONFIG, ~/.kube/config, or the in-cluster service account).
  --namespace, -n  only these namespaces (repeat, or comma-separated); cluster-scoped kinds are
                   then left out unless named with --kind. Without it: all namespaces, or, when
                   that is forbidden, the context's namespace and those you may list.
  --kind, -k       only these report kinds, any kubectl name (vuln, configauditreports, polr …)
  --json           {"findings": [...], "sources": [...]}: one source per kind (and namespace)
                   with its status (ok, not-installed, forbidden, unauthorized,
                   unreachable) and problems
  --watch          NDJSON on stdout until interrupted: first {"event":"snapshot",...} (as
                   --json), then one line per report change {"event":"added"|"modified"|
                   "deleted","report":{...},"findings":[...]} and per status change
                   {"event":"status","source":{...}}
Exit 0 when the cluster was read (forbidden or missing kinds are listed, not fatal),
2 when the kubeconfig is unusable, the cluster cannot be reached or rejects the credentials.`;

/** What the command may touch; `signal` ends `--watch` (else SIGINT does). */
export type ClusterCommandIo = Pick<CliIo, 'stdout' | 'stderr' | 'env'> & {
  readonly color?: boolean;
  readonly signal?: AbortSignal;
  /** Options for the session, for tests (backoff, batch window). */
  readonly session?: KubeSessionOptions;
};

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
        watch: { type: 'boolean', short: 'w' },
        ...FILTER_OPTIONS,
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
  if (values.json && values.table) return fail('choose one of --json, --table');
  const flags = filterFromFlags(values);
  if ('error' in flags) return fail(flags.error);
  const { filter } = flags;
  const kinds: ReportKind[] = [];
  for (const name of splitList(values.kind)) {
    const kind = reportKindByAnyName(name);
    if (!kind) return fail(`unknown report kind "${name}" (e.g. vulnerabilityreports, configaudit, polr)`);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  const namespaces = splitList(values.namespace);

  let session: ClusterSession;
  try {
    const loaded = loadKubeConfig({
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
      ...(values.context ? { context: values.context } : {}),
      env: io.env,
    });
    session = kubeSession(loaded, {
      ...io.session,
      ...(kinds.length ? { kinds } : {}),
      ...(namespaces.length ? { namespaces } : {}),
      includePassed: !!values.all,
    });
  } catch (err) {
    if (err instanceof KubeConfigError) return fail(err.message);
    throw err;
  }
  try {
    try {
      await session.start(io.signal);
    } catch (err) {
      if (err instanceof ClusterUnreachableError) return fail(clean(err.message)); // the server's text
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
    const findings = () =>
      sortFindings(
        [...session.store.findingsWithWorkloads()].filter((e) => matchesFilter(e.finding, filter)),
      );
    const json = () => findings().map((e) => clusterFindingToJson(e.finding, e.workload));
    const sources = () =>
      session.store.kindStatuses().map((s) => sourceToJson(session.name, s, session.store));
    if (values.watch) {
      writeLine(io, { event: 'snapshot', findings: json(), sources: sources() });
      await watchChanges(session, io, filter);
    } else if (values.json) {
      io.stdout.write(JSON.stringify({ findings: json(), sources: sources() }, null, 2) + '\n');
    } else {
      // People think in workloads: group a ReplicaSet's findings under its Deployment.
      const rows = findings();
      const workloadOf = new Map(rows.map((e) => [e.finding, e.workload]));
      io.stdout.write(
        renderTable(
          rows.map((e) => e.finding),
          palette(!!io.color),
          workloadGroupKey((f) => workloadOf.get(f)),
        ),
      );
      io.stdout.write(statusLines(session.store.kindStatuses()));
      // Warnings and errors on stderr only: stdout stays the data when redirected.
      for (const pr of session.store.problems())
        io.stderr.write(`trivy-findings: ${pr.level}: ${problemLine(pr)}\n`);
    }
    return EXIT.ok;
  } finally {
    session.dispose();
  }
}

/** Prints change lines until the signal (or SIGINT) ends the watch. */
async function watchChanges(
  session: ClusterSession,
  io: ClusterCommandIo,
  filter: FindingFilter,
): Promise<void> {
  const ended = new AbortController();
  const onSigint = () => ended.abort();
  if (io.signal) io.signal.addEventListener('abort', onSigint, { once: true });
  else process.once('SIGINT', onSigint);
  const byKey = new Map<string, KindStatusEntry>();
  const sub = session.store.onDidChange((change) => {
    for (const r of change.reports) {
      const found =
        r.change === 'deleted'
          ? []
          : session.store.findingsForReport(r.key).filter((f) => matchesFilter(f, filter));
      const workload = session.store.workloadsOfReport(r.key);
      writeLine(
        io,
        changeLine(
          r,
          found.map((f) => clusterFindingToJson(f, workload.get(f))),
        ),
      );
    }
    if (change.statuses.length) {
      for (const s of session.store.kindStatuses()) byKey.set(`${s.kind.kind}/${s.namespace ?? ''}`, s);
      for (const scope of change.statuses) {
        const [kind, namespace] = scope.split('/');
        const entry = byKey.get(`${kind}/${namespace ?? ''}`);
        if (entry)
          writeLine(io, { event: 'status', source: sourceToJson(session.name, entry, session.store) });
      }
    }
  });
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
