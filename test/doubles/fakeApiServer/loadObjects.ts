import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObj } from './types.js';
import { isObject } from './types.js';

/** Objects read from files, and what could not be read (file: reason). */
export interface LoadedObjects {
  readonly objects: KubeObj[];
  readonly problems: string[];
}

function isKubeObject(value: unknown): value is KubeObj {
  return (
    isObject(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isObject(value.metadata)
  );
}

/** Flattens `List`/`*List` documents into their items; drops documents that are not objects. */
function collect(value: unknown, source: string, out: KubeObj[], problems: string[]): void {
  if (value === null || value === undefined) return;
  if (
    isObject(value) &&
    Array.isArray(value.items) &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List')
  ) {
    for (const item of value.items) collect(item, source, out, problems);
    return;
  }
  if (isKubeObject(value)) out.push(value);
  else problems.push(`${source}: not a Kubernetes object (apiVersion, kind and metadata are required)`);
}

/** Reads one YAML (multi-document allowed) or JSON text. */
export function parseObjects(text: string, source: string): LoadedObjects {
  const objects: KubeObj[] = [];
  const problems: string[] = [];
  if (source.endsWith('.json')) {
    try {
      collect(JSON.parse(text), source, objects, problems);
    } catch (e) {
      problems.push(`${source}: ${(e as Error).message}`);
    }
    return { objects, problems };
  }
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      // yaml's messages quote the offending lines after the first; one line per problem is enough.
      problems.push(`${source}: ${(doc.errors[0]?.message ?? 'YAML error').split('\n')[0] ?? ''}`);
      continue;
    }
    collect(doc.toJS({ maxAliasCount: 100 }), source, objects, problems);
  }
  return { objects, problems };
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Every object in the YAML/JSON files under `dir` (recursively, in path order). */
export function loadObjectsFromDir(dir: string): LoadedObjects {
  const objects: KubeObj[] = [];
  const problems: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (EXTENSIONS.has(extname(entry.name)) && statSync(path).size > 0) {
        const loaded = parseObjects(readFileSync(path, 'utf8'), path);
        objects.push(...loaded.objects);
        problems.push(...loaded.problems);
      }
    }
  };
  walk(dir);
  return { objects, problems };
}
