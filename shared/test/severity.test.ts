import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareSeverity,
  isAtLeast,
  parseSeverity,
  parseSeverityList,
  SEVERITIES,
} from '../src/model/severity.js';

describe('severity', () => {
  it('orders most severe first', () => {
    const shuffled = ['LOW', 'CRITICAL', 'UNKNOWN', 'MEDIUM', 'HIGH'] as const;
    assert.deepEqual([...shuffled].sort(compareSeverity), [...SEVERITIES]);
  });

  it('parses Trivy upper case and PolicyReport lower case names', () => {
    assert.equal(parseSeverity('HIGH'), 'HIGH');
    assert.equal(parseSeverity('high'), 'HIGH');
    assert.equal(parseSeverity(' Critical '), 'CRITICAL');
    assert.equal(parseSeverity('info'), 'LOW');
  });

  it('reads numeric vendor scores by the CVSS v3 bands', () => {
    assert.equal(parseSeverity(9.8), 'CRITICAL');
    assert.equal(parseSeverity('7.5'), 'HIGH');
    assert.equal(parseSeverity(4), 'MEDIUM');
    assert.equal(parseSeverity(0.1), 'LOW');
    assert.equal(parseSeverity(0), 'UNKNOWN');
  });

  it('maps anything else to UNKNOWN instead of throwing', () => {
    for (const v of [undefined, null, {}, [], 'severe', NaN, '']) assert.equal(parseSeverity(v), 'UNKNOWN');
  });

  it('compares against a threshold', () => {
    assert.ok(isAtLeast('CRITICAL', 'HIGH'));
    assert.ok(isAtLeast('HIGH', 'HIGH'));
    assert.ok(!isAtLeast('MEDIUM', 'HIGH'));
  });

  it('parses flag lists and names the unknown parts', () => {
    assert.deepEqual(parseSeverityList('high, CRITICAL,bogus'), {
      severities: ['HIGH', 'CRITICAL'],
      unknown: ['bogus'],
    });
  });
});
