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
  readonly meshConfig: MeshTracingConfig;
  /** Helm values: the seccomp profile of the containers injection adds, and the proxies' default trace sampling. */
  readonly values: {
    readonly global: { readonly proxy: { readonly seccompProfile: { readonly type: 'RuntimeDefault' } } };
    readonly pilot?: { readonly traceSampling: number };
  };
}

/** The mesh config of the tracing: the collector's extension provider, and the proxies' default one. */
export interface MeshTracingConfig {
  /** Absent when the topology samples no request: istiod has no 0 % default (see {@link defaultTraceSampling}). */
  readonly defaultProviders?: { readonly tracing: readonly string[] };
  readonly extensionProviders: readonly ExtensionProvider[];
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

/**
 * The mesh config of both installs: the collector as an extension provider, which a {@link MeshTelemetry} enables
 * for the app's namespace, and as the default provider of every proxy no Telemetry configures. A proxy takes the
 * Telemetries of the root namespace and of its own (`pilot/pkg/model/telemetry.go` applicableTelemetries): the ingress
 * gateway of an Istio Gateway runs in istio-system, which the app's namespace does not reach, and without a default
 * provider it reports no span (the charts' tracer is `none`), so the first sidecar would start each trace.
 */
export function meshTracingConfigOf(collector: TracingCollector, samplingPercentage?: number): MeshTracingConfig {
  const extensionProviders = [extensionProviderOf(collector)];
  return samplingPercentage === 0 ? { extensionProviders } : { defaultProviders: { tracing: [collector.providerName] }, extensionProviders };
}

/**
 * `values.pilot.traceSampling` for a topology's sampling percentage: istiod's default sampling of the proxies no
 * Telemetry samples. None for 0, which the chart leaves out (`if .Values.traceSampling`) and istiod then reads as its
 * own default of 1 %: with no default provider instead, those proxies trace nothing.
 */
export function defaultTraceSampling(samplingPercentage: number | undefined): number | undefined {
  if (samplingPercentage === undefined) return undefined;
  requireSampling(samplingPercentage);
  return samplingPercentage === 0 ? undefined : samplingPercentage;
}

/** Props for {@link IstioInstall}. */
export interface IstioInstallProps {
  /** The collector the mesh's extension provider points at. */
  readonly collector: TracingCollector;
  /**
   * The percentage of requests the proxies no Telemetry configures sample (the ingress gateway's decision is the
   * trace's): `values.pilot.traceSampling`.
   * @default - the profile's (demo: 100, default: 1)
   */
  readonly samplingPercentage?: number;
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

/** `percentage` when it is a sampling percentage (0 to 100); else throws. */
function requireSampling(percentage: number): number {
  if (typeof percentage !== 'number' || !(percentage >= 0 && percentage <= 100)) {
    throw new PropError(`trace sampling percentage must be a number from 0 to 100, got ${quote(percentage)}`);
  }
  return percentage;
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
 * mode, ztunnel), and the collector declared as the extension provider of the mesh config's tracing (Zipkin, to the
 * add-on or Jaeger v2), for a {@link MeshTelemetry} to enable.
 */
export class IstioInstall extends Construct {
  /** The IstioOperator spec. */
  public readonly spec: IstioOperatorSpec;

  constructor(scope: Construct, id: string, props: IstioInstallProps) {
    super(scope, id);
    const dataplane = props.dataplane ?? 'sidecar';
    const profile = props.profile ?? profileFor(dataplane, undefined);
    requireProfileFor(dataplane, profile);
    const traceSampling = defaultTraceSampling(props.samplingPercentage);
    this.spec = {
      profile,
      tag: requireIstioVersion(props.version ?? ISTIO_VERSION),
      // the CNI node agent sets up traffic redirection, so injected pods need no istio-init container with
      // NET_ADMIN and NET_RAW, which the baseline and restricted Pod Security Standards refuse; in ambient mode it
      // redirects the pods' traffic to the node's ztunnel
      components: { cni: { enabled: true }, ...(dataplane === 'ambient' ? { ztunnel: { enabled: true } } : {}) },
      meshConfig: meshTracingConfigOf(props.collector, props.samplingPercentage),
      // the containers injection adds (istio-proxy, istio-validation) set no seccomp profile of their own: without
      // one a restricted namespace refuses the pods of a workload that sets it per container, as the Runtime
      // Component Operator does
      values: {
        global: { proxy: { seccompProfile: { type: 'RuntimeDefault' } } },
        ...(traceSampling === undefined ? {} : { pilot: { traceSampling } }),
      },
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name: props.name ?? 'tracing-tutorial', namespace: 'istio-system' },
      spec: this.spec,
    });
  }
}
