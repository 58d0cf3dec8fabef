// `npm run preview:lens`: the real panels and pages in a browser, over a local fake API server.
// Builds the preview entry (webpack, web target, the API double in place of the host's module),
// starts the fake API server seeded with the fixture reports and generated workloads, and serves the
// page and its script from a cluster-frame proxy that forwards `/api` and `/apis` to the server.
import { readdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { parseAllDocuments } from 'yaml';
import { startFakeApiServer, type FakeApiServer } from '../../../test/doubles/fakeApiServer/index.js';
import { generateReports } from '../../../test/doubles/fakeApiServer/generateReports.js';
import { generateWorkloadMix } from '../../../test/doubles/fakeApiServer/generateWorkloads.js';
import type { KubeObj } from '../../../test/doubles/fakeApiServer/types.js';
import { startClusterFrameProxy, type ClusterFrameProxy } from '../test/clusterFrameProxy.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const TOKEN = 'preview-token';
// Scratch output, git-ignored.
const OUT_DIR = here('../../../.tmp/lens-preview');

/** The preview's script, built in memory. */
async function buildEntry(): Promise<string> {
  const compiler = webpack({
    mode: 'development',
    target: 'web',
    devtool: false,
    entry: here('./previewEntry.tsx'),
    output: { path: OUT_DIR, filename: 'preview.js' },
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
      alias: { '@k8slens/extensions': here('../test/lensExtensionsDouble.tsx') },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            configFile: here('../tsconfig.json'),
            compilerOptions: {
              rootDir: here('../../..'),
              composite: false,
              declaration: false,
              emitDeclarationOnly: false,
              sourceMap: false,
            },
          },
        },
        { test: /\.svg$/, type: 'asset/source' },
      ],
    },
    performance: { hints: false },
  });
  const stats = await new Promise<webpack.Stats>((done, fail) =>
    compiler.run((error, result) =>
      compiler.close(() => (error ? fail(error) : result ? done(result) : fail(new Error('no stats')))),
    ),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true, colors: false }));
  return readFileSync(`${OUT_DIR}/preview.js`, 'utf8');
}

const HOUR = 3_600_000;
const LANES = 8;
// What a cluster without Trivy Operator and Kyverno still has: its built-in objects.
const BUILTIN_API_VERSIONS = new Set(['v1', 'apps/v1', 'batch/v1']);

/**
 * `n` generated workloads with their reports, written two hours ago (the generator's clock is of
 * 2022: every report would be stale), and every workload kind in each coverage state
 * (generateWorkloadMix) in namespaces `shop` and `staging`. Without Trivy Operator: the same
 * workloads without a report.
 */
function generatedObjects(n: number, trivyOperator: boolean): KubeObj[] {
  const now = Date.now();
  const written = new Date(now - 2 * HOUR).toISOString().replace(/\.\d+Z$/, 'Z');
  const objects = [
    ...generateReports(n, 11).objects.map((o) =>
      o.kind.endsWith('Report') ? { ...o, metadata: { ...o.metadata, creationTimestamp: written } } : o,
    ),
    ...generateWorkloadMix(['shop', 'staging'], now).objects,
  ];
  return trivyOperator ? objects : objects.filter((o) => BUILTIN_API_VERSIONS.has(o.apiVersion));
}

/** The fixture reports (test/fixtures/reports) and `n` generated workloads with their reports. */
function seedObjects(n: number): object[] {
  const dir = here('../../../test/fixtures/reports/');
  const fixtures = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(`${dir}${f}`, 'utf8')).flatMap((d) => {
        const v = d.toJS() as { kind?: string; items?: object[] } | null;
        return !v ? [] : v.kind?.endsWith('List') && Array.isArray(v.items) ? v.items : [v];
      }),
    );
  // Some fixtures are two sources' copies of one object: the first is kept.
  const seen = new Set<string>();
  const unique = fixtures.filter((o) => {
    const { apiVersion, kind, metadata } = o as {
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string; namespace?: string };
    };
    const key = `${apiVersion}/${kind}/${metadata?.namespace ?? ''}/${metadata?.name ?? ''}`;
    if (!apiVersion || !kind || !metadata?.name || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...generatedObjects(n, true), ...unique];
}

export interface Preview {
  readonly url: string;
  readonly server: FakeApiServer;
  close(): Promise<void>;
}

export interface PreviewOptions {
  readonly port?: number;
  readonly workloads?: number;
  /** False: a cluster without Trivy Operator's and Kyverno's CRDs, its workloads only. Default true. */
  readonly trivyOperator?: boolean;
}

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const script = await buildEntry();
  const workloads = options.workloads ?? 24;
  const installed = options.trivyOperator ?? true;
  const server = await startFakeApiServer({
    users: [{ name: 'preview', token: TOKEN, rules: null }],
    objects: installed ? seedObjects(workloads) : generatedObjects(workloads, false),
    ...(installed ? {} : { crdsDir: false as const }),
  });
  // A browser opens at most six connections to one origin, and each watch holds one: API requests
  // are spread over a few more proxies (other ports, so other origins) as the hosts, which fetch
  // through Node, need not.
  const lanes = await Promise.all(
    Array.from({ length: LANES }, () =>
      startClusterFrameProxy({ url: server.url, caPem: server.caPem, token: TOKEN, crossOrigin: true }),
    ),
  );
  const page: http.RequestListener = (req, res) => {
    if (req.url === '/preview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(script);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html><head><meta charset="utf-8"><title>Trivy Findings for Lens — preview</title>' +
        // The hosts' tables lay their rows out in CSS; the stand-ins have only these few rules.
        '<style>.TableHead,.TableRow{display:flex;gap:8px;padding:2px 0;border-bottom:1px solid #ddd}' +
        '.TableHead{font-weight:bold}.TableCell{flex:1 1 0;min-width:0;overflow-wrap:anywhere}' +
        '.Badge{display:inline-block;padding:0 4px;margin-right:4px;border-radius:3px}</style></head>' +
        `<body style="margin:12px;background:#fff;color:#222"><div id="root" data-lanes="${lanes.map((l) => l.url).join(' ')}"></div><script src="/preview.js"></script></body></html>`,
    );
  };
  const proxy: ClusterFrameProxy = await startClusterFrameProxy({
    url: server.url,
    caPem: server.caPem,
    token: TOKEN,
    page,
  });
  return {
    url: proxy.url,
    server,
    close: async () => {
      await proxy.close();
      await Promise.all(lanes.map((l) => l.close()));
      await server.close();
    },
  };
}
