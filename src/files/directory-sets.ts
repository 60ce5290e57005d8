// Moving and deleting whole sets of files kept beside a directory that is replaced by renames (synth's output
// directories, import's imports/): a set under a name that means complete is never partly deleted.
import { renameSync, rmSync } from 'node:fs';

/** Moves `from` to `to` when it exists; whether it did. */
export function moveIfPresent(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Deletes set `set` (when present) by renaming it to `trash` first, so that no partly deleted set keeps its name. */
export function discardSet(set: string, trash: string): void {
  rmSync(trash, { recursive: true, force: true });
  if (moveIfPresent(set, trash)) rmSync(trash, { recursive: true, force: true });
}
