// What an Istio install runs itself, which a repository of manifests does not contain: istiod, with its Service, and
// the gateways the install brings, with their pods' labels, ServiceAccounts and Services (Istio 1.30.3's
// manifests/profiles, istio-discovery and gateway charts, and operator/pkg/component's reading of an IstioOperator).
// Offline analysis counts them as present, so that a Gateway selecting `istio: ingressgateway`, a route through the
// ingress gateway or a route to istiod's Service is not reported merely because nothing is running.
import { ISTIO_VERSION } from '../../../imports/istio-version';
import { Fields, record, text } from '../builtin/go-values';
import type { SourcedObject } from '../findings';
import { oncePer } from '../once-per';

/** A port of a provided workload's Service. */
export interface ProvidedPort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
}

/** A workload an Istio install provides. */
export interface ProvidedWorkload {
  readonly name: string;
  readonly namespace: string;
  /** The labels its Deployment and Service select it by. */
  readonly selector: Readonly<Record<string, string>>;
  /** The labels its pods carry: the selector's, and the chart's others. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** Its Service, named like the workload and selecting its pod labels. */
  readonly ports: readonly ProvidedPort[];
  /** Whether it is a gateway (istiod is not). */
  readonly gateway: boolean;
  /** Whether the install makes its Service only, with no selector and no pods (a remote istiod's). */
  readonly serviceOnly?: boolean;
}

const STATUS: ProvidedPort = { name: 'status-port', port: 15021, targetPort: 15021 };
const HTTP2: ProvidedPort = { name: 'http2', port: 80, targetPort: 8080 };
const HTTPS: ProvidedPort = { name: 'https', port: 443, targetPort: 8443 };
// the demo profile's values add these to the ingress gateway chart's ports
const DEMO_INGRESS: readonly ProvidedPort[] = [{ name: 'tcp', port: 31400, targetPort: 31400 }, { name: 'tls', port: 15443, targetPort: 15443 }];

/** The two gateway components of an IstioOperator, as its charts name and label their gateways by default. */
const GATEWAY_COMPONENTS = {
  ingressGateways: {
    chart: 'istio-ingressgateway',
    labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    ports: (profile: string) => [STATUS, HTTP2, HTTPS, ...(profile === 'demo' ? DEMO_INGRESS : [])],
  },
  egressGateways: { chart: 'istio-egressgateway', labels: { app: 'istio-egressgateway', istio: 'egressgateway' }, ports: () => [HTTP2, HTTPS] },
} as const;
type GatewayComponent = keyof typeof GATEWAY_COMPONENTS;

/**
 * The gateways the profiles of Istio 1.30.3 (each merged over `default`) list, by component: each lists its chart's
 * gateway, enabled in these profiles and disabled in the others (`values.gateways.<chart>.enabled: true` turns a
 * disabled one on); an unknown profile lists none.
 */
const PROFILES = ['default', 'demo', 'preview', 'stable', 'openshift', 'minimal', 'empty', 'remote', 'ambient', 'openshift-ambient'];
const ENABLED_IN: Readonly<Record<GatewayComponent, readonly string[]>> = {
  ingressGateways: ['default', 'demo', 'preview', 'stable', 'openshift'],
  egressGateways: ['demo'],
};
/** The profiles whose install runs no istiod of its own: none at all, or a remote cluster's (its Service is not created). */
const NO_ISTIOD_PROFILES = new Set(['empty', 'remote']);

/** Whether an object is an IstioOperator (`istioctl install`'s resource). */
export const isIstioOperator = (o: { apiVersion: string; kind: string }): boolean => o.kind === 'IstioOperator' && o.apiVersion.startsWith('install.istio.io/');

/** Whether an object is a Sail Operator `Istio` (the control plane the Sail Operator installs). */
export const isSailIstio = (o: { apiVersion: string; kind: string }): boolean => o.kind === 'Istio' && o.apiVersion.startsWith('sailoperator.io/');

/** Whether an object is an Istio install resource: an IstioOperator or a Sail Operator `Istio`. */
export const isInstallResource = (o: { apiVersion: string; kind: string }): boolean => isIstioOperator(o) || isSailIstio(o);

/** The install profile assumed when the set has no install resource: `istioctl install`'s own default. */
export const DEFAULT_PROFILE = 'default';

/** The install resources of a set (IstioOperators and Sail Operator `Istio`s), in their order. */
export const installResourcesOf = oncePer((objects: readonly SourcedObject[]): readonly SourcedObject[] =>
  objects.filter((o) => isInstallResource(o.object)));

