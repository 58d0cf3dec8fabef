// The fake API server of the cluster benchmark, in its own process as a real API server would be,
// so its JSON encoding does not share a thread with the client being measured (kubectl, being a
// separate process, would otherwise be favoured). Driven by clusterBench.ts over the IPC channel.
import { generateReports } from '../../test/doubles/fakeApiServer/generateReports.js';
import { startFakeApiServer } from '../../test/doubles/fakeApiServer/index.js';

/** Parent → server. */
export type ServerCommand = { type: 'churn'; perSecond: number; seconds: number } | { type: 'close' };
/** Server → parent; times are `performance.timeOrigin + performance.now()`, comparable across processes. */
export type ServerMessage =
  | { type: 'ready'; url: string; kubeconfigPath: string; reports: number; rawBytes: number }
  | { type: 'sent'; name: string; namespace: string; at: number }
  | { type: 'churned'; count: number };

const GROUP_VERSION = 'aquasecurity.github.io/v1alpha1';
const send = (m: ServerMessage) => process.send!(m);
const now = () => performance.timeOrigin + performance.now();

const n = Number(process.env.BENCH_REPORTS ?? 5000);
const generated = generateReports(n, Number(process.env.BENCH_SEED ?? 42));
const server = await startFakeApiServer({
  objects: [
    ...generated.namespaces,
    ...generated.deployments,
    ...generated.replicaSets,
    ...generated.vulnerabilityReports,
  ],
  historyLimit: 10_000,
});
// What the API server sends for these reports, as compact JSON (no managedFields in the fake;
// a real server's objects would be larger still).
let rawBytes = 0;
for (const r of generated.vulnerabilityReports) {
  const served = server.get(GROUP_VERSION, 'VulnerabilityReport', r.metadata.namespace, r.metadata.name!);
  rawBytes += Buffer.byteLength(JSON.stringify(served));
}
send({ type: 'ready', url: server.url, kubeconfigPath: server.kubeconfigPath, reports: n, rawBytes });

process.on('message', (command: ServerCommand) => {
  if (command.type === 'close') {
    void server.close().then(() => process.exit(0));
    return;
  }
  // A rescan per tick: the operator rewrites a report with one vulnerability fewer (fixed).
  const total = command.perSecond * command.seconds;
  let count = 0;
  const timer = setInterval(() => {
    const r = generated.vulnerabilityReports[(count * 7919) % n]!;
    const current = server.get(
      GROUP_VERSION,
      'VulnerabilityReport',
      r.metadata.namespace,
      r.metadata.name!,
    ) as {
      metadata: { name: string; namespace: string };
      report: { vulnerabilities: unknown[]; updateTimestamp: string };
    };
    const next = structuredClone(current);
    next.report.vulnerabilities = next.report.vulnerabilities.slice(0, -1);
    next.report.updateTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const at = now();
    server.update(next);
    send({ type: 'sent', name: next.metadata.name, namespace: next.metadata.namespace, at });
    if (++count >= total) {
      clearInterval(timer);
      send({ type: 'churned', count });
    }
  }, 1000 / command.perSecond);
});
