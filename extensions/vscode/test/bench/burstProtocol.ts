// What the `vscode-burst` launcher (`burst.ts`) and its two measured processes (`burstHost.ts` in
// the extension host, `burstCore.ts` in plain Node) tell each other.

/** What the launcher passes in the environment (JSON). */
export const BURST_ENV = 'TRIVY_FINDINGS_BENCH_BURST';

export interface BurstHostConfig {
  /** POST here to have the launcher write the burst; it answers {@link BurstWritten}. */
  readonly burstUrl: string;
  /** Where this module writes its {@link BurstHostResult}. */
  readonly resultFile: string;
  /** The workspace files (relative paths) that must hold cluster diagnostics once the burst is in. */
  readonly expectedFiles: readonly string[];
  /** How many reports the burst writes: the store must hold them all before the end is looked for. */
  readonly reports: number;
  /** A publish-free window this long, once the store holds the burst and every file is covered, ends the measurement. */
  readonly quietMs: number;
  readonly timeoutMs: number;
}

/** The launcher's answer: when it began and finished writing the reports (epoch ms). */
export interface BurstWritten {
  readonly startedAt: number;
  readonly writtenAt: number;
  readonly reports: number;
}

export interface BurstHostResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly written?: BurstWritten;
  /** Epoch ms of the first store change after the burst began. */
  readonly firstStoreChangeAt?: number;
  /** Epoch ms of the last publish (the one after which nothing changed). */
  readonly lastPublishAt?: number;
  readonly storeChanges?: number;
  /** Files published (one `DiagnosticCollection.set` each) during the burst. */
  readonly filePublishes?: number;
  readonly publishEvents?: number;
  readonly diagnostics?: number;
  readonly filesWithDiagnostics?: number;
  /** From the first store change to `activate`'s ready, for the record. */
  readonly settledMs?: number;
  /**
   * Files whose final state differs from a fresh start's: the core alone compares its placements
   * with a second core's over the same cluster; the extension host compares its diagnostics with
   * those it publishes when it publishes every file again from the current placements.
   */
  readonly freshStartMismatches?: readonly string[];
  /**
   * The extension host only: what one `DiagnosticCollection.set` of the burst's final diagnostics
   * costs VS Code, into a scratch collection (ms, the least of a few): the floor under any way of
   * publishing the burst (VS Code converts and serialises every diagnostic it is given).
   */
  readonly publishFloorMs?: number;
}
