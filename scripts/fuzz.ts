// `npm run fuzz`: the reader properties of the test suite with 10,000 cases each.
// A failure prints fast-check's shrunk counterexample and the seed to replay it.
import fc from 'fast-check';
import { readerProperties } from '../test/properties/readerProperties.js';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
let failed = 0;
for (const { name, property, weight = 1 } of readerProperties) {
  const started = performance.now();
  const cases = Math.max(5, Math.round(runs * weight));
  try {
    fc.assert(property, { numRuns: cases });
    console.log(`ok    ${name}: ${cases} cases in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  } catch (err) {
    failed++;
    console.log(`FAIL  ${name}\n${(err as Error).message}`);
  }
}
console.log(`${readerProperties.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
