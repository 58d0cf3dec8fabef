// Cluster benchmarks of issue 4, against 5,000 generated VulnerabilityReports (real report shapes,
// generateReports) served by the fake API server in a child process:
//  cluster-sync   initial sync of our store ÷ `kubectl get vulnerabilityreports -A -o json` (goal ≤ 0.5)
//  cluster-heap   heap retained by the synced session ÷ compact JSON bytes of the reports (goal ≤ 0.6)
//  watch-p95      server write → store change event, at 50 updates/s for 10 s (goal < 100 ms)
import { fork, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterSession } from '../../shared/src/cluster/clusterSession.js';
import { reportKindByName } from '../../shared/src/model/reportKinds.js';
import { loadKubeConfig } from '../../shared/src/node/kubeConfigLoader.js';
import { kubeSession } from '../../shared/src/node/kubeSessions.js';
import type { ServerCommand, ServerMessage } from './clusterBenchServer.js';
import { gc, median, ratioLine } from './measure.js';

const REPORTS = 5000;
const RUNS = 3;
const VULN = reportKindByName('VulnerabilityReport')!;
const now = () => performance.timeOrigin + performance.now();

export async function benchCluster(print: (line: string) => void): Promise<void> {
  const server = await startServer();
  try {
    const { ready } = server;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

    // Heap first, in a fresh process state: what the first store retains, its string pool included.
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const first = await syncOnce(ready.kubeconfigPath);
    await first.session.whenSettled();
    gc();
    const retained = process.memoryUsage().heapUsed - heapBefore;
    const findings = [...first.session.store.findings()].length;

    const latencies = await watchLatencies(first.session, server, 50, 10);
    first.session.dispose();

    const kubectlTimes: number[] = [];
    const ourTimes: number[] = [];
    const ownerTimes: number[] = [];
    const cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    // No separate warm-up: the heap session above already made the server list everything once.
    let kubectlBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      gc();
      const t0 = performance.now();
      kubectlBytes = await kubectl(ready.kubeconfigPath, cacheDir);
      kubectlTimes.push(performance.now() - t0);
      gc();
      const run = await syncOnce(ready.kubeconfigPath);
      ourTimes.push(run.ms);
      const t1 = performance.now();
      await run.session.whenSettled();
      ownerTimes.push(performance.now() - t1);
      run.session.dispose();
    }
    const ours = median(ourTimes);
    const theirs = median(kubectlTimes);
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))] ?? NaN;

    print(ratioLine('cluster-sync', ours / theirs, 0.5));
    print(ratioLine('cluster-heap', retained / ready.rawBytes, 0.6));
    print(`watch-p95: ${p95.toFixed(0)}ms (goal < 100ms)`);
    print(
      `  ${ready.reports} VulnerabilityReports, ${findings} findings, ${mb(ready.rawBytes)} as compact JSON (kubectl -o json prints ${mb(kubectlBytes)})`,
    );
    print(
      `  sync: ours ${ours.toFixed(0)} ms (runs ${ourTimes.map((t) => t.toFixed(0)).join(', ')}), kubectl ${theirs.toFixed(0)} ms (runs ${kubectlTimes.map((t) => t.toFixed(0)).join(', ')}); owners read after sync in ${median(ownerTimes).toFixed(0)} ms`,
    );
    print(
      `  retained heap after sync: ${mb(retained)}; ${(retained / findings).toFixed(0)} bytes per finding`,
    );
    print(
      `  watch: ${latencies.length} updates, median ${median(latencies).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
    );
  } finally {
    await server.close();
  }
}

interface BenchServer {
  readonly ready: Extract<ServerMessage, { type: 'ready' }>;
  send(command: ServerCommand): void;
  onMessage(listener: (m: ServerMessage) => void): () => void;
  close(): Promise<void>;
}

async function startServer(): Promise<BenchServer> {
  const child = fork(fileURLToPath(new URL('./clusterBenchServer.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    env: { ...process.env, BENCH_REPORTS: String(REPORTS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Extract<ServerMessage, { type: 'ready' }>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.on('message', (m: ServerMessage) => {
      if (m.type === 'ready') resolve(m);
    });
  });
  return {
    ready,
    send: (c) => child.send(c),
    onMessage: (listener) => {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
    close: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ type: 'close' } satisfies ServerCommand);
      }),
  };
}

/** A new session on the context; resolves when its store holds every report (as a view sees it: the change event). */
async function syncOnce(kubeconfig: string): Promise<{ session: ClusterSession; ms: number }> {
  const t0 = performance.now();
  const session = kubeSession(loadKubeConfig({ kubeconfig, env: {} }), { kinds: [VULN] });
  const synced = new Promise<void>((resolve) => {
    const sub = session.store.onDidChange(() => {
      if (session.store.size < REPORTS) return;
      sub.dispose();
      resolve();
    });
  });
  await session.start();
  await synced;
  return { session, ms: performance.now() - t0 };
}

/** Wall time of `kubectl get vulnerabilityreports -A -o json`; resolves with the bytes it printed. */
function kubectl(kubeconfig: string, cacheDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        cacheDir,
        'get',
        'vulnerabilityreports',
        '-A',
        '-o',
        'json',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let bytes = 0;
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (bytes += c.length));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0 ? resolve(bytes) : reject(new Error(`kubectl exited with ${code}: ${stderr}`)),
    );
  });
}

/** Latencies (ms) from the server's write to the store change event naming the report. */
async function watchLatencies(
  session: ClusterSession,
  server: BenchServer,
  perSecond: number,
  seconds: number,
): Promise<number[]> {
  const sentAt = new Map<string, number[]>();
  const seenAt = new Map<string, number[]>();
  const latencies: number[] = [];
  const match = (key: string) => {
    const sent = sentAt.get(key);
    const seen = seenAt.get(key);
    while (sent?.length && seen?.length) latencies.push(seen.shift()! - sent.shift()!);
  };
  const total = perSecond * seconds;
  let allSeen!: () => void;
  const seenAll = new Promise<void>((resolve) => (allSeen = resolve));
  const check = () => {
    if (latencies.length >= total) allSeen();
  };
  const sub = session.store.onDidChange((change) => {
    const at = now();
    for (const r of change.reports) {
      if (r.change !== 'modified') continue;
      const key = `${r.namespace}/${r.name}`;
      seenAt.set(key, [...(seenAt.get(key) ?? []), at]);
      match(key);
    }
    check();
  });
  const off = server.onMessage((m) => {
    if (m.type !== 'sent') return;
    const key = `${m.namespace}/${m.name}`;
    sentAt.set(key, [...(sentAt.get(key) ?? []), m.at]);
    match(key);
    check();
  });
  server.send({ type: 'churn', perSecond, seconds });
  // Every update seen, or give up 5 s after the churn should have ended (then p95 shows it).
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000 + 5000).unref());
  await Promise.race([seenAll, deadline]);
  off();
  sub.dispose();
  return latencies;
}
