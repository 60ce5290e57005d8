// `npm run bench`: the benchmark, with its figures and targets.
import { runBenchmark } from '../bench/benchmark';
import { projectRoot } from '../files/project-root';
import { Command, EXIT } from './command';

/** The bench command. */
export const benchCommand: Command = {
  name: 'bench',
  invocation: 'npm run bench --',
  usage: '[--quick]',
  summary: 'Times synth against stock `cdk8s synth`, the cost of loading cdk8s, generated topologies of 10, 100 and 1,000 apps\n' +
    'and `npm test`; prints medians and targets and records them in bench/results.json. Run it on an idle machine.',
  options: {
    quick: { type: 'boolean', description: 'two runs of each command: a smoke test of the benchmark, not figures to quote' },
  },
  run({ values, io }) {
    const met = runBenchmark({ root: projectRoot(), quick: values.quick === true, out: io.out, progress: io.err });
    return met ? EXIT.ok : EXIT.failed;
  },
};
