import type Mocha from 'mocha';

/**
 * Skips the running test (or, from a `before` hook, the suite's tests) and records why, so the
 * launcher's summary says why it did not run. The reason travels on mocha's own test object,
 * which the spec bundles and the reporter's bundle share.
 */
export function skipWithReason(ctx: Mocha.Context, reason: string): never {
  const tests = ctx.currentTest ? [ctx.currentTest] : (ctx.test?.parent?.tests ?? []);
  for (const test of tests) (test as WithReason).skipReason = reason;
  return ctx.skip();
}

export function skipReasonOf(test: Mocha.Test): string | undefined {
  return (test as WithReason).skipReason;
}

type WithReason = Mocha.Test & { skipReason?: string };
