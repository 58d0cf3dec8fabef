import { Document, Scalar, stringify, visit } from 'yaml';

/**
 * An object as `kubectl get KIND NAME -o yaml` prints it. kubectl turns the server's JSON into YAML
 * with sigs.k8s.io/yaml over go-yaml v2: keys sorted at every level, sequences not indented under
 * their key, no anchors, lines folded at 80 columns, and a string that YAML 1.1 would read as
 * something else (`"1"`, `"true"`, a timestamp, `""`) double-quoted; any other string that cannot
 * be plain is single-quoted. The demo writes the manifests a person would have saved this way.
 */
export function kubectlYaml(object: unknown): string {
  const doc = new Document(object, { aliasDuplicateObjects: false, sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (readsAsOtherThan(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      // The yaml package double-quotes a string holding a `'`; libyaml single-quotes any printable
      // one-line string that cannot be plain, doubling its `'`.
      else if (
        node.value.includes("'") &&
        /^[\x20-\x7e\u00a0-\ufffd]*$/.test(node.value) &&
        !plainAllowed(node.value)
      )
        node.type = Scalar.QUOTE_SINGLE;
    },
  });
  return foldLikeGoYaml(doc.toString({ indentSeq: false, lineWidth: 0, singleQuote: true }));
}

/** go-yaml's `best_width`. */
const BEST_WIDTH = 80;

/**
 * Folds long plain and single-quoted scalars as libyaml's emitter (which go-yaml ports) does: at
 * a single space, once more than 80 columns are written on the line, the space becomes a line
 * break and the indent of the scalar's node plus two; so a line overshoots up to its next space.
 * The input has every scalar on one line (block scalars aside, which are never folded).
 */
function foldLikeGoYaml(text: string): string {
  const out: string[] = [];
  let blockIndent = -1;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0 && (line.trim() === '' || indent > blockIndent)) {
      out.push(line);
      continue;
    }
    blockIndent = -1;
    const m = /^( *(?:- )*)((?:[^'"\s:][^:]*|"[^"]*"|'[^']*'): )?(.*)$/.exec(line);
    const lead = (m?.[1] ?? '') + (m?.[2] ?? '');
    const value = m?.[3] ?? '';
    if (/^[|>][-+]?[0-9]?$/.test(value)) blockIndent = (m?.[1] ?? '').length;
    if (line.length <= BEST_WIDTH || value.startsWith('"') || /^[[{|>&*!]/.test(value)) {
      out.push(line);
      continue;
    }
    // A mapping value continues two columns right of its key; a sequence item under its first character.
    const continuation = ' '.repeat((m?.[1] ?? '').length + (m?.[2] ? 2 : 0));
    let current = lead;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i]!;
      const breakable =
        ch === ' ' &&
        i > 0 &&
        i < value.length - 1 &&
        value[i - 1] !== ' ' &&
        value[i + 1] !== ' ' &&
        current.length > BEST_WIDTH;
      if (breakable) {
        out.push(current);
        current = continuation;
      } else current += ch;
    }
    out.push(current);
  }
  return out.join('\n');
}

/**
 * `kubectl get KIND -A -o yaml`: the items in a `List` with an empty resourceVersion, as kubectl
 * writes a listing of one kind.
 */
export function kubectlListYaml(items: readonly unknown[]): string {
  return kubectlYaml({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

/** Whether the yaml package writes the string plain (the rules of plain scalars are the same in both). */
function plainAllowed(text: string): boolean {
  return !/^['"]/.test(stringify(text, { lineWidth: 0 }));
}

/** The YAML 1.1 scalar types other than string, whose plain forms go-yaml v2 must not write a string as. */
const OTHER_SCALARS = new Document(null, { schema: 'yaml-1.1' }).schema.tags.flatMap((tag) =>
  tag.tag !== 'tag:yaml.org,2002:str' && tag.default === true && 'test' in tag && tag.test instanceof RegExp
    ? [tag.test]
    : [],
);

/** Whether a plain scalar of this text would be read back by YAML 1.1 as another type. */
function readsAsOtherThan(text: string): boolean {
  return text === '' || OTHER_SCALARS.some((test) => test.test(text));
}
