import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GatewaySpecInfrastructure } from '../imports/gateway.networking.k8s.io';
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
}

/**
 * The settings of the pods Istio deploys for a Gateway API Gateway (an ingress gateway or a waypoint), as the
 * ConfigMap its `spec.infrastructure.parametersRef` names: Istio applies the ConfigMap's `deployment` entry to the
 * Deployment it generates, as a strategic merge patch. Istio's gateway templates set no seccomp profile unless the
 * install says so, and a namespace that enforces the `restricted` Pod Security Standard refuses pods without one:
 * there the ConfigMap gives them `RuntimeDefault`. Elsewhere nothing is needed, and nothing is created.
 */
export class GatewayInfrastructure extends Construct {
  /** The Gateway's `spec.infrastructure`, when it needs one. */
  public readonly spec?: GatewaySpecInfrastructure;

  constructor(scope: Construct, id: string, props: GatewayInfrastructureProps) {
    super(scope, id);
    if (props.podSecurity !== 'restricted') return;
    const name = `${props.gatewayName}-infrastructure`;
    const patch = ['spec:', '  template:', '    spec:', '      securityContext:', '        seccompProfile:', '          type: RuntimeDefault', ''].join('\n');
    new k8s.KubeConfigMap(this, 'Resource', { metadata: { name }, data: { deployment: patch } });
    this.spec = { parametersRef: { group: '', kind: 'ConfigMap', name } };
  }
}
