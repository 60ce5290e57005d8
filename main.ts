// Entry point of `npm run synth` (and `cdk8s synth`): the tutorial's topology, synthesized into dist/.
import { App } from 'cdk8s';
import { MeshTopology } from './constructs';
import { runSynth } from './src/synth/run';
import { TUTORIAL } from './src/topology/tutorial';

runSynth(() => {
  const app = new App();
  new MeshTopology(app, 'tutorial', TUTORIAL);
  return app;
});
