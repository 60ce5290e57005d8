// EnvoyFilters as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/envoyfilter/envoyfilter.go ValidateEnvoyFilter, validateListenerMatchName,
// validateDeprecatedFilterTypes, validateMissingTypedConfigFilterTypes; validation.ValidateAlphaWorkloadSelector;
// pkg/config/xds BuildXDSObjectFromStruct, which decodes a patch's value into its Envoy proto with the legacy jsonpb).
//
// Left to the CRD schema and its CEL rules, as they can never fire here: a null config patch (items are objects), a
// selector label value with a wildcard (a CEL rule), unknown applyTo, operation and context values (enums), and a match
// on more than one of listener, routeConfiguration, cluster and waypoint (a oneOf). A waypoint match outside the
// WAYPOINT context is a CEL rule; patches in the WAYPOINT context the webhook does not check at all. targetRefs (kind
// and name required, no namespace, at most 16, not with workloadSelector) and priority are the CRD's alone: the
// webhook checks neither. Nor does it check which operations suit which applyTo, or the relative operations without a
// priority: those are istioctl's analyzers (IST0151..IST0155, src/validate/analyzers/policies/envoy-filter-patches.ts).
//
// The patch value: istiod decodes it into the Envoy proto its applyTo names (a Cluster for CLUSTER, an HttpFilter for
// HTTP_FILTER, ...), refuses the EnvoyFilter when that fails, warns when the strict decoding (no unknown fields) fails,
// and warns about deprecated type URLs and about extensions configured by name without typed_config. Without Envoy's
// proto descriptors (thousands of messages) this can be done only in part; what is mirrored here, from the descriptors
// of go-control-plane 98966259b99a (the version Istio 1.30.3 pins) in envoy-descriptors.ts, by envoy-patch-value.ts:
// - the top-level fields of the eleven patched messages, decoded as jsonpb does: the proto or JSON name of each field
//   (the JSON name wins when both are given), the JSON shape of each (string, bool, enum name or number, whole number
//   in range, Go duration, object, list, map), and an Any's "@type" (one in the envoy.* namespace must name a message
//   istiod links in: none of Envoy's retired v2 API, as istiod imports the v3 one only); the first problem refuses, as
//   jsonpb stops there;
// - unknown top-level fields (a warning, as the strict decoding fails with them);
// - through the singular message fields that lead to an extension (transport_socket, cluster_type, upstream_config,
//   ...), each extension's name, its typed_config's "@type", and the missing-typed_config warning, which Go's walk
//   also makes through singular fields only, and only when the strict decoding succeeded (no unknown field).
// Not mirrored: the fields below the top level (but for the extension paths above), list items and map values beyond
// their JSON shape, the content of typed_config (decoded as its "@type" says), and "@type"s outside the envoy.*
// namespace that istiod does not know (xds.*, udpa.*, istio.*, google.* and others, whose full lists are not pinned
// here). Go's deprecated type_url warning cannot fire: the only frozen Envoy packages are the v2 ones, which fail to
// decode first.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, list, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { regexpProblem } from '../go-regexp';
import { checkPatchValue } from './envoy-patch-value';
import { checkSelectorLabels } from './selectors';
import { fail, warn } from './verdicts';

const LISTENER_CLASS = new Set(['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER']);
const ROUTE_CLASS = new Set(['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE']);
const OBJECT_TYPES = ['listener', 'routeConfiguration', 'cluster', 'waypoint'];
const HTTP_CONNECTION_MANAGER = 'envoy.filters.network.http_connection_manager';

// xds.ReverseDeprecatedFilterNames: the old filter names Envoy still reads, and their canonical names. envoy.ext_authz
// was both the HTTP and the network filter's name; Go picks either at random, here the one of the match's level.
const DEPRECATED_FILTER_NAMES = new Map([
  ['envoy.buffer', 'envoy.filters.http.buffer'], ['envoy.cors', 'envoy.filters.http.cors'], ['envoy.csrf', 'envoy.filters.http.csrf'],
  ['envoy.http_dynamo_filter', 'envoy.filters.http.dynamo'], ['envoy.fault', 'envoy.filters.http.fault'],
  ['envoy.grpc_http1_bridge', 'envoy.filters.http.grpc_http1_bridge'], ['envoy.grpc_json_transcoder', 'envoy.filters.http.grpc_json_transcoder'],
  ['envoy.grpc_web', 'envoy.filters.http.grpc_web'], ['envoy.gzip', 'envoy.filters.http.gzip'], ['envoy.health_check', 'envoy.filters.http.health_check'],
  ['envoy.ip_tagging', 'envoy.filters.http.ip_tagging'], ['envoy.lua', 'envoy.filters.http.lua'], ['envoy.rate_limit', 'envoy.filters.http.ratelimit'],
  ['envoy.router', 'envoy.filters.http.router'], ['envoy.squash', 'envoy.filters.http.squash'],
  ['envoy.listener.http_inspector', 'envoy.filters.listener.http_inspector'], ['envoy.listener.original_dst', 'envoy.filters.listener.original_dst'],
  ['envoy.listener.original_src', 'envoy.filters.listener.original_src'], ['envoy.listener.proxy_protocol', 'envoy.filters.listener.proxy_protocol'],
  ['envoy.listener.tls_inspector', 'envoy.filters.listener.tls_inspector'], ['envoy.client_ssl_auth', 'envoy.filters.network.client_ssl_auth'],
  ['envoy.http_connection_manager', HTTP_CONNECTION_MANAGER], ['envoy.mongo_proxy', 'envoy.filters.network.mongo_proxy'],
  ['envoy.ratelimit', 'envoy.filters.network.ratelimit'], ['envoy.redis_proxy', 'envoy.filters.network.redis_proxy'],
  ['envoy.tcp_proxy', 'envoy.filters.network.tcp_proxy'],
]);


