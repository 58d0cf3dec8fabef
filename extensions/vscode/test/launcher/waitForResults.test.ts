import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForResults } from './waitForResults.js';

const never = new Promise<number | null>(() => undefined);

test('ends as soon as the suite has written its results', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wait-results-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'results.json');
  setTimeout(() => writeFileSync(file, '{}'), 50);
  assert.deepEqual(await waitForResults(file, never, Date.now() + 10_000, 10), { kind: 'results' });
});

test('ends when the server exits before the suite has finished', async () => {
  const outcome = await waitForResults(
    '/nonexistent/results.json',
    Promise.resolve(3),
    Date.now() + 10_000,
    10,
  );
  assert.deepEqual(outcome, { kind: 'exited', code: 3 });
});

test('ends at the deadline when nothing happens', async () => {
  const outcome = await waitForResults('/nonexistent/results.json', never, Date.now() + 50, 10);
  assert.deepEqual(outcome, { kind: 'timeout' });
});
