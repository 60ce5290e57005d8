import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_VERSION } from '../imports/istio-version';
import { Dataplane } from './mesh-modes';
import { PropError } from './prop-error';
import { quote } from './prop-guards';
import { requireIstioVersion } from './sail-install';
import { TracingCollector } from './tracing-collector';

/**
 * The part of an IstioOperator spec this project sets. IstioOperator is read by `istioctl install`, not served by
 * the cluster, and its CRD is not among the pinned ones, so its shape is typed here.
 */
export interface IstioOperatorSpec {
  readonly profile: string;
  /** The image tag of every component: the Istio version. */
  readonly tag: string;
  readonly components: { readonly cni: { readonly enabled: boolean }; readonly ztunnel?: { readonly enabled: boolean } };
  readonly meshConfig: {
    readonly extensionProviders: readonly ExtensionProvider[];
  };
  /** Helm values: the seccomp profile of the containers injection adds. */
  readonly values: { readonly global: { readonly proxy: { readonly seccompProfile: { readonly type: 'RuntimeDefault' } } } };
}

/** An Istio extension provider for tracing: Zipkin (B3 headers, as the apps' Jaeger clients), at the collector's Service. */
export interface ExtensionProvider {
  readonly name: string;
  readonly zipkin: { readonly service: string; readonly port: number };
}

/** The extension provider that stands for `collector` in the mesh config. */
export function extensionProviderOf(collector: TracingCollector): ExtensionProvider {
  return { name: collector.providerName, zipkin: { service: collector.host, port: collector.proxyPort } };
}

/** Props for {@link IstioInstall}. */
export interface IstioInstallProps {
  /** The collector the mesh's extension provider points at. */
  readonly collector: TracingCollector;
  /**
   * How the mesh runs its proxies: ambient mode needs an ambient profile, which installs ztunnel.
   * @default 'sidecar'
   */
  readonly dataplane?: Dataplane;
  /**
   * The installation profile.
   * @default - 'demo' with sidecars, 'ambient' in ambient mode
   */
  readonly profile?: string;
  /**
   * The Istio version (`1.30.3`), a release of the minor version whose CRDs the project validates against.
   * @default - the version of the pinned Istio CRDs
   */
  readonly version?: string;
  /**
   * The IstioOperator's name.
   * @default 'tracing-tutorial'
   */
  readonly name?: string;
}

/** The install profiles of Istio 1.30 that run ambient mode (ztunnel and the CNI node agent's ambient redirection). */
export const AMBIENT_PROFILES: readonly string[] = ['ambient', 'openshift-ambient'];

/** The install profile of a data plane: `profile` when it suits it, else the data plane's own (sidecar: demo, ambient: ambient). */
export function profileFor(dataplane: Dataplane, profile: string | undefined): string {
  if (dataplane === 'ambient') return profile !== undefined && AMBIENT_PROFILES.includes(profile) ? profile : 'ambient';
  return profile ?? 'demo';
}

/** Throws unless `profile` runs `dataplane` (ambient mode needs an ambient profile). */
export function requireProfileFor(dataplane: Dataplane, profile: string): void {
  if (dataplane === 'ambient' && !AMBIENT_PROFILES.includes(profile)) {
    throw new PropError(`Istio profile for ambient mode must be one of ${AMBIENT_PROFILES.join(', ')} (they install ztunnel), got ${quote(profile)}`);
  }
}

/**
 * The Istio installation for `istioctl install -f`: the given profile with Istio's CNI node agent (and, in ambient
 * mode, ztunnel), and the collector declared as an extension provider in the mesh config (Zipkin for the add-on,
 * OpenTelemetry for Jaeger v2), for a {@link MeshTelemetry} to enable.
 */
export class IstioInstall extends Construct {
  /** The IstioOperator spec. */
  public readonly spec: IstioOperatorSpec;

  constructor(scope: Construct, id: string, props: IstioInstallProps) {
    super(scope, id);
    const dataplane = props.dataplane ?? 'sidecar';
    const profile = props.profile ?? profileFor(dataplane, undefined);
    requireProfileFor(dataplane, profile);
    this.spec = {
      profile,
      tag: requireIstioVersion(props.version ?? ISTIO_VERSION),
      // the CNI node agent sets up traffic redirection, so injected pods need no istio-init container with
      // NET_ADMIN and NET_RAW, which the baseline and restricted Pod Security Standards refuse; in ambient mode it
      // redirects the pods' traffic to the node's ztunnel
      components: { cni: { enabled: true }, ...(dataplane === 'ambient' ? { ztunnel: { enabled: true } } : {}) },
      meshConfig: {
        extensionProviders: [extensionProviderOf(props.collector)],
      },
      // the containers injection adds (istio-proxy, istio-validation) set no seccomp profile of their own: without
      // one a restricted namespace refuses the pods of a workload that sets it per container, as the Runtime
      // Component Operator does
      values: { global: { proxy: { seccompProfile: { type: 'RuntimeDefault' } } } },
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: props.name ?? 'tracing-tutorial', namespace: 'istio-system' },
      spec: this.spec,
    });
  }
}
