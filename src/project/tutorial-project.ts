// The project the commands work on: the tutorial's topology, the environments it is deployed to, and where Argo CD
// and Flux pull them from.
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from './environments';
import { GITOPS } from './gitops';
import { Project } from './project';
import { TUTORIAL } from './tutorial-topology';

/** What `npm run synth`, `check` and the tests synthesize. */
export const TUTORIAL_PROJECT: Project = { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT, gitops: GITOPS };
