// `npm run import`: the directory it reads from, and imports/ replaced so that a stopped import leaves the previous or
// the new complete set (no network: the pinned files are read from ../shared, and fetch throws).
import { spawn, spawnSync } from 'node:child_process';
import fs, { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importBookkeeping, ImportInputError, importSchemas, ImportSourceError, replaceImports } from '../src/codegen/import-schemas';
import { DirectoryLockedError } from '../src/files/directory-lock';
import { CommandFailure, InputError } from '../src/cli/command';
import { importCommand, importFailure } from '../src/cli/import';
import { SCHEMA_SOURCES } from '../src/codegen/sources';
import { filesUnder } from '../src/files/files-under';
import { runCli } from './support/cli';
import { inTemporaryDirectory } from './support/temporary-directory';

const projectDir = path.join(__dirname, '..');
const shared = path.join(projectDir, '..', 'shared');

/** Every file under `dir` with its content and modification time. */
function snapshot(dir: string): Record<string, [string, number]> {
  return Object.fromEntries(filesUnder(dir).map((f) => [f, [readFileSync(path.join(dir, f), 'utf8'), statSync(path.join(dir, f)).mtimeMs]]));
}

/** What is beside `dir` besides itself: a stopped or failed import's leftovers. */
const besides = (dir: string) => readdirSync(path.dirname(dir)).filter((name) => name.startsWith(`.${path.basename(dir)}.`));

let realFetch: typeof fetch;
beforeAll(() => {
  realFetch = globalThis.fetch;
  globalThis.fetch = () => Promise.reject(new Error('no network in tests'));
});
afterAll(() => {
  globalThis.fetch = realFetch;
});
afterEach(() => jest.restoreAllMocks());

describe('npm run import --from: unreadable input exits 2, naming the path and why', () => {
  // the project is the temporary directory (no cdk8s.yaml above it): nothing can reach this checkout's imports/
  const dir = inTemporaryDirectory('import-from-');

  test('an empty --from is a usage error, not a download', async () => {
    const outcome = await runCli(importCommand, ['--from', '']);
    expect(outcome).toMatchObject({ exitCode: 2, stdout: '' });
    expect(outcome.stderr).toBe("import: --from needs a directory, got ''; e.g. --from ../shared, or no --from to download\nrun `npm run import -- --help` for usage\n");
  });

  test.each([
    ['a missing directory', () => path.join(dir(), 'nope'), /^import: --from .*\/nope: no such file or directory \(ENOENT\) at .*\/nope; imports\/ left as it was\n$/],
    ['a file', () => (writeFileSync(path.join(dir(), 'file'), ''), path.join(dir(), 'file')), /^import: --from .*\/file: not a directory; give the directory /],
    ['a link to itself', () => (symlinkSync('loop', path.join(dir(), 'loop')), path.join(dir(), 'loop')), /^import: --from .*\/loop: too many symbolic links encountered \(ELOOP\) at .*\/loop; imports\/ left as it was\n$/],
    [
      // the loop is passed over (filesUnder does not walk into a folder it is already in), not walked until ELOOP
      'a directory with a loop of links in it',
      () => (mkdirSync(path.join(dir(), 'in')), symlinkSync('.', path.join(dir(), 'in', 'again')), path.join(dir(), 'in')),
      /^import: --from .*\/in: no file named \S+ \(\S+\) under it; imports\/ left as it was\n$/,
    ],
    ['a directory without the pinned files', () => (mkdirSync(path.join(dir(), 'empty')), path.join(dir(), 'empty')), /^import: --from .*\/empty: no file named \S+ \(\S+\) under it; imports\/ left as it was\n$/],
    [
      // a read of it would wait for a writer for ever
      'a FIFO with a pinned file\'s name',
      () => {
        mkdirSync(path.join(dir(), 'fifo'));
        expect(spawnSync('mkfifo', [path.join(dir(), 'fifo', SCHEMA_SOURCES[0].file)]).status).toBe(0);
        return path.join(dir(), 'fifo');
      },
      /^import: \S+\/fifo\/\S+ \(\S+\) is not a regular file \(a FIFO, socket or device\); it was not read; imports\/ left as it was\n$/,
    ],
  ])('%s', async (_what, from, message) => {
    const outcome = await runCli(importCommand, ['--from', from()]);
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stderr).not.toContain('unexpected');
    expect(outcome.exitCode).toBe(2);
    expect(existsSync(path.join(dir(), 'imports'))).toBe(false);
  });
});

