import { App, Yaml } from 'cdk8s';
import { Manifest } from './manifest';
import { renderManifests } from './render';
import { OutputFile } from './write';

/** What a synth produces: the objects of each file, and the files' text. */
export interface SynthResult {
  readonly manifests: readonly Manifest[];
  readonly files: readonly OutputFile[];
}

/** Renders an app to YAML files, without writing them; throws a SynthError when anything is wrong. */
export function synthesize(app: App): SynthResult {
  const manifests = renderManifests(app);
  const files = manifests.map((m) => ({ path: m.file, content: Yaml.stringify(...m.objects) }));
  return { manifests, files };
}
