// The annotations Istio's validation webhook checks before an object's own rules, for every kind it validates
// (istio/istio 1.30 pkg/config/validation/validation.go validateMetadata, checkDryRunAnnotation): the first that
// fails refuses the object, and its own rules are then not run.
import { MESSAGES } from '../findings';
import { parseBoolError } from '../go-strconv';
import { join, show } from '../structural';
import { Fields, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';

const DRY_RUN = 'istio.io/dry-run';
// annotations of objects istiod generates itself (from Gateway API resources), which would let an object claim a
// parent elsewhere; and the one its own tests use to see the webhook refuse
const INTERNAL = ['internal.istio.io/webhook-always-reject', 'internal.istio.io/parent-namespace', 'internal.istio.io/parents'];

function dryRunProblem(value: unknown, kind: string, spec: Fields): string | undefined {
  if (kind !== 'AuthorizationPolicy') return `the ${DRY_RUN} annotation applies only to AuthorizationPolicies: remove it`;
  const action = text(spec.action) ?? 'ALLOW';
  if (action !== 'ALLOW' && action !== 'DENY') return `the ${DRY_RUN} annotation applies only to ALLOW and DENY policies, got action ${action}`;
  const flag = typeof value === 'string' ? value : '';
  return parseBoolError(flag) === undefined ? undefined : `the ${DRY_RUN} annotation must be true or false, got ${show(flag)}`;
}

/** Whether the object's annotations let the webhook go on to its kind's rules; reports the one that does not. */
export function checkWebhookMetadata(metadata: Fields | undefined, kind: string, spec: Fields, report: Report): boolean {
  const annotations = record(metadata?.annotations);
  if (!annotations) return true;
  if (DRY_RUN in annotations) {
    const problem = dryRunProblem(annotations[DRY_RUN], kind, spec);
    if (problem) {
      report(MESSAGES.istioValidationFailed, join('metadata.annotations', DRY_RUN), problem);
      return false;
    }
  }
  const internal = INTERNAL.find((name) => name in annotations);
  if (internal === undefined) return true;
  report(MESSAGES.istioValidationFailed, join('metadata.annotations', internal),
    internal === INTERNAL[0] ? `the ${internal} annotation makes Istio refuse the object: remove it` : `the ${internal} annotation is Istio's own and may not be set: remove it`);
  return false;
}
