// `trivy-findings cluster` run in-process against the fake API server: JSON shape, sources,
// exit codes, --watch NDJSON.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runClusterCommand } from '../shared/src/cli/clusterCommand.js';
import { runFilesCommand } from '../shared/src/cli/filesCommand.js';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';
import { startFakeApiServer, type FakeApiServer } from './doubles/fakeApiServer/index.js';
import { copyOf, FAST, realVulnerabilityReports, yamlFixture } from './kubeClusterSourceHelpers.js';

const AQUA = 'aquasecurity.github.io';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  signal?: AbortSignal,
  onLine?: (line: string) => void,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  out.on('data', (c: Buffer) => {
    const text = c.toString();
    stdout += text;
    if (onLine) for (const line of text.split('\n').filter(Boolean)) onLine(line);
  });
  const err = new PassThrough();
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await runClusterCommand(argv, {
    stdout: out,
    stderr: err,
    env,
    ...(signal ? { signal } : {}),
    session: { source: FAST, batchMs: 5 },
  });
  return { code, stdout, stderr };
}

async function runFiles(argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  const err = new PassThrough();
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await runFilesCommand(
    argv,
    { stdout: out, stderr: err, env: {}, color: false },
    new NodeFileReader(),
    'test',
  );
  return { code, stdout, stderr };
}

