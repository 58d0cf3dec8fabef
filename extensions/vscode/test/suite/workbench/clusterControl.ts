import type Mocha from 'mocha';
import { TEST_ENV } from '../../harness/testEnv.js';
import type { ClusterControlOp, ClusterControlOps } from '../../harness/clusterControlProtocol.js';
import { skipWithReason } from './skip.js';

/** The client of the launcher's fake clusters (see `harness/clusterControlProtocol.ts`). */
export class ClusterControl {
  constructor(private readonly base: string) {}

  async call<K extends ClusterControlOp>(
    op: K,
    params: ClusterControlOps[K]['params'],
  ): Promise<ClusterControlOps[K]['result']> {
    const response = await fetch(`${this.base}/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { result?: ClusterControlOps[K]['result']; error?: string };
    if (!response.ok) throw new Error(`cluster control ${op}: ${body.error ?? response.status}`);
    return body.result as ClusterControlOps[K]['result'];
  }
}

/** The fake clusters for a `before` hook; skips the specs, saying why, when the launcher has none. */
export function requireClusterControl(ctx: Mocha.Context): ClusterControl {
  const base = process.env[TEST_ENV.clusterControl];
  return base
    ? new ClusterControl(base)
    : skipWithReason(ctx, 'needs the fake clusters of the code-server launcher (runInCodeServer)');
}
