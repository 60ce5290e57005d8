#!/usr/bin/env node
// Runs a TypeScript entry point with no build step to remember, and fast enough to run on every edit.
//
// esbuild bundles the entry, the project sources and every package it imports into one file in
// node_modules/.cache/run-ts/, in a folder of the checkout's own (named by its real path): two checkouts may share one
// node_modules (by a symbolic link), and each must run its own sources. The bundle is built knowing its checkout
// (process.env.RUN_TS_PROJECT_ROOT is replaced by the checkout's path), since the bundle itself lives wherever
// node_modules really is.
// The bundle is reused while the content of every input is unchanged and no file an import would now resolve to has
// appeared beside them, so an edited .ts file is always picked up and an unchanged tree costs a stat per file and
// per folder (a source is hashed, a folder listed, when its stat changed or is too recent to vouch for it).
// Bundling tree-shakes the generated Istio/Appsody bindings down to the classes the app uses, and saves node from
// resolving and compiling hundreds of package files one by one. One bundle holds one copy of `cdk8s` and
// `constructs`, which every construct library in it shares (cdk8s reads a file next to its own modules only for
// `Yaml.load` of a URL, which nothing here uses).
// V8's code cache of the bundle (its compiled functions, saved after the first run) is kept beside it, tagged with
// the bundle's hash: V8 itself only compares a cache's source length, and a cache of other code must never be used.
// The bundle is written as node would wrap a CommonJS module, without comments or indentation, and marked when it is
// ASCII only (as esbuild escapes strings): node decodes such a file as Latin-1 in about a third of UTF-8's time.
// Type-checking is not done here: it is `npm test`'s job (tsc --noEmit), which keeps this hot path short.
// A CommonJS script: node starts one a few milliseconds sooner than an ES module.
'use strict';
const { Buffer } = require('node:buffer');
const { createHash } = require('node:crypto');
const { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { Script } = require('node:vm');

// esbuild is a native tool with its own binary: loaded from node_modules, never bundled
const EXTERNAL_PACKAGES = ['esbuild'];
const root = realpathSync(path.resolve(__dirname, '..'));
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run-ts.cjs <entry.ts> [args...]\n');
  process.exit(2);
}
const entry = path.resolve(entryArg);
const checkout = `${path.basename(root).replace(/[^A-Za-z0-9]+/g, '_')}-${createHash('sha1').update(root).digest('hex').slice(0, 12)}`;
const cacheDir = path.join(root, 'node_modules', '.cache', 'run-ts', checkout);
const key = path.relative(root, entry).replace(/[^A-Za-z0-9]+/g, '_');
const outfile = path.join(cacheDir, `${key}.cjs`);
const stampFile = path.join(cacheDir, `${key}.inputs.json`);
const codeCacheFile = path.join(cacheDir, `${key}.v8-cache`);
// a new runner or esbuild version rebuilds
const runnerStamp = digest(
  Buffer.concat([readFileSync(__filename), readFileSync(path.join(root, 'node_modules', 'esbuild', 'package.json'))]),
);

const BUNDLE_TAG = '// run-ts bundle ';
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_END = '\n});';

function digest(buffer) {
  return createHash('sha1').update(buffer).digest('hex');
}

// cdk8s loads child_process as it starts but uses it only for Helm charts and `Yaml.load` of a URL. In the bundle its
// modules get a stand-in that loads node's module on first use (it takes about 3 ms to load): a function becomes a
// function that calls (or constructs) the module's, any other value a getter.
const LAZY_CHILD_PROCESS_IMPORTERS = /(^|\/)node_modules\/cdk8s\//;

