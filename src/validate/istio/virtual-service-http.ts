// One HTTP rule of a VirtualService as Istio's validation webhook checks it (istio/istio 1.30
// pkg/config/validation/virtualservice.go validateHTTPRoute, validateHTTPRouteConflict; validation.go
// validateHTTPFaultInjection, validateHTTPMirrors, validateHTTPRedirect, validateHTTPDirectResponse, validateHTTPRetry,
// validateHTTPRewrite, validateURIRegexRewrite). Fault percentages (validatePercentage) are TT0006 (mesh/routes.ts);
// durations below 1ms are the CRD's CEL rules; a null mirror is refused by the CRD (a list item may not be null).
import { MESSAGES } from '../findings';
import { atoiError } from '../go-strconv';
import { join, show } from '../structural';
import { Fields, isSet, list, num, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { durationPrecisionProblem } from './durations';
import { checkDestination, checkRouteDestinations } from './virtual-service-destinations';
import { checkAuthorityRewrite, checkCorsPolicy, checkHeaderOperations } from './virtual-service-headers';
import { checkHttpMatches, checkRegex } from './virtual-service-matches';
import { fail } from './verdicts';

const GRPC_STATUSES = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS',
  'UNAUTHENTICATED',
]);
const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled',
  'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
// the status codes Go's net/http names (http.StatusText): a retryOn number must be one of them
const HTTP_STATUSES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);
const KB = 1024;
const MB = 1024 * KB;

function checkDuration(value: unknown, field: string, report: Report): void {
  const problem = durationPrecisionProblem(value);
  if (problem) fail(report, field, problem);
}

/** An HTTP status for an abort or a direct response: 200 to 600 (Go's bound, one past its message's 599). */
function checkHttpStatus(value: unknown, field: string, report: Report): void {
  const status = num(value) ?? 0;
  if (status < 200 || status > 600) fail(report, field, `HTTP status must be between 200 and 599, got ${status}`);
}

/**
 * What a rule may combine: a root rule (with a delegate) only matches; any other rule routes, redirects or responds
 * directly, one of them, and a delegate VirtualService's rule may not delegate further.
 */
function checkRouteConflicts(rule: Fields, field: string, report: Report, inDelegate: boolean): void {
  const has = (f: string) => isSet(rule[f]);
  // an empty list decodes as none
  const routed = list(rule.route).length > 0;
  if (has('delegate') && !inDelegate) {
    if (has('redirect')) fail(report, join(field, 'redirect'), 'a rule with a delegate may not set redirect');
    if (routed) fail(report, join(field, 'route'), 'a rule with a delegate may not set route');
    return;
  }
  if (has('delegate')) fail(report, join(field, 'delegate'), 'a rule of a delegate VirtualService (one without hosts) may not delegate again');
  const exclusive = has('redirect') ? 'redirect' : has('directResponse') ? 'directResponse' : undefined;
  if (exclusive) {
    if (routed) fail(report, field, `a rule may not set both route and ${exclusive}`);
    for (const f of ['fault', 'rewrite']) if (has(f)) fail(report, join(field, f), `a rule with ${exclusive} may not set ${f}`);
    if (exclusive === 'redirect' && has('directResponse')) fail(report, field, 'a rule may not set both redirect and directResponse');
  } else if (!routed) {
    fail(report, field, 'an http rule must set route, redirect or directResponse');
  }
  if (has('mirror') && list(rule.mirrors).length > 0) fail(report, field, 'a rule may not set both mirror and mirrors');
}

function checkFault(value: unknown, field: string, report: Report): void {
  const fault = record(value);
  if (!fault) return;
  const abort = record(fault.abort);
  const delay = record(fault.delay);
  if (!abort && !delay) fail(report, field, 'fault must set abort, delay or both');
  if (abort) {
    if (isSet(abort.httpStatus)) checkHttpStatus(abort.httpStatus, `${field}.abort.httpStatus`, report);
    else if (isSet(abort.grpcStatus)) {
      if (!GRPC_STATUSES.has(abort.grpcStatus)) {
        fail(report, `${field}.abort.grpcStatus`, `gRPC status must be one of ${[...GRPC_STATUSES].join(', ')}, got ${show(abort.grpcStatus)}`);
      }
    } else if (isSet(abort.http2Error)) fail(report, `${field}.abort.http2Error`, 'HTTP/2 error aborts are not supported yet');
    else report(MESSAGES.istioValidationWarning, `${field}.abort`, 'abort sets no error type (httpStatus, grpcStatus): it aborts nothing');
  }
  if (delay) {
    checkDuration(delay.fixedDelay, `${field}.delay.fixedDelay`, report);
    checkDuration(delay.exponentialDelay, `${field}.delay.exponentialDelay`, report);
    if (isSet(delay.exponentialDelay)) fail(report, `${field}.delay.exponentialDelay`, 'exponentialDelay is not supported yet: use fixedDelay');
  }
}

function checkMirrors(rule: Fields, field: string, report: Report): void {
  // the deprecated mirrorPercent, by its JSON or its proto name
  const legacyField = isSet(rule.mirrorPercent) ? 'mirrorPercent' : isSet(rule.mirror_percent) ? 'mirror_percent' : undefined;
  if (legacyField) {
    const legacy = num(rule[legacyField]) ?? 0;
    if (legacy > 100) fail(report, join(field, legacyField), `mirror percentage must be at most 100, got ${legacy}`);
    report(MESSAGES.istioValidationWarning, join(field, legacyField), `${legacyField} is deprecated: use mirrorPercentage`);
  }
  const percent = num(record(rule.mirrorPercentage)?.value);
  if (percent !== undefined && (percent < 0 || percent > 100)) fail(report, `${field}.mirrorPercentage.value`, `mirror percentage must be between 0 and 100, got ${percent}`);
  checkDestination(rule.mirror, join(field, 'mirror'), report);
  list(rule.mirrors).forEach((m, i) => {
    const mirror = record(m) ?? {};
    checkDestination(mirror.destination, `${field}.mirrors[${i}].destination`, report);
    const value = num(record(mirror.percentage)?.value);
    if (value !== undefined && (value < 0 || value > 100)) fail(report, `${field}.mirrors[${i}].percentage.value`, `mirror percentage must be between 0 and 100, got ${value}`);
  });
}