describe('npm run import: where the pinned files come from, as the user gave it', () => {
  const dir = inTemporaryDirectory('import-source-');
  const saved = process.env.IMPORT_FROM;
  afterEach(() => {
    if (saved === undefined) delete process.env.IMPORT_FROM;
    else process.env.IMPORT_FROM = saved;
  });

  test('an empty IMPORT_FROM is a usage error, not a download', async () => {
    process.env.IMPORT_FROM = '';
    const fetched = jest.spyOn(globalThis, 'fetch');
    const outcome = await runCli(importCommand, []);
    expect(outcome).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'import: IMPORT_FROM needs a directory, got an empty value; e.g. IMPORT_FROM=../shared, or unset it to download\nrun `npm run import -- --help` for usage\n',
    });
    expect(fetched).not.toHaveBeenCalled();
  });

  test('a directory from IMPORT_FROM is named so in messages', async () => {
    process.env.IMPORT_FROM = path.join(dir(), 'nope');
    const outcome = await runCli(importCommand, []);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toBe(`import: IMPORT_FROM=${path.join(dir(), 'nope')}: no such file or directory (ENOENT) at ${path.join(dir(), 'nope')}; imports/ left as it was\n`);
    // a directory without the pinned files, named as given (relative, from the project root)
    mkdirSync(path.join(dir(), 'empty'));
    process.env.IMPORT_FROM = 'empty';
    expect((await runCli(importCommand, [])).stderr).toMatch(/^import: IMPORT_FROM=empty: no file named \S+ \(\S+\) under it; imports\/ left as it was\n$/);
    // --from wins over IMPORT_FROM
    const given = await runCli(importCommand, ['--from', path.join(dir(), 'empty')]);
    expect(given.stderr).toMatch(/^import: --from \S+\/empty: no file named /);
  });

  test('a relative directory is relative to the project root, wherever the import runs from', async () => {
    mkdirSync(path.join(dir(), 'sub'));
    process.chdir(path.join(dir(), 'sub'));
    await expect(importSchemas({ root: dir(), from: 'nope', log: () => undefined })).rejects.toThrow(
      new ImportInputError(`--from nope: no such file or directory (ENOENT) at ${path.join(dir(), 'nope')}`),
    );
  });

  test('a download that cannot reach the network names the URL and why, and the way to import offline', async () => {
    expect(SCHEMA_SOURCES[0].downloadable).toBe(true);
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND example.invalid') }));
    const outcome = await runCli(importCommand, []);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toBe(
      `import: ${SCHEMA_SOURCES[0].id}: GET ${SCHEMA_SOURCES[0].url} failed (fetch failed: getaddrinfo ENOTFOUND example.invalid); ` +
        'without a network, read the pinned files from a directory: npm run import -- --from ../shared; imports/ left as it was\n',
    );
    expect(existsSync(path.join(dir(), 'imports'))).toBe(false);
  });
});

describe("npm run import: what an import's error is to the command", () => {
  test('another import holding imports/ too long is a failure (exit 1) with the lock\'s message', () => {
    const locked = new DirectoryLockedError('/p/imports', 4321, '/p/.imports.import-lock', 'import');
    const failure = importFailure(locked);
    expect(failure).toBeInstanceOf(CommandFailure);
    expect((failure as Error).message).toBe(`${locked.message}; imports/ left as it was`);
  });

  test('unreadable input is an input error (exit 2), a changed pinned file a failure, anything else itself', () => {
    const unreadable = importFailure(new ImportInputError('--from x: gone'));
    expect(unreadable).toBeInstanceOf(InputError);
    expect((unreadable as Error).message).toBe('--from x: gone; imports/ left as it was');
    const changed = importFailure(new ImportSourceError('a: sha256 is b'));
    expect([changed instanceof CommandFailure, changed instanceof InputError]).toEqual([true, false]);
    const other = new Error('else');
    expect(importFailure(other)).toBe(other);
  });
});

