// How synth and check report a synth that cannot write: one list of problems, and the exit code of their kind.
import { PropError } from '../../constructs/prop-error';
import { SynthError } from '../synth/synth-error';
import { formatShapeProblem, TopologyError } from '../validate/topology';
import { formatProblems } from '../messages/problem-list';
import { CommandIo, EXIT } from './command';

// a finding as formatFinding prints it: `Error [IST0101] (VirtualService shop/web vs.yaml) ...`
const FINDING_LINE = /^(Error|Warning|Info) \[[A-Z]+\d+\] \(/;

/**
 * Prints why a synth failed and returns its exit code: 2 for a topology or construct prop that cannot be used (input
 * the user fixes), 1 for errors in the objects (each finding a line, as lint prints it); anything else is rethrown,
 * for the command layer to report.
 * `outcome` says what became of the output (`dist/ left as it was`).
 */
export function synthFailure(err: unknown, command: string, outcome: string, io: CommandIo): typeof EXIT.failed | typeof EXIT.usage {
  if (err instanceof TopologyError) {
    io.err(`${formatProblems(`${command}: ${err.where} cannot be synthesized, ${outcome}:`, err.problems.map(formatShapeProblem))}\n`);
    return EXIT.usage;
  }
  if (err instanceof PropError) {
    io.err(`${command}: ${err.message}; ${outcome}\n`);
    return EXIT.usage;
  }
  if (err instanceof SynthError) {
    // findings in the form lint prints them, one a line; the problems of constructs as a list
    const findings = err.problems.filter((p) => FINDING_LINE.test(p));
    const others = err.problems.filter((p) => !FINDING_LINE.test(p));
    const header = `${command} failed, ${outcome}:`;
    io.err(`${others.length > 0 ? formatProblems(header, others) : header}\n${findings.map((f) => `${f}\n`).join('')}`);
    return EXIT.failed;
  }
  throw err;
}
