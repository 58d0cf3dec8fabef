import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { generateReports } from '../../../../test/doubles/fakeApiServer/generateReports.js';
import {
  startFakeApiServer,
  type FakeApiServer,
  type KubeObj,
} from '../../../../test/doubles/fakeApiServer/index.js';
import { loadObjectsFromDir } from '../../../../test/doubles/fakeApiServer/loadObjects.js';
import { nginxWorkloads } from '../../../../test/doubles/fakeApiServer/docsWorkloads.js';
import {
  CLUSTER_CONTROL_OPS,
  FAKE_CONTEXTS,
  type ClusterControlOp,
  type ClusterControlOps,
} from '../harness/clusterControlProtocol.js';
import { REPO_DIR } from './testWorkspace.js';

/**
 * Two fake Kubernetes API servers for the VS Code suite, one per kubeconfig context, and the
 * loopback control server the suite changes them through (`harness/clusterControlProtocol.ts`):
 * - `kind-dev`: the real reports of `test/fixtures/reports` (among them the Trivy Operator docs'
 *   reports about ReplicaSet `default/nginx-6d4cf56db6`), that ReplicaSet and its Deployment
 *   `nginx`, and 20 generated workloads in `payments` and `checkout`;
 * - `kind-prod`: 12 other generated workloads in `shop` and `billing`, where ExposedSecretReports
 *   are forbidden to everyone (a status row with the server's message).
 * The kubeconfig (`kubeconfigPath`) names both, `kind-dev` current. The workspace gets the
 * Deployment's manifest as `kubectl get deployment nginx -o yaml` writes it ({@link NGINX_MANIFEST}).
 */
export class FakeClusters {
  private constructor(
    private readonly servers: ReadonlyMap<string, FakeApiServer>,
    readonly kubeconfigPath: string,
    private readonly control: Server,
    private readonly token: string,
  ) {}

  static async start(dir: string, workspace: string): Promise<FakeClusters> {
    const fixtures = loadObjectsFromDir(join(REPO_DIR, 'test', 'fixtures', 'reports')).objects;
    const dev = await startFakeApiServer();
    seed(dev, [
      ...fixtures,
      ...nginxWorkloads(),
      ...generateReports(20, 1, { namespaces: ['payments', 'checkout'] }).objects,
    ]);
    const prod = await startFakeApiServer();
    seed(prod, generateReports(12, 7, { namespaces: ['shop', 'billing'], offset: 100 }).objects);
    prod.faults.forbid('aquasecurity.github.io', 'exposedsecretreports');
    const servers = new Map([
      [FAKE_CONTEXTS.dev, dev],
      [FAKE_CONTEXTS.prod, prod],
    ]);
    const kubeconfigPath = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfigPath, servers, FAKE_CONTEXTS.dev);
    const token = randomBytes(16).toString('hex');
    const control = createServer();
    const clusters = new FakeClusters(servers, kubeconfigPath, control, token);
    control.on('request', (req, res) => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const prefix = `/${token}/`;
      const op = req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : undefined;
      if (req.method !== 'POST' || !op || !(CLUSTER_CONTROL_OPS as readonly string[]).includes(op))
        return reply(404, { error: 'no such operation' });
      readJson(req)
        .then((params) => clusters.handle(op as ClusterControlOp, params))
        .then(
          (result) => reply(200, { result }),
          (err: unknown) => reply(500, { error: String(err) }),
        );
    });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    try {
      await writeNginxManifest(kubeconfigPath, workspace);
    } catch (err) {
      await clusters.close();
      throw err;
    }
    return clusters;
  }

  /** `http://127.0.0.1:PORT/<token>`, for the suite's environment. */
  get url(): string {
    return `http://127.0.0.1:${(this.control.address() as AddressInfo).port}/${this.token}`;
  }

  async close(): Promise<void> {
    this.control.closeAllConnections();
    await new Promise<void>((resolve) => this.control.close(() => resolve()));
    await Promise.all([...this.servers.values()].map((s) => s.close()));
  }

  private async handle(op: ClusterControlOp, params: unknown): Promise<unknown> {
    switch (op) {
      case 'create': {
        const p = params as ClusterControlOps['create']['params'];
        const server = this.server(p.context);
        const o = p.object as {
          apiVersion: string;
          kind: string;
          metadata: { namespace?: string; name: string };
        };
        if (server.get(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name)) server.update(p.object);
        else server.create(p.object);
        return null;
      }
      case 'remove': {
        const p = params as ClusterControlOps['remove']['params'];
        this.server(p.context).remove(p.apiVersion, p.kind, p.namespace, p.name);
        return null;
      }
      case 'get': {
        const p = params as ClusterControlOps['get']['params'];
        return this.server(p.context).get(p.apiVersion, p.kind, p.namespace, p.name) ?? null;
      }
      case 'exists': {
        const p = params as ClusterControlOps['exists']['params'];
        return this.server(p.context).get(p.apiVersion, p.kind, p.namespace, p.name) !== undefined;
      }
      case 'forbid': {
        const p = params as ClusterControlOps['forbid']['params'];
        const faults = this.server(p.context).faults;
        if (p.on) faults.forbid(p.group, p.resource);
        else faults.allow(p.group, p.resource);
        return null;
      }
      case 'useContext': {
        const p = params as ClusterControlOps['useContext']['params'];
        this.server(p.context);
        writeKubeconfig(this.kubeconfigPath, this.servers, p.context);
        return null;
      }
    }
  }

  private server(context: string): FakeApiServer {
    const server = this.servers.get(context);
    if (!server) throw new Error(`no fake cluster for context ${context}`);
    return server;
  }
}

