// The window the workspace diagnostics publish through: however many changes name a file within
// one window, it is published once, at the window's end; a steady stream still publishes every
// window; a costly publish widens the next window; flush and dispose end a window at once.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { PublishWindow } from '../src/diagnostics/publishWindow.js';

/** A window that does not grow with the cost of publishing. */
const fixed = (windowMs: number) => ({ windowMs, maxWindowMs: windowMs, costFactor: 0 });

const untilPublished = (published: string[][], count: number): Promise<void> =>
  new Promise((resolve) => {
    const probe = () => (published.length >= count ? resolve() : setImmediate(probe));
    probe();
  });

describe('PublishWindow', () => {
  it('publishes each file once per window, however often changes within it name the file', async () => {
    const published: string[][] = [];
    const window = new PublishWindow(fixed(20), (files) => published.push([...files]));
    // 200 changes, as a burst of store changes delivers them, each naming two of five files.
    for (let i = 0; i < 200; i++) window.add([`f${i % 5}`, `f${(i + 1) % 5}`]);
    assert.equal(published.length, 0, 'nothing before the window ends');
    await untilPublished(published, 1);
    assert.deepEqual(published, [['f0', 'f1', 'f2', 'f3', 'f4']]);
    window.dispose();
  });

  it('keeps publishing every window under a steady stream (a window, not a debounce)', async () => {
    const published: string[][] = [];
    const window = new PublishWindow(fixed(10), (files) => published.push([...files]));
    const t0 = performance.now();
    // Changes keep coming, one per macrotask, for at least five windows.
    while (performance.now() - t0 < 60) {
      window.add(['a']);
      await new Promise((r) => setImmediate(r));
    }
    assert.ok(published.length >= 2, `${published.length} publishes in a 60 ms stream`);
    assert.ok(published.every((files) => files.length === 1 && files[0] === 'a'));
    window.dispose();
  });

  it('publishes at once on flush, and nothing after dispose', async () => {
    const published: string[][] = [];
    const window = new PublishWindow(fixed(10_000), (files) => published.push([...files]));
    window.add(['a', 'b']);
    assert.equal(window.waiting, true);
    window.flush();
    assert.deepEqual(published, [['a', 'b']]);
    window.flush();
    assert.equal(published.length, 1, 'an empty window publishes nothing');
    window.add(['c']);
    window.dispose();
    window.add(['d']);
    window.flush();
    assert.deepEqual(published, [['a', 'b']]);
    assert.equal(window.waiting, false);
  });

  it('widens the next window to twice what the last publish cost, up to its maximum', () => {
    // A clock the test moves: each publish "takes" what the test says.
    let clock = 0;
    let cost = 0;
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 400, costFactor: 2 },
      () => (clock += cost),
      () => clock,
    );
    const publishTaking = (ms: number) => {
      cost = ms;
      window.add(['a']);
      window.flush();
      return window.windowMs;
    };
    assert.equal(window.windowMs, 30);
    assert.equal(publishTaking(5), 30, 'a cheap publish keeps the shortest window');
    assert.equal(publishTaking(120), 240, 'a costly one: publishing takes a third of the time at most');
    assert.equal(publishTaking(1000), 400, 'never longer than the maximum');
    assert.equal(publishTaking(1), 30, 'back to the shortest once publishing is cheap again');
    window.dispose();
  });
});
