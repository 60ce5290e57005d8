// `npm run diff`: its options, its exit codes, and the base revision synthesized in a temporary checkout, in git
// repositories of the tests' own (a stand-in synth for most cases, and a copy of this project for one end to end).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffCommand } from '../src/cli/diff';
import { synthesizeWorkingTree } from '../src/diff/working-tree';
import { environmentNamed, Project, TUTORIAL_PROJECT } from '../src/project';
import { runCli } from './support/cli';

// each case runs git and a synth in processes of their own: seconds, more on a busy machine
jest.setTimeout(60000);

const projectDir = path.join(__dirname, '..');
const repos: string[] = [];
afterAll(() => repos.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A new repository on `branch`, using this project's packages. */
function newRepo(branch = 'main'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'diff-test-'));
  repos.push(dir);
  git(dir, 'init', '--quiet', `--initial-branch=${branch}`);
  symlinkSync(realpathSync(path.join(projectDir, 'node_modules')), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  return dir;
}

/** Writes `files` (null deletes) and commits them; returns the commit. */
function commit(dir: string, files: Readonly<Record<string, string | null>>, message = 'change'): string {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    if (content === null) rmSync(full, { force: true });
    else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  git(dir, 'add', '--all');
  git(dir, '-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * A stand-in for a revision's synth: for each environment asked, copies `fixture/<dir>` to `<dir>` and reports it as
 * synth does. `mode` makes it fail as a broken topology does, or behave as a synth from before environments.
 */
function fakeSynth(mode: 'environments' | 'broken' | 'crash' | 'before-environments' | 'ignores-arguments' | 'slow'): Record<string, string> {
  const script = `
const fs = require('fs');
const args = process.argv.slice(2);
const mode = ${JSON.stringify(mode)};
const environments = { tutorial: 'dist' };
if (mode === 'broken') {
  console.error('synth: topology tracing-tutorial in environment tutorial cannot be synthesized, dist/ left as it was:');
  console.error('  - apps[0].replcas: unknown key; did you mean replicas?');
  process.exit(2);
}
if (mode === 'crash') {
  // as a revision whose entry point fails on loading: node prints the line, the stack and the error's properties
  throw Object.assign(new Error('Cannot load the topology'), { code: 'E_DEMO' });
}
if (mode === 'slow') {
  // where it runs and its pid, for the test that stops the diff meanwhile; then a synth that takes a minute
  fs.writeFileSync(process.env.MESH_DIFF_TEST_MARK, JSON.stringify({ cwd: process.cwd(), pid: process.pid }));
  setTimeout(() => undefined, 60000);
  return;
}
if (mode === 'before-environments' && args.length > 0) {
  console.error("synth: unknown option '" + args[0] + "'");
  process.exit(2);
}
if (args[0] === '--env' && !(args[1] in environments) && mode !== 'ignores-arguments') {
  console.error("synth: unknown environment '" + args[1] + "'; environments: tutorial");
  process.exit(2);
}
for (const dir of args[0] === '--env' && mode !== 'ignores-arguments' ? [environments[args[1]]] : Object.values(environments)) {
  fs.cpSync('fixture/' + dir, dir, { recursive: true });
  console.log('synth: wrote 1 objects in 1 files to ' + dir + '/');
}
if (args[0] === '--all' && fs.existsSync('fixture/gitops')) {
  fs.cpSync('fixture/gitops', 'gitops', { recursive: true });
  console.log('synth: wrote 12 objects in 13 files to gitops/');
}
`;
  return { 'package.json': JSON.stringify({ scripts: { synth: 'node synth.js' } }), 'synth.js': script };
}

/** What the working tree synthesizes for the tutorial environment, as fixture files. */
function tutorialFixture(edit: (file: string, content: string) => string = (_f, c) => c): Record<string, string> {
  const [output] = synthesizeWorkingTree(TUTORIAL_PROJECT, [environmentNamed(TUTORIAL_PROJECT, 'tutorial')]);
  return Object.fromEntries([...output.files].map(([file, content]) => [`fixture/dist/${file}`, edit(file, content)]));
}

const diff = (root: string, ...argv: string[]) => runCli(diffCommand(TUTORIAL_PROJECT, root), argv);
const worktrees = (dir: string) => git(dir, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length;

describe('npm run diff: options', () => {
  test.each([
    [['--all', '--env', 'tutorial'], /--all and --env exclude each other/],
    [['--format', 'yaml'], /unknown format 'yaml'; formats: text, markdown, json/],
    [['--env', 'nope'], /unknown environment 'nope'/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('fails with exit 2 on %j', async (argv, message) => {
    const outcome = await diff(projectDir, ...argv);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(message);
  });

  test('--help lists the options', async () => {
    const outcome = await diff(projectDir, '--help');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/^usage: npm run diff -- \[--base <ref>\] \[--env <name> \| --all\] \[--format text\|markdown\|json\] \[--exit-code\]/);
    expect(outcome.stdout).toContain('--exit-code');
  });

  test('fails with exit 2 when the base revision does not exist, or there is no default one, or no repository', async () => {
    const repo = newRepo('trunk');
    commit(repo, fakeSynth('environments'));
    expect(await diff(repo, '--base', 'nope')).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^diff: --base nope: no such revision in /) });
    for (const [base, why] of [
      ['', 'needs a revision (a branch, tag or commit), got ""'],
      ['HEAD^{tree}', 'HEAD^{tree}: names a tree (a folder), not a commit; give a branch, tag or commit'],
      ['HEAD:package.json', 'HEAD:package.json: names a blob (a file), not a commit; give a branch, tag or commit'],
      ['HEAD~1..HEAD', 'HEAD~1..HEAD: a range, not one revision; give the revision to compare with, e.g. --base HEAD~1'],
    ]) {
      expect(await diff(repo, `--base=${base}`)).toEqual({ exitCode: 2, stdout: '', stderr: `diff: --base ${why}\n` });
    }
    expect(await diff(repo)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('neither origin/main nor main exists') });
    const plain = mkdtempSync(path.join(tmpdir(), 'diff-test-'));
    repos.push(plain);
    expect(await diff(plain)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('is not in a git repository') });
  });
});