/** Why a redirect is refused, or undefined: Go stops at the first problem. */
function redirectProblem(redirect: Fields, field: string): [string, string] | undefined {
  if (!text(redirect.uri) && !text(redirect.authority) && !isSet(redirect.port) && !isSet(redirect.derivePort) && !text(redirect.scheme)) {
    return [field, 'redirect must set uri, authority, scheme, port or derivePort'];
  }
  const code = num(redirect.redirectCode) ?? 0;
  if (code !== 0 && (code < 300 || code > 399)) return [`${field}.redirectCode`, `redirect code must be between 300 and 399, got ${code}`];
  const scheme = text(redirect.scheme);
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return [`${field}.scheme`, `scheme must be http or https, got ${show(scheme)}`];
  const port = num(redirect.port) ?? 0;
  if (port > 65535) return [`${field}.port`, `port number must be between 1 and 65535, got ${port}`];
  return undefined;
}

function checkRedirectAndResponse(rule: Fields, field: string, report: Report): void {
  const redirect = record(rule.redirect);
  const problem = redirect && redirectProblem(redirect, join(field, 'redirect'));
  if (problem) fail(report, ...problem);
  const response = record(rule.directResponse);
  if (response) {
    const body = record(response.body);
    const size = typeof body?.string === 'string' ? Buffer.byteLength(body.string) : typeof body?.bytes === 'string' ? Buffer.byteLength(body.bytes, 'base64') : 0;
    if (size > MB) fail(report, `${field}.directResponse.body`, `a direct response body must be at most 1 MiB, got ${size} bytes`);
    else if (size > 100 * KB) report(MESSAGES.istioValidationWarning, `${field}.directResponse.body`, `a direct response body over 100 KiB (${size} bytes) slows the control plane`);
    checkHttpStatus(response.status, `${field}.directResponse.status`, report);
  }
}

function checkRetries(value: unknown, field: string, report: Report): void {
  const retries = record(value);
  if (!retries) return;
  const attempts = num(retries.attempts) ?? 0;
  if (attempts < 0) fail(report, `${field}.attempts`, `attempts must not be negative, got ${attempts}`);
  if (attempts === 0 && (isSet(retries.perTryTimeout) || text(retries.retryOn) !== undefined || isSet(retries.retryRemoteLocalities))) {
    fail(report, field, 'a retry policy with attempts 0 (retries off) may not set perTryTimeout, retryOn or retryRemoteLocalities');
  }
  checkDuration(retries.perTryTimeout, `${field}.perTryTimeout`, report);
  const retryOn = text(retries.retryOn);
  for (const policy of retryOn === undefined ? [] : retryOn.split(',')) {
    // strconv.Atoi, whose error reads as 0
    const status = atoiError(policy) === undefined ? Number(policy) : 0;
    if (!HTTP_STATUSES.has(status) && !RETRY_ON.has(policy)) {
      fail(report, `${field}.retryOn`, `retryOn policy must be an HTTP status or one of ${[...RETRY_ON].join(', ')}, got ${show(policy)}`);
    }
  }
  checkDuration(retries.backoff, `${field}.backoff`, report);
}

function checkRewrite(value: unknown, field: string, report: Report): void {
  const rewrite = record(value);
  if (!rewrite) return;
  const regex = record(rewrite.uriRegexRewrite);
  if (text(rewrite.uri) !== undefined && regex) fail(report, field, 'rewrite may set only one of uri and uriRegexRewrite');
  else if (text(rewrite.uri) === undefined && !regex && text(rewrite.authority) === undefined) fail(report, field, 'rewrite must set uri, uriRegexRewrite or authority');
  else if (regex && (!text(regex.match) || !text(regex.rewrite))) fail(report, `${field}.uriRegexRewrite`, 'uriRegexRewrite must set both match and rewrite');
  else if (regex) checkRegex(regex.match, `${field}.uriRegexRewrite.match`, report);
}

/** The webhook's checks of one HTTP rule; `inDelegate` for the rules of a VirtualService without hosts. */
export function checkHttpRule(rule: Fields, field: string, report: Report, inDelegate: boolean): void {
  checkRouteConflicts(rule, field, report, inDelegate);
  checkHttpMatches(rule, field, report);
  checkHeaderOperations(rule.headers, join(field, 'headers'), report);
  checkCorsPolicy(rule.corsPolicy, join(field, 'corsPolicy'), report);
  checkFault(rule.fault, join(field, 'fault'), report);
  checkMirrors(rule, field, report);
  checkRedirectAndResponse(rule, field, report);
  checkRetries(rule.retries, join(field, 'retries'), report);
  checkRewrite(rule.rewrite, join(field, 'rewrite'), report);
  checkAuthorityRewrite(rule, field, report);
  const routes = list(rule.route);
  routes.forEach((r, i) => checkHeaderOperations(record(r)?.headers, `${field}.route[${i}].headers`, report));
  checkRouteDestinations(routes, join(field, 'route'), report);
  checkDuration(rule.timeout, join(field, 'timeout'), report);
}
