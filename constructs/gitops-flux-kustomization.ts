import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IKustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { requireRepositoryDirectory } from './git-source';
import { FluxGitRepository } from './gitops-flux-git-repository';
import { requireDnsLabel } from './prop-guards';

/** Props for {@link FluxKustomization}. */
export interface FluxKustomizationProps {
  /** The Kustomization's name. */
  readonly name: string;
  /** The source it applies from. */
  readonly source: FluxGitRepository;
  /** The directory of the repository it applies: an output directory, whose `Kustomization` file Flux builds. */
  readonly path: string;
}

/**
 * A Flux `Kustomization` that keeps one directory of a {@link FluxGitRepository} applied, in the source's namespace:
 * pruning what left it, and waiting for what it applied to be ready.
 *
 * It needs no `dependsOn` for the order of the numbered files: Flux applies Namespaces (and CRDs) first and waits for
 * them, then server-side applies everything else sorted by kind (ServiceAccount, ConfigMap, Service, Deployment, then
 * custom resources), after a dry run of all of it. Until the CRDs of Istio or the operator exist the dry run fails,
 * nothing past the namespaces is applied, and Flux tries again every minute.
 */
export class FluxKustomization extends Construct {
  /** The Kustomization's name. */
  public readonly name: string;
  /** The directory of the repository it applies. */
  public readonly path: string;

  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'flux kustomization name');
    requireRepositoryDirectory(props.path, `flux kustomization path (${props.name})`);
    this.name = props.name;
    this.path = props.path;
    const kustomization: IKustomization = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: this.name, namespace: props.source.namespace },
      spec: {
        sourceRef: { kind: 'GitRepository', name: props.source.name },
        path: `./${props.path}`,
        // garbage-collects what left the directory, after applying the rest
        prune: true,
        // Ready only once every object applied is (the Deployments rolled out): what runs, not what was sent
        wait: true,
        timeout: '5m',
        interval: '10m',
        retryInterval: '1m',
      },
    };
    new ApiObject(this, 'Resource', kustomization);
  }
}
