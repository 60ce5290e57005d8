// Where synth may write. Synth replaces its output directory whole, so it refuses any directory whose loss would hurt:
// the project or anything holding it, a git work tree, a source folder of the project, a directory inside another
// output directory, and any non-empty directory synth did not write.
//
// The project's source folders are not a list: they are its top-level entries that hold anything but output
// directories (src, constructs, test, node_modules, .git, .ci... and whatever is added later).
// A directory synth wrote holds the output marker, which lists the files synth wrote: one that holds any other file is
// refused too, so that a file put there by hand is never deleted with the output. A marker from before the list
// vouches for the files this synth writes. A directory written before the marker existed is accepted when every file
// in it is one this synth writes with the very bytes it writes, its Kustomization included, and gets the marker.
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, Stats } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from '../manifests/kube-object';
import { filesListedByMarker, hasOutputMarker, OUTPUT_MARKER } from './output-marker';
import { isBookkeepingName } from './write';

/** An output directory synth must not write to: exit 2, nothing touched. */
export class OutputDirectoryError extends Error {
  constructor(
    public readonly dir: string,
    public readonly reason: string,
    advice = 'choose a new or empty directory, or an output directory synth wrote before',
  ) {
    super(`refusing to write to ${dir}: ${reason}; ${advice}`);
    this.name = 'OutputDirectoryError';
  }
}

/** What an output directory is checked against. */
export interface OutputDirectoryContext {
  /** The project's root directory. */
  readonly root: string;
  /**
   * The files synth is about to write, marker included (paths relative, `/`-separated): a directory without the marker
   * that holds only such files, with the same bytes, is accepted as the output of a synth from before the marker, and
   * one whose marker lists no files may hold only such files.
   * @default - a directory without the marker is refused when it is not empty, and one whose marker lists no files is
   * accepted
   */
  readonly files?: readonly OutputFile[];
}

/** `outdir` as a path: relative ones are relative to the project root, wherever synth runs from. */
export function resolveOutputDirectory(outdir: string, root: string): string {
  return path.resolve(root, outdir);
}

/**
 * How the output names `outdir` (in its README's commands): relative to the project root and `/`-separated however it
 * was spelled (`./dist`, `src/../dist` and the absolute path of the project's `dist` are all `dist`), or the absolute
 * path given for a directory outside the project.
 */
export function outputDirectoryName(outdir: string, root: string): string {
  const resolved = resolveOutputDirectory(outdir, root);
  const relative = path.relative(path.resolve(root), resolved);
  if (path.isAbsolute(outdir) && (relative.startsWith('..') || path.isAbsolute(relative))) return resolved;
  return relative.split(path.sep).join('/') || '.';
}

/**
 * Throws an OutputDirectoryError when `dir`'s place rules it out: the project root or above it, a git work tree or
 * inside one's `.git`, inside a source folder of the project or inside another output directory, a file, a symbolic
 * link, or a name synth uses for its own bookkeeping. Does not look at what `dir` holds.
 */
export function checkOutputLocation(dir: string, root: string): void {
  const shown = path.resolve(dir);
  const refuse = (reason: string) => {
    throw new OutputDirectoryError(shown, reason);
  };
  const real = realPath(shown);
  const realRoot = realPath(path.resolve(root));
  if (real === realRoot) refuse('it is the project root');
  if (isInside(realRoot, real)) refuse(`it holds the project ${root}`);
  if (real.split(path.sep).includes('.git')) refuse('it is inside a .git directory');
  if (isBookkeepingName(path.basename(real))) refuse('synth uses that name for its own bookkeeping beside an output directory');
  const stat = statOf(shown);
  if (stat?.isSymbolicLink()) refuse(`it is a symbolic link to ${readlinkSync(shown)}; name the directory itself`);
  if (stat && !stat.isDirectory()) refuse('it is a file');
  if (stat && lstatSync(path.join(shown, '.git'), { throwIfNoEntry: false })) refuse('it holds .git: it is a git work tree');
  if (!stat) {
    let above = path.dirname(shown);
    while (!statOf(above)) above = path.dirname(above);
    if (!statOf(realPath(above))?.isDirectory()) {
      refuse(statOf(above)?.isSymbolicLink() ? `${above} is a symbolic link to ${readlinkSync(above)}, which is no directory` : `${above} is a file`);
    }
  }
  for (let above = path.dirname(real); above !== path.dirname(above); above = path.dirname(above)) {
    if (hasOutputMarker(above)) refuse(`it is inside ${above}, an output directory that synth replaces whole`);
  }
  // inside the project, by the path as resolved and as given (a top-level symbolic link is an entry of the project too)
  for (const [p, base] of [[real, realRoot], [shown, path.resolve(root)]]) {
    if (!isInside(p, base)) continue;
    const top = path.join(base, path.relative(base, p).split(path.sep)[0]);
    const topStat = lstatSync(top, { throwIfNoEntry: false });
    if (top !== p && (topStat?.isSymbolicLink() || (topStat?.isDirectory() && holdsMoreThanOutput(top))))
      refuse(`it is inside ${top}, a source folder of the project`);
  }
}

