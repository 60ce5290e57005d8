import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { portableCommand, previousFigures, runOnce, scaleRun } from '../src/bench/benchmark';
import { removeWhenGone } from '../src/files/janitor';
import { bytesInBlocks, memoryDirectory, TMPFS_MAGIC } from '../src/bench/memory-directory';
import { benchCommand } from '../src/cli/bench';
import { scaleSynthCommand } from '../src/cli/scale-synth';
import { generateTopology } from '../src/project';
import { runCli } from './support/cli';
import { inTemporaryDirectory } from './support/temporary-directory';
import { allObjects, synthTopology } from './support/synth';

const root = path.resolve(__dirname, '..');

describe('npm run bench -- --scale N --json', () => {
  test('synthesizes N generated apps outside the project and prints one JSON object with its figures', () => {
    const results = path.join(root, 'bench', 'results.json');
    const before = { text: readFileSync(results, 'utf8'), mtimeMs: statSync(results).mtimeMs };
    const run = spawnSync('npm', ['run', '--silent', 'bench', '--', '--scale', '3', '--json'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const figures = JSON.parse(run.stdout);
    expect(run.stdout).toBe(`${JSON.stringify(figures)}\n`);
    expect(Object.keys(figures)).toEqual(['apps', 'objects', 'seconds', 'peakRssMiB']);
    // the objects counted are the ones synth writes for that topology
    expect(figures).toMatchObject({ apps: 3, objects: allObjects(synthTopology(generateTopology(3))).length });
    expect(figures.seconds).toBeGreaterThan(0);
    expect(figures.peakRssMiB).toBeGreaterThan(10);
    // the recorded figures are untouched: only --record writes them
    expect({ text: readFileSync(results, 'utf8'), mtimeMs: statSync(results).mtimeMs }).toEqual(before);
  });

  test.each([['0'], ['000'], ['1.5'], ['ten'], ['-2'], ['1e3'], ['0x10'], [' 7'], ['']])('refuses --scale %p with exit 2', async (value) => {
    const outcome = await runCli(benchCommand, [`--scale=${value}`]);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(new RegExp(`^bench: --scale must be a whole number of at least 1, got '${value.replace('.', '\\.')}'\n`));
  });

  test.each([['100001'], ['9007199254740991'], ['99999999999999999999']])('refuses --scale %s, beyond 100000 apps, saying so', async (value) => {
    const outcome = await runCli(benchCommand, ['--scale', value]);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(new RegExp(`^bench: --scale is at most 100000 apps \\(ten times the benchmark's largest run\\), got ${value}\n`));
  });

  test('--json without --scale, and --scale with --record, are usage errors', async () => {
    expect(await runCli(benchCommand, ['--json'])).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^bench: --json goes with --scale <N>\n/) });
    expect(await runCli(benchCommand, ['--scale', '2', '--record'])).toMatchObject({ exitCode: 2, stdout: '' });
  });
});

describe('portableCommand', () => {
  test('records the project root as . and the temporary directory as $TMP, so no machine path shows', () => {
    const ctx = { root: '/home/me/project', work: '/tmp/synth-bench-x1' };
    expect(portableCommand(['/home/me/project/node_modules/.bin/cdk8s', 'synth', '--outdir', '/tmp/synth-bench-x1/scale-10'], ctx)).toBe(
      './node_modules/.bin/cdk8s synth --outdir $TMP/scale-10',
    );
    // a sibling whose name merely starts with the root's is not inside it
    expect(portableCommand(['/home/me/project-old/x', '/tmp/synth-bench-x1'], ctx)).toBe('/home/me/project-old/x $TMP');
  });

  test('records the directory in memory as $SHM', () => {
    const ctx = { root: '/home/me/project', work: '/tmp/synth-bench-x1', memoryWork: '/dev/shm/synth-bench-y2' };
    expect(portableCommand(['node', 'scripts/run-ts.cjs', '--outdir', '/dev/shm/synth-bench-y2/scale-10000'], ctx)).toBe(
      'node scripts/run-ts.cjs --outdir $SHM/scale-10000',
    );
  });
});

