// `npm run import`: regenerates imports/ from the pinned CRDs and Kubernetes definitions.
import { ImportInputError, importSchemas, ImportSourceError } from '../codegen/import-schemas';
import { DirectoryLockedError } from '../files/directory-lock';
import { projectRoot } from '../files/project-root';
import { Command, CommandFailure, EXIT, InputError, UsageError } from './command';

/** The import command. */
export const importCommand: Command = {
  name: 'import',
  invocation: 'npm run import --',
  usage: '[--from <dir>]',
  summary:
    'Regenerates imports/ (typed constructs and the schemas validation uses) from the pinned CRDs (Istio, Appsody,\n' +
    'Gateway API, Sail Operator, Runtime Component Operator) and the Kubernetes 1.27 and 1.33 definitions, checking\n' +
    'each file against its sha256 pin in src/codegen/sources.ts.',
  options: {
    from: {
      type: 'string',
      placeholder: '<dir>',
      description: 'read the pinned files from <dir> (relative to the project root), searched recursively (e.g. ../shared; also IMPORT_FROM=<dir>); default: download them',
    },
  },
  async run({ values, io }) {
    const given = values.from as string | undefined;
    // an empty --from is a mistake (a variable that was not set), never a request to download
    if (given === '') throw new UsageError("--from needs a directory, got ''; e.g. --from ../shared, or no --from to download");
    const fromEnv = given === undefined ? process.env.IMPORT_FROM : undefined;
    if (fromEnv === '') throw new UsageError('IMPORT_FROM needs a directory, got an empty value; e.g. IMPORT_FROM=../shared, or unset it to download');
    try {
      await importSchemas({
        root: projectRoot(),
        from: given ?? fromEnv,
        fromName: given === undefined ? 'IMPORT_FROM' : '--from',
        log: (line) => io.out(`${line}\n`),
      });
    } catch (err) {
      throw importFailure(err);
    }
    return EXIT.ok;
  },
};

/**
 * What an import's error is to the command: a directory or pinned file that cannot be read is unreadable input (exit
 * 2); a changed pinned file, or another import holding imports/ too long, a failure for the user to see to (exit 1).
 */
export function importFailure(err: unknown): unknown {
  if (err instanceof ImportInputError) return new InputError(`${err.message}; imports/ left as it was`);
  if (err instanceof ImportSourceError || err instanceof DirectoryLockedError) return new CommandFailure(`${err.message}; imports/ left as it was`);
  return err;
}
