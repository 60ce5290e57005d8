// TT0044 InjectionRefused: pods Istio's injector refuses to create. When it injects a pod, istiod first checks the
// values of its annotations (pkg/kube/inject/inject.go RunTemplate, validateAnnotations: the checks istioctl reports as
// IST0125, a warning), and an invalid one fails the injection; the webhook then denies the pod's create
// (toAdmissionResponse, with the injection webhook's failurePolicy Fail). A bare Pod is refused; a workload is admitted
// and each pod it creates is refused. Only for pods injection reaches (injection-outcome.ts), in a namespace of the set.
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { ANNOTATION_VALIDATORS } from './annotation-values';
import { injectionOutcome, webhookNamespaceLabels } from './injection-outcome';
import { injectionWebhooksOf } from './injection-webhooks';
import { injectorConfigOf } from './injector-config';
import { isRunningPod, podStandInsOf } from './pod-stand-ins';

/** The annotations of a pod the injector refuses, each with validateAnnotations' error. */
export function injectorRefusals(annotations: Readonly<Record<string, string>>): { readonly key: string; readonly error: string }[] {
  return Object.entries(annotations).flatMap(([key, value]) => {
    const error = ANNOTATION_VALIDATORS.get(key)?.(value);
    return error === undefined ? [] : [{ key, error: `invalid value '${value}' for annotation '${key}': ${error}` }];
  });
}

/** Pods to be injected whose annotations the injector refuses. */
export function checkInjectionRefused(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const config = injectorConfigOf(index);
  const webhooks = injectionWebhooksOf(index);
  for (const pod of podStandInsOf(index)) {
    if (isRunningPod(pod)) continue;
    const invalid = injectorRefusals(pod.annotations);
    if (invalid.length === 0) continue;
    const namespace = index.namespaces.get(pod.namespace);
    if (!namespace) continue;
    const outcome = injectionOutcome(pod, webhookNamespaceLabels(namespace.object.metadata?.labels, pod.namespace), config, webhooks);
    if (!outcome.injected) continue;
    const refused = pod.source.object.kind === 'Pod' ? 'the injection webhook refuses the pod' : 'the injection webhook refuses each of its pods when it is created';
    for (const { key, error } of invalid) {
      findings.push(finding(MESSAGES.injectionRefused, pod.source, `${refused}: ${error}`, `${pod.metadataField}.annotations[${JSON.stringify(key)}]`));
    }
  }
  return findings;
}
