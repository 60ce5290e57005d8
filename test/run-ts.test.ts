// The synth runner must never run a stale bundle: an edited source is picked up on the next run, and a checkout runs
// its own sources and reads its own files even when its node_modules is another checkout's.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const runner = path.join(__dirname, '..', 'scripts', 'run-ts.cjs');

describe('scripts/run-ts.cjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'run-ts-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    // the bundles of this test's entry, in this checkout's cache
    const cache = path.join(__dirname, '..', 'node_modules', '.cache', 'run-ts');
    const key = path.basename(dir).replace(/[^A-Za-z0-9]+/g, '_');
    for (const checkout of existsSync(cache) ? readdirSync(cache, { withFileTypes: true }) : []) {
      if (!checkout.isDirectory()) continue;
      for (const file of readdirSync(path.join(cache, checkout.name)).filter((name) => name.includes(key)))
        rmSync(path.join(cache, checkout.name, file), { force: true });
    }
  });

  const run = (...args: string[]) => execFileSync('node', [runner, path.join(dir, 'entry.ts'), ...args], { encoding: 'utf8' });

  test('runs a TypeScript entry with its imports and arguments, and picks up every edit of an imported file', () => {
    writeFileSync(
      path.join(dir, 'entry.ts'),
      "import { greeting } from './greeting';\nconsole.log(`${greeting} ${process.argv.slice(2).join(' ')}`);\n",
    );
    writeFileSync(path.join(dir, 'greeting.ts'), "export const greeting: string = 'hello';\n");
    expect(run('a', 'b')).toEqual('hello a b\n');
    expect(run('again')).toEqual('hello again\n');
    writeFileSync(path.join(dir, 'greeting.ts'), "export const greeting: string = 'howdy';\n");
    expect(run('c')).toEqual('howdy c\n');
  });

  test('an edit of a long-unchanged file (whose stat vouches for it until then) is picked up', () => {
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, "console.log('aaaa');\n");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(entry, hourAgo, hourAgo);
    expect(run()).toEqual('aaaa\n');
    expect(run()).toEqual('aaaa\n');
    writeFileSync(entry, "console.log('bbbb');\n");
    expect(run()).toEqual('bbbb\n');
  });

  test("V8's code cache is saved by the first run after a build that ends well and does more than print its usage", () => {
    writeFileSync(
      path.join(dir, 'entry.ts'),
      "if (process.argv.includes('--bogus')) process.exitCode = 2;\nconsole.log(process.argv.includes('--help') ? 'usage' : 'work');\n",
    );
    const key = path.basename(dir).replace(/[^A-Za-z0-9]+/g, '_');
    const caches = () => {
      const cache = path.join(__dirname, '..', 'node_modules', '.cache', 'run-ts');
      return readdirSync(cache, { recursive: true }).map(String).filter((f) => f.includes(key) && f.endsWith('.v8-cache'));
    };
    expect(run('--help')).toEqual('usage\n');
    // a mistyped option: the command stops early, having compiled little of the program
    expect(spawnSync('node', [runner, path.join(dir, 'entry.ts'), '--bogus']).status).toBe(2);
    expect(caches()).toEqual([]);
    expect(run('-h')).toEqual('work\n');
    expect(caches()).toEqual([]);
    expect(run()).toEqual('work\n');
    expect(caches()).toHaveLength(1);
  });

  test('a run without arguments does not use a code cache made by a run with arguments, and saves its own', () => {
    // with --more, the entry compiles a function a run without arguments never calls
    writeFileSync(
      path.join(dir, 'entry.ts'),
      [
        'function more(): number {',
        ...Array.from({ length: 200 }, (_, i) => `  if (process.argv.length > ${i + 100}) return ${i};`),
        '  return -1;',
        '}',
        "console.log(process.argv.includes('--more') ? more() : 'plain');",
      ].join('\n'),
    );
    const key = path.basename(dir).replace(/[^A-Za-z0-9]+/g, '_');
    const cacheFile = () => {
      const cache = path.join(__dirname, '..', 'node_modules', '.cache', 'run-ts');
      const found = readdirSync(cache, { recursive: true }).map(String).filter((f) => f.includes(key) && f.endsWith('.v8-cache'));
      return found.length === 1 ? readFileSync(path.join(cache, found[0])) : undefined;
    };
    const madeBy = (bytes: Buffer | undefined) => bytes?.toString('latin1').split('\n')[1];
    expect(run('--more')).toEqual('-1\n');
    const withArguments = cacheFile();
    expect(madeBy(withArguments)).toEqual('made by a run with arguments');
    expect(run()).toEqual('plain\n');
    const plain = cacheFile();
    expect(madeBy(plain)).toEqual('made by a run without arguments');
    expect(plain!.length).toBeLessThan(withArguments!.length);
    // from then on every run uses the plain run's cache, and none replaces it
    expect(run('--more')).toEqual('-1\n');
    expect(run()).toEqual('plain\n');
    expect(cacheFile()).toEqual(plain);
  });

  test("the project's commands bundle to ASCII, which is read as Latin-1 (a regex literal outside ASCII makes it UTF-8)", () => {
    const root = realpathSync(path.join(__dirname, '..'));
    const checkout = `${path.basename(root).replace(/[^A-Za-z0-9]+/g, '_')}-${createHash('sha1').update(root).digest('hex').slice(0, 12)}`;
    for (const entry of ['main.ts', 'bin/lint.ts', 'bin/check.ts']) {
      execFileSync('node', [runner, path.join(root, entry), '--help'], { cwd: root, stdio: 'ignore' });
      const bundle = path.join(root, 'node_modules', '.cache', 'run-ts', checkout, `${entry.replace(/[^A-Za-z0-9]+/g, '_')}.cjs`);
      expect([entry, readFileSync(bundle, 'latin1').split('\n')[0]]).toEqual([entry, expect.stringMatching(/^\/\/ run-ts bundle ascii [0-9a-f]+$/)]);
    }
  });

  test('text outside ASCII comes out as written, whether the bundle is ASCII (strings escaped) or not (a regex literal)', () => {
    writeFileSync(path.join(dir, 'entry.ts'), "console.log('grüße μs');\n");
    expect(run()).toEqual('grüße μs\n');
    expect(run()).toEqual('grüße μs\n');
    writeFileSync(path.join(dir, 'entry.ts'), "console.log('grüße', /ü+/.exec('xüüy')![0]);\n");
    expect(run()).toEqual('grüße üü\n');
    expect(run()).toEqual('grüße üü\n');
  });

  test("cdk8s's child_process is loaded when cdk8s first calls it, and works as node's", () => {
    const cdk8sChildProcess = path.join(__dirname, '..', 'node_modules', 'cdk8s', 'lib', '_child_process');
    writeFileSync(
      path.join(dir, 'entry.ts'),
      [
        `import { _child_process } from ${JSON.stringify(cdk8sChildProcess)};`,
        "const loaded = () => (process as any).moduleLoadList.includes('NativeModule child_process');",
        'const before = loaded();',
        "const child = _child_process.spawnSync(process.execPath, ['-e', 'process.stdout.write(`ran`)'], { encoding: 'utf8' });",
        'console.log(before, child.stdout, child.status, loaded());',
      ].join('\n'),
    );
    run(); // the run that builds the bundle has loaded child_process itself, to run esbuild
    expect(run()).toEqual('false ran 0 true\n');
  });

  test('the stand-in constructs the real class, passes instanceof, and gives util.promisify the real promise form', () => {
    // a module of a package named cdk8s gets the stand-in, as cdk8s's own do
    mkdirSync(path.join(dir, 'node_modules', 'cdk8s'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'cdk8s', 'index.js'), "module.exports = require('child_process');\n");
    writeFileSync(
      path.join(dir, 'entry.ts'),
      [
        "import { promisify } from 'node:util';",
        "import * as real from 'node:child_process';",
        "const standIn = require('cdk8s');",
        'const child = new standIn.ChildProcess();',
        'console.log(standIn.ChildProcess === real.ChildProcess, child instanceof real.ChildProcess, child instanceof standIn.ChildProcess);',
        "promisify(standIn.execFile)(process.execPath, ['-e', 'process.stdout.write(`out`); process.stderr.write(`err`)'])",
        '  .then((r: { stdout: string; stderr: string }) => console.log(r.stdout, r.stderr));',
      ].join('\n'),
    );
    expect(run()).toEqual('false true true\nout err\n');
  });

  test("the stamp holds the project's tsconfig.json and package.json, which esbuild reads but does not list", () => {
    writeFileSync(path.join(dir, 'entry.ts'), "console.log('aaaa');\n");
    expect(run()).toEqual('aaaa\n');
    const key = path.basename(dir).replace(/[^A-Za-z0-9]+/g, '_');
    const cache = path.join(__dirname, '..', 'node_modules', '.cache', 'run-ts');
    const stampFile = readdirSync(cache, { recursive: true }).map(String).find((f) => f.endsWith(`${key}_entry_ts.inputs.json`))!;
    const inputs = JSON.parse(readFileSync(path.join(cache, stampFile), 'utf8')).inputs as Record<string, string>;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['tsconfig.json', 'package.json']));
  });

  // sources and folders an hour old, so that their times vouch for them: a run then rebuilds only for a change
  const age = (...paths: string[]) => {
    const hourAgo = Date.now() / 1000 - 3600;
    // each a different time: two folders with one time are still told apart, by their identity
    paths.forEach((p, i) => utimesSync(path.join(dir, p), hourAgo - i, hourAgo - i));
  };
  const bundleTime = () => {
    const key = path.basename(dir).replace(/[^A-Za-z0-9]+/g, '_');
    const cache = path.join(__dirname, '..', 'node_modules', '.cache', 'run-ts');
    const bundle = readdirSync(cache, { recursive: true }).map(String).find((f) => f.endsWith(`${key}_entry_ts.cjs`))!;
    return statSync(path.join(cache, bundle)).mtimeMs;
  };
  /** The first run builds the bundle; the next, with nothing changed, runs the same one. */
  const builtOnceThenKept = (printed: string) => {
    expect(run()).toEqual(printed);
    const built = bundleTime();
    expect(run()).toEqual(printed);
    expect(bundleTime()).toEqual(built);
  };

  test('a file added beside the inputs that changes what an unchanged import resolves to is picked up', () => {
    writeFileSync(path.join(dir, 'entry.ts'), "import { name } from './greeting';\nimport { other } from './other';\nconsole.log(name, other);\n");
    mkdirSync(path.join(dir, 'greeting'));
    writeFileSync(path.join(dir, 'greeting', 'index.ts'), "export const name = 'index';\n");
    writeFileSync(path.join(dir, 'other.js'), "exports.other = 'js';\n");
    age('entry.ts', 'greeting/index.ts', 'other.js', 'greeting', '.');
    builtOnceThenKept('index js\n');
    // esbuild takes greeting.ts before greeting/index.ts, and other.ts before other.js
    writeFileSync(path.join(dir, 'greeting.ts'), "export const name = 'file';\n");
    expect(run()).toEqual('file js\n');
    writeFileSync(path.join(dir, 'other.ts'), "export const other = 'ts';\n");
    expect(run()).toEqual('file ts\n');
    rmSync(path.join(dir, 'greeting.ts'));
    expect(run()).toEqual('index ts\n');
  });

  test("a folder's package.json, and a link to another folder, are followed too", () => {
    writeFileSync(path.join(dir, 'entry.ts'), "import { a } from './lib/pkg';\nimport { b } from './linked/b';\nconsole.log(a, b);\n");
    mkdirSync(path.join(dir, 'lib', 'pkg', 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'lib', 'pkg', 'package.json'), '{ "main": "dist/main.js" }\n');
    writeFileSync(path.join(dir, 'lib', 'pkg', 'dist', 'main.js'), "exports.a = 'main';\n");
    writeFileSync(path.join(dir, 'lib', 'pkg', 'dist', 'next.js'), "exports.a = 'next';\n");
    for (const target of ['one', 'two']) {
      mkdirSync(path.join(dir, target));
      writeFileSync(path.join(dir, target, 'b.ts'), `export const b = '${target}';\n`);
    }
    symlinkSync(path.join(dir, 'one'), path.join(dir, 'linked'));
    age('entry.ts', 'lib/pkg/package.json', 'lib/pkg/dist/main.js', 'lib/pkg/dist/next.js', 'one/b.ts', 'two/b.ts', 'lib/pkg/dist', 'lib/pkg', 'lib', 'one', 'two', '.');
    builtOnceThenKept('main one\n');
    writeFileSync(path.join(dir, 'lib', 'pkg', 'package.json'), '{ "main": "dist/next.js" }\n');
    expect(run()).toEqual('next one\n');
    rmSync(path.join(dir, 'linked'));
    symlinkSync(path.join(dir, 'two'), path.join(dir, 'linked'));
    expect(run()).toEqual('next two\n');
    writeFileSync(path.join(dir, 'lib', 'pkg.ts'), "export const a = 'file';\n");
    expect(run()).toEqual('file two\n');
  });

  test('a link to a source, or the entry itself as a link, pointed elsewhere is picked up', () => {
    for (const version of ['v1', 'v2']) {
      mkdirSync(path.join(dir, version));
      writeFileSync(path.join(dir, version, 'e.ts'), `import { x } from '../sl/x';\nconsole.log('${version}', x);\n`);
      writeFileSync(path.join(dir, `${version}.ts`), `export const x = 'x${version}';\n`);
    }
    mkdirSync(path.join(dir, 'sl'));
    symlinkSync(path.join(dir, 'v1.ts'), path.join(dir, 'sl', 'x.ts'));
    symlinkSync(path.join(dir, 'v1', 'e.ts'), path.join(dir, 'entry.ts'));
    age('v1/e.ts', 'v2/e.ts', 'v1.ts', 'v2.ts', 'v1', 'v2', 'sl', '.');
    builtOnceThenKept('v1 xv1\n');
    rmSync(path.join(dir, 'sl', 'x.ts'));
    symlinkSync(path.join(dir, 'v2.ts'), path.join(dir, 'sl', 'x.ts'));
    expect(run()).toEqual('v1 xv2\n');
    rmSync(path.join(dir, 'entry.ts'));
    symlinkSync(path.join(dir, 'v2', 'e.ts'), path.join(dir, 'entry.ts'));
    expect(run()).toEqual('v2 xv2\n');
  });

  test("a package.json main's file and a folder's tsconfig.json, which no import names, are followed too", () => {
    writeFileSync(path.join(dir, 'entry.ts'), "import { made } from './sub/made';\nimport { a } from './lib';\nconsole.log(made(), a);\n");
    // a folder's package.json whose main names no extension: dist/main.ts would come before dist/main.js
    mkdirSync(path.join(dir, 'lib', 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'lib', 'package.json'), '{ "main": "./dist/main" }\n');
    writeFileSync(path.join(dir, 'lib', 'dist', 'main.js'), "exports.a = 'main.js';\n");
    // a class field over a setter: defined (no setter call) unless the folder's tsconfig.json says otherwise
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(
      path.join(dir, 'sub', 'made.ts'),
      "class Base { set y(_v: number) { called = 'setter called'; } }\nclass Made extends Base { y = 2; }\nlet called = 'no setter';\nexport const made = () => (new Made(), called);\n",
    );
    writeFileSync(path.join(dir, 'sub', 'tsconfig.json'), '{ "compilerOptions": { "useDefineForClassFields": true } }\n');
    age('entry.ts', 'lib/package.json', 'lib/dist/main.js', 'sub/made.ts', 'sub/tsconfig.json', 'lib/dist', 'lib', 'sub', '.');
    builtOnceThenKept('no setter main.js\n');
    writeFileSync(path.join(dir, 'lib', 'dist', 'main.ts'), "export const a = 'main.ts';\n");
    expect(run()).toEqual('no setter main.ts\n');
    writeFileSync(path.join(dir, 'sub', 'tsconfig.json'), '{ "compilerOptions": { "useDefineForClassFields": false } }\n');
    expect(run()).toEqual('setter called main.ts\n');
  });

  test("a glob import's new match, beside the others, in a new subfolder or where none was, is picked up", () => {
    // a template in require(): esbuild bundles every file the pattern matches, and a new one must be found
    writeFileSync(
      path.join(dir, 'entry.ts'),
      [
        "const [data, more] = [process.argv[2] ?? 'a', process.argv[3]];",
        'console.log(require(`./data/${data}.json`).v);',
        'if (more) console.log(require(`./more/${more}.json`).v);',
      ].join('\n'),
    );
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'a.json'), '{ "v": "a" }\n');
    mkdirSync(path.join(dir, 'more'));
    age('entry.ts', 'data/a.json', 'data', 'more', '.');
    builtOnceThenKept('a\n');
    writeFileSync(path.join(dir, 'data', 'b.json'), '{ "v": "b" }\n');
    expect(run('b')).toEqual('b\n');
    mkdirSync(path.join(dir, 'data', 'deeper'));
    writeFileSync(path.join(dir, 'data', 'deeper', 'c.json'), '{ "v": "deeper c" }\n');
    expect(run('deeper/c')).toEqual('deeper c\n');
    writeFileSync(path.join(dir, 'more', 'm.json'), '{ "v": "m" }\n');
    expect(run('a', 'm')).toEqual('a\nm\n');
  });

  test('files no import resolves to (notes, outputs, folders, declarations, hidden files) leave the bundle as it is', () => {
    writeFileSync(path.join(dir, 'entry.ts'), "import { name } from './greeting';\nconsole.log(name);\n");
    writeFileSync(path.join(dir, 'greeting.ts'), "export const name = 'aaaa';\n");
    age('entry.ts', 'greeting.ts', '.');
    expect(run()).toEqual('aaaa\n');
    const built = bundleTime();
    writeFileSync(path.join(dir, 'NOTES.md'), 'notes\n');
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'out.yaml'), 'a: 1\n');
    writeFileSync(path.join(dir, 'types.d.ts'), 'export {};\n');
    writeFileSync(path.join(dir, '.#greeting.ts'), 'an editor lock\n');
    expect(run()).toEqual('aaaa\n');
    expect(bundleTime()).toEqual(built);
  });

  test('an edit that keeps the file size is picked up too', () => {
    writeFileSync(path.join(dir, 'entry.ts'), "console.log('aaaa');\n");
    expect(run()).toEqual('aaaa\n');
    writeFileSync(path.join(dir, 'entry.ts'), "console.log('bbbb');\n");
    expect(run()).toEqual('bbbb\n');
  });

  test('a source compared by content (its stat changed, its content did not) is trusted by its stat again afterwards', () => {
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, "console.log('aaaa');\n");
    expect(run()).toEqual('aaaa\n');
    const key = path.basename(dir).replace(/[^A-Za-z0-9]+/g, '_');
    const cache = path.join(__dirname, '..', 'node_modules', '.cache', 'run-ts');
    const stampFile = readdirSync(cache, { recursive: true }).map(String).find((f) => f.endsWith(`${key}_entry_ts.inputs.json`))!;
    const stamp = () => JSON.parse(readFileSync(path.join(cache, stampFile), 'utf8'));
    const recordOf = () => Object.entries(stamp().inputs as Record<string, string>).find(([file]) => file.endsWith('entry.ts'))![1];
    const built = stamp();
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(entry, hourAgo, hourAgo);
    expect(run()).toEqual('aaaa\n');
    // the same bundle, now vouched for by the new time, with a later check time
    expect(stamp().bundle).toEqual(built.bundle);
    expect(recordOf()).toEqual(`${statSync(entry).size}:${statSync(entry).mtimeMs}:${recordOf().split(':')[2]}`);
    expect(recordOf().split(':')[2]).toEqual(Object.entries(built.inputs as Record<string, string>).find(([file]) => file.endsWith('entry.ts'))![1].split(':')[2]);
    expect(stamp().checkedAt).toBeGreaterThan(built.checkedAt);
    writeFileSync(entry, "console.log('bbbb');\n");
    expect(run()).toEqual('bbbb\n');
  });
});

