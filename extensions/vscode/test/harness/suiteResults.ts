/** One test as the suite reports it to the launcher. */
export interface TestResult {
  readonly fullTitle: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  /** The failure, message and stack, for `failed`. */
  readonly error?: string;
  /** Why a `pending` test was skipped, when it said so. */
  readonly skipReason?: string;
}

/** What the suite in the extension host writes when it has finished, for the launcher to print. */
export interface SuiteResults {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly durationMs: number;
  readonly tests: readonly TestResult[];
}

/**
 * Mocha's closing lines for results read back from the file, so the launcher ends its output
 * like a mocha run does, followed by the counts on one line of their own.
 */
export function summaryLines(results: SuiteResults): string[] {
  const lines = ['', `  ${results.passed} passing (${formatDuration(results.durationMs)})`];
  if (results.pending > 0) lines.push(`  ${results.pending} pending`);
  for (const t of results.tests.filter((t) => t.skipReason))
    lines.push(`    - ${t.fullTitle}: skipped, ${t.skipReason}`);
  if (results.failed > 0) lines.push(`  ${results.failed} failing`);
  results.tests
    .filter((t) => t.state === 'failed')
    .forEach((t, i) =>
      lines.push('', `  ${i + 1}) ${t.fullTitle}:`, ...indent(t.error ?? 'failed', '     ')),
    );
  lines.push('', countsLine('vscode', results));
  return lines;
}

/** `vscode: 7 passed, 0 failed, 1 skipped`: the form CI and the root summary read. */
export function countsLine(
  label: string,
  counts: Pick<SuiteResults, 'passed' | 'failed' | 'pending'>,
): string {
  return `${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} skipped`;
}

/**
 * The results of several launches (one per suite group) as one: counts added, tests in launch
 * order, a failed launch (`undefined`: it wrote no results) counted as one failure named `what`.
 */
export function combineResults(
  launches: readonly { readonly what: string; readonly results: SuiteResults | undefined }[],
): SuiteResults {
  const tests: TestResult[] = [];
  let durationMs = 0;
  for (const { what, results } of launches) {
    if (results) {
      tests.push(...results.tests);
      durationMs += results.durationMs;
    } else tests.push({ fullTitle: what, state: 'failed', error: `${what}: no results` });
  }
  const count = (state: TestResult['state']) => tests.filter((t) => t.state === state).length;
  return { passed: count('passed'), failed: count('failed'), pending: count('pending'), durationMs, tests };
}

/** Checks a parsed results file, so a truncated or foreign file is a clear failure, not a crash. */
export function parseSuiteResults(text: string): SuiteResults | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = value as Partial<SuiteResults> | null;
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return r && count(r.passed) && count(r.failed) && count(r.pending) && Array.isArray(r.tests)
    ? (r as SuiteResults)
    : undefined;
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms)}ms`;
}

function indent(text: string, by: string): string[] {
  return text.split('\n').map((l) => by + l);
}
