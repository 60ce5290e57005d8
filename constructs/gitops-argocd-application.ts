import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { requireBranch, requireGitUrl, requireRepositoryDirectory } from './git-source';
import { requireDnsLabel } from './prop-guards';

/** The namespace Argo CD's install manifests run it in, and where it looks for Applications by default. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The API server of the cluster Argo CD runs in, as Argo CD names it. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** The finalizer that makes deleting an Application delete what it deployed (a cascading delete). */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Props for {@link ArgoCdApplication}. */
export interface ArgoCdApplicationProps {
  /** The Application's name: a DNS label, since Argo CD may write it into a label of every object it deploys. */
  readonly name: string;
  /** The Git repository Argo CD clones. */
  readonly repoURL: string;
  /** The branch Argo CD follows (its `targetRevision`). */
  readonly branch: string;
  /** The directory of the repository Argo CD renders: an output directory, whose `Kustomization` it builds. */
  readonly path: string;
  /** The namespace of the deployed objects that name none (every object of an output directory names its own). */
  readonly destinationNamespace: string;
  /**
   * The API server of the cluster the objects go to.
   * @default IN_CLUSTER
   */
  readonly destinationServer?: string;
  /**
   * The Argo CD project the Application belongs to.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * The namespace of the Application itself.
   * @default ARGOCD_NAMESPACE
   */
  readonly namespace?: string;
}

/**
 * An Argo CD `Application` that keeps one output directory deployed: automated sync with prune and self-heal,
 * pruning last, retried until it succeeds, and a cascading delete.
 *
 * It sets no sync waves, and the output directories carry no `argocd.argoproj.io/sync-wave` annotations: within a
 * sync, Argo CD applies the objects kind by kind (Namespace, ServiceAccount, ConfigMap, Service, Deployment, then
 * custom resources), each kind once the previous kind's applies have returned, and moves a Namespace before every
 * object in it; that is the order the numbered files need (the namespace and its injection label before any pod,
 * the ConfigMap the pods read before them). Until the CRDs of Istio or the operator exist, the sync's dry run fails
 * and nothing is applied; the retry (without limit, backing off to 3 minutes) syncs once they do.
 */
export class ArgoCdApplication extends Construct {
  /** The Application's name. */
  public readonly name: string;
  /** The repository it deploys from. */
  public readonly repoURL: string;
  /** The branch it follows. */
  public readonly branch: string;
  /** The directory of the repository it deploys. */
  public readonly path: string;
  /** The namespace of the deployed objects that name none. */
  public readonly destinationNamespace: string;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    requireDnsLabel(props.name, 'argo cd application name');
    requireGitUrl(props.repoURL, `argo cd application repoURL (${props.name})`);
    requireBranch(props.branch, `argo cd application branch (${props.name})`);
    requireRepositoryDirectory(props.path, `argo cd application path (${props.name})`);
    requireDnsLabel(props.destinationNamespace, `argo cd application destination namespace (${props.name})`);
    this.name = props.name;
    this.repoURL = props.repoURL;
    this.branch = props.branch;
    this.path = props.path;
    this.destinationNamespace = props.destinationNamespace;

    const application: IApplication = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: props.name, namespace: props.namespace ?? ARGOCD_NAMESPACE, finalizers: [ARGOCD_RESOURCES_FINALIZER] },
      spec: {
        project: props.project ?? 'default',
        source: { repoURL: props.repoURL, targetRevision: props.branch, path: props.path },
        destination: { server: props.destinationServer ?? IN_CLUSTER, namespace: props.destinationNamespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          // objects that left the directory are deleted after the rest is applied: a renamed ServiceAccount or
          // Service exists under its new name before the old one goes, as Flux's garbage collection does it
          syncOptions: ['PruneLast=true'],
          // an automated sync that failed is not tried again for the same commit without a retry policy; a negative
          // limit retries until the prerequisites (Istio, the operator's CRD) are installed
          retry: { limit: -1, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    };
    new ApiObject(this, 'Resource', application);
  }
}
