// Entry point of `npm run lint`.
import { lint } from '../lint/lint';

const outcome = lint(process.argv.slice(2));
process.stdout.write(outcome.stdout);
process.stderr.write(outcome.stderr);
process.exitCode = outcome.exitCode;
