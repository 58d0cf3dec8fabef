// @jsxRuntime automatic
import type { ProblemRow } from '../../src/scanViewer/protocol.js';

/** What the core could not read in the file, with lines: the rest of the file is still shown. */
export function ProblemList({ problems }: { readonly problems: readonly ProblemRow[] }) {
  if (problems.length === 0) return null;
  const errors = problems.filter((p) => p.level === 'error').length;
  return (
    <details className="problems" open={errors > 0}>
      <summary>
        {problems.length} {problems.length === 1 ? 'problem' : 'problems'} reading this file
      </summary>
      <ul>
        {problems.map((p, i) => (
          <li key={i} className={`problem-${p.level}`}>
            <span className="level">{p.level}</span>
            {p.line !== undefined && <span className="line">line {p.line}</span>} {p.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
