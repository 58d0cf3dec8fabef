import type { ManifestIndex } from '../manifests/manifestIndex.js';

/**
 * The parsed indexes of workspace files, least recently used dropped first once their texts add
 * up to more than `budgetChars`. An index costs about 25 times its text in heap (the YAML node
 * tree it walks), so a workspace of thousands of manifests must not keep them all; a dropped one
 * is rebuilt from the text when a placement needs it again. The newest entry is always kept.
 */
export class IndexCache {
  private readonly entries = new Map<string, { readonly index: ManifestIndex; readonly chars: number }>();
  private total = 0;

  constructor(private readonly budgetChars: number) {}

  get(path: string): ManifestIndex | undefined {
    const e = this.entries.get(path);
    if (!e) return undefined;
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(path);
    this.entries.set(path, e);
    return e.index;
  }

  set(path: string, index: ManifestIndex, chars: number): void {
    this.delete(path);
    this.entries.set(path, { index, chars });
    this.total += chars;
    for (const [oldest, e] of this.entries) {
      if (this.total <= this.budgetChars || oldest === path) break;
      this.entries.delete(oldest);
      this.total -= e.chars;
    }
  }

  delete(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    this.entries.delete(path);
    this.total -= e.chars;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Characters of text behind the indexes held. */
  get chars(): number {
    return this.total;
  }
}
