import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { requireDnsLabel } from './prop-guards';

/** Props for {@link MeshNamespace}. */
export interface MeshNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * Whether Istio injects its sidecar into the namespace's pods (label `istio-injection`).
   * @default true
   */
  readonly sidecarInjection?: boolean;
}

/** The namespace the mesh's workloads run in, labelled for Istio sidecar injection. */
export class MeshNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** Whether Istio injects sidecars into the namespace's pods. */
  public readonly sidecarInjection: boolean;

  constructor(scope: Construct, id: string, props: MeshNamespaceProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'namespace name');
    this.name = props.name;
    this.sidecarInjection = props.sidecarInjection ?? true;
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: { 'istio-injection': this.sidecarInjection ? 'enabled' : 'disabled' },
      },
    });
  }
}
