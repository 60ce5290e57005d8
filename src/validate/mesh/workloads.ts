// Where a workload object keeps its pods' metadata and spec.
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

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** The pod templates of a Pod, a controller or a CronJob; none for other kinds. */
export function podSpecs(source: SourcedObject): PodTemplate[] {
  const { object } = source;
  const spec = object.spec as any;
  if (object.kind === 'Pod') return [{ metadata: object.metadata, spec, field: 'spec', metadataField: 'metadata' }];
  if (TEMPLATE_KINDS.has(object.kind) && spec?.template) {
    return [{ metadata: spec.template.metadata, spec: spec.template.spec, field: 'spec.template.spec', metadataField: 'spec.template.metadata' }];
  }
  if (object.kind === 'CronJob' && spec?.jobTemplate?.spec?.template) {
    const t = spec.jobTemplate.spec.template;
    return [
      { metadata: t.metadata, spec: t.spec, field: 'spec.jobTemplate.spec.template.spec', metadataField: 'spec.jobTemplate.spec.template.metadata' },
    ];
  }
  return [];
}
