#!/usr/bin/env node
// Runs a TypeScript entry point with no build step to remember, and fast enough to run on every edit.
//
// esbuild bundles the entry, the project sources and the packages it imports into node_modules/.cache/run-ts/, in a
// folder of the checkout's own (named by its real path): two checkouts may share one node_modules (by a symbolic
// link), and each must run its own sources. The bundle is built knowing its checkout (process.env.RUN_TS_PROJECT_ROOT
// is replaced by the checkout's path), since the bundle itself lives wherever node_modules really is.
// The bundle is reused while the content of every input is unchanged, so an edited .ts file is always picked up and
// an unchanged tree costs a hash per project source and a stat per package file. Bundling tree-shakes the generated
// Istio/Appsody bindings down to the classes the app uses, and saves node from resolving and compiling hundreds of package files one by one.
// `cdk8s` and `constructs` stay external: they must be the one instance every construct library shares, and
// cdk8s reads files next to its own modules.
// Type-checking is not done here: it is `npm test`'s job (tsc --noEmit), which keeps this hot path short.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED_PACKAGES = ['cdk8s', 'constructs', 'esbuild'];
const root = realpathSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run-ts.mjs <entry.ts> [args...]\n');
  process.exit(2);
}
const entry = path.resolve(entryArg);
const checkout = `${path.basename(root).replace(/[^A-Za-z0-9]+/g, '_')}-${createHash('sha1').update(root).digest('hex').slice(0, 12)}`;
const cacheDir = path.join(root, 'node_modules', '.cache', 'run-ts', checkout);
const key = path.relative(root, entry).replace(/[^A-Za-z0-9]+/g, '_');
const outfile = path.join(cacheDir, `${key}.cjs`);
const stampFile = path.join(cacheDir, `${key}.inputs.json`);
// a new runner or esbuild version rebuilds
const runnerStamp = digest(
  Buffer.concat([readFileSync(fileURLToPath(import.meta.url)), readFileSync(path.join(root, 'node_modules', 'esbuild', 'package.json'))]),
);

function digest(buffer) {
  return createHash('sha1').update(buffer).digest('hex');
}

/**
 * What a bundle input is compared by: the content of project sources (an edit must always show), and the size and
 * modification time of installed packages (which change only with an install, and are many and large).
 */
function signature(file) {
  const full = path.resolve(root, file);
  // packages: the project's, or another checkout's when node_modules is a link to it (esbuild names real paths)
  if (/(^|\/)node_modules\//.test(file)) {
    const stat = statSync(full);
    return `${stat.size}:${stat.mtimeMs}`;
  }
  return digest(readFileSync(full));
}

/** True when a bundle exists and every file it was built from still has the content it had then. */
function bundleIsFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  if (stamp.runner !== runnerStamp || stamp.root !== root) return false;
  for (const [file, expected] of Object.entries(stamp.inputs)) {
    try {
      if (signature(file) !== expected) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function rebuild() {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    external: SHARED_PACKAGES.flatMap((name) => [name, `${name}/*`]),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    metafile: true,
    write: false,
    logLevel: 'error',
    // keeps the source paths relative to the project in stack traces and in the stamp
    absWorkingDir: root,
    define: { 'process.env.RUN_TS_PROJECT_ROOT': JSON.stringify(root) },
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs).sort()) {
    inputs[file] = signature(file);
  }
  mkdirSync(cacheDir, { recursive: true });
  // write-then-rename, so a run started in parallel never loads a half-written bundle
  writeAtomically(outfile, result.outputFiles[0].contents);
  writeAtomically(stampFile, JSON.stringify({ runner: runnerStamp, root, inputs }));
}

function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

if (!bundleIsFresh()) {
  await rebuild();
}
process.argv = [process.argv[0], entry, ...args];
createRequire(import.meta.url)(outfile);
