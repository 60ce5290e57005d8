// `npm run lint`: the synth-time checks (schemas, CEL rules, mesh checks) on any Kubernetes YAML.
import { Finding, formatFinding, validateObjects } from '../validate';
import { sortFindings } from '../validate/findings';
import { manifestFiles, NotAnObject, readManifest, UnusableInputError } from './read-objects';

export const LINT_USAGE = `usage: npm run --silent lint -- [--format text|json] <file-or-dir>...

Checks Kubernetes YAML (multi-document files; directories recursively; List wrappers unwrapped) against the
Kubernetes 1.27, Istio 1.30.3 and Appsody 0.6.0 schemas (with their CEL rules) and Istio mesh checks.
Exit 0: no errors; 1: errors found; 2: unusable input.`;

/** What a lint run prints and how it exits. */
export interface LintOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs lint on command-line arguments. */
export function lint(argv: readonly string[]): LintOutcome {
  let format = 'text';
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      format = arg.includes('=') ? arg.slice('--format='.length) : argv[++i] ?? '';
      if (format !== 'text' && format !== 'json') return unusable(`--format must be text or json, got '${format}'`);
    } else if (arg === '--help' || arg === '-h') {
      return { exitCode: 0, stdout: `${LINT_USAGE}\n`, stderr: '' };
    } else if (arg.startsWith('-') && arg !== '-') {
      return unusable(`unknown option '${arg}' (see --help)`);
    } else {
      targets.push(arg);
    }
  }
  if (targets.length === 0) return unusable('no file or directory given (see --help)');

  const notObjects: NotAnObject[] = [];
  let objects;
  let fileCount = 0;
  try {
    const files = targets.flatMap(manifestFiles);
    fileCount = files.length;
    objects = files.flatMap((f) => readManifest(f, notObjects));
  } catch (err) {
    if (err instanceof UnusableInputError) return unusable(err.message);
    throw err;
  }
  const findings = sortFindings([
    ...validateObjects(objects),
    ...notObjects.map((p): Finding => ({ code: 'TT0001', severity: 'error', kind: '', name: '', message: p.reason, file: p.file })),
  ]);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const exitCode = count('error') > 0 ? 1 : 0;
  if (format === 'json') return { exitCode, stdout: `${JSON.stringify(findings, null, 2)}\n`, stderr: '' };
  const lines = findings.map(formatFinding);
  lines.push(`${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos in ${objects.length} objects from ${fileCount} files`);
  return { exitCode, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

function unusable(reason: string): LintOutcome {
  return { exitCode: 2, stdout: '', stderr: `lint: ${reason}\n` };
}