describe('npm run diff: the base revision', () => {
  test('the same output as the working tree: no change, exit 0 even with --exit-code; the worktree is gone afterwards', async () => {
    const repo = newRepo();
    commit(repo, { ...fakeSynth('environments'), ...tutorialFixture() });
    // the default base: the merge base of HEAD and main, here HEAD itself
    const outcome = await diff(repo, '--exit-code');
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toMatch(/^diff: base [0-9a-f]{12} \(merge base of HEAD and main\) -> working tree\n\ntutorial \(dist\/\): no change\n/);
    expect(outcome.exitCode).toBe(0);
    expect(worktrees(repo)).toBe(1);
  });

  test('a different output: what changed, exit 1 with --exit-code only', async () => {
    const repo = newRepo();
    const base = commit(repo, {
      ...fakeSynth('environments'),
      ...tutorialFixture((file, content) => (file === 'canary/nodejs-tracing-v2.yaml' ? content.replace(/weight: 90/g, 'weight: 75').replace(/weight: 10/g, 'weight: 25') : content)),
    });
    commit(repo, { 'unrelated.txt': 'x' });
    const plain = await diff(repo, '--base', base);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toContain('route: route /quoteOrder (canary/nodejs-tracing-v2.yaml) now sends 90 % to nodejs-tracing v1 (was 75 %) and 10 % to nodejs-tracing v2 (was 25 %)');
    expect(plain.stdout).toContain('spec.http[0].route[0].weight: 75 -> 90');
    expect((await diff(repo, '--base', base, '--exit-code')).exitCode).toBe(1);
    const markdown = await diff(repo, '--base', 'HEAD~1', '--format', 'markdown');
    expect(markdown.stdout).toMatch(new RegExp(`^## Mesh diff: \`${base.slice(0, 12)}\` \\(HEAD~1\\) → working tree\n`));
    expect(markdown.stdout).toContain('```mermaid');
    expect(JSON.parse((await diff(repo, '--base', base, '--format', 'json')).stdout)).toMatchObject({ base: { commit: base }, differs: true, errors: 0 });
    expect(worktrees(repo)).toBe(1);
  });

  test('fails with exit 2 when the base revision does not synthesize, with its own messages', async () => {
    const repo = newRepo();
    const base = commit(repo, { ...fakeSynth('broken'), ...tutorialFixture() });
    const outcome = await diff(repo, '--base', base, '--exit-code');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toBe(
      [
        `diff: the base revision ${base.slice(0, 12)} does not synthesize (its \`npm run synth\` exited with 2), so nothing was compared:`,
        '  synth: topology tracing-tutorial in environment tutorial cannot be synthesized, dist/ left as it was:',
        '    - apps[0].replcas: unknown key; did you mean replicas?',
        '',
      ].join('\n'),
    );
    expect(worktrees(repo)).toBe(1);
  });

  test("a base whose synth crashes: its error's message and properties, without node's stack trace", async () => {
    const repo = newRepo();
    const base = commit(repo, { ...fakeSynth('crash'), ...tutorialFixture() });
    const outcome = await diff(repo, '--base', base);
    expect(outcome).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `diff: the base revision ${base.slice(0, 12)} does not synthesize (its \`npm run synth\` exited with 1), so nothing was compared:\n  Error: Cannot load the topology\n    code: 'E_DEMO'\n`,
    });
  });

  test('fails as synth does when the working tree does not synthesize, and stops the base', async () => {
    const repo = newRepo();
    commit(repo, { ...fakeSynth('environments'), ...tutorialFixture() });
    const broken: Project = { ...TUTORIAL_PROJECT, topology: { ...TUTORIAL_PROJECT.topology, namespace: 'Not_A_Namespace' } };
    const outcome = await runCli(diffCommand(broken, repo), []);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/^diff: topology tracing-tutorial cannot be synthesized, so nothing was compared:\n {2}- namespace: /);
    expect(worktrees(repo)).toBe(1);
  });

  test('a base from before environments: its one output is compared, with a note', async () => {
    const repo = newRepo();
    commit(repo, { ...fakeSynth('before-environments'), ...tutorialFixture() });
    const outcome = await diff(repo, '--base', 'main');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/\nnote: the base revision [0-9a-f]{12} predates environments: its one output is compared\n\ntutorial \(dist\/\): no change\n/);
  });

  test("a base that writes another environment's directory whatever it is asked: not compared, with a note", async () => {
    const repo = newRepo();
    commit(repo, { ...fakeSynth('ignores-arguments'), ...tutorialFixture() });
    const outcome = await diff(repo, '--env', 'kubernetes', '--base', 'main');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(
      /\nnote: the base revision [0-9a-f]{12} wrote dist\/, the directory of tutorial, when asked for --env kubernetes: it has no output for kubernetes\n\n/,
    );
    expect(outcome.stdout).toMatch(/\nkubernetes \(dist-kubernetes\/\): new in the working tree: \d+ objects in \d+ files\n/);
  });

  test('with --all, the GitOps output is compared too, object by object', async () => {
    const repo = newRepo();
    const [gitops] = synthesizeWorkingTree(TUTORIAL_PROJECT, [], { gitops: true });
    const fixture = Object.fromEntries(
      [...gitops.files].map(([file, content]) => [`fixture/gitops/${file}`, file === 'argocd/staging.yaml' ? content.replace('targetRevision: main', 'targetRevision: v1') : content]),
    );
    commit(repo, { ...fakeSynth('environments'), ...tutorialFixture(), ...fixture });
    const outcome = await diff(repo, '--all', '--base', 'main');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/\ngitops \(gitops\/\): objects: 1 changed\n/);
    expect(outcome.stdout).toContain('spec.source.targetRevision: v1 -> main');
    expect(outcome.stdout).toMatch(/\ndiff: 5 of 6 environments differ; gitops\/ differs\n$/);
    // in JSON, apart from the environments
    const json = JSON.parse((await diff(repo, '--all', '--base', 'main', '--format', 'json')).stdout);
    expect(json.environments.map((e: { environment: string }) => e.environment)).toEqual(TUTORIAL_PROJECT.environments.map((e) => e.name));
    expect(json.gitops).toMatchObject({ outdir: 'gitops', status: 'changed', objects: [{ change: 'changed', file: 'argocd/staging.yaml' }] });
    // one environment alone leaves it out
    expect((await diff(repo, '--env', 'tutorial', '--base', 'main')).stdout).not.toContain('gitops');
  });

  test('an environment the base does not have is new', async () => {
    const repo = newRepo();
    commit(repo, fakeSynth('environments'));
    const outcome = await diff(repo, '--env', 'staging');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/\nstaging \(dist-staging\/\): new in the working tree: \d+ objects in \d+ files\n/);
  });
});

