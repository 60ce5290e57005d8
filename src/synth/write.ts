import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from '../manifests/kube-object';


/**
 * Replaces `dir` with a directory holding exactly `files`. The files are written into a sibling temporary directory
 * first, which then takes `dir`'s place by rename: a failure while writing leaves `dir` as it was.
 */
export function replaceDirectory(dir: string, files: readonly OutputFile[]): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const staging = path.join(parent, `.${path.basename(target)}.staging-${process.pid}`);
  const retired = path.join(parent, `.${path.basename(target)}.retired-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging, { recursive: true });
    const dirs = new Set<string>();
    for (const file of files) {
      const full = path.join(staging, file.path);
      const fileDir = path.dirname(full);
      if (!dirs.has(fileDir)) {
        mkdirSync(fileDir, { recursive: true });
        dirs.add(fileDir);
      }
      writeFileSync(full, file.content);
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  let hadTarget = true;
  try {
    renameSync(target, retired);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    hadTarget = false;
  }
  try {
    renameSync(staging, target);
  } catch (err) {
    if (hadTarget) renameSync(retired, target);
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  if (hadTarget) rmSync(retired, { recursive: true, force: true });
}
