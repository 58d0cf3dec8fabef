/**
 * Go template actions (`{{ … }}`, `{{- … -}}`, `{{/* … *\/}}`) as Helm charts write them. A chart's
 * template is YAML only once rendered; with its actions blanked out, most of it parses, at the
 * lines it has in the file, which are the lines a person edits.
 */

/** Whether the text holds a template action opening, so that it is a template rather than YAML. */
export function hasTemplateActions(text: string): boolean {
  return text.includes('{{');
}

/**
 * The text with every complete action replaced by spaces, line breaks kept, so that offsets and
 * lines are those of the original. `name: {{ include "x" . }}` becomes `name:` with no value; a line
 * that holds only `{{- toYaml . | nindent 8 }}` becomes blank. An action left open (no `}}`) and
 * what follows it are kept as they are. Linear in the text: one scan, no backtracking.
 */
export function blankTemplateActions(text: string): string {
  let out = '';
  let from = 0;
  for (const [open, end] of templateActionSpans(text)) {
    out += text.slice(from, open) + blank(text.slice(open, end));
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * The `[start, end)` offsets of every complete action, in order: what {@link blankTemplateActions}
 * blanks, and where an edit of a template must not land.
 */
export function templateActionSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    spans.push([open, close + 2]);
    from = close + 2;
  }
  return spans;
}

function blank(action: string): string {
  return action.replace(/[^\r\n]/g, ' ');
}
