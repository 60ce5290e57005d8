// The Istio install a set of objects describes, as far as injection and the mesh config depend on it: its Helm values,
// mesh config, revision and whether it runs istiod (which serves the injection webhook). The install resource is the
// primary IstioOperator or Sail Operator `Istio` of the set (install-workloads.ts: the one that runs the default
// revision's istiod, when several do); without one, the set is taken to run on `istioctl install`'s default profile,
// with Istio's defaults.
// The mesh config is what istiod reads: the `mesh` key of the ConfigMap `istio` (`istio-<revision>` for a revision) in
// Istio's namespace, which every install renders (a Helm install has nothing else to say it); without that ConfigMap
// in the set, the install resource's `meshConfig`. istioctl analyze reads the ConfigMap `istio` in a cluster whatever
// the revision; for a revisioned install, lint reads the revision's, as that revision's istiod does (a deliberate
// difference). Unlike istioctl, which keeps Istio's whole default config when the `mesh` text does not apply, lint
// reads the fields that parse.
import { parse } from 'yaml';
import type { SourcedObject } from '../../findings';
import { installOf, installResourcesOf, isGatewaysOnlyInstall, isSailIstio, primaryInstallResourceOf } from '../../mesh/install-workloads';
import { namespaceOf } from '../../mesh/mesh-index';
import { oncePer } from '../../once-per';
import { at, record, text } from './manifest-values';

/** What the set's install sets up. */
export interface InstallResource {
  /** Its Helm values (`spec.values`), as the charts read them. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Its mesh config: the `istio` ConfigMap's, else `spec.meshConfig` (the Sail Operator's `spec.values.meshConfig`). */
  readonly meshConfig: Readonly<Record<string, unknown>>;
  /** Its revision, empty for the default one. */
  readonly revision: string;
  /** Whether it runs istiod, and so the sidecar injector: every profile but `empty`, unless `components.pilot.enabled` says otherwise. */
  readonly runsIstiod: boolean;
  /** The IstioOperator or Sail Operator `Istio` it is read from; absent for the default install. */
  readonly source?: SourcedObject;
}

/** The install of `objects`, with the mesh config its `istio` ConfigMap holds when the set has one; read once per set. */
export const installResourceOf = oncePer((objects: readonly SourcedObject[]): InstallResource => {
  const resource = installResource(objects);
  const meshConfig = configMapMeshConfig(objects, resource.revision, installOf(objects).namespace);
  return meshConfig ? { ...resource, meshConfig } : resource;
});

/**
 * The mesh config in the set's ConfigMap `istio` (`istio-<revision>`) in Istio's namespace, parsed from its `mesh`
 * key; undefined when there is no such ConfigMap or key, {} when the key does not parse to a mapping.
 */
function configMapMeshConfig(objects: readonly SourcedObject[], revision: string, namespace: string): Readonly<Record<string, unknown>> | undefined {
  const mesh = text(at(meshConfigMap(objects, revision, namespace)?.object, 'data', 'mesh'));
  if (mesh === undefined) return undefined;
  try {
    return record(parse(mesh, { version: '1.1', uniqueKeys: false })) ?? {};
  } catch {
    return {};
  }
}

/** The set's ConfigMap `istio` (`istio-<revision>`) in Istio's namespace, which holds the mesh config and networks. */
function meshConfigMap(objects: readonly SourcedObject[], revision: string, namespace: string): SourcedObject | undefined {
  const name = revision ? `istio-${revision}` : 'istio';
  return objects.find(
    (source) => source.object.kind === 'ConfigMap' && source.object.apiVersion === 'v1' && source.object.metadata?.name === name && namespaceOf(source) === namespace,
  );
}

/** The mesh networks of an install, and where they are written. */
export interface MeshNetworks {
  /** `networks`: each network by its name. */
  readonly networks: Readonly<Record<string, unknown>>;
  /** The object that holds them, and the field of it. */
  readonly source: SourcedObject;
  readonly field: string;
}

/**
 * The mesh networks istiod reads: the `meshNetworks` key of the ConfigMap that holds the mesh config (parsed; {} when
 * it does not parse), else what the install resource's `values.global.meshNetworks` renders into it; undefined when
 * the set says nothing of them.
 */
export const meshNetworksOf = oncePer((objects: readonly SourcedObject[]): MeshNetworks | undefined => {
  const install = installResourceOf(objects);
  const configMap = meshConfigMap(objects, install.revision, installOf(objects).namespace);
  const written = text(at(configMap?.object, 'data', 'meshNetworks'));
  if (configMap && written !== undefined) {
    let parsed: unknown;
    try {
      parsed = parse(written, { version: '1.1', uniqueKeys: false });
    } catch {
      parsed = undefined;
    }
    return { networks: record(record(parsed)?.networks) ?? {}, source: configMap, field: 'data.meshNetworks' };
  }
  const networks = record(at(install.values, 'global', 'meshNetworks'));
  return install.source && networks ? { networks, source: install.source, field: 'spec.values.global.meshNetworks' } : undefined;
});

const DEFAULT_INSTALL_RESOURCE: InstallResource = { values: {}, meshConfig: {}, revision: '', runsIstiod: true };

/**
 * The primary install resource of `objects` (install-workloads.ts), or the default profile's install; also when the
 * set's only resources are gateways-only ones of the `empty` profile (Istio's "Installing Gateways", the east-west
 * gateway of gen-eastwest-gateway.sh): they go on a cluster whose istiod another install runs, outside the set.
 */
function installResource(objects: readonly SourcedObject[]): InstallResource {
  const primary = primaryInstallResourceOf(objects);
  if (!primary) return DEFAULT_INSTALL_RESOURCE;
  const read = readInstallResource(primary);
  return !read.runsIstiod && isGatewaysOnlyInstall(primary.object) ? DEFAULT_INSTALL_RESOURCE : read;
}

/** Every install resource of `objects`, read as the primary one is (without the ConfigMap's mesh config). */
export const installResourcesReadOf = oncePer((objects: readonly SourcedObject[]): readonly InstallResource[] =>
  installResourcesOf(objects).map(readInstallResource));

/** What one IstioOperator or Sail Operator `Istio` installs. */
function readInstallResource(source: SourcedObject): InstallResource {
  const { object } = source;
  const spec = record(object.spec);
  const values = record(spec?.values) ?? {};
  if (isSailIstio(object)) {
    // the Sail Operator names the revision after the Istio resource, and renders the one named `default` without one
    const name = object.metadata?.name ?? 'default';
    return { values, meshConfig: record(values.meshConfig) ?? {}, revision: name === 'default' ? '' : name, runsIstiod: true, source };
  }
  const pilot = at(spec, 'components', 'pilot', 'enabled');
  return {
    values,
    // istioctl merges spec.meshConfig into spec.values.meshConfig (MergeInputs: the user's values map is the one it
    // writes into, so spec.meshConfig wins where both set a key); the chart's mesh ConfigMap renders the result
    meshConfig: mergedOver(record(values.meshConfig) ?? {}, record(spec?.meshConfig) ?? {}),
    revision: text(spec?.revision) ?? text(values.revision) ?? '',
    runsIstiod: typeof pilot === 'boolean' ? pilot : text(spec?.profile) !== 'empty',
    source,
  };
}

/** `over` merged into `base` as values.Map's MergeFrom does: maps key by key, anything else replaced. */
function mergedOver(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = record(merged[key]);
    const above = record(value);
    merged[key] = below && above ? mergedOver(below, above) : value;
  }
  return merged;
}
