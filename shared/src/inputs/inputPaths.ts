// Paths as the ports take them: file paths or URI strings (VS Code), joined with `/`, which both
// Node on every platform and URIs accept.

/** `dir` + `/` + `name`, without doubling a trailing separator. */
export function childPath(dir: string, name: string): string {
  return /[/\\]$/.test(dir) ? `${dir}${name}` : `${dir}/${name}`;
}

/** The last segment of a path or URI string. */
export function lastSegment(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}
