import { App, Yaml } from 'cdk8s';
import { Finding, formatFinding, validateObjects } from '../validate';
import { Manifest, SynthError } from './manifest';
import { renderApp } from './render';
import { OutputFile } from './write';

/** What a synth produces: the objects of each manifest, every file's text, and the warnings and infos found. */
export interface SynthResult {
  readonly manifests: readonly Manifest[];
  /** Manifests and documents, sorted by path. */
  readonly files: readonly OutputFile[];
  /** Findings that do not stop synth (warnings and infos). */
  readonly findings: readonly Finding[];
}

/**
 * Renders an app to YAML files and validates every object (schemas, CEL rules, mesh checks), without writing
 * anything; throws a SynthError listing every error found.
 */
export function synthesize(app: App): SynthResult {
  const { manifests, documents } = renderApp(app);
  const findings = validateObjects(manifests.flatMap((m) => m.objects.map((object) => ({ object, file: m.file }))));
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new SynthError(errors.map(formatFinding));
  const files = [...manifests.map((m) => ({ path: m.file, content: Yaml.stringify(...m.objects) })), ...documents]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { manifests, files, findings };
}