describe('replaceImports', () => {
  const dir = inTemporaryDirectory('import-replace-', () => {
    mkdirSync('imports/schemas', { recursive: true });
    writeFileSync('imports/a.ts', '// generated by cdk8s\nold a\n');
    writeFileSync('imports/schemas/crds.json', '{"old":1}\n');
  });
  const imports = () => path.join(dir(), 'imports');
  const next = new Map<string, string>([['a.ts', '// generated by cdk8s\nnew a\n'], ['b.ts', '// generated by cdk8s\nb\n'], ['schemas/crds.json', '{}\n']]);

  test('a write that fails midway (as a stop would) leaves imports/ as it was, and nothing beside it', () => {
    const before = snapshot(imports());
    const realWrite = fs.writeFileSync;
    let writes = 0;
    jest.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
      if (++writes === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return realWrite(...args);
    });
    expect(() => replaceImports(imports(), next)).toThrow(/ENOSPC/);
    expect(snapshot(imports())).toEqual(before);
    expect(besides(imports())).toEqual([]);
  });

  test('replaces the set, and leaves one that holds exactly the new files untouched, times too', () => {
    expect(replaceImports(imports(), next)).toBe(true);
    expect(Object.fromEntries(Object.entries(snapshot(imports())).map(([f, [content]]) => [f, content]))).toEqual(Object.fromEntries(next));
    const after = snapshot(imports());
    expect(replaceImports(imports(), next)).toBe(false);
    expect(snapshot(imports())).toEqual(after);
    expect(besides(imports())).toEqual([]);
  });

  test("what a stopped import left is repaired: the complete new set in place, the rest removed, never the user's file", () => {
    const { staging, ready, retired } = importBookkeeping(imports());
    // stopped between the two renames: imports/ absent, both complete sets beside it, and a half-written staging set
    cpSync(imports(), retired, { recursive: true });
    fs.rmSync(imports(), { recursive: true });
    mkdirSync(ready);
    for (const [f, content] of next) {
      mkdirSync(path.dirname(path.join(ready, f)), { recursive: true });
      writeFileSync(path.join(ready, f), content);
    }
    mkdirSync(staging);
    writeFileSync(path.join(staging, 'a.ts'), 'half');
    expect(replaceImports(imports(), next)).toBe(false);
    expect(Object.fromEntries(Object.entries(snapshot(imports())).map(([f, [content]]) => [f, content]))).toEqual(Object.fromEntries(next));
    expect(besides(imports())).toEqual([]);
  });

  test('a file in imports/ that no import writes stops the import before anything is replaced', () => {
    writeFileSync(path.join(imports(), 'notes.md'), 'mine');
    const before = snapshot(imports());
    expect(() => replaceImports(imports(), next)).toThrow(/imports\/notes\.md was not written by npm run import, which replaces imports\/ whole: move it elsewhere$/);
    expect(snapshot(imports())).toEqual(before);
    expect(besides(imports())).toEqual([]);
  });

  test('an import waits for another one replacing imports/ and, past its time, fails naming it, imports/ as it was', () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const lockFile = path.join(dir(), '.imports.import-lock');
      writeFileSync(lockFile, `${holder.pid}\n`);
      const before = snapshot(imports());
      expect(() => replaceImports(imports(), next, { lockTimeoutMs: 100 })).toThrow(
        `another import is writing ${imports()} (pid ${holder.pid}); wait for it to finish, or remove ${lockFile} if pid ${holder.pid} is no import`,
      );
      expect(snapshot(imports())).toEqual(before);
      // a dead holder's lock is taken over (the wait lasts until it is dead), and the replacement leaves no lock behind
      holder.kill('SIGKILL');
      expect(replaceImports(imports(), next, { lockTimeoutMs: 5000 })).toBe(true);
      expect(besides(imports())).toEqual([]);
      expect(existsSync(lockFile)).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test("a FIFO in imports/, even with a name an import writes, is the user's and is never read", () => {
    expect(spawnSync('mkfifo', [path.join(imports(), 'b.ts')]).status).toBe(0);
    expect(() => replaceImports(imports(), next)).toThrow(/imports\/b\.ts was not written by npm run import, which replaces imports\/ whole: move it elsewhere$/);
    expect(fs.statSync(path.join(imports(), 'b.ts')).isFIFO()).toBe(true);
    expect(besides(imports())).toEqual([]);
  });
});

describe('importSchemas from ../shared, on a copy of imports/', () => {
  // one run imports every pinned CRD with cdk8s: about ten seconds. A failure while the new set is written, and a set
  // found unchanged, are replaceImports' (above): importSchemas has every file in memory before it calls it
  jest.setTimeout(120000);
  const dir = inTemporaryDirectory('import-run-', () => {
    symlinkSync(path.join(projectDir, 'node_modules'), 'node_modules');
    cpSync(path.join(projectDir, 'imports'), 'imports', { recursive: true, preserveTimestamps: true });
  });
  const imports = () => path.join(dir(), 'imports');

  test("an older imports/ and a killed run's leftover beside it: replaced by exactly this checkout's imports/, nothing left beside it", async () => {
    // an older import: one generated module differs from what this one writes
    const older = path.join(imports(), 'crd-resources.ts');
    writeFileSync(older, readFileSync(older, 'utf8').replace(/\n\};\n$/, "\n  'example.com/Old': 'olds',\n};\n"));
    mkdirSync(importBookkeeping(imports()).staging);
    writeFileSync(path.join(importBookkeeping(imports()).staging, 'a.ts'), 'half');
    const lines: string[] = [];
    await importSchemas({ root: dir(), from: shared, log: (line) => lines.push(line) });
    expect(lines[lines.length - 1]).toMatch(/^wrote imports\/: \d+ binding files/);
    const contents = (d: string) => Object.fromEntries(Object.entries(snapshot(d)).map(([f, [content]]) => [f, content]));
    expect(contents(imports())).toEqual(contents(path.join(projectDir, 'imports')));
    expect(besides(imports())).toEqual([]);
  });
});
