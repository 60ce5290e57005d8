// How the set's install injects sidecars: its injection policy and never/always selectors (what istiod's injector
// reads from its `istio-sidecar-injector` ConfigMap, rendered from `values.global.proxy.autoInject` and
// `values.sidecarInjectorWebhook`), whether it injects namespaces by default, and whether anything injects at all.
// A ConfigMap `istio-sidecar-injector` in the set (its `values` JSON, as the install renders it) takes precedence
// over the install resource's values, as it is what a cluster runs with.
import type { SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { installResourceOf } from './install-resource';
import { at, list, record, text } from './manifest-values';
import { oncePer } from '../../once-per';

/** The injector configuration of a set. */
export interface InjectorConfig {
  /** Whether istiod, and so the injection webhook, runs at all. */
  readonly runs: boolean;
  /** `enabled` (inject unless told not to), `disabled` (inject only when told to), anything else turns injection off. */
  readonly policy: string;
  readonly neverInjectSelector: readonly unknown[];
  readonly alwaysInjectSelector: readonly unknown[];
  /** The install's revision, empty for the default one. */
  readonly revision: string;
  /** Whether the install injects namespaces that have no injection label (sidecarInjectorWebhook.enableNamespacesByDefault). */
  readonly enableNamespacesByDefault: boolean;
  /**
   * What istioctl's injection analyzer reads for a namespace without injection labels: the flag of the ConfigMap
   * `istio-sidecar-injector` (the default revision's), false when there is none.
   */
  readonly analyzerEnableNamespacesByDefault: boolean;
}

const INJECTOR_CONFIGMAP = 'istio-sidecar-injector';

/** The `values` of a ConfigMap of the set with that name, parsed; undefined when there is none, {} when they do not parse. */
function configMapValues(objects: readonly SourcedObject[], name: string): Readonly<Record<string, unknown>> | undefined {
  const configMap = objects.find(({ object }) => object.kind === 'ConfigMap' && object.apiVersion === 'v1' && object.metadata?.name === name);
  if (!configMap) return undefined;
  try {
    return record(JSON.parse(text(at(configMap.object, 'data', 'values')) ?? '')) ?? {};
  } catch {
    return {};
  }
}

const byDefault = (values: unknown) => at(values, 'sidecarInjectorWebhook', 'enableNamespacesByDefault') === true;

function readConfig(objects: readonly SourcedObject[]): InjectorConfig {
  const install = installResourceOf(objects);
  const injectorName = install.revision ? `${INJECTOR_CONFIGMAP}-${install.revision}` : INJECTOR_CONFIGMAP;
  const values = configMapValues(objects, injectorName) ?? install.values;
  const defaultRevisionValues = configMapValues(objects, INJECTOR_CONFIGMAP) ?? (install.revision === '' && install.runsIstiod ? install.values : {});
  return {
    runs: install.runsIstiod,
    policy: text(at(values, 'global', 'proxy', 'autoInject')) ?? 'enabled',
    neverInjectSelector: list(at(values, 'sidecarInjectorWebhook', 'neverInjectSelector')),
    alwaysInjectSelector: list(at(values, 'sidecarInjectorWebhook', 'alwaysInjectSelector')),
    revision: install.revision,
    enableNamespacesByDefault: byDefault(values),
    analyzerEnableNamespacesByDefault: byDefault(defaultRevisionValues),
  };
}

/** The injector configuration of the index's set, read once per index. */
export const injectorConfigOf = oncePer((index: MeshIndex) => readConfig(index.objects));
