// `npm run lint`: the synth-time checks on any Kubernetes YAML, printed as istioctl analyze prints its findings.
import path from 'node:path';
import { Document, visit } from 'yaml';
import { isTimestamp, resolve } from '../manifests/yaml-resolve';
import { DNS_LABEL_RULE, isDnsLabel } from '../../constructs/dns-names';
import { fsReason } from '../files/files-under';
import { formatProblem, LintOptions, LintReport, lintTargets, readTargets, UnusableInputError } from '../lint/lint';
import { parseSuppression, Suppression, SuppressionSyntaxError } from '../lint/suppressions';
import { countOf } from '../messages/problem-list';
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, KubernetesVersion } from '../validate';
import { atOrAbove, Finding, findingRecord, formatFinding, formatFindingInColour, LEVELS, MESSAGES, Severity } from '../validate/findings';
import { MeshIndex } from '../validate/mesh/mesh-index';
import { Reachability } from '../validate/reachability/matrix';
import { matrixRecord, matrixTable } from '../validate/reachability/matrix-table';
import { Command, CommandIo, EXIT, ExitCode, InputError, UsageError } from './command';

/** How findings are printed: istioctl analyze's `--output` formats. */
export type OutputFormat = 'log' | 'json' | 'yaml';

const OUTPUT_FORMATS: readonly OutputFormat[] = ['log', 'json', 'yaml'];

// --format, the option's older name, and its values
const FORMAT_ALIASES: Readonly<Record<string, OutputFormat>> = { text: 'log', json: 'json' };

