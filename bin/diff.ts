// Entry point of `npm run diff`.
import { main } from '../src/cli/command';
import { diffCommand } from '../src/cli/diff';
import { projectRoot } from '../src/files/project-root';
import { TUTORIAL_PROJECT } from '../src/project';

main(diffCommand(TUTORIAL_PROJECT, projectRoot()));
