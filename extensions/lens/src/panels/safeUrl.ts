/**
 * A link from a report, if it is one a person may follow: `http:` or `https:` only. Report text is
 * untrusted; a `javascript:` or `file:` URL in `primaryUrl` must never become a link.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
