// `npm run lint`: the synth-time checks on any Kubernetes YAML, as text or JSON.
import { DNS_LABEL_RULE, isDnsLabel } from '../../constructs/dns-names';
import { formatProblem, lintTargets, UnusableInputError } from '../lint/lint';
import { parseSuppression, Suppression, SuppressionSyntaxError } from '../lint/suppressions';
import { formatFinding } from '../validate';
import { MESSAGES } from '../validate/findings';
import { Command, EXIT, UsageError } from './command';

/** The lint command. */
export const lintCommand: Command = {
  name: 'lint',
  invocation: 'npm run --silent lint --',
  usage: '[--format text|json] [-n <namespace>] [-S <code>=<resource>]... <file-or-dir>...',
  summary:
    'Checks Kubernetes YAML (multi-document files; directories recursively; List wrappers unwrapped) against the\n' +
    'Kubernetes 1.27, Istio 1.30.3 and Appsody 0.6.0 schemas (with their CEL rules) and Istio mesh checks. Files are\n' +
    'read as kubectl reads them (YAML 1.1 scalars: yes/on/off are booleans, 010 is 8), and what kubectl would refuse\n' +
    'to apply is unusable input, reported with its file and line.',
  options: {
    format: { type: 'string', placeholder: 'text|json', description: 'how findings are printed (default: text)' },
    namespace: {
      type: 'string',
      short: 'n',
      placeholder: '<namespace>',
      description: "the namespace of objects that name none, as kubectl's (default: default); an object that names another is refused",
    },
    suppress: {
      type: 'string',
      short: 'S',
      multiple: true,
      placeholder: '<code>=<resource>',
      description:
        "drop a code's findings on a resource, as istioctl analyze's --suppress: 'IST0102=Namespace cloudlab', " +
        "'IST0101=VirtualService cloudlab/*', 'IST0107=Pod *.baz' ('*' matches any text)",
    },
  },
  positionals: { placeholder: '<file-or-dir>...', description: 'manifests to check together; a directory is read recursively' },
  run({ values, positionals, io }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
    const namespace = values.namespace as string | undefined;
    if (namespace !== undefined && !isDnsLabel(namespace)) throw new UsageError(`--namespace must be ${DNS_LABEL_RULE}, got '${namespace}'`);
    const suppressions = ((values.suppress as string[] | undefined) ?? []).map(readSuppression);
    const known = new Set<string>(Object.values(MESSAGES).map((m) => m.code));
    for (const { code } of suppressions) {
      // as istioctl: a code no check reports is worth a warning, not a failure
      if (!known.has(code)) io.err(`lint: warning: --suppress code '${code}' is no code lint reports; it has no effect\n`);
    }
    if (positionals.length === 0) throw new UsageError('no file or directory given');
    let report;
    try {
      report = lintTargets(positionals, { namespace, suppressions });
    } catch (err) {
      if (!(err instanceof UnusableInputError)) throw err;
      // one line per problem, each as the command layer prints unusable input
      io.err(err.problems.map((p) => `lint: ${formatProblem(p)}\n`).join(''));
      return EXIT.usage;
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
      `${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos in ${report.objectCount} objects from ${report.fileCount} files` +
        (report.suppressed > 0 ? ` (${report.suppressed} suppressed)` : ''),
    );
    io.out(`${lines.join('\n')}\n`);
    return exitCode;
  },
};

function readSuppression(value: string): Suppression {
  try {
    return parseSuppression(value);
  } catch (err) {
    if (err instanceof SuppressionSyntaxError) throw new UsageError(err.message);
    throw err;
  }
}
