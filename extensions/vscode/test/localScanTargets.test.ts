// What a local scan covers for each kind of file, and the CodeLens's image counts: pure parts of
// the extension, tested without VS Code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { scanTargetOf } from '../src/localScan/scanTargets.js';
import { lensTitle, normaliseImage } from '../src/codeLens/imageCounts.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';

const charts = new Set(['/ws/charts/web']);
const hasChart = (dir: string) => charts.has(dir);

test('Kubernetes YAML and Dockerfiles are scanned with trivy config, the file itself', () => {
  assert.deepEqual(scanTargetOf('/ws/k8s/deploy.yaml', '/ws', hasChart), {
    scan: 'config',
    target: '/ws/k8s/deploy.yaml',
    folder: false,
  });
  for (const name of ['Dockerfile', 'Dockerfile.prod', 'api.dockerfile', 'Containerfile'])
    assert.equal(scanTargetOf(`/ws/${name}`, '/ws', hasChart)?.target, `/ws/${name}`, name);
});

test("a Helm chart's files scan the chart folder, which Trivy renders", () => {
  for (const file of [
    '/ws/charts/web/templates/deployment.yaml',
    '/ws/charts/web/values.yaml',
    '/ws/charts/web/templates/_helpers.tpl',
  ])
    assert.deepEqual(
      scanTargetOf(file, '/ws', hasChart),
      { scan: 'config', target: '/ws/charts/web', folder: true },
      file,
    );
});

test('lock files scan their folder with trivy fs; other files nothing', () => {
  assert.deepEqual(scanTargetOf('/ws/app/package-lock.json', '/ws', hasChart), {
    scan: 'fs',
    target: '/ws/app',
    folder: true,
  });
  assert.equal(scanTargetOf('/ws/app/go.sum', '/ws', hasChart)?.scan, 'fs');
  assert.equal(scanTargetOf('/ws/README.md', '/ws', hasChart), undefined);
  assert.equal(scanTargetOf('/ws/src/index.ts', '/ws', hasChart), undefined);
});

test('a chart above the workspace folder is not looked for', () => {
  assert.deepEqual(scanTargetOf('/ws/charts/web/x.yaml', '/ws/charts/web/sub', () => false)?.folder, false);
});

test('image references are compared as Docker does: default registry, library/ and :latest', () => {
  const same = [
    'nginx',
    'nginx:latest',
    'library/nginx',
    'docker.io/library/nginx:latest',
    'index.docker.io/library/nginx',
  ];
  for (const ref of same) assert.equal(normaliseImage(ref), 'docker.io/library/nginx:latest', ref);
  assert.equal(normaliseImage('nginx:1.16@sha256:abc'), 'docker.io/library/nginx:1.16');
  assert.equal(normaliseImage('ghcr.io/acme/api:2'), 'ghcr.io/acme/api:2');
  assert.equal(normaliseImage('localhost:5000/api'), 'localhost:5000/api:latest');
  assert.notEqual(normaliseImage('acme/api'), normaliseImage('ghcr.io/acme/api'));
});

test('the lens counts by severity, most severe first, and the fixable ones', () => {
  const f = (severity: Finding['severity'], fixedVersion?: string) =>
    ({ severity, package: { name: 'p', fixedVersion } }) as unknown as Finding;
  assert.equal(
    lensTitle([f('HIGH', '1.2'), f('CRITICAL'), f('HIGH'), f('CRITICAL', '2'), f('LOW', '3')]),
    '2 critical, 2 high, 1 low · 3 fixable',
  );
});
