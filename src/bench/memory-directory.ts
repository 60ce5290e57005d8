// Where the benchmark synthesizes the largest topology a second time to tell the synth's own time from the file
// system's: a new directory in Linux's /dev/shm, when that is a tmpfs (files in memory) with room for the output.
// Containers often get a small one (Docker's default is 64 MiB): then the run is skipped, not failed.
import { mkdtempSync, readdirSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Linux's statfs type of a tmpfs. */
export const TMPFS_MAGIC = 0x01021994;

/** A directory made in memory, or why there is none. */
export type MemoryDirectory = { readonly dir: string } | { readonly skipped: string };

/** A new directory in `shm` when it is a tmpfs with at least `neededBytes` free; else why not. */
export function memoryDirectory(neededBytes: number, shm = '/dev/shm'): MemoryDirectory {
  let stats;
  try {
    stats = statfsSync(shm);
  } catch {
    return { skipped: `${shm} cannot be read` };
  }
  if (stats.type !== TMPFS_MAGIC) return { skipped: `${shm} is no tmpfs` };
  const free = stats.bavail * stats.bsize;
  if (free < neededBytes) return { skipped: `${shm} has ${mib(free)} MiB free, and the run needs about ${mib(neededBytes)} MiB` };
  try {
    return { dir: mkdtempSync(path.join(shm, 'synth-bench-')) };
  } catch (err) {
    return { skipped: `no directory could be made in ${shm} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

/** The bytes the files under `dir` take on their file system (their blocks), directories not counted. */
export function allocatedBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += allocatedBytes(full);
    else total += statSync(full).blocks * 512;
  }
  return total;
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
