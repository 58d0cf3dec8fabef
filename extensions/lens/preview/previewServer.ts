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
  return [...generateReports(n, 11).objects, ...unique];
}

export interface Preview {
  readonly url: string;
  readonly server: FakeApiServer;
  close(): Promise<void>;
}

export async function startPreview(options: { port?: number; workloads?: number } = {}): Promise<Preview> {
  const script = await buildEntry();
  const server = await startFakeApiServer({
    users: [{ name: 'preview', token: TOKEN, rules: null }],
    objects: seedObjects(options.workloads ?? 24),
  });
  const page: http.RequestListener = (req, res) => {
    if (req.url === '/preview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(script);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html><head><meta charset="utf-8"><title>Trivy Findings for Lens — preview</title></head>' +
        '<body style="margin:12px;background:#fff;color:#222"><div id="root"></div><script src="/preview.js"></script></body></html>',
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
      await server.close();
    },
  };
}