/** The source of the stand-in for built-in module `name`. */
function lazyBuiltinSource(name) {
  const real = require(`node:${name}`);
  const lines = [
    `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(`node:${name}`)}));`,
    // `new` of a stand-in makes an instance of the real class, which `instanceof` the stand-in recognises, and
    // util.promisify finds the real function's own promise form (exec's resolves with stdout and stderr)
    'const custom = Symbol.for("nodejs.util.promisify.custom");',
    'function standIn(key) {',
    '  const f = function (...args) { const real = load()[key]; return new.target ? Reflect.construct(real, args, new.target === f ? real : new.target) : real.apply(this, args); };',
    '  Object.defineProperty(f, custom, { get: () => load()[key][custom] });',
    '  Object.defineProperty(f, Symbol.hasInstance, { value: (value) => value instanceof load()[key] });',
    '  return f;',
    '}',
  ];
  for (const key of Object.keys(real).sort()) {
    const k = JSON.stringify(key);
    lines.push(
      typeof real[key] === 'function'
        ? `exports[${k}] = standIn(${k});`
        : `Object.defineProperty(exports, ${k}, { enumerable: true, get: () => load()[${k}] });`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The esbuild plugin that gives cdk8s's modules the stand-in for child_process. */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      LAZY_CHILD_PROCESS_IMPORTERS.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({ contents: lazyBuiltinSource(args.path), loader: 'js' }));
  },
};

/** A file's size and modification time, as the stamp records them (a source's then followed by its hash). */
function sizeAndTime(stat) {
  return `${stat.size}:${stat.mtimeMs}`;
}

const isPackageFile = (file) => file.startsWith('node_modules/') || file.includes('/node_modules/');

/**
 * What a bundle input is recorded by: installed packages by size and modification time (they change only with an
 * install, and are many and large); project sources by those and their content's hash, as esbuild loaded them (see
 * {@link sourceRecorder}), else as read now.
 */
function signature(file, builtAt, loaded) {
  if (loaded.has(file)) return loaded.get(file);
  const full = path.resolve(root, file);
  // packages: the project's, or another checkout's when node_modules is a link to it (esbuild names real paths)
  const stat = statSync(full);
  if (isPackageFile(file)) return sizeAndTime(stat);
  // a source edited since the build started may not be what esbuild read: recorded so that it never matches (a time
  // in the future says nothing of when it was edited)
  if (changedSince(stat.mtimeMs, builtAt)) return `${sizeAndTime(stat)}:edited-during-the-build`;
  return `${sizeAndTime(stat)}:${digest(readFileSync(full))}`;
}

// project files that shape the bundle without being part of it
const PROJECT_SETTINGS = ['tsconfig.json', 'package.json'];

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.json': 'json' };

// A file added where an import is resolved can change what it resolves to while no input changes (`./x` is
// x/index.ts until an x.ts appears, x.js until an x.ts does, a folder's package.json names its main file). So the
// stamp also records the project's folders where esbuild resolves and looks: the folder holding each relative or
// absolute import's target, the target when it is a folder, the folder of every source (a glob import, a
// package.json's main), and the folders above each in the checkout, by their real path and the names in them an
// import can resolve to; their package.json and tsconfig.json files are recorded by content, as sources are. Notes,
// outputs, declaration files and an editor's hidden files change nothing there. (tsconfig paths are not followed.)
const RESOLVABLE = /\.(tsx?|mts|cts|jsx?|mjs|cjs|css|json)$/;
const NOT_RESOLVED = /^\.|\.d\.[cm]?ts$/;
const resolvable = (name) => RESOLVABLE.test(name) && !NOT_RESOLVED.test(name);
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];
// a relative or absolute specifier (or glob pattern), which names a path rather than a package
const PATH_SPECIFIER = /^(\.\.?(\/|$)|\/)/;

// the stamp's key of a folder a glob import can match in: its listing has its subfolders' names too
const GLOB = '**:';

/** A folder of the stamp's listings by its key: its path, and whether its subfolders' names are listed. */
const folderOf = (key) => (key.startsWith(GLOB) ? { full: `${root}/${key.slice(GLOB.length)}`, withFolders: true } : { full: `${root}/${key}`, withFolders: false });

