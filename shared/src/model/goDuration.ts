/**
 * Go's `time.Duration` text (`24h0m0s`, `12h30m`, `1.5h`, `300ms`, `0s`), as Trivy Operator
 * writes its report TTL annotation and reads `OPERATOR_SCANNER_REPORT_TTL` (`time.ParseDuration`):
 * a sequence of decimal numbers, each with a unit (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`), optionally
 * signed; `0` alone is zero. In milliseconds; `undefined` when the text is not a duration.
 */
export function parseGoDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let s = text.trim();
  if (s === '0') return 0;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '' || s.length > 64) return undefined;
  let total = 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let at = 0;
  while (at < s.length) {
    part.lastIndex = at;
    const m = part.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = part.lastIndex;
  }
  return sign * total;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A whole, positive number of milliseconds as Go's `time.Duration.String()` writes it (`5m0s`,
 * `1h0m0.5s`, `250ms`): what `time.ParseDuration` reads back (Trivy's `--timeout`).
 */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const millis = ms % 60_000;
  const fraction =
    millis % 1000
      ? `.${String(millis % 1000)
          .padStart(3, '0')
          .replace(/0+$/, '')}`
      : '';
  const seconds = `${Math.floor(millis / 1000)}${fraction}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
