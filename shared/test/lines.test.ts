import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { line1, toLine0 } from '../src/model/lines.js';

describe('lines', () => {
  it('converts the first line of a file to 0', () => {
    assert.equal(toLine0(line1(1)), 0);
    assert.equal(toLine0(line1(28)), 27);
  });
});
