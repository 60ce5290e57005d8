// How lint finds and opens its input, as `kubectl apply -f` does: links, FIFOs, unreadable paths, standard input, and
// paths relative to the directory npm was run from.
import { spawnSync } from 'node:child_process';
import fs, { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintCommand } from '../src/cli/lint';
import { runCli } from './support/cli';

const lint = (argv: string[]) => runCli(lintCommand, argv);
const ROOT = path.resolve(__dirname, '..');

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: cloudlab}\n';
const BAD_LABEL = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: cloudlab, labels: {tier: front end}}\n';

describe('lint input files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lint-files-'));
  });
  afterEach(() => {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  const clean = (files: string[]) => ({
    exitCode: 0,
    stdout: '',
    stderr: files.length === 1 ? `\u2714 No validation issues found when analyzing ${files[0]}.\n` : expect.stringContaining('No validation issues'),
  });

  test('a directory: a dangling link and a link loop with no manifest extension are passed over, as kubectl walks', async () => {
    const cm = write('d/cm.yaml', CONFIG_MAP);
    symlinkSync('/nonexistent', path.join(dir, 'd', 'junk'));
    symlinkSync('.', path.join(dir, 'd', 'self'));
    expect(await lint([path.join(dir, 'd')])).toEqual(clean([cm]));
  });

  test('a directory: a link to a directory is not walked (kubectl does not follow it), a link to a file is read', async () => {
    const cm = write('d/cm.yaml', CONFIG_MAP);
    write('elsewhere/bad.yaml', BAD_LABEL);
    write('target.yml', CONFIG_MAP.replace('name: c', 'name: t'));
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'd', 'linked'));
    symlinkSync(path.join(dir, 'target.yml'), path.join(dir, 'd', 'linked.yml'));
    expect(await lint([path.join(dir, 'd')])).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: `\u2714 No validation issues found when analyzing:\n  - ${cm}\n  - ${path.join(dir, 'd', 'linked.yml')}\n`,
    });
  });

  test('a directory: a link with a manifest extension that cannot be followed, or leads to a directory, is unusable input', async () => {
    write('d/cm.yaml', CONFIG_MAP);
    symlinkSync('/nonexistent', path.join(dir, 'd', '.#a.yaml'));
    symlinkSync('loop.json', path.join(dir, 'd', 'loop.json'));
    symlinkSync(dir, path.join(dir, 'd', 'up.yml'));
    expect(await lint([path.join(dir, 'd')])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        `lint: ${path.join(dir, 'd', '.#a.yaml')}: no such file or directory (a symbolic link to /nonexistent)\n` +
        `lint: ${path.join(dir, 'd', 'loop.json')}: too many symbolic links encountered (a symbolic link to loop.json)\n` +
        `lint: ${path.join(dir, 'd', 'up.yml')}: is a directory (a symbolic link to one); links to directories in a directory are not followed, as kubectl\n`,
    });
  });

  test('a path named on the command line that cannot be read gets the real reason, not always "no such file"', async () => {
    const cm = write('cm.yaml', CONFIG_MAP);
    symlinkSync('loop', path.join(dir, 'loop'));
    const outcome = await lint([path.join(cm, 'x.yaml'), path.join(dir, 'loop'), path.join(dir, 'missing.yaml')]);
    expect(outcome).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        `lint: ${path.join(cm, 'x.yaml')}: not a directory\n` +
        `lint: ${path.join(dir, 'loop')}: too many symbolic links encountered\n` +
        `lint: ${path.join(dir, 'missing.yaml')}: no such file or directory\n`,
    });
  });

  test('a directory that cannot be listed is unusable input, with the reason', async () => {
    write('d/cm.yaml', CONFIG_MAP);
    write('d/closed/x.yaml', CONFIG_MAP);
    // as a directory without read permission answers (root, which this may run as, passes every permission check)
    const closed = path.join(dir, 'd', 'closed');
    const realReaddir = fs.readdirSync;
    const readdir = jest.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p) === closed) throw Object.assign(new Error(`EACCES: permission denied, scandir '${closed}'`), { code: 'EACCES', syscall: 'scandir', path: closed });
      return (realReaddir as (...args: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.readdirSync);
    try {
      expect(await lint([path.join(dir, 'd')])).toEqual({ exitCode: 2, stdout: '', stderr: `lint: ${closed}: permission denied\n` });
      expect(readdir).toHaveBeenCalled();
    } finally {
      readdir.mockRestore();
    }
  });

  test('a FIFO is never read: passed over in a directory, refused when named (a read would block until a writer came)', async () => {
    const cm = write('d/cm.yaml', CONFIG_MAP);
    const fifo = path.join(dir, 'd', 'x.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // in a process of its own: a read of the FIFO would block this one for good
    const runLint = (target: string) => spawnSync('npm', ['--prefix', ROOT, 'run', '--silent', 'lint', '--', target], { encoding: 'utf8', timeout: 30_000 });
    expect(runLint(path.join(dir, 'd'))).toMatchObject({ status: 0, stdout: '', stderr: `\u2714 No validation issues found when analyzing ${cm}.\n` });
    expect(runLint(fifo)).toMatchObject({
      status: 2,
      stdout: '',
      stderr: `lint: ${fifo}: is a FIFO, not a regular file or directory; to read a stream, pipe it to \`lint -\`\n`,
    });
  });

  test('a List in a List is refused as kubectl 1.33 refuses it (FlattenListVisitor), at the inner list\'s line', async () => {
    const file = write(
      'nested.yaml',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a, namespace: cloudlab}\n' +
        '  - apiVersion: v1\n    kind: List\n    items:\n      - apiVersion: v1\n        kind: ConfigMap\n        metadata: {name: b, namespace: cloudlab}\n',
    );
    expect(await lint([file])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        `lint: ${file}:7: items[1] is a List with items, a list in a list, which kubectl refuses (*unstructured.Unstructured is not a list); ` +
        'list its items in the outer list\n',
    });
  });

  test('standard input can be named once, as kubectl', async () => {
    expect(await lint(['-', '-'])).toMatchObject({ exitCode: 2, stdout: '', stderr: expect.stringMatching(/^lint: standard input \('-'\) can be given once\n/) });
  });

  test('a relative path is relative to the directory npm run lint was run from (INIT_CWD), and shown as given', async () => {
    write('sub/cm.yaml', BAD_LABEL);
    const saved = { INIT_CWD: process.env.INIT_CWD, event: process.env.npm_lifecycle_event };
    const cwd = process.cwd();
    process.env.INIT_CWD = path.join(dir, 'sub');
    process.env.npm_lifecycle_event = 'lint';
    try {
      const outcome = await lint(['cm.yaml']);
      expect(outcome.exitCode).toBe(1);
      expect(outcome.stdout).toMatch(/^Error \[TT0013\] \(ConfigMap cloudlab\/b cm\.yaml:3\) /);
      expect(process.cwd()).toBe(cwd);
    } finally {
      for (const [name, value] of [['INIT_CWD', saved.INIT_CWD], ['npm_lifecycle_event', saved.event]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('npm run lint from another directory: relative paths from there, `-` reads standard input once, shown as <stdin>', () => {
    write('cm.yaml', CONFIG_MAP);
    const run = spawnSync('npm', ['--prefix', ROOT, 'run', '--silent', 'lint', '--', '-o', 'json', 'cm.yaml', '-'], {
      cwd: dir,
      input: BAD_LABEL,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).map((f: { reference: string }) => f.reference)).toEqual(['<stdin>:3']);
    expect(run.stderr).toBe('');
  });
});