/**
 * The hash of the real path of folder `full` and of the names in it an import can resolve to (and of its subfolders
 * with `withFolders`).
 */
function listingOf(full, withFolders = false) {
  const names = [];
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (withFolders && entry.isDirectory() && !entry.name.startsWith('.')) names.push(`${entry.name}/`);
    if (!resolvable(entry.name)) continue;
    // a link with where it points: pointed elsewhere, the same name resolves to another file
    names.push(entry.isSymbolicLink() ? `${entry.name} -> ${readlinkSync(path.join(full, entry.name))}` : entry.name);
  }
  return digest(Buffer.from([realpathSync(full), ...names.sort()].join('\n')));
}

/** Whether a name of folder `full` an import can resolve to was created, replaced or changed since `builtAt`. */
function namesChangedSince(full, builtAt) {
  return readdirSync(full).some((name) => resolvable(name) && changedSince(lstatSync(path.join(full, name)).ctimeMs, builtAt));
}

/** A folder's identity and time, as the stamp records them: a link retargeted to a folder of the same time shows. */
const folderStat = (stat) => `${stat.dev}.${stat.ino}:${stat.mtimeMs}`;

/** A path as the stamp records it: relative to the root, `/`-separated. */
const relative = (full) => path.relative(root, full).split(path.sep).join('/') || '.';

// how far behind the clock a file's time may be: the kernel stamps files with a clock that advances by ticks
const STAMP_LAG_MS = 20;

/**
 * Whether what has time `time` may have changed since `builtAt` (a build's start): the time is later, allowing for
 * the file system's lag, and for RACY_MS more when the time is in whole seconds (a file system that keeps no finer
 * ones). A time in the future says nothing of when it changed.
 */
function changedSince(time, builtAt) {
  const margin = STAMP_LAG_MS + (time % 1000 === 0 ? RACY_MS : 0);
  return time >= builtAt - margin && time <= Date.now();
}

/** The listing of every folder the last stamp recorded, taken before a build starts (none without a stamp). */
function listingsBefore() {
  const before = {};
  let previous;
  try {
    previous = JSON.parse(readFileSync(stampFile, 'utf8')).listings;
  } catch {
    return before;
  }
  for (const dir in previous ?? {}) {
    try {
      const { full, withFolders } = folderOf(dir);
      before[dir] = listingOf(full, withFolders);
    } catch {
      // a folder gone since: recorded afresh if the build looks there
    }
  }
  return before;
}

/**
 * The listings of the project's folders where esbuild resolved and looked (see above), from the build's metafile,
 * with their package.json and tsconfig.json files added to `loaded`. Listed after the build, a folder that changed
 * since it started may not be what esbuild saw, and is recorded so that it never matches: its listing differs from
 * `before`'s (taken before the build), or, for a folder the last stamp did not have, its time is later.
 */
