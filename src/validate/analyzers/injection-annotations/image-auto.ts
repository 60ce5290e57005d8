// IST0146 ImageAutoWithoutInjectionWarning and IST0147 ImageAutoWithoutInjectionError (injection.ImageAutoAnalyzer,
// pkg/config/analysis/analyzers/injection/image-auto.go). A container `istio-proxy` with `image: auto` is filled in
// by the injector (gateway injection); without injection the pods cannot start.
// - IST0146, on a Deployment, as istioctl: no Istio injection webhook selects its template's labels in its namespace
//   (the Namespace object's labels, none when the set has no such Namespace).
// - IST0147, on whatever stands for the pods: istioctl reports every running Pod that still has `image: auto`, which
//   means injection passed it over; here, a Pod or pod template whose pods injection will pass over
//   (injection-outcome.ts). Deliberate difference: only when the set has the pods' Namespace, since whether they are
//   injected depends on its labels, and an error must not rest on a guess. A Pod read back from a cluster (it has a
//   `status.phase`) has been through injection: as istioctl, with its message.
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { injectionOutcome, webhookNamespaceLabels } from './injection-outcome';
import { injectionWebhooksOf, matchingWebhook } from './injection-webhooks';
import { injectorConfigOf } from './injector-config';
import { isRunningPod, podStandInsOf } from './pod-stand-ins';

/** Workloads whose `istio-proxy` container has `image: auto` and which injection will not reach. */
export function checkImageAuto(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const config = injectorConfigOf(index);
  const webhooks = injectionWebhooksOf(index);
  for (const pod of podStandInsOf(index)) {
    // istioctl looks at containers only, not init containers
    const auto = pod.containers.find((c) => c.name === 'istio-proxy' && c.image === 'auto');
    if (!auto) continue;
    const namespace = index.namespaces.get(pod.namespace);
    const namespaceLabels = namespace ? webhookNamespaceLabels(namespace.object.metadata?.labels, pod.namespace) : {};
    const { kind, metadata } = pod.source.object;
    if (kind === 'Deployment' && !matchingWebhook(webhooks, namespaceLabels, pod.labels)) {
      findings.push(
        finding(
          MESSAGES.imageAutoWithoutInjectionWarning,
          pod.source,
          `Deployment ${metadata?.name ?? ''} contains \`image: auto\` but does not match any Istio injection webhook selectors ` +
            `(label its namespace istio-injection=enabled, or its pods sidecar.istio.io/inject: "true")`,
          auto.field,
        ),
      );
    }
    if (isRunningPod(pod)) {
      const message = `Pod ${metadata?.name ?? ''} contains \`image: auto\` but does not match any Istio injection webhook selectors.`;
      findings.push(finding(MESSAGES.imageAutoWithoutInjectionError, pod.source, message, auto.field));
      continue;
    }
    if (!namespace) continue;
    const outcome = injectionOutcome(pod, namespaceLabels, config, webhooks);
    if (outcome.injected) continue;
    findings.push(
      finding(
        MESSAGES.imageAutoWithoutInjectionError,
        pod.source,
        `${pod.description} will contain \`image: auto\` but will not be injected: ${outcome.reason}`,
        auto.field,
      ),
    );
  }
  return findings;
}
