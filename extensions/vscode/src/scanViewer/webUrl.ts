/**
 * Whether a reference from a report may be opened: an absolute `http:` or `https:` URL and nothing
 * else — no `javascript:`, `command:`, `file:`, `vscode:` or data URL, whatever a report says. The
 * page shows only these as links, and the host opens only these.
 */
export function isWebUrl(url: string): boolean {
  // Control characters and spaces are refused before parsing: URL parsing strips some of them.
  if (url.length > 8192) return false;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return false;
  }
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && hostname !== '';
  } catch {
    return false;
  }
}
