// Entry point of the bench command.
import { main } from '../src/cli/command';
import { benchCommand } from '../src/cli/bench';

main(benchCommand);
