/**
 * Package URLs (https://github.com/package-url/purl-spec), just enough to match
 * `.trivyignore.yaml` `purls` against a finding's package the way Trivy does
 * (`pkg/purl` `PackageURL.Match`).
 */
export interface Purl {
  readonly type: string;
  readonly namespace: string;
  readonly name: string;
  readonly version: string;
  readonly qualifiers: Readonly<Record<string, string>>;
  readonly subpath: string;
}

/** Parses `pkg:type/namespace/name@version?qualifiers#subpath`; `undefined` when it is not one. */
export function parsePurl(text: string): Purl | undefined {
  const s = text.trim();
  if (s.slice(0, 4).toLowerCase() !== 'pkg:') return undefined;
  let rest = s.slice(4).replace(/^\/+/, '');
  let subpath = '';
  const hash = rest.lastIndexOf('#');
  if (hash >= 0) {
    subpath = segments(rest.slice(hash + 1))
      .filter((x) => x !== '.' && x !== '..')
      .join('/');
    rest = rest.slice(0, hash);
  }
  const qualifiers: Record<string, string> = {};
  const q = rest.lastIndexOf('?');
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
      if (eq > 0 && value !== undefined && value !== '') qualifiers[pair.slice(0, eq).toLowerCase()] = value;
    }
    rest = rest.slice(0, q);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  rest = rest.slice(slash + 1);
  let version = '';
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    version = decode(rest.slice(at + 1)) ?? '';
    rest = rest.slice(0, at);
  }
  const parts = segments(rest);
  const rawName = parts.pop();
  if (rawName === undefined || rawName === '') return undefined;
  return normalise({ type, namespace: parts.join('/'), name: rawName, version, qualifiers, subpath });
}

/**
 * True when `target` satisfies the constraint `pattern`: same type, namespace and name; the
 * version and subpath only when the pattern has them; every qualifier of the pattern present in
 * the target with the same value.
 */
export function purlMatches(pattern: Purl, target: Purl): boolean {
  if (pattern.type !== target.type || pattern.namespace !== target.namespace || pattern.name !== target.name)
    return false;
  if (pattern.version !== '' && pattern.version !== target.version) return false;
  if (pattern.subpath !== '' && pattern.subpath !== target.subpath) return false;
  for (const [k, v] of Object.entries(pattern.qualifiers)) if (target.qualifiers[k] !== v) return false;
  return true;
}

function segments(path: string): string[] {
  return path
    .split('/')
    .filter((x) => x !== '')
    .map((x) => decode(x) ?? x);
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The spec's per-type rules that make two spellings of one package equal. */
function normalise(p: Purl): Purl {
  switch (p.type) {
    case 'github':
    case 'bitbucket':
      return { ...p, namespace: p.namespace.toLowerCase(), name: p.name.toLowerCase() };
    case 'pypi':
      return { ...p, name: p.name.toLowerCase().replace(/_/g, '-') };
    default:
      return p;
  }
}
