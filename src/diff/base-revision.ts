// The output of a base git revision, synthesized for real by that revision's own `npm run synth`, in a temporary
// checkout of it that is removed afterwards: the user's checkout is never touched, and a base whose committed output
// directories are stale cannot mislead.
//
// The checkout is the revision's files exported into a temporary directory (read-tree into an index of its own, then
// checkout-index), not a `git worktree`: git records a worktree in the repository (.git/worktrees/), and a diff
// stopped by Ctrl-C or a kill would leave that record behind. An export leaves nothing in the repository, so a
// janitor process (src/files/janitor.ts) that removes the temporary directory, and stops the base's synth, once this
// process is gone, leaves nothing at all. The base's synth sees the same files either way; it just is not in a git
// repository (a synth does not ask git anything).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../files/files-under';
import { Janitor, removeWhenGone } from '../files/janitor';
import { makeTemporaryDirectory } from '../files/temporary-directory';
import { withoutNodeStackTraces } from '../messages/node-stack-trace';
import { hasOutputMarker } from '../synth/output-marker';

/** A base revision that cannot be used: no such revision, no git, no default base. */
export class BaseRevisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseRevisionError';
  }
}

/** A base revision that does not synthesize: its synth's own messages (the lines it printed) are the problems. */
export class BaseSynthError extends Error {
  constructor(
    message: string,
    public readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'BaseSynthError';
  }
}

/** The revision compared against. */
export interface BaseRevision {
  /** What it was given as, or how it was chosen. */
  readonly ref: string;
  readonly commit: string;
}

/** What the base's synth wrote: one directory per environment, relative to its root. */
export interface BaseOutput {
  readonly outdir: string;
  readonly files: ReadonlyMap<string, string>;
}

/** The base's outputs, with a note when they are not what was asked for. */
export interface BaseOutputs {
  readonly outputs: readonly BaseOutput[];
  readonly note?: string;
  /** Whether the base predates environments: its synth took no --env or --all and wrote its one output. */
  readonly predatesEnvironments?: boolean;
}

function git(root: string, args: readonly string[], env?: NodeJS.ProcessEnv): { ok: boolean; out: string; err: string } {
  const run = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', ...(env ? { env } : {}) });
  if (run.error) throw new BaseRevisionError(`git cannot be run: ${run.error.message}`);
  return { ok: run.status === 0, out: run.stdout.trim(), err: run.stderr.trim() };
}

/**
 * The commit `ref` names in the repository at `root`; without `ref`, the merge base of HEAD with `origin/main`, or
 * else with `main`.
 */
export function resolveBase(root: string, ref?: string): BaseRevision {
  if (!git(root, ['rev-parse', '--git-dir']).ok) throw new BaseRevisionError(`${root} is not in a git repository, so there is no base revision to compare with`);
  if (ref !== undefined) {
    if (ref.trim() === '') throw new BaseRevisionError(`--base needs a revision (a branch, tag or commit), got ${JSON.stringify(ref)}`);
    const commit = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (!commit.ok || !commit.out) throw new BaseRevisionError(`--base ${ref}: ${whyNoCommit(root, ref)}`);
    return { ref, commit: commit.out };
  }
  for (const candidate of ['origin/main', 'main']) {
    if (!git(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).ok) continue;
    const base = git(root, ['merge-base', 'HEAD', candidate]);
    if (!base.ok) throw new BaseRevisionError(`HEAD and ${candidate} have no merge base; name a base with --base <ref>`);
    return { ref: `merge base of HEAD and ${candidate}`, commit: base.out };
  }
  throw new BaseRevisionError('no --base given, and neither origin/main nor main exists to take the merge base with; name a base with --base <ref>');
}

/** Why `ref` names no commit in the repository at `root`: it names another object, a range, or nothing. */
function whyNoCommit(root: string, ref: string): string {
  const object = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', ref]);
  if (object.ok && object.out) {
    const type = git(root, ['cat-file', '-t', object.out]).out;
    const what = type === 'blob' ? 'a blob (a file)' : type === 'tree' ? 'a tree (a folder)' : `an object of type ${type || 'unknown'}`;
    return `names ${what}, not a commit; give a branch, tag or commit`;
  }
  const range = /^(.*?)\.\.\.?(.*)$/.exec(ref);
  if (range) return `a range, not one revision; give the revision to compare with, e.g. --base ${range[1] || 'HEAD'}`;
  return `no such revision in ${root}`;
}

