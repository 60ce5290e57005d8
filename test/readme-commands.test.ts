// Every command the READMEs show works as written: the npm scripts run (in a copy of the project), kubectl kustomize
// renders, the files kubectl and istioctl are given exist, and `kubectl delete -l` names the resource types it needs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubectlResource } from '../src/synth/kubectl-resource';
import { filesUnder } from '../src/files/files-under';

const root = path.join(__dirname, '..');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** Commands a README shows that this test does not run, and why. */
const NOT_RUN: readonly [RegExp, string][] = [
  [/^npm ci\b/, 'installs; CI runs it before the tests'],
  [/^npm test\b/, 'is what runs this test'],
  [/^npm run import$/, 'downloads from the upstream URLs; no network at test time'],
  [/^npm run import -- --from \.\.\/shared/, 'regenerates imports/ from ../shared, which a copy of the project has not beside it'],
  [/^npm run bench\b/, 'the benchmark takes minutes'],
];

/** The shell commands of a Markdown file: each line of its ```sh blocks, comments removed, and `$ ` lines of others. */
function commandsOf(markdown: string): string[] {
  const commands: string[] = [];
  for (const [, lang, body] of markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
    for (const line of body.split('\n')) {
      if (lang === 'sh') commands.push(line.replace(/\s+#.*$/, '').trim());
      else if (line.startsWith('$ ')) commands.push(line.slice(2).trim());
    }
  }
  return commands.filter((c) => c !== '' && !c.startsWith('#')).flatMap((c) => c.split(' && '));
}

/** A copy of the project's working tree (node_modules linked), where commands may write. */
function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'readme-'));
  for (const entry of readdirSync(root)) {
    if (entry === 'node_modules' || entry === '.git') continue;
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** The resource types of every object in the output directory `dir` that carries the tutorial's part-of label. */
function resourcesIn(dir: string): string[] {
  const objects = filesUnder(dir).filter((f) => f.endsWith('.yaml')).flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(dir, f), 'utf8'))
      .map((d) => d.toJSON())
      .filter((o) => o?.metadata?.labels?.['app.kubernetes.io/part-of'] === 'tracing-tutorial'));
  return [...new Set(objects.map((o) => kubectlResource(o.apiVersion, o.kind)))].sort();
}

/** What is wrong with running `command` in the project at `cwd`, or undefined when it works as the README says. */
function problemWith(command: string, cwd: string, outdir: string, expectedOutput?: string[]): string | undefined {
  const words = command.split(/\s+/);
  if (words[0] === 'npm' && words[1] === 'run') {
    const { CDK8S_OUTDIR: _outdir, ...env } = process.env;
    const run = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env });
    const expectedStatus = expectedOutput?.some((l) => /^[1-9]\d* errors/.test(l)) ? 1 : 0;
    if (run.status !== expectedStatus) return `exited ${run.status}, not ${expectedStatus}: ${run.stderr.slice(-500)}`;
    const printed = run.stdout + run.stderr;
    const missing = (expectedOutput ?? []).filter((l) => l !== '...' && !printed.includes(l));
    return missing.length > 0 ? `did not print ${missing.map((l) => JSON.stringify(l)).join(', ')}` : undefined;
  }
  if (words[0] === 'kubectl' && words[1] === 'kustomize') {
    if (!hasKubectl) return undefined;
    const run = spawnSync('kubectl', words.slice(1), { cwd, encoding: 'utf8' });
    return run.status === 0 ? undefined : `exited ${run.status}: ${run.stderr}`;
  }
  if ((words[0] === 'kubectl' && (words[1] === 'apply' || words[1] === 'delete')) || (words[0] === 'istioctl' && words[1] === 'install')) {
    const fileAt = words.indexOf('-f');
    if (fileAt >= 0) return existsSync(path.join(cwd, words[fileAt + 1])) ? undefined : `${words[fileAt + 1]} does not exist`;
    if (words[1] === 'delete' && words.includes('-l')) {
      const types = words[words.indexOf('-l') + 2];
      if (!types) return 'names no resource types: kubectl deletes by label only the types it is given';
      const expected = resourcesIn(path.join(cwd, outdir)).join(',');
      return types === expected ? undefined : `deletes ${types}, but ${outdir}/ holds ${expected}`;
    }
  }
  return `is not a command this test knows how to check: add it to test/readme-commands.test.ts`;
}

describe('the README commands', () => {
  const copy = projectCopy();
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  const readmes = ['README.md', ...['dist', 'dist-kubernetes', 'dist-staging', 'dist-gateway-api', 'dist-ambient'].map((d) => `${d}/README.md`)];

  test.each(readmes)('%s: every command works as written', (readme) => {
    const text = readFileSync(path.join(root, readme), 'utf8');
    const commands = commandsOf(text);
    expect(commands.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const command of commands) {
      if (NOT_RUN.some(([pattern]) => pattern.test(command))) continue;
      // an example with its output: the lines after `$ command` up to the end of its block
      const block = new RegExp(`\\$ ${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n([\\s\\S]*?)\`\`\``).exec(text);
      const outdir = readme.includes('/') ? path.dirname(readme) : 'dist';
      const problem = problemWith(command, copy, outdir, block?.[1].split('\n').filter(Boolean));
      if (problem) problems.push(`${command}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  test('fails when a teardown command names no resource types, or a file that does not exist', () => {
    expect(problemWith('kubectl delete -A -l app.kubernetes.io/part-of=tracing-tutorial', copy, 'dist')).toMatch(/names no resource types/);
    expect(problemWith('kubectl delete -A -l app.kubernetes.io/part-of=tracing-tutorial configmaps', copy, 'dist')).toMatch(/^deletes configmaps, but dist\/ holds appsody/);
    expect(problemWith('kubectl apply -f dist/nothing.yaml', copy, 'dist')).toEqual('dist/nothing.yaml does not exist');
    expect(problemWith('helm install x', copy, 'dist')).toMatch(/not a command this test knows/);
  });
});
