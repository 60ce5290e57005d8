// Whether Istio's injection would give a stand-in's pods a sidecar when they are created: an injection webhook must
// select them (injection-webhooks.ts), then istiod's injector must decide to inject (pkg/kube/inject/inject.go
// injectRequired): not on the host network; `sidecar.istio.io/inject` (the label, else the annotation) exactly
// `true` or `false` decides; otherwise the neverInjectSelector, then the alwaysInjectSelector, then the policy
// (`enabled` injects, `disabled` does not, anything else turns injection off).
import type { InjectorConfig } from './injector-config';
import type { InjectionWebhook } from './injection-webhooks';
import { matchingWebhook } from './injection-webhooks';
import { isEmptySelector, labelSelectorMatches } from './label-selector';
import type { PodStandIn } from './pod-stand-ins';

/** What injection does to a stand-in's pods, and why. */
export interface InjectionOutcome {
  readonly injected: boolean;
  /** Why they are not injected, as a message says it. */
  readonly reason?: string;
}

const INJECT = 'sidecar.istio.io/inject';

/** A namespace's labels as the webhooks' namespace selectors see them: with the name label the API server sets on every one. */
export function webhookNamespaceLabels(labels: Readonly<Record<string, string>> | undefined, namespace: string): Record<string, string> {
  return { ...labels, 'kubernetes.io/metadata.name': namespace };
}

/** The value of `sidecar.istio.io/inject` the injector reads: the label when there is one, else the annotation. */
export function injectValue(pod: Pick<PodStandIn, 'labels' | 'annotations'>): string {
  return INJECT in pod.labels ? pod.labels[INJECT] : (pod.annotations[INJECT] ?? '');
}

const selects = (selectors: readonly unknown[], labels: Readonly<Record<string, string>>) =>
  selectors.some((s) => !isEmptySelector(s) && labelSelectorMatches(s, labels) === true);

/** What injection does to `pod`'s pods in a namespace with `namespaceLabels`. */
export function injectionOutcome(
  pod: Pick<PodStandIn, 'labels' | 'annotations' | 'hostNetwork'>,
  namespaceLabels: Readonly<Record<string, string>>,
  config: InjectorConfig,
  webhooks: readonly InjectionWebhook[],
): InjectionOutcome {
  if (!matchingWebhook(webhooks, namespaceLabels, pod.labels)) {
    return {
      injected: false,
      reason:
        webhooks.length === 0
          ? 'the install runs no istiod (profile empty, or components.pilot.enabled: false), so no injection webhook is called'
          : 'no Istio injection webhook matches the namespace and pod labels (it takes a namespace labelled istio-injection=enabled or istio.io/rev, ' +
            'or pods labelled sidecar.istio.io/inject: "true" or istio.io/rev)',
    };
  }
  if (pod.hostNetwork) return { injected: false, reason: 'the pods use the host network, which the injector never injects' };
  const value = injectValue(pod);
  if (value === 'true') return { injected: true };
  if (value === 'false') return { injected: false, reason: `${INJECT} is "false"` };
  if (selects(config.neverInjectSelector, pod.labels)) {
    return { injected: false, reason: `the pod labels match the injector's neverInjectSelector (values.sidecarInjectorWebhook.neverInjectSelector) and do not set ${INJECT}: "true"` };
  }
  if (selects(config.alwaysInjectSelector, pod.labels)) return { injected: true };
  if (config.policy === 'enabled') return { injected: true };
  if (config.policy === 'disabled') {
    return { injected: false, reason: `the install injects only pods that set ${INJECT}: "true" (values.global.proxy.autoInject is disabled)` };
  }
  return { injected: false, reason: `values.global.proxy.autoInject is "${config.policy}", which turns injection off (it must be enabled or disabled)` };
}
