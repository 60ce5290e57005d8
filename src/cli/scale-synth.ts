// The benchmark's scale runs: synthesizes N generated apps (one mesh, or meshes of 1,000) the way `npm run synth`
// synthesizes the tutorial, in a process of its own so that its time and memory can be measured.
import path from 'node:path';
import { MAX_GENERATED_APPS } from '../bench/scale-limit';
import { APPS_PER_GENERATED_MESH, buildTopologyApp, generateMeshes } from '../project';
import { Command, UsageError } from './command';
import { checkOutdirValue, synthEach } from './synth';
import { wholeNumberOption } from './whole-number';

/** The scale-synth command (run by the benchmark: `node scripts/run-ts.cjs bin/scale-synth.ts`). */
export const scaleSynthCommand: Command = {
  name: 'scale-synth',
  invocation: 'node scripts/run-ts.cjs bin/scale-synth.ts',
  usage: '--apps <N> --outdir <dir>',
  summary:
    `Synthesizes N generated apps into <dir>, as the benchmark measures them; past ${APPS_PER_GENERATED_MESH} apps, as meshes of\n` +
    `${APPS_PER_GENERATED_MESH} apps in namespaces scale-test-<k>, each into <dir>/scale-test-<k>/.`,
  options: {
    apps: { type: 'string', placeholder: '<N>', description: `how many apps (1 to ${MAX_GENERATED_APPS})` },
    outdir: { type: 'string', placeholder: '<dir>', description: 'the output directory (relative to the project root)' },
  },
  run({ values, io }) {
    if (values.apps === undefined) throw new UsageError('--apps is required');
    const apps = wholeNumberOption('--apps', values.apps as string, MAX_GENERATED_APPS, `${MAX_GENERATED_APPS} (ten times the benchmark's largest run)`);
    if (values.outdir === undefined) throw new UsageError('--outdir is required');
    const outdir = values.outdir as string;
    checkOutdirValue(outdir, '--outdir');
    const meshes = generateMeshes(apps);
    const outdirOf = (namespace: string) => (meshes.length === 1 ? outdir : path.join(outdir, namespace));
    return synthEach(meshes.map((mesh) => ({ build: () => buildTopologyApp(mesh), outdir: outdirOf(mesh.namespace) })), io);
  },
};
