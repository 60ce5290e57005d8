// What stands for the Pods that istioctl's injection analyzers read in a cluster: each Pod of the set, each pod template
// (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) and each AppsodyApplication,
// whose operator runs its pods with the CR's labels and annotations, a container `app` and its `sidecarContainers`.
// The install's own gateways (provided objects) and the namespaces istioctl drops are left out.
import type { SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { IGNORED_NAMESPACES } from '../../mesh/namespaces';
import { podSpecs } from '../../mesh/workloads';
import { list, record, text } from './manifest-values';
import { oncePer } from '../../once-per';

/** A container of a stand-in's pods. */
export interface StandInContainer {
  readonly name?: string;
  readonly image?: string;
  /** Its JSON path in the source. */
  readonly field: string;
}

/** Pods to be, as one object of the set describes them. */
export interface PodStandIn {
  readonly source: SourcedObject;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly hostNetwork: boolean;
  readonly containers: readonly StandInContainer[];
  readonly initContainers: readonly StandInContainer[];
  /** The JSON path of the pods' metadata in the source (`metadata`, `spec.template.metadata`). */
  readonly metadataField: string;
  /** The pods as a message names them: `pod shop/web`, `the pods of Deployment shop/web`. */
  readonly description: string;
}

/**
 * Whether a stand-in is a Pod read back from a cluster (`kubectl get -o yaml`), with the phase the kubelet reports:
 * one that has been through injection already, as istioctl's analyzers take every Pod.
 */
export function isRunningPod(pod: PodStandIn): boolean {
  const { object } = pod.source;
  const status = (object as { status?: unknown }).status;
  return object.kind === 'Pod' && typeof status === 'object' && status !== null && typeof (status as { phase?: unknown }).phase === 'string';
}

function containers(value: unknown, field: string): StandInContainer[] {
  return list(value).map((c, i) => ({ name: text(record(c)?.name), image: text(record(c)?.image), field: `${field}[${i}]` }));
}

function standIn(index: MeshIndex, i: number): PodStandIn | undefined {
  const { source, namespace, podLabels, podAnnotations } = index.workloads[i];
  const { object } = source;
  const name = `${namespaceOf(source)}/${object.metadata?.name ?? ''}`;
  const base = { source, namespace, labels: podLabels, annotations: podAnnotations };
  if (object.kind === 'AppsodyApplication') {
    const spec = record(object.spec);
    return {
      ...base,
      hostNetwork: false,
      containers: [{ name: 'app', image: text(spec?.applicationImage), field: 'spec.applicationImage' }, ...containers(spec?.sidecarContainers, 'spec.sidecarContainers')],
      initContainers: containers(spec?.initContainers, 'spec.initContainers'),
      metadataField: 'metadata',
      description: `the pods of AppsodyApplication ${name}`,
    };
  }
  const [pod] = podSpecs(source);
  if (!pod) return undefined;
  const spec = record(pod.spec);
  return {
    ...base,
    hostNetwork: spec?.hostNetwork === true,
    containers: containers(spec?.containers, `${pod.field}.containers`),
    initContainers: containers(spec?.initContainers, `${pod.field}.initContainers`),
    metadataField: pod.metadataField,
    description: object.kind === 'Pod' ? `pod ${name}` : `the pods of ${object.kind} ${name}`,
  };
}

/** The pod stand-ins of the index's set, built once per index. */
export const podStandInsOf = oncePer((index: MeshIndex): readonly PodStandIn[] =>
  index.workloads.flatMap((w, i) => {
    if (w.source.provided || IGNORED_NAMESPACES.has(w.namespace)) return [];
    const s = standIn(index, i);
    return s ? [s] : [];
  }),
);
