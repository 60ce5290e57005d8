import { countOf, formatProblems } from '../messages/problem-list';

/** A synth that must not write: every problem found, each naming the object or construct it is about. */
export class SynthError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(formatProblems(`${countOf(problems.length, 'problem')}:`, problems));
    this.name = 'SynthError';
  }
}
