// Two named bundles, built by `npm run build` (`webpack --config-name extension --config-name webview`):
//  - `extension`: the extension host code and the core from shared/ with its dependencies, one
//    CommonJS file for Node with `vscode` left to the host;
//  - `webview`: the browser code of the scan viewer (React 18) in `dist/webview/`, the only folder
//    its webview may load from: one script with no inline script or eval, so the page loads it
//    under a strict CSP (`script-src` with a nonce), and its style sheet.
// A third, `suite`, bundles the VS Code test suite (`npm run build:test`), and `bench` the extension
// host's half of `npm run bench`'s vscode-burst; neither is packaged.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import CopyPlugin from 'copy-webpack-plugin';
import MinimizerPlugin from 'minimizer-webpack-plugin';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

/** ts-loader only strips types: type-checking is `tsc -b` from the root, once for everything. */
const typescript = (configFile) => ({
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: [
    {
      loader: 'ts-loader',
      options: {
        configFile,
        transpileOnly: true,
        compilerOptions: {
          // The core's sources are compiled into the bundle too, from outside this package.
          rootDir: repo,
          module: 'es2022',
          moduleResolution: 'bundler',
          emitDeclarationOnly: false,
          declaration: false,
          composite: false,
          sourceMap: true,
        },
      },
    },
  ],
});

/** The core imports `./x.js` for `./x.ts`, as NodeNext wants; webpack looks for the `.ts` first. */
const resolveTs = { extensions: ['.ts', '.tsx', '.js'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } };

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
export default (_env, argv) => {
  const production = argv.mode === 'production';
  const node = {
    target: 'node20',
    mode: production ? 'production' : 'development',
    devtool: 'nosources-source-map',
    // ws (under client-node's watch) tries these optional native helpers and goes on without them.
    externals: {
      vscode: 'commonjs vscode',
      bufferutil: 'commonjs bufferutil',
      'utf-8-validate': 'commonjs utf-8-validate',
    },
    resolve: resolveTs,
    module: { rules: [typescript(join(here, 'tsconfig.json'))] },
    // Minified in production, by esbuild rather than webpack's default terser: on 17 MB of
    // client-node and the core terser took minutes of the build, esbuild seconds. The host loads and compiles
    // the whole file at activation, and the .vsix carries it. Names need not survive: nothing
    // reads a class's or function's name (errors set `name` themselves), and stack traces map back
    // through the source map, which stays in dist/ and out of the .vsix (`.vscodeignore`).
    optimization: {
      minimize: production,
      minimizer: [
        new MinimizerPlugin({
          minify: MinimizerPlugin.esbuildMinify,
          // Licence comments stay in the bundle beside the code they cover.
          minimizerOptions: { target: 'node20', legalComments: 'inline' },
        }),
      ],
    },
    infrastructureLogging: { level: 'warn' },
  };
  return [
    {
      ...node,
      name: 'extension',
      entry: { extension: './src/extension.ts' },
      output: {
        path: join(here, 'dist'),
        filename: '[name].js',
        library: { type: 'commonjs2' },
        devtoolModuleFilenameTemplate: '../[resource-path]',
        clean: { keep: /^webview/ },
      },
      plugins: [
        // vsce packs only what is inside the extension folder: the icons of the repo's media/ are copied in.
        new CopyPlugin({
          patterns: [
            { from: join(repo, 'media'), to: join(here, 'media') },
            { from: join(repo, 'LICENSE'), to: join(here, 'LICENSE'), toType: 'file' },
          ],
        }),
      ],
    },
    {
      name: 'webview',
      target: 'web',
      mode: production ? 'production' : 'development',
      // `source-map`, never `eval-*`: a webview's CSP has no 'unsafe-eval'.
      devtool: production ? false : 'source-map',
      entry: { scanViewer: './webview/src/main.tsx' },
      output: { path: join(here, 'dist', 'webview'), filename: '[name].js', clean: true },
      resolve: resolveTs,
      module: { rules: [typescript(join(here, 'webview', 'tsconfig.json'))] },
      plugins: [new CopyPlugin({ patterns: [{ from: join(here, 'webview', 'src', 'scanViewer.css') }] })],
      performance: { hints: false },
      infrastructureLogging: { level: 'warn' },
    },
    {
      ...node,
      name: 'suite',
      mode: 'development',
      devtool: 'inline-source-map',
      optimization: { minimize: false },
      // Mocha loads the spec files with Node's require, so it must be Node's mocha, not a bundled copy.
      externals: { vscode: 'commonjs vscode', mocha: 'commonjs mocha' },
      // The suite finds its spec files next to itself.
      node: { __dirname: false, __filename: false },
      // A function, so the spec files are listed only when the suite is built.
      entry: suiteEntries,
      output: {
        path: join(here, 'out', 'test', 'suite'),
        filename: '[name].js',
        library: { type: 'commonjs2' },
        devtoolModuleFilenameTemplate: '../[resource-path]',
        clean: true,
      },
    },
    {
      ...node,
      // The extension host's half of `npm run bench`'s vscode-burst (test/bench/burst.ts): loaded
      // as `extensionTestsPath`, like the suite; never packaged.
      name: 'bench',
      mode: 'development',
      devtool: false,
      optimization: { minimize: false },
      entry: { burstHost: './test/bench/burstHost.ts' },
      output: {
        path: join(here, 'out', 'test', 'bench'),
        filename: '[name].js',
        library: { type: 'commonjs2' },
        clean: true,
      },
    },
  ];
};

/** One bundle per spec file, as mocha loads them one by one, and the `run()` module. */
function suiteEntries() {
  const dir = join(here, 'test', 'suite');
  const specs = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
  return Object.fromEntries([
    ['index', './test/suite/index.ts'],
    ...specs.map((f) => [f.replace(/\.ts$/, ''), `./test/suite/${f}`]),
  ]);
}