/** Options of {@link BaseSynth}. */
export interface BaseSynthOptions {
  /** One environment (`--env`), else all (`--all`). */
  readonly environment?: string;
  /**
   * How long the base's synth may take.
   * @default 120000
   */
  readonly timeoutMs?: number;
}

/**
 * A synth of a base revision, running in the background: checks the revision out into a temporary directory, runs the
 * base's synth there and reads what it wrote; `done` settles once the directory is removed again.
 */
export class BaseSynth {
  /** The base's outputs; rejects with a BaseSynthError when the base does not synthesize. */
  public readonly done: Promise<BaseOutputs>;
  private child?: ChildProcess;
  private cancelled = false;
  private janitor?: Janitor;

  constructor(
    private readonly root: string,
    private readonly commit: string,
    private readonly options: BaseSynthOptions = {},
  ) {
    this.done = this.run();
  }

  /** Stops the base's synth (when the other side failed and the base is not needed). */
  public cancel(): void {
    this.cancelled = true;
    this.stop();
  }

  private stop(): void {
    if (this.child?.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        // it ended meanwhile
      }
    }
  }

  private async run(): Promise<BaseOutputs> {
    const temporary = makeTemporaryDirectory('mesh-diff-base-');
    // removed below when this process goes on, and by the janitor when it is stopped (Ctrl-C, a kill)
    this.janitor = removeWhenGone([temporary]);
    const dir = path.join(temporary, 'base');
    try {
      checkOut(this.root, temporary, dir, this.commit);
      linkNodeModules(this.root, temporary, dir);
      removeCommittedOutputs(dir);
      const script = synthScript(dir, this.commit);
      const asked = this.options.environment === undefined ? ['--all'] : ['--env', this.options.environment];
      let result = await this.synth(dir, script, asked);
      let note: string | undefined;
      let predatesEnvironments = false;
      if (result.code !== 0 && /unknown option '?--(all|env)'?/i.test(result.stderr)) {
        // a base that predates environments writes its one output, whatever it is given
        result = await this.synth(dir, script, []);
        predatesEnvironments = true;
        note = `the base revision ${this.commit.slice(0, 12)} predates environments: its one output is compared`;
      } else if (result.code !== 0 && this.options.environment !== undefined && /unknown environment/i.test(result.stderr)) {
        return { outputs: [], note: `the base revision ${this.commit.slice(0, 12)} has no environment ${this.options.environment}` };
      }
      if (this.cancelled) return { outputs: [] };
      if (result.code !== 0) {
        // its messages, not its stack trace: a base that crashed points into its own code, in a directory now gone
        const problems = withoutNodeStackTraces(`${result.stderr}\n${result.stdout}`.split('\n')).filter(
          (l) => l.trim() !== '' && !/^(info|warning) [A-Z]+\d+ /.test(l),
        );
        throw new BaseSynthError(
          `the base revision ${this.commit.slice(0, 12)} does not synthesize (its ${script.name} exited with ${result.signal ?? result.code}), so nothing was compared:`,
          problems.slice(0, 40).concat(problems.length > 40 ? [`... and ${problems.length - 40} more lines`] : []),
        );
      }
      const dirs = writtenDirectories(dir, result.stdout);
      return { outputs: dirs.map((outdir) => ({ outdir, files: readOutput(path.join(dir, outdir)) })), note, predatesEnvironments };
    } finally {
      // removing the link to the project's packages never touches what it points to
      rmSync(temporary, { recursive: true, force: true });
      this.janitor.dismiss();
    }
  }

  private synth(cwd: string, script: SynthScript, args: readonly string[]): Promise<SynthRun> {
    return new Promise((resolve, reject) => {
      if (this.cancelled) {
        resolve({ code: 1, signal: 'SIGTERM', stdout: '', stderr: '' });
        return;
      }
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: [path.join(cwd, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(path.delimiter) };
      // `cdk8s synth` names an output directory in CDK8S_OUTDIR, which the base's synth would write to instead
      delete env.CDK8S_OUTDIR;
      // the arguments follow the script, as npm run appends them; exec: the shell becomes the command, so that
      // stop() reaches it (a script with several commands keeps its shell); detached: a process group of its own
      const command = `${/[;&|]/.test(script.command) ? '' : 'exec '}${script.command} "$@"`;
      const child = spawn('sh', ['-c', command, 'sh', ...args], {
        cwd,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.child = child;
      if (child.pid !== undefined) this.janitor?.stopGroup(child.pid);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        stderr += `\nstopped after ${(this.options.timeoutMs ?? 120000) / 1000} s`;
        this.stop();
      }, this.options.timeoutMs ?? 120000);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new BaseSynthError(`the base revision's synth cannot be run: ${err.message}`, []));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (child.pid !== undefined) this.janitor?.groupEnded(child.pid);
        resolve({ code: code ?? 1, signal: signal ?? undefined, stdout, stderr });
      });
    });
  }
}

