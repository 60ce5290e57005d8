// `npm run lint`: the synth-time checks on any Kubernetes YAML, as text or JSON.
import { lintTargets } from '../lint/lint';
import { UnusableInputError } from '../lint/read-objects';
import { formatFinding } from '../validate';
import { Command, EXIT, InputError, UsageError } from './command';

/** The lint command. */
export const lintCommand: Command = {
  name: 'lint',
  invocation: 'npm run --silent lint --',
  usage: '[--format text|json] <file-or-dir>...',
  summary:
    'Checks Kubernetes YAML (multi-document files; directories recursively; List wrappers unwrapped) against the\n' +
    'Kubernetes 1.27, Istio 1.30.3 and Appsody 0.6.0 schemas (with their CEL rules) and Istio mesh checks.',
  options: {
    format: { type: 'string', placeholder: 'text|json', description: 'how findings are printed (default: text)' },
  },
  positionals: { placeholder: '<file-or-dir>...', description: 'manifests to check together; a directory is read recursively' },
  run({ values, positionals, io }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
    if (positionals.length === 0) throw new UsageError('no file or directory given');
    let report;
    try {
      report = lintTargets(positionals);
    } catch (err) {
      if (err instanceof UnusableInputError) throw new InputError(err.message);
      throw err;
    }
    const { findings } = report;
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    const exitCode = count('error') > 0 ? EXIT.failed : EXIT.ok;
    if (format === 'json') {
      io.out(`${JSON.stringify(findings, null, 2)}\n`);
      return exitCode;
    }
    const lines = findings.map(formatFinding);
    lines.push(
      `${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos in ${report.objectCount} objects from ${report.fileCount} files`,
    );
    io.out(`${lines.join('\n')}\n`);
    return exitCode;
  },
};
