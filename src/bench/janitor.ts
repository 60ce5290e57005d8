// The benchmark's temporary directories (one in memory holds about 110 MB of RAM) are removed when the benchmark's
// process ends, however it ends: by itself, by Ctrl-C, by a kill, by a crash. A small detached node process waits
// for the benchmark's pid to go and removes them. The benchmark itself keeps node's own handling of signals (Ctrl-C
// stops it at once), which a listener of its own would delay: it runs synchronously, and would see the signal only
// at its end.
//
// When the benchmark ends without removing them (it was stopped), a run it started may still be writing into them
// (a kill of the benchmark alone does not stop it): the janitor then removes them again as often as it looked for the
// process, for a minute.
import { spawn } from 'node:child_process';

/** How often the janitor looks for the process (and removes the directories again), and for how long afterwards. */
export const JANITOR_POLL_MS = 500;
export const JANITOR_WATCH_MS = 60_000;

// run by `node -e`: argv is [node, pid, poll ms, watch ms, ...dirs]
const SCRIPT = `
const { existsSync, rmSync } = require('node:fs');
const [pid, poll, watch, ...dirs] = process.argv.slice(1);
const alive = () => { try { process.kill(Number(pid), 0); return true; } catch (err) { return err.code === 'EPERM'; } };
const remove = () => { for (const dir of dirs) { try { rmSync(dir, { recursive: true, force: true }); } catch {} } };
const waiting = setInterval(() => {
  if (alive()) return;
  clearInterval(waiting);
  if (!dirs.some((dir) => existsSync(dir))) return;
  remove();
  const again = setInterval(remove, Number(poll));
  setTimeout(() => clearInterval(again), Number(watch));
}, Number(poll));
`;

/** Starts a janitor that removes `dirs` once process `pid` (this one by default) is gone. */
export function removeWhenGone(dirs: readonly string[], pid = process.pid, pollMs = JANITOR_POLL_MS, watchMs = JANITOR_WATCH_MS): void {
  const janitor = spawn(process.execPath, ['-e', SCRIPT, String(pid), String(pollMs), String(watchMs), ...dirs], {
    detached: true,
    stdio: 'ignore',
    // the benchmark preloads its memory probe into every node process through NODE_OPTIONS: not into this one
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  // the janitor is a precaution: a failure to start it (no process left to the user) must not fail the benchmark
  janitor.on('error', () => undefined);
  janitor.unref();
}