describe('the directory in memory', () => {
  const dir = inTemporaryDirectory('bench-memory-');
  const isTmpfs = (d: string) => {
    try {
      return statfsSync(d).type === TMPFS_MAGIC;
    } catch {
      return false;
    }
  };

  test('a new directory in /dev/shm when that is a tmpfs with room; else why not', () => {
    const asked: [number, string][] = [];
    const made = memoryDirectory((blockSize, shm) => {
      asked.push([blockSize, shm]);
      return 1024;
    });
    try {
      if (isTmpfs('/dev/shm')) {
        expect(made).toEqual({ dir: expect.stringMatching(/^\/dev\/shm\/synth-bench-/) });
        if ('dir' in made) expect(statSync(made.dir).isDirectory()).toBe(true);
        // the room is asked for in the tmpfs's own blocks
        expect(asked).toEqual([[statfsSync('/dev/shm').bsize, '/dev/shm']]);
        // more than the tmpfs holds
        const { blocks, bsize } = statfsSync('/dev/shm');
        expect(memoryDirectory(() => 2 * blocks * bsize)).toEqual({ skipped: expect.stringMatching(/^\/dev\/shm has \d+ MiB free, and the run needs about \d+ MiB$/) });
      } else expect(made).toEqual({ skipped: expect.any(String) });
    } finally {
      if ('dir' in made) rmSync(made.dir, { recursive: true, force: true });
    }
    if (!isTmpfs(dir())) expect(memoryDirectory(() => 1024, dir())).toEqual({ skipped: `${dir()} is no tmpfs` });
    expect(memoryDirectory(() => 1024, path.join(dir(), 'missing'))).toEqual({ skipped: `${path.join(dir(), 'missing')} cannot be read` });
    expect(existsSync(path.join(dir(), 'missing'))).toBe(false);
  });

  test('bytesInBlocks rounds every file below a directory up to whole blocks of the size given', () => {
    const top = path.join(dir(), 'out');
    mkdirSync(path.join(top, 'faults'), { recursive: true });
    expect(bytesInBlocks(top, 4096)).toBe(0);
    writeFileSync(path.join(top, 'a.yaml'), 'x'.repeat(10_000));
    writeFileSync(path.join(top, 'faults', 'b.yaml'), 'y'.repeat(5_000));
    writeFileSync(path.join(top, 'empty.yaml'), '');
    expect(bytesInBlocks(top, 4096)).toBe(3 * 4096 + 2 * 4096);
    expect(bytesInBlocks(top, 65536)).toBe(2 * 65536);
    expect(bytesInBlocks(top, 1)).toBe(15_000);
  });
});

describe('the scale runs', () => {
  const dir = inTemporaryDirectory('bench-scale-');

  test('each measured run finds its output directory missing, so that it creates every file', () => {
    const outdir = path.join(dir(), 'scale-10');
    const run = scaleRun('generated topology, N = 10', 10, outdir);
    expect(run.command).toEqual(['node', 'scripts/run-ts.cjs', 'bin/scale-synth.ts', '--apps', '10', '--outdir', outdir]);
    mkdirSync(path.join(outdir, 'faults'), { recursive: true });
    writeFileSync(path.join(outdir, 'faults', 'x.yaml'), 'x');
    run.options?.before?.();
    expect(existsSync(outdir)).toBe(false);
    expect(existsSync(dir())).toBe(true);
  });

  test('a run that fails is an error naming the command and its exit', () => {
    const ctx = { root, work: dir(), rssFile: path.join(dir(), 'rss.txt'), progress: () => undefined };
    expect(() => runOnce(ctx, 'failed', ['node', '-e', 'process.exit(3)'])).toThrow(/^failed: `node -e process.exit\(3\)` exited 3/);
    expect(() => runOnce(ctx, 'stopped', ['node', '-e', "process.kill(process.pid, 'SIGINT')"])).toThrow(/^stopped: .* exited SIGINT/);
    expect(runOnce(ctx, 'fine', ['node', '-e', '0']).seconds).toBeGreaterThan(0);
  });
});

