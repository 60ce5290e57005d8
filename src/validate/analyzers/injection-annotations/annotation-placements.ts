// Where istioctl's annotation analyzer (annotations.K8sAnalyzer) would read an object's annotations in a cluster, and
// as which kind: a Namespace, Service, Pod or Deployment's own metadata as that kind; a pod template's metadata as
// its pods' (the Pods istioctl reads in a cluster carry the template's annotations); an AppsodyApplication's metadata
// as its pods', its Deployment's and its Service's, because the Appsody operator copies the CR's annotations and
// labels onto each of them (runtime-component-operator v0.6.0 utils.go CustomizePodSpec, CustomizeDeployment,
// CustomizeService), and `spec.service.annotations` onto the Service only. Other kinds' own annotations are not read.
import type { SourcedObject } from '../../findings';
import { podSpecs } from '../../mesh/workloads';
import { record, stringMap } from './manifest-values';

/** A kind whose annotations istioctl checks. */
export type AnnotatedKind = 'Namespace' | 'Service' | 'Pod' | 'Deployment';

/** One object istioctl would read the annotations on. */
export interface AnnotationTarget {
  readonly kind: AnnotatedKind;
  /** For an object an operator creates from the source: what it is, as a message names it (`its Deployment`). */
  readonly copy?: string;
}

/** One set of annotations of an object, and the objects that carry them in a cluster. */
export interface AnnotationPlacement {
  /** The path of the metadata that holds them (`metadata`, `spec.template.metadata`). */
  readonly field: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The labels next to them, on every target. */
  readonly labels: Readonly<Record<string, string>>;
  readonly targets: readonly AnnotationTarget[];
  /** The operator that copies them onto the targets, when it is not the object itself (`the Appsody operator`). */
  readonly copiedBy?: string;
}

const APPSODY = 'the Appsody operator';

/** The kinds istioctl reads the own annotations of, with their API versions (a Knative Service is no Service). */
const OWN_KINDS: Readonly<Record<string, string>> = { Namespace: 'v1', Service: 'v1', Pod: 'v1', Deployment: 'apps/v1' };

/** The annotation sets of `source` that istioctl would check, each with the objects that carry it. */
export function annotationPlacements(source: SourcedObject): AnnotationPlacement[] {
  const { object } = source;
  const placements: AnnotationPlacement[] = [];
  const labels = stringMap(object.metadata?.labels);
  const own = (targets: AnnotationTarget[], copiedBy?: string) =>
    placements.push({ field: 'metadata', annotations: stringMap(object.metadata?.annotations), labels, targets, ...(copiedBy ? { copiedBy } : {}) });
  if (OWN_KINDS[object.kind] === object.apiVersion) own([{ kind: object.kind as AnnotatedKind }]);
  if (object.kind === 'AppsodyApplication' && object.apiVersion.startsWith('appsody.dev/')) {
    const spec = record(object.spec);
    const knative = spec?.createKnativeService === true;
    own(
      [
        { kind: 'Pod', copy: 'its pods' },
        ...(knative || spec?.storage ? [] : [{ kind: 'Deployment' as const, copy: 'its Deployment' }]),
        ...(knative ? [] : [{ kind: 'Service' as const, copy: 'its Service' }]),
      ],
      APPSODY,
    );
    if (!knative) {
      const service = record(spec?.service);
      placements.push({
        field: 'spec.service',
        annotations: stringMap(service?.annotations),
        labels,
        targets: [{ kind: 'Service', copy: 'its Service' }],
        copiedBy: APPSODY,
      });
    }
  }
  for (const pod of podSpecs(source)) {
    if (pod.metadataField === 'metadata') continue;
    placements.push({ field: pod.metadataField, annotations: stringMap(pod.metadata?.annotations), labels: stringMap(pod.metadata?.labels), targets: [{ kind: 'Pod' }] });
  }
  return placements.filter((p) => Object.keys(p.annotations).length > 0);
}
