// The parts of the mesh config that the policy analyzers read, from the set's Istio install (its `istio` ConfigMap, else
// IstioOperator `spec.meshConfig` or Sail Operator Istio `spec.values.meshConfig`: install-resource.ts), as istioctl
// reads the installed mesh config in a cluster; Istio's defaults when the set installs nothing.
import type { SourcedObject } from '../../findings';
import { oncePer } from '../../once-per';
import { installOf } from '../../mesh/install-workloads';
import { installResourceOf } from '../injection-annotations/install-resource';
import { record, strings } from './spec-values';

/** What the analyzers read of the mesh config. */
export interface MeshConfigView {
  /** The namespace whose policies apply to the whole mesh. */
  readonly rootNamespace: string;
  /** `defaultProviders.accessLogging`: the providers of an access logging entry that names none. */
  readonly defaultAccessLogging: readonly string[];
}

/** The mesh config of the set's install. */
export const meshConfigOf = oncePer((objects: readonly SourcedObject[]): MeshConfigView => {
  const install = installOf(objects);
  const { meshConfig } = installResourceOf(objects);
  const root = meshConfig.rootNamespace;
  return {
    // the chart's default: meshConfig.rootNamespace, else the install's namespace
    rootNamespace: typeof root === 'string' && root !== '' ? root : install.namespace,
    defaultAccessLogging: strings(record(meshConfig.defaultProviders)?.accessLogging),
  };
});
