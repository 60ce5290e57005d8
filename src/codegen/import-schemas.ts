// Regenerates imports/ (typed constructs and the schemas validation uses) from the pinned CRDs and Kubernetes
// definitions, read from a local directory or downloaded from their upstream URLs: what `npm run import` does.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { CrdSchema, extractCrdSchemas, extractKubernetesSchemas, KubernetesSchemas, kubernetesSchemaEntries } from './extract-schemas';
import { SCHEMA_SOURCES, SchemaSource } from './sources';
import { discardSet, moveIfPresent } from '../files/directory-sets';
import { DirectoryLock, lockDirectory } from '../files/directory-lock';
import { filesUnder, fsReason } from '../files/files-under';
import { makeTemporaryDirectory } from '../files/temporary-directory';
import { entryPerLineJson } from './entry-per-line-json';
import { celExpressionsOf, PARSED_CEL_FILE, parsedCelJson } from './parsed-cel';

/** Options of {@link importSchemas}. */
export interface ImportOptions {
  /** The project, whose imports/ is replaced. */
  readonly root: string;
  /**
   * A directory the pinned files are searched in, recursively; a relative one is relative to `root`.
   * @default - downloaded from their upstream URLs
   */
  readonly from?: string;
  /**
   * How the user gave `from`, for messages.
   * @default '--from'
   */
  readonly fromName?: string;
  /** Where progress lines go. */
  readonly log: (line: string) => void;
}

/**
 * Regenerates `imports/` under `options.root`; throws an ImportInputError when the directory to read from or a pinned
 * file in it cannot be read, an ImportSourceError when a file differs from its pin. The new set is complete in memory
 * before anything beside `imports/` is written, and swapped in by {@link replaceImports}.
 */
