// Entry point of `npm run check`.
import { checkCommand } from '../src/cli/check';
import { main } from '../src/cli/command';
import { projectRoot } from '../src/files/project-root';
import { TUTORIAL_PROJECT } from '../src/project';

main(checkCommand(TUTORIAL_PROJECT, projectRoot()));