/** The lint command. */
export const lintCommand: Command = {
  name: 'lint',
  invocation: 'npm run --silent lint --',
  usage:
    '[-o log|json|yaml] [--failure-threshold <level>] [--output-threshold <level>] [-n <namespace>] [--kube-version <major.minor>] ' +
    '[-S <code>=<resource>]... [--color[=false]] [--reachability] <file-or-dir>...',
  summary:
    'Checks Kubernetes YAML (multi-document files; directories recursively; List wrappers unwrapped) against the\n' +
    `Kubernetes ${DEFAULT_KUBERNETES_VERSION} (or --kube-version), Istio 1.30.3 and Appsody 0.6.0 schemas (with their CEL rules) and Istio\n` +
    'mesh checks, and prints the findings as istioctl analyze does: `Error [IST0101] (VirtualService shop/web vs.yaml:12)\n' +
    '<message>`. Files are read as kubectl reads them (YAML 1.1 scalars: yes/on/off are booleans, 010 is 8), and what\n' +
    'kubectl would refuse to apply is unusable input, reported with its file and line.',
  options: {
    output: {
      type: 'string',
      short: 'o',
      placeholder: 'log|json|yaml',
      description: 'how findings are printed, as istioctl analyze -o (default: log)',
    },
    format: { type: 'string', placeholder: 'text|json', description: 'the older name of --output: text is log' },
    'failure-threshold': {
      type: 'string',
      placeholder: '<level>',
      description: 'exit 1 on a finding at or above this level: Info, Warning or Error (default: Error)',
    },
    'output-threshold': {
      type: 'string',
      placeholder: '<level>',
      description: 'print the findings at or above this level: Info, Warning or Error (default: Info)',
    },
    namespace: {
      type: 'string',
      short: 'n',
      placeholder: '<namespace>',
      description: "the namespace of objects that name none, as kubectl's (default: default); an object that names another is refused",
    },
    'kube-version': {
      type: 'string',
      placeholder: '<major.minor>',
      description: `the Kubernetes version whose definitions core kinds are checked against: ${KUBERNETES_VERSIONS.join(' or ')} (default: ${DEFAULT_KUBERNETES_VERSION})`,
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
    color: {
      type: 'boolean',
      boolValue: true,
      description:
        'colour the level of each -o log finding, as istioctl analyze --color; --color=false turns it off ' +
        '(default: on when standard output is a terminal, unless TERM is dumb or NO_COLOR is set)',
    },
    reachability: {
      type: 'boolean',
      description:
        'print who can call whom instead of the findings: the reachability matrix as a Markdown table (-o log), or every allowance (-o json, -o yaml); exit 0',
    },
  },
  positionals: { placeholder: '<file-or-dir>...', description: 'manifests to check together (- reads standard input); a directory is read recursively' },
  run({ values, positionals, io }) {
    const output = outputFormat(values.output as string | undefined, values.format as string | undefined);
    const failureThreshold = threshold('--failure-threshold', values['failure-threshold'] as string | undefined, 'error');
    const outputThreshold = threshold('--output-threshold', values['output-threshold'] as string | undefined, 'info');
    const namespace = values.namespace as string | undefined;
    if (namespace !== undefined && !isDnsLabel(namespace)) throw new UsageError(`--namespace must be ${DNS_LABEL_RULE}, got '${namespace}'`);
    const suppressions = ((values.suppress as string[] | undefined) ?? []).map(readSuppression);
    const kubernetesVersion = (values['kube-version'] as string | undefined) ?? DEFAULT_KUBERNETES_VERSION;
    if (!(KUBERNETES_VERSIONS as readonly string[]).includes(kubernetesVersion)) {
      throw new UsageError(`--kube-version must be one of ${KUBERNETES_VERSIONS.join(', ')} (the pinned definitions), got '${kubernetesVersion}'`);
    }
    const known = new Set<string>(Object.values(MESSAGES).map((m) => m.code));
    for (const { code } of suppressions) {
      // as istioctl: a code no check reports is worth a warning, not a failure
      if (!known.has(code)) io.err(`lint: warning: --suppress code '${code}' is no code lint reports; it has no effect\n`);
    }
    if (positionals.length === 0) throw new UsageError('no file or directory given');
    // as kubectl: standard input is one stream, read once
    if (positionals.filter((p) => p === '-').length > 1) throw new UsageError("standard input ('-') can be given once");
    return inUserDirectory(() => {
      if (values.reachability === true) return printReachability(positionals, namespace, output, io);
      const options = { namespace, suppressions, kubernetesVersion: kubernetesVersion as KubernetesVersion };
      const colour = output === 'log' && ((values.color as boolean | undefined) ?? colourByDefault(io));
      return lintAndPrint(positionals, options, { output, colour }, failureThreshold, outputThreshold, io);
    });
  },
};

/**
 * Runs `run` in the directory lint was run from, so that a relative path is relative to it, as kubectl's, and
 * messages show it as given: `npm run` runs the script in the project root, and names the directory it was run from in
 * INIT_CWD. Only when the lint script itself is running (a test run started by `npm test` has its own INIT_CWD).
 */
function inUserDirectory(run: () => ExitCode): ExitCode {
  const from = process.env.npm_lifecycle_event === 'lint' ? process.env.INIT_CWD : undefined;
  const back = process.cwd();
  if (from === undefined || from === '' || path.resolve(from) === back) return run();
  try {
    process.chdir(from);
  } catch (err) {
    throw new InputError(`cannot read paths relative to ${from}, the directory npm was run from: ${fsReason(err)}`);
  }
  try {
    return run();
  } finally {
    process.chdir(back);
  }
}

/**
 * Whether findings are coloured when `--color` is not given: as istioctl's default (formatting.IstioctlColorDefault),
 * when standard output is a terminal and TERM is not `dumb` (in any case); and, where lint differs on purpose, not
 * when NO_COLOR is set to anything but the empty string (https://no-color.org), which istioctl does not read.
 */
function colourByDefault(io: CommandIo): boolean {
  const { TERM, NO_COLOR } = process.env;
  return io.outIsTerminal === true && TERM?.toLowerCase() !== 'dumb' && (NO_COLOR === undefined || NO_COLOR === '');
}

/** How findings are printed: the `--output` format, and whether `-o log` colours the levels. */
interface Printing {
  readonly output: OutputFormat;
  readonly colour: boolean;
}

/** Lints `targets` and prints the findings; the exit code. */
function lintAndPrint(
  targets: readonly string[],
  options: LintOptions,
  { output, colour }: Printing,
  failureThreshold: Severity,
  outputThreshold: Severity,
  io: CommandIo,
): ExitCode {
  let report;
  try {
    report = lintTargets(targets, options);
  } catch (err) {
    if (!(err instanceof UnusableInputError)) throw err;
    // one line per problem, each as the command layer prints unusable input
    io.err(err.problems.map((p) => `lint: ${formatProblem(p)}\n`).join(''));
    return EXIT.usage;
  }
  // kubectl applies the rest and says nothing; a file that holds nothing is still worth a word, without failing the run
  io.err(report.emptyFiles.map((file) => `lint: ${file}: holds no Kubernetes object; kubectl skips it\n`).join(''));
  // as istioctl: the exit code counts every finding, the output threshold only limits what is printed
  const failed = report.findings.some((f) => atOrAbove(f.severity, failureThreshold));
  const shown = report.findings.filter((f) => atOrAbove(f.severity, outputThreshold));
  io.out(printFindings(shown, output, colour));
  if (shown.length === 0 && !failed) io.err(noIssues(report.files));
  else if (output === 'log') io.err(`lint: ${summary(report, shown.length, outputThreshold)}\n`);
  return failed ? EXIT.failed : EXIT.ok;
}

/** `--reachability`: the matrix of the objects under `targets`, as a table (log) or records (json, yaml). */
function printReachability(targets: readonly string[], namespace: string | undefined, output: OutputFormat, io: CommandIo): ExitCode {
  let objects;
  try {
    objects = readTargets(targets, { namespace }).objects;
  } catch (err) {
    if (!(err instanceof UnusableInputError)) throw err;
    io.err(err.problems.map((p) => `lint: ${formatProblem(p)}\n`).join(''));
    return EXIT.usage;
  }
  const matrix = new Reachability(new MeshIndex(objects));
  if (output === 'log') io.out(`${matrixTable(matrix).join('\n')}\n`);
  else if (output === 'yaml') io.out(goYaml(matrixRecord(matrix)));
  else io.out(`${JSON.stringify(matrixRecord(matrix), null, '\t')}\n`);
  return EXIT.ok;
}

/**
 * `value` as YAML, as istioctl's sigs.k8s.io/yaml (go-yaml v2) writes it: a string go-yaml would not write plain in
 * double quotes (see {@link goYamlDoubleQuotes}), one that cannot be plain otherwise in single quotes, one line per
 * value (go-yaml folds long ones, which changes no value).
 */
function goYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && goYamlDoubleQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, singleQuote: true });
}