/**
 * The install resource that stands for the set's install (its profile, namespace, mesh config and injector): the
 * first that runs the default revision's istiod, else the first that runs an istiod, else the first. A set may hold
 * several, each installed by its own `istioctl install` (which prunes only what its own resource, by name, made):
 * a control plane with a gateways-only resource of the `empty` profile beside it (Istio's "Installing Gateways", the
 * east-west gateway of multicluster installs), or a canary revision beside the stable one.
 */
export const primaryInstallResourceOf = oncePer((objects: readonly SourcedObject[]): SourcedObject | undefined => {
  const resources = installResourcesOf(objects);
  const istiods = resources.map((r) => istiodOf(r.object, record(r.object.spec), installFrom(r.object)));
  const primary = resources.findIndex((_, i) => istiods[i].some((w) => w.name === 'istiod' && !w.serviceOnly));
  const anyIstiod = resources.findIndex((_, i) => istiods[i].some((w) => !w.serviceOnly));
  return resources[primary >= 0 ? primary : anyIstiod >= 0 ? anyIstiod : 0];
});

/**
 * The install of a set of objects: the profile and namespace of its primary IstioOperator (or Sail Operator
 * `Istio`) when it has one, else the default profile in istio-system.
 */
export const installOf = oncePer((objects: readonly SourcedObject[]): Install => {
  const primary = primaryInstallResourceOf(objects);
  return primary ? installFrom(primary.object) : DEFAULT_INSTALL;
});

const DEFAULT_INSTALL: Install = { profile: DEFAULT_PROFILE, namespace: 'istio-system', installsGateways: true };

/** The install one install resource makes. */
function installFrom(object: SourcedObject['object']): Install {
  const spec = object.spec as { profile?: unknown; namespace?: unknown; values?: { global?: { istioNamespace?: unknown } } } | undefined;
  const profile = typeof spec?.profile === 'string' ? spec.profile : DEFAULT_PROFILE;
  // the Sail Operator installs the control plane only: gateways are installed apart from it
  if (isSailIstio(object)) return { profile, namespace: String(spec?.namespace ?? 'istio-system'), installsGateways: false };
  // istioctl installs into values.global.istioNamespace (istio-system from the default profile), which replaces the
  // IstioOperator's own metadata.namespace (translateIstioOperatorToHelm)
  return { profile, namespace: text(spec?.values?.global?.istioNamespace) ?? 'istio-system', installsGateways: true };
}

/** How a set of objects installs Istio. */
export interface Install {
  readonly profile: string;
  /** Istio's own namespace. */
  readonly namespace: string;
  /** Whether the install brings the gateways of its profile. */
  readonly installsGateways: boolean;
}

/**
 * The workloads the installs of `objects` provide: istiod and the gateways (none for an unknown profile's) of each
 * install resource, or of the default install when the set has none; a workload two resources name, once.
 */
export function providedWorkloads(objects: readonly SourcedObject[]): ProvidedWorkload[] {
  const resources = installResourcesOf(objects);
  const provided =
    resources.length === 0 ? workloadsOf(undefined, DEFAULT_INSTALL) : resources.flatMap((r) => workloadsOf(r.object, installFrom(r.object)));
  // gateways-only resources alone: the default install's istiod runs them
  if (resources.length > 0 && resources.every((r) => isGatewaysOnlyInstall(r.object))) {
    provided.push(...istiodOf(undefined, undefined, DEFAULT_INSTALL));
  }
  const seen = new Set<string>();
  return provided.filter((w) => !seen.has(`${w.namespace}/${w.name}`) && seen.add(`${w.namespace}/${w.name}`));
}

/**
 * Whether an install resource only adds gateways: an IstioOperator of the `empty` profile that lists gateways and
 * leaves the pilot component alone (Istio's "Installing Gateways", gen-eastwest-gateway.sh). It goes on a cluster whose
 * istiod another install runs: alone in a set, the set's istiod is the default install's, outside it.
 */
export function isGatewaysOnlyInstall(object: SourcedObject['object']): boolean {
  const spec = record(object.spec);
  const components = record(spec?.components);
  const gateways = ['ingressGateways', 'egressGateways'].some((key) => Array.isArray(components?.[key]) && (components![key] as unknown[]).length > 0);
  return isIstioOperator(object) && text(spec?.profile) === 'empty' && record(components?.pilot)?.enabled === undefined && gateways;
}

/** What one install resource (or the default install) provides. */
function workloadsOf(resource: SourcedObject['object'] | undefined, install: Install): ProvidedWorkload[] {
  const spec = record(resource?.spec);
  const gateways = install.installsGateways
    ? (Object.keys(GATEWAY_COMPONENTS) as GatewayComponent[]).flatMap((component) => gatewaysOf(component, spec, install))
    : [];
  return [...istiodOf(resource, spec, install), ...gateways];
}

