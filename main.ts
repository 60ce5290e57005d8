// Entry point of `npm run synth` (and `cdk8s synth`): the tutorial's topology, for the environment asked for.
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from './src/environments';
import { synthCommand } from './src/synth/cli';
import { TUTORIAL } from './src/topology/tutorial';

synthCommand(process.argv.slice(2), { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT });
