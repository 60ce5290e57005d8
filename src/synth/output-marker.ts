// The file that marks a directory as synth's output: synth replaces such a directory whole, and refuses any other
// non-empty one. It is part of the output (committed with it, compared by the drift check), so that a fresh clone's
// output directories are recognized too; `kubectl apply -f`, kustomize and lint read no file of this name.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from '../manifests/kube-object';

/** The marker's file name, in every output directory. */
export const OUTPUT_MARKER = '.synth-output';

/** What the marker says: what wrote the directory, and that edits in it are lost. */
const MARKER_TEXT = 'written by synth (npm run synth), which replaces this directory whole: change the topology, not these files\n';

/** The files of an output directory: `files`, and the marker. */
export function withOutputMarker(files: readonly OutputFile[]): OutputFile[] {
  return [...files.filter((f) => f.path !== OUTPUT_MARKER), { path: OUTPUT_MARKER, content: MARKER_TEXT }];
}

/** Whether `dir` holds the marker, i.e. was written by synth. */
export function hasOutputMarker(dir: string): boolean {
  try {
    return statSync(path.join(dir, OUTPUT_MARKER)).isFile();
  } catch {
    return false;
  }
}
