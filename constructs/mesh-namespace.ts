import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DATAPLANE_MODE_LABEL, Dataplane, DATAPLANES, INGRESS_USE_WAYPOINT_LABEL, INJECTION_LABEL, USE_WAYPOINT_LABEL } from './mesh-modes';
import { POD_SECURITY_ENFORCE_LABEL, POD_SECURITY_LEVELS, PodSecurityLevel } from './pod-security';
import { PropError } from './prop-error';
import { quote, requireDnsLabel } from './prop-guards';

/** Props for {@link MeshNamespace}. */
export interface MeshNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * How the namespace's pods join the mesh: sidecar injection (label `istio-injection`), or ambient mode (label
   * `istio.io/dataplane-mode: ambient`).
   * @default 'sidecar'
   */
  readonly dataplane?: Dataplane;
  /**
   * Whether Istio injects its sidecar into the namespace's pods (label `istio-injection`); with sidecars only.
   * @default true
   */
  readonly sidecarInjection?: boolean;
  /**
   * The waypoint the namespace's Services send their traffic through, ingress gateways' requests included (labels
   * `istio.io/use-waypoint` and `istio.io/ingress-use-waypoint`); in ambient mode only.
   * @default - none: ztunnel only, L4
   */
  readonly waypoint?: string;
  /**
   * The Pod Security Standard the namespace enforces (label `pod-security.kubernetes.io/enforce`).
   * @default - none: the cluster's default
   */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * The namespace the mesh's workloads run in, labelled for the way its pods join the mesh (sidecar injection, or
 * ambient mode with the waypoint of its Services) and for the Pod Security level its pods meet.
 */
export class MeshNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** How the namespace's pods join the mesh. */
  public readonly dataplane: Dataplane;
  /** Whether Istio injects sidecars into the namespace's pods. */
  public readonly sidecarInjection: boolean;
  /** The waypoint of the namespace's Services, in ambient mode. */
  public readonly waypoint?: string;
  /** The Pod Security Standard the namespace enforces. */
  public readonly podSecurity?: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: MeshNamespaceProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'namespace name');
    this.name = props.name;
    this.dataplane = props.dataplane ?? 'sidecar';
    this.sidecarInjection = props.sidecarInjection ?? true;
    this.waypoint = props.waypoint;
    this.podSecurity = props.podSecurity;
    if (!DATAPLANES.includes(this.dataplane)) {
      throw new PropError(`data plane of namespace ${props.name} must be one of ${DATAPLANES.join(', ')}, got ${quote(this.dataplane)}`);
    }
    if (this.podSecurity !== undefined && !POD_SECURITY_LEVELS.includes(this.podSecurity)) {
      throw new PropError(`pod security level of namespace ${props.name} must be one of ${POD_SECURITY_LEVELS.join(', ')}, got ${quote(this.podSecurity)}`);
    }
    if (this.waypoint !== undefined) {
      if (this.dataplane !== 'ambient') throw new PropError(`waypoint of namespace ${props.name} needs the ambient data plane, got '${this.dataplane}'`);
      requireDnsLabel(this.waypoint, `waypoint of namespace ${props.name}`);
    }
    const mesh: Record<string, string> =
      this.dataplane === 'ambient'
        ? {
          [DATAPLANE_MODE_LABEL]: 'ambient',
          ...(this.waypoint !== undefined ? { [USE_WAYPOINT_LABEL]: this.waypoint, [INGRESS_USE_WAYPOINT_LABEL]: 'true' } : {}),
        }
        : { [INJECTION_LABEL]: this.sidecarInjection ? 'enabled' : 'disabled' };
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: { ...mesh, ...(this.podSecurity ? { [POD_SECURITY_ENFORCE_LABEL]: this.podSecurity } : {}) },
      },
    });
  }
}
