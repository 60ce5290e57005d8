// Synthesizes a generated topology of N apps (`--apps N --outdir DIR`) the way main.ts synthesizes the tutorial:
// the benchmark's scale runs.
import { App } from 'cdk8s';
import { MeshTopology } from '../constructs';
import { runSynth } from '../src/synth/run';
import { generateTopology } from '../src/topology/generate';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0 || args[i + 1] === undefined) throw new Error(`usage: scale-synth --apps <N> --outdir <dir> (missing ${name})`);
  return args[i + 1];
};
const apps = Number(option('--apps'));
runSynth(() => {
  const app = new App();
  new MeshTopology(app, 'generated', generateTopology(apps));
  return app;
}, { outdir: option('--outdir') });
