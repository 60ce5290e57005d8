// Where the benchmark synthesizes the largest topology a second time to tell the synth's own time from the file
// system's: a new directory in Linux's /dev/shm, when that is a tmpfs (files in memory) with room for the output.
// Containers often get a small one (Docker's default is 64 MiB): then the run is skipped, not failed.
import { mkdtempSync, readdirSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Linux's statfs type of a tmpfs. */
export const TMPFS_MAGIC = 0x01021994;

/** A directory made in memory, or why there is none. */
export type MemoryDirectory = { readonly dir: string } | { readonly skipped: string };

/**
 * A new directory in `shm` when it is a tmpfs with at least `neededBytes(its block size, shm)` free; else why not.
 */
export function memoryDirectory(neededBytes: (blockSize: number, shm: string) => number, shm = '/dev/shm'): MemoryDirectory {
  let stats;
  try {
    stats = statfsSync(shm);
  } catch {
    return { skipped: `${shm} cannot be read` };
  }
  if (stats.type !== TMPFS_MAGIC) return { skipped: `${shm} is no tmpfs` };
  const free = stats.bavail * stats.bsize;
  const needed = neededBytes(stats.bsize, shm);
  if (free < needed) return { skipped: `${shm} has ${mib(free)} MiB free, and the run needs about ${mib(needed)} MiB` };
  try {
    return { dir: mkdtempSync(path.join(shm, 'synth-bench-')) };
  } catch (err) {
    return { skipped: `no directory could be made in ${shm} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

/**
 * The bytes the files under `dir` would take on a file system of `blockSize`-byte blocks, each file its size rounded
 * up to whole blocks (a tmpfs takes a page per started page: 4 KiB on x86, up to 64 KiB on some arm64 kernels);
 * directories not counted.
 */
export function bytesInBlocks(dir: string, blockSize: number): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesInBlocks(full, blockSize);
    else total += Math.ceil(statSync(full).size / blockSize) * blockSize;
  }
  return total;
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
