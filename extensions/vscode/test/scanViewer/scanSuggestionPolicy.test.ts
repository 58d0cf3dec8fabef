import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DECLINED_KEY,
  isScanText,
  SuggestionPolicy,
  type SuggestionMemory,
} from '../../src/scanViewer/scanSuggestionPolicy.js';
import { FIXTURES } from './scanViewerFixtures.js';

const text = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

describe('which files the viewer is suggested for', () => {
  for (const scan of [
    'trivy/image_alpine-3.10_trivy-json.json',
    'trivy/image_alpine-3.10_trivy-sarif.json',
    'trivy/k8s_cluster_docs-example_legacy-format.json',
    'trivy/sbom_npm_cyclonedx.json',
    'reports/vulnerabilityreportlist_pod-zipkin_wg-trivy-adapter.yaml',
    'reports/configauditreport_replicaset-nginx_docs.yaml',
    // Only passed checks: still a report a person may want to read.
    'reports/ciskubebenchreport_kind-control-plane_starboard-docs.yaml',
  ])
    it(`suggests it for ${scan}`, () => assert.equal(isScanText(text(scan)), true));

  for (const other of [
    'manifests/nginx-deployment.yaml',
    'manifests/pods-list.yaml',
    'manifests/shop-workloads.yaml',
    'trivy/inputs/helm_testchart/values.yaml',
    'trivy/inputs/helm_testchart/Chart.yaml',
    'crds/aquasecurity.github.io_vulnerabilityreports.yaml',
  ])
    it(`never for ${other}`, () => assert.equal(isScanText(text(other)), false));

  it('never for JSON that is no scan, nor for broken text', () => {
    assert.equal(isScanText('{"name": "app", "version": "1.0.0", "dependencies": {}}'), false);
    assert.equal(isScanText('{"SchemaVersion": 2, "Results": ['), false);
    assert.equal(isScanText(''), false);
  });
});

/** VS Code's Memento as the policy sees it, kept in a map. */
function memory(): SuggestionMemory & { readonly stored: Map<string, unknown> } {
  const stored = new Map<string, unknown>();
  return {
    stored,
    get: <T>(key: string) => stored.get(key) as T | undefined,
    update: (key, value) => {
      stored.set(key, structuredClone(value));
      return Promise.resolve();
    },
  };
}

describe('how often the viewer is suggested', () => {
  it('asks once per file and session', () => {
    const policy = new SuggestionPolicy(memory());
    assert.equal(policy.claim('file:///w/a.json'), true);
    assert.equal(policy.claim('file:///w/a.json'), false);
    assert.equal(policy.claim('file:///w/b.json'), true);
  });

  it('never asks again, in any session, for a file the user declined', async () => {
    const kept = memory();
    await new SuggestionPolicy(kept).declineFile('file:///w/a.json');
    const next = new SuggestionPolicy(kept);
    assert.equal(next.claim('file:///w/a.json'), false);
    assert.equal(next.claim('file:///w/b.json'), true);
  });

  it('never asks again in a workspace the user declined', async () => {
    const kept = memory();
    await new SuggestionPolicy(kept).declineWorkspace();
    assert.equal(new SuggestionPolicy(kept).claim('file:///w/c.json'), false);
  });

  it('reads a memento it did not write as nothing declined', () => {
    const kept = memory();
    kept.stored.set(DECLINED_KEY, { files: 'file:///w/a.json', workspace: 'yes' });
    assert.equal(new SuggestionPolicy(kept).claim('file:///w/a.json'), true);
  });
});