function folderListings(metafile, builtAt, before, loaded) {
  const listings = {};
  const recordOne = (full, withFolders = false) => {
    const dir = `${withFolders ? GLOB : ''}${relative(full)}`;
    if (isPackageFile(dir) || dir in listings) return;
    let first;
    let listing;
    let changed;
    try {
      first = statSync(full, { throwIfNoEntry: false });
      if (!first?.isDirectory()) return;
      listing = listingOf(full, withFolders);
      const last = statSync(full);
      // changed while it was listed; else, as before the build (a name removed and put back since counts too), or,
      // for a folder the last stamp did not have, not since the build started
      const recent = changedSince(last.mtimeMs, builtAt);
      changed =
        folderStat(first) !== folderStat(last) ||
        (dir in before ? before[dir] !== listing || (recent && namesChangedSince(full, builtAt)) : recent);
    } catch {
      // gone or unreadable since the build: never matches
      listings[dir] = 'gone:changed-during-the-build';
      return;
    }
    listings[dir] = `${folderStat(first)}:${changed ? 'changed-during-the-build' : listing}`;
    if (withFolders) return;
    for (const name of CONFIG_FILES) {
      const file = path.join(full, name);
      const fileStat = statSync(file, { throwIfNoEntry: false });
      if (!fileStat?.isFile() || loaded.has(relative(file))) continue;
      loaded.set(relative(file), `${sizeAndTime(fileStat)}:${changedSince(fileStat.mtimeMs, builtAt) ? 'edited-during-the-build' : digest(readFileSync(file))}`);
    }
  };
  // esbuild reads a folder's parents with it (for their tsconfig.json and package.json); outside the checkout (an
  // entry elsewhere), the folder alone. A folder seen before was recorded with every folder above it.
  const seen = new Set();
  const record = (full) => {
    for (let dir = full; !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      recordOne(dir);
      const rel = path.relative(root, dir);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return;
    }
  };
  const recordTree = (base) => {
    record(base);
    const walk = (dir) => {
      recordOne(dir, true);
      let entries = [];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        // recorded as gone above
      }
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(path.join(dir, e.name));
    };
    walk(base);
  };
  // the folder the entry is named in (a link there, pointed elsewhere, is another entry)
  record(path.dirname(entry));
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (isPackageFile(file) || file.startsWith('lazy-builtin:')) continue;
    const full = path.resolve(root, file);
    // the folder of every source (a glob import's, a package.json main's), and of each relative or absolute import
    // (where x.ts, x.js and x/ compete), and the import's target when it is a folder (x/index.ts, x/package.json)
    record(path.dirname(full));
    for (const { original, path: pattern } of input.imports) {
      // a glob import (a template in require() or import()): esbuild names its pattern, the text before the template
      // fixed, the rest `*` or `**`; every folder it can match in, with its subfolders' names
      if (original === undefined && pattern.includes('*') && PATH_SPECIFIER.test(pattern)) {
        recordTree(path.resolve(path.dirname(full), pattern.slice(0, pattern.lastIndexOf('/', pattern.indexOf('*')) + 1)));
        continue;
      }
      if (original === undefined || !PATH_SPECIFIER.test(original)) continue;
      const target = path.resolve(path.dirname(full), original);
      record(path.dirname(target));
      if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) record(target);
    }
  }
  return listings;
}

/**
 * An esbuild plugin that loads the project's sources itself and records each one into `loaded`: its size and time,
 * taken before it is read, and the hash of the very bytes the bundle is built from. An edit made while esbuild runs
 * then shows at the next check whatever the file system's clock or time resolution: the recorded time is older than
 * the edit, or too recent for the stat to vouch for the content, which is compared.
 */
function sourceRecorder(loaded) {
  return {
    name: 'record-sources',
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|cts|tsx|js|mjs|cjs|json)$/ }, (args) => {
        const file = relative(args.path);
        if (isPackageFile(file)) return undefined;
        const stat = statSync(args.path);
        const contents = readFileSync(args.path);
        loaded.set(file, `${sizeAndTime(stat)}:${digest(contents)}`);
        return { contents, loader: LOADERS[path.extname(args.path)] };
      });
    },
  };
}

// how much older than the stamp's last check (the build, or a later run that compared sources by content) a source's
// modification time must be for its size and time to vouch for its content (as git trusts a file's stat unless it may
// have changed in the same clock tick as the index: file systems keep times to a few milliseconds, some to seconds)
const RACY_MS = 2000;

/**
 * The stamp of the bundle when it exists and every file it was built from still has the content it had then: a
 * package file when its size and time are the recorded ones, a source also when they are and it is older than the
 * stamp's last check by more than RACY_MS, else when its content has the recorded hash. When sources were compared by
 * content (a copy of the project made just before its first run, a file touched but not changed) and are old enough
 * now, the stamp records their size and time and this check's time, so that later runs trust their stat again (as git
 * rewrites its index) instead of hashing them on every run.
 */
