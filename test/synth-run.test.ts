import { App } from 'cdk8s';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MeshTopology, OutputChart } from '../constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { Command, CommandIo } from '../src/cli/command';
import { synthEach, synthInto } from '../src/cli/synth';
import { OUTPUT_MARKER, withOutputMarker } from '../src/synth/output-marker';
import { replaceDirectory } from '../src/synth/write';
import { TUTORIAL } from '../src/project';
import { runCli } from './support/cli';

describe('synth output', () => {
  let work: string;
  let outdir: string;
  let printed: string;
  const io: CommandIo = { out: (t) => void (printed += t), err: (t) => void (printed += t) };
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'synth-test-'));
    outdir = path.join(work, 'dist');
    mkdirSync(path.join(outdir, 'faults'), { recursive: true });
    // written by synth before, the marker listing its files: synth replaces only such a directory (or a new or empty one)
    for (const f of withOutputMarker([{ path: 'previous.yaml', content: 'kind: Previous\n' }, { path: 'faults/old.yaml', content: 'kind: Old\n' }]))
      writeFileSync(path.join(outdir, f.path), f.content);
    printed = '';
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('replaceDirectory leaves exactly the new files and no staging directories', () => {
    replaceDirectory(outdir, [
      { path: 'a.yaml', content: 'a\n' },
      { path: 'sub/b.yaml', content: 'b\n' },
    ]);
    expect(readdirSync(outdir).sort()).toEqual([OUTPUT_MARKER, 'a.yaml', 'sub']);
    expect(readFileSync(path.join(outdir, 'sub', 'b.yaml'), 'utf8')).toEqual('b\n');
    expect(readFileSync(path.join(outdir, OUTPUT_MARKER), 'utf8')).toMatch(/^written by synth .*replaces this directory whole when it holds only the files listed below.*\na\.yaml\nsub\/b\.yaml\n$/);
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('a write that fails leaves the previous output, and no lock or leftovers', () => {
    // 'a' is a file, so 'a/b.yaml' cannot be written: the failure comes after some files are
    expect(() => replaceDirectory(outdir, [{ path: 'a', content: 'a\n' }, { path: 'a/b.yaml', content: 'b\n' }])).toThrow();
    expect(readdirSync(outdir).sort()).toEqual([OUTPUT_MARKER, 'faults', 'previous.yaml']);
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('a successful synth replaces the previous output', () => {
    expect(
      synthInto(
        () => {
          const app = new App();
          new MeshTopology(app, 't', TUTORIAL);
          return app;
        },
        outdir,
        io,
      ),
    ).toBe(0);
    expect(readdirSync(outdir)).toContain('00-namespace.yaml');
    expect(readdirSync(outdir)).not.toContain('previous.yaml');
  });

  test('fails with a non-zero exit code and leaves the previous output as it was', () => {
    const before = readFileSync(path.join(outdir, 'previous.yaml'), 'utf8');
    expect(
      synthInto(
        () => {
          const app = new App();
          new MeshTopology(app, 't', { ...TUTORIAL, namespace: 'Not Valid' });
          return app;
        },
        outdir,
        io,
      ),
    ).toBe(2);
    expect(printed).toMatch(/namespace name must be a DNS-1123 label.*got 'Not Valid'/);
    expect(readdirSync(outdir).sort()).toEqual([OUTPUT_MARKER, 'faults', 'previous.yaml']);
    expect(readFileSync(path.join(outdir, 'previous.yaml'), 'utf8')).toEqual(before);
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('a failing validation lists every problem, exits non-zero and leaves the previous output byte-identical', () => {
    const before = readFileSync(path.join(outdir, 'previous.yaml'));
    const code = synthInto(
      () => {
        const app = new App();
        new MeshTopology(app, 't', TUTORIAL);
        const chart = new OutputChart(app, 'extra', { file: 'extra.yaml', namespace: TUTORIAL.namespace });
        new VirtualService(chart, 'Bad', {
          metadata: { name: 'bad' },
          spec: {
            hosts: ['nowhere'],
            http: [
              { timeout: '0.5ms', fault: { abort: { httpStatus: 502, percentage: { value: 150 } } }, route: [{ destination: { host: 'nowhere' } }] },
            ],
          },
        });
        return app;
      },
      outdir,
      io,
    );
    expect(code).toBe(1);
    expect(printed).toMatch(
      /\[IST0101\] \(VirtualService cloudlab\/bad extra\.yaml\) referenced host not found: "nowhere"/i,
    );
    expect(printed).toMatch(/\[TT0003\] \(VirtualService cloudlab\/bad .*\) spec.http\[0\].timeout: must be a valid duration greater than 1ms/);
    expect(printed).toMatch(
      /\[TT0006\] \(VirtualService cloudlab\/bad .*\) spec.http\[0\].fault.abort.percentage.value: fault percentage must be between 0 and 100, got 150/,
    );
    expect(readdirSync(outdir).sort()).toEqual([OUTPUT_MARKER, 'faults', 'previous.yaml']);
    expect(readFileSync(path.join(outdir, 'previous.yaml'))).toEqual(before);
    expect(readdirSync(work)).toEqual(['dist']);
  });

  test('a relative outdir is relative to the project root, not to the current directory', () => {
    const root = path.join(work, 'project');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'app.ts'), '// a source\n');
    const cwd = process.cwd();
    process.chdir(path.join(root, 'src'));
    try {
      expect(synthInto(tutorialApp, 'out', io, { root })).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(path.join(root, 'out'))).toContain('00-namespace.yaml');
    expect(readdirSync(path.join(root, 'src'))).toEqual(['app.ts']);
    expect(printed).toMatch(/^synth: wrote \d+ objects in \d+ files to \.\.\/out\/$/m);
  });

  // written at once, as the tutorial's are, or on a worker thread while the next renders (every set, with a threshold of 1)
  describe.each([
    ['small sets written at once', {}],
    ['sets written on a worker thread', { backgroundWriteFiles: 1 }],
  ])('several directories, %s', (_how, writing) => {
    const previous = () => readdirSync(outdir).sort();
    const brokenApp = () => {
      const app = new App();
      new MeshTopology(app, 't', { ...TUTORIAL, namespace: 'Not Valid' });
      return app;
    };

    test('each directory gets exactly what one synth of its app writes', () => {
      const alone = path.join(work, 'alone');
      expect(synthInto(tutorialApp, alone, io, { root: work })).toBe(0);
      const dirs = ['dist', 'second', 'third'].map((d) => path.join(work, d));
      printed = '';
      expect(synthEach(dirs.map((d) => ({ build: tutorialApp, outdir: d })), io, { root: work, ...writing })).toBe(0);
      const files = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
      for (const dir of dirs) {
        expect(files(dir)).toEqual(files(alone));
        for (const file of files(alone).filter((f) => f.endsWith('.yaml'))) {
          expect(readFileSync(path.join(dir, file), 'utf8')).toEqual(readFileSync(path.join(alone, file), 'utf8'));
        }
      }
      expect(printed.match(/^synth: wrote \d+ objects in \d+ files to .*$/gm)).toHaveLength(3);
      expect(readdirSync(work).sort()).toEqual(['alone', 'dist', 'second', 'third']);
    });

    test('a second synth of the same apps leaves every directory as it is, its files and their times too', () => {
      const dirs = ['dist', 'second', 'third'].map((d) => path.join(work, d));
      const apps = dirs.map((d) => ({ build: tutorialApp, outdir: d }));
      expect(synthEach(apps, io, { root: work, ...writing })).toBe(0);
      // each directory's inode, and each file's name, inode and modification time
      const stamps = () =>
        dirs.map((dir) => [
          statSync(dir).ino,
          ...readdirSync(dir, { recursive: true }).map(String).sort().map((f) => `${f} ${statSync(path.join(dir, f)).ino} ${statSync(path.join(dir, f)).mtimeMs}`),
        ]);
      const before = stamps();
      expect(synthEach(apps, io, { root: work, ...writing })).toBe(0);
      expect(stamps()).toEqual(before);
      expect(readdirSync(work).sort()).toEqual(['dist', 'second', 'third']);
      // one that changed is replaced, the others left as they are
      writeFileSync(path.join(dirs[1], '00-namespace.yaml'), '# edited\n');
      expect(synthEach(apps, io, { root: work, ...writing })).toBe(0);
      const after = stamps();
      expect([after[0], after[2]]).toEqual([before[0], before[2]]);
      expect(after[1][0]).not.toEqual(before[1][0]);
      expect(readFileSync(path.join(dirs[1], '00-namespace.yaml'), 'utf8')).toEqual(readFileSync(path.join(dirs[0], '00-namespace.yaml'), 'utf8'));
      expect(readdirSync(work).sort()).toEqual(['dist', 'second', 'third']);
    });

    test('a directory found unchanged is locked to the end (large sets) or compared again at the end (small ones)', () => {
      const dirs = ['dist', 'second'].map((d) => path.join(work, d));
      expect(synthEach(dirs.map((d) => ({ build: tutorialApp, outdir: d })), io, { root: work, ...writing })).toBe(0);
      const expected = readFileSync(path.join(dirs[0], '00-namespace.yaml'), 'utf8');
      const large = 'backgroundWriteFiles' in writing;
      // while the second app renders: the first directory's lock (this process's own, which a synth in another
      // process waits for), or else another synth writing it
      let locked: boolean | undefined;
      const build = () => {
        locked = existsSync(path.join(work, '.dist.synth-lock'));
        if (!locked) replaceDirectory(dirs[0], [{ path: 'other.yaml', content: 'other: true\n' }]);
        return tutorialApp();
      };
      expect(synthEach([{ build: tutorialApp, outdir: dirs[0] }, { build, outdir: dirs[1] }], io, { root: work, ...writing })).toBe(0);
      expect(locked).toBe(large);
      expect(readdirSync(dirs[0])).not.toContain('other.yaml');
      expect(readFileSync(path.join(dirs[0], '00-namespace.yaml'), 'utf8')).toEqual(expected);
      expect(readdirSync(work).sort()).toEqual(['dist', 'second']);
    });

    test('a failure in the last app leaves every directory as it was, with no staging directory or lock', () => {
      const before = readFileSync(path.join(outdir, 'previous.yaml'));
      const second = path.join(work, 'second');
      const code = synthEach(
        [
          { build: tutorialApp, outdir },
          { build: tutorialApp, outdir: second },
          { build: brokenApp, outdir: path.join(work, 'third') },
        ],
        io,
        { root: work, ...writing },
      );
      expect(code).toBe(2);
      expect(printed).toMatch(/namespace name must be a DNS-1123 label.*got 'Not Valid'/);
      expect(previous()).toEqual([OUTPUT_MARKER, 'faults', 'previous.yaml']);
      expect(readFileSync(path.join(outdir, 'previous.yaml'))).toEqual(before);
      expect(readdirSync(work)).toEqual(['dist']);
    });

    test('two outputs in one directory are refused before anything is written (exit 2)', () => {
      const code = synthEach(
        [
          { build: tutorialApp, outdir },
          { build: tutorialApp, outdir: path.join(work, '.', 'dist') },
        ],
        io,
        { root: work, ...writing },
      );
      expect(code).toBe(2);
      expect(printed).toMatch(/^synth: refusing to write to .*dist: another output of this synth \(.*dist\) is written there too/m);
      expect(previous()).toEqual([OUTPUT_MARKER, 'faults', 'previous.yaml']);
      expect(readdirSync(work)).toEqual(['dist']);
    });
  });

  // whatever a build throws ends as one line and exit 1 (the command layer's job), with the output untouched
  test.each([
    ['undefined', undefined, /^synth: failed with an error that says nothing \(undefined was thrown\) \(unexpected: --debug shows where\)\n$/],
    ['a string', 'no luck', /^synth: no luck \(unexpected: --debug shows where\)\n$/],
    ['an object', { code: 42 }, /^synth: failed with \{"code":42\} \(unexpected: --debug shows where\)\n$/],
    ['an Error with no message', new Error(''), /^synth: Error with no message \(unexpected: --debug shows where\)\n$/],
  ])('a build that throws %s ends as one clear line, exit 1, and the output untouched', async (_what, thrown, line) => {
    const command: Command = {
      name: 'synth',
      invocation: 'npm run synth --',
      usage: '',
      summary: 'synth with a build that throws',
      options: {},
      run: ({ io: cliIo }) =>
        synthInto(
          () => {
            throw thrown;
          },
          outdir,
          cliIo,
        ),
    };
    const outcome = await runCli(command, []);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(line);
    expect(outcome.stdout).toEqual('');
    expect(readdirSync(outdir).sort()).toEqual([OUTPUT_MARKER, 'faults', 'previous.yaml']);
    expect(readdirSync(work)).toEqual(['dist']);
  });
});

function tutorialApp(): App {
  const app = new App();
  new MeshTopology(app, 't', TUTORIAL);
  return app;
}
