// The benchmark's scale runs: synthesizes a generated topology of N apps the way `npm run synth` synthesizes the
// tutorial, in a process of its own so that its time and memory can be measured.
import { buildTopologyApp, generateTopology } from '../project';
import { Command, UsageError } from './command';
import { synthInto } from './synth';

/** The scale-synth command (run by the benchmark: `node scripts/run-ts.mjs bin/scale-synth.ts`). */
export const scaleSynthCommand: Command = {
  name: 'scale-synth',
  invocation: 'node scripts/run-ts.mjs bin/scale-synth.ts',
  usage: '--apps <N> --outdir <dir>',
  summary: 'Synthesizes a generated topology of N apps into <dir>, as the benchmark measures it.',
  options: {
    apps: { type: 'string', placeholder: '<N>', description: 'how many apps (at least 1)' },
    outdir: { type: 'string', placeholder: '<dir>', description: 'the output directory (relative to the project root)' },
  },
  run({ values, io }) {
    const apps = Number(values.apps);
    if (values.apps === undefined || !Number.isInteger(apps) || apps < 1)
      throw new UsageError(`--apps must be a whole number of at least 1, got '${values.apps ?? ''}'`);
    if (!values.outdir) throw new UsageError('--outdir is required');
    return synthInto(() => buildTopologyApp(generateTopology(apps)), values.outdir as string, io);
  },
};
