// IST0103 PodMissingProxy (injection.Analyzer, pkg/config/analysis/analyzers/injection/injection.go). istioctl reads
// the running Pods of namespaces labelled istio-injection=enabled and reports those without an `istio-proxy`
// container, unless `sidecar.istio.io/inject` (label, else annotation) is `false` in any case or they use the host
// network. A pod template has no proxy before injection, so here it is reported when injection will not add one
// (injection-outcome.ts): the install injects only on request, its neverInjectSelector matches, or nothing injects.
// A Pod read back from a cluster (`kubectl get -o yaml`: it has a `status.phase`) has been through injection already:
// it is judged as istioctl judges every Pod, with its message.
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { isInjectedNamespace } from '../../mesh/namespaces';
import { injectionOutcome, injectValue, webhookNamespaceLabels } from './injection-outcome';
import { injectionWebhooksOf } from './injection-webhooks';
import { injectorConfigOf } from './injector-config';
import { isRunningPod, PodStandIn, podStandInsOf } from './pod-stand-ins';

const PROXY = 'istio-proxy';

/** Whether the pods already run a proxy: a container (or native sidecar) named istio-proxy with an image. */
function hasProxy(pod: PodStandIn): boolean {
  const proxy = [...pod.containers, ...pod.initContainers].find((c) => c.name === PROXY);
  return (proxy?.image ?? '') !== '';
}

/** Workloads in injected namespaces whose pods will run, or run, without the Istio proxy. */
export function checkMissingProxy(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const config = injectorConfigOf(index);
  const webhooks = injectionWebhooksOf(index);
  for (const pod of podStandInsOf(index)) {
    const namespace = index.namespaces.get(pod.namespace);
    const labels = namespace?.object.metadata?.labels ?? {};
    if (!namespace || !isInjectedNamespace(pod.namespace, labels)) continue;
    if (injectValue(pod).toLowerCase() === 'false' || pod.hostNetwork || hasProxy(pod)) continue;
    if (isRunningPod(pod)) {
      const name = `${pod.namespace}/${pod.source.object.metadata?.name ?? ''}`;
      const message = `The pod ${name} is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.`;
      findings.push(finding(MESSAGES.podMissingProxy, pod.source, message, pod.metadataField));
      continue;
    }
    const outcome = injectionOutcome(pod, webhookNamespaceLabels(labels, pod.namespace), config, webhooks);
    if (outcome.injected) continue;
    findings.push(
      finding(
        MESSAGES.podMissingProxy,
        pod.source,
        `${pod.description} will be missing the Istio proxy: ${outcome.reason} (the namespace is labelled istio-injection=enabled)`,
        pod.metadataField,
      ),
    );
  }
  return findings;
}
