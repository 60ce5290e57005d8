import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IGitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { requireBranch, requireGitUrl } from './git-source';
import { requireDnsLabel } from './prop-guards';

/** The namespace `flux bootstrap` installs Flux in, where its sources and Kustomizations usually live. */
export const FLUX_NAMESPACE = 'flux-system';

/** Props for {@link FluxGitRepository}. */
export interface FluxGitRepositoryProps {
  /** The GitRepository's name. */
  readonly name: string;
  /** The repository's URL. */
  readonly url: string;
  /** The branch Flux follows. */
  readonly branch: string;
  /**
   * The namespace of the GitRepository.
   * @default FLUX_NAMESPACE
   */
  readonly namespace?: string;
}

/** A Flux `GitRepository`: the branch of a repository, fetched every minute, for Kustomizations to apply from. */
export class FluxGitRepository extends Construct {
  /** The GitRepository's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: FluxGitRepositoryProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'flux git repository name');
    requireGitUrl(props.url, `flux git repository url (${props.name})`);
    requireBranch(props.branch, `flux git repository branch (${props.name})`);
    this.name = props.name;
    this.namespace = props.namespace ?? FLUX_NAMESPACE;
    const repository: IGitRepository = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: this.name, namespace: this.namespace },
      spec: { url: props.url, ref: { branch: props.branch }, interval: '1m' },
    };
    new ApiObject(this, 'Resource', repository);
  }
}
