// The synth-time checks (schemas, CEL rules, mesh checks) on any Kubernetes YAML: what `npm run lint` reports.
import { Finding, validateObjects } from '../validate';
import { sortFindings } from '../validate/findings';
import { manifestFiles, NotAnObject, readManifest } from './read-objects';

/** What lint found in a set of files. */
export interface LintReport {
  /** Every finding, sorted. */
  readonly findings: readonly Finding[];
  readonly objectCount: number;
  readonly fileCount: number;
}

/**
 * Reads every manifest under `targets` (files, or directories recursively) and checks the objects together.
 * Throws an UnusableInputError when a target cannot be read at all.
 */
export function lintTargets(targets: readonly string[]): LintReport {
  const notObjects: NotAnObject[] = [];
  const files = targets.flatMap(manifestFiles);
  const objects = files.flatMap((f) => readManifest(f, notObjects));
  const findings = sortFindings([
    ...validateObjects(objects),
    ...notObjects.map((p): Finding => ({ code: 'TT0001', severity: 'error', kind: '', name: '', message: p.reason, file: p.file })),
  ]);
  return { findings, objectCount: objects.length, fileCount: files.length };
}
