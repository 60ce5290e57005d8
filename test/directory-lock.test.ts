// One writer per output directory: a live holder makes others wait (then fail clearly), a dead one's lock is taken over.
import { App } from 'cdk8s';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MeshTopology } from '../constructs';
import { CommandIo } from '../src/cli/command';
import { synthEach, synthInto } from '../src/cli/synth';
import { TUTORIAL } from '../src/project';
import { DirectoryLockedError, lockDirectory, lockFileOf } from '../src/files/directory-lock';
import { OUTPUT_MARKER, withOutputMarker } from '../src/synth/output-marker';

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** The tutorial's topology as an app. */
const build = () => {
  const app = new App();
  new MeshTopology(app, 't', TUTORIAL);
  return app;
};

/** An io that keeps what is printed, and a reader of it. */
function captured(): { io: CommandIo; printed: () => string } {
  let printed = '';
  return { io: { out: (t) => void (printed += t), err: (t) => void (printed += t) }, printed: () => printed };
}

/** Synthesizes the tutorial into `dirs` at once from `root`, expecting the run to fail; what it printed. */
function synthBothIn(root: string, dirs: readonly string[], options: { lockTimeoutMs?: number }): string {
  const { io, printed } = captured();
  const cwd = process.cwd();
  process.chdir(root);
  try {
    expect(synthEach(dirs.map((outdir) => ({ build, outdir })), io, { ...options, root })).toBe(1);
  } finally {
    process.chdir(cwd);
  }
  return printed();
}

describe('the output lock', () => {
  let work: string;
  let dir: string;
  let lockFile: string;
  let holder: ChildProcess | undefined;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'directory-lock-'));
    dir = path.join(work, 'dist');
    lockFile = lockFileOf(dir, 'synth');
  });
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = undefined;
    rmSync(work, { recursive: true, force: true });
  });
  const liveHolder = () => {
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    return holder.pid!;
  };

  test('holds the pid of its holder, beside the directory, and is gone once released', () => {
    const lock = lockDirectory(dir, { writer: 'synth' });
    expect(lockFile).toEqual(path.join(work, '.dist.synth-lock'));
    expect(readFileSync(lockFile, 'utf8')).toEqual(`${process.pid}\n`);
    expect(() => lock.assertHeld()).not.toThrow();
    lock.release();
    expect(readdirSync(work)).toEqual([]);
  });

  test('each writer has a lock of its own, named for it, and its messages name it', () => {
    const pid = liveHolder();
    const importLock = lockFileOf(dir, 'import');
    expect(importLock).toEqual(path.join(work, '.dist.import-lock'));
    writeFileSync(importLock, `${pid}\n`);
    expect(() => lockDirectory(dir, { writer: 'import', timeoutMs: 0 })).toThrow(
      `another import is writing ${dir} (pid ${pid}); wait for it to finish, or remove ${importLock} if pid ${pid} is no import`,
    );
    // synth's lock of the same directory is another file
    const lock = lockDirectory(dir, { writer: 'synth', timeoutMs: 0 });
    expect(readdirSync(work).sort()).toEqual(['.dist.import-lock', '.dist.synth-lock']);
    lock.release();
  });

  test('fails with a clear message when a live process holds the lock longer than the timeout', () => {
    const pid = liveHolder();
    writeFileSync(lockFile, `${pid}\n`);
    const started = Date.now();
    expect(() => lockDirectory(dir, { writer: 'synth', timeoutMs: 150 })).toThrow(DirectoryLockedError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(() => lockDirectory(dir, { writer: 'synth', timeoutMs: 0 })).toThrow(
      `another synth is writing ${dir} (pid ${pid}); wait for it to finish, or remove ${lockFile} if pid ${pid} is no synth`,
    );
    expect(readdirSync(work)).toEqual(['.dist.synth-lock']);
    expect(readFileSync(lockFile, 'utf8')).toEqual(`${pid}\n`);
  });

  test('waits for a live holder that releases the lock', () => {
    const pid = liveHolder();
    writeFileSync(lockFile, `${pid}\n`);
    // the wait is synchronous: the lock is released by another process
    spawn(process.execPath, ['-e', `setTimeout(() => require('fs').rmSync(${JSON.stringify(lockFile)}), 100)`], { stdio: 'ignore' });
    const lock = lockDirectory(dir, { writer: 'synth', timeoutMs: 10_000 });
    expect(readFileSync(lockFile, 'utf8')).toEqual(`${process.pid}\n`);
    lock.release();
  });

  test('says once, after a second of waiting, whom it waits for', () => {
    const pid = liveHolder();
    writeFileSync(lockFile, `${pid}\n`);
    const told: number[] = [];
    spawn(process.execPath, ['-e', `setTimeout(() => require('fs').rmSync(${JSON.stringify(lockFile)}), 1600)`], { stdio: 'ignore' });
    const started = Date.now();
    lockDirectory(dir, { writer: 'synth', timeoutMs: 10_000, onWait: (holderPid) => told.push(holderPid, Date.now() - started) }).release();
    expect(told).toHaveLength(2);
    expect(told[0]).toBe(pid);
    expect(told[1]).toBeGreaterThanOrEqual(1000);
    // a short wait says nothing
    writeFileSync(lockFile, `${pid}\n`);
    spawn(process.execPath, ['-e', `setTimeout(() => require('fs').rmSync(${JSON.stringify(lockFile)}), 100)`], { stdio: 'ignore' });
    lockDirectory(dir, { writer: 'synth', timeoutMs: 10_000, onWait: (holderPid) => told.push(holderPid) }).release();
    expect(told).toHaveLength(2);
  });

  test.each([
    ['a dead process', () => `${deadPid()}\n`],
    ['this process, from before', () => `${process.pid}\n`],
    ['no pid', () => ''],
  ])('takes over a lock left by %s', (_what, content) => {
    writeFileSync(lockFile, content());
    const lock = lockDirectory(dir, { writer: 'synth', timeoutMs: 0 });
    expect(readFileSync(lockFile, 'utf8')).toEqual(`${process.pid}\n`);
    lock.release();
    expect(readdirSync(work)).toEqual([]);
  });

  test('release leaves a lock that is no longer this one', () => {
    const lock = lockDirectory(dir, { writer: 'synth' });
    rmSync(lockFile);
    writeFileSync(lockFile, '1\n');
    expect(() => lock.assertHeld()).toThrow(/lost the lock/);
    lock.release();
    expect(readFileSync(lockFile, 'utf8')).toEqual('1\n');
  });

  test('synth fails with exit 1 and one message, the output as it was, when another synth keeps writing', () => {
    mkdirSync(dir);
    for (const f of withOutputMarker([{ path: 'previous.yaml', content: 'kind: Previous\n' }])) writeFileSync(path.join(dir, f.path), f.content);
    const pid = liveHolder();
    writeFileSync(lockFile, `${pid}\n`);
    const { io, printed } = captured();
    expect(synthInto(build, dir, io, { lockTimeoutMs: 1500 })).toBe(1);
    expect(printed()).toMatch(new RegExp(`synth: waiting for another synth \\(pid ${pid}\\) writing .*dist/\n`));
    expect(printed()).toMatch(new RegExp(`synth: another synth is writing ${dir} \\(pid ${pid}\\); wait for it to finish, or remove .* if pid ${pid} is no synth; .*dist/ left as it was\\n$`));
    expect(printed()).not.toMatch(/ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, 'previous.yaml']);
    expect(readdirSync(work).sort()).toEqual(['.dist.synth-lock', 'dist']);
    expect(existsSync(`${lockFile}.${process.pid}`)).toBe(false);
  });

  test('synth of several directories that meets a held lock says which it wrote and which it left', () => {
    const pid = liveHolder();
    const second = path.join(work, 'second');
    writeFileSync(lockFileOf(second, 'synth'), `${pid}\n`);
    const printed = synthBothIn(work, [dir, second], { lockTimeoutMs: 100 });
    // a small set's lock is taken as it is replaced: dist/ was written before the second's lock was met
    expect(printed).toMatch(/synth: another synth is writing \S+second \(pid \d+\); .*; dist\/ written; second\/ left as it was\n$/);
    expect(existsSync(path.join(dir, OUTPUT_MARKER))).toBe(true);
    expect(existsSync(second)).toBe(false);
  });

  test('synth of several directories that the file system stops midway says which it wrote and which it left', () => {
    const second = path.join(work, 'second');
    // the second's lock cannot be written: a folder holds the name of its candidate file
    mkdirSync(`${lockFileOf(second, 'synth')}.${process.pid}`);
    const printed = synthBothIn(work, [dir, second], {});
    expect(printed).toMatch(/synth: cannot write second\/: EISDIR: [^\n]*; dist\/ written; second\/ left as it was\n$/);
    expect(existsSync(second)).toBe(false);
  });
});