// go-yaml's isBase60Float, which its encoder quotes for YAML 1.1 readers
const BASE_60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
// go-yaml's emitter is_printable: a string with any other character is written double-quoted, escaped
const GO_YAML_PRINTABLE = /^[\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

/**
 * Whether go-yaml v2 writes `text` double-quoted: when it reads, plain, as something other than a string (its
 * resolve: null, a boolean, a number, a timestamp, the merge key, a base-60 float), or holds a character its emitter
 * does not print (a tab, a control character, one outside the Basic Multilingual Plane).
 */
export function goYamlDoubleQuotes(text: string): boolean {
  if (text === '<<' || isTimestamp(text) || BASE_60_FLOAT.test(text)) return true;
  return resolve('', text).tag !== 'str' || !GO_YAML_PRINTABLE.test(text);
}

/**
 * The findings as `--output` prints them, with a final line break; nothing in log format when there are none.
 * `colour` colours the levels of `log`, as istioctl on a terminal (never JSON or YAML).
 */
export function printFindings(findings: readonly Finding[], output: OutputFormat, colour = false): string {
  if (output === 'log') return findings.map((f) => `${(colour ? formatFindingInColour : formatFinding)(f)}\n`).join('');
  const records = findings.map(findingRecord);
  if (output === 'yaml') return goYaml(records);
  // Go's json.MarshalIndent, as istioctl prints: tabs, and <, >, &, U+2028 and U+2029 escaped
  const json = JSON.stringify(records, null, '\t').replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${json}\n`;
}

/** istioctl's line on stderr when it prints no finding. */
function noIssues(files: readonly string[]): string {
  return files.length === 1
    ? `\u2714 No validation issues found when analyzing ${files[0]}.\n`
    : `\u2714 No validation issues found when analyzing:\n${files.map((f) => `  - ${f}\n`).join('')}`;
}

/** `1 error, 0 warnings, 4 infos in 26 objects from 16 files`, and what was not printed. */
function summary(report: LintReport, shownCount: number, outputThreshold: Severity): string {
  const count = (severity: Severity, noun: string) => countOf(report.findings.filter((f) => f.severity === severity).length, noun);
  const hidden = report.findings.length - shownCount;
  const notes = [
    ...(report.suppressed > 0 ? [`${report.suppressed} suppressed`] : []),
    ...(hidden > 0 ? [`${hidden} below --output-threshold ${LEVELS[outputThreshold]} not shown`] : []),
  ];
  return (
    `${count('error', 'error')}, ${count('warning', 'warning')}, ${count('info', 'info')} in ` +
    `${countOf(report.objectCount, 'object')} from ${countOf(report.fileCount, 'file')}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`
  );
}

function outputFormat(output: string | undefined, format: string | undefined): OutputFormat {
  let fromFormat: OutputFormat | undefined;
  if (format !== undefined) {
    fromFormat = FORMAT_ALIASES[format];
    if (fromFormat === undefined) throw new UsageError(`--format must be text or json, got '${format}' (--output takes log, json or yaml)`);
  }
  if (output === undefined) return fromFormat ?? 'log';
  // as istioctl: the value is lower-cased first
  const chosen = OUTPUT_FORMATS.find((f) => f === output.toLowerCase());
  if (chosen === undefined) throw new UsageError(`--output must be log, json or yaml, got '${output}'`);
  if (fromFormat !== undefined && fromFormat !== chosen) throw new UsageError(`--format ${format} and --output ${output} disagree; give one`);
  return chosen;
}

/** A threshold level, as istioctl reads it: Info, Warning or Error, in any case. */
function threshold(option: string, value: string | undefined, fallback: Severity): Severity {
  if (value === undefined) return fallback;
  const severity = (Object.keys(LEVELS) as Severity[]).find((s) => s === value.toLowerCase());
  if (severity === undefined) throw new UsageError(`${option} must be Info, Warning or Error, got '${value}'`);
  return severity;
}

function readSuppression(value: string): Suppression {
  try {
    return parseSuppression(value);
  } catch (err) {
    if (err instanceof SuppressionSyntaxError) throw new UsageError(err.message);
    throw err;
  }
}
