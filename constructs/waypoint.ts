import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Gateway } from '../imports/gateway.networking.k8s.io';
import { GatewayInfrastructure } from './gateway-infrastructure';
import { gatewayDeploymentName, principalOf, WAYPOINT_GATEWAY_CLASS } from './istio-defaults';
import { WAYPOINT_FOR_LABEL } from './mesh-modes';
import { PodSecurityLevel } from './pod-security';
import { requireDnsLabel } from './prop-guards';

/** Props for {@link Waypoint}. */
export interface WaypointProps {
  /**
   * The waypoint's name: its Gateway's, and the Deployment, Service and ServiceAccount Istio deploys for it.
   * @default 'waypoint'
   */
  readonly name?: string;
  /**
   * The Pod Security Standard of the namespace, which the waypoint's pods must meet.
   * @default - none
   */
  readonly podSecurity?: PodSecurityLevel;
}

/** The name of a waypoint that is given none, as istioctl's `waypoint apply` names it. */
export const DEFAULT_WAYPOINT_NAME = 'waypoint';

/**
 * An ambient mode waypoint: the L7 proxy of a namespace's Services, as Istio documents it, a Gateway of class
 * `istio-waypoint` with one HBONE listener on 15008, labelled `istio.io/waypoint-for: service`. Istio deploys it in
 * the Gateway's namespace. Services use it when they (or their namespace) carry `istio.io/use-waypoint: <name>`; it
 * then applies their L7 authorization policies (those whose `targetRefs` name the Service or the waypoint) and their
 * VirtualServices' routing and fault injection.
 */
export class Waypoint extends Construct {
  /** The waypoint's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The principal the waypoint's requests to the workloads carry: what their ztunnels see. */
  public readonly principal: string;

  constructor(scope: Construct, id: string, props: WaypointProps = {}) {
    super(scope, id);
    this.name = props.name ?? DEFAULT_WAYPOINT_NAME;
    requireDnsLabel(this.name, 'waypoint name');
    this.namespace = Chart.of(this).namespace ?? 'default';
    // a waypoint's pods run as the ServiceAccount Istio deploys for the Gateway
    this.principal = principalOf(this.namespace, gatewayDeploymentName(this.name, WAYPOINT_GATEWAY_CLASS));
    const infrastructure = new GatewayInfrastructure(this, 'Infrastructure', { gatewayName: this.name, podSecurity: props.podSecurity });
    new Gateway(this, 'Resource', {
      metadata: { name: this.name, labels: { [WAYPOINT_FOR_LABEL]: 'service' } },
      spec: {
        gatewayClassName: WAYPOINT_GATEWAY_CLASS,
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
        ...(infrastructure.spec ? { infrastructure: infrastructure.spec } : {}),
      },
    });
  }
}
