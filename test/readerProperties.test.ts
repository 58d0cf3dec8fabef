import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readerProperties } from './properties/readerProperties.js';

// A few hundred cases per property here; `npm run fuzz` runs 10,000 each.
describe('readers on arbitrary and mutated input', () => {
  for (const { name, property, weight = 1 } of readerProperties) {
    it(`never throw and always explain an unknown format: ${name}`, () => {
      fc.assert(property, { numRuns: Math.max(5, Math.round(150 * weight)) });
    });
  }
});
