// Where a workload object keeps its pods' metadata and spec.
import { apiGroupOf } from '../../manifests/kube-object';
import { SourcedObject } from '../findings';

/** A pod template (or a Pod's own spec) within an object. */
export interface PodTemplate {
  readonly metadata: any;
  readonly spec: any;
  /** JSON path of the pod spec. */
  readonly field: string;
  /** JSON path of the pod metadata. */
  readonly metadataField: string;
}

// Built-in kinds whose spec.template is their pods' template. Their groups (the core group, apps, batch and the removed
// extensions) have no dot, where a custom resource's group always has one: a CRD's kind named Deployment is not one.
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);
// Custom resources whose controller makes pods from spec.template, by group and kind: an Argo Rollout's pods carry the
// template's labels (and a rollouts-pod-template-hash), as a Deployment's do. A Rollout with a workloadRef instead
// takes the template of the Deployment it names, which is a workload of its own.
const CUSTOM_TEMPLATE_KINDS = new Set(['argoproj.io/Rollout']);

/** The pod templates of a Pod, a controller, a CronJob or an Argo Rollout; none for other kinds. */
export function podSpecs(source: SourcedObject): PodTemplate[] {
  const { object } = source;
  const spec = object.spec as any;
  const group = apiGroupOf(object.apiVersion);
  const builtIn = !group.includes('.');
  if (object.kind === 'Pod' && builtIn) return [{ metadata: object.metadata, spec, field: 'spec', metadataField: 'metadata' }];
  const templated = builtIn ? TEMPLATE_KINDS.has(object.kind) : CUSTOM_TEMPLATE_KINDS.has(`${group}/${object.kind}`);
  if (templated && spec?.template) {
    return [{ metadata: spec.template.metadata, spec: spec.template.spec, field: 'spec.template.spec', metadataField: 'spec.template.metadata' }];
  }
  if (object.kind === 'CronJob' && builtIn && spec?.jobTemplate?.spec?.template) {
    const t = spec.jobTemplate.spec.template;
    return [
      { metadata: t.metadata, spec: t.spec, field: 'spec.jobTemplate.spec.template.spec', metadataField: 'spec.jobTemplate.spec.template.metadata' },
    ];
  }
  return [];
}
