// Temporary directories that must go when the process that made them ends, however it ends: by itself, by Ctrl-C, by
// a kill, by a crash. A small detached node process waits for that process's pid to go and removes them. The process
// itself keeps node's own handling of signals (Ctrl-C stops it at once), which a listener of its own would delay: the
// benchmark and diff's synth of the working tree run synchronously, and would see the signal only at their end.
//
// A process group the process started (diff's synth of the base revision, detached so that it can be stopped as a
// whole) is not reached by a Ctrl-C or a kill of the process: the janitor stops it (SIGTERM, then SIGKILL) before it
// removes the directories, unless the process said it ended.
//
// When the process ends without removing them (it was stopped), a run it started may still be writing into them
// (a kill of the benchmark alone does not stop its run): the janitor then removes them again as often as it looked
// for the process, for a minute.
import { spawn } from 'node:child_process';

/** How often the janitor looks for the process (and removes the directories again), and for how long afterwards. */
export const JANITOR_POLL_MS = 500;
export const JANITOR_WATCH_MS = 60_000;

// run by `node -e`: argv is [node, pid, poll ms, watch ms, ...dirs]; stdin brings lines from the process: +<pgid> a
// process group to stop, -<pgid> one that ended, x when the process removed the directories itself
const SCRIPT = `
const { existsSync, rmSync } = require('node:fs');
const [pid, poll, watch, ...dirs] = process.argv.slice(1);
const groups = new Set();
let input = '';
process.stdin.setEncoding('utf8').on('error', () => {}).on('data', (data) => {
  input += data;
  for (let end = input.indexOf('\\n'); end >= 0; end = input.indexOf('\\n')) {
    const line = input.slice(0, end);
    input = input.slice(end + 1);
    if (line === 'x') process.exit(0);
    if (line[0] === '+') groups.add(Number(line.slice(1)));
    if (line[0] === '-') groups.delete(Number(line.slice(1)));
  }
});
const stop = (signal) => { for (const group of groups) { try { process.kill(-group, signal); } catch {} } };
const alive = () => { try { process.kill(Number(pid), 0); return true; } catch (err) { return err.code === 'EPERM'; } };
const remove = () => { for (const dir of dirs) { try { rmSync(dir, { recursive: true, force: true }); } catch {} } };
const waiting = setInterval(() => {
  if (alive()) return;
  clearInterval(waiting);
  process.stdin.destroy();
  stop('SIGTERM');
  setTimeout(() => { stop('SIGKILL'); groups.clear(); }, Number(poll));
  if (!dirs.some((dir) => existsSync(dir))) return;
  remove();
  const again = setInterval(remove, Number(poll));
  setTimeout(() => clearInterval(again), Number(watch));
}, Number(poll));
`;

/** What a process tells its janitor. */
export interface Janitor {
  /** Process group `pgid` is to be stopped too once the process is gone. */
  stopGroup(pgid: number): void;
  /** Process group `pgid` ended: not to be stopped. */
  groupEnded(pgid: number): void;
  /** The process removed the directories itself and has no group left running: the janitor ends. */
  dismiss(): void;
}

/** Starts a janitor that removes `dirs` once process `pid` (this one by default) is gone. */
export function removeWhenGone(dirs: readonly string[], pid = process.pid, pollMs = JANITOR_POLL_MS, watchMs = JANITOR_WATCH_MS): Janitor {
  const janitor = spawn(process.execPath, ['-e', SCRIPT, String(pid), String(pollMs), String(watchMs), ...dirs], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    // the benchmark preloads its memory probe into every node process through NODE_OPTIONS: not into this one
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  // the janitor is a precaution: a failure to start it (no process left to the user) must not fail the command
  janitor.on('error', () => undefined);
  janitor.stdin?.on('error', () => undefined);
  // the pipe to it never keeps this process alive
  (janitor.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  janitor.unref();
  const tell = (line: string) => {
    try {
      janitor.stdin?.write(`${line}\n`);
    } catch {
      // it did not start, or ended
    }
  };
  return { stopGroup: (pgid) => tell(`+${pgid}`), groupEnded: (pgid) => tell(`-${pgid}`), dismiss: () => tell('x') };
}
