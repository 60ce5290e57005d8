// The synth-time checks (schemas, CEL rules, mesh checks) on any Kubernetes YAML: what `npm run lint` reports.
import { Finding, KubernetesVersion, validateObjects } from '../validate';
import { sortFindings } from '../validate/findings';
import { duplicateKeyFindings } from './duplicate-keys';
import { renamedKeyFindings } from './renamed-keys';
import { applyNamespace } from './namespaces';
import { InputProblem, isDataFile, manifestFiles, ReadObject, readManifest } from './read-objects';
import { Suppression, unsuppressed } from './suppressions';

/** What lint found in a set of files. */
export interface LintReport {
  /** Every finding no suppression drops, sorted. */
  readonly findings: readonly Finding[];
  /** How many findings the suppressions dropped. */
  readonly suppressed: number;
  readonly objectCount: number;
  /** The files read, as named on the command line or found under a directory named there. */
  readonly files: readonly string[];
  readonly fileCount: number;
  /**
   * The manifests read that hold no Kubernetes object: empty, comments and `---` only, or an empty List. kubectl skips
   * them silently. JSON data files found in a directory are passed over, not listed.
   */
  readonly emptyFiles: readonly string[];
}

/** How lint reads its input. */
export interface LintOptions {
  /** The namespace of objects that name none, as kubectl's --namespace; objects that name another are refused. */
  readonly namespace?: string;
  readonly suppressions?: readonly Suppression[];
  /**
   * The Kubernetes version whose definitions core kinds are checked against.
   * @default DEFAULT_KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** Input kubectl would not apply: every problem found, each with its file and line. */
export class UnusableInputError extends Error {
  constructor(public readonly problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'UnusableInputError';
  }
}

/** A problem as one line: `<file>:<line>: <reason>`. */
export function formatProblem(problem: InputProblem): string {
  const where = problem.file === undefined ? '' : problem.line === undefined ? `${problem.file}: ` : `${problem.file}:${problem.line}: `;
  return `${where}${problem.reason}`;
}

/**
 * The objects of every manifest under `targets` (files, or directories recursively), in the namespace of `options`,
 * and the files read; throws an UnusableInputError as {@link lintTargets} does.
 */
export function readTargets(
  targets: readonly string[],
  options: Pick<LintOptions, 'namespace'> = {},
): { objects: ReadObject[]; files: string[]; emptyFiles: string[] } {
  const problems: InputProblem[] = [];
  const files = targets.flatMap((target) => manifestFiles(target, problems));
  const emptyFiles: string[] = [];
  const objects = files.flatMap((file) => {
    const read = readManifest(file, problems);
    // a JSON data file in a directory (a dashboard) is passed over by design, not empty
    if (read.length === 0 && !isDataFile(file)) emptyFiles.push(file.file);
    return read;
  });
  if (problems.length > 0) throw new UnusableInputError(problems);
  if (objects.length === 0) {
    throw new UnusableInputError([{ reason: `no objects passed to lint: ${targets.join(', ')} hold${targets.length === 1 ? 's' : ''} no Kubernetes object (kubectl apply fails alike)` }]);
  }
  const refused = applyNamespace(objects, options.namespace);
  if (refused.length > 0) throw new UnusableInputError(refused);
  return { objects, files: files.map((f) => f.file), emptyFiles };
}

/**
 * Reads every manifest under `targets` (files, or directories recursively) and checks the objects together. Throws an
 * UnusableInputError when kubectl would apply none of them: a file it cannot read, a document that is no Kubernetes
 * object, an object in another namespace than an explicit one, or no object at all (kubectl: "no objects passed to
 * apply"). A file with no objects among others is no problem for kubectl, which skips it without a word; the report
 * lists it in `emptyFiles`.
 */
export function lintTargets(targets: readonly string[], options: LintOptions = {}): LintReport {
  const { objects, files, emptyFiles } = readTargets(targets, options);
  const checked = validateObjects(objects, { kubernetesVersion: options.kubernetesVersion });
  const keys = objects.flatMap((source) => [
    ...(source.duplicateKeys ? duplicateKeyFindings(source, source.duplicateKeys) : []),
    ...(source.renamedKeys ? renamedKeyFindings(source, source.renamedKeys) : []),
  ]);
  const all = keys.length === 0 ? checked : sortFindings([...checked, ...keys]);
  const findings = unsuppressed(all, options.suppressions ?? [], objects);
  return {
    findings,
    suppressed: all.length - findings.length,
    objectCount: objects.length,
    files,
    fileCount: files.length,
    emptyFiles,
  };
}