/**
 * The gateways of one component (Component.Get): the IstioOperator's list when it gives one (a list replaces the
 * profile's), else the profile's; each entry enabled unless `enabled: false` (or all of them, with
 * `values.gateways.<chart>.enabled: true`), named, namespaced and labelled as the entry says over the chart's
 * defaults, with the entry's Service ports (applyComponentValuesToHelmValues sets them when it has any), else
 * `values.gateways.<chart>.ports`, else the chart's.
 */
function gatewaysOf(component: GatewayComponent, spec: Fields | undefined, install: Install): ProvidedWorkload[] {
  const { chart, labels, ports } = GATEWAY_COMPONENTS[component];
  const listed = record(spec?.components)?.[component];
  const entries: unknown[] = Array.isArray(listed)
    ? listed
    : PROFILES.includes(install.profile) ? [{ name: chart, enabled: ENABLED_IN[component].includes(install.profile) }] : [];
  const chartValues = record(record(record(spec?.values)?.gateways)?.[chart]);
  const alwaysOn = chartValues?.enabled === true;
  // the chart's Service ports: values.gateways.<chart>.ports, unless an entry's k8s.service.ports replace them
  const valuePorts = Array.isArray(chartValues?.ports) ? chartValues.ports : undefined;
  return entries.flatMap((e) => {
    const entry = record(e) ?? {};
    if (entry.enabled === false && !alwaysOn) return [];
    const name = text(entry.name) ?? chart;
    const own = record(record(entry.k8s)?.service)?.ports;
    const servicePorts = Array.isArray(own) && own.length > 0 ? own : valuePorts;
    const entryLabels = Object.fromEntries(Object.entries(record(entry.label) ?? {}).map(([k, v]) => [k, String(v)]));
    const selector: Record<string, string> = { ...labels, ...entryLabels };
    const namespace = text(entry.namespace) ?? install.namespace;
    const revision = istioOperatorRevision(spec);
    return [{
      name,
      namespace,
      selector,
      // the gateway charts' pod template (as istioctl renders it): its labels, then these
      podLabels: {
        ...selector,
        ...(namespace === 'istio-system' ? { heritage: 'Tiller', release: 'istio', chart: 'gateways' } : {}),
        'service.istio.io/canonical-name': name,
        'service.istio.io/canonical-revision': selector['app.kubernetes.io/version'] ?? selector.version ?? revision ?? 'latest',
        'istio.io/rev': revision ?? 'default',
        'install.operator.istio.io/owning-resource': 'unknown',
        'operator.istio.io/component': component === 'ingressGateways' ? 'IngressGateways' : 'EgressGateways',
        'sidecar.istio.io/inject': 'false',
        'app.kubernetes.io/name': chart,
        'istio.io/dataplane-mode': 'none',
        ...chartLabels(component === 'ingressGateways' ? 'istio-ingress' : 'istio-egress'),
      },
      serviceAccount: `${name}-service-account`,
      ports: Array.isArray(servicePorts)
        ? servicePorts.map((p) => record(p) ?? {}).map((p) => ({ name: String(p.name ?? ''), port: Number(p.port), targetPort: Number(p.targetPort ?? p.port) }))
        : ports(install.profile),
      gateway: true,
    }];
  });
}

/** The labels every chart of Istio 1.30.3 gives its pods (`istio.labels`), as istioctl renders them. */
const chartLabels = (chart: string): Record<string, string> => ({
  'app.kubernetes.io/part-of': 'istio',
  'app.kubernetes.io/instance': 'istio',
  'app.kubernetes.io/managed-by': 'Helm',
  'app.kubernetes.io/version': ISTIO_VERSION,
  'helm.sh/chart': `${chart}-${ISTIO_VERSION}`,
});

/** An IstioOperator's revision: `spec.revision`, else `values.revision`; undefined for the default one. */
const istioOperatorRevision = (spec: Fields | undefined): string | undefined => text(spec?.revision) ?? text(record(spec?.values)?.revision);

/**
 * istiod (the istio-discovery chart), unless the install runs none: `components.pilot.enabled: false`, a profile
 * without it, a remote istiod. Named `istiod`, or `istiod-<revision>` for a revision (an IstioOperator's
 * `spec.revision`; a Sail Operator `Istio` other than `default`, whose revision is its name, updated in place).
 */
