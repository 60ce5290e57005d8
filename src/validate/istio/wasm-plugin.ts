// WasmPlugins as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateWasmPlugin): the selector, targetRef and targetRefs
// (checkPolicyTargets), the url as Go's net/url reads it (validateWasmPluginURL), and the lengths Go counts in bytes
// where the CRD counts characters: imagePullSecret (at most 253), pluginName and each vmConfig env name (at most 256).
// Skipped, since an object failing them never reaches the webhook:
// - a missing or empty url is the CRD's `required` and `minLength: 1`. The url check below is the whole of Go's
//   (strictParseURL and the scheme), though the CRD's CEL rule on url already runs the same url.ParseRequestURI test
//   and scheme list: what reaches the webhook fails only Go's second parse, with url.Parse (a bad %-escape in a
//   fragment after a query, a bad host after a leading `//`);
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
import { join, show } from '../structural';
import { Fields, list, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { urlHostname } from '../go-url';
import { checkPolicyTargets } from './selectors';

/** The webhook's checks of one WasmPlugin. */
export function checkWasmPlugin(spec: Fields, report: Report): void {
  checkPolicyTargets(spec, report);
  checkWasmModule(spec, 'spec', report);
}

/**
 * The checks of a Wasm module's fields, shared by WasmPlugin (`spec`) and TrafficExtension (`spec.wasm`): its url,
 * imagePullSecret, pluginName and vmConfig env names.
 */
export function checkWasmModule(module: Fields, field: string, report: Report): void {
  const url = text(module.url);
  const urlProblem = url === undefined ? undefined : wasmUrlProblem(url);
  if (urlProblem) report(MESSAGES.istioValidationFailed, join(field, 'url'), urlProblem);
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

const SCHEMES = new Set(['', 'file', 'http', 'https', 'oci']);

/**
 * Why istiod refuses a Wasm module's url (strictParseURL): the url must pass url.ParseRequestURI, and then url.Parse,
 * with a scheme of file, http, https or oci (or none, for an absolute path); failing ParseRequestURI, `http://` and
 * the url must pass both (a registry host and path).
 */
export function wasmUrlProblem(url: string): string | undefined {
  if (parsesAsRequestUri(url)) {
    if (urlHostname(url) === undefined) {
      return `url must be a URL that Go's url.Parse reads too (whole %-escapes after a #, a valid host and port after //), got ${show(url)}`;
    }
    const scheme = schemeOf(url)!.toLowerCase();
    if (!SCHEMES.has(scheme)) return `url scheme must be file, http, https or oci, got ${show(scheme)} in ${show(url)}`;
    return undefined;
  }
  const withScheme = `http://${url}`;
  if (!parsesAsRequestUri(withScheme) || urlHostname(withScheme) === undefined) {
    return `url must be a URL, or a host and path that make one after http://, got ${show(url)}`;
  }
  return undefined;
}

/** Go's getScheme: the scheme ('' for none), or undefined when the url starts with a colon. */
function schemeOf(url: string): string | undefined {
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    if (letter) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return '';
      continue;
    }
    if (c === 0x3a) return i === 0 ? undefined : url.slice(0, i);
    return '';
  }
  return '';
}

const PATH_ESCAPES = /^(?:[^%]|%[0-9a-fA-F]{2})*$/;

/**
 * Whether Go's url.ParseRequestURI reads `url`. With a scheme it parses as url.Parse does, except that a `#` is no
 * fragment but an ordinary character, which (like a space) the host and userinfo refuse and a path or query takes:
 * so url.Parse of the url with its `#`s made spaces tells. Without one it must be `*` or an absolute path (up to a
 * query) whose %-escapes are whole.
 */
function parsesAsRequestUri(url: string): boolean {
  for (let i = 0; i < url.length; i++) if (url.charCodeAt(i) < 0x20 || url.charCodeAt(i) === 0x7f) return false;
  const scheme = schemeOf(url);
  if (scheme === undefined) return false;
  if (scheme !== '') return urlHostname(url.replace(/#/g, ' ')) !== undefined;
  if (url === '*') return true;
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  return path.startsWith('/') && PATH_ESCAPES.test(path);
}
