import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { memoryDirectory, portableCommand, previousFigures } from '../src/bench/benchmark';
import { benchCommand } from '../src/cli/bench';
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

  test.each([['0'], ['1.5'], ['ten'], ['-2']])('refuses --scale %s with exit 2', async (value) => {
    const outcome = await runCli(benchCommand, [`--scale=${value}`]);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(new RegExp(`^bench: --scale must be a whole number of at least 1, got '${value.replace('.', '\\.')}'\n`));
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

describe('memoryDirectory', () => {
  const dir = inTemporaryDirectory('bench-memory-');

  test('a new directory in /dev/shm when that is a tmpfs; none in a directory on disk, or in one that does not exist', () => {
    const isTmpfs = (() => {
      try {
        return statfsSync('/dev/shm').type === 0x01021994;
      } catch {
        return false;
      }
    })();
    const made = memoryDirectory();
    try {
      if (isTmpfs) expect(made).toMatch(/^\/dev\/shm\/synth-bench-/);
      else expect(made).toBeUndefined();
      if (made) expect(statSync(made).isDirectory()).toBe(true);
    } finally {
      if (made) rmSync(made, { recursive: true, force: true });
    }
    // a directory on disk (the machine's temporary directory, unless that is a tmpfs too) is not in memory
    if (statfsSync(dir()).type !== 0x01021994) expect(memoryDirectory(dir())).toBeUndefined();
    expect(memoryDirectory(path.join(dir(), 'missing'))).toBeUndefined();
    expect(existsSync(path.join(dir(), 'missing'))).toBe(false);
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
