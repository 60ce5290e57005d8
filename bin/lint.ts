// Entry point of the lint command.
import { main } from '../src/cli/command';
import { lintCommand } from '../src/cli/lint';

main(lintCommand);
