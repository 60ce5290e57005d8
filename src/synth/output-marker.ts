// The file that marks a directory as synth's output and lists the files synth wrote there: synth replaces such a
// directory whole when it holds nothing else, and refuses any other non-empty one. It is part of the output
// (committed with it, compared by the drift check), so that a fresh clone's output directories are recognized too;
// `kubectl apply -f`, kustomize and lint read no file of this name.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from '../manifests/kube-object';

/** The marker's file name, in every output directory. */
export const OUTPUT_MARKER = '.synth-output';

/** The marker's first line: what wrote the directory, and that edits in it are lost. The files it wrote follow. */
const MARKER_HEADER =
  'written by synth (npm run synth), which replaces this directory whole when it holds only the files listed below: ' +
  'change the topology, not these files';

/** The files of an output directory: `files`, and the marker listing them. */
export function withOutputMarker(files: readonly OutputFile[]): OutputFile[] {
  const written = files.filter((f) => f.path !== OUTPUT_MARKER);
  const listed = written.map((f) => f.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...written, { path: OUTPUT_MARKER, content: `${[MARKER_HEADER, ...listed].join('\n')}\n` }];
}

/** Whether `dir` holds the marker, i.e. was written by synth. */
export function hasOutputMarker(dir: string): boolean {
  try {
    return statSync(path.join(dir, OUTPUT_MARKER)).isFile();
  } catch {
    return false;
  }
}

/**
 * The files (relative, `/`-separated) that the marker in `dir` says synth wrote there, itself included; undefined when
 * it lists none (a marker written before the list, or unreadable).
 */
export function filesListedByMarker(dir: string): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8');
  } catch {
    return undefined;
  }
  const listed = text.split('\n').slice(1).filter((line) => line !== '');
  return listed.length === 0 ? undefined : new Set([OUTPUT_MARKER, ...listed]);
}
