// Writing files on a worker thread. Creating files is the kernel's work, and on some disks it is most of a large
// synth's time (about 0.3 ms a file seen here, 20,040 files at 10,000 apps): a synth of several directories hands each
// rendered directory's files to a worker and renders the next one meanwhile, on the other core.
//
// The main thread never waits on an event: it blocks on a shared counter (Atomics.wait) and reads the results
// synchronously (receiveMessageOnPort), so a synchronous synth stays synchronous.
import type { MessagePort, Worker } from 'node:worker_threads';

// loaded with the first thread: most synths start none, and node:worker_threads costs about 2 ms to load
const threads = () => process.getBuiltinModule('node:worker_threads');

// what the worker runs: each batch of writes, then the batch's outcome, then the counter. Plain JavaScript, since a
// worker evaluates source text and the bundle has no file of this module to start.
const WORKER_SOURCE = `
const { writeFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
// [batches finished, 1 once the worker exits]
const finished = new Int32Array(signal);
process.on('exit', () => {
  Atomics.store(finished, 1, 1);
  Atomics.notify(finished, 0);
});
port.on('message', (writes) => {
  let failure;
  try {
    for (const [file, content] of writes) writeFileSync(file, content);
  } catch (err) {
    failure = { message: String(err && err.message), code: err && err.code, errno: err && err.errno, syscall: err && err.syscall, path: err && err.path };
  }
  port.postMessage({ failure });
  Atomics.add(finished, 0, 1);
  Atomics.notify(finished, 0);
});
`;

/** What the worker reports of a failed write: the fields of Node's fs errors. */
interface WriteFailure {
  readonly message: string;
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly path?: string;
}

/** Writes batches of files (full path and content; their folders exist) on a worker thread; {@link finish} waits for them. */
export class StagingWriter {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  // [batches finished, 1 once the worker has exited] (see WORKER_SOURCE)
  private readonly finished = new Int32Array(new SharedArrayBuffer(8));
  private sent = 0;

  /** Starts writing `writes` (as prepareFiles of write.ts returns them), in order; returns at once. */
  public write(writes: readonly (readonly [file: string, content: string])[]): void {
    if (this.worker === undefined) {
      const { MessageChannel, Worker } = threads();
      const { port1, port2 } = new MessageChannel();
      this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, signal: this.finished.buffer }, transferList: [port2] });
      // never what keeps the process alive: finish() waits for the writes
      this.worker.unref();
      this.port = port1;
    }
    this.port!.postMessage(writes);
    this.sent += 1;
  }

  /**
   * Waits until every batch has ended and stops the worker; throws the first failure, as writeFileSync would have
   * thrown it (a failed batch stops at its failure; the others are written).
   */
  public finish(): void {
    if (this.worker === undefined) return;
    for (let done = Atomics.load(this.finished, 0); done < this.sent; done = Atomics.load(this.finished, 0)) {
      if (Atomics.load(this.finished, 1) === 1) throw new Error(`the staging writer's thread stopped with ${this.sent - done} batches unwritten`);
      Atomics.wait(this.finished, 0, done);
    }
    let failure: WriteFailure | undefined;
    const { receiveMessageOnPort } = threads();
    for (let received = receiveMessageOnPort(this.port!); received; received = receiveMessageOnPort(this.port!)) {
      failure ??= (received.message as { failure?: WriteFailure }).failure;
    }
    void this.worker.terminate();
    this.port!.close();
    this.worker = undefined;
    this.port = undefined;
    if (failure) throw Object.assign(new Error(failure.message), failure);
  }
}
