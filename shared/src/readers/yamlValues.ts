import { CORE_SCHEMA, load } from 'js-yaml';
import { MAX_NESTING } from '../text/inputGuard.js';
import type { TextSpan } from '../text/textSpan.js';

/**
 * Plain values of YAML text, for report dumps and scan files: they need values, not positions,
 * so they are read with js-yaml, many times faster and smaller than a CST. (Manifests keep the
 * `yaml` package for its source ranges.) The schema is YAML 1.2 core, as the `yaml` package
 * reads by default: timestamps stay strings and `<<` is an ordinary key; duplicate keys keep the
 * last value, as Kubernetes' own decoder does.
 */
export type YamlValue = { readonly value: unknown } | { readonly error: string; readonly line: number };

// Nodes that aliases may add to a document in all, counted as a reader walking it would meet them
// (the `yaml` package bounded the same by a count of 100 expansions).
const MAX_ALIAS_NODES = 10_000;

/** Loads the YAML document `span` of `text`; a YAML error is returned with its 1-based line. */
export function loadYamlSpan(text: string, span: TextSpan): YamlValue {
  const source = span.start === 0 && span.end === text.length ? text : text.slice(span.start, span.end);
  let value: unknown;
  try {
    value = load(source, { schema: CORE_SCHEMA, json: true, maxDepth: MAX_NESTING + 1 });
  } catch (err) {
    const e = err as { reason?: unknown; message?: unknown; mark?: { line?: unknown } };
    const reason = typeof e.reason === 'string' ? e.reason : String(e.message ?? err);
    const line = typeof e.mark?.line === 'number' ? span.line + e.mark.line : span.line;
    return { error: reason, line };
  }
  // An alias is shared, not copied, by js-yaml; a reader walking it would still meet every copy.
  if (mayHaveAliases(source) && expandedNodes(value, new Map(), { left: MAX_ALIAS_NODES }) === -1)
    return {
      error: `aliases expand to more than ${MAX_ALIAS_NODES} extra nodes (an alias bomb?)`,
      line: span.line,
    };
  return { value };
}

/** `*name` where a node may start: the only way a YAML text refers to an anchor. */
function mayHaveAliases(source: string): boolean {
  return /(?:^|[\s[{,:-])\*[^\s,[\]{}]/.test(source) && source.includes('&');
}

/**
 * Nodes of `value` with every shared object counted each time it is met; -1 once the nodes met
 * a second time pass the budget. Nesting is bounded by the guard, so the recursion is too.
 */
function expandedNodes(value: unknown, sizes: Map<object, number>, budget: { left: number }): number {
  if (typeof value !== 'object' || value === null) return 1;
  const known = sizes.get(value);
  if (known !== undefined) {
    budget.left -= known;
    return budget.left < 0 ? -1 : known;
  }
  let n = 1;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const c = expandedNodes(child, sizes, budget);
    if (c === -1) return -1;
    n += c;
  }
  sizes.set(value, n);
  return n;
}
