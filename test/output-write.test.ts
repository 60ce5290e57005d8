// Replacing an output directory when the writer can be killed at any instant: every state a kill can leave, and a
// kill loop on a writer slowed down by many files.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withOutputMarker } from '../src/synth/output-marker';
import { bookkeepingOf, holdsExactly, repairDirectory, replaceDirectory } from '../src/synth/write';
import type { OutputFile } from '../src/manifests/kube-object';
import { nodeDriver } from './support/node-driver';

/** The files of a directory, `/`-separated and sorted, with their content. */
function contents(dir: string, prefix = ''): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(found, contents(dir, `${rel}/`));
    else found[rel] = readFileSync(path.join(dir, rel), 'utf8');
  }
  return found;
}

const asContents = (files: readonly OutputFile[]) => Object.fromEntries(withOutputMarker(files).map((f) => [f.path, f.content]));

const OLD: OutputFile[] = [
  { path: 'a.yaml', content: 'old a\n' },
  { path: 'old-only.yaml', content: 'old\n' },
  { path: 'faults/f.yaml', content: 'old f\n' },
];
const NEW: OutputFile[] = [
  { path: 'a.yaml', content: 'new a\n' },
  { path: 'faults/f.yaml', content: 'new f\n' },
  { path: 'canary/c.yaml', content: 'new c\n' },
];

describe('a replacement by the files the directory already holds', () => {
  let work: string;
  let dir: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'output-same-'));
    dir = path.join(work, 'dist');
    expect(replaceDirectory(dir, NEW)).toBe(true);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));
  const stamps = () => Object.keys(contents(dir)).map((f) => `${f} ${statSync(path.join(dir, f)).ino} ${statSync(path.join(dir, f)).mtimeMs}`);

  test('leaves the directory as it is, its files and their times too, and nothing beside it', () => {
    const before = stamps();
    const directory = statSync(dir).ino;
    expect(replaceDirectory(dir, NEW.map((f) => ({ ...f })).reverse())).toBe(false);
    expect(stamps()).toEqual(before);
    expect(statSync(dir).ino).toBe(directory);
    expect(contents(dir)).toEqual(asContents(NEW));
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('takes no lock for it: nothing is created beside the directory, even for a moment (its parent is unchanged)', () => {
    const before = statSync(work).mtimeMs;
    expect(replaceDirectory(dir, NEW)).toBe(false);
    expect(statSync(work).mtimeMs).toBe(before);
  });

  test('with leftovers of a killed synth beside it, repairs them under the lock and still leaves the files as they are', () => {
    const before = stamps();
    mkdirSync(path.join(work, '.dist.synth-trash'));
    writeFileSync(path.join(work, '.dist.synth-trash', 'a.yaml'), 'old a\n');
    expect(replaceDirectory(dir, NEW)).toBe(false);
    expect(readdirSync(work)).toEqual(['dist']);
    expect(stamps()).toEqual(before);
  });

  test.each<[string, (dir: string) => void]>([
    ['a file differs', (d) => writeFileSync(path.join(d, 'a.yaml'), 'new A\n')],
    ['a file is missing', (d) => rmSync(path.join(d, 'canary', 'c.yaml'))],
    ['a file is extra', (d) => writeFileSync(path.join(d, 'canary', 'extra.yaml'), 'x\n')],
    ['an empty directory is extra', (d) => mkdirSync(path.join(d, 'empty'))],
    ['a file is a symbolic link to the same content', (d) => {
      writeFileSync(path.join(path.dirname(d), 'elsewhere'), 'new a\n');
      rmSync(path.join(d, 'a.yaml'));
      symlinkSync(path.join(path.dirname(d), 'elsewhere'), path.join(d, 'a.yaml'));
    }],
  ])('replaces it when %s', (_, change) => {
    change(dir);
    expect(holdsExactly(dir, withOutputMarker(NEW))).toBe(false);
    expect(replaceDirectory(dir, NEW)).toBe(true);
    expect(contents(dir)).toEqual(asContents(NEW));
    expect(holdsExactly(dir, withOutputMarker(NEW))).toBe(true);
  });

  test('a directory that is missing holds nothing', () => {
    expect(holdsExactly(path.join(work, 'nothing'), [])).toBe(false);
  });
});

