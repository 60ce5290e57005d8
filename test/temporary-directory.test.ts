// The commands' temporary directories: a TMPDIR that cannot hold one is named, with the reason, as input (exit 2).
// In processes of their own: node's os.tmpdir() reads the process's environment, which jest's sandbox does not change.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { temporaryFiles } from './support/temporary-directory';

const root = path.join(__dirname, '..');
const file = temporaryFiles('tmpdir-test-');

describe('a TMPDIR no temporary directory can be made in', () => {
  test.each([
    ['a missing directory', 'missing', 'no such file or directory'],
    ['a file', 'a-file', 'not a directory'],
  ])('naming %s: the command exits 2 with one line naming it and the reason, no stack trace', (_case, name, reason) => {
    const tmp = path.join(path.dirname(file('a-file', 'not a directory\n')), name);
    const before = readdirSync(root);
    const run = spawnSync(process.execPath, ['scripts/run-ts.cjs', 'bin/bench.ts', '--scale', '2'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp },
    });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr:
        `bench: cannot make a temporary directory in ${tmp} (TMPDIR=${JSON.stringify(tmp)}): ${reason}; ` +
        'set TMPDIR to a directory you can write, or unset it\n',
    });
    expect(readdirSync(root)).toEqual(before);
  });
});
