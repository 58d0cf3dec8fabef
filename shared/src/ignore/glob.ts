/**
 * Path globs as Trivy matches `.trivyignore.yaml` `paths` (github.com/bmatcuk/doublestar/v4
 * `Match`): `*` and `?` stay within one path segment, `**` as a whole segment spans any number of
 * segments (zero included, so `a/**` matches `a`), `[abc]`/`[a-z]`/`[!a]`/`[^a]` are classes,
 * `{a,b}` alternatives (nestable), and `\` escapes the next character. A `**` that is not a
 * whole segment acts as `*`, as in doublestar.
 */

/** Compiles a glob to an anchored regular expression; `undefined` when it is malformed (unclosed `[` or `{`, trailing `\`). */
export function compileGlob(pattern: string): RegExp | undefined {
  const out = convert(pattern, 0, 0);
  if (!out || out.end !== pattern.length) return undefined;
  return new RegExp(`^${out.source}$`, 's');
}

/** True when `pattern` is a valid glob (what doublestar's `ValidatePattern` checks). */
export function isValidGlob(pattern: string): boolean {
  return compileGlob(pattern) !== undefined;
}

interface Converted {
  readonly source: string;
  readonly end: number;
}

/**
 * Converts from `start` until the end of the pattern, or (inside braces, depth > 0) until an
 * unescaped `,` or `}` that belongs to this level.
 */
function convert(p: string, start: number, depth: number): Converted | undefined {
  let src = '';
  let i = start;
  while (i < p.length) {
    const c = p[i]!;
    if (depth > 0 && (c === ',' || c === '}')) return { source: src, end: i };
    if (c === '\\') {
      if (i + 1 >= p.length) return undefined;
      src += escape(p[i + 1]!);
      i += 2;
    } else if (c === '*') {
      if (p[i + 1] === '*' && segmentStart(p, i) && segmentEnd(p, i + 2, depth)) {
        const slash = p[i + 2] === '/';
        if (slash) {
          src += '(?:.*/)?';
          i += 3;
        } else if (src.endsWith('/')) {
          // `a/**` also matches `a` itself.
          src = `${src.slice(0, -1)}(?:/.*)?`;
          i += 2;
        } else {
          src += '.*';
          i += 2;
        }
      } else {
        while (p[i] === '*') i++;
        src += '[^/]*';
      }
    } else if (c === '?') {
      src += '[^/]';
      i++;
    } else if (c === '[') {
      const cls = convertClass(p, i);
      if (!cls) return undefined;
      src += cls.source;
      i = cls.end;
    } else if (c === '{') {
      const alts: string[] = [];
      let j = i + 1;
      for (;;) {
        const alt = convert(p, j, depth + 1);
        if (!alt || alt.end >= p.length) return undefined;
        alts.push(alt.source);
        j = alt.end + 1;
        if (p[alt.end] === '}') break;
      }
      src += `(?:${alts.join('|')})`;
      i = j;
    } else {
      src += escape(c);
      i++;
    }
  }
  return depth > 0 ? undefined : { source: src, end: i };
}

function convertClass(p: string, open: number): Converted | undefined {
  let i = open + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    let c = p[i]!;
    if (c === '\\') {
      if (i + 1 >= p.length) return undefined;
      c = p[++i]!;
    }
    body += c === '-' && !first && p[i + 1] !== ']' ? '-' : escapeInClass(c);
    first = false;
    i++;
  }
  if (i >= p.length || body === '') return undefined;
  // A class never matches the separator, negated or not.
  return { source: negate ? `[^/${body}]` : `(?!/)[${body}]`, end: i + 1 };
}

function segmentStart(p: string, i: number): boolean {
  return i === 0 || p[i - 1] === '/' || p[i - 1] === '{' || p[i - 1] === ',';
}

function segmentEnd(p: string, i: number, depth: number): boolean {
  return i >= p.length || p[i] === '/' || (depth > 0 && (p[i] === ',' || p[i] === '}'));
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}

function escapeInClass(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}
