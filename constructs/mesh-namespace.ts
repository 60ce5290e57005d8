import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { POD_SECURITY_ENFORCE_LABEL, POD_SECURITY_LEVELS, PodSecurityLevel } from './pod-security';
import { PropError } from './prop-error';
import { quote, requireDnsLabel } from './prop-guards';

/** Props for {@link MeshNamespace}. */
export interface MeshNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * Whether Istio injects its sidecar into the namespace's pods (label `istio-injection`).
   * @default true
   */
  readonly sidecarInjection?: boolean;
  /**
   * The Pod Security Standard the namespace enforces (label `pod-security.kubernetes.io/enforce`).
   * @default - none: the cluster's default
   */
  readonly podSecurity?: PodSecurityLevel;
}

/** The namespace the mesh's workloads run in, labelled for Istio sidecar injection and the Pod Security level its pods meet. */
export class MeshNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** Whether Istio injects sidecars into the namespace's pods. */
  public readonly sidecarInjection: boolean;
  /** The Pod Security Standard the namespace enforces. */
  public readonly podSecurity?: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: MeshNamespaceProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'namespace name');
    this.name = props.name;
    this.sidecarInjection = props.sidecarInjection ?? true;
    this.podSecurity = props.podSecurity;
    if (this.podSecurity !== undefined && !POD_SECURITY_LEVELS.includes(this.podSecurity)) {
      throw new PropError(`pod security level of namespace ${props.name} must be one of ${POD_SECURITY_LEVELS.join(', ')}, got ${quote(this.podSecurity)}`);
    }
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: {
          'istio-injection': this.sidecarInjection ? 'enabled' : 'disabled',
          ...(this.podSecurity ? { [POD_SECURITY_ENFORCE_LABEL]: this.podSecurity } : {}),
        },
      },
    });
  }
}
