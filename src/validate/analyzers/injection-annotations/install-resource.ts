// The Istio install a set of objects describes, as far as injection and the mesh config depend on it: its Helm values,
// mesh config, revision and whether it runs istiod (which serves the injection webhook). The install resource is the
// first IstioOperator or Sail Operator `Istio` of the set (as install-workloads.ts picks it); without one, the set is
// taken to run on `istioctl install`'s default profile, with Istio's defaults.
import type { SourcedObject } from '../../findings';
import { installOf, isIstioOperator, isSailIstio } from '../../mesh/install-workloads';
import { at, record, text } from './manifest-values';

/** What the set's install sets up. */
export interface InstallResource {
  /** Its Helm values (`spec.values`), as the charts read them. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Its mesh config (`spec.meshConfig`, or the Sail Operator's `spec.values.meshConfig`). */
  readonly meshConfig: Readonly<Record<string, unknown>>;
  /** Its revision, empty for the default one. */
  readonly revision: string;
  /** Whether it runs istiod, and so the sidecar injector: every profile but `empty`, unless `components.pilot.enabled` says otherwise. */
  readonly runsIstiod: boolean;
}

/** The install of `objects`. */
export function installResourceOf(objects: readonly SourcedObject[]): InstallResource {
  const { profile } = installOf(objects);
  for (const { object } of objects) {
    const spec = record(object.spec);
    if (isIstioOperator(object)) {
      const values = record(spec?.values) ?? {};
      const pilot = at(spec, 'components', 'pilot', 'enabled');
      return {
        values,
        meshConfig: record(spec?.meshConfig) ?? {},
        revision: text(spec?.revision) ?? text(values.revision) ?? '',
        runsIstiod: typeof pilot === 'boolean' ? pilot : profile !== 'empty',
      };
    }
    if (isSailIstio(object)) {
      const values = record(spec?.values) ?? {};
      // the Sail Operator names the revision after the Istio resource, and renders the one named `default` without one
      const name = object.metadata?.name ?? 'default';
      return { values, meshConfig: record(values.meshConfig) ?? {}, revision: name === 'default' ? '' : name, runsIstiod: true };
    }
  }
  return { values: {}, meshConfig: {}, revision: '', runsIstiod: true };
}