/**
 * Throws an OutputDirectoryError unless synth may replace `dir`: its place is allowed ({@link checkOutputLocation}),
 * and it is missing, empty, or written by synth.
 */
export function checkOutputDirectory(dir: string, context: OutputDirectoryContext): void {
  checkOutputLocation(dir, context.root);
  const shown = path.resolve(dir);
  if (!lstatSync(shown, { throwIfNoEntry: false }) || readdirSync(shown).length === 0) return;
  if (hasOutputMarker(shown)) {
    const written = filesListedByMarker(shown) ?? (context.files && new Set(context.files.map((f) => f.path)));
    const others = written ? filesNotIn(shown, written) : [];
    if (others.length === 0) return;
    const shownOthers = others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
    throw new OutputDirectoryError(
      shown,
      `it holds ${shownOthers}, which synth did not write (${OUTPUT_MARKER} lists the files it wrote)`,
      `move ${others.length === 1 ? 'it' : 'them'} out of the directory, which synth replaces whole`,
    );
  }
  if (context.files && isEarlierOutput(shown, new Map(context.files.map((f) => [f.path, f.content])))) return;
  let reason = `it is a non-empty directory that synth did not write (it has no ${OUTPUT_MARKER})`;
  if (!holdsMoreThanOutput(shown) && holdsOutput(shown)) reason = 'it holds output directories of other synths, which replacing it would delete';
  else if (path.dirname(realPath(shown)) === realPath(path.resolve(context.root))) reason = 'it is a source folder of the project';
  throw new OutputDirectoryError(shown, reason);
}

/** What lstat says of `p`, or undefined when it is missing (or a file is on its way: ENOTDIR). */
function statOf(p: string): Stats | undefined {
  try {
    return lstatSync(p, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Whether `inner` is strictly inside `outer`. */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** `p` with every symbolic link resolved, as far as it exists. */
function realPath(p: string): string {
  const missing: string[] = [];
  for (let at = p; ; at = path.dirname(at)) {
    try {
      return path.join(realpathSync(at), ...missing.reverse());
    } catch {
      if (path.dirname(at) === at) return p;
      missing.push(path.basename(at));
    }
  }
}

/** Whether `dir` holds a file that is not inside an output directory, or synth's bookkeeping beside one (stops at the first). */
function holdsMoreThanOutput(dir: string): boolean {
  if (hasOutputMarker(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (isBookkeepingName(entry.name)) continue;
    if (!entry.isDirectory() || holdsMoreThanOutput(path.join(dir, entry.name))) return true;
  }
  return false;
}

/** Whether `dir` holds an output directory. */
function holdsOutput(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some(
    (entry) => entry.isDirectory() && (hasOutputMarker(path.join(dir, entry.name)) || holdsOutput(path.join(dir, entry.name))),
  );
}

/**
 * Whether every file under `dir` is one of `files` with its very bytes, and its Kustomization among them (stops at the
 * first other one).
 */
function isEarlierOutput(dir: string, files: ReadonlyMap<string, string>, prefix = ''): boolean {
  if (prefix === '' && !lstatSync(path.join(dir, 'Kustomization'), { throwIfNoEntry: false })?.isFile()) return false;
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) {
      if (!isEarlierOutput(dir, files, `${rel}/`)) return false;
    } else if (!entry.isFile() || files.get(rel) === undefined || !readFileSync(path.join(dir, rel)).equals(Buffer.from(files.get(rel)!))) {
      return false;
    }
  }
  return true;
}

/**
 * What under `dir` is not one of the files `written` (relative paths, `/`-separated): any other file, link or
 * special file, and any empty folder none of them is in; folders as `<path>/`, in name order.
 */
function filesNotIn(dir: string, written: ReadonlySet<string>, prefix = ''): string[] {
  const entries = readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  const others: string[] = [];
  for (const entry of entries) {
    const rel = `${prefix}${entry.name}`;
    if (!entry.isDirectory()) {
      if (!entry.isFile() || !written.has(rel)) others.push(rel);
      continue;
    }
    const inside = filesNotIn(dir, written, `${rel}/`);
    if (inside.length > 0) others.push(...inside);
    else if (![...written].some((w) => w.startsWith(`${rel}/`))) others.push(`${rel}/`);
  }
  return others;
}
