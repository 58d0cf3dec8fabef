/**
 * Compares two runs of decimal digits by value, however long: leading zeros dropped, then the
 * longer run is the larger, then character by character. Version components are unbounded in
 * every scheme (dates, build numbers), so they are never converted to numbers that could overflow.
 */
export function compareDigits(a: string, b: string): number {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return i === 0 ? s : s.slice(i);
}

/** `0`–`9`. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII letters only: every scheme here sorts letters by their ASCII value. */
export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** -1, 0 or 1. */
export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

// Versions longer than this are not versions; refusing them keeps every comparison cheap.
export const MAX_VERSION_LENGTH = 256;
