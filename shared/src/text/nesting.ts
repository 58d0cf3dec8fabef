/**
 * How deep the collections of a JSON or YAML text nest, found without parsing it (a parser is
 * what a deep text breaks). Both scans stop as soon as `cap` is passed.
 *
 * The JSON scan is exact. The YAML scan is exact for valid YAML and errs upwards where it cannot
 * tell what a tolerant parser will make of invalid text: a line that may continue a plain scalar
 * still has its brackets counted, block levels are counted inside multi-line flow collections and
 * quoted scalars too, and a quote or a block scalar is only skipped where it surely starts one.
 */
export interface NestingScan {
  /** The deepest nesting seen, or the first depth over `cap`. */
  readonly depth: number;
  /** Offset in the text where `depth` was reached. */
  readonly at: number;
}

/** The nesting of a parsed value, walked with a stack of its own (never recursion); stops past `cap`. */
export function valueNesting(root: unknown, cap: number): number {
  const stack: unknown[] = [root];
  const depths: number[] = [1];
  let max = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max && (max = depth) > cap) break;
    // Indexing and for…in allocate nothing; Object.values would copy every object's values.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) push(stack, depths, value[i], depth);
    } else {
      const record = value as Record<string, unknown>;
      for (const key in record) push(stack, depths, record[key], depth);
    }
  }
  return max;
}

function push(stack: unknown[], depths: number[], child: unknown, depth: number): void {
  if (typeof child === 'object' && child !== null) {
    stack.push(child);
    depths.push(depth + 1);
  }
}

const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;
const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;
const COLON = 58;
const COMMA = 44;
const DASH = 45;
const QUESTION = 63;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;

export function jsonNesting(text: string, start: number, end: number, cap: number): NestingScan {
  let depth = 0;
  let max = 0;
  let at = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i, end);
    } else if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (++depth > max) {
        max = depth;
        at = i;
        if (max > cap) break;
      }
    } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
      if (depth > 0) depth--;
    }
  }
  return { depth: max, at };
}

/** Offset of the `"` that closes the JSON / YAML double-quoted string opened at `open`, or `end - 1`. */
function closingQuote(text: string, open: number, end: number): number {
  for (let q = text.indexOf('"', open + 1); q !== -1 && q < end; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return q;
  }
  return end - 1;
}