describe('trivy-findings cluster', () => {
  let server: FakeApiServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trivy-findings-cluster-'));
    server = await startFakeApiServer({
      objects: [
        ...realVulnerabilityReports(),
        ...yamlFixture('configauditreport_replicaset-nginx_docs.yaml'),
      ],
    });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  it('prints findings with their resource and workload, and one source per kind, as JSON', async () => {
    const r = await run([
      '--kubeconfig',
      server.kubeconfigPath,
      '--json',
      '--kind',
      'vuln',
      '--kind',
      'configauditreports',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      findings: Array<{
        id: string;
        severity: string;
        resource: { kind: string; name: string };
        workload: { kind: string; name: string } | null;
      }>;
      sources: Array<{
        kind: string;
        status: string;
        namespace: string | null;
        reports: number;
        problems: unknown[];
      }>;
    };
    // 398 vulnerabilities (88 + 310 in the real list) + the 2 failed checks of the docs ConfigAuditReport.
    assert.equal(out.findings.length, 400);
    const nginx = out.findings.find((f) => f.id === 'CVE-2019-20367');
    assert.deepEqual(nginx?.resource && [nginx.resource.kind, nginx.resource.name], [
      'ReplicaSet',
      'nginx-deployment-559d658b74',
    ]);
    assert.deepEqual(nginx?.workload && [nginx.workload.kind, nginx.workload.name], [
      'Deployment',
      'nginx-deployment',
    ]);
    assert.deepEqual(
      out.sources.map((s) => [s.kind, s.namespace, s.status, s.reports]),
      [
        ['VulnerabilityReport', null, 'ok', 2],
        ['ConfigAuditReport', null, 'ok', 1],
      ],
    );
  });

  it('prints a finding as `--json` of the saved report prints it, workload and all', async () => {
    // The same ConfigAuditReport, once watched in the cluster and once read from its file.
    const file = fileURLToPath(
      new URL('fixtures/reports/configauditreport_replicaset-nginx_docs.yaml', import.meta.url),
    );
    const cluster = JSON.parse(
      (await run(['--kubeconfig', server.kubeconfigPath, '--json', '-k', 'configaudit'])).stdout,
    ) as {
      findings: Record<string, unknown>[];
    };
    const files = await runFiles(['--json', file]);
    assert.equal(files.code, 0, files.stderr);
    const offline = (JSON.parse(files.stdout) as { findings: Record<string, unknown>[] }).findings;
    assert.equal(offline.length, 2);
    // The origin differs by nature (a file; the server's uid); everything else is the same, in the same order of keys.
    const withoutOrigin = (f: Record<string, unknown>) => Object.entries(f).filter(([k]) => k !== 'origin');
    assert.deepEqual(offline.map(withoutOrigin), cluster.findings.map(withoutOrigin));
    assert.deepEqual(offline[0]!.workload, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'default',
      name: 'nginx',
      inferred: true,
    });
  });

  it('filters by severity', async () => {
    const r = await run([
      '--kubeconfig',
      server.kubeconfigPath,
      '--json',
      '-k',
      'vuln',
      '--severity',
      'CRITICAL',
    ]);
    // `jq '[.items[].report.vulnerabilities[] | select(.severity == "CRITICAL")] | length'` gives 40.
    assert.equal((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length, 40);
  });

  it('lists forbidden and missing kinds as sources and still exits 0', async () => {
    server.faults.forbid(AQUA, 'configauditreports');
    try {
      const r = await run(['--kubeconfig', server.kubeconfigPath, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as {
        sources: Array<{
          kind: string;
          status: string;
          message?: string;
          problems: Array<{ message: string }>;
        }>;
      };
      const audit = out.sources.find((s) => s.kind === 'ConfigAuditReport');
      assert.equal(audit?.status, 'forbidden');
      assert.match(audit?.message ?? '', /configauditreports/);
      assert.match(audit?.problems[0]?.message ?? '', /^forbidden: /);
      assert.equal(out.sources.find((s) => s.kind === 'VulnerabilityReport')?.status, 'ok');
    } finally {
      server.faults.allow(AQUA, 'configauditreports');
    }
  });

  it('prints a table with the statuses that need attention', async () => {
    server.faults.forbid(AQUA, 'exposedsecretreports');
    try {
      const r = await run(['--kubeconfig', server.kubeconfigPath, '--severity', 'CRITICAL']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /CVE-2019-20367/);
      assert.match(r.stdout, /ExposedSecretReport: forbidden \(/);
    } finally {
      server.faults.allow(AQUA, 'exposedsecretreports');
    }
  });

  it('lists a kind whose requests are rejected with 401 as unauthorized, in JSON and in the table', async () => {
    // The token stops working between discovery and the list of one kind (it expired); fresh
    // credentials are tried (the same static token here) and rejected too.
    server.faults.failRequests({
      status: { code: 401, reason: 'Unauthorized', message: 'Unauthorized' },
      verbs: ['list'],
      resource: 'vulnerabilityreports',
    });
    try {
      const json = await run(['--kubeconfig', server.kubeconfigPath, '--json', '-k', 'vuln,configaudit']);
      assert.equal(json.code, 0, json.stderr);
      const out = JSON.parse(json.stdout) as {
        sources: Array<{
          kind: string;
          status: string;
          message?: string;
          problems: Array<{ message: string }>;
        }>;
      };
      assert.deepEqual(
        out.sources
          .map((s) => [s.kind, s.status, s.message ?? null, s.problems.map((p) => p.message)])
          .sort(),
        [
          ['ConfigAuditReport', 'ok', null, []],
          ['VulnerabilityReport', 'unauthorized', 'Unauthorized', ['unauthorized: Unauthorized']],
        ],
      );
      const table = await run(['--kubeconfig', server.kubeconfigPath, '-k', 'vuln,configaudit']);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /\nVulnerabilityReport: unauthorized \(Unauthorized\)\n/);

      const only = await run(['--kubeconfig', server.kubeconfigPath, '--json', '-k', 'vuln']);
      assert.equal(only.code, 2, 'nothing could be read');
      assert.equal(only.stdout, '');
      assert.equal(
        only.stderr,
        'trivy-findings cluster: the cluster at admin rejects the credentials (log in again?): Unauthorized\n',
      );
    } finally {
      server.faults.failRequests(undefined);
    }
  });

  it("exits 2 when discovery fails, printing the server's message without terminal escapes", async () => {
    server.faults.failRequests({
      status: { code: 503, reason: 'ServiceUnavailable', message: 'down \u001b[2Jfor maintenance' },
    });
    try {
      const r = await run(['--kubeconfig', server.kubeconfigPath, '--json']);
      assert.equal(r.code, 2);
      assert.equal(
        r.stderr,
        `trivy-findings cluster: cannot reach the cluster at ${server.url}: /apis: 503 ServiceUnavailable: down [2Jfor maintenance\n`,
      );
    } finally {
      server.faults.failRequests(undefined);
    }
  });

  it('exits 2 with a clear message when the cluster cannot be reached', async () => {
    server.faults.refuse(true);
    try {
      const r = await run(['--kubeconfig', server.kubeconfigPath, '--json']);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(
        r.stderr,
        new RegExp(`^trivy-findings cluster: cannot reach the cluster at ${server.url}: `),
      );
    } finally {
      server.faults.refuse(false);
    }
  });

  it('exits 2 naming the contexts when --context is not in the kubeconfig', async () => {
    const r = await run(['--kubeconfig', server.kubeconfigPath, '--context', 'prod']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'trivy-findings cluster: context prod not in kubeconfig (have: admin)\n');
  });

  it('exits 2 for an unknown --kind', async () => {
    const r = await run(['--kubeconfig', server.kubeconfigPath, '--kind', 'pods']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown report kind "pods"/);
  });

  it('finds the kubeconfig through KUBECONFIG like kubectl', async () => {
    const r = await run(['--json', '-k', 'vuln', '-n', 'default'], { KUBECONFIG: server.kubeconfigPath });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { sources: Array<{ namespace: string | null }> };
    assert.deepEqual(
      out.sources.map((s) => s.namespace),
      ['default'],
    );
  });

  it('--watch --json prints a snapshot, then one NDJSON line per report change', async () => {
    const stop = new AbortController();
    const lines: Array<{ event: string; report?: { name: string }; findings?: unknown[] }> = [];
    let seen!: () => void;
    const deleted = new Promise<void>((r) => (seen = r));
    const running = run(
      ['--kubeconfig', server.kubeconfigPath, '--watch', '--json', '-k', 'vuln'],
      {},
      stop.signal,
      (line) => {
        const parsed = JSON.parse(line) as (typeof lines)[number];
        lines.push(parsed);
        if (parsed.event === 'snapshot') {
          server.create(copyOf(realVulnerabilityReports()[0]!, 'watched'));
        } else if (parsed.event === 'added') {
          server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'watched');
        } else if (parsed.event === 'deleted') seen();
      },
    );
    await deleted;
    stop.abort();
    const r = await running;
    assert.equal(r.code, 0);
    assert.deepEqual(
      lines.map((l) => [l.event, l.report?.name ?? null, l.findings?.length ?? null]),
      [
        ['snapshot', null, 398],
        ['added', 'watched', 88],
        ['deleted', 'watched', 0],
      ],
    );
  });
  // A bounded wait: on a CLI that printed NDJSON the awaited rows never come.
  it(
    '--watch (a table) prints the table, then a readable row per report change, not NDJSON',
    { timeout: 60_000 },
    async () => {
      const stop = new AbortController();
      let seen!: () => void;
      const removed = new Promise<void>((r) => (seen = r));
      const running = run(
        ['--kubeconfig', server.kubeconfigPath, '--watch', '-k', 'vuln'],
        {},
        stop.signal,
        (line) => {
          if (line.startsWith('watching for changes')) {
            server.create(copyOf(realVulnerabilityReports()[0]!, 'watched-table'));
          } else if (line.startsWith('added')) {
            server.remove(`${AQUA}/v1alpha1`, 'VulnerabilityReport', 'default', 'watched-table');
          } else if (line.startsWith('removed')) seen();
        },
      );
      await removed;
      stop.abort();
      const r = await running;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Findings {2}398; 2 reports read; 0 problems$/m);
      assert.match(r.stdout, /^SEVERITY {2}/m);
      const changes = r.stdout.slice(r.stdout.indexOf('watching for changes')).split('\n').slice(1, -1);
      // The copy is of the first real report: its 88 vulnerabilities, counted by severity.
      const first = realVulnerabilityReports()[0] as unknown as {
        report: { summary: Record<string, number> };
      };
      const s = first.report.summary;
      const tally = (['critical', 'high', 'medium', 'low', 'unknown'] as const)
        .filter((k) => (s[`${k}Count`] ?? 0) > 0)
        .map((k) => `${k.toUpperCase()} ${s[`${k}Count`]}`)
        .join('  ');
      assert.deepEqual(changes, [
        `added     VulnerabilityReport default/watched-table  Pod default/tt-reg  ${tally}`,
        'removed   VulnerabilityReport default/watched-table',
      ]);
      for (const line of r.stdout.split('\n')) assert.doesNotMatch(line, /^\{/);
    },
  );

  it('--fail-on exits 1 when a finding shown meets it, judged after --severity and the ignore file', async () => {
    const kube = ['--kubeconfig', server.kubeconfigPath, '-k', 'vuln'];
    assert.equal((await run([...kube, '--fail-on', 'CRITICAL'])).code, 1);
    // Filtered out: not shown, so it cannot fail the run.
    assert.equal((await run([...kube, '--fail-on', 'CRITICAL', '--severity', 'LOW'])).code, 0);
    const all = JSON.parse((await run([...kube, '--json', '--severity', 'CRITICAL'])).stdout) as {
      findings: { id: string }[];
    };
    const ids = [...new Set(all.findings.map((f) => f.id))];
    assert.ok(ids.length > 0);
    // Every CRITICAL finding suppressed by the ignore file: nothing shown meets --fail-on.
    const ignorefile = join(dir, '.trivyignore');
    writeFileSync(ignorefile, ids.join('\n') + '\n');
    const ignored = await run([...kube, '--fail-on', 'CRITICAL', '--ignorefile', ignorefile, '--json']);
    assert.equal(ignored.code, 0, ignored.stderr);
    const shown = JSON.parse(ignored.stdout) as { findings: { id: string; severity: string }[] };
    assert.equal(shown.findings.filter((f) => f.severity === 'CRITICAL').length, 0);
    // An entry suppresses its CVE wherever it is, at any severity a vendor gave it.
    const every = JSON.parse((await run([...kube, '--json'])).stdout) as { findings: { id: string }[] };
    const matched = every.findings.filter((f) => ids.includes(f.id)).length;
    assert.equal(shown.findings.length, 398 - matched);
    // --all shows them, marked suppressed, and they still do not fail the run.
    const withAll = await run([
      ...kube,
      '--fail-on',
      'CRITICAL',
      '--ignorefile',
      ignorefile,
      '--json',
      '--all',
    ]);
    assert.equal(withAll.code, 0);
    const suppressed = (
      JSON.parse(withAll.stdout) as { findings: { suppressed: boolean }[] }
    ).findings.filter((f) => f.suppressed);
    assert.equal(suppressed.length, matched);
    // A named ignore file that cannot be read stops the run: it would show what was meant hidden.
    const missing = await run([...kube, '--ignorefile', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml/);
    assert.match(
      (await run(['--help'])).stdout,
      /--fail-on .*judged after --severity,\s+--ignore-unfixed and the ignore file/s,
    );
  });

  it("--severity '' is an error naming the valid severities, for cluster and files", async () => {
    const r = await run(['--kubeconfig', server.kubeconfigPath, '--severity', '']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /--severity names no severity \(use one or more of CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN/,
    );
    assert.equal(r.stdout, '');
    const f = await runFiles([
      '--severity',
      ' , ',
      fileURLToPath(new URL('fixtures/trivy/fs_npm_trivy-json.json', import.meta.url)),
    ]);
    assert.equal(f.code, 2);
    assert.match(f.stderr, /--severity names no severity/);
  });

  it('warns on stderr naming a namespace the cluster does not have', async () => {
    const r = await run(['--kubeconfig', server.kubeconfigPath, '-n', 'default,no-such-ns', '-k', 'vuln']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: namespace "no-such-ns" does not exist in the cluster/);
    assert.doesNotMatch(r.stderr, /"default"/);
    assert.doesNotMatch(r.stdout, /no-such-ns/);
  });
});
