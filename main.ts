// Entry point of `npm run synth` (and `cdk8s synth`): the tutorial's topology, for the environment asked for.
import { main } from './src/cli/command';
import { synthCommand } from './src/cli/synth';
import { TUTORIAL_PROJECT } from './src/project';

main(synthCommand(TUTORIAL_PROJECT));
