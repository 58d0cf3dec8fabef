import type { Finding } from '../model/finding.js';
import type { ReadContext } from './readContext.js';

// Placeholder: filled in by the reader work of issue 3.
export function readTrivyK8sJson(_doc: unknown, _ctx: ReadContext): Finding[] {
  return [];
}
