// A command's output, written straight to the process's standard output and error. The first use of process.stdout
// or process.stderr builds node's stream for whatever is behind it: 2-4 ms of a 155 ms synth when that is a pipe.
// These writes are synchronous, as node's own writes to files, terminals and pipes are on Linux, so lines stay in
// the order they were written.
import { writeSync } from 'node:fs';

/** The process's standard output and standard error. */
export type OutputFd = 1 | 2;

/** Standard outputs whose reader has gone (a pipe into `head`): nothing more is written to them. */
const closed = new Set<OutputFd>();

let waiter: Int32Array | undefined;

/**
 * Writes all of `text` to `fd`. While a non-blocking pipe is full (EAGAIN) it waits a millisecond and goes on; when
 * the pipe's reader has gone (EPIPE) it drops this and every later text for `fd`, as a command piped into `head`
 * should end quietly; any other error is thrown.
 */
export function writeOutput(fd: OutputFd, text: string): void {
  if (closed.has(fd)) return;
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        closed.add(fd);
        return;
      }
      if (code !== 'EAGAIN') throw err;
      waiter ??= new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(waiter, 0, 0, 1);
    }
  }
}