export async function importSchemas(options: ImportOptions): Promise<void> {
  const { root, from, log, fromName = '--from' } = options;
  const importsDir = path.join(root, 'imports');
  const fromDir = from === undefined ? undefined : sourceDirectory(from, root, fromName);
  const work = makeTemporaryDirectory('import-');
  try {
    const files = new Map<SchemaSource, string>();
    for (const source of SCHEMA_SOURCES) {
      if (!fromDir && !source.downloadable) {
        throw new ImportSourceError(`${source.id} is joined from several upstream files (${source.url}) and cannot be downloaded as one; ` +
          'give a directory that holds it: npm run import -- --from ../shared');
      }
      const content = fromDir ? readLocal(source, fromDir, fromGiven(fromName, from!)) : await download(source, log);
      const actual = sha256(content);
      if (actual !== source.sha256) {
        throw new ImportSourceError(
          `${source.id}: sha256 is ${actual}, the pin in src/codegen/sources.ts is ${source.sha256}; ` +
            'update the pin only when you mean to move to another upstream version',
        );
      }
      const file = path.join(work, source.file);
      writeFileSync(file, content);
      files.set(source, file);
    }

    const generated = path.join(work, 'imports');
    const crds = [...files].filter(([source]) => source.kind === 'crds');
    // each source's bindings are files of their own (one per API group), so the imports run side by side, one a core
    await eachAtOnce(crds, availableParallelism(), async ([source, file], i) => {
      log(`cdk8s import ${source.id}`);
      // run outside the project, each in a folder of its own: `cdk8s import` appends what it imported to the cdk8s.yaml
      // it finds
      const cwd = path.join(work, `run-${i}`);
      mkdirSync(cwd);
      await execFileAsync(
        path.join(root, 'node_modules', '.bin', 'cdk8s'),
        ['import', '--no-check-upgrade', '--language', 'typescript', '--output', generated, file],
        { cwd },
      );
    });
    const crdSchemas: Record<string, CrdSchema> = {};
    for (const [source, file] of crds) Object.assign(crdSchemas, extractCrdSchemas(readFileSync(file, 'utf8'), source.id));
    // one schema file per Kubernetes version: kubernetes-<major.minor>.json
    const kubernetes = new Map<string, KubernetesSchemas>();
    for (const [source, file] of files) {
      if (source.kind === 'kubernetes-definitions') kubernetes.set(kubernetesSchemaFile(source), extractKubernetesSchemas(readFileSync(file, 'utf8')));
    }

    // the whole new set, before anything is written beside imports/: a throw here leaves it as it was
    const bindings = readdirSync(generated).sort();
    const content = new Map<string, string | Buffer>(bindings.map((name) => [name, readFileSync(path.join(generated, name))]));
    const sortedCrds = Object.fromEntries(
      Object.keys(crdSchemas)
        .sort()
        .map((k) => [k, crdSchemas[k]]),
    );
    content.set('schemas/crds.json', entryPerLineJson(sortedCrds));
    content.set(`schemas/${PARSED_CEL_FILE}`, parsedCelJson(celExpressionsOf(sortedCrds)));
    content.set('crd-resources.ts', crdResourcesModule(sortedCrds));
    content.set('istio-version.ts', istioVersionModule(sortedCrds));
    for (const [name, schemas] of kubernetes) content.set(`schemas/${name}`, entryPerLineJson(kubernetesSchemaEntries(schemas)));
    content.set(
      'schemas/sources.json',
      JSON.stringify(
        SCHEMA_SOURCES.map(({ id, url, sha256 }) => ({ id, url, sha256 })),
        null,
        2,
      ) + '\n',
    );
    const replaced = replaceImports(importsDir, content, { onLockWait: (pid) => log(`waiting for another import (pid ${pid}) writing imports/`) });
    log(
      `${replaced ? 'wrote' : 'unchanged:'} ${path.relative(root, importsDir)}/: ${bindings.length} binding files, ` +
        `${Object.keys(sortedCrds).length} custom resource schemas, Kubernetes definitions ${[...kubernetes.keys()].join(', ')}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Replacing imports/ so that an import stopped at any instant (Ctrl-C, a kill, a throw) leaves the previous or the
// new complete set, and the project builds. POSIX has no atomic exchange of two directories that Node can call, so
// the swap is two renames, with the sets beside imports/ under names of this command's own (hidden, git-ignored):
//
//   .imports.import-staging   being written; incomplete, never used
//   .imports.import-ready     the complete new set (staging renamed once every file is written)
//   .imports.import-retired   the complete previous set, moved out of the way
//   .imports.import-trash     a set being deleted (renamed first, so that a partly deleted set has no other name)
//
// A set named ready or retired is therefore complete. Between the two renames imports/ is absent, with both complete
// sets beside it; the next import repairs that (and removes any other leftover) before anything else. Two imports
// take turns on `.imports.import-lock` (src/files/directory-lock.ts), so one never repairs the other's swap.

/** The names beside `dir` (imports/) that a replacement uses. */
export function importBookkeeping(dir: string): { staging: string; ready: string; retired: string; trash: string } {
  const at = (role: string) => path.join(path.dirname(dir), `.${path.basename(dir)}.import-${role}`);
  return { staging: at('staging'), ready: at('ready'), retired: at('retired'), trash: at('trash') };
}

/**
 * Replaces `dir` with a directory holding exactly `files` (relative path and content): false, and nothing touched
 * (file times included), when it holds them already. Throws before the swap when `dir` holds a file no import writes:
 * that file is the user's, and a replacement would delete it. Imports of the same `dir` take turns (its import lock,
 * beside it); one that waits longer than `lockTimeoutMs` throws a DirectoryLockedError.
 */
export function replaceImports(
  dir: string,
  files: ReadonlyMap<string, string | Buffer>,
  options: { lockTimeoutMs?: number; onLockWait?: (holderPid: number) => void } = {},
): boolean {
  const lock = lockDirectory(dir, { writer: 'import', timeoutMs: options.lockTimeoutMs, onWait: options.onLockWait });
  try {
    return replaceLocked(dir, files, lock);
  } finally {
    lock.release();
  }
}

function replaceLocked(dir: string, files: ReadonlyMap<string, string | Buffer>, lock: DirectoryLock): boolean {
  repairImports(dir);
  const current = filesUnder(dir);
  const same = (f: string) => files.has(f) && readRegularFile(path.join(dir, f))?.equals(Buffer.from(files.get(f)!)) === true;
  if (current.length === files.size && current.every(same)) return false;
  // a FIFO, socket or device is nothing an import writes, whatever its name
  const foreign = current.filter((f) => !isRegularFile(path.join(dir, f)) || (!files.has(f) && !isGeneratedFile(dir, f)));
  if (foreign.length > 0) {
    throw new ImportSourceError(`${path.join(dir, foreign[0])}${foreign.length > 1 ? ` (and ${foreign.length - 1} more)` : ''} was not written by ` +
      `npm run import, which replaces ${path.basename(dir)}/ whole: move it elsewhere`);
  }
  const { staging, ready, retired, trash } = importBookkeeping(dir);
  try {
    for (const [name, content] of files) {
      const full = path.join(staging, name);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  renameSync(staging, ready);
  // as synth's swap: never after a process that took this one's lock for a dead one's
  lock.assertHeld();
  moveIfPresent(dir, retired);
  renameSync(ready, dir);
  discardSet(retired, trash);
  return true;
}

/** Finishes or undoes what a stopped replacement of `dir` left: puts the new (else the previous) set in place, removes the rest. */
export function repairImports(dir: string): void {
  const { staging, ready, retired, trash } = importBookkeeping(dir);
  if (!existsSync(dir) && !moveIfPresent(ready, dir)) moveIfPresent(retired, dir);
  for (const leftover of [staging, trash]) rmSync(leftover, { recursive: true, force: true });
  discardSet(ready, trash);
  discardSet(retired, trash);
}

/** Whether file `name` of imports/ is one an import wrote (a binding, a generated module, a schema file). */
function isGeneratedFile(dir: string, name: string): boolean {
  if (/^schemas\/[^/]+\.json$/.test(name)) return true;
  if (!/^[^/]+\.ts$/.test(name)) return false;
  return /^\/\/ (generated by cdk8s|Generated by `npm run import`)/.test(readFileSync(path.join(dir, name), 'utf8').slice(0, 100));
}

/** Whether `file` is a regular file (or a link to one): a FIFO, socket or device is never read, as a read could wait for ever. */
function isRegularFile(file: string): boolean {
  return statSync(file).isFile();
}

/**
 * The content of regular file `file`; undefined, unread, for a FIFO, socket or device (or a link to one). It is
 * opened without blocking and checked by its descriptor, so a file replaced by a FIFO after it was listed is not read
 * either.
 */
function readRegularFile(file: string): Buffer | undefined {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The directory the pinned files are read from, resolved from `root`; an ImportInputError naming it as the user gave
 * it (`--from`, `IMPORT_FROM`) when it is no readable directory.
 */
function sourceDirectory(from: string, root: string, fromName: string): string {
  if (from === '') throw new ImportInputError(`${fromName} needs a directory, got an empty value; e.g. ${fromGiven(fromName, '../shared')}`);
  const dir = path.resolve(root, from);
  const given = fromGiven(fromName, from);
  let stat;
  try {
    stat = statSync(dir);
  } catch (err) {
    throw new ImportInputError(`${given}: ${reason(err)}`);
  }
  if (!stat.isDirectory()) throw new ImportInputError(`${given}: not a directory; give the directory the pinned files are in, e.g. ../shared`);
  return dir;
}

/** An fs error as a reason (files-under's fsReason): `no such file or directory (ENOENT) at <path>`. */
function reason(err: unknown): string {
  const { code, path: at } = err as NodeJS.ErrnoException;
  return `${fsReason(err)}${code ? ` (${code})` : ''}${at ? ` at ${at}` : ''}`;
}

const execFileAsync = promisify(execFile);

/** Runs `run` on every item, at most `limit` at once; rejects with the first failure once none is running. */
async function eachAtOnce<T>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length && failures.length === 0) {
      const index = next++;
      await run(items[index], index).catch((err: unknown) => void failures.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
}

/** The schema file of a Kubernetes definitions source: `kubernetes-<major.minor>.json`. */
export function kubernetesSchemaFile(source: SchemaSource): string {
  return `kubernetes-${/^kubernetes-(\d+\.\d+)/.exec(source.id)?.[1]}.json`;
}

/** The directory to read from as the user gave it: `--from ../shared`, `IMPORT_FROM=../shared`. */
function fromGiven(fromName: string, from: string): string {
  return `${fromName}${fromName === '--from' ? ' ' : '='}${from}`;
}

/** The pinned file of `source` under `dir`, read; messages name the directory as the user gave it (`given`). */
function readLocal(source: SchemaSource, dir: string, given: string): Buffer {
  let listed: string[];
  try {
    listed = filesUnder(dir);
  } catch (err) {
    throw new ImportInputError(`${given}: cannot be searched: ${reason(err)}`);
  }
  const found = listed.filter((f) => path.basename(f) === source.file).map((f) => path.join(dir, f));
  if (found.length === 0) throw new ImportInputError(`${given}: no file named ${source.file} (${source.id}) under it`);
  // several versions of a document may sit side by side (Kubernetes 1.27 and 1.33 definitions): the pin decides
  const contents = found.map((file) => {
    let content;
    try {
      content = readRegularFile(file);
    } catch (err) {
      throw new ImportInputError(`${file} (${source.id}) cannot be read: ${reason(err)}`);
    }
    if (content === undefined) throw new ImportInputError(`${file} (${source.id}) is not a regular file (a FIFO, socket or device); it was not read`);
    return { file, content };
  });
  const pinned = contents.find((c) => sha256(c.content) === source.sha256);
  if (!pinned) {
    throw new ImportSourceError(`${source.id}: none of ${found.join(', ')} has the pinned sha256 ${source.sha256} (src/codegen/sources.ts); ` +
      'update the pin only when you mean to move to another upstream version');
  }
  return pinned.content;
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A pinned source that cannot be read or does not match its pin. */
export class ImportSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportSourceError';
  }
}

/** The directory to read from, or a pinned file in it, cannot be read (missing, no directory, a loop of links). */
export class ImportInputError extends ImportSourceError {
  constructor(message: string) {
    super(message);
    this.name = 'ImportInputError';
  }
}

async function download(source: SchemaSource, log: (line: string) => void): Promise<Buffer> {
  log(`download ${source.url}`);
  let response;
  try {
    response = await fetch(source.url);
  } catch (err) {
    // fetch says only 'fetch failed'; its cause says why (getaddrinfo ENOTFOUND <host>, connect ECONNREFUSED ...)
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error ? `${(err as Error).message}: ${cause.message}` : (err as Error).message;
    throw new ImportSourceError(`${source.id}: GET ${source.url} failed (${why}); without a network, read the pinned files from a directory: npm run import -- --from ../shared`);
  }
  if (!response.ok) throw new ImportSourceError(`${source.id}: GET ${source.url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** A module of the plural resource name of every custom kind, keyed `group/Kind`, for commands that name resources. */
function crdResourcesModule(crds: Record<string, CrdSchema>): string {
  const plurals = new Map<string, string>();
  for (const [key, crd] of Object.entries(crds)) plurals.set(key.replace(/\/[^/]+\//, '/'), crd.plural);
  const entries = [...plurals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `  '${k}': '${v}',`);
  return [
    '// Generated by `npm run import` from the pinned CRDs: the plural resource name of every custom kind, by `group/Kind`.',
    'export const CRD_PLURALS: Readonly<Record<string, string>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

/**
 * A module of the Istio version the pinned CRDs belong to: the Sail Operator's default for `Istio.spec.version`,
 * which the pinned Istio and Sail CRDs share (1.30.3).
 */
function istioVersionModule(crds: Record<string, CrdSchema>): string {
  const spec = crds['sailoperator.io/v1/Istio']?.schema.properties as Record<string, { properties?: Record<string, { default?: unknown }> }> | undefined;
  const version = spec?.spec?.properties?.version?.default;
  if (typeof version !== 'string' || !/^v\d+\.\d+\.\d+$/.test(version)) {
    throw new ImportSourceError(`the Sail Operator's Istio CRD names no default version (spec.version.default), got ${JSON.stringify(version)}`);
  }
  return [
    '// Generated by `npm run import` from the pinned CRDs: the Istio version they belong to (the Sail Operator\'s default).',
    `export const ISTIO_VERSION = '${version.slice(1)}';`,
    '',
  ].join('\n');
}
