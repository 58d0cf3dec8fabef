import { fileURLToPath } from 'node:url';
import type { Configuration } from 'webpack';
import { HOST_GLOBALS } from './build/hostGlobals.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * One bundle for OpenLens 6.5 and Freelens 1.x: `main.js` for Electron's main process and
 * `renderer.js` for the window, both CommonJS (the hosts `require()` them), with the host's
 * libraries taken from its globals and the core (`shared/`) bundled in.
 */
export function webpackConfigs(outDir: string): Configuration[] {
  return [
    config('main', 'electron-main', './src/main.ts', HOST_GLOBALS.main, outDir),
    config('renderer', 'electron-renderer', './src/renderer.tsx', HOST_GLOBALS.renderer, outDir),
  ];
}

function config(
  name: 'main' | 'renderer',
  target: string,
  entry: string,
  globals: Readonly<Record<string, string>>,
  outDir: string,
): Configuration {
  return {
    name,
    mode: 'production',
    target,
    entry: here(entry),
    output: {
      path: outDir,
      filename: `${name}.js`,
      library: { type: 'commonjs2' },
      // The renderer runs in a window where `this` at the top of the bundle is the module's scope.
      globalObject: 'this',
    },
    node: { __dirname: false, __filename: false },
    externals: Object.fromEntries(
      Object.entries(globals).map(([module, global]) => [module, `var global.${global}`]),
    ),
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      // The sources import `./x.js` as Node's ESM resolution wants; the file on disk is `x.ts`.
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: 'ts-loader',
          options: {
            // Type-checking inside ts-loader resolves `@k8slens/extensions` to its JS bundle, where
            // the API is `any`: types are checked by `tsc -b` (tsconfig.json, tsconfig.freelens.json).
            transpileOnly: true,
            configFile: here('./tsconfig.json'),
            // The core's sources (../../shared) are compiled into the bundle too, hence the rootDir.
            compilerOptions: {
              rootDir: here('../..'),
              composite: false,
              declaration: false,
              emitDeclarationOnly: false,
              sourceMap: false,
            },
          },
        },
        // The extension's icon (media/) is drawn inline, as the host's Icon takes SVG text.
        { test: /\.svg$/, type: 'asset/source' },
      ],
    },
    devtool: false,
    performance: { hints: false },
  };
}