describe('npm run diff: stopped while the base synthesizes', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const until = async (done: () => boolean, ms: number) => {
    for (const start = Date.now(); !done() && Date.now() - start < ms; ) await new Promise((resolve) => setTimeout(resolve, 50));
    return done();
  };
  const synths: number[] = [];
  afterAll(() => synths.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL')));

  // at once: each mostly waits, for its base synth to start, then for the janitor (which polls every half second)
  test.concurrent.each([
    ['Ctrl-C (SIGINT to its process group)', (pid: number) => process.kill(-pid, 'SIGINT')],
    ['SIGTERM to its process group', (pid: number) => process.kill(-pid, 'SIGTERM')],
    ['SIGKILL of the diff alone', (pid: number) => process.kill(pid, 'SIGKILL')],
  ])('%s leaves no temporary directory, no worktree registration and no synth behind', async (_how, stop) => {
    const repo = newRepo();
    commit(repo, fakeSynth('slow'));
    const mark = path.join(repo, '..', `${path.basename(repo)}.mark`);
    repos.push(mark);
    // the command as npm run diff starts it, in a process group of its own as a terminal's foreground job is
    const diffProcess = spawn(process.execPath, [path.join(projectDir, 'scripts', 'run-ts.cjs'), path.join(projectDir, 'bin', 'diff.ts'), '--base', 'HEAD', '--all'], {
      cwd: repo,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, MESH_DIFF_TEST_MARK: mark },
    });
    const exited = new Promise((resolve) => diffProcess.on('exit', resolve));
    expect(await until(() => existsSync(mark) && readFileSync(mark, 'utf8') !== '', 50000)).toBe(true);
    const synth = JSON.parse(readFileSync(mark, 'utf8')) as { cwd: string; pid: number };
    synths.push(synth.pid);
    const temporary = path.dirname(synth.cwd);
    expect(path.basename(temporary)).toMatch(/^mesh-diff-base-/);
    stop(diffProcess.pid!);
    await exited;
    expect(await until(() => !existsSync(temporary) && !alive(synth.pid), 10000)).toEqual(true);
    expect(worktrees(repo)).toBe(1);
    expect(existsSync(path.join(repo, '.git', 'worktrees')) ? readdirSync(path.join(repo, '.git', 'worktrees')) : []).toEqual([]);
  });
});

