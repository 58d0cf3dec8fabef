import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, parseGoDuration } from '../src/model/goDuration.js';

describe('parseGoDuration', () => {
  it('reads what time.Duration.String writes and time.ParseDuration accepts', () => {
    // `24h0m0s` is how trivy-operator writes its default report TTL annotation; `0s` marks a report for deletion.
    assert.equal(parseGoDuration('24h0m0s'), 24 * 3_600_000);
    assert.equal(parseGoDuration('0s'), 0);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('1.5h'), 5_400_000);
    assert.equal(parseGoDuration('12h30m'), 45_000_000);
    assert.equal(parseGoDuration('300ms'), 300);
    assert.equal(parseGoDuration('-2m'), -120_000);
    assert.equal(parseGoDuration('1500us'), 1.5);
  });

  it('gives undefined for anything else', () => {
    for (const bad of ['', '24', 'h', '1d', '1h junk', '--1h', ' ', 'x'.repeat(100)])
      assert.equal(parseGoDuration(bad), undefined, bad);
    assert.equal(parseGoDuration(undefined), undefined);
  });

  it('reads back what formatGoDuration writes', () => {
    for (const ms of [1, 250, 1000, 1500, 59_999, 60_000, 90_500, 3_600_000, 86_400_000, 90_061_001])
      assert.equal(parseGoDuration(formatGoDuration(ms)), ms, formatGoDuration(ms));
  });
});
