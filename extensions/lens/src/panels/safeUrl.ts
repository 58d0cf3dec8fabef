/** Links seen, so a table of thousands of rows parses each distinct URL once; bounded. */
const checked = new Map<string, string | undefined>();
const MAX_CHECKED = 10_000;

/**
 * A link from a report, if it is one a person may follow: `http:` or `https:` only. Report text is
 * untrusted; a `javascript:` or `file:` URL in `primaryUrl` must never become a link.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (checked.has(url)) return checked.get(url);
  let safe: string | undefined;
  try {
    const parsed = new URL(url);
    safe = parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    safe = undefined;
  }
  if (checked.size >= MAX_CHECKED) checked.clear();
  checked.set(url, safe);
  return safe;
}
