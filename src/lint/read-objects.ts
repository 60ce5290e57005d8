// Reads Kubernetes objects from YAML (or JSON) files and directories, as kubectl would take them.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { filesUnder } from '../files/files-under';
import type { KubeObject } from '../manifests/kube-object';
import type { SourcedObject } from '../validate';

/** Input that cannot be read at all: a missing file, a YAML syntax error. */
export class UnusableInputError extends Error {}

/** A document that is not a Kubernetes object (no apiVersion or kind), with where it was. */
export interface NotAnObject {
  readonly file: string;
  readonly document: number;
  readonly reason: string;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** The manifest files a path stands for: the file itself, or a directory's manifest files, recursively and sorted. */
export function manifestFiles(target: string): string[] {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    throw new UnusableInputError(`${target}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [target];
  return filesUnder(target)
    .filter((f) => MANIFEST_EXTENSIONS.has(path.extname(f)))
    .map((f) => path.join(target, f));
}

/**
 * The objects of a manifest file; `List` wrappers (kind List, or any *List with items) are unwrapped. A JSON file
 * that holds no Kubernetes object (a dashboard, a package.json) is no manifest: it yields nothing and is not a problem.
 */
export function readManifest(file: string, problems: NotAnObject[]): SourcedObject[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UnusableInputError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const objects: SourcedObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const line = error.linePos?.[0].line;
      throw new UnusableInputError(`${file}: invalid YAML${line ? ` at line ${line}` : ''}: ${error.message.split('\n')[0]}`);
    }
    const value = doc.toJSON() as unknown;
    if (value === null || value === undefined) return;
    if (path.extname(file) === '.json' && !looksLikeManifest(value)) return;
    collect(value, file, i + 1, objects, problems);
  });
  return objects;
}

function looksLikeManifest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'apiVersion' in value && 'kind' in value;
}

function collect(value: unknown, file: string, document: number, objects: SourcedObject[], problems: NotAnObject[]): void {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    problems.push({
      file,
      document,
      reason: `document ${document} is not a Kubernetes object (got ${Array.isArray(value) ? 'a list' : typeof value})`,
    });
    return;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of obj.items) collect(item, file, document, objects, problems);
    return;
  }
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    problems.push({ file, document, reason: `document ${document} is not a Kubernetes object: apiVersion and kind are required` });
    return;
  }
  objects.push({ object: { ...obj, metadata: (obj.metadata ?? {}) as KubeObject['metadata'] } as KubeObject, file });
}
