import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ISTIO_VERSION } from '../imports/istio-version';
import {
  Istio,
  IstioCni,
  IstioCniSpecProfile,
  IstioCniSpecVersion,
  IstioSpecProfile,
  IstioSpecVersion,
  ZTunnel,
  ZTunnelSpecVersion,
} from '../imports/sailoperator.io';
import { defaultTraceSampling, meshTracingConfigOf, profileFor, requireProfileFor } from './istio-install';
import { Dataplane } from './mesh-modes';
import { POD_SECURITY_ENFORCE_LABEL } from './pod-security';
import { PropError } from './prop-error';
import { quote } from './prop-guards';
import { TracingCollector } from './tracing-collector';

/** Props for {@link SailInstall}. */
export interface SailInstallProps {
  /** The collector the mesh's extension provider points at. */
  readonly collector: TracingCollector;
  /**
   * The percentage of requests the proxies no Telemetry configures sample: `values.pilot.traceSampling`.
   * @default - the profile's (demo: 100, default: 1)
   */
  readonly samplingPercentage?: number;
  /**
   * How the mesh runs its proxies: ambient mode adds a ZTunnel and the ambient profile.
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
}

/** The namespaces of the control plane and the ingress gateway, the CNI node agent, and ztunnel. */
export const ISTIO_NAMESPACE = 'istio-system';
const CNI_NAMESPACE = 'istio-cni';
const ZTUNNEL_NAMESPACE = 'ztunnel';

/**
 * The Istio installation for GitOps (Argo CD, Flux): the Sail Operator's `Istio` (control plane, with the same
 * profile and mesh config as {@link IstioInstall}) and `IstioCNI` (the CNI node agent). The Sail Operator installs no
 * gateway: {@link SailIngressGateway} is the ingress gateway of an Istio Gateway, in a file of its own applied once
 * istiod runs. In ambient mode, the profile is an ambient one and a `ZTunnel` runs the node proxies (in a namespace
 * of their own, which istiod is told to trust). Needs the Sail Operator running in the cluster, and for Gateway API
 * resources the Gateway API CRDs; the namespaces are created here.
 */
export class SailInstall extends Construct {
  /** The Istio version installed, as the Sail Operator names it (`v1.30.3`). */
  public readonly version: string;

  constructor(scope: Construct, id: string, props: SailInstallProps) {
    super(scope, id);
    this.version = `v${requireIstioVersion(props.version ?? ISTIO_VERSION)}`;
    const dataplane = props.dataplane ?? 'sidecar';
    const profile = props.profile ?? profileFor(dataplane, undefined);
    requireProfileFor(dataplane, profile);
    const ambient = dataplane === 'ambient';
    const tracing = meshTracingConfigOf(props.collector, props.samplingPercentage);
    const traceSampling = defaultTraceSampling(props.samplingPercentage);

    // istio-system stays unlabelled: the gateway's pods ask for injection themselves, which a namespace labelled
    // istio-injection=disabled would refuse. The CNI node agent is never injected, and needs host access: privileged
    new k8s.KubeNamespace(this, `Namespace-${ISTIO_NAMESPACE}`, { metadata: { name: ISTIO_NAMESPACE } });
    new k8s.KubeNamespace(this, `Namespace-${CNI_NAMESPACE}`, {
      metadata: { name: CNI_NAMESPACE, labels: { 'istio-injection': 'disabled', [POD_SECURITY_ENFORCE_LABEL]: 'privileged' } },
    });
    if (ambient) {
      // ztunnel runs on every node with host access, like the CNI node agent: privileged
      new k8s.KubeNamespace(this, `Namespace-${ZTUNNEL_NAMESPACE}`, {
        metadata: { name: ZTUNNEL_NAMESPACE, labels: { 'istio-injection': 'disabled', [POD_SECURITY_ENFORCE_LABEL]: 'privileged' } },
      });
    }
    new Istio(this, 'Resource', {
      metadata: { name: 'default' },
      spec: {
        // checked above and by the CRD's enum, which the validation of every synth applies
        version: this.version as IstioSpecVersion,
        namespace: ISTIO_NAMESPACE,
        profile: profile as IstioSpecProfile,
        values: {
          meshConfig: {
            ...(tracing.defaultProviders ? { defaultProviders: { tracing: [...tracing.defaultProviders.tracing] } } : {}),
            extensionProviders: [...tracing.extensionProviders],
          },
          // the containers injection adds (istio-proxy, istio-validation) set no seccomp profile of their own: without
          // one a restricted namespace refuses the pods of a workload that sets it per container, as the Runtime
          // Component Operator does
          global: { proxy: { seccompProfile: { type: 'RuntimeDefault' } } },
          pilot: {
            ...(traceSampling === undefined ? {} : { traceSampling }),
            // the injector leaves traffic redirection to the CNI node agent only when told to: the IstioCNI resource
            // alone does not tell it (off OpenShift), and its istio-init, with NET_ADMIN and NET_RAW, Pod Security refuses
            cni: { enabled: true },
            // istiod accepts the node proxies' connections from their own namespace only when told to
            ...(ambient ? { trustedZtunnelNamespace: ZTUNNEL_NAMESPACE } : {}),
          },
        },
      },
    });
    new IstioCni(this, 'Cni', {
      metadata: { name: 'default' },
      spec: { version: this.version as IstioCniSpecVersion, namespace: CNI_NAMESPACE, profile: profile as IstioCniSpecProfile },
    });
    if (ambient) {
      new ZTunnel(this, 'Ztunnel', { metadata: { name: 'default' }, spec: { version: this.version as ZTunnelSpecVersion, namespace: ZTUNNEL_NAMESPACE } });
    }
  }
}

/** `version` when it is a release of the Istio minor version whose CRDs the project validates against; else throws. */
export function requireIstioVersion(version: string): string {
  const minor = ISTIO_VERSION.split('.').slice(0, 2).join('.');
  if (typeof version !== 'string' || !new RegExp(`^${minor.replace('.', '\\.')}\\.\\d+$`).test(version)) {
    throw new PropError(`Istio version must be a release of ${minor}, whose CRDs the project validates against (${ISTIO_VERSION}), got ${quote(version)}`);
  }
  return version;
}
