// Replacing an output directory so that a synth killed at any instant leaves the previous or the new complete output.
//
// The output stays a real directory (git tracks it, kubectl reads it), and POSIX has no atomic exchange of two
// non-empty directories that Node can call, so the swap is two renames beside it, under the output lock:
//
//   .<name>.synth-staging   being written; incomplete, never used
//   .<name>.synth-ready     the complete new set (staging renamed once every file is written)
//   .<name>.synth-retired   the complete previous set, moved out of the way
//   .<name>.synth-trash     a set being deleted (renamed first, so that a partly deleted set has no other name)
//
// A directory named ready or retired is therefore always complete. Between the two renames `<name>` is absent, with
// both complete sets beside it; the next synth of `<name>` finds that (or any other leftover) under the lock and
// repairs it before anything else: it moves ready (else retired) into place, and removes the rest.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from '../manifests/kube-object';
import { DirectoryLock, lockDirectory } from '../files/directory-lock';
import { withOutputMarker } from './output-marker';
import { discardSet, moveIfPresent } from '../files/directory-sets';

/** Options of {@link replaceDirectory}. */
export interface ReplaceDirectoryOptions {
  /**
   * Called with the directory's lock held and any interrupted replacement repaired, before anything is written;
   * throws to leave the directory as it is (the output directory guard).
   * @default - the directory is replaced whatever it holds
   */
  readonly verify?: (dir: string) => void;
  /**
   * How long to wait for another synth writing the same directory.
   * @default 30000
   */
  readonly lockTimeoutMs?: number;
  /**
   * Called once when another synth has held the directory's lock for a second, with its pid.
   * @default - nothing is said
   */
  readonly onLockWait?: (holderPid: number) => void;
}

/** The names beside output directory `dir` that a replacement uses. */
export function bookkeepingOf(dir: string): { staging: string; ready: string; retired: string; trash: string } {
  const at = (role: string) => path.join(path.dirname(dir), `.${path.basename(dir)}.synth-${role}`);
  return { staging: at('staging'), ready: at('ready'), retired: at('retired'), trash: at('trash') };
}

/** Whether `name` is one a replacement (or its lock) uses beside an output directory. */
export function isBookkeepingName(name: string): boolean {
  return /^\..+\.synth-(staging|ready|retired|trash|lock)/.test(name);
}

/**
 * Replaces `dir` with a directory holding exactly `files` and the output marker. A failure (or a kill) at any point
 * leaves `dir` with its previous or its new complete set of files; see the top of this file for the one instant
 * where that takes the next synth's repair. A directory that already holds exactly those files is left as it is, its
 * files' times too: false then, true when it was replaced. With nothing beside it, that is found without the lock;
 * a synth at work on it or the leftovers of a killed one first take the lock and the repair.
 */
export function replaceDirectory(dir: string, files: readonly OutputFile[], options: ReplaceDirectoryOptions = {}): boolean {
  const target = path.resolve(dir);
  const complete = withOutputMarker(files);
  // the usual synth of an unchanged output, with no other synth at work beside it (no lock, nothing to repair):
  // nothing is written, so no lock is taken either
  if (unchangedWithoutLock(target, complete)) return false;
  const replacement = beginReplacement(target, options);
  try {
    if (holdsExactly(target, complete)) {
      replacement.abandon();
      return false;
    }
    writeFiles(replacement.staging, complete);
  } catch (err) {
    replacement.abandon();
    throw err;
  }
  replacement.commit();
  return true;
}

/**
 * Whether `dir` holds exactly `files` (paths `/`-separated): a regular file with the same bytes for each, and no
 * other file or directory (an empty directory is one the replacement would not have).
 */
export function holdsExactly(dir: string, files: readonly OutputFile[]): boolean {
  const expected = new Map(files.map((f) => [f.path, f.content]));
  const directories = new Set(files.flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  let found = 0;
  const matches = (rel: string): boolean => {
    let entries;
    try {
      entries = readdirSync(rel === '' ? dir : path.join(dir, rel), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      const file = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!directories.has(file) || !matches(file)) return false;
        continue;
      }
      const content = expected.get(file);
      if (!entry.isFile() || content === undefined || !hasBytes(path.join(dir, file), content)) return false;
      found++;
    }
    return true;
  };
  return matches('') && found === expected.size;
}

/**
 * Whether `dir` holds exactly `files` with no synth at work on it: nothing beside it before and after the comparison,
 * and the same directory (inode) throughout, so that files of two sets swapped in while it was read cannot pass for
 * one.
 */
function unchangedWithoutLock(dir: string, files: readonly OutputFile[]): boolean {
  const inode = () => statSync(dir, { throwIfNoEntry: false })?.ino;
  const before = inode();
  if (before === undefined || hasAnythingBeside(dir) || !holdsExactly(dir, files)) return false;
  return inode() === before && !hasAnythingBeside(dir);
}

/**
 * Whether anything of a replacement or its lock is beside `dir` (`.<name>.` and more: the lock, a set being written or
 * left by a killed synth, of this version or an earlier one); true when the parent cannot be read.
 */
function hasAnythingBeside(dir: string): boolean {
  const prefix = `.${path.basename(dir)}.`;
  try {
    return readdirSync(path.dirname(dir)).some((name) => name.startsWith(prefix));
  } catch {
    return true;
  }
}

/** Whether `file` holds `content`'s UTF-8 bytes; false when it cannot be read (the replacement then goes ahead). */
function hasBytes(file: string, content: string): boolean {
  try {
    return readFileSync(file).equals(Buffer.from(content));
  } catch {
    return false;
  }
}