function freshStamp() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
  if (
    stamp.runner !== runnerStamp ||
    stamp.root !== root ||
    typeof stamp.checkedAt !== 'number' ||
    typeof stamp.bundle !== 'string' ||
    typeof stamp.listings !== 'object'
  ) {
    return undefined;
  }
  const startedAt = Date.now();
  let vouchedFor = false;
  try {
    for (const file in stamp.inputs) {
      const recorded = stamp.inputs[file];
      // the paths are relative and the root a real absolute path: joined without path.resolve, which took a third of
      // this check's time
      const full = `${root}/${file}`;
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat === undefined) return undefined;
      const now = sizeAndTime(stat);
      if (isPackageFile(file)) {
        if (now !== recorded) return undefined;
        continue;
      }
      if (recorded.startsWith(`${now}:`) && stat.mtimeMs < stamp.checkedAt - RACY_MS) continue;
      // an edit always shows: a source whose stat changed, or that changed near the check, is compared by content
      const hash = digest(readFileSync(full));
      if (recorded.slice(recorded.lastIndexOf(':') + 1) !== hash) return undefined;
      stamp.inputs[file] = `${now}:${hash}`;
      vouchedFor ||= stat.mtimeMs < startedAt - RACY_MS;
    }
    // a directory's time changes with any name added, removed or renamed in it (an editor's save by rename too): its
    // resolvable names are compared then, as a source's content is
    for (const dir in stamp.listings) {
      const recorded = stamp.listings[dir];
      const { full, withFolders } = folderOf(dir);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat === undefined) return undefined;
      if (recorded.startsWith(`${folderStat(stat)}:`) && stat.mtimeMs < stamp.checkedAt - RACY_MS) continue;
      const listing = listingOf(full, withFolders);
      if (recorded.slice(recorded.lastIndexOf(':') + 1) !== listing) return undefined;
      stamp.listings[dir] = `${folderStat(stat)}:${listing}`;
      vouchedFor ||= stat.mtimeMs < startedAt - RACY_MS;
    }
  } catch {
    return undefined;
  }
  if (vouchedFor) {
    try {
      writeAtomically(stampFile, JSON.stringify({ ...stamp, checkedAt: startedAt }));
    } catch {
      // the stamp is an optimisation: a read-only node_modules only hashes those sources again
    }
  }
  return stamp;
}

/** Builds the bundle and its stamp, and returns the bundle's text (its tag line first). */
async function rebuild() {
  const builtAt = Date.now();
  const esbuild = require('esbuild');
  const before = listingsBefore();
  const loaded = new Map();
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    metafile: true,
    write: false,
    logLevel: 'error',
    // keeps the source paths relative to the project in stack traces and in the stamp
    absWorkingDir: root,
    define: { 'process.env.RUN_TS_PROJECT_ROOT': JSON.stringify(root) },
    // smaller to read; names are kept, so a stack trace (--debug) still names its functions
    minifyWhitespace: true,
    plugins: [lazyBuiltins, sourceRecorder(loaded)],
  });
  const listings = folderListings(result.metafile, builtAt, before, loaded);
  const inputs = {};
  // esbuild also reads the project's tsconfig.json (class fields, decorators, paths) and package.json, which its
  // metafile does not list
  const settings = PROJECT_SETTINGS.filter((file) => statSync(path.join(root, file), { throwIfNoEntry: false }) !== undefined);
  const read = [...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('lazy-builtin:')), ...settings, ...loaded.keys()];
  for (const file of [...new Set(read)].sort()) {
    inputs[file] = signature(file, builtAt, loaded);
  }
  mkdirSync(cacheDir, { recursive: true });
  const code = `${WRAPPER_START}${result.outputFiles[0].text}${WRAPPER_END}`;
  // write-then-rename, so a run started in parallel never loads a half-written bundle; its hash travels in it, and
  // the stamp names it
  const tag = `${BUNDLE_TAG}${/^\p{ASCII}*$/u.test(code) ? 'ascii ' : ''}${digest(Buffer.from(code))}\n`;
  writeAtomically(outfile, `${tag}${code}`);
  writeAtomically(stampFile, JSON.stringify({ runner: runnerStamp, root, bundle: tag, checkedAt: builtAt, inputs, listings }));
  return `${tag}${code}`;
}

