/**
 * Key paths name a place inside a manifest object, the way people write them in messages:
 * `spec.template.spec.containers[name=web].securityContext.runAsNonRoot`.
 *
 * Segments:
 *  - `key`            a mapping key
 *  - `[3]`            the fourth item of a sequence
 *  - `[name=web]`     the first sequence item whose `name` is `web`
 *  - `[hostPath]`     the first sequence item that has the key `hostPath`
 */
export type KeySegment =
  | { readonly key: string }
  | { readonly index: number }
  | { readonly where: string; readonly equals?: string };

/** Parses a key path; `undefined` for a malformed one (unbalanced brackets, empty keys). */
export function parseKeyPath(path: string): KeySegment[] | undefined {
  const segments: KeySegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close).trim();
      if (inner === '') return undefined;
      if (/^\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else {
        const eq = inner.indexOf('=');
        segments.push(
          eq < 0
            ? { where: inner }
            : { where: inner.slice(0, eq).trim(), equals: inner.slice(eq + 1).trim() },
        );
      }
      i = close + 1;
      if (path[i] === '.') i++;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
    const key = path.slice(i, end);
    if (key === '') return undefined;
    segments.push({ key });
    i = path[end] === '.' ? end + 1 : end;
  }
  return segments;
}

/** The inverse of {@link parseKeyPath}, for messages. */
export function formatKeyPath(segments: readonly KeySegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += out === '' ? s.key : `.${s.key}`;
    else if ('index' in s) out += `[${s.index}]`;
    else out += s.equals === undefined ? `[${s.where}]` : `[${s.where}=${s.equals}]`;
  }
  return out;
}
