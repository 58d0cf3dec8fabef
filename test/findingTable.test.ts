// The human table (findingTable.ts): exact text on real fixtures at the width used when stdout is
// not a terminal, folding, widths that fit, and report text that cannot drive the terminal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTable, palette } from '../shared/src/cli/findingTable.js';
import { createFindingsCore } from '../shared/src/host/findingsCore.js';
import { NodeFileReader } from '../shared/src/node/nodeFileReader.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'scripts/trivy-findings.mjs');
const fixture = (p: string) => join(root, 'test/fixtures', p);

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function tableOf(paths: string[], width: number): Promise<string> {
  const core = createFindingsCore({ files: new NodeFileReader() });
  try {
    const read = await core.inputs.read({ paths, recursive: false });
    const workloads = new Map(read.findings.map((w) => [w.finding, w.workload]));
    return renderTable({
      findings: read.findings.map((w) => w.finding).filter((f) => !f.suppressed && f.outcome !== 'pass'),
      workloadOf: (f) => workloads.get(f),
      read: `${read.read} files read`,
      problems: read.sources.reduce((n, s) => n + s.problems.length, 0),
      width,
      palette: palette(false),
    });
  } finally {
    core.dispose();
  }
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'trivy-findings-table-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the findings table', () => {
  it('prints the summary, the headers and one row per finding under its workload (100 wide when piped)', () => {
    const r = run([
      fixture('reports/vulnerabilityreport_replicaset-nginx_docs.yaml'),
      fixture('reports/configauditreport_replicaset-nginx_docs.yaml'),
      fixture('trivy/config_dockerfile_trivy-json.json'),
      fixture('trivy/image_alpine-3.10_trivy-json.json'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, GOLDEN_TABLE.join('\n'));
  });

  it('--summary prints only the totals and the counts per workload or image', () => {
    const r = run([
      '--summary',
      fixture('reports/vulnerabilityreport_replicaset-nginx_docs.yaml'),
      fixture('reports/exposedsecretreport_replicaset-app_docs.yaml'),
      fixture('trivy/image_alpine-3.10_trivy-json.json'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, GOLDEN_SUMMARY.join('\n'));
  });

  it('folds rows that print the same text as ×N, and keeps rows a cell tells apart', () => {
    // trivy k8s found golang.org/x/net in four binaries of etcd's image: the same text, one row.
    const r = run([fixture('trivy/k8s_cluster_report-all_securecodebox.json')]);
    assert.equal(r.code, 0, r.stderr);
    const etcd = r.stdout.split('\n\n').find((b) => b.startsWith('Pod kube-system/etcd-kind-control-plane'));
    assert.ok(etcd, r.stdout);
    assert.match(etcd, /^HIGH {9}×4 {2}CVE-2021-38561 /m);
    assert.equal(etcd.match(/CVE-2021-38561/g)?.length, 1);
    // Two secrets of one rule differ by their (masked) match: two rows, not ×2.
    const secrets = run([fixture('reports/exposedsecretreport_replicaset-app_docs.yaml')]).stdout;
    assert.match(secrets, /Stripe: publishable_key: \*{5}$/m);
    assert.match(secrets, /Stripe: secret_key: \*{5}$/m);
    assert.doesNotMatch(secrets, /×/);
  });

  it('fits every line in the width, cutting cells with … and never wrapping a row', async () => {
    const paths = [fixture('trivy/k8s_cluster_report-all_securecodebox.json'), fixture('reports')];
    for (const width of [60, 80, 100, 160]) {
      const text = await tableOf(paths, width);
      const lines = text.split('\n');
      for (const line of lines) assert.ok([...line].length <= width, `${width}: ${line}`);
      assert.ok(
        lines.some((l) => l.includes('…')),
        `${width}: something is cut`,
      );
      // Every row keeps its id under the ID header: the columns line up across groups.
      const header = lines.find((l) => l.startsWith('SEVERITY'))!;
      const idAt = header.indexOf('ID');
      for (const row of lines.filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|UNKNOWN) /.test(l))) {
        assert.notEqual(row[idAt], ' ', `${width}: id column of ${row}`);
        assert.equal(row[idAt - 1], ' ', `${width}: id column of ${row}`);
      }
    }
  });

  it('strips control characters and terminal escapes from report text', () => {
    const report = JSON.parse(readFileSync(fixture('trivy/image_alpine-3.10_trivy-json.json'), 'utf8')) as {
      Results: { Vulnerabilities: { Title: string; PkgName: string }[] }[];
    };
    const v = report.Results[0]!.Vulnerabilities[0]!;
    v.Title = 'evil \u001b[2J\u001b]0;owned\u0007title\ttab';
    v.PkgName = 'pkg\u009b31m';
    const file = join(dir, 'escapes.json');
    writeFileSync(file, JSON.stringify(report));
    const r = run([file]);
    assert.equal(r.code, 0, r.stderr);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.match(r.stdout, /evil \[2J\]0;ownedtitle tab/);
  });
});

// Printed by the CLI from the fixtures above, checked by eye against them.
const GOLDEN_TABLE = [
  'Findings  9; 4 files read; 0 problems',
  'Severity  CRITICAL 3  HIGH 1  MEDIUM 4  LOW 1  UNKNOWN 0',
  'Type      vulnerability 6  misconfiguration 3',
  '',
  'SEVERITY  ID                         PACKAGE     INSTALLED → FIXED          IMAGE / TAR…  TITLE',
  '',
  'Deployment default/nginx (inferred)  CRITICAL 3  LOW 1',
  'CRITICAL  CVE-2018-25009             libwebp6    0.6.1-2                    library/ngi…  libwebp: …',
  'CRITICAL  CVE-2019-20367             libbsd0     0.9.1-2 → 0.9.1-2+deb10u1  library/ngi…  CVE-2019-…',
  'CRITICAL  privilegeEscalationAllow…                                                       Privilege…',
  'LOW       notReadOnlyRootFilesystem                                                       Filesyste…',
  '',
  'Dockerfile  HIGH 1',
  'HIGH      DS002                                                                           Image use…',
  '',
  'ghcr.io/aquasecurity/trivy-test-images:alpine-310  MEDIUM 4',
  'MEDIUM    CVE-2019-1549              libcrypto…  1.1.1c-r0 → 1.1.1d-r0                    openssl: …',
  'MEDIUM    CVE-2019-1549              libssl1.1   1.1.1c-r0 → 1.1.1d-r0                    openssl: …',
  'MEDIUM    CVE-2019-1551              libcrypto…  1.1.1c-r0 → 1.1.1d-r2                    openssl: …',
  'MEDIUM    CVE-2019-1551              libssl1.1   1.1.1c-r0 → 1.1.1d-r2                    openssl: …',
  '',
];

// Printed by the CLI from the fixtures above, checked by eye against them.
const GOLDEN_SUMMARY = [
  'Findings  8; 3 files read; 0 problems',
  'Severity  CRITICAL 2  HIGH 2  MEDIUM 4  LOW 0  UNKNOWN 0',
  'Type      vulnerability 6  secret 2',
  '',
  'WORKLOAD / IMAGE                                   CRITICAL  HIGH  MEDIUM  LOW  UNKNOWN  TOTAL',
  'Deployment default/nginx (inferred)                       2     0       0    0        0      2',
  'Deployment default/app (inferred)                         0     2       0    0        0      2',
  'ghcr.io/aquasecurity/trivy-test-images:alpine-310         0     0       4    0        0      4',
  '',
];
