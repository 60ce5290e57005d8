// Telemetry resources as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateTelemetry, validateTelemetryTracing, validateTelemetryMetrics,
// validateTelemetryAccessLogging, and validation_istiod.go validateTelemetryFilter): the selector, targetRef and
// targetRefs (checkPolicyTargets); warnings for more than one tracing entry and more than one provider in an entry; a
// custom tag with an empty name; a tag override with an empty name (a warning) or an UPSERT, the default operation,
// without a value; an access log filter that cel-go's parser refuses.
// Skipped, since an object failing them never reaches the webhook:
// - a provider without a name (or a null one) is the CRD's `required: [name]` and `minLength: 1` (and list items may
//   not be null);
// - randomSamplingPercentage outside 0..100 is the CRD's `minimum: 0` and `maximum: 100`;
// - a custom tag's literal value, header name or environment name left empty is the CRD's `required` and
//   `minLength: 1` on them; a null custom tag or tag override is pruned by the API server (non-nullable map values),
//   so Go's "nil value" errors cannot fire either;
// - a null metrics override is a null list item, which the schema refuses;
// - an explicit `operation: UPSERT` with an empty or missing value, and a value with `operation: REMOVE`, are the CEL
//   rules on tagOverrides (stricter than Go: they also refuse `value: ""` with REMOVE; the UPSERT check below would
//   catch the first anyway);
// - an empty customMetric is the CRD's `minLength: 1`;
// - selector, targetRef and targetRefs together is the CRD's CEL rule (`<= 1`); an empty or wildcard selector label,
//   a targetRef without a name or with a namespace are the CRD's `minLength`/CEL rules (checkPolicyTargets checks
//   them anyway).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { celParseProblem } from '../cel-go-parse';
import { checkPolicyTargets } from './selectors';

/** The webhook's checks of one Telemetry. */
export function checkTelemetry(spec: Fields, report: Report): void {
  checkPolicyTargets(spec, report);
  checkMetrics(spec.metrics, report);
  checkTracing(spec.tracing, report);
  list(spec.accessLogging).forEach((value, i) => {
    const filter = record(record(value)?.filter);
    if (!filter) return;
    const expression = typeof filter.expression === 'string' ? filter.expression : '';
    const problem = celParseProblem(expression);
    if (problem) {
      report(MESSAGES.istioValidationFailed, `spec.accessLogging[${i}].filter.expression`,
        `an access log filter must be a CEL expression that parses, got ${show(expression)}: ${problem}`);
    }
  });
}

function checkTracing(value: unknown, report: Report): void {
  const tracing = list(value);
  if (tracing.length > 1) {
    // (pilot/pkg/model/telemetry.go: the entries apply in order, each overriding what the earlier ones set)
    report(MESSAGES.istioValidationWarning, 'spec.tracing',
      `Istio supports one tracing entry per Telemetry, got ${tracing.length}: each later entry overrides the provider and settings of the ` +
        'earlier ones for the traffic it matches');
  }
  tracing.forEach((item, i) => {
    const entry = record(item);
    if (!entry) return;
    const field = `spec.tracing[${i}]`;
    const providers = list(entry.providers);
    if (providers.length > 1) {
      const first = text(record(providers[0])?.name) ?? '';
      report(MESSAGES.istioValidationWarning, join(field, 'providers'),
        `a tracing entry uses only its first provider (${show(first)}), got ${providers.length}: Istio supports one tracing provider per entry`);
    }
    for (const [name, tag] of entries(entry.customTags)) {
      // a null tag is pruned by the API server before the webhook sees the object
      if (name === '' && isSet(tag)) report(MESSAGES.istioValidationFailed, join(join(field, 'customTags'), name), 'a custom tag name may not be empty');
    }
  });
}

function checkMetrics(value: unknown, report: Report): void {
  list(value).forEach((item, i) => {
    list(record(item)?.overrides).forEach((override, j) => {
      const field = `spec.metrics[${i}].overrides[${j}].tagOverrides`;
      for (const [name, tagValue] of entries(record(override)?.tagOverrides)) {
        const tag = record(tagValue);
        // a null override is pruned by the API server before the webhook sees the object
        if (!tag) continue;
        const path = join(field, name);
        if (name === '') report(MESSAGES.istioValidationWarning, path, 'a tag override should name the tag it changes; this one has an empty name');
        // UPSERT is the operation's zero value, so a missing operation is one (the CRD's CEL rule tests only an explicit UPSERT)
        const operation = text(tag.operation) ?? 'UPSERT';
        if (operation === 'UPSERT' && text(tag.value) === undefined) {
          report(MESSAGES.istioValidationFailed, join(path, 'value'),
            `a tag override needs a value when its operation is UPSERT${isSet(tag.operation) ? '' : ' (the default when no operation is given)'}`);
        }
      }
    });
  });
}
