import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

// The CLI is run as a person runs it: the bin script in a child process, real files, exit codes.
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'scripts/trivy-findings.mjs');
const fixture = (p: string) => join(root, 'test/fixtures', p);

function run(args: string[], nodeArgs: string[] = []): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  findings: {
    type: string;
    id: string;
    aliases: string[];
    severity: string;
    title: string;
    target: string | null;
    resource: { kind: string; namespace: string | null; name: string } | null;
    location: { path: string; startLine: number; endLine: number } | null;
    suppressed: boolean;
  }[];
  sources: { path: string; format: string; problems: { message: string; line: number | null }[] }[];
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'trivy-findings-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('trivy-findings CLI', () => {
  it('prints the documented JSON shape for a Trivy image scan', () => {
    const r = run(['--json', fixture('trivy/image_alpine-3.10_trivy-json.json')]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    // python3 -c "import json;d=json.load(open('image_alpine-3.10_trivy-json.json'));print(sum(len(r.get('Vulnerabilities') or []) for r in d['Results']))" → 21
    const expected = (
      JSON.parse(readFileSync(fixture('trivy/image_alpine-3.10_trivy-json.json'), 'utf8')) as {
        Results: { Vulnerabilities?: unknown[] }[];
      }
    ).Results.reduce((n, res) => n + (res.Vulnerabilities?.length ?? 0), 0);
    assert.equal(out.findings.length, expected);
    const f = out.findings[0]!;
    for (const key of [
      'type',
      'id',
      'aliases',
      'severity',
      'title',
      'target',
      'resource',
      'location',
      'suppressed',
    ])
      assert.ok(key in f, `finding has ${key}`);
    assert.equal(f.type, 'vulnerability');
    assert.match(f.severity, /^(CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN)$/);
    assert.equal(f.resource, null);
    assert.deepEqual(out.sources, [
      { path: fixture('trivy/image_alpine-3.10_trivy-json.json'), format: 'trivy-json', problems: [] },
    ]);
  });

  it('gives cluster findings their Kubernetes resource', () => {
    const r = run(['--json', fixture('reports/configauditreport_replicaset-nginx_docs.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.ok(out.findings.length > 0);
    for (const f of out.findings)
      assert.deepEqual(f.resource && { kind: f.resource.kind, name: f.resource.name }, {
        kind: 'ReplicaSet',
        name: 'nginx-6d4cf56db6',
      });
  });

  it('gives local misconfigurations 1-based line locations', () => {
    const out = JSON.parse(
      run(['--json', fixture('trivy/config_helm-testchart_trivy-json.json')]).stdout,
    ) as JsonOut;
    const ksv1 = out.findings.find((f) => f.id === 'KSV001');
    assert.ok(ksv1, 'KSV-0001 is reported as KSV001');
    assert.ok(ksv1.aliases.includes('KSV-0001'));
    // CauseMetadata of KSV-0001 in the fixture: StartLine 28, EndLine 57.
    assert.deepEqual(ksv1.location && [ksv1.location.startLine, ksv1.location.endLine], [28, 57]);
  });

  it('filters by severity', () => {
    const file = fixture('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    const all = JSON.parse(run(['--json', file]).stdout) as JsonOut;
    const high = JSON.parse(run(['--json', '--severity', 'HIGH,CRITICAL', file]).stdout) as JsonOut;
    const expected = all.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL').length;
    assert.ok(expected > 0 && expected < all.findings.length);
    assert.equal(high.findings.length, expected);
  });

  it('exits 1 when --fail-on is met and 0 when it is not', () => {
    // The real cluster list has CRITICAL findings (40 of its 398 vulnerabilities).
    const file = fixture('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    assert.equal(run(['--json', '--fail-on', 'HIGH', file]).code, 1);
    assert.equal(run(['--json', '--severity', 'LOW', '--fail-on', 'HIGH', file]).code, 0);
  });

  it('exits 2 naming the file and line when nothing could be read', () => {
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{\n  "SchemaVersion": 2,\n  "Results": [\n    {"Target": "x",,}\n  ]\n}\n');
    const r = run([bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`${bad.replace(/[.]/g, '\\.')}:4: malformed JSON`));
  });

  it('exits 2 for a file that does not exist, and for an unknown format', () => {
    assert.match(run([join(dir, 'nope.json')]).stderr, /no such file/);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"hello": "world"}');
    const r = run([other]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a format we read: an object with keys hello/);
  });

  it('still reads the good documents of a file with one malformed YAML document', () => {
    const mixed = join(dir, 'mixed.yaml');
    writeFileSync(
      mixed,
      readFileSync(fixture('reports/configauditreport_replicaset-nginx_docs.yaml'), 'utf8') +
        '\n---\nkind: [unclosed\n',
    );
    const r = run(['--json', mixed]);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.ok(out.findings.length > 0);
    assert.ok(out.sources[0]!.problems.some((p) => /malformed YAML/.test(p.message) && p.line !== null));
  });

  it('writes SARIF that reads back to the same findings', () => {
    const file = fixture('trivy/config_helm-testchart_trivy-json.json');
    const sarif = run(['--sarif', file]);
    assert.equal(sarif.code, 0);
    const out = join(dir, 'out.sarif');
    writeFileSync(out, sarif.stdout);
    const original = JSON.parse(run(['--json', file]).stdout) as JsonOut;
    const back = JSON.parse(run(['--json', out]).stdout) as JsonOut;
    assert.equal(back.sources[0]!.format, 'sarif');
    assert.deepEqual(
      back.findings.map((f) => `${f.id} ${f.severity} ${f.location?.startLine}`).sort(),
      original.findings.map((f) => `${f.id} ${f.severity} ${f.location?.startLine}`).sort(),
    );
  });

  it('prints a plain table without terminal escapes when not on a TTY', () => {
    const r = run([fixture('trivy/secret_repo_trivy-json.json')]);
    assert.equal(r.code, 0);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stdout, /\u001b\[/);
    assert.match(r.stdout, /^Findings {2}\d+; 1 file read; 0 problems$/m);
  });

  it('reads the good inputs beside a symlink loop and an unreadable folder, each a problem on stderr', () => {
    const loop = join(dir, 'loop.json');
    symlinkSync(loop, loop);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    const good = fixture('trivy/image_alpine-3.10_trivy-json.json');
    try {
      // Root reads any folder: then the locked folder is only an empty one, still a problem.
      const r = run(['--json', loop, locked, good]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as JsonOut).findings.length, 4); // its 4 vulnerabilities
      assert.match(r.stderr, /loop\.json: too many levels of symbolic links/);
      assert.match(
        r.stderr,
        /locked: (cannot list the folder: permission denied|no \.json, \.yaml or \.sarif files)/,
      );
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      // Nothing readable at all: exit 2, never the 1 of --fail-on.
      assert.equal(run(['--fail-on', 'LOW', loop, locked]).code, 2);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('reads the files directly in a folder, and its subtree with -r, saying which subfolders it skipped', () => {
    const top = join(dir, 'scans');
    mkdirSync(join(top, 'nested'), { recursive: true });
    writeFileSync(join(top, 'a.json'), readFileSync(fixture('trivy/image_alpine-3.10_trivy-json.json')));
    writeFileSync(join(top, 'nested', 'b.json'), readFileSync(fixture('trivy/secret_repo_trivy-json.json')));
    const flat = run(['--json', top]);
    assert.equal(flat.code, 0, flat.stderr);
    assert.deepEqual(
      (JSON.parse(flat.stdout) as JsonOut).sources.map((s) => s.path),
      [join(top, 'a.json')],
    );
    assert.match(flat.stderr, /1 subfolder\(s\) not read \(-r reads them\)/);
    const deep = run(['--json', '-r', top]);
    assert.deepEqual(
      (JSON.parse(deep.stdout) as JsonOut).sources.map((s) => s.path),
      [join(top, 'a.json'), join(top, 'nested', 'b.json')],
    );
    assert.equal(deep.stderr, '');
  });

  it('refuses files over --max-size with a message', () => {
    const r = run(['--max-size', '0.001', fixture('trivy/config_helm-testchart_trivy-json.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /over the .* limit/);
  });

  it('marks findings of a .trivyignore as suppressed and hides them unless --all', () => {
    const file = fixture('trivy/config_helm-testchart_trivy-json.json');
    const ignore = join(dir, '.trivyignore');
    // Trivy >= 0.69 spells the id KSV-0001; the ignore file uses the old spelling on purpose.
    writeFileSync(ignore, '# accepted risk, see ticket 42\nKSV001\n');
    const base = JSON.parse(run(['--json', file]).stdout) as JsonOut;
    const hidden = JSON.parse(run(['--json', '--ignorefile', ignore, file]).stdout) as JsonOut;
    const shown = JSON.parse(run(['--json', '--all', '--ignorefile', ignore, file]).stdout) as JsonOut;
    const ksv1 = base.findings.filter((f) => f.id === 'KSV001').length;
    assert.ok(ksv1 > 0);
    assert.equal(hidden.findings.length, base.findings.length - ksv1);
    // Each KSV001 is shown, marked suppressed (a count, so that none shown fails too).
    assert.equal(shown.findings.filter((f) => f.id === 'KSV001' && f.suppressed).length, ksv1);
  });

  it('names a severity it does not know and exits 2', () => {
    const r = run(['--severity', 'HIGH,SEVERE', fixture('trivy/secret_repo_trivy-json.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown severity SEVERE \(use CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN\)/);
  });

  it('keeps terminal escapes from a file out of its error message', () => {
    const hostile = join(dir, 'hostile.json');
    writeFileSync(hostile, JSON.stringify({ '\u001b[2J\u001b[31mred': 1 }));
    const r = run([hostile]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a format we read: an object with keys \[2J\[31mred/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stderr, /\u001b/);
  });

  it('gives findings of saved reports the workload the cluster command gives them', () => {
    // The docs reports are about ReplicaSet default/nginx-6d4cf56db6: its Deployment, from the name.
    const r = run([
      '--json',
      fixture('reports/vulnerabilityreport_replicaset-nginx_docs.yaml'),
      fixture('trivy/image_alpine-3.10_trivy-json.json'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: { id: string; workload: unknown; resource: unknown }[] };
    const operator = out.findings.filter((f) => f.resource !== null);
    const image = out.findings.filter((f) => f.resource === null);
    assert.equal(operator.length, 2);
    assert.equal(image.length, 4);
    for (const f of operator)
      assert.deepEqual(f.workload, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'nginx',
        inferred: true,
      });
    for (const f of image) assert.equal(f.workload, null);
  });

  it('takes owners from a ReplicaSet given in the same run, and groups the table by workload', () => {
    const rs = join(dir, 'rs.yaml');
    // As `kubectl get rs nginx-6d4cf56db6 -o yaml` prints it (trimmed to metadata).
    writeFileSync(
      rs,
      [
        'apiVersion: apps/v1',
        'kind: ReplicaSet',
        'metadata:',
        '  name: nginx-6d4cf56db6',
        '  namespace: default',
        '  labels: {app: nginx, pod-template-hash: 6d4cf56db6}',
        '  ownerReferences:',
        '  - {apiVersion: apps/v1, kind: Deployment, name: nginx, uid: 3b0c4e2d, controller: true, blockOwnerDeletion: true}',
        '',
      ].join('\n'),
    );
    const vulns = fixture('reports/vulnerabilityreport_replicaset-nginx_docs.yaml');
    const audit = fixture('reports/configauditreport_replicaset-nginx_docs.yaml');
    const json = JSON.parse(run(['--json', vulns, rs]).stdout) as {
      findings: { workload: { inferred: boolean } }[];
    };
    assert.ok(json.findings.length > 0);
    assert.ok(json.findings.every((f) => f.workload.inferred === false));
    // Both reports' findings (2 + 2) under one heading, as `cluster --table` prints it.
    const inferred = run([vulns, audit]);
    assert.match(inferred.stdout, /^Deployment default\/nginx \(inferred\) {2}CRITICAL 3 {2}LOW 1$/m);
    const known = run([vulns, audit, rs]);
    assert.match(known.stdout, /^Deployment default\/nginx {2}CRITICAL 3 {2}LOW 1$/m);
    assert.match(known.stdout, /^Findings {2}4; 3 files read; 0 problems$/m);
  });

  it('shows a report saved twice, and an image scanned to JSON and to SARIF, once', () => {
    const twice = JSON.parse(
      run([
        '--json',
        fixture('reports/clustercompliancereport_nsa-summary_docs.yaml'),
        fixture('reports/clustercompliancereport_nsa-all_docs.yaml'),
      ]).stdout,
    ) as { findings: { id: string; alsoSeenIn?: { file?: string }[] }[] };
    // 12 failed controls in each (reportObjects.test.ts), one report.
    assert.equal(twice.findings.length, 12);
    assert.ok(
      twice.findings.every(
        (f) => f.alsoSeenIn?.length === 1 && f.alsoSeenIn[0]!.file?.endsWith('nsa-summary_docs.yaml'),
      ),
    );
    const scans = JSON.parse(
      run([
        '--json',
        fixture('trivy/image_alpine-3.10_trivy-json.json'),
        fixture('trivy/image_alpine-3.10_trivy-sarif.json'),
      ]).stdout,
    ) as JsonOut;
    assert.equal(scans.findings.length, 4);
    assert.equal(scans.sources.length, 2, 'both files are still listed as read');
  });

  it('exits 2 with a message, not an abort, for YAML nested 3,000 deep', () => {
    // The 6 KB file: nested flow collections that ran the YAML parser out of stack.
    const deep = join(dir, 'deep.yaml');
    writeFileSync(deep, `data: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    const r = run([deep]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /deep\.yaml:1: YAML nested more than 256 levels deep, document skipped/);
  });

  it('exits 2 naming a binary file as not text', () => {
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const r = run([binary]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /binary\.yaml:1: not text: /);
  });

  it('reads a 15 MB kubectl YAML List in a 128 MB heap: item by item, not the whole file at once', () => {
    // The real two-report List, printed as kubectl prints YAML (items at the key's column), with
    // its items repeated 100 times. Parsed whole, it needs well over a gigabyte.
    const file = fixture('reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    const text = stringify(JSON.parse(readFileSync(file, 'utf8')), { indentSeq: false });
    const start = text.indexOf('\n- ') + 1;
    const end = text.search(/^kind: /m);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, text.slice(0, start) + text.slice(start, end).repeat(100) + text.slice(end));
    const r = run(['--json', '--severity', 'CRITICAL', big], ['--max-old-space-size=128']);
    assert.equal(r.code, 0, r.stderr.slice(0, 500));
    // 40 of the List's 398 vulnerabilities are CRITICAL.
    assert.equal((JSON.parse(r.stdout) as JsonOut).findings.length, 40 * 100);
  });
});
