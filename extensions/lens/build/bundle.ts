import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import type { MultiStats } from 'webpack';
import { webpackConfigs } from '../webpack.config.js';

export interface Bundle {
  /** Absolute paths of the files written. */
  readonly files: readonly string[];
  /** Absolute paths of the source files bundled in (host libraries, being external, are not). */
  readonly modules: readonly string[];
}

/** Builds `main.js` and `renderer.js` (production) into `outDir`; rejects with webpack's errors. */
export async function bundle(outDir: string): Promise<Bundle> {
  const compiler = webpack(webpackConfigs(resolve(outDir)));
  const stats = await new Promise<MultiStats>((done, fail) =>
    compiler.run((error, result) =>
      compiler.close(() => (error ? fail(error) : result ? done(result) : fail(new Error('no stats')))),
    ),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true, colors: false }));
  const modules = new Set<string>();
  for (const child of stats.stats)
    for (const module of child.compilation.modules) {
      const resource = module.nameForCondition();
      if (resource) modules.add(resource);
    }
  return {
    files: readdirSync(outDir).map((name) => resolve(outDir, name)),
    modules: [...modules].sort(),
  };
}

// `node --import tsx build/bundle.ts OUT_DIR` (`npm run bundle -w extensions/lens -- OUT_DIR`).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: bundle.ts OUT_DIR');
    process.exit(2);
  }
  try {
    const { files } = await bundle(outDir);
    for (const file of files) console.log(file);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
