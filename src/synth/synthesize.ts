import { App } from 'cdk8s';
import { Finding, formatFinding, KubernetesVersion, validateObjects } from '../validate';
import { encodedSizeBound } from '../validate/last-applied';
import { Manifest, OutputFile } from '../manifests/kube-object';
import { boundHeapGrowth } from './heap-growth';
import { SynthError } from './synth-error';
import { kustomization } from './kustomization';
import { manifestYaml } from './manifest-yaml';
import { outputReadme } from './readme';
import { renderApp } from './render';
import { translationFile } from './translation';

/** What a synth produces: the objects of each manifest, every file's text, and the warnings and infos found. */
export interface SynthResult {
  readonly manifests: readonly Manifest[];
  /** Manifests and documents, sorted by path. */
  readonly files: readonly OutputFile[];
  /** Findings that do not stop synth (warnings and infos). */
  readonly findings: readonly Finding[];
}

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * The output directory's name, as the generated README's commands name it.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * The Kubernetes version whose definitions the core kinds are validated against.
   * @default DEFAULT_KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: KubernetesVersion;
}

/**
 * Renders an app to YAML files, with the output directory's Kustomization and README, and validates every object
 * (schemas, CEL rules, mesh checks), without writing anything; throws a SynthError listing every error found. Given
 * a function that builds the app, the app's constructs are let go once rendered, before validation (at scale they
 * are about a third of the memory).
 */
export function synthesize(app: App | (() => App), options: SynthesizeOptions = {}): SynthResult {
  const { manifests, documents } = renderWithDocuments(typeof app === 'function' ? app() : app, options);
  boundHeapGrowth();
  return checkedOutput(manifests, documents, options.kubernetesVersion);
}

/**
 * Validates the objects of `manifests` (against the definitions of `kubernetesVersion`, by default the validation's)
 * and, when none has an error, writes them as YAML beside `documents`, every file sorted by path; throws a SynthError
 * listing every error found.
 */
export function checkedOutput(manifests: Manifest[], documents: readonly OutputFile[], kubernetesVersion?: KubernetesVersion): SynthResult {
  // each file's YAML first: its length bounds the size of its objects' JSON, which spares TT0047 its count
  const contents = manifests.map((m) => manifestYaml(m.objects));
  const objects = manifests.flatMap((m, i) => {
    const bound = encodedSizeBound(contents[i], true);
    return m.objects.map((object) => ({ object, file: m.file, ...(bound === undefined ? {} : { encodedSizeBound: bound }) }));
  });
  const findings = validateObjects(objects, { kubernetesVersion });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new SynthError(errors.map(formatFinding));
  const files = [...manifests.map((m, i) => ({ path: m.file, content: contents[i] })), ...documents]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { manifests, files, findings };
}

/** The app's manifests, and its documents with the Kustomization, README and translation report of the output. */
function renderWithDocuments(app: App, options: SynthesizeOptions): { manifests: Manifest[]; documents: OutputFile[] } {
  const rendered = renderApp(app);
  const { manifests, topology } = rendered;
  const documents = [
    ...rendered.documents,
    kustomization(manifests),
    outputReadme(options.outdir ?? 'dist', manifests, topology),
    ...(topology ? [translationFile(topology)] : []),
  ];
  return { manifests, documents };
}
