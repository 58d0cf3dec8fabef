// Module hooks for the Lens extension's tests: what webpack and the host do for the bundle, done
// for the sources that the tests import.
// - `@k8slens/extensions` resolves to the test double: the real module needs Electron and the app's
//   injection container (the bundle reads it from `global.LensExtensions` instead).
// - `*.svg` loads as a module whose default export is the file's text, as webpack's `asset/source`.
// These are `module.register` hooks, which Node 20 runs for `import` only, not for `require()`:
// the extension's package is an ES module package for that reason.
import { readFile } from 'node:fs/promises';

const HOST_API = '@k8slens/extensions';
const double = new URL('../lensExtensionsDouble.tsx', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  // Resolved on down the chain, so that tsx sees (and compiles) the double like any source file.
  if (specifier === HOST_API) return nextResolve(double, context);
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.svg')) {
    const text = await readFile(new URL(url), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