describe('npm run diff: end to end, on a copy of this project', () => {
  test('two revisions of the project: the one that differs in weights and an abort percentage, and one that does not synthesize', async () => {
    const repo = newRepo();
    for (const entry of ['package.json', 'cdk8s.yaml', 'main.ts', 'tsconfig.json', 'scripts', 'src', 'constructs', 'imports']) {
      cpSync(path.join(projectDir, entry), path.join(repo, entry), { recursive: true });
    }
    const topologyFile = path.join(repo, 'src', 'project', 'tutorial-topology.ts');
    const topology = readFileSync(topologyFile, 'utf8');
    expect(topology).toContain("version: 'v2', weight: 10 }");
    expect(topology).toContain('Fault.abort(502).percent(80)');
    const older = topology.replace("version: 'v2', weight: 10 }", "version: 'v2', weight: 20 }").replace('Fault.abort(502).percent(80)', 'Fault.abort(502).percent(60)');
    const base = commit(repo, { 'src/project/tutorial-topology.ts': older }, 'an older topology');
    const broken = commit(repo, { 'src/project/tutorial-topology.ts': older.replace('port: 3000,', 'port: 3000, replcas: 2,') }, 'a broken topology');

    const outcome = await diff(repo, '--base', base, '--all');
    expect(outcome.stderr).toBe('');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain('route: route /quoteOrder (canary/nodejs-tracing-v2.yaml) now sends 90 % to nodejs-tracing v1 (was 80 %) and 10 % to nodejs-tracing v2 (was 20 %)');
    expect(outcome.stdout).toContain('fault: fault scenario jee-abort-80 (faults/jee-abort-80.yaml): abort percentage 60 % -> 80 %');
    // staging emits neither the canary nor that scenario
    expect(outcome.stdout).toContain('\nstaging (dist-staging/): no change\n');
    expect(outcome.stdout).toMatch(new RegExp(`\ndiff: \\d+ of ${TUTORIAL_PROJECT.environments.length} environments differ; gitops/ unchanged\n$`));

    const failed = await diff(repo, '--base', broken, '--all');
    expect(failed.exitCode).toBe(2);
    expect(failed.stderr).toContain(`diff: the base revision ${broken.slice(0, 12)} does not synthesize`);
    expect(failed.stderr).toContain('replcas: unknown key; did you mean replicas?');
    expect(worktrees(repo)).toBe(1);
  }, 120000);
});
