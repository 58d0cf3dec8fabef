import { compareDigits, isDigit, MAX_VERSION_LENGTH } from './numericText.js';

/**
 * Maven versions as Maven orders them (`ComparableVersion` of maven-artifact 3.x, which Trivy's
 * jar, pom, Gradle and sbt detection follows through masahiro331/go-mvn-version): the text, lower
 * case, is cut at `.`, at `-` (which opens a sub-list) and where digits meet letters (which also
 * opens one), into numbers, qualifiers and lists. Trailing "null" items (0, the empty qualifier,
 * `ga`, `final`, `release`) are dropped. Qualifiers order `alpha` < `beta` < `milestone` < `rc` =
 * `cr` < `snapshot` < the release < `sp`, then any other word by its characters; `a1`, `b1`, `m1`
 * are `alpha-1`, `beta-1`, `milestone-1`. Numbers beat lists, which beat qualifiers.
 */
type Item =
  | { readonly type: 'int'; readonly digits: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'list'; readonly items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };

/** The item tree of a Maven version; `undefined` for an empty or oversized text. */
export function parseMavenVersion(text: string): Item | undefined {
  const v = text.trim().toLowerCase();
  if (v === '' || v.length > MAX_VERSION_LENGTH) return undefined;
  const root: Item & { type: 'list' } = { type: 'list', items: [] };
  let list = root;
  const stack = [root];
  let digit = false;
  let start = 0;
  const open = () => {
    const sub: Item & { type: 'list' } = { type: 'list', items: [] };
    list.items.push(sub);
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.' || c === '-') {
      list.items.push(i === start ? { type: 'int', digits: '0' } : item(digit, v.slice(start, i), false));
      start = i + 1;
      if (c === '-') open();
    } else if (isDigit(v.charCodeAt(i))) {
      if (!digit && i > start) {
        list.items.push(stringItem(v.slice(start, i), true));
        start = i;
        open();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list.items.push(item(true, v.slice(start, i), false));
        start = i;
        open();
      }
      digit = false;
    }
  }
  if (v.length > start) list.items.push(item(digit, v.slice(start), false));
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i]!);
  return root;
}

/** Maven's order of two versions (-1, 0, 1); `undefined` when either is empty. */
export function compareMavenVersions(a: string, b: string): number | undefined {
  const x = parseMavenVersion(a);
  const y = parseMavenVersion(b);
  if (!x || !y) return undefined;
  return compareItems(x, y);
}

function item(digit: boolean, text: string, followedByDigit: boolean): Item {
  return digit ? { type: 'int', digits: text } : stringItem(text, followedByDigit);
}

function stringItem(text: string, followedByDigit: boolean): Item {
  let value = text;
  if (followedByDigit && text.length === 1) {
    if (text === 'a') value = 'alpha';
    else if (text === 'b') value = 'beta';
    else if (text === 'm') value = 'milestone';
  }
  return { type: 'string', value: ALIASES[value] ?? value };
}

function isNull(i: Item): boolean {
  if (i.type === 'int') return /^0+$/.test(i.digits);
  if (i.type === 'string') return i.value === '';
  return i.items.length === 0;
}

// Removes trailing null items, looking through a trailing list only when it is null itself.
function normalize(list: Item & { type: 'list' }): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i]!;
    if (isNull(last)) list.items.splice(i, 1);
    else if (last.type !== 'list') break;
  }
}

/** Known qualifiers by their index, unknown ones after all of them by their text. */
function compareQualifiers(a: string, b: string): number {
  const x = QUALIFIERS.indexOf(a);
  const y = QUALIFIERS.indexOf(b);
  if (x >= 0 && y >= 0) return x === y ? 0 : x < y ? -1 : 1;
  if (x >= 0) return -1;
  if (y >= 0) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function qualifierRank(value: string): number {
  return compareQualifiers(value, '');
}

/** Compares `a` with `b`, `b` absent (`undefined`) standing for the end of a list. */
function compareItems(a: Item, b: Item | undefined): number {
  switch (a.type) {
    case 'int':
      if (!b) return isNull(a) ? 0 : 1;
      return b.type === 'int' ? compareDigits(a.digits, b.digits) : 1;
    case 'string':
      if (!b) return qualifierRank(a.value);
      return b.type === 'string' ? compareQualifiers(a.value, b.value) : -1;
    case 'list': {
      if (!b) return a.items.length === 0 ? 0 : compareItems(a.items[0]!, undefined);
      if (b.type === 'int') return -1;
      if (b.type === 'string') return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i];
        const r = b.items[i];
        const d = l ? compareItems(l, r) : r ? -compareItems(r, undefined) : 0;
        if (d !== 0) return d;
      }
      return 0;
    }
  }
}