/**
 * A replacement of an output directory in two steps, for a caller that writes the staging directory itself (or has
 * it written elsewhere, see StagingWriter): begun, then committed or abandoned. The directory's lock is held from
 * {@link beginReplacement} until either.
 */
export interface DirectoryReplacement {
  /** The directory the new set is written into: it does not exist yet, and nothing else writes it. */
  readonly staging: string;
  /** Swaps the complete staging directory into place and removes the previous set; releases the lock. */
  commit(): void;
  /** Removes the staging directory and releases the lock, the output left as it was; nothing once settled. */
  abandon(): void;
}

/**
 * Begins {@link replaceDirectory}: takes `dir`'s lock, repairs an interrupted replacement and runs `verify`. The
 * caller then writes the staging directory (every file, with the output marker) and commits, or abandons.
 */
export function beginReplacement(dir: string, options: ReplaceDirectoryOptions = {}): DirectoryReplacement {
  const target = path.resolve(dir);
  const created = mkdirSync(path.dirname(target), { recursive: true });
  let lock: DirectoryLock;
  try {
    lock = lockDirectory(target, { writer: 'synth', timeoutMs: options.lockTimeoutMs, onWait: options.onLockWait });
  } catch (err) {
    removeEmptyParents(target, created);
    throw err;
  }
  const end = () => {
    lock.release();
    removeEmptyParents(target, created);
  };
  try {
    repairDirectory(target);
    options.verify?.(target);
  } catch (err) {
    end();
    throw err;
  }
  const { staging, ready, retired, trash } = bookkeepingOf(target);
  let settled = false;
  return {
    staging,
    commit() {
      settled = true;
      try {
        let hadTarget = false;
        try {
          renameSync(staging, ready);
          lock.assertHeld();
          hadTarget = moveIfPresent(target, retired);
          // `target` is missing here, for one rename: repairDirectory finishes this if it is killed now
          renameSync(ready, target);
        } catch (err) {
          if (hadTarget) renameSync(retired, target);
          rmSync(staging, { recursive: true, force: true });
          discardSet(ready, trash);
          throw err;
        }
        // the new set is in place: a previous set that cannot be removed now (a read-only folder in it) stays beside
        // it, complete, for the next synth's repair, rather than failing a synth whose output is written
        try {
          discardSet(retired, trash);
        } catch {
          // left for repairDirectory
        }
      } finally {
        end();
      }
    },
    abandon() {
      if (settled) return;
      settled = true;
      try {
        rmSync(staging, { recursive: true, force: true });
      } finally {
        end();
      }
    },
  };
}

/** Undoes the creation of `dir`'s missing parents (from `created` down) when nothing was written there after all. */
function removeEmptyParents(dir: string, created: string | undefined): void {
  if (created === undefined) return;
  for (let parent = path.dirname(dir); parent.length >= created.length; parent = path.dirname(parent)) {
    try {
      rmdirSync(parent);
    } catch {
      return;
    }
  }
}

/**
 * Finishes or undoes what a killed replacement of `dir` left: puts the new (else the previous) complete set in place
 * when `dir` is missing, and removes every leftover beside it. The caller holds the directory's lock.
 */
export function repairDirectory(dir: string): void {
  const target = path.resolve(dir);
  const { staging, ready, retired, trash } = bookkeepingOf(target);
  const legacy = legacyLeftovers(target);
  if (!exists(target)) {
    const complete = [ready, retired, ...legacy.retired].find(isDirectory);
    if (complete) renameSync(complete, target);
  }
  for (const leftover of [staging, trash, ...legacy.staging, ...legacy.retired]) rmSync(leftover, { recursive: true, force: true });
  discardSet(ready, trash);
  discardSet(retired, trash);
}

/** Writes `files` into new directory `dir` (its parent exists). */
export function writeFiles(dir: string, files: readonly OutputFile[]): void {
  for (const [file, content] of prepareFiles(dir, files)) writeFileSync(file, content);
}

/**
 * Creates new directory `dir` (its parent exists) and the folders `files` are in; each file's full path and content,
 * for {@link writeFiles} or a StagingWriter to write.
 */
export function prepareFiles(dir: string, files: readonly OutputFile[]): [file: string, content: string][] {
  mkdirSync(dir);
  const made = new Set<string>([dir]);
  return files.map((file) => {
    const full = path.join(dir, file.path);
    const fileDir = path.dirname(full);
    if (!made.has(fileDir)) {
      mkdirSync(fileDir, { recursive: true });
      made.add(fileDir);
    }
    return [full, file.content];
  });
}

/** What synths from before the lock left beside `dir` (`.<name>.staging-<pid>`, `.<name>.retired-<pid>`), newest first. */
function legacyLeftovers(dir: string): { staging: string[]; retired: string[] } {
  const prefix = `.${path.basename(dir)}.`;
  const found = { staging: [] as string[], retired: [] as string[] };
  let names: string[];
  try {
    names = readdirSync(path.dirname(dir));
  } catch {
    return found;
  }
  for (const name of names) {
    const role = name.startsWith(prefix) ? /^(staging|retired)-\d+$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (role === 'staging' || role === 'retired') found[role].push(path.join(path.dirname(dir), name));
  }
  const mtime = (p: string) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  found.retired.sort((a, b) => mtime(b) - mtime(a));
  return found;
}

function exists(p: string): boolean {
  return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

function isDirectory(p: string): boolean {
  return lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