describe('the janitor', () => {
  const dir = inTemporaryDirectory('bench-janitor-');
  const until = async (done: () => boolean, ms: number) => {
    for (const start = Date.now(); !done() && Date.now() - start < ms; ) await new Promise((resolve) => setTimeout(resolve, 50));
    return done();
  };

  test('removes the directories once the process is gone, however it ended, and not before', async () => {
    const held = path.join(dir(), 'held');
    const other = path.join(dir(), 'other');
    for (const d of [held, other]) mkdirSync(path.join(d, 'scale-10'), { recursive: true });
    const benchmark = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    removeWhenGone([held, other], benchmark.pid, 50, 2_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([existsSync(held), existsSync(other)]).toEqual([true, true]);
    benchmark.kill('SIGKILL');
    expect(await until(() => !existsSync(held) && !existsSync(other), 5_000)).toBe(true);
  });

  test('a janitor that cannot start is no error of the benchmark', async () => {
    const { spawn: realSpawn } = jest.requireActual<typeof import('node:child_process')>('node:child_process');
    const started: import('node:child_process').ChildProcess[] = [];
    jest.isolateModules(() => {
      jest.doMock('node:child_process', () => ({
        spawn: (_command: string, args: string[], options: object) => {
          const child = realSpawn(path.join(dir(), 'no-such-node'), args, options);
          started.push(child);
          return child;
        },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module again, with the mock
      const { removeWhenGone: isolated } = require('../src/files/janitor') as typeof import('../src/files/janitor');
      expect(() => isolated([path.join(dir(), 'held')])).not.toThrow();
    });
    // the spawn fails on a later turn of the event loop, where an 'error' event with no listener would be thrown
    expect(started).toHaveLength(1);
    expect(started[0].listenerCount('error')).toBe(1);
    const failure = new Promise<Error>((resolve) => started[0].once('error', resolve));
    expect((await failure).message).toMatch(/ENOENT/);
  });

  test('keeps removing them for a while, as a run the stopped process started may write into them still', async () => {
    const held = path.join(dir(), 'held');
    mkdirSync(held);
    const benchmark = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => benchmark.on('exit', resolve));
    removeWhenGone([held], benchmark.pid, 50, 3_000);
    expect(await until(() => !existsSync(held), 5_000)).toBe(true);
    // an orphaned run writes again
    mkdirSync(path.join(held, 'scale-10'), { recursive: true });
    expect(await until(() => !existsSync(held), 3_000)).toBe(true);
  });
});

describe('previousFigures', () => {
  const dir = inTemporaryDirectory('bench-previous-');

  test('keeps the date, and each measurement by name with its median and peak memory', () => {
    const file = path.join(dir(), 'results.json');
    const measurement = { name: 'npm run synth', command: 'npm run synth', runs: 10, medianSeconds: 0.5, minSeconds: 0.4, maxSeconds: 0.6, peakRssMiB: 99 };
    writeFileSync(file, JSON.stringify({ date: '2026-11-30T08:00:00.000Z', measurements: [measurement], previous: { date: 'older' } }));
    expect(previousFigures(file)).toEqual({ date: '2026-11-30T08:00:00.000Z', measurements: [{ name: 'npm run synth', medianSeconds: 0.5, peakRssMiB: 99 }] });
  });

  test('nothing for a missing or unreadable file', () => {
    expect(previousFigures(path.join(dir(), 'missing.json'))).toBeUndefined();
    writeFileSync(path.join(dir(), 'bad.json'), '{');
    expect(previousFigures(path.join(dir(), 'bad.json'))).toBeUndefined();
  });
});

describe('scale-synth, which the benchmark runs', () => {
  test.each([
    [['--outdir', 'x'], '--apps is required'],
    [['--apps=', '--outdir', 'x'], "--apps must be a whole number of at least 1, got ''"],
    [['--apps', '1e1', '--outdir', 'x'], "--apps must be a whole number of at least 1, got '1e1'"],
    [['--apps', '0x3', '--outdir', 'x'], "--apps must be a whole number of at least 1, got '0x3'"],
    [['--apps', '100001', '--outdir', 'x'], "--apps is at most 100000 (ten times the benchmark's largest run), got 100001"],
    [['--apps', '3'], '--outdir is required'],
    [['--apps', '3', '--outdir=~/x'], '--outdir "~/x" starts with ~, which no shell expanded (as after --outdir=): write the full path, or --outdir ~/... with a space'],
    [['--apps', '3', '--outdir='], '--outdir needs a directory, got ""'],
  ])('%p: exit 2, nothing written', async (argv, message) => {
    const outcome = await runCli(scaleSynthCommand, argv);
    expect(outcome).toEqual({ exitCode: 2, stdout: '', stderr: `scale-synth: ${message}\nrun \`${scaleSynthCommand.invocation} --help\` for usage\n` });
  });
});
