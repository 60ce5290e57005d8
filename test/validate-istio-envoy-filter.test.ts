// Istio's validation webhook on EnvoyFilters (pkg/config/validation/envoyfilter: ValidateEnvoyFilter), with the cases
// of its envoyfilter_test.go and the patch value decoding it runs (xds.BuildXDSObjectFromStruct).
import { check, obj } from './support/objects';

const GENERAL = 'EnvoyFilters patch internals';
const filter = (spec: Record<string, unknown>) => obj('networking.istio.io/v1alpha3', 'EnvoyFilter', 'f', { spec });
const patch = (applyTo: string, operation: string, value?: Record<string, unknown>, match?: Record<string, unknown>) => ({
  applyTo, ...(match ? { match } : {}), patch: { operation, ...(value ? { value } : {}) },
});
const listenerMatch = (filterMatch: Record<string, unknown>, chain: Record<string, unknown> = {}) => ({
  listener: { filterChain: { ...chain, filter: filterMatch } },
});
const HCM = 'envoy.filters.network.http_connection_manager';
const EXT_AUTHZ = { '@type': 'type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz' };
const TLS = { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext' };

/** The webhook's findings on an EnvoyFilter (but the general warning), after checking it passed the CRD and got the general warning if admitted. */
function webhook(spec: Record<string, unknown>): [string, string, string][] {
  const findings = check(filter(spec));
  expect(findings.filter((f) => /^TT000\d$/.test(f.code))).toEqual([]);
  // the warning every EnvoyFilter gets, when the webhook admits it (it returns no warning with a refusal)
  const refused = findings.some((f) => f.code === 'TT0020');
  expect(findings.filter((f) => f.code === 'TT0021' && f.message.startsWith(GENERAL)).map((f) => f.field)).toEqual(refused ? [] : ['spec']);
  return findings
    .filter((f) => (f.code === 'TT0020' || f.code === 'TT0021') && !f.message.startsWith(GENERAL))
    .map((f) => [f.code, f.field ?? '', f.message]);
}
const patches = (...configPatches: unknown[]) => webhook({ configPatches });

describe("Istio's validation webhook on EnvoyFilters", () => {
  test('every EnvoyFilter is warned about, unless a selector label is refused, which stops the webhook', () => {
    const general = (spec: Record<string, unknown>) => check(filter(spec)).filter((f) => f.code === 'TT0021' && f.message.startsWith(GENERAL));
    expect(general({})).toEqual([expect.objectContaining({ field: 'spec', severity: 'warning' })]);
    const refused = check(filter({ workloadSelector: { labels: { 'app*': 'web' } }, configPatches: [{ applyTo: 'INVALID' }] }));
    expect(refused.filter((f) => f.code === 'TT0020' || f.code === 'TT0021').map((f) => [f.code, f.field])).toEqual([
      ['TT0020', 'spec.workloadSelector.labels["app*"]'],
    ]);
  });

  test.each([
    ['empty filters', {}],
    ['match with valid regex', { configPatches: [patch('LISTENER', 'REMOVE', undefined, { proxy: { proxyVersion: 'release-1\\.2-23434' } })] }],
    ['duration marshal', { configPatches: [patch('CLUSTER', 'ADD', { dns_refresh_rate: '500ms' })] }],
    ['happy config', {
      configPatches: [
        patch('CLUSTER', 'ADD', { lb_policy: 'RING_HASH' }, { cluster: {} }),
        patch('NETWORK_FILTER', 'INSERT_BEFORE', { typed_config: EXT_AUTHZ }, { listener: { filterChain: { name: 'envoy.tcp_proxy' } } }),
        patch('NETWORK_FILTER', 'INSERT_FIRST', { typed_config: EXT_AUTHZ }, { listener: { filterChain: { name: 'envoy.tcp_proxy' } } }),
      ],
    }],
    ['a WAYPOINT patch, which the webhook does not check', { configPatches: [{ applyTo: 'INVALID', match: { context: 'WAYPOINT', waypoint: {} } }] }],
    ['a workload selector with labels', { workloadSelector: { labels: { app: 'web' } } }],
    ['a value with JSON names, whole numbers as strings, and an HTTP filter of the HTTP connection manager', {
      configPatches: [
        patch('CLUSTER', 'MERGE', { connectTimeout: '1.5s', perConnectionBufferLimitBytes: '32768', lbPolicy: 1, respect_dns_ttl: true }),
        patch('HTTP_FILTER', 'INSERT_BEFORE', { name: 'envoy.filters.http.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua' } },
          listenerMatch({ name: HCM, subFilter: { name: 'envoy.filters.http.router' } })),
        patch('CLUSTER', 'MERGE', { transport_socket: { name: 'envoy.transport_sockets.tls', typed_config: TLS } }),
        patch('HTTP_ROUTE', 'MERGE', { typed_per_filter_config: { 'envoy.filters.http.rbac': { '@type': 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute' } } }),
        patch('NETWORK_FILTER', 'MERGE', { typed_config: { '@type': 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', protocol: 'istio-peer-exchange' } }),
      ],
    }],
  ])('%s passes', (_, spec) => {
    expect(webhook(spec)).toEqual([]);
  });

  test('a workload selector without labels warns', () => {
    expect(webhook({ workloadSelector: {} })).toEqual([
      ['TT0021', 'spec.workloadSelector', 'a workload selector without labels selects every workload of the namespace'],
    ]);
  });

  test.each([
    ['invalid applyTo', { applyTo: 'INVALID' }, 'spec.configPatches[0].applyTo', /must say what it applies to/],
    ['missing applyTo', { patch: { operation: 'REMOVE' } }, 'spec.configPatches[0].applyTo', /must say what it applies to/],
    ['nil patch', { applyTo: 'LISTENER' }, 'spec.configPatches[0].patch', /needs a patch/],
    ['invalid patch operation', { applyTo: 'LISTENER', patch: {} }, 'spec.configPatches[0].patch.operation', /needs an operation/],
    ['nil patch value', patch('LISTENER', 'ADD'), 'spec.configPatches[0].patch.value', /^a patch with operation ADD needs a value/],
    ['match with invalid regex', patch('LISTENER', 'REMOVE', undefined, { proxy: { proxyVersion: '%#@~++==`24c234`' } }),
      'spec.configPatches[0].match.proxy.proxyVersion',
      /^proxyVersion must be an RE2 regular expression, got "%#@~\+\+==`24c234`": error parsing regexp: invalid nested repetition operator: `\+\+`$/],
    ['listener with invalid match', patch('LISTENER', 'REMOVE', undefined, { cluster: {} }), 'spec.configPatches[0].match.cluster',
      /a LISTENER patch must match a listener, not a cluster/],
    ['listener with invalid filter match', patch('NETWORK_FILTER', 'REMOVE', undefined, listenerMatch({}, { sni: '124' })),
      'spec.configPatches[0].match.listener.filterChain.filter.name', /must name the filter to match/],
    ['listener with sub filter match and invalid applyTo', patch('NETWORK_FILTER', 'REMOVE', undefined, listenerMatch({ name: 'random', subFilter: {} })),
      'spec.configPatches[0].match.listener.filterChain.filter.subFilter', /only for HTTP_FILTER patches, not NETWORK_FILTER/],
    ['listener with sub filter match and invalid filter name', patch('HTTP_FILTER', 'REMOVE', undefined, listenerMatch({ name: 'random', subFilter: {} })),
      'spec.configPatches[0].match.listener.filterChain.filter.subFilter', /needs the filter match to name envoy.filters.network.http_connection_manager, got "random"/],
    ['listener with sub filter match and no sub filter name', patch('HTTP_FILTER', 'REMOVE', undefined, listenerMatch({ name: HCM, subFilter: {} })),
      'spec.configPatches[0].match.listener.filterChain.filter.subFilter.name', /must name the HTTP filter to match/],
    ['route configuration with invalid match', patch('VIRTUAL_HOST', 'REMOVE', undefined, { cluster: {} }), 'spec.configPatches[0].match.cluster',
      /a VIRTUAL_HOST patch must match a routeConfiguration, not a cluster/],
    ['cluster with invalid match', patch('CLUSTER', 'REMOVE', undefined, { listener: {} }), 'spec.configPatches[0].match.listener',
      /a CLUSTER patch must match a cluster, not a listener/],
    ['invalid patch value', patch('CLUSTER', 'ADD', { name: false }, { cluster: {} }), 'spec.configPatches[0].patch.value.name',
      /^name must be a string, got false \(istiod decodes a CLUSTER patch's value as an Envoy envoy.config.cluster.v3.Cluster\)$/],
    ['deprecated config', patch('NETWORK_FILTER', 'INSERT_FIRST', { typed_config: { '@type': 'type.googleapis.com/envoy.config.filter.network.ext_authz.v2.ExtAuthz' } },
      { listener: { filterChain: { name: 'envoy.tcp_proxy' } } }),
    'spec.configPatches[0].patch.value.typed_config["@type"]', /is a type of Envoy's v2 API, which istiod does not know: use its v3 type/],
  ])('%s is refused', (_, configPatch, field, message) => {
    expect(patches(configPatch)).toEqual([['TT0020', field, expect.stringMatching(message)]]);
  });

  test('deprecated filter names in a listener match warn, with their canonical names', () => {
    expect(patches(patch('HTTP_FILTER', 'INSERT_FIRST', { typed_config: EXT_AUTHZ }, listenerMatch({ name: 'envoy.http_connection_manager', subFilter: { name: 'envoy.router' } })),
      patch('NETWORK_FILTER', 'REMOVE', undefined, listenerMatch({ name: 'envoy.ext_authz' })))).toEqual([
      ['TT0021', 'spec.configPatches[0].match.listener.filterChain.filter.name',
        '"envoy.http_connection_manager" is a deprecated filter name: use "envoy.filters.network.http_connection_manager"'],
      ['TT0021', 'spec.configPatches[0].match.listener.filterChain.filter.subFilter.name', '"envoy.router" is a deprecated filter name: use "envoy.filters.http.router"'],
      ['TT0021', 'spec.configPatches[1].match.listener.filterChain.filter.name', '"envoy.ext_authz" is a deprecated filter name: use "envoy.filters.network.ext_authz"'],
    ]);
  });

  test('deprecated type: a deprecated filter name, and an HTTP filter without typed_config, warn', () => {
    expect(patches(patch('HTTP_FILTER', 'INSERT_FIRST', {}, listenerMatch({ name: 'envoy.http_connection_manager' })))).toEqual([
      ['TT0021', 'spec.configPatches[0].match.listener.filterChain.filter.name', expect.stringMatching(/deprecated filter name/)],
      ['TT0021', 'spec.configPatches[0].patch.value', expect.stringMatching(/^this extension has no typed_config: configuring an extension by its name alone/)],
    ]);
  });

  test('a filter match on a LISTENER or FILTER_CHAIN patch warns that it has no effect', () => {
    expect(patches(patch('FILTER_CHAIN', 'REMOVE', undefined, listenerMatch({ name: HCM })))).toEqual([
      ['TT0021', 'spec.configPatches[0].match.listener.filterChain.filter', 'a filter match has no effect on a FILTER_CHAIN patch, which applies to the whole filter chain'],
    ]);
  });

  test.each([
    ['an unknown enum name', 'CLUSTER', { lb_policy: 'ROUND_ROBBIN' }, 'lb_policy', /^lb_policy must be one of ROUND_ROBIN, LEAST_REQUEST, .*got "ROUND_ROBBIN"/],
    ['a negative UInt32Value', 'LISTENER', { per_connection_buffer_limit_bytes: -1 }, 'per_connection_buffer_limit_bytes', /must be a whole number from 0 to 4294967295, got -1/],
    ['a fraction in a UInt32Value', 'CLUSTER', { max_requests_per_connection: '1.5' }, 'max_requests_per_connection', /whole number/],
    ['a duration without unit', 'CLUSTER', { connectTimeout: '5' }, 'connectTimeout', /must be a duration such as "5s"/],
    ['a number for a duration', 'CLUSTER', { connect_timeout: 5 }, 'connect_timeout', /must be a duration/],
    ['a string for a list', 'VIRTUAL_HOST', { domains: 'example.com' }, 'domains', /^domains must be a list, got "example.com"/],
    ['a list item of the wrong type', 'VIRTUAL_HOST', { domains: ['example.com', 80] }, 'domains[1]', /^domains\[1\] must be a string, got 80/],
    ['a string for a message', 'HTTP_ROUTE', { route: 'web' }, 'route', /^route must be an object, got "web"/],
    ['an Any without @type', 'HTTP_FILTER', { name: 'envoy.filters.http.lua', typed_config: {} }, 'typed_config', /must name the type of its content in "@type"/],
    ['a map value without @type', 'HTTP_ROUTE', { typed_per_filter_config: { 'envoy.filters.http.lua': { disabled: true } } },
      'typed_per_filter_config["envoy.filters.http.lua"]', /must name the type of its content/],
    ['a well-known Any without value', 'EXTENSION_CONFIG', { typed_config: { '@type': 'type.googleapis.com/google.protobuf.Struct' } }, 'typed_config',
      /holds a google.protobuf.Struct, which it must give under "value"/],
    ['a transport socket of the v2 API', 'CLUSTER', { transport_socket: { name: 'tls', typed_config: { '@type': 'type.googleapis.com/envoy.api.v2.auth.UpstreamTlsContext' } } },
      'transport_socket.typed_config["@type"]', /Envoy's v2 API/],
    ['an Envoy type istiod does not know', 'HTTP_FILTER', { name: 'envoy.filters.http.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.LUA' } },
      'typed_config["@type"]', /^typed_config's "@type" "type.googleapis.com\/envoy.extensions.filters.http.lua.v3.LUA" names no Envoy message istiod knows/],
    ['an Envoy type of a package istiod does not know, in a map of Anys', 'CLUSTER',
      { typed_extension_protocol_options: { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': 'envoy.extensions.upstreams.http.v4.HttpProtocolOptions' } } },
      'typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]["@type"]', /names no Envoy message istiod knows/],
    ['a name that is no string on the way to an extension', 'LISTENER', { default_filter_chain: { transport_socket: { name: 7 } } },
      'default_filter_chain.transport_socket.name', /^name must be a string, got 7/],
    ['a REMOVE patch with a value of the wrong shape', 'BOOTSTRAP', { stats_flush_on_admin: 'yes' }, 'stats_flush_on_admin', /must be true or false/],
  ])('%s in the patch value is refused', (_, applyTo, value, field, message) => {
    const operation = applyTo === 'BOOTSTRAP' ? 'REMOVE' : 'MERGE';
    expect(patches(patch(applyTo, operation, value))).toEqual([['TT0020', `spec.configPatches[0].patch.value.${field}`, expect.stringMatching(message)]]);
  });

  test('only the first problem of a value is reported, in the order of the fields of its message, as jsonpb stops there', () => {
    expect(patches(patch('CLUSTER', 'MERGE', { lb_policy: 'NOPE', name: 3, bogus: 1 }))).toEqual([
      ['TT0020', 'spec.configPatches[0].patch.value.name', expect.stringMatching(/^name must be a string, got 3/)],
    ]);
  });

  test("the JSON name's value wins over the proto name's, which is not decoded", () => {
    expect(patches(patch('CLUSTER', 'MERGE', { lb_policy: 'NOPE', lbPolicy: 'MAGLEV', name: 'web' }))).toEqual([]);
  });

  test('unknown fields of the value warn, and then (the strict decoding failed) extensions configured by name alone do not', () => {
    expect(patches(patch('CLUSTER', 'MERGE', { lb_polcy: 'RING_HASH', transport_socket: { name: 'envoy.transport_sockets.tls', typedconfig: {} } }),
      patch('HTTP_FILTER', 'INSERT_FIRST', { name: 'envoy.filters.http.lua', config: { inlineCode: 'x' } }))).toEqual([
      ['TT0021', 'spec.configPatches[0].patch.value.lb_polcy', expect.stringMatching(/^envoy.config.cluster.v3.Cluster has no field "lb_polcy": istiod drops it/)],
      ['TT0021', 'spec.configPatches[0].patch.value.transport_socket.typedconfig', expect.stringMatching(/^an extension has no field "typedconfig"/)],
      ['TT0021', 'spec.configPatches[1].patch.value.config', expect.stringMatching(/^envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter has no field "config"/)],
    ]);
  });

  test('extensions configured by name alone warn, inner ones first', () => {
    expect(patches(patch('CLUSTER', 'MERGE', { transport_socket: { name: 'envoy.transport_sockets.tls' }, upstream_config: { name: 'envoy.upstreams.tcp' } }),
      patch('LISTENER', 'MERGE', { default_filter_chain: { transport_socket: { name: 'tls', typed_config: TLS } } }))).toEqual([
      ['TT0021', 'spec.configPatches[0].patch.value.transport_socket', expect.stringMatching(/^"envoy.transport_sockets.tls" has no typed_config/)],
      ['TT0021', 'spec.configPatches[0].patch.value.upstream_config', expect.stringMatching(/^"envoy.upstreams.tcp" has no typed_config/)],
    ]);
  });
});