function istiodOf(resource: SourcedObject['object'] | undefined, spec: Fields | undefined, install: Install): ProvidedWorkload[] {
  const values = record(spec?.values);
  const remote = record(values?.istiodRemote);
  if (install.profile === 'remote' || remote?.enabled === true) return remoteIstiodService(spec, values, remote, install);
  let revision: string | undefined;
  let namespace = install.namespace;
  if (resource && isIstioOperator(resource)) {
    // the IstioOperator's own pilot component is merged over its profile's (the empty profile turns it off)
    const pilot = record(record(spec?.components)?.pilot);
    if (pilot?.enabled === false || (pilot?.enabled !== true && install.profile === 'empty')) return [];
    revision = istioOperatorRevision(spec);
    namespace = text(pilot?.namespace) ?? namespace;
  } else if (NO_ISTIOD_PROFILES.has(install.profile)) {
    return [];
  } else if (resource && isSailIstio(resource)) {
    // a revision-based update names its revisions after the version too, which is not mirrored: no istiod is assumed
    if (text(record(spec?.updateStrategy)?.type) === 'RevisionBased') return [];
    const name = resource.metadata?.name;
    revision = name === 'default' ? undefined : text(name);
  }
  const name = revision ? `istiod-${revision}` : 'istiod';
  return [{
    name,
    namespace,
    // its Service selects the revision's pods by app and revision, the default one's by app and `istio: pilot`
    selector: revision ? { app: 'istiod', 'istio.io/rev': revision } : { app: 'istiod', istio: 'pilot' },
    // the istio-discovery chart's pod template: its fixed labels, values.pilot.podLabels, then the common ones
    podLabels: {
      app: 'istiod', 'istio.io/rev': revision ?? 'default', 'install.operator.istio.io/owning-resource': 'unknown', 'sidecar.istio.io/inject': 'false',
      'operator.istio.io/component': 'Pilot', istio: revision ? 'istiod' : 'pilot',
      ...Object.fromEntries(Object.entries(record(record(values?.pilot)?.podLabels) ?? {}).map(([k, v]) => [k, String(v)])),
      'istio.io/dataplane-mode': 'none', 'app.kubernetes.io/name': 'istiod', ...chartLabels('istiod'),
    },
    serviceAccount: name,
    ports: [
      { name: 'grpc-xds', port: 15010, targetPort: 15010 },
      { name: 'https-dns', port: 15012, targetPort: 15012 },
      { name: 'https-webhook', port: 443, targetPort: 15017 },
      { name: 'http-monitoring', port: 15014, targetPort: 15014 },
    ],
    gateway: false,
  }];
}

/**
 * A remote cluster's istiod Service (istio-discovery's remote-istiod-service.yaml): rendered when the install names
 * the remote istiod (`values.global.remotePilotAddress`) and runs istiodRemote (the remote profile does), with no
 * selector: its endpoints are the remote istiod's. Named `istiod` (`istiod-<revision>`), `-remote` added when a local
 * injector istiod runs beside it.
 */
function remoteIstiodService(spec: Fields | undefined, values: Fields | undefined, remote: Fields | undefined, install: Install): ProvidedWorkload[] {
  const address = text(record(values?.global)?.remotePilotAddress);
  if (!address || (install.profile !== 'remote' && remote?.enabled !== true)) return [];
  const revision = istioOperatorRevision(spec);
  const name = `istiod${revision ? `-${revision}` : ''}${remote?.enabledLocalInjectorIstiod === true ? '-remote' : ''}`;
  return [{
    name,
    namespace: install.namespace,
    selector: {},
    podLabels: {},
    serviceAccount: '',
    ports: [{ name: 'tcp-istiod', port: 15012, targetPort: 15012 }, { name: 'tcp-webhook', port: 443, targetPort: 15017 }],
    gateway: false,
    serviceOnly: true,
  }];
}

/** A provided workload as the Deployment and Service objects the install creates (the Service alone for a service-only one), marked as provided. */
export function providedObjects(workload: ProvidedWorkload): SourcedObject[] {
  const metadata = { name: workload.name, namespace: workload.namespace, labels: { ...workload.selector } };
  if (workload.serviceOnly) {
    return [{ provided: true, object: { apiVersion: 'v1', kind: 'Service', metadata, spec: { ports: workload.ports.map((p) => ({ ...p, protocol: 'TCP' })) } } }];
  }
  return [
    {
      provided: true,
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          selector: { matchLabels: { ...workload.selector } },
          template: {
            metadata: { labels: { ...workload.podLabels } },
            spec: { serviceAccountName: workload.serviceAccount, containers: [{ name: workload.gateway ? 'istio-proxy' : 'discovery' }] },
          },
        },
      },
    },
    {
      provided: true,
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata,
        spec: { selector: { ...workload.selector }, ports: workload.ports.map((p) => ({ ...p, protocol: 'TCP' })) },
      },
    },
  ];
}