/**
 * Creates the objects one by one, namespaces first; the fixtures hold two reports of one name (the
 * docs' two `nsa` compliance reports), of which the first is kept, and objects without a name (a
 * generateName example), which only an API create would name.
 */
function seed(server: FakeApiServer, objects: readonly KubeObj[]): void {
  const rank = (o: KubeObj) => (o.kind === 'Namespace' ? 0 : 1);
  for (const o of [...objects].sort((a, b) => rank(a) - rank(b))) {
    if (!o.metadata.name || server.get(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name)) continue;
    server.create(o);
  }
}

/** Where the suite finds the manifest kubectl wrote, relative to the workspace folder. */
export const NGINX_MANIFEST = 'k8s/nginx-deployment.yaml';

/**
 * `kubectl get deployment nginx -o yaml` against `kind-dev`, written into the workspace: the
 * manifest a person would have. Asynchronous: the API server answering it runs in this process.
 */
async function writeNginxManifest(kubeconfig: string, workspace: string): Promise<void> {
  const { stdout } = await promisify(execFile)(
    'kubectl',
    ['--context', FAKE_CONTEXTS.dev, 'get', 'deployment', 'nginx', '-n', 'default', '-o', 'yaml'],
    { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: 'utf8' },
  );
  mkdirSync(join(workspace, 'k8s'), { recursive: true });
  writeFileSync(join(workspace, NGINX_MANIFEST), stdout);
}

/** One cluster, user and context per server; each server's own CA, so TLS is verified. */
function writeKubeconfig(path: string, servers: ReadonlyMap<string, FakeApiServer>, current: string): void {
  const entries = [...servers];
  const text = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: entries.map(([name, s]) => ({
      name,
      cluster: { server: s.url, 'certificate-authority-data': Buffer.from(s.caPem).toString('base64') },
    })),
    // The servers' default user is `admin`, allowed everything, with its token in their kubeconfig.
    users: entries.map(([name, s]) => ({ name, user: { token: adminToken(s) } })),
    contexts: entries.map(([name]) => ({ name, context: { cluster: name, user: name } })),
    'current-context': current,
  });
  // Written whole and at once, as kubectl does: the extension watches the folder.
  writeFileSync(path, text, { mode: 0o600 });
}

function adminToken(server: FakeApiServer): string {
  const config = parse(readFileSync(server.kubeconfigPath, 'utf8')) as {
    users?: { user?: { token?: string } }[];
  };
  const token = config.users?.[0]?.user?.token;
  if (!token) throw new Error('the fake API server wrote no token');
  return token;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      try {
        resolve(body === '' ? {} : JSON.parse(body));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on('error', reject);
  });
}
