import fs, { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkCommand } from '../src/cli/check';
import { findDrift } from '../src/drift/drift';
import { OUTPUT_MARKER } from '../src/synth/output-marker';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, Project } from '../src/project';
import { TUTORIAL } from '../src/project';
import { runCli } from './support/cli';

const PROJECT: Project = { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT };
const root = path.join(__dirname, '..');

describe('the drift check', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'check-test-'));
    for (const e of ENVIRONMENTS) cpSync(path.join(root, e.outdir), path.join(work, e.outdir), { recursive: true });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('the committed output of every environment is what a fresh synth writes (run `npm run synth -- --all` if this fails)', () => {
    expect(findDrift(PROJECT, root)).toEqual([]);
  });

  test('passes on a clean copy', () => {
    expect(findDrift(PROJECT, work)).toEqual([]);
  });

  test('detects a one-character drift and shows it as a unified diff', () => {
    const file = path.join(work, 'dist', '30-ingress.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('/node-jee', '/node-jeE'));
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => [d.environment, d.patches.length])).toEqual([['tutorial', 1]]);
    expect(drifts[0].patches[0]).toMatch(/--- a\/dist\/30-ingress.yaml\tcommitted\n\+\+\+ b\/dist\/30-ingress.yaml\tfresh synth\n@@ [^\n]+ @@\n/);
    expect(drifts[0].patches[0]).toMatch(/\n-\s+uri: \/node-jeE\n\+\s+uri: \/node-jee\n/);
  });

  test('detects a missing and an extra file', () => {
    unlinkSync(path.join(work, 'dist-staging', 'README.md'));
    writeFileSync(path.join(work, 'dist-kubernetes', 'stray.yaml'), 'kind: Stray\n');
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => d.environment)).toEqual(['kubernetes', 'staging']);
    expect(drifts[0].patches[0]).toMatch(/--- a\/dist-kubernetes\/stray.yaml\tcommitted\n\+\+\+ \/dev\/null/);
    expect(drifts[1].patches[0]).toMatch(/--- \/dev\/null\tcommitted\n\+\+\+ b\/dist-staging\/README.md/);
  });

  test('what synth never writes is a difference, with the reason, not a failure: a broken link, a FIFO, a file in a folder\'s place', () => {
    symlinkSync('/nowhere', path.join(work, 'dist', 'junk'));
    expect(spawnSync('mkfifo', [path.join(work, 'dist', 'pipe.yaml')]).status).toBe(0);
    rmSync(path.join(work, 'dist-staging'), { recursive: true });
    writeFileSync(path.join(work, 'dist-staging'), 'a file\n');
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => d.environment)).toEqual(['tutorial', 'staging']);
    expect(drifts[0].patches).toEqual([
      'Only in committed dist/: junk: cannot be read: no such file or directory (a symbolic link to /nowhere)\n',
      'Only in committed dist/: pipe.yaml: not a regular file\n',
    ]);
    expect(drifts[1].patches[0]).toEqual('Only in committed dist-staging/: cannot be listed: not a directory\n');
    expect(drifts[1].patches.length).toBeGreaterThan(1);
    for (const patch of drifts[1].patches.slice(1)) expect(patch).toMatch(/^=+\n--- \/dev\/null\tcommitted\n\+\+\+ b\/dist-staging\//);
  });

  test('a committed file that cannot be read is a difference, with the reason', () => {
    const file = path.join(work, 'dist', '30-ingress.yaml');
    const realRead = fs.readFileSync;
    // as a file without read permission answers (root, which this may run as, passes every permission check)
    const read = jest.spyOn(fs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (p === file) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES', syscall: 'open', path: file });
      return (realRead as (...args: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.readFileSync);
    try {
      const drifts = findDrift(PROJECT, work);
      expect(drifts.map((d) => [d.environment, d.patches])).toEqual([['tutorial', ['Only in committed dist/: 30-ingress.yaml: cannot be read: permission denied\n']]]);
    } finally {
      read.mockRestore();
    }
  });

  test('the output marker is part of the output: a directory without it differs', () => {
    unlinkSync(path.join(work, 'dist', OUTPUT_MARKER));
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => [d.environment, d.patches.length])).toEqual([['tutorial', 1]]);
    expect(drifts[0].patches[0]).toMatch(/--- \/dev\/null\tcommitted\n\+\+\+ b\/dist\/\.synth-output\tfresh synth\n[\s\S]*\+written by synth/);
  });

  test('what synth would refuse to replace is a drift even when every file matches, and the fix says to move it first', async () => {
    mkdirSync(path.join(work, 'dist', 'emptysub'));
    renameSync(path.join(work, 'dist-staging'), path.join(work, 'staging-real'));
    symlinkSync(path.join(work, 'staging-real'), path.join(work, 'dist-staging'));
    const drifts = findDrift(PROJECT, work);
    expect(drifts.map((d) => [d.environment, d.patches, d.refusal])).toEqual([
      [
        'tutorial',
        [],
        `refusing to write to ${path.join(work, 'dist')}: it holds emptysub/, which synth did not write (${OUTPUT_MARKER} lists the files it wrote); ` +
          'move it out of the directory, which synth replaces whole',
      ],
      [
        'staging',
        [],
        `refusing to write to ${path.join(work, 'dist-staging')}: it is a symbolic link to ${path.join(work, 'staging-real')}; name the directory itself; ` +
          'choose a new or empty directory, or an output directory synth wrote before',
      ],
    ]);
    const outcome = await runCli(checkCommand(PROJECT, work), []);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toBe(
      `check: synth would refuse dist/: ${drifts[0].refusal}\n` +
        `check: synth would refuse dist-staging/: ${drifts[1].refusal}\n` +
        // every file matches: after moving what the refusals name, check again
        'Fix: do what the refusal says, then run npm run check again.\n',
    );
  });

  test('a stray file is both a difference and a refusal: the fix is to move it, then synth', async () => {
    writeFileSync(path.join(work, 'dist-kubernetes', 'stray.yaml'), 'kind: Stray\n');
    const outcome = await runCli(checkCommand(PROJECT, work), []);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stdout).toMatch(/^={67}\n--- a\/dist-kubernetes\/stray.yaml\tcommitted\n\+\+\+ \/dev\/null/);
    expect(outcome.stderr).toBe(
      '\ncheck: dist-kubernetes/ (1 file) differs from a fresh synth.\n' +
        `check: synth would refuse dist-kubernetes/: refusing to write to ${path.join(work, 'dist-kubernetes')}: it holds stray.yaml, ` +
        `which synth did not write (${OUTPUT_MARKER} lists the files it wrote); move it out of the directory, which synth replaces whole\n` +
        'Fix: do what the refusal says, then npm run synth -- --env kubernetes, then commit the result.\n',
    );
  });
});
