// The project the commands work on: the tutorial's topology and the environments it is deployed to.
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from './environments';
import { Project } from './project';
import { TUTORIAL } from './tutorial-topology';

/** What `npm run synth`, `check` and the tests synthesize. */
export const TUTORIAL_PROJECT: Project = { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT };
