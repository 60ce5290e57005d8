// WasmPlugins as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateWasmPlugin): the selector, targetRef and targetRefs
// (checkPolicyTargets), and the lengths Go counts in bytes where the CRD counts characters: imagePullSecret (at most
// 253), pluginName and each vmConfig env name (at most 256).
// Skipped, since an object failing them never reaches the webhook:
// - a missing or empty url is the CRD's `required` and `minLength: 1`; the rest of validateWasmPluginURL is the CRD's
//   CEL rule on url, test for test: strictParseURL reads the url with url.ParseRequestURI and then url.Parse (or, when
//   the first fails, `http://` and the url with both), and the rule's isURL() is url.ParseRequestURI while url() fails
//   (an evaluation error, which refuses the object) where url.Parse does; the schemes are the same list;
// - sha256 neither empty nor 64 lowercase hex digits is the CRD's pattern `(^$|^[a-f0-9]{64}$)`;
// - an env without a name is the CRD's `required` and `minLength: 1`, a duplicate env name its
//   `x-kubernetes-list-type: map` keyed by name, a value with `valueFrom: HOST` its CEL rule (stricter than Go: it
//   also refuses `value: ""`);
// - a null match or port, and a port outside 1..65535, are the schema's (no null list items, `minimum`/`maximum`);
// - selector, targetRef and targetRefs together is the CRD's CEL rule (`<= 1`); an empty or wildcard selector label,
//   a targetRef without a name or with a namespace are the CRD's `minLength`/CEL rules (checkPolicyTargets checks
//   them anyway).
// Go has no checks of phase, type, imagePullPolicy, failStrategy or pluginConfig: their enums (and pluginConfig's
// free-form object) are all the schema asks.
import { MESSAGES } from '../findings';
import { join } from '../structural';
import { Fields, list, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { checkPolicyTargets } from './selectors';

/** The webhook's checks of one WasmPlugin. */
export function checkWasmPlugin(spec: Fields, report: Report): void {
  checkPolicyTargets(spec, report);
  checkWasmModule(spec, 'spec', report);
}

/**
 * The checks of a Wasm module's fields, shared by WasmPlugin (`spec`) and TrafficExtension (`spec.wasm`): its
 * imagePullSecret, pluginName and vmConfig env names.
 */
export function checkWasmModule(module: Fields, field: string, report: Report): void {
  checkBytes(module.imagePullSecret, 253, 'imagePullSecret', join(field, 'imagePullSecret'), report);
  checkBytes(module.pluginName, 256, 'pluginName', join(field, 'pluginName'), report);
  // Go stops at the first env it refuses
  list(record(module.vmConfig)?.env).some((env, i) => checkBytes(record(env)?.name, 256, 'an env name', `${field}.vmConfig.env[${i}].name`, report));
}

/**
 * A string longer than `max` bytes in UTF-8, as Go's len() counts it: reported, and true. The CRD's maxLength counts
 * characters, so only a string with non-ASCII ones gets here too long.
 */
export function checkBytes(value: unknown, max: number, what: string, field: string, report: Report): boolean {
  // a UTF-16 unit takes at most 3 bytes in UTF-8
  if (typeof value !== 'string' || value.length * 3 <= max) return false;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= max) return false;
  report(MESSAGES.istioValidationFailed, field, `${what} may be at most ${max} bytes long in UTF-8, got ${bytes} bytes (${[...value].length} characters)`);
  return true;
}
