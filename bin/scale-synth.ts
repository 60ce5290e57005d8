// Entry point of the scale-synth command.
import { main } from '../src/cli/command';
import { scaleSynthCommand } from '../src/cli/scale-synth';

main(scaleSynthCommand);