function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/**
 * Runs the bundle as node runs a CommonJS module, compiled with its V8 code cache when there is one made from this very
 * bundle; without one, saves one when the process exits (by then it holds every function the run compiled), unless
 * the run only printed its usage or ended in an error. A run without arguments (the command as the README shows it,
 * `npm run synth`) does not use a cache made by a run with arguments, and saves its own: `synth -- --all` compiles
 * every environment, and its 2.3 MB cache made each later tutorial synth about 12 ms slower than its own 1.8 MB.
 * Reads the bundle file and runs it when its tag is `expectedTag`, else runs nothing and returns false (another run
 * built another since the stamp was read); runs `built`, the text this run just built, when given (whatever a
 * concurrent build has put in the file since).
 */
function runBundle(expectedTag, built) {
  let text = built;
  if (text === undefined) {
    const bytes = readFileSync(outfile);
    const found = bytes.subarray(0, bytes.indexOf(10) + 1).toString('latin1');
    if (found !== expectedTag) return false;
    text = bytes.toString(found.startsWith(`${BUNDLE_TAG}ascii `) ? 'latin1' : 'utf8');
  }
  const tag = text.slice(0, text.indexOf('\n') + 1);
  const plainRun = args.length === 0;
  const found = readCodeCache(tag);
  const cache = found !== undefined && (found.plainRun || !plainRun) ? found.data : undefined;
  const script = new Script(text, { filename: outfile, cachedData: cache });
  // a run that only prints its usage, or stops at a mistyped option or another error, compiles little of the program,
  // and its cache would leave every later run compiling the rest (35 ms more per tutorial synth): the next run that
  // ends well saves one instead
  const usageOnly = args.includes('--help') || args.includes('-h');
  if ((cache === undefined || script.cachedDataRejected) && !usageOnly) {
    process.once('exit', (code) => {
      if (code !== 0) return;
      try {
        const header = `${tag}${plainRun ? PLAIN_RUN : RUN_WITH_ARGUMENTS}`;
        writeAtomically(codeCacheFile, Buffer.concat([Buffer.from(header), script.createCachedData()]));
      } catch {
        // a cache is an optimisation: a read-only node_modules only loses the speed-up
      }
    });
  }
  const module = { exports: {}, filename: outfile, id: outfile, loaded: false, children: [], paths: [] };
  script.runInThisContext().call(module.exports, module.exports, createRequire(outfile), module, outfile, path.dirname(outfile));
  return true;
}

// the line after the bundle's tag in a code cache file: which run made it
const PLAIN_RUN = 'made by a run without arguments\n';
const RUN_WITH_ARGUMENTS = 'made by a run with arguments\n';

/** The V8 code cache saved for the bundle tagged `tag`, and whether a run without arguments made it; or undefined. */
function readCodeCache(tag) {
  try {
    const data = readFileSync(codeCacheFile);
    if (!tag.startsWith(BUNDLE_TAG) || data.subarray(0, tag.length).toString() !== tag) return undefined;
    for (const [line, plainRun] of [[PLAIN_RUN, true], [RUN_WITH_ARGUMENTS, false]]) {
      if (data.subarray(tag.length, tag.length + line.length).toString() === line) return { data: data.subarray(tag.length + line.length), plainRun };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

process.argv = [process.argv[0], entry, ...args];
const stamp = freshStamp();
if (!stamp || !runBundle(stamp.bundle)) rebuild().then((built) => runBundle(undefined, built));
