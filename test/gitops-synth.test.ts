// `npm run synth -- --all` and `--gitops` write gitops/ with the same output-directory safety as every other output;
// a missing or wrong setting fails with exit 2, naming the setting and where it is set, and nothing is written.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkCommand } from '../src/cli/check';
import { synthCommand } from '../src/cli/synth';
import { findDrift } from '../src/drift/drift';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, GITOPS, GitOpsSettings, Project, TUTORIAL } from '../src/project';
import { OUTPUT_MARKER } from '../src/synth/output-marker';
import { runCli } from './support/cli';
import { inTemporaryDirectory } from './support/temporary-directory';

// two environments keep the synths short
const PROJECT: Project = { topology: TUTORIAL, environments: ENVIRONMENTS.slice(0, 2), defaultEnvironment: DEFAULT_ENVIRONMENT, gitops: GITOPS };
const withSettings = (gitops: unknown): Project => ({ ...PROJECT, gitops: gitops as GitOpsSettings });
/** What marks the temporary directory as a project root. */
const writeProjectFiles = () => {
  writeFileSync('cdk8s.yaml', 'app: node main.js\n');
  writeFileSync('package.json', '{}\n');
};
const HEADER = 'synth: the GitOps output (settings: GITOPS in src/project/gitops.ts) cannot be synthesized, gitops/ left as it was:';
/** The same with --all: every environment's directory is left too, as nothing is written before everything passed. */
const ALL_HEADER = HEADER.replace('gitops/ left as it was', `${[...PROJECT.environments.map((e) => `${e.outdir}/`), 'gitops/'].join(', ')} left as they were`);