describe('scripts/run-ts.cjs in a checkout that is itself under a node_modules folder', () => {
  let work: string;
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('its folders are recorded like any checkout\'s: an x.ts added beside a bundled x/index.ts is picked up', () => {
    work = mkdtempSync(path.join(tmpdir(), 'run-ts-nested-'));
    // a checkout with the runner, a package.json and esbuild, at <work>/node_modules/checkout
    const checkout = path.join(work, 'node_modules', 'checkout');
    mkdirSync(path.join(checkout, 'scripts'), { recursive: true });
    mkdirSync(path.join(checkout, 'node_modules'));
    cpSync(runner, path.join(checkout, 'scripts', 'run-ts.cjs'));
    writeFileSync(path.join(checkout, 'package.json'), '{ "private": true }\n');
    symlinkSync(path.join(__dirname, '..', 'node_modules', 'esbuild'), path.join(checkout, 'node_modules', 'esbuild'));
    writeFileSync(path.join(checkout, 'entry.ts'), "import { name } from './greeting';\nconsole.log(name);\n");
    mkdirSync(path.join(checkout, 'greeting'));
    writeFileSync(path.join(checkout, 'greeting', 'index.ts'), "export const name = 'index';\n");
    const hourAgo = Date.now() / 1000 - 3600;
    for (const p of ['entry.ts', 'greeting/index.ts', 'greeting', '.']) utimesSync(path.join(checkout, p), hourAgo, hourAgo);
    const runHere = () => execFileSync('node', ['scripts/run-ts.cjs', 'entry.ts'], { cwd: checkout, encoding: 'utf8' });
    expect(runHere()).toEqual('index\n');
    writeFileSync(path.join(checkout, 'greeting.ts'), "export const name = 'file';\n");
    expect(runHere()).toEqual('file\n');
  });
});