/** Where a multi-line quoted scalar ends on a line: after its closing quote, or -1 when it goes on. */
function quoteEnd(text: string, from: number, eol: number, quote: number): number {
  if (quote === QUOTE) {
    for (let q = text.indexOf('"', from); q !== -1 && q < eol; q = text.indexOf('"', q + 1)) {
      let backslashes = 0;
      while (q - 1 - backslashes >= from && text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
      if ((backslashes & 1) === 0) return q + 1;
    }
    return -1;
  }
  for (let q = text.indexOf("'", from); q !== -1 && q < eol; q = text.indexOf("'", q + 1)) {
    if (text.charCodeAt(q + 1) === APOSTROPHE && q + 1 < eol) {
      q++; // '' is an escaped quote
      continue;
    }
    return q + 1;
  }
  return -1;
}

const isBlank = (c: number): boolean => c === SPACE || c === TAB;
/** Whether the character after an indicator (`-`, `?`, `:`) makes it one: a blank or the line end. */
const endsIndicator = (text: string, i: number, eol: number): boolean =>
  i >= eol || isBlank(text.charCodeAt(i));

/**
 * The YAML scan, line by line. Block levels are a stack of indentation columns (a `-` entry at
 * the column of a mapping key is one level more, as in `key:\n- item`); compact entries
 * (`- - x`, `- key: value`) push their own columns. Flow collections add their bracket depth.
 */
export function yamlNesting(text: string, start: number, end: number, cap: number): NestingScan {
  const cols: number[] = [];
  const dashes: boolean[] = [];
  let flow = 0;
  // Quotes inside a flow collection are trusted only when the collection surely started one.
  let flowSure = false;
  let quote = 0;
  // Content lines indented more than this belong to a block scalar; -2 when none is open.
  let blockScalar = -2;
  // The last content line ended in a plain scalar, which the next line may continue.
  let plainOpen = false;
  let max = 0;
  let at = start;
  const colons = new NextChar(text, ':');
  const hashes = new NextChar(text, '#');

  const reached = (offset: number): boolean => {
    const depth = cols.length + flow;
    if (depth > max) {
      max = depth;
      at = offset;
    }
    return max > cap;
  };

  /** Scans a flow collection from `i` (inside it) to its close or the line end; returns where it stopped. */
  const scanFlow = (i: number, eol: number): number => {
    for (; i < eol; i++) {
      const c = text.charCodeAt(i);
      if (c === OPEN_SQUARE || c === OPEN_CURLY) {
        flow++;
        if (reached(i)) return -1;
      } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
        if (flow > 0) flow--;
        if (flow === 0) return i + 1;
      } else if (c === QUOTE || c === APOSTROPHE) {
        const p = text.charCodeAt(i - 1);
        if (!flowSure || !(isBlank(p) || p === OPEN_SQUARE || p === OPEN_CURLY || p === COMMA || p === COLON))
          continue;
        const e = quoteEnd(text, i + 1, eol, c);
        if (e === -1) {
          quote = c;
          return eol;
        }
        i = e - 1;
      } else if (c === HASH && isBlank(text.charCodeAt(i - 1))) {
        return eol;
      }
    }
    return eol;
  };

  /**
   * The nodes of a block line from `i`, where a node may start. `sure` is false when the line may
   * continue a plain scalar: its brackets still count, but a quote or `|` there starts nothing.
   * Returns false when the cap is passed.
   */
  const scanBlock = (i: number, eol: number, lineStart: number, sure: boolean): boolean => {
    const lineIndent = i - lineStart;
    let parentCol = lineIndent;
    plainOpen = false;
    while (i < eol) {
      const c = text.charCodeAt(i);
      if (isBlank(c)) {
        i++;
        continue;
      }
      if (c === HASH) return true;
      if ((c === DASH || c === QUESTION || c === COLON) && endsIndicator(text, i + 1, eol)) {
        if (i - lineStart > lineIndent && c !== COLON) {
          // A compact entry: `- - x` or `- ? x` nests one more level at this column.
          cols.push(i - lineStart);
          dashes.push(c === DASH);
          if (reached(i)) return false;
        }
        parentCol = i - lineStart;
        i++;
        sure = true;
        continue;
      }
      if (c === 38 /* & */ || c === 33 /* ! */) {
        while (i < eol && !isBlank(text.charCodeAt(i))) i++;
        continue;
      }
      if (c === OPEN_SQUARE || c === OPEN_CURLY) {
        const node = i;
        flowSure = sure;
        i = scanFlow(i, eol);
        if (i === -1) return false;
        if (flow > 0 || quote !== 0) return true;
        // After a flow node: maybe `: value` (a flow key), else the line is done.
        i = afterNode(i, eol);
        if (i === -1) return true;
        parentCol = node - lineStart;
        sure = true;
        continue;
      }
      if (sure && (c === QUOTE || c === APOSTROPHE)) {
        const node = i;
        const e = quoteEnd(text, i + 1, eol, c);
        if (e === -1) {
          quote = c;
          return true;
        }
        i = afterNode(e, eol);
        if (i === -1) return true;
        parentCol = node - lineStart;
        continue;
      }
      if (sure && (c === 124 /* | */ || c === 62) /* > */) {
        blockScalar = parentCol;
        return true;
      }
      // A plain scalar (or an alias): it ends at `: ` (then it was a key), ` #` or the line end.
      const keyAt = i - lineStart;
      i = plainEnd(text, i, eol, colons, hashes);
      if (i === -1) return true; // a comment ends it
      if (i >= eol) {
        plainOpen = true;
        return true;
      }
      if (keyAt > lineIndent && !(cols.length > 0 && cols[cols.length - 1] === keyAt)) {
        // `- key: value`: the entry is a mapping at the key's column.
        cols.push(keyAt);
        dashes.push(false);
        if (reached(i)) return false;
      }
      parentCol = keyAt;
      i++;
      sure = true;
    }
    return true;
  };

  /** After a quoted or flow node ending at `i`: the offset after its `:` when it was a key, else -1. */
  const afterNode = (i: number, eol: number): number => {
    while (i < eol && isBlank(text.charCodeAt(i))) i++;
    return i < eol && text.charCodeAt(i) === COLON && endsIndicator(text, i + 1, eol) ? i + 1 : -1;
  };

  for (let ls = start; ls < end;) {
    let eol = text.indexOf('\n', ls);
    if (eol === -1 || eol > end) eol = end;
    const next = eol + 1;
    if (eol > ls && text.charCodeAt(eol - 1) === CR) eol--;
    let ind = ls;
    while (ind < eol && text.charCodeAt(ind) === SPACE) ind++;
    const lineStart = ls;
    const indent = ind - ls;
    ls = next;
    if (ind >= eol || (text.charCodeAt(ind) === TAB && blankTo(text, ind, eol))) continue;

    if (indent === 0 && isDocumentMarker(text, ind, eol)) {
      cols.length = 0;
      dashes.length = 0;
      flow = 0;
      quote = 0;
      blockScalar = -2;
      plainOpen = false;
      // `--- [a]`, `--- |`: a document may start on the marker's line.
      if (!scanBlock(ind + 3, eol, ind, true)) break;
      continue;
    }
    if (blockScalar !== -2) {
      if (indent > blockScalar) continue;
      blockScalar = -2;
    }
    const first = text.charCodeAt(ind);
    if (quote === 0 && first === HASH) continue;
    if (quote === 0 && flow === 0 && indent === 0 && first === 37 /* % */ && cols.length === 0) continue;

    // Block levels count on every content line, inside flow collections and quotes too.
    while (cols.length > 0 && cols[cols.length - 1]! > indent) {
      cols.pop();
      dashes.pop();
    }
    const dash = first === DASH && endsIndicator(text, ind + 1, eol);
    const top = cols.length - 1;
    if (top < 0 || cols[top]! < indent) {
      cols.push(indent);
      dashes.push(dash);
    } else if (dash && !dashes[top]) {
      cols.push(indent);
      dashes.push(true);
    } else if (!dash && dashes[top]) {
      cols.pop();
      dashes.pop();
      if (cols.length === 0 || cols[cols.length - 1]! < indent) {
        cols.push(indent);
        dashes.push(false);
      }
    }
    if (reached(ind)) break;

    let i = ind;
    if (quote !== 0) {
      const e = quoteEnd(text, ind, eol, quote);
      if (e === -1) continue;
      quote = 0;
      i = e;
      if (flow > 0) {
        i = scanFlow(i, eol);
        if (i === -1) break;
        continue;
      }
      const after = afterNode(i, eol);
      if (after === -1) {
        plainOpen = false;
        continue;
      }
      if (!scanBlock(after, eol, lineStart, true)) break;
      continue;
    }
    if (flow > 0) {
      if (scanFlow(i, eol) === -1) break;
      continue;
    }
    if (!scanBlock(i, eol, lineStart, !plainOpen)) break;
  }
  return { depth: max, at };
}

