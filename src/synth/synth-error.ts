/** A synth that must not write: every problem found, each naming the object or construct it is about. */
export class SynthError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SynthError';
  }
}
