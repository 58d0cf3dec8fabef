import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { nginxWorkloads } from '../../test/doubles/fakeApiServer/docsWorkloads.js';
import { generateReports } from '../../test/doubles/fakeApiServer/generateReports.js';
import {
  startFakeApiServer,
  type FakeApiServer,
  type KubeObj,
} from '../../test/doubles/fakeApiServer/index.js';
import { loadObjectsFromDir } from '../../test/doubles/fakeApiServer/loadObjects.js';
import { startReplay, type Replay } from '../../test/doubles/fakeApiServer/replay.js';

/** The kubeconfig context the demo's kubeconfig names (and makes current). */
export const DEMO_CONTEXT = 'trivy-findings-demo';

export interface DemoClusterOptions {
  /** Folder of real report objects (`test/fixtures/reports`). */
  readonly reportsDir: string;
  /** Generated workloads, each a Deployment, its ReplicaSet and two reports about it. */
  readonly generate: number;
  /** Where the kubeconfig is written (whole, by a rename). */
  readonly kubeconfigPath: string;
  /** Milliseconds between two live changes (a rescan, an expiry, a new workload); 0: none. */
  readonly replayIntervalMs: number;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

export interface DemoCluster {
  readonly server: FakeApiServer;
  readonly kubeconfigPath: string;
  /** Starts the live changes (after the workspace is written from the objects as they are). */
  startReplay(): void;
  close(): Promise<void>;
}

/**
 * The demo's Kubernetes API server (the fake that speaks the real protocol, in this process): the
 * real reports of `reportsDir`, the docs' nginx Deployment and ReplicaSet they are about, and
 * `generate` generated workloads with their reports, spread over a few namespaces.
 */
export async function startDemoCluster(options: DemoClusterOptions): Promise<DemoCluster> {
  const server = await startFakeApiServer();
  const log = options.log ?? (() => undefined);
  const loaded = loadObjectsFromDir(options.reportsDir);
  for (const problem of loaded.problems) log(`skipped ${problem}`);
  const seed = options.seed ?? 1;
  const objects = [
    ...loaded.objects.filter((o) => o.kind !== 'CustomResourceDefinition'),
    ...nginxWorkloads(),
    ...generateReports(options.generate, seed).objects,
  ];
  // Namespaces first; the fixtures hold two reports of one name (the docs' two `nsa` compliance
  // reports, the first kept) and a generateName example, which only an API create would name.
  const rank = (o: KubeObj) => (o.kind === 'Namespace' ? 0 : 1);
  for (const o of [...objects].sort((a, b) => rank(a) - rank(b))) {
    if (!o.metadata.name || server.get(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name)) continue;
    server.create(o);
  }
  writeDemoKubeconfig(server, options.kubeconfigPath);
  let replay: Replay | undefined;
  return {
    server,
    kubeconfigPath: options.kubeconfigPath,
    startReplay: () => {
      if (options.replayIntervalMs > 0 && !replay)
        replay = startReplay(server, {
          seed,
          intervalMs: options.replayIntervalMs,
          log: (l) => log(`live: ${l}`),
        });
    },
    close: async () => {
      replay?.stop();
      await server.close();
    },
  };
}

/**
 * A kubeconfig with the one context {@link DEMO_CONTEXT}: the server's CA (TLS is verified) and its
 * admin token. Written beside its path and renamed onto it, so a watcher never reads half of one.
 */
function writeDemoKubeconfig(server: FakeApiServer, path: string): void {
  const own = parse(readFileSync(server.kubeconfigPath, 'utf8')) as {
    users?: { user?: { token?: string } }[];
  };
  const token = own.users?.[0]?.user?.token;
  if (!token) throw new Error('the fake API server wrote no token');
  const text = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: DEMO_CONTEXT,
        cluster: {
          server: server.url,
          'certificate-authority-data': Buffer.from(server.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: DEMO_CONTEXT, user: { token } }],
    contexts: [{ name: DEMO_CONTEXT, context: { cluster: DEMO_CONTEXT, user: DEMO_CONTEXT } }],
    'current-context': DEMO_CONTEXT,
  });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, path);
}
