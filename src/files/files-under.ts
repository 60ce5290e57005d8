import { Dirent, existsSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** A name found under a walked directory, other than a directory the walk went into. */
export interface FoundEntry {
  /** Its path relative to the walked directory, `/`-separated; '' for the walked directory itself. */
  readonly path: string;
  /**
   * `file`: a regular file, or a link to one; `linked directory`: a link to a directory, not walked; `other`: a FIFO,
   * socket or device (or a link to one), which a read could block on; `unreadable`: a link that cannot be followed or
   * a directory that cannot be listed, `error` saying why.
   */
  readonly type: 'file' | 'linked directory' | 'other' | 'unreadable';
  readonly error?: NodeJS.ErrnoException;
  /** What a link that cannot be followed points to, when it can be read. */
  readonly linkTarget?: string;
}

/** How {@link walkUnder} walks. */
export interface WalkOptions {
  /** Whether a link to a directory is walked as the directory; a link back to a directory being walked never is. */
  readonly followDirectoryLinks: boolean;
  /** The names worth listing (all when left out); a link with another name is not even stat'ed unless it may be a directory to walk. */
  readonly include?: (name: string) => boolean;
}

/**
 * What is under `dir`, recursively, sorted by name: every file, and what cannot be read. Directories are walked
 * whatever their name; only links are stat'ed, the other entries' types come with the listing (20,000 stats were 1 %
 * of a lint of 10,000 apps). Never throws for what it finds: a directory it cannot list is an `unreadable` entry.
 */
export function walkUnder(dir: string, options: WalkOptions): FoundEntry[] {
  let real: string;
  try {
    real = options.followDirectoryLinks ? realpathSync(dir) : dir;
  } catch (err) {
    return [{ path: '', type: 'unreadable', error: err as NodeJS.ErrnoException }];
  }
  return walk(dir, '', real, new Set([real]), options);
}

function walk(dir: string, prefix: string, real: string, walking: Set<string>, options: WalkOptions): FoundEntry[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return [{ path: prefix.replace(/\/$/, ''), type: 'unreadable', error: err as NodeJS.ErrnoException }];
  }
  const included = (name: string) => options.include?.(name) ?? true;
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry): FoundEntry[] => {
      const full = path.join(dir, entry.name);
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) return walk(full, `${relative}/`, path.join(real, entry.name), walking, options);
      if (!entry.isSymbolicLink()) {
        if (!included(entry.name)) return [];
        return [{ path: relative, type: entry.isFile() ? 'file' : 'other' }];
      }
      // as kubectl's walk (Lstat): a link that is not walked and not listed is never followed
      if (!options.followDirectoryLinks && !included(entry.name)) return [];
      let stat;
      try {
        stat = statSync(full);
      } catch (err) {
        if (!included(entry.name)) return [];
        return [{ path: relative, type: 'unreadable', error: err as NodeJS.ErrnoException, ...linkTargetOf(full) }];
      }
      if (stat.isDirectory()) {
        if (options.followDirectoryLinks) {
          let target;
          try {
            target = realpathSync(full);
          } catch (err) {
            return [{ path: relative, type: 'unreadable', error: err as NodeJS.ErrnoException, ...linkTargetOf(full) }];
          }
          // a link back to a directory being walked would be walked for ever
          if (walking.has(target)) return [];
          return walk(full, `${relative}/`, target, new Set([...walking, target]), options);
        }
        return included(entry.name) ? [{ path: relative, type: 'linked directory' }] : [];
      }
      if (!included(entry.name)) return [];
      return [{ path: relative, type: stat.isFile() ? 'file' : 'other' }];
    });
}

function linkTargetOf(link: string): { linkTarget?: string } {
  try {
    return { linkTarget: readlinkSync(link) };
  } catch {
    return {};
  }
}

/**
 * Every file under `dir`, recursively, as paths relative to it (`/`-separated), sorted; none when it does not exist.
 * A symbolic link counts as what it points to (a linked directory is walked, unless it links back to a directory being
 * walked). Throws, naming the path, on a link that cannot be followed or a directory that cannot be listed.
 */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return walkUnder(dir, { followDirectoryLinks: true }).map((entry) => {
    if (entry.type !== 'unreadable') return entry.path;
    const link = entry.linkTarget === undefined ? '' : `; a symbolic link to ${entry.linkTarget}`;
    throw new Error(`${path.join(dir, entry.path)}: ${fsReason(entry.error)} (${entry.error?.code ?? 'unknown'}${link})`);
  });
}

/** Why a node:fs call failed, as the system says it: `no such file or directory`, `permission denied`... */
export function fsReason(err: unknown): string {
  const { code, message } = (err ?? {}) as Partial<NodeJS.ErrnoException>;
  // node's message: `<CODE>: <reason>, <syscall> '<path>'`
  const reason = code === undefined || message === undefined ? undefined : /^[A-Z0-9_]+: (.*?), \w+(?: '.*)?$/s.exec(message)?.[1];
  return reason ?? message ?? String(err);
}
