import type Mocha from 'mocha';
import { TEST_ENV } from '../../harness/testEnv.js';
import type { UiDriverOp, UiDriverOps } from '../../harness/uiDriverProtocol.js';
import { skipWithReason } from './skip.js';

/** The client of the launcher's UI driver (see `harness/uiDriverProtocol.ts`). */
export class UiDriver {
  constructor(private readonly base: string) {}

  async call<K extends UiDriverOp>(
    op: K,
    params: UiDriverOps[K]['params'],
  ): Promise<UiDriverOps[K]['result']> {
    const response = await fetch(`${this.base}/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { result?: UiDriverOps[K]['result']; error?: string };
    if (!response.ok) throw new Error(`UI driver ${op}: ${body.error ?? response.status}`);
    return body.result as UiDriverOps[K]['result'];
  }
}

/** The launcher's UI driver, or `undefined` when the suite runs without one (@vscode/test-electron). */
export function uiDriver(): UiDriver | undefined {
  const base = process.env[TEST_ENV.uiDriver];
  return base ? new UiDriver(base) : undefined;
}

/** The UI driver for a `before` hook of UI tests; skips them, saying why, when there is none. */
export function requireUiDriver(ctx: Mocha.Context): UiDriver {
  return (
    uiDriver() ??
    skipWithReason(
      ctx,
      'needs the UI driver of the code-server launcher (runInCodeServer); this launcher cannot see the workbench DOM',
    )
  );
}
