// Offline benchmarks of issue 3:
//  offline-load     read + normalise a ~50 MB Trivy JSON ÷ plain JSON.parse of the same text
//  manifest-ranges  ranges for every finding of a 2,000-document manifest ÷ yaml.parseAllDocuments of it
//  offline-join     workloads + duplicate merging of a `kubectl get deploy,rs,vulns,configaudits -A -o json`
//                   saved twice ÷ reading one of the two files: tying files together costs less than
//                   reading one of them, even when every finding is a duplicate
// Inputs are built by repeating real fixtures (test/fixtures), never by inventing report shapes.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { readSourceText } from '../../shared/src/readers/readSource.js';
import { buildManifestIndex } from '../../shared/src/manifests/manifestIndex.js';
import { rangeForFinding } from '../../shared/src/manifests/findingToRange.js';
import type { Finding } from '../../shared/src/model/finding.js';
import { mergeDuplicateFindings } from '../../shared/src/model/duplicateFindings.js';
import { offlineWorkloads } from '../../shared/src/workloads/offlineWorkloads.js';
import { generateReports } from '../../test/doubles/fakeApiServer/generateReports.js';
import { ratioLine, timeMedian } from './measure.js';

const fixture = (path: string) =>
  readFileSync(new URL(`../../test/fixtures/${path}`, import.meta.url), 'utf8');

/** A SchemaVersion 2 report whose Results are the real results of three fixtures, repeated to `targetBytes`. */
export function bigTrivyJson(targetBytes: number): string {
  const sources = [
    'trivy/image_alpine-3.10_trivy-json.json',
    'trivy/config_helm-testchart_trivy-json.json',
    'trivy/fs_npm_trivy-json.json',
    'trivy/secret_repo_trivy-json.json',
  ].map((p) => JSON.parse(fixture(p)) as { Results: { Target: string }[] });
  const base = sources[0]! as Record<string, unknown> & { Results: unknown[] };
  const unit = sources.flatMap((s) => s.Results);
  const unitBytes = JSON.stringify(unit, null, 2).length;
  const copies = Math.max(1, Math.round(targetBytes / unitBytes));
  const results: unknown[] = [];
  for (let i = 0; i < copies; i++) {
    // Distinct targets, as a scan of many images/dirs has; contents stay the real ones.
    for (const r of unit)
      results.push({ ...(r as object), Target: `${(r as { Target: string }).Target}#${i}` });
  }
  return JSON.stringify({ ...base, Results: results }, null, 2);
}

export function benchOfflineLoad(print: (line: string) => void): void {
  const text = bigTrivyJson(50 * 1024 * 1024);
  let findings = 0;
  const parse = timeMedian(() => JSON.parse(text), 5);
  const ours = timeMedian(() => {
    findings = readSourceText(text, 'big.json').findings.length;
  }, 5);
  print(ratioLine('offline-load', ours / parse, 1.3));
  print(
    `  ${(text.length / 1024 / 1024).toFixed(1)} MB, ${findings} findings: read+normalise ${ours.toFixed(0)} ms, JSON.parse ${parse.toFixed(0)} ms`,
  );
}

/**
 * 2,000 documents: the real Pod of the ConfigAuditReport fixture under 2,000 names, and for each
 * one the real report's failed checks, re-addressed to that Pod.
 */
export function manifestAndFindings(docs: number): { text: string; findings: Finding[] } {
  const pod = fixture('reports/configauditreport_input_pod-my-pod.yaml');
  const report = readSourceText(
    fixture('reports/configauditreport_pod-my-pod_envtest-expected.yaml'),
    'report.yaml',
  );
  const parts: string[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i < docs; i++) {
    const name = `my-pod-${i}`;
    parts.push(pod.replace(/name: my-pod\b/, `name: ${name}`));
    const resource = { kind: 'Pod', namespace: 'default', name };
    for (const f of report.findings) findings.push({ ...f, resource });
  }
  return { text: parts.join('\n---\n'), findings };
}

export function benchManifestRanges(print: (line: string) => void): void {
  const { text, findings } = manifestAndFindings(2000);
  let found = 0;
  const parse = timeMedian(() => parseAllDocuments(text), 5);
  const ours = timeMedian(() => {
    const index = buildManifestIndex(text, 'bench.yaml');
    found = 0;
    for (const f of findings) if (rangeForFinding(f, index)) found++;
  }, 5);
  print(ratioLine('manifest-ranges', ours / parse, 1.5));
  print(
    `  2000 documents, ${findings.length} findings (${found} placed): index+ranges ${ours.toFixed(0)} ms, parseAllDocuments ${parse.toFixed(0)} ms`,
  );
}

/**
 * 1,000 workloads of the fake cluster's generator (real report shapes: Deployments, ReplicaSets
 * with their owner references, a VulnerabilityReport and a ConfigAuditReport each) as one kubectl
 * List, read as two files: every finding has a duplicate and a workload found through the files.
 */
export function benchOfflineJoin(print: (line: string) => void): void {
  const cluster = generateReports(1000, 7);
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: cluster.objects });
  const a = readSourceText(text, 'a.json');
  const b = readSourceText(text, 'b.json');
  let merged = 0;
  let owned = 0;
  const read = timeMedian(() => readSourceText(text, 'c.json'), 3);
  const ours = timeMedian(() => {
    const findings = mergeDuplicateFindings([a.findings, b.findings]);
    const workloads = offlineWorkloads([a, b]);
    merged = findings.length;
    owned = findings.filter((f) => workloads.workloadOf(f)?.inferred === false).length;
  }, 3);
  print(ratioLine('offline-join', ours / read, 1));
  print(
    `  ${(text.length / 1024 / 1024).toFixed(1)} MB, ${a.findings.length} findings per file, ${merged} after merging, ${owned} with owners from the files: join ${ours.toFixed(0)} ms, read ${read.toFixed(0)} ms`,
  );
}
