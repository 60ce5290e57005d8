// Where synth may write: never over the project, its source folders, a git work tree, or a directory it did not write.
// Every refusal exits 2 and touches nothing.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { synthCommand } from '../src/cli/synth';
import { buildApp, DEFAULT_ENVIRONMENT, ENVIRONMENTS, Project, TUTORIAL } from '../src/project';
import { OUTPUT_MARKER, withOutputMarker } from '../src/synth/output-marker';
import { synthesize } from '../src/synth/synthesize';
import { runCli } from './support/cli';

const PROJECT: Project = { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT };
const TUTORIAL_FILES = synthesize(buildApp(PROJECT, ENVIRONMENTS[0])).files;
const TOP_LEVEL = [...new Set([OUTPUT_MARKER, ...TUTORIAL_FILES.map((f) => f.path.split('/')[0])])].sort();
const ALLOWED = 'choose a new or empty directory, or an output directory synth wrote before';

/** Every entry under `dir` with its content (files) or target (links), to compare before and after. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix))
    .sort()
    .flatMap((name) => {
      const rel = `${prefix}${name}`;
      const full = path.join(dir, rel);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) return [`${rel} -> ${readlinkSync(full)}`];
      if (stat.isDirectory()) return [`${rel}/`, ...tree(dir, `${rel}/`)];
      return [`${rel}: ${readFileSync(full, 'utf8')}`];
    });
}

describe('the output directory guard', () => {
  let work: string;
  let root: string;
  let cwd: string;
  const write = (rel: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  const synth = (...argv: string[]) => runCli(synthCommand(PROJECT), argv);

  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'output-guard-'));
    root = path.join(work, 'project');
    write('cdk8s.yaml', 'app: node main.js\n');
    write('package.json', '{}\n');
    write('src/app.ts', '// the app\n');
    write('docs/notes.md', '# notes\n');
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('node_modules/pkg/index.js', 'module.exports = 1;\n');
    // an earlier synth's output, its marker listing its files
    for (const f of withOutputMarker([{ path: '00-namespace.yaml', content: 'kind: Namespace\n' }, { path: 'faults/old.yaml', content: 'kind: Old\n' }]))
      write(`dist/${f.path}`, f.content);
    symlinkSync('src', path.join(root, 'linked'));
    mkdirSync(path.join(root, 'empty'));
    cwd = process.cwd();
    process.chdir(root);
  });
  afterEach(() => {
    process.chdir(cwd);
    delete process.env.CDK8S_OUTDIR;
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs synth with `argv`, and expects exit 2 with `reason` for `dir`, and not one byte changed around the project. */
  async function expectRefusal(argv: string[], dir: string, reason: string, advice = ALLOWED) {
    const before = tree(work);
    const outcome = await synth(...argv);
    expect(outcome.stderr).toEqual(`synth: refusing to write to ${dir}: ${reason}; ${advice}\n`);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stdout).toEqual('');
    expect(tree(work)).toEqual(before);
  }

  test('fails when the output directory is a source folder of the project', async () => {
    await expectRefusal(['--outdir', 'src'], path.join(root, 'src'), 'it is a source folder of the project');
  });

  test('fails when the output directory is the project root, or holds it', async () => {
    await expectRefusal(['--outdir', '.'], root, 'it is the project root');
    await expectRefusal(['--outdir', '..'], work, `it holds the project ${root}`);
    await expectRefusal(['--outdir', '/'], '/', `it holds the project ${root}`);
  });

  test('fails when the output directory is inside a source folder, whatever its name', async () => {
    await expectRefusal(['--outdir', 'src/generated'], path.join(root, 'src', 'generated'), `it is inside ${path.join(root, 'src')}, a source folder of the project`);
    // not on any list: a top-level folder of the project that holds anything but output is a source folder
    await expectRefusal(['--outdir', 'docs/out'], path.join(root, 'docs', 'out'), `it is inside ${path.join(root, 'docs')}, a source folder of the project`);
    await expectRefusal(['--outdir', 'docs'], path.join(root, 'docs'), 'it is a source folder of the project');
    await expectRefusal(
      ['--outdir', 'node_modules/.cache/out'],
      path.join(root, 'node_modules', '.cache', 'out'),
      `it is inside ${path.join(root, 'node_modules')}, a source folder of the project`,
    );
    // through a link: where it really is counts
    await expectRefusal(['--outdir', 'linked/out'], path.join(root, 'linked', 'out'), `it is inside ${path.join(root, 'src')}, a source folder of the project`);
    await expectRefusal(['--outdir', 'linked'], path.join(root, 'linked'), 'it is a symbolic link to src; name the directory itself');
  });

  test('fails when the output directory is or holds .git', async () => {
    await expectRefusal(['--outdir', '.git'], path.join(root, '.git'), 'it is inside a .git directory');
    await expectRefusal(['--outdir', '.git/out'], path.join(root, '.git', 'out'), 'it is inside a .git directory');
    // another work tree, outside the project: a .git file (as git worktree writes) counts too
    mkdirSync(path.join(work, 'other'));
    writeFileSync(path.join(work, 'other', '.git'), 'gitdir: /elsewhere\n');
    await expectRefusal(['--outdir', '../other'], path.join(work, 'other'), 'it holds .git: it is a git work tree');
  });

  test('fails when the output directory is a file, inside another output directory, or a non-empty directory synth did not write', async () => {
    await expectRefusal(['--outdir', 'cdk8s.yaml'], path.join(root, 'cdk8s.yaml'), 'it is a file');
    await expectRefusal(['--outdir', 'dist/faults'], path.join(root, 'dist', 'faults'), `it is inside ${path.join(root, 'dist')}, an output directory that synth replaces whole`);
    mkdirSync(path.join(work, 'mine'));
    writeFileSync(path.join(work, 'mine', 'thesis.tex'), 'chapter 1\n');
    await expectRefusal(['--outdir', '../mine'], path.join(work, 'mine'), `it is a non-empty directory that synth did not write (it has no ${OUTPUT_MARKER})`);
    await expectRefusal(['--outdir', '.dist.synth-ready'], path.join(root, '.dist.synth-ready'), 'synth uses that name for its own bookkeeping beside an output directory');
  });

  test('fails when a file, or a link to no directory, stands where a folder of the output directory would be', async () => {
    write('../afile', 'mine\n');
    await expectRefusal(['--outdir', '../afile/sub/out'], path.join(work, 'afile', 'sub', 'out'), `${path.join(work, 'afile')} is a file`);
    symlinkSync('nowhere', path.join(work, 'dangling'));
    await expectRefusal(['--outdir', '../dangling/out'], path.join(work, 'dangling', 'out'), `${path.join(work, 'dangling')} is a symbolic link to nowhere, which is no directory`);
  });

  test('a file system that refuses the write is reported with the path, exit 1, the output as it was', async () => {
    expect((await synth()).exitCode).toBe(0);
    const before = tree(work);
    // where the lock's own file is made, a folder: the file system refuses to open it
    mkdirSync(path.join(root, `.dist.synth-lock.${process.pid}`, 'in-the-way'), { recursive: true });
    write('src/app.ts', '// the app, edited\n');
    const changed = tree(work);
    const outcome = await runCli(synthCommand({ ...PROJECT, topology: { ...TUTORIAL, name: 'other' } }), []);
    expect(outcome.stderr).toMatch(
      new RegExp(`^synth: cannot write dist/: EISDIR: illegal operation on a directory, open '${root}/\\.dist\\.synth-lock\\.${process.pid}'; dist/ left as it was\n$`),
    );
    expect(outcome.exitCode).toBe(1);
    expect(tree(work)).toEqual(changed);
    expect(before).not.toEqual(changed);
  });

  test("fails when an environment's directory or CDK8S_OUTDIR is not synth's to replace, before writing any environment", async () => {
    const broken: Project = { ...PROJECT, environments: [ENVIRONMENTS[0], { ...ENVIRONMENTS[1], outdir: 'src' }] };
    const before = tree(work);
    const outcome = await runCli(synthCommand(broken), ['--all']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toEqual(`synth: refusing to write to ${path.join(root, 'src')}: it is a source folder of the project; ${ALLOWED}\n`);
    expect(tree(work)).toEqual(before);
    // named with the variable, which the command line does not show
    process.env.CDK8S_OUTDIR = 'node_modules';
    const fromEnv = await synth();
    expect(fromEnv.stderr).toEqual(`synth: CDK8S_OUTDIR=node_modules: refusing to write to ${path.join(root, 'node_modules')}: it is a source folder of the project; ${ALLOWED}\n`);
    expect(fromEnv.exitCode).toBe(2);
    expect(tree(work)).toEqual(before);
  });

  test('writes a new directory, an empty one, and one synth wrote, each with the marker; relative to the project root', async () => {
    process.chdir(path.join(root, 'src'));
    for (const dir of ['out', 'empty', 'dist']) {
      const outcome = await synth('--outdir', dir);
      expect(outcome.exitCode).toBe(0);
      expect(outcome.stdout).toMatch(new RegExp(`^synth: wrote \\d+ objects in \\d+ files to \\.\\./${dir}/\n$`));
      expect(readdirSync(path.join(root, dir)).sort()).toEqual(TOP_LEVEL);
    }
    expect(readdirSync(path.join(root, 'src'))).toEqual(['app.ts']);
    expect(readdirSync(path.join(root, 'dist', 'faults'))).not.toContain('old.yaml');
    // nothing beside them but what was there
    expect(readdirSync(root).sort()).toEqual(['.git', 'cdk8s.yaml', 'dist', 'docs', 'empty', 'linked', 'node_modules', 'out', 'package.json', 'src']);
  });

  test('writes the same bytes however --outdir or CDK8S_OUTDIR spells the directory', async () => {
    const readme = () => readFileSync(path.join(root, 'dist', 'README.md'), 'utf8');
    expect((await synth()).exitCode).toBe(0);
    const written = readme();
    expect(written).toContain('kubectl apply -f dist/ ');
    for (const outdir of ['./dist', 'src/../dist', 'dist//', path.join(root, 'dist')]) {
      expect((await synth('--outdir', outdir)).exitCode).toBe(0);
      expect(readme()).toEqual(written);
    }
    process.env.CDK8S_OUTDIR = './dist/';
    expect((await synth()).exitCode).toBe(0);
    expect(readme()).toEqual(written);
  });

  test('refuses an --outdir or CDK8S_OUTDIR that names no directory as typed: blank, a control character, an unexpanded ~, -', async () => {
    const before = tree(work);
    const refused = async (argv: string[], message: string) => {
      const outcome = await synth(...argv);
      expect(outcome.stderr).toEqual(`synth: ${message}\nrun \`npm run synth -- --help\` for usage\n`);
      expect(outcome.exitCode).toBe(2);
    };
    await refused(['--outdir', ''], '--outdir needs a directory, got ""');
    await refused(['--outdir', '  '], '--outdir needs a directory, got "  "');
    await refused(['--outdir', 'out\nput'], '--outdir must not hold control characters (a newline, a tab), got "out\\nput"');
    await refused(['--outdir=~/out'], '--outdir "~/out" starts with ~, which no shell expanded (as after --outdir=): write the full path, or --outdir ~/... with a space');
    await refused(['--outdir=-'], "--outdir - would be a directory named '-': synth writes a directory of files, never standard output; name a directory");
    process.env.CDK8S_OUTDIR = '';
    await refused([], 'CDK8S_OUTDIR needs a directory, got "" (unset it for the default)');
    expect(tree(work)).toEqual(before);
  });

  test('accepts an output directory from before the marker when every file in it is one synth writes, and marks it', async () => {
    const earlier = synthesize(buildApp(PROJECT, ENVIRONMENTS[0]), { outdir: 'earlier' }).files;
    for (const f of earlier.filter((file) => !file.path.startsWith('faults/'))) write(`earlier/${f.path}`, f.content);
    expect((await synth('--outdir', 'earlier')).exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'earlier', OUTPUT_MARKER), 'utf8')).toMatch(/^written by synth/);
    expect(readdirSync(path.join(root, 'earlier'))).toContain('faults');
  });

  test('fails on an output directory holding anything its marker does not list: a file, a link, an empty folder', async () => {
    const listed = `(${OUTPUT_MARKER} lists the files it wrote)`;
    write('dist/NOTES.txt', 'mine\n');
    await expectRefusal(['--outdir', 'dist'], path.join(root, 'dist'), `it holds NOTES.txt, which synth did not write ${listed}`, 'move it out of the directory, which synth replaces whole');
    // a file named as one synth writes now, but not listed as one it wrote
    rmSync(path.join(root, 'dist', 'NOTES.txt'));
    const named = TUTORIAL_FILES.map((f) => f.path).find((p) => p !== '00-namespace.yaml' && !p.includes('/'))!;
    write(`dist/${named}`, 'mine too\n');
    mkdirSync(path.join(root, 'dist', 'empty'));
    symlinkSync('../src', path.join(root, 'dist', 'faults', 'link'));
    write('dist/mine/keep.yaml', 'kind: Mine\n');
    await expectRefusal(
      [],
      path.join(root, 'dist'),
      `it holds ${named}, empty/, faults/link and 1 more, which synth did not write ${listed}`,
      'move them out of the directory, which synth replaces whole',
    );
  });

  test('a marker from before its list vouches for the files synth writes now, and nothing else', async () => {
    rmSync(path.join(root, 'dist'), { recursive: true });
    for (const f of TUTORIAL_FILES) write(`dist/${f.path}`, `${f.content}# edited\n`);
    write(`dist/${OUTPUT_MARKER}`, 'written by synth (npm run synth), which replaces this directory whole: change the topology, not these files\n');
    write('dist/faults/retired.yaml', 'kind: Old\n');
    await expectRefusal(
      [],
      path.join(root, 'dist'),
      `it holds faults/retired.yaml, which synth did not write (${OUTPUT_MARKER} lists the files it wrote)`,
      'move it out of the directory, which synth replaces whole',
    );
    rmSync(path.join(root, 'dist', 'faults', 'retired.yaml'));
    expect((await synth()).exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'dist', TUTORIAL_FILES[0].path), 'utf8')).toEqual(TUTORIAL_FILES[0].content);
    expect(readFileSync(path.join(root, 'dist', OUTPUT_MARKER), 'utf8')).toContain(`\n${TUTORIAL_FILES[0].path}\n`);
  });

  test('fails on a directory without the marker whose files have the names synth writes but other bytes', async () => {
    write('../mine/Kustomization', 'resources:\n- my.yaml\n');
    write('../mine/README.md', 'notes\n');
    const reason = `it is a non-empty directory that synth did not write (it has no ${OUTPUT_MARKER})`;
    await expectRefusal(['--outdir', '../mine'], path.join(work, 'mine'), reason);
    // synth's own Kustomization, and one file of another content
    const kustomization = TUTORIAL_FILES.find((f) => f.path === 'Kustomization')!;
    write('../mine/Kustomization', kustomization.content);
    await expectRefusal(['--outdir', '../mine'], path.join(work, 'mine'), reason);
  });

  test('fails on a directory without the marker that holds a file synth does not write, or no Kustomization', async () => {
    for (const f of TUTORIAL_FILES) write(`earlier/${f.path}`, f.content);
    write('earlier/my-notes.md', 'mine\n');
    await expectRefusal(['--outdir', 'earlier'], path.join(root, 'earlier'), 'it is a source folder of the project');
    rmSync(path.join(root, 'earlier'), { recursive: true });
    write('../elsewhere/README.md', '# my readme\n');
    await expectRefusal(
      ['--outdir', '../elsewhere'],
      path.join(work, 'elsewhere'),
      `it is a non-empty directory that synth did not write (it has no ${OUTPUT_MARKER})`,
    );
  });

  test('fails on a directory that holds other output directories, and writes into a folder that holds only output', async () => {
    expect((await synth('--outdir', 'build/tutorial')).exitCode).toBe(0);
    expect((await synth('--outdir', 'build/tutorial')).exitCode).toBe(0);
    expect((await synth('--outdir', 'build/again')).exitCode).toBe(0);
    await expectRefusal(['--outdir', 'build'], path.join(root, 'build'), 'it holds output directories of other synths, which replacing it would delete');
    expect(readdirSync(path.join(root, 'build')).sort()).toEqual(['again', 'tutorial']);
  });
});
