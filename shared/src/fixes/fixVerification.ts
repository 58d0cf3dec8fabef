import type { EditableYaml } from './editableYaml.js';
import { mapIn } from './editableYaml.js';
import { applyOpToTree, type YamlOp } from './yamlEdits.js';

/**
 * Whether `after` is `before` with exactly the ops' changes: the same documents, no new parse
 * errors, and every document's value equal to `before`'s with the same ops made on its node tree
 * through the `yaml` Document API. A text splice that meant something else (a key landing in the
 * wrong map, a merge key or a block scalar changing meaning) fails here and the fix is dropped.
 */
export function fixChangesOnly(before: EditableYaml, after: EditableYaml, ops: readonly YamlOp[]): boolean {
  if (after.docs.length !== before.docs.length) return false;
  const expected = before.docs.map((d) => d.clone());
  for (const op of ops) {
    const doc = expected[op.at.doc];
    const base = doc && mapIn(doc, op.at.path);
    if (!doc || !base) return false;
    applyOpToTree(doc, base, op);
  }
  try {
    return after.docs.every((doc, i) => {
      const was = before.docs[i]!;
      if (doc.errors.length > was.errors.length) return false;
      return was.errors.length > 0 || canonical(doc.toJS()) === canonical(expected[i]!.toJS());
    });
  } catch {
    // `toJS` refuses documents that expand aliases without bound; no fix for those.
    return false;
  }
}

/** JSON with keys sorted, so maps compare by content whatever the order of their keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