describe('synth of the GitOps output', () => {
  const work = inTemporaryDirectory('gitops-synth-', writeProjectFiles);

  test('--all writes every environment and gitops/, which has the output marker', async () => {
    const outcome = await runCli(synthCommand(PROJECT), ['--all']);
    expect(outcome.stderr).not.toMatch(/Error/);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/wrote 6 objects in 5 files to gitops\/\n$/);
    expect(readdirSync(work()).sort()).toEqual(['cdk8s.yaml', 'dist', 'dist-kubernetes', 'gitops', 'package.json']);
    expect(readdirSync(path.join(work(), 'gitops')).sort()).toEqual([OUTPUT_MARKER, 'README.md', 'argocd', 'flux']);
    expect(readdirSync(path.join(work(), 'gitops', 'flux')).sort()).toEqual(['kubernetes.yaml', 'tutorial.yaml']);
  });

  test('--gitops writes only gitops/, and replaces it on the next run', async () => {
    expect((await runCli(synthCommand(PROJECT), ['--gitops'])).exitCode).toBe(0);
    // a file an earlier synth wrote (its marker lists it), which this one no longer writes
    writeFileSync(path.join(work(), 'gitops', 'argocd', 'stale.yaml'), 'kind: Stale\n');
    writeFileSync(path.join(work(), 'gitops', OUTPUT_MARKER), `${readFileSync(path.join(work(), 'gitops', OUTPUT_MARKER), 'utf8')}argocd/stale.yaml\n`);
    const outcome = await runCli(synthCommand(PROJECT), ['--gitops']);
    expect(outcome.exitCode).toBe(0);
    expect(readdirSync(work()).sort()).toEqual(['cdk8s.yaml', 'gitops', 'package.json']);
    expect(readdirSync(path.join(work(), 'gitops', 'argocd')).sort()).toEqual(['kubernetes.yaml', 'tutorial.yaml']);
  });

  test('fails when gitops/ holds files synth did not write, and touches nothing', async () => {
    mkdirSync(path.join(work(), 'gitops'));
    writeFileSync(path.join(work(), 'gitops', 'notes.md'), '# mine\n');
    const outcome = await runCli(synthCommand(PROJECT), ['--all']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/^synth: refusing to write to .*gitops: it is a source folder of the project; /);
    expect(readdirSync(work()).sort()).toEqual(['cdk8s.yaml', 'gitops', 'package.json']);
  });

  test('fails when the repository URL is missing: exit 2, the setting and where to set it, and nothing written', async () => {
    const outcome = await runCli(synthCommand(withSettings({ branch: 'main' })), ['--all']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toEqual(
      `${ALL_HEADER}\n  - repoURL: is missing: set it to the URL Argo CD and Flux clone this project from, e.g. 'https://github.com/<owner>/<repo>.git'\n`,
    );
    expect(readdirSync(work()).sort()).toEqual(['cdk8s.yaml', 'package.json']);
  });

  test('fails when the branch is missing, or every setting', async () => {
    const noBranch = await runCli(synthCommand(withSettings({ repoURL: GITOPS.repoURL })), ['--gitops']);
    expect(noBranch.exitCode).toBe(2);
    expect(noBranch.stderr).toEqual(`${HEADER}\n  - branch: is missing: set it to the branch Argo CD and Flux follow, e.g. 'main'\n`);
    const none = await runCli(synthCommand(withSettings({})), ['--gitops']);
    expect(none.stderr.split('\n').slice(1, 3).map((l) => l.replace(/:.*/, ''))).toEqual(['  - repoURL', '  - branch']);
    // a project without settings has no GitOps output: --gitops asks for them
    const { gitops: _gitops, ...bare } = PROJECT;
    expect((await runCli(synthCommand(bare), ['--gitops'])).stderr).toMatch(/- repoURL: is missing[\s\S]*- branch: is missing/);
    expect(readdirSync(work()).sort()).toEqual(['cdk8s.yaml', 'package.json']);
  });

  test('fails when a setting is wrong or misspelt, naming it', async () => {
    const outcome = await runCli(synthCommand(withSettings({ repoUrl: 'git@github.com:org/repo.git', branch: 'main..x', path: '/abs' })), ['--all']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toEqual(
      [
        ALL_HEADER,
        '  - repoUrl: unknown key; did you mean repoURL?',
        "  - branch: must be a git branch name (no spaces, '..', '~^:?*[\\', '@{', no leading '-' or '/', no trailing '/', '.' or '.lock'), got 'main..x'",
        "  - path: must be '' or a relative path of '/'-separated names without spaces, '.' or '..' (e.g. 'dist'), got '/abs'",
        "  - repoURL: is missing: set it to the URL Argo CD and Flux clone this project from, e.g. 'https://github.com/<owner>/<repo>.git'",
        '',
      ].join('\n'),
    );
  });

  test('a project without GitOps settings has no GitOps output: --all writes the environments only', async () => {
    const { gitops: _gitops, ...bare } = PROJECT;
    expect((await runCli(synthCommand(bare), ['--all'])).exitCode).toBe(0);
    expect(existsSync(path.join(work(), 'gitops'))).toBe(false);
  });

  test('fails when --gitops is given with --all, --env or --explain', async () => {
    for (const [argv, message] of [
      [['--gitops', '--all'], '--all writes gitops/ too: leave out --gitops'],
      [['--gitops', '--env', 'staging'], '--gitops and --env exclude each other'],
      [['--gitops', '--explain'], '--explain is about the environments: leave out --gitops'],
    ] as const) {
      const outcome = await runCli(synthCommand(PROJECT), argv);
      expect(outcome.exitCode).toBe(2);
      expect(outcome.stderr).toContain(message);
    }
    expect((await runCli(synthCommand(PROJECT), ['--help'])).stdout).toMatch(/--gitops[\s\S]*GitOps output \(--all, --gitops\): gitops\//);
  });
});

describe('the drift check of the GitOps output', () => {
  const work = inTemporaryDirectory('gitops-check-', writeProjectFiles);

  test('detects a changed GitOps file, and names the synth that fixes it', async () => {
    expect((await runCli(synthCommand(PROJECT), ['--all'])).exitCode).toBe(0);
    expect(findDrift(PROJECT, work())).toEqual([]);
    const file = path.join(work(), 'gitops', 'flux', 'tutorial.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('prune: true', 'prune: false'));
    const drifts = findDrift(PROJECT, work());
    expect(drifts.map((d) => [d.outdir, d.synthArgs, d.patches.length])).toEqual([['gitops', '--gitops', 1]]);
    expect(drifts[0].patches[0]).toMatch(/\n-\s+prune: false\n\+\s+prune: true\n/);
    const outcome = await runCli(checkCommand(PROJECT, work()), []);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toContain('Fix: npm run synth -- --gitops, then commit the result.');
  });
});
