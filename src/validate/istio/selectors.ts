// How Istio's policies say where they apply, as its validation webhook checks it (istio/istio 1.30
// pkg/config/validation/validation.go validateWorkloadSelector, ValidateAlphaWorkloadSelector,
// validatePolicyTargetReference, validateOneOfSelectorType): a workload selector's labels, a policy's targetRefs,
// and not both.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, record } from '../builtin/go-values';
import { Report } from '../builtin/report';

// the kinds a policy may target, by group ('' is core) and kind; the version is not checked
const TARGET_KINDS = ['/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass'];

/**
 * A workload selector's labels (`selector.matchLabels` of the security, telemetry and extension kinds and
 * DestinationRules; `workloadSelector.labels` of Sidecars, ServiceEntries and EnvoyFilters): no empty key, no wildcard;
 * a warning when there is no label, since such a selector selects every workload of the namespace. The CRDs' CEL
 * rules refuse a wildcard in any selector's value and an empty or wildcard key of `matchLabels` first, so of the
 * errors only the keys of `labels` reach this check.
 */
export function checkSelectorLabels(selector: unknown, labelsField: 'matchLabels' | 'labels', field: string, report: Report): void {
  const fields = record(selector);
  if (!fields) return;
  const labels = entries(fields[labelsField]);
  for (const [key, value] of labels) {
    const path = join(join(field, labelsField), key);
    if (key === '') report(MESSAGES.istioValidationFailed, path, `a selector label key may not be empty, got ${show(`${key}=${value}`)}`);
    if (key.includes('*') || String(value).includes('*')) {
      report(MESSAGES.istioValidationFailed, path, `a selector label may not hold a wildcard, got ${show(`${key}=${value}`)}`);
    }
  }
  if (labels.length === 0) report(MESSAGES.istioValidationWarning, field, 'a workload selector without labels selects every workload of the namespace');
}

/** One policy target reference: a name, no namespace, and a Service, ServiceEntry, Gateway or GatewayClass. */
export function checkTargetRef(value: unknown, field: string, report: Report): void {
  const ref = record(value);
  if (!ref) return;
  if (typeof ref.name !== 'string' || ref.name === '') report(MESSAGES.istioValidationFailed, join(field, 'name'), 'a targetRef needs a name');
  if (typeof ref.namespace === 'string' && ref.namespace !== '') {
    report(MESSAGES.istioValidationFailed, join(field, 'namespace'),
      `a targetRef may not name a namespace (policies target objects of their own namespace), got ${show(ref.namespace)}`);
  }
  const group = typeof ref.group === 'string' ? ref.group : '';
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  if (!TARGET_KINDS.includes(`${group === 'core' ? '' : group}/${kind}`)) {
    report(MESSAGES.istioValidationFailed, join(field, 'kind'),
      `a targetRef must name a Service, a networking.istio.io ServiceEntry, or a gateway.networking.k8s.io Gateway or GatewayClass, got ${show(`${group}/${kind}`)}`);
  }
}

/** A policy's `selector`, `targetRef` and `targetRefs`: each checked, and at most one of them set. */
export function checkPolicyTargets(spec: Fields, report: Report): void {
  checkSelectorLabels(spec.selector, 'matchLabels', 'spec.selector', report);
  checkTargetRef(spec.targetRef, 'spec.targetRef', report);
  list(spec.targetRefs).forEach((ref, i) => checkTargetRef(ref, `spec.targetRefs[${i}]`, report));
  const set = [isSet(spec.selector) && record(spec.selector), isSet(spec.targetRef) && record(spec.targetRef), list(spec.targetRefs).length > 0];
  if (set.filter(Boolean).length > 1) report(MESSAGES.istioValidationFailed, 'spec', 'only one of selector, targetRef and targetRefs may be set');
}
