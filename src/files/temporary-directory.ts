// The commands' temporary directories (bench's work, diff's checkout of the base, import's downloads), made where
// TMPDIR says, as os.tmpdir() reads it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsReason } from './files-under';

/** The temporary directory cannot be made: TMPDIR names a missing directory, a file, or one that cannot be written. */
export class TemporaryDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporaryDirectoryError';
  }
}

/**
 * A new, empty directory `<prefix><random>` in the system's temporary directory; a TemporaryDirectoryError naming
 * it (and TMPDIR, when that set it) and why when it cannot be made there.
 */
export function makeTemporaryDirectory(prefix: string): string {
  const parent = tmpdir();
  try {
    return mkdtempSync(path.join(parent, prefix));
  } catch (err) {
    const set = process.env.TMPDIR ? ` (TMPDIR=${JSON.stringify(process.env.TMPDIR)})` : '';
    const advice = `set TMPDIR to a directory you can write${set ? ', or unset it' : ''}`;
    throw new TemporaryDirectoryError(`cannot make a temporary directory in ${parent}${set}: ${fsReason(err)}; ${advice}`);
  }
}
