// `npm run bench`: the benchmark, with its figures and targets; `--scale N --json`, one synth of N generated apps.
import { measureScale, runBenchmark } from '../bench/benchmark';
import { MAX_GENERATED_APPS } from '../bench/scale-limit';
import { projectRoot } from '../files/project-root';
import { Command, EXIT, UsageError } from './command';
import { wholeNumberOption } from './whole-number';

/** The bench command. */
export const benchCommand: Command = {
  name: 'bench',
  invocation: 'npm run bench --',
  usage: '[--quick] [--record] | --scale <N> [--json]',
  summary:
    'Times synth against stock `cdk8s synth`, `node -e 0` and `npm run env`, 10 to 10,000 generated apps (synth and lint;\n' +
    "10,000 also into memory where /dev/shm is a tmpfs, to tell the file system's part) and `npm test`; prints medians\n" +
    'and targets. Run it on an idle machine. With --scale, synthesizes N generated apps once.',
  options: {
    quick: { type: 'boolean', description: 'two runs of each command: a smoke test of the benchmark, not figures to quote' },
    record: { type: 'boolean', description: 'write the figures to bench/results.json (without it, no file of the project is written)' },
    scale: {
      type: 'string',
      placeholder: '<N>',
      description: `synthesize N generated apps (1 to ${MAX_GENERATED_APPS}) into a temporary directory, once, and print the figures`,
    },
    json: { type: 'boolean', description: 'with --scale: print one JSON object with apps, objects, seconds and peakRssMiB' },
  },
  run({ values, io }) {
    if (values.scale !== undefined) {
      const apps = wholeNumberOption('--scale', values.scale as string, MAX_GENERATED_APPS, `${MAX_GENERATED_APPS} apps (ten times the benchmark's largest run)`);
      if (values.quick === true || values.record === true) throw new UsageError('--scale runs once and records nothing: drop --quick and --record');
      const result = measureScale(projectRoot(), apps);
      io.out(
        values.json === true
          ? `${JSON.stringify(result)}\n`
          : `${result.apps} apps: ${result.objects} objects in ${result.seconds} s, peak ${result.peakRssMiB} MiB\n`,
      );
      return EXIT.ok;
    }
    if (values.json === true) throw new UsageError('--json goes with --scale <N>');
    const met = runBenchmark({ root: projectRoot(), quick: values.quick === true, record: values.record === true, out: io.out, progress: io.err });
    return met ? EXIT.ok : EXIT.failed;
  },
};
