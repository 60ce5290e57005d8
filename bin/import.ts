// Entry point of the import command.
import { main } from '../src/cli/command';
import { importCommand } from '../src/cli/import';

main(importCommand);
