// Report text in Markdown. Hovers render Markdown, and a report is untrusted input: a title
// `[x](command:workbench.action.quit)` would be a link that runs a command, `<img src=…>` a
// request, `**` a font change. Everything from a report goes through these two functions.

/**
 * `text` as Markdown that renders as exactly those characters: every ASCII punctuation character
 * is backslash-escaped (CommonMark lets any of them be, and that is what stops links, `<…>` tags
 * and autolinks, emphasis and entities), control characters are dropped, and runs of white space
 * become one space, blank lines a paragraph break (so no heading, list or code block can start).
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .split(/\r?\n\s*\r?\n/)
      .map((paragraph) =>
        paragraph
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/[!-/:-@[-`{-~]/g, '\\$&'),
      )
      .filter((p) => p !== '')
      .join('\n\n')
  );
}

/** A Markdown link to an http(s) URL, its text the URL escaped; `undefined` for any other URL. */
export function markdownLink(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  // `URL` percent-encodes spaces, quotes and angle brackets; parentheses would end the link.
  const target = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${escapeMarkdown(parsed.href)}](${target})`;
}
