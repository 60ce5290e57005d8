// One writer per directory replaced by renames (synth's output directories, import's imports/): the writers of the
// same directory take turns on a lock file beside it that holds the writer's pid. A lock whose pid is dead (a writer
// that was killed) is taken over. Each command has a lock of its own (`.dist.synth-lock`, `.imports.import-lock`).
import { linkSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A writer that waited too long for another one writing the same directory. */
export class DirectoryLockedError extends Error {
  constructor(
    public readonly dir: string,
    public readonly holder: number,
    public readonly lockFile: string,
    public readonly writer: string,
  ) {
    super(`another ${writer} is writing ${dir} (pid ${holder}); wait for it to finish, or remove ${lockFile} if pid ${holder} is no ${writer}`);
    this.name = 'DirectoryLockedError';
  }
}

/** A held lock. */
export interface DirectoryLock {
  /** Throws unless the lock file is still this one (another process must not have taken it over). */
  assertHeld(): void;
  /** Removes the lock file, if it is still this one. */
  release(): void;
}

/** Options of {@link lockDirectory}. */
export interface DirectoryLockOptions {
  /** The command that writes the directory, which names its lock file and its messages (`synth`, `import`). */
  readonly writer: string;
  /**
   * How long to wait for a live holder.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Called once when a live holder has kept the lock for a second, with its pid, so that a wait is not silent.
   * @default - nothing is said
   */
  readonly onWait?: (holderPid: number) => void;
}

/** The lock file of directory `dir` for `writer`: beside it, so that replacing the directory leaves it alone. */
export function lockFileOf(dir: string, writer: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.${writer}-lock`);
}

/**
 * Takes `options.writer`'s lock of directory `dir` (whose parent must exist), waiting while a live process holds it;
 * throws a DirectoryLockedError when that lasts longer than the timeout.
 */
export function lockDirectory(dir: string, options: DirectoryLockOptions): DirectoryLock {
  const writer = options.writer;
  const lockFile = lockFileOf(dir, writer);
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 30_000);
  let told = false;
  // the lock file gets its content before its name (by link), so a reader never sees it empty
  const candidate = `${lockFile}.${process.pid}`;
  writeFileSync(candidate, `${process.pid}\n`);
  try {
    for (;;) {
      if (tryLink(candidate, lockFile)) {
        const lock = heldLock(lockFile, statSync(candidate).ino, writer);
        try {
          removeLeftovers(lockFile);
        } catch {
          // they are git-ignored, and the next holder tries again
        }
        return lock;
      }
      const holder = readHolder(lockFile);
      if (holder === undefined) continue;
      if (holder.pid !== process.pid && isAlive(holder.pid)) {
        if (Date.now() > deadline) throw new DirectoryLockedError(dir, holder.pid, lockFile, writer);
        if (!told && Date.now() - started >= 1000) {
          told = true;
          options.onWait?.(holder.pid);
        }
        sleep(5 + Math.random() * 20);
        continue;
      }
      takeOver(lockFile, holder);
    }
  } finally {
    unlinkSync(candidate);
  }
}

/** Gives `existing`'s file the name `name` too, unless that name is taken; whether it did. */
function tryLink(existing: string, name: string): boolean {
  try {
    linkSync(existing, name);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

interface Holder {
  readonly pid: number;
  readonly ino: number;
}

function heldLock(lockFile: string, ino: number, writer: string): DirectoryLock {
  const isMine = () => {
    try {
      return statSync(lockFile).ino === ino && readFileSync(lockFile, 'utf8').trim() === String(process.pid);
    } catch {
      return false;
    }
  };
  return {
    assertHeld() {
      if (!isMine()) throw new Error(`lost the lock ${lockFile} to another process; run ${writer} again`);
    },
    release() {
      if (isMine()) unlinkSync(lockFile);
    },
  };
}

/** The lock's holder, or undefined when the lock is gone; a lock that holds no pid counts as a dead holder's. */
function readHolder(lockFile: string): Holder | undefined {
  try {
    const ino = statSync(lockFile).ino;
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : 0, ino };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Removes the lock of a dead holder. Unlinking by name could remove a live lock that another process created after
 * this one read the dead one; moving it aside first and comparing it with what was read makes that detectable, and
 * puts a live lock back.
 */
function takeOver(lockFile: string, dead: Holder): void {
  const aside = `${lockFile}.stale-${process.pid}`;
  try {
    renameSync(lockFile, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readHolder(aside);
  // a live lock, taken between the read and the move: back in place (unless yet another one was taken meanwhile)
  if (moved !== undefined && (moved.ino !== dead.ino || moved.pid !== dead.pid)) tryLink(aside, lockFile);
  unlinkSync(aside);
}

/** Removes what killed writers left while they waited for the lock or took it over (`<lock>.<pid>`, `<lock>.stale-<pid>`). */
function removeLeftovers(lockFile: string): void {
  const prefix = `${path.basename(lockFile)}.`;
  for (const name of readdirSync(path.dirname(lockFile))) {
    const pid = name.startsWith(prefix) ? /^(?:stale-)?(\d+)$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(path.join(path.dirname(lockFile), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive, under another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A killed process its parent has not reaped yet still answers kill(pid, 0); on Linux, /proc tells. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
