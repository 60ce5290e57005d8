// Real synth processes on a copy of the project: eight at once into one directory, then a kill loop. The output is
// always one complete set, nothing is left beside it once a synth has run to the end, and git sees no difference.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** The files of a directory with their content, in one comparable string. */
function contents(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const rel = `${prefix}${entry.name}`;
      return entry.isDirectory() ? contents(dir, `${rel}/`) : [`${rel}\n${readFileSync(path.join(dir, rel), 'utf8')}`];
    });
}

interface Run {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; stderr: string }>;
}

describe('synth processes writing one output directory', () => {
  let work: string;
  let copy: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: copy, encoding: 'utf8' });
  const synth = (...args: string[]): Run => {
    const child = spawn(process.execPath, ['scripts/run-ts.cjs', 'main.ts', ...args], { cwd: copy, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
  };
  /** What is beside the output directory: synth's leftovers (git-ignored). */
  const leftovers = () => readdirSync(copy).filter((name) => name.startsWith('.dist.')).sort();

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'output-concurrency-'));
    copy = path.join(work, 'project');
    mkdirSync(copy);
    for (const entry of readdirSync(ROOT)) {
      if (['node_modules', '.git', 'coverage'].includes(entry) || entry.startsWith('.dist')) continue;
      cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    // the packages, shared; the copy's bundle cache of its own
    mkdirSync(path.join(copy, 'node_modules'));
    for (const entry of readdirSync(path.join(ROOT, 'node_modules'))) {
      if (entry !== '.cache') symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(copy, 'node_modules', entry));
    }
    expect((await synth().done).code).toBe(0);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'synthesized');
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('eight at once: every one exits 0, one complete output, nothing beside it, and git sees no change', async () => {
    const before = contents(path.join(copy, 'dist'));
    const results = await Promise.all(Array.from({ length: 8 }, () => synth().done));
    for (const { code, stderr } of results) {
      // the findings, and the line a synth that waits more than a second for another prints
      expect(stderr.split('\n').filter((line) => line !== '' && !/^(Info|Warning) \[|^synth: waiting for another synth \(pid \d+\) writing dist\/$/.test(line))).toEqual([]);
      expect(code).toBe(0);
    }
    expect(contents(path.join(copy, 'dist'))).toEqual(before);
    expect(leftovers()).toEqual([]);
    expect(git('status', '--porcelain', '--untracked-files=all')).toEqual('');
  }, 60_000);

  test('killed at random moments: one complete output after every kill, and nothing left after the next run', async () => {
    const staging = ['--env', 'staging', '--outdir', 'dist'];
    expect((await synth(...staging).done).code).toBe(0);
    const stagingSet = contents(path.join(copy, 'dist'));
    const started = Date.now();
    expect((await synth().done).code).toBe(0);
    const fullRun = Date.now() - started;
    const tutorialSet = contents(path.join(copy, 'dist'));
    expect(stagingSet).not.toEqual(tutorialSet);
    const isComplete = (dir: string) => {
      const found = contents(dir);
      return [tutorialSet, stagingSet].some((set) => JSON.stringify(set) === JSON.stringify(found));
    };
    const seen: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      // every other kill anywhere in the run; the others while it writes (a few ms of it): soon after it takes the lock
      const writing = i % 2 === 1;
      let lockSeen = false;
      const watcher = watch(copy);
      const run = synth(...(i % 4 < 2 ? staging : []));
      const locked = new Promise<void>((resolve) => {
        watcher.on('change', (_event, name) => {
          if (name === '.dist.synth-lock') resolve(void (lockSeen = true));
        });
        void run.done.then(() => resolve());
      });
      if (writing) await locked;
      await new Promise((resolve) => setTimeout(resolve, writing ? Math.random() * 15 : Math.random() * fullRun * 1.1));
      run.child.kill('SIGKILL');
      const { code } = await run.done;
      watcher.close();
      const left = leftovers();
      const when = code !== null ? 'finished' : lockSeen ? 'killed after the lock appeared' : 'killed before the lock';
      const state = `${when}: ${existsSync(path.join(copy, 'dist')) ? 'dist' : 'no dist'}${left.length ? ` + ${left.join(', ')}` : ''}`;
      seen[state] = (seen[state] ?? 0) + 1;
      if (existsSync(path.join(copy, 'dist'))) expect(isComplete(path.join(copy, 'dist'))).toBe(true);
      // the one instant without the directory: both complete sets are beside it
      else expect(isComplete(path.join(copy, '.dist.synth-ready')) && isComplete(path.join(copy, '.dist.synth-retired'))).toBe(true);
      // the leftovers are git-ignored: git sees at most the output's files change
      expect(git('status', '--porcelain', '--untracked-files=all').split('\n').filter((line) => line && !/^ ?[MAD?]+ +dist\//.test(line))).toEqual([]);
    }
    expect((await synth().done).code).toBe(0);
    expect(contents(path.join(copy, 'dist'))).toEqual(tutorialSet);
    expect(leftovers()).toEqual([]);
    expect(git('status', '--porcelain', '--untracked-files=all')).toEqual('');
    if (process.env.OUTPUT_KILL_REPORT) process.stderr.write(`synth kill loop, ${fullRun} ms a run: ${JSON.stringify(seen)}\n`);
  }, 60_000);
});
