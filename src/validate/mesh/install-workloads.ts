// What an Istio install runs itself, which a repository of manifests does not contain: the gateways of its profile,
// with their pods' labels, ServiceAccounts and Services (Istio 1.30.3's manifests/profiles and gateway charts).
// Offline analysis counts them as present, so that a Gateway selecting `istio: ingressgateway` or a route through
// the ingress gateway is not reported merely because nothing is running.
import type { SourcedObject } from '../findings';
import { oncePer } from '../once-per';

/** A port of an install gateway's Service. */
export interface ProvidedPort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
}

/** A workload an Istio install provides. */
export interface ProvidedWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** Its Service, named like the workload and selecting its pod labels. */
  readonly ports: readonly ProvidedPort[];
}

const STATUS: ProvidedPort = { name: 'status-port', port: 15021, targetPort: 15021 };
const HTTP2: ProvidedPort = { name: 'http2', port: 80, targetPort: 8080 };
const HTTPS: ProvidedPort = { name: 'https', port: 443, targetPort: 8443 };

function ingress(namespace: string, extra: readonly ProvidedPort[] = []): ProvidedWorkload {
  return {
    name: 'istio-ingressgateway',
    namespace,
    podLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    serviceAccount: 'istio-ingressgateway-service-account',
    ports: [STATUS, HTTP2, HTTPS, ...extra],
  };
}

function egress(namespace: string): ProvidedWorkload {
  return {
    name: 'istio-egressgateway',
    namespace,
    podLabels: { app: 'istio-egressgateway', istio: 'egressgateway' },
    serviceAccount: 'istio-egressgateway-service-account',
    ports: [HTTP2, HTTPS],
  };
}

/** The profiles of Istio 1.30.3, each with the gateways it installs. */
const PROFILES: Readonly<Record<string, (namespace: string) => ProvidedWorkload[]>> = {
  default: (ns) => [ingress(ns)],
  demo: (ns) => [ingress(ns, [{ name: 'tcp', port: 31400, targetPort: 31400 }, { name: 'tls', port: 15443, targetPort: 15443 }]), egress(ns)],
  preview: (ns) => [ingress(ns)],
  stable: (ns) => [ingress(ns)],
  openshift: (ns) => [ingress(ns)],
  minimal: () => [],
  empty: () => [],
  remote: () => [],
  ambient: () => [],
  'openshift-ambient': () => [],
};

/** Whether an object is an IstioOperator (`istioctl install`'s resource). */
export const isIstioOperator = (o: { apiVersion: string; kind: string }): boolean => o.kind === 'IstioOperator' && o.apiVersion.startsWith('install.istio.io/');

/** Whether an object is a Sail Operator `Istio` (the control plane the Sail Operator installs). */
export const isSailIstio = (o: { apiVersion: string; kind: string }): boolean => o.kind === 'Istio' && o.apiVersion.startsWith('sailoperator.io/');

/** Whether an object is an Istio install resource: an IstioOperator or a Sail Operator `Istio`. */
export const isInstallResource = (o: { apiVersion: string; kind: string }): boolean => isIstioOperator(o) || isSailIstio(o);

/** The install profile assumed when the set has no install resource: `istioctl install`'s own default. */
export const DEFAULT_PROFILE = 'default';

/**
 * The install of a set of objects: the profile and namespace of its IstioOperator (or Sail Operator `Istio`) when it
 * has one, else the default profile in istio-system.
 */
export const installOf = oncePer((objects: readonly SourcedObject[]): Install => {
  for (const { object } of objects) {
    const spec = object.spec as { profile?: unknown; namespace?: unknown; values?: { global?: { istioNamespace?: unknown } } } | undefined;
    const profile = typeof spec?.profile === 'string' ? spec.profile : DEFAULT_PROFILE;
    if (isIstioOperator(object)) {
      const namespace = spec?.values?.global?.istioNamespace ?? object.metadata.namespace ?? 'istio-system';
      return { profile, namespace: String(namespace), installsGateways: true };
    }
    // the Sail Operator installs the control plane only: gateways are installed apart from it
    if (isSailIstio(object)) {
      return { profile, namespace: String(spec?.namespace ?? 'istio-system'), installsGateways: false };
    }
  }
  return { profile: DEFAULT_PROFILE, namespace: 'istio-system', installsGateways: true };
});

/** How a set of objects installs Istio. */
export interface Install {
  readonly profile: string;
  /** Istio's own namespace. */
  readonly namespace: string;
  /** Whether the install brings the gateways of its profile. */
  readonly installsGateways: boolean;
}

/** The workloads the install of `objects` provides (none for a profile without gateways, or an unknown one). */
export function providedWorkloads(objects: readonly SourcedObject[]): ProvidedWorkload[] {
  const { profile, namespace, installsGateways } = installOf(objects);
  return installsGateways ? (PROFILES[profile]?.(namespace) ?? []) : [];
}

/** A provided workload as the Deployment and Service objects the install creates, marked as provided. */
export function providedObjects(workload: ProvidedWorkload): SourcedObject[] {
  const metadata = { name: workload.name, namespace: workload.namespace, labels: { ...workload.podLabels } };
  return [
    {
      provided: true,
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          selector: { matchLabels: { ...workload.podLabels } },
          template: { metadata: { labels: { ...workload.podLabels } }, spec: { serviceAccountName: workload.serviceAccount, containers: [{ name: 'istio-proxy' }] } },
        },
      },
    },
    {
      provided: true,
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata,
        spec: { selector: { ...workload.podLabels }, ports: workload.ports.map((p) => ({ ...p, protocol: 'TCP' })) },
      },
    },
  ];
}