interface SynthRun {
  readonly code: number;
  readonly signal?: string;
  readonly stdout: string;
  readonly stderr: string;
}

interface SynthScript {
  readonly name: string;
  readonly command: string;
}

/** The base's own synth command: its `synth` npm script. */
function synthScript(dir: string, commit: string): SynthScript {
  let scripts: Record<string, unknown> | undefined;
  try {
    scripts = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> }).scripts;
  } catch (err) {
    throw new BaseSynthError(`the base revision ${commit.slice(0, 12)} has no readable package.json, so it cannot be synthesized:`, [(err as Error).message]);
  }
  const command = scripts?.synth;
  if (typeof command !== 'string') throw new BaseSynthError(`the base revision ${commit.slice(0, 12)} has no synth script in its package.json, so it cannot be synthesized`, []);
  return { name: '`npm run synth`', command };
}

/** The directories the base's synth reports writing (`synth: wrote ... to dist/`), else the `dist*` it left. */
function writtenDirectories(dir: string, stdout: string): string[] {
  const reported = [...stdout.matchAll(/^synth: wrote .* to (.+?)\/?\s*$/gm)].map((m) => path.normalize(m[1]));
  if (reported.length > 0) return [...new Set(reported)];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^dist($|-)/.test(e.name))
    .map((e) => e.name)
    .sort();
}

function readOutput(dir: string): Map<string, string> {
  return new Map(filesUnder(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** The committed output directories go: the base's synth writes them afresh, and a stale file must not stay. */
function removeCommittedOutputs(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && (/^dist($|-)/.test(e.name) || hasOutputMarker(path.join(dir, e.name)))) rmSync(path.join(dir, e.name), { recursive: true, force: true });
  }
}

/**
 * Writes the files of `commit` into new directory `dir`, as a checkout would (filters and line endings included),
 * through an index file in `temporary`: nothing in the repository changes, and nothing is recorded there.
 */
function checkOut(root: string, temporary: string, dir: string, commit: string): void {
  const env = { ...process.env, GIT_INDEX_FILE: path.join(temporary, 'index') };
  mkdirSync(dir);
  for (const args of [['read-tree', commit], ['checkout-index', '--all', `--prefix=${dir}${path.sep}`]]) {
    const run = git(root, args, env);
    if (!run.ok) throw new BaseSynthError(`cannot check out the base revision ${commit.slice(0, 12)} in a temporary directory:`, run.err.split('\n'));
  }
}

/**
 * The base uses the project's installed packages, through a link in the checkout's parent directory, where Node and
 * esbuild find them by walking up; the checkout's own node_modules holds only what `run-ts` opens by path (esbuild,
 * and `.bin` for scripts). So the base's bundle cache is inside the checkout and goes with it, and a revision whose
 * code finds its files by walking up from its bundle (before `RUN_TS_PROJECT_ROOT`) finds the checkout's, not another
 * checkout's. Linking every package one by one would do the same at a system call each, hundreds of them.
 */
function linkNodeModules(root: string, temporary: string, dir: string): void {
  let modules: string;
  try {
    modules = realpathSync(path.join(root, 'node_modules'));
  } catch {
    throw new BaseSynthError(`no node_modules in ${root}, so the base revision cannot be synthesized: run npm ci first`, []);
  }
  symlinkSync(modules, path.join(temporary, 'node_modules'), 'dir');
  mkdirSync(path.join(dir, 'node_modules'));
  for (const name of ['esbuild', '.bin']) {
    if (existsSync(path.join(modules, name))) symlinkSync(path.join(modules, name), path.join(dir, 'node_modules', name), 'dir');
  }
}
