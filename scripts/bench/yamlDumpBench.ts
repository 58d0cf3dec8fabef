// YAML dump benchmarks: how most people save reports is `kubectl get … -o yaml`.
//  yaml-dump-load    read + normalise a ≥ 50 MB `kubectl get vulnerabilityreports -A -o yaml`
//                    List ÷ js-yaml `load` of the same text, in one run
//  yaml-dump-memory  peak RSS of that read ÷ peak RSS of the js-yaml load, each in its own process
// The dump is what the real kubectl prints for generated reports of real shapes
// (generateReports) served by the fake API server; it is kept in .bench/ for later runs.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { readSourceText } from '../../shared/src/readers/readSource.js';
import { generateReports } from '../../test/doubles/fakeApiServer/generateReports.js';
import { startFakeApiServer } from '../../test/doubles/fakeApiServer/index.js';
import { ratioLine, timeMedian } from './measure.js';

// About 50 KB of YAML per generated VulnerabilityReport: 1,100 make a dump over 50 MB.
const REPORTS = 1100;
const BENCH_DIR = new URL('../../.bench/', import.meta.url);

export async function benchYamlDump(print: (line: string) => void): Promise<void> {
  const path = await kubectlDump(REPORTS);
  const text = readFileSync(path, 'utf8');
  let findings = 0;
  const theirs = timeMedian(() => load(text), 3);
  const ours = timeMedian(() => {
    findings = readSourceText(text, 'dump.yaml').findings.length;
  }, 3);
  const rss = (mode: 'ours' | 'js-yaml') => peakRss(mode, path);
  const oursRss = rss('ours');
  const theirsRss = rss('js-yaml');
  print(ratioLine('yaml-dump-load', ours / theirs, 1.5));
  print(ratioLine('yaml-dump-memory', oursRss / theirsRss, 2.0));
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  print(
    `  ${(text.length / 1024 / 1024).toFixed(1)} MB of kubectl YAML, ${REPORTS} VulnerabilityReports, ${findings} findings: read+normalise ${ours.toFixed(0)} ms, js-yaml load ${theirs.toFixed(0)} ms; peak RSS ${mb(oursRss)} MB vs ${mb(theirsRss)} MB`,
  );
}

/** Peak RSS in bytes of a process that reads the dump once, our way or with js-yaml's `load`. */
function peakRss(mode: 'ours' | 'js-yaml', path: string): number {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./yamlDumpMemory.ts', import.meta.url)), mode, path],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`memory run (${mode}) failed: ${child.stderr}`);
  return Number(child.stdout.trim());
}

/** The path of `kubectl get vulnerabilityreports -A -o yaml` for `n` generated reports, made once. */
async function kubectlDump(n: number): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = fileURLToPath(new URL(`kubectl-vulnerabilityreports-${n}.yaml`, BENCH_DIR));
  if (existsSync(path) && statSync(path).size > 0) return path;
  const generated = generateReports(n, 7);
  const server = await startFakeApiServer({
    objects: [...generated.namespaces, ...generated.vulnerabilityReports],
  });
  try {
    const partial = `${path}.partial`;
    const p = spawn(
      'kubectl',
      ['--kubeconfig', server.kubeconfigPath, 'get', 'vulnerabilityreports', '-A', '-o', 'yaml'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve, reject) => {
      p.on('error', reject);
      p.on('exit', resolve);
    });
    await pipeline(p.stdout, createWriteStream(partial));
    const code = await exited;
    if (code !== 0) throw new Error(`kubectl exited with ${code}`);
    renameSync(partial, path);
  } finally {
    await server.close();
  }
  return path;
}