/**
 * Finds the next occurrence of a character at or after an offset; the offsets asked only grow
 * within one scan, so each occurrence is searched for once and the scan stays linear.
 */
class NextChar {
  private at = -2;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  from(i: number): number {
    if (this.at === -1 || (this.at >= i && this.at !== -2)) return this.at;
    this.at = this.text.indexOf(this.char, i);
    return this.at;
  }
}

/**
 * Where a plain scalar from `i` ends on its line: the offset of a `:` that makes it a key, `eol`
 * at the line end, or -1 at a comment. Most of a YAML text is plain values, so this jumps from
 * one `:` or `#` to the next instead of looking at every character.
 */
function plainEnd(text: string, i: number, eol: number, colons: NextChar, hashes: NextChar): number {
  for (;;) {
    let colon = colons.from(i);
    let hash = hashes.from(i);
    if (colon === -1 || colon >= eol) colon = eol;
    if (hash === -1 || hash >= eol) hash = eol;
    if (hash < colon) {
      if (isBlank(text.charCodeAt(hash - 1))) return -1;
      i = hash + 1;
      continue;
    }
    if (colon === eol || endsIndicator(text, colon + 1, eol)) return colon;
    i = colon + 1;
  }
}

function blankTo(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** `---` or `...` at the start of a line, alone or before a blank: document markers end everything open. */
function isDocumentMarker(text: string, i: number, eol: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== DASH && c !== 46) return false;
  return (
    text.charCodeAt(i + 1) === c &&
    text.charCodeAt(i + 2) === c &&
    (i + 3 >= eol || isBlank(text.charCodeAt(i + 3)))
  );
}
