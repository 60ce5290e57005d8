import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GatewaySpecInfrastructure } from '../imports/gateway.networking.k8s.io';
import { USE_WAYPOINT_LABEL } from './mesh-modes';
import { PodSecurityLevel } from './pod-security';

/** Props for {@link GatewayInfrastructure}. */
export interface GatewayInfrastructureProps {
  /** The Gateway whose deployment the settings are for. */
  readonly gatewayName: string;
  /**
   * The Pod Security Standard the Gateway's namespace enforces, which the pods Istio deploys for it must meet.
   * @default - none
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Whether the Gateway's namespace sends its Services' traffic through a waypoint (`istio.io/use-waypoint` on the
   * namespace), which Istio 1.30 applies to the Service it generates for an ingress Gateway too (it exempts only
   * waypoints' and east-west gateways' Services): a client in the mesh calling the ingress gateway would then pass
   * the waypoint, whose policies allow no such call. The ConfigMap takes that Service out of the waypoint
   * (`istio.io/use-waypoint: none`). Not for a waypoint, whose own Service Istio never sends through a waypoint.
   * @default false
   */
  readonly outOfNamespaceWaypoint?: boolean;
}

/**
 * The settings of what Istio deploys for a Gateway API Gateway (an ingress gateway or a waypoint), as the ConfigMap
 * its `spec.infrastructure.parametersRef` names: Istio applies the ConfigMap's `deployment` and `service` entries to
 * the Deployment and Service it generates, as strategic merge patches. Istio's gateway templates set no seccomp
 * profile unless the install says so, and a namespace that enforces the `restricted` Pod Security Standard refuses
 * pods without one: there the ConfigMap gives them `RuntimeDefault`. In a namespace whose Services use a waypoint, it
 * takes an ingress gateway's Service out of it. Elsewhere nothing is needed, and nothing is created.
 */
export class GatewayInfrastructure extends Construct {
  /** The Gateway's `spec.infrastructure`, when it needs one. */
  public readonly spec?: GatewaySpecInfrastructure;

  constructor(scope: Construct, id: string, props: GatewayInfrastructureProps) {
    super(scope, id);
    const data: Record<string, string> = {};
    if (props.podSecurity === 'restricted') {
      data.deployment = ['spec:', '  template:', '    spec:', '      securityContext:', '        seccompProfile:', '          type: RuntimeDefault', ''].join('\n');
    }
    if (props.outOfNamespaceWaypoint) data.service = ['metadata:', '  labels:', `    ${USE_WAYPOINT_LABEL}: none`, ''].join('\n');
    if (Object.keys(data).length === 0) return;
    const name = `${props.gatewayName}-infrastructure`;
    new k8s.KubeConfigMap(this, 'Resource', { metadata: { name }, data });
    this.spec = { parametersRef: { group: '', kind: 'ConfigMap', name } };
  }
}