describe('a replacement killed at any step', () => {
  let work: string;
  let dir: string;
  let at: ReturnType<typeof bookkeepingOf>;
  const put = (where: string, files: readonly OutputFile[]) => {
    for (const f of files) {
      mkdirSync(path.dirname(path.join(where, f.path)), { recursive: true });
      writeFileSync(path.join(where, f.path), f.content);
    }
  };
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'output-write-'));
    dir = path.join(work, 'dist');
    at = bookkeepingOf(dir);
    replaceDirectory(dir, OLD);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('the names beside the directory, and a complete replacement leaves none', () => {
    expect(Object.values(at).map((p) => path.basename(p))).toEqual(['.dist.synth-staging', '.dist.synth-ready', '.dist.synth-retired', '.dist.synth-trash']);
    replaceDirectory(dir, NEW);
    expect(contents(dir)).toEqual(asContents(NEW));
    expect(readdirSync(work)).toEqual(['dist']);
  });

  // each case: what a kill leaves, and what the repair (the next synth, before it writes) makes of it
  test.each([
    ['while writing the new files', () => put(at.staging, NEW.slice(0, 1)), OLD],
    ['after the new files are complete', () => put(at.ready, withOutputMarker(NEW)), OLD],
    [
      'between the two renames (the directory is missing)',
      () => {
        put(at.ready, withOutputMarker(NEW));
        renameSync(dir, at.retired);
      },
      NEW,
    ],
    [
      'while deleting the previous files',
      () => {
        renameSync(dir, at.trash);
        rmSync(path.join(at.trash, 'a.yaml'));
        put(dir, withOutputMarker(NEW));
      },
      NEW,
    ],
    [
      'with only the previous files beside a missing directory',
      () => renameSync(dir, at.retired),
      OLD,
    ],
    [
      'as a synth from before the lock did (.dist.retired-<pid>, .dist.staging-<pid>)',
      () => {
        renameSync(dir, path.join(work, '.dist.retired-4242'));
        put(path.join(work, '.dist.staging-4242'), NEW.slice(0, 1));
      },
      OLD,
    ],
  ])('killed %s: the repair leaves one complete set and nothing beside it', (_when, kill, expected) => {
    kill();
    repairDirectory(dir);
    expect(contents(dir)).toEqual(asContents(expected));
    expect(readdirSync(work)).toEqual(['dist']);
    replaceDirectory(dir, NEW);
    expect(contents(dir)).toEqual(asContents(NEW));
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('a directory that is missing with nothing beside it stays missing until written', () => {
    rmSync(dir, { recursive: true });
    repairDirectory(dir);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('a writer killed at random moments', () => {
  const FILES = 150;
  let work: string;
  let driver: string;
  /** The set `variant` writes: many files, each saying which set it belongs to (the driver makes the same). */
  const variantFiles = (variant: string): OutputFile[] =>
    Array.from({ length: FILES - (variant === 'a' ? 0 : 7) }, (_, i) => ({ path: `d${i % 30}/f${i}.yaml`, content: `${variant}\n`.repeat(200) }));
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'output-kill-writer-'));
    driver = nodeDriver(
      work,
      'src/synth/write.ts',
      `const [dir, variant] = process.argv.slice(2);
const files = Array.from({ length: ${FILES} - (variant === 'a' ? 0 : 7) }, (_, i) => ({ path: \`d\${i % 30}/f\${i}.yaml\`, content: \`\${variant}\\n\`.repeat(200) }));
require(MODULE).replaceDirectory(dir, files);
`,
    );
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Starts the driver writing `variant` into `dir`: the process, and its exit code (null when killed). */
  const start = (dir: string, variant: string): { child: ChildProcess; exited: Promise<number | null> } => {
    const child = spawn(process.execPath, [driver, dir, variant], { stdio: 'ignore' });
    return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  };

  test('leaves the previous or the new complete set after every kill, and nothing after the next run', async () => {
    const dir = path.join(work, 'dist');
    const at = bookkeepingOf(dir);
    const sets = { a: asContents(variantFiles('a')), b: asContents(variantFiles('b')) };
    const canonical = (files: Record<string, string>) => JSON.stringify(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
    const complete = Object.values(sets).map(canonical);
    const isComplete = (where: string) => complete.includes(canonical(contents(where)));
    const started = Date.now();
    expect(await start(dir, 'a').exited).toBe(0);
    const fullRun = Date.now() - started;
    const seen: Record<string, number> = {};
    for (let i = 0; i < 20; i++) {
      // half the kills anywhere in the run; the others while it writes, soon after its staging directory appears: a
      // run's time varies with the machine's load, and a delay drawn from the first run's time alone can miss every write
      const writing = i % 4 >= 2;
      const watcher = watch(work);
      const run = start(dir, i % 2 === 0 ? 'b' : 'a');
      const staged = new Promise<void>((resolve) => {
        watcher.on('change', (_event, name) => {
          if (name === path.basename(at.staging)) resolve();
        });
        void run.exited.then(() => resolve());
      });
      if (writing) await staged;
      await new Promise((resolve) => setTimeout(resolve, writing ? Math.random() * 15 : Math.random() * fullRun * 1.1));
      run.child.kill('SIGKILL');
      await run.exited;
      watcher.close();
      const left = readdirSync(work).filter((name) => !['dist', 'write.cjs', 'driver.cjs'].includes(name)).sort();
      const state = `${existsSync(dir) ? 'dist' : 'no dist'}${left.length ? ` + ${left.join(', ')}` : ''}`;
      seen[state] = (seen[state] ?? 0) + 1;
      if (existsSync(dir)) expect(isComplete(dir)).toBe(true);
      // the one instant without the directory: both complete sets are beside it
      else expect(isComplete(at.ready) && isComplete(at.retired)).toBe(true);
      // names that mean complete are
      for (const complete of [at.ready, at.retired]) if (existsSync(complete)) expect(isComplete(complete)).toBe(true);
    }
    expect(await start(dir, 'a').exited).toBe(0);
    expect(contents(dir)).toEqual(sets.a);
    expect(readdirSync(work).sort()).toEqual(['dist', 'driver.cjs', 'write.cjs']);
    // most kills land while writing: at least one left something beside the directory
    expect(Object.keys(seen).some((state) => state.includes('+'))).toBe(true);
    if (process.env.OUTPUT_KILL_REPORT) process.stderr.write(`writer kill loop, ${fullRun} ms a run: ${JSON.stringify(seen)}\n`);
  }, 30_000);
});
