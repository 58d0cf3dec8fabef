import { linesBetween, type TextSpan } from './textSpan.js';

/** A JSON `List` cut at its items: the object without them, and each item's text. */
export interface JsonListLayout {
  /** The top-level object with `"items": []`, to parse for apiVersion, kind and metadata. */
  readonly header: string;
  readonly items: TextSpan[];
}

// A List's other members (apiVersion, kind, metadata) are small; a document whose top-level
// members before "items" run longer than this is not one, and is parsed whole.
const HEADER_LIMIT = 64 * 1024;

/**
 * Cuts a JSON text whose top level is an object with an `"items"` array (`kubectl get -o json`)
 * at the array's elements, so each can be parsed alone. `undefined` for any other shape, and
 * for text that is not well-formed where it was scanned (the caller then parses it whole and
 * reports what JSON.parse says).
 */
export function jsonListLayout(text: string): JsonListLayout | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 123 /* { */) return undefined;
  i = skipSpace(text, i + 1);
  let itemsAt = -1;
  let arrayEnd = -1;
  const items: TextSpan[] = [];
  let line = 1;
  let lineAt = 0;
  while (i < text.length && text.charCodeAt(i) === 34 /* " */) {
    const keyEnd = stringEnd(text, i);
    if (keyEnd === -1) return undefined;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 58 /* : */) return undefined;
    i = skipSpace(text, i + 1);
    if (key === 'items' && itemsAt === -1 && text.charCodeAt(i) === 91 /* [ */) {
      itemsAt = i;
      i = skipSpace(text, i + 1);
      while (text.charCodeAt(i) !== 93 /* ] */) {
        const end = valueEnd(text, i, text.length);
        if (end === -1) return undefined;
        line += linesBetween(text, lineAt, i);
        lineAt = i;
        items.push({ start: i, end, line });
        i = skipSpace(text, end);
        if (text.charCodeAt(i) === 44 /* , */) i = skipSpace(text, i + 1);
        else if (text.charCodeAt(i) !== 93) return undefined;
      }
      arrayEnd = i + 1;
      i = arrayEnd;
    } else {
      // Before "items", a member that runs past the limit means this is no List: stop there.
      i = valueEnd(text, i, itemsAt === -1 ? HEADER_LIMIT : text.length);
      if (i === -1) return undefined;
    }
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === 44) i = skipSpace(text, i + 1);
    else break;
  }
  if (itemsAt === -1 || text.charCodeAt(i) !== 125 /* } */) return undefined;
  if (skipSpace(text, i + 1) !== text.length) return undefined;
  return { header: `${text.slice(0, itemsAt)}[]${text.slice(arrayEnd)}`, items };
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** The offset after the string starting at `i`, or -1 when it does not close. */
function stringEnd(text: string, i: number): number {
  for (let q = text.indexOf('"', i + 1); q !== -1; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if ((backslashes & 1) === 0) return q + 1;
  }
  return -1;
}

/**
 * The offset after the JSON value starting at `i` (brackets balanced, strings skipped), or -1 when
 * it does not end, or does not end before `limit`.
 */
function valueEnd(text: string, i: number, limit: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i);
  if (c !== 123 && c !== 91) {
    // A number, true, false or null: up to the next delimiter.
    let j = i;
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) break;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < limit; j++) {
    const d = text.charCodeAt(j);
    if (d === 34) {
      j = stringEnd(text, j) - 1;
      if (j === -2) return -1;
    } else if (d === 123 || d === 91) depth++;
    else if (d === 125 || d === 93) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}