describe('scripts/run-ts.cjs in two checkouts that share node_modules', () => {
  const root = path.join(__dirname, '..');
  let work: string;
  let a: string;
  let b: string;
  const probe = (checkout: string) => execFileSync('node', ['scripts/run-ts.cjs', 'probe.ts'], { cwd: checkout, encoding: 'utf8' });

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'run-ts-checkouts-'));
    a = path.join(work, 'a');
    b = path.join(work, 'b');
    for (const checkout of [a, b]) {
      for (const entry of ['main.ts', 'package.json', 'cdk8s.yaml', 'scripts', 'src', 'constructs', 'imports'])
        cpSync(path.join(root, entry), path.join(checkout, entry), { recursive: true });
      writeFileSync(
        path.join(checkout, 'probe.ts'),
        "import { schemaFor } from './src/validate/schemas';\nconsole.log(schemaFor('networking.istio.io/v1', 'Gateway') ? 'schema' : 'none');\n",
      );
    }
    // a's packages are the project's (linked one by one, so that a's cache is a's); b's node_modules is a's
    mkdirSync(path.join(a, 'node_modules'));
    for (const entry of readdirSync(path.join(root, 'node_modules')))
      if (entry !== '.cache') symlinkSync(path.join(root, 'node_modules', entry), path.join(a, 'node_modules', entry));
    symlinkSync(path.join(a, 'node_modules'), path.join(b, 'node_modules'));
    // the same sources, but b's schemas know no Gateway: only b's own files can tell
    const crds = path.join(b, 'imports', 'schemas', 'crds.json');
    const schemas = JSON.parse(readFileSync(crds, 'utf8'));
    // (every version of it: with another version left, lint would say that one is served instead, TT0042)
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) delete schemas[`networking.istio.io/${version}/Gateway`];
    writeFileSync(crds, JSON.stringify(schemas));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("each runs a bundle of its own that reads its own checkout's files", () => {
    expect(probe(a)).toEqual('schema\n');
    expect(probe(b)).toEqual('none\n');
    const cache = path.join(a, 'node_modules', '.cache', 'run-ts');
    expect(readdirSync(cache).map((name) => name.replace(/-[0-9a-f]{12}$/, '')).sort()).toEqual(['a', 'b']);
    const bundleOfA = path.join(cache, readdirSync(cache).find((name) => name.startsWith('a-'))!, 'probe_ts.cjs');
    const built = statSync(bundleOfA).mtimeMs;
    expect(probe(a)).toEqual('schema\n');
    expect(probe(b)).toEqual('none\n');
    // b's runs neither rebuilt a's bundle nor ran it
    expect(statSync(bundleOfA).mtimeMs).toEqual(built);
  });

  test('synth in the second checkout writes and reads that checkout only', () => {
    const run = spawnSync('node', ['scripts/run-ts.cjs', 'main.ts'], { cwd: b, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^synth: wrote \d+ objects in \d+ files to dist\/$/m);
    // b's schemas, not a's: the Gateway goes unchecked
    expect(run.stderr).toMatch(/\[TT0004\] \(Gateway .*no schema for Gateway/);
    expect(existsSync(path.join(b, 'dist', '00-namespace.yaml'))).toBe(true);
    expect(existsSync(path.join(a, 'dist'))).toBe(false);
  });
});
