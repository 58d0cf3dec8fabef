// The UI driver's HTTP side, without a browser: only the suite (which knows the URL's token)
// may call it, only known operations exist, and a screenshot cannot be written outside its folder.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { UiDriverServer } from './uiDriverServer.js';

async function post(
  url: string,
  body: unknown,
): Promise<{ status: number; body: { result?: unknown; error?: string } }> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { result?: unknown; error?: string } };
}

test('passes the suite’s progress lines to the launcher’s output', async (t) => {
  const lines: string[] = [];
  const driver = await UiDriverServer.start((l) => lines.push(l), '/nonexistent');
  t.after(() => driver.close());
  assert.deepEqual(await post(`${driver.url}/log`, { line: '  ✔ works' }), {
    status: 200,
    body: { result: null },
  });
  assert.deepEqual(lines, ['  ✔ works']);
});

test('answers 404 without the token or for an unknown operation', async (t) => {
  const driver = await UiDriverServer.start(() => undefined, '/nonexistent');
  t.after(() => driver.close());
  const origin = new URL(driver.url).origin;
  assert.equal((await post(`${origin}/log`, { line: 'x' })).status, 404);
  assert.equal((await post(`${origin}/wrongtoken/log`, { line: 'x' })).status, 404);
  assert.equal((await post(`${driver.url}/evaluate`, { code: '1' })).status, 404);
});

test('refuses a screenshot name that is not a plain file name', async (t) => {
  const driver = await UiDriverServer.start(() => undefined, '/nonexistent');
  t.after(() => driver.close());
  const answer = await post(`${driver.url}/screenshot`, { name: '../../etc/x.png' });
  assert.equal(answer.status, 500);
  assert.match(answer.body.error ?? '', /not a plain \.png file name/);
});

test('says the page is not open yet, as a retryable 404, before the browser is attached', async (t) => {
  const driver = await UiDriverServer.start(() => undefined, '/nonexistent');
  t.after(() => driver.close());
  const answer = await post(`${driver.url}/problemRows`, {});
  assert.equal(answer.status, 404);
  assert.match(answer.body.error ?? '', /not open yet/);
});