/** The webhook's checks of one EnvoyFilter. */
export function checkEnvoyFilter(spec: Fields, report: Report): void {
  // a refused selector label stops the webhook, dropping its warnings
  const selectorFindings: Parameters<Report>[] = [];
  checkSelectorLabels(spec.workloadSelector, 'labels', 'spec.workloadSelector', (...finding) => selectorFindings.push(finding));
  if (selectorFindings.some(([type]) => type === MESSAGES.istioValidationFailed)) {
    for (const finding of selectorFindings) if (finding[0] === MESSAGES.istioValidationFailed) report(...finding);
    return;
  }
  warn(report, 'spec', 'EnvoyFilters patch internals of Envoy and Istio that may change in any release: prefer other APIs where possible, ' +
    'and check every EnvoyFilter on upgrades');
  for (const finding of selectorFindings) report(...finding);
  list(spec.configPatches).forEach((patch, i) => checkConfigPatch(record(patch), `spec.configPatches[${i}]`, report));
}

function checkConfigPatch(patch: Fields | undefined, field: string, report: Report): void {
  if (!patch) return;
  const match = record(patch.match);
  if (match?.context === 'WAYPOINT') return;
  const applyTo = text(patch.applyTo) ?? 'INVALID';
  if (applyTo === 'INVALID') return fail(report, join(field, 'applyTo'), 'a config patch must say what it applies to (applyTo LISTENER, CLUSTER, HTTP_FILTER, ...)');
  const body = record(patch.patch);
  if (!body) return fail(report, join(field, 'patch'), 'a config patch needs a patch (its operation and value)');
  const operation = text(body.operation) ?? 'INVALID';
  if (operation === 'INVALID') return fail(report, `${field}.patch.operation`, 'a patch needs an operation (MERGE, ADD, REMOVE, INSERT_BEFORE, ...)');
  const value = record(body.value);
  if (operation !== 'REMOVE' && !value) return fail(report, `${field}.patch.value`, `a patch with operation ${operation} needs a value (only REMOVE goes without one)`);
  const proxyVersion = text(record(match?.proxy)?.proxyVersion);
  if (proxyVersion !== undefined) {
    const problem = regexpProblem(proxyVersion);
    if (problem) return fail(report, `${field}.match.proxy.proxyVersion`, `proxyVersion must be an RE2 regular expression, got ${show(proxyVersion)}: ${problem}`);
  }
  if (match && !checkMatch(applyTo, match, join(field, 'match'), report)) return;
  if (value) checkPatchValue(applyTo, value, `${field}.patch.value`, report);
}

/** Whether applyTo and the match line up; false where Go stops checking the patch. */
function checkMatch(applyTo: string, match: Fields, field: string, report: Report): boolean {
  const objectType = OBJECT_TYPES.find((name) => record(match[name]));
  if (objectType === undefined) return true;
  const at = join(field, objectType);
  if (ROUTE_CLASS.has(applyTo) && objectType !== 'routeConfiguration') {
    fail(report, at, `a ${applyTo} patch must match a routeConfiguration, not a ${objectType}`);
  } else if (applyTo === 'CLUSTER' && objectType !== 'cluster') {
    fail(report, at, `a CLUSTER patch must match a cluster, not a ${objectType}`);
  } else if (LISTENER_CLASS.has(applyTo)) {
    if (objectType !== 'listener') {
      fail(report, at, `a ${applyTo} patch must match a listener, not a ${objectType}`);
      return false;
    }
    return checkFilterMatch(applyTo, record(record(match.listener)?.filterChain), `${at}.filterChain`, report);
  }
  return true;
}

/** A listener match's filterChain.filter: a name, and a subFilter only for HTTP filters of the HTTP connection manager. */
function checkFilterMatch(applyTo: string, filterChain: Fields | undefined, field: string, report: Report): boolean {
  const filter = record(filterChain?.filter);
  if (!filter) return true;
  const at = join(field, 'filter');
  if (applyTo === 'LISTENER' || applyTo === 'FILTER_CHAIN') {
    warn(report, at, `a filter match has no effect on a ${applyTo} patch, which applies to the whole ${applyTo === 'LISTENER' ? 'listener' : 'filter chain'}`);
  }
  const name = text(filter.name);
  if (name === undefined) {
    fail(report, join(at, 'name'), 'a filter match must name the filter to match');
    return false;
  }
  const subFilter = record(filter.subFilter);
  if (subFilter) {
    if (applyTo !== 'HTTP_FILTER') {
      fail(report, join(at, 'subFilter'), `a subFilter match is only for HTTP_FILTER patches, not ${applyTo}`);
      return false;
    }
    if (name !== HTTP_CONNECTION_MANAGER && name !== 'envoy.http_connection_manager') {
      fail(report, join(at, 'subFilter'), `a subFilter match needs the filter match to name ${HTTP_CONNECTION_MANAGER}, got ${show(name)}`);
      return false;
    }
    if (text(subFilter.name) === undefined) {
      fail(report, `${at}.subFilter.name`, 'a subFilter match must name the HTTP filter to match');
      return false;
    }
  }
  checkFilterName(name, 'network', join(at, 'name'), report);
  const subName = text(subFilter?.name);
  if (subName !== undefined) checkFilterName(subName, 'http', `${at}.subFilter.name`, report);
  return true;
}

function checkFilterName(name: string, level: 'network' | 'http', field: string, report: Report): void {
  const canonical = name === 'envoy.ext_authz' ? `envoy.filters.${level}.ext_authz` : DEPRECATED_FILTER_NAMES.get(name);
  if (canonical) warn(report, field, `${show(name)} is a deprecated filter name: use ${show(canonical)}`);
}
