import assert from 'node:assert/strict';

/**
 * Asserts that `value` is what a host may post to a webview or a Lens panel as it is: it survives
 * `structuredClone` (no functions, no class instances — their prototypes would be lost) and a JSON
 * round trip (no `Map` or `Set`, which JSON turns into `{}`; properties that are `undefined` are
 * the only thing JSON may drop).
 */
export function assertPlainData(value: unknown, what = 'value'): void {
  assert.deepEqual(structuredClone(value), value, `${what} survives structuredClone`);
  assert.deepEqual(JSON.parse(JSON.stringify(value)), withoutUndefined(value), `${what} survives JSON`);
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}
