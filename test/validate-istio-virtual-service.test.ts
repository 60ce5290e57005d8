import { check, obj, withCode } from './support/objects';

// cases of Istio's TestValidateVirtualService, TestValidateHTTPRoute, TestValidateRouteDestination, TestValidateDestination,
// TestValidateHTTPRetry, TestValidateHTTPRewrite, TestValidateUriRegexRewrite, TestValidateHTTPRedirect,
// TestValidateHTTPDirectResponse, TestValidateCORSPolicy, TestValidateHTTPFaultInjectionAbort/Delay, TestValidateHTTPStatus,
// TestValidateHTTPHeaderName, TestValidateHTTPHeaderValue and virtualservice_test.go (pkg/config/validation), and what a
// review of the webhook's code found beyond them; the ones the CRD refuses first (null list items, a missing destination)
// and the fault percentage ones of TT0006 are left out
type Spec = Record<string, unknown>;
type Case = [Spec, string[], string[]];

const vs = (spec: Spec) => obj('networking.istio.io/v1', 'VirtualService', 'vs', { spec }, 'ns');
const dest = (host: string, extra: Spec = {}) => ({ destination: { host, ...extra } });
const simple = { route: [dest('foo.baz')] };
const redirect = { redirect: { uri: '/', authority: 'foo.biz' } };
const delegate = { delegate: { name: 'test', namespace: 'test' } };
/** A VirtualService for foo.bar with one HTTP rule; with `gateways`, bound to them. */
const rule = (http: Spec, gateways?: string[]): Spec => ({ hosts: ['foo.bar'], ...(gateways ? { gateways } : {}), http: [http] });
const at = (field: string) => `spec.http[0].${field}`;

/** The fields of the webhook's errors and warnings, and that the schema let the object through. */
function outcome(spec: Spec) {
  const findings = check(vs(spec));
  expect(findings.filter((f) => ['TT0001', 'TT0002', 'TT0003'].includes(f.code))).toEqual([]);
  const fields = (code: string) => withCode(findings, code)
    // index.ts's own warning about a delegate no VirtualService of the set delegates to
    .filter((f) => !f.message.startsWith('a VirtualService without hosts applies only'))
    .map((f) => f.field).sort();
  return { errors: fields('TT0020'), warnings: fields('TT0021') };
}

function expectCases(cases: Case[]): void {
  for (const [i, [spec, errors, warnings]] of cases.entries()) expect({ case: i, ...outcome(spec) }).toEqual({ case: i, errors, warnings });
}

describe("Istio's validation webhook: VirtualService", () => {
  test.each<[string, Case[]]>([
    ['header names of matches, and JWT claim routes only on gateways', [
      ...['header1', 'X-Requested-With', ':authority', 'funky!$#_', '@Request.Auth.Claims.sub', '@request.auth.claims[a][b]'].map((name): Case => [
        rule({ ...simple, match: [{ headers: { [name]: { exact: 'x' } } }] }, ['gw']), [], []]),
      ...['', '::', 'illegal"char', '@request.auth.claims', '@request.auth.claims.', '@request.auth.claims[]'].map((name): Case => [
        rule({ ...simple, match: [{ headers: { [name]: { exact: 'x' } } }] }, ['gw']), [`spec.http[0].match[0].headers[${JSON.stringify(name)}]`], []]),
      [rule({ ...simple, match: [{ uri: { prefix: '/' }, headers: { '@request.auth.claims.foo': { exact: 'bar' } } }] }, ['mesh']),
        ['spec.http[0].match[0].headers["@request.auth.claims.foo"]'], []],
      [rule({ ...simple, match: [{ withoutHeaders: { '@request.auth.claims[foo]': { exact: 'bar' } } }] }),
        ['spec.http[0].match[0].withoutHeaders["@request.auth.claims[foo]"]'], []],
    ]],
    ['CORS policies', [
      [rule({ ...simple, corsPolicy: { allowMethods: ['GET', 'POST', '*'], allowHeaders: ['header1', '*'], exposeHeaders: ['header3'], maxAge: '2s' } }), [], []],
      [rule({ ...simple, corsPolicy: { allowOrigins: [{ exact: 'exact' }, { prefix: 'prefix' }, { regex: 'regex' }] } }), [], []],
      [rule({ ...simple, corsPolicy: { allowMethods: ['GET', 'PUTT', 'get'] } }), [at('corsPolicy.allowMethods[1]'), at('corsPolicy.allowMethods[2]')], []],
      [rule({ ...simple, corsPolicy: { allowHeaders: ['a b'], exposeHeaders: [''] } }), [at('corsPolicy.allowHeaders[0]'), at('corsPolicy.exposeHeaders[0]')], []],
      // whole seconds only: Envoy's max-age is seconds
      [rule({ ...simple, corsPolicy: { maxAge: '1500ms' } }), [at('corsPolicy.maxAge')], []],
      [rule({ ...simple, corsPolicy: { maxAge: '2.000000042s' } }), [at('corsPolicy.maxAge'), at('corsPolicy.maxAge')], []],
      [rule({ ...simple, corsPolicy: { allowOrigins: [{ exact: '' }, { prefix: '' }, { regex: '' }, {}, { regex: '(' }] } }),
        [0, 1, 2, 3].map((i) => at(`corsPolicy.allowOrigins[${i}]`)).concat(at('corsPolicy.allowOrigins[4].regex')), []],
    ]],
    ['fault injection: statuses 200 to 600, known gRPC statuses, fixed delays', [
      ...[200, 503, 600].map((httpStatus): Case => [rule({ ...simple, fault: { abort: { httpStatus, percentage: { value: 20 } } } }), [], []]),
      ...[-100, 0, 100, 601, 9000].map((httpStatus): Case => [rule({ ...simple, fault: { abort: { httpStatus } } }), [at('fault.abort.httpStatus')], []]),
      [rule({ ...simple, fault: { abort: { grpcStatus: 'DEADLINE_EXCEEDED', percentage: { value: 0.001 } } } }), [], []],
      [rule({ ...simple, fault: { abort: { grpcStatus: 'BAD_STATUS' } } }), [at('fault.abort.grpcStatus')], []],
      [rule({ ...simple, fault: { abort: { http2Error: 'x' } } }), [at('fault.abort.http2Error')], []],
      [rule({ ...simple, fault: { abort: { percentage: { value: 10 } } } }), [], [at('fault.abort')]],
      [rule({ ...simple, fault: {} }), [at('fault')], []],
      [rule({ ...simple, fault: { delay: { fixedDelay: '3s', percentage: { value: 20 } } } }), [], []],
      [rule({ ...simple, fault: { delay: { fixedDelay: '3.000000042s' } } }), [at('fault.delay.fixedDelay')], []],
      [rule({ ...simple, fault: { delay: { exponentialDelay: '3s' } } }), [at('fault.delay.exponentialDelay')], []],
    ]],
    ['retries', [
      ...[{ attempts: 10, perTryTimeout: '2s', retryOn: '5xx,gateway-error' }, { attempts: 0 }, { attempts: 10 },
        { attempts: 10, retryOn: '503,connect-failure' }, { attempts: 1, retryOn: '418,+503,0503,103' }, { attempts: 0, retryIgnorePreviousHosts: true },
      ].map((retries): Case => [rule({ ...simple, retries }), [], []]),
      ...[{ attempts: 0, perTryTimeout: '2s', retryOn: '5xx' }, { attempts: 0, retryRemoteLocalities: false }].map((retries): Case => [
        rule({ ...simple, retries }), [at('retries')], []]),
      [rule({ ...simple, retries: { attempts: -1 } }), [at('retries.attempts')], []],
      [rule({ ...simple, retries: { attempts: 10, perTryTimeout: '2.000000001s', backoff: '1500us' } }), [at('retries.backoff'), at('retries.perTryTimeout')], []],
      // a number must be a status Go's net/http names (306 is none), and an empty policy (a trailing comma) is unknown
      ...['5xx,invalid policy', '600,connect-failure', '306', '5xx,', '5xx, reset'].map((retryOn): Case => [
        rule({ ...simple, retries: { attempts: 1, retryOn } }), [at('retries.retryOn')], []]),
    ]],
    ['rewrites and redirects', [
      ...[{ uri: '/path', authority: 'foobar.org' }, { uri: '/path' }, { authority: 'foobar.org' },
        { uriRegexRewrite: { match: '^/service/([^/]+)(/.*)$', rewrite: '\\2/instance/\\1' } },
        { authority: 'foobar.org', uriRegexRewrite: { match: '^/(?P<a>x)(?<b>y)', rewrite: '/' } },
      ].map((rewrite): Case => [rule({ ...simple, rewrite }), [], []]),
      [rule({ ...simple, rewrite: { uri: '/path', uriRegexRewrite: { match: '^/a', rewrite: '/' } } }), [at('rewrite')], []],
      [rule({ ...simple, rewrite: {} }), [at('rewrite')], []],
      ...[{ rewrite: '/' }, { match: '^/a' }].map((uriRegexRewrite): Case => [rule({ ...simple, rewrite: { uriRegexRewrite } }), [at('rewrite.uriRegexRewrite')], []]),
      // RE2: no lookahead
      ...['[', '^/(?=a)'].map((match): Case => [rule({ ...simple, rewrite: { uriRegexRewrite: { match, rewrite: '/' } } }), [at('rewrite.uriRegexRewrite.match')], []]),
      ...[{ uri: 't' }, { authority: 't' }, { uri: 't', authority: 't', redirectCode: 308 }, { port: 0 }, { derivePort: 'FROM_REQUEST_PORT' }, { scheme: 'https' }]
        .map((r): Case => [rule({ redirect: r }), [], []]),
      [rule({ redirect: { uri: '', authority: '' } }), [at('redirect')], []],
      ...[299, 400].map((redirectCode): Case => [rule({ redirect: { uri: 't', redirectCode } }), [at('redirect.redirectCode')], []]),
      [rule({ redirect: { scheme: 'ftp' } }), [at('redirect.scheme')], []],
      [rule({ redirect: { port: 70000 } }), [at('redirect.port')], []],
      // Go stops at a redirect's first problem
      [rule({ redirect: { redirectCode: 200 } }), [at('redirect')], []],
    ]],
    ['direct responses', [
      ...[200, 600].map((status): Case => [rule({ directResponse: { status, body: { string: 'hello' } } }), [], []]),
      ...[199, 601].map((status): Case => [rule({ directResponse: { status } }), [at('directResponse.status')], []]),
      [rule({ directResponse: { status: 200, body: { string: 'a'.repeat(101 * 1024) } } }), [], [at('directResponse.body')]],
      [rule({ directResponse: { status: 200, body: { bytes: Buffer.from('a'.repeat(100 * 1024 + 1)).toString('base64') } } }), [], [at('directResponse.body')]],
      [rule({ directResponse: { status: 200, body: { bytes: Buffer.from('a'.repeat(1024 * 1024 + 1)).toString('base64') } } }), [at('directResponse.body')], []],
    ]],
    ['rule structure, destinations and mirrors', [
      [rule({}), ['spec.http[0]'], []],
      [rule({ ...simple, ...redirect }), ['spec.http[0]'], []],
      [rule({ directResponse: { status: 200 }, fault: { abort: { httpStatus: 500 } }, rewrite: { uri: '/' } }), [at('fault'), at('rewrite')], []],
      [rule({ route: [dest('foo.bar', { subset: 'shiny', port: { number: 5000 } })] }), [], []],
      [rule({ route: [dest('foo.bar', { port: {} })] }), [at('route[0].destination.port.number')], []],
      [rule({ route: [dest('')] }), [at('route[0].destination.host')], []],
      [{ hosts: ['foo.bar'], tcp: [{ route: [dest('*-foo.baz'), dest('*foo.baz'), dest('*'), dest('foo.*'), dest('default/baz')] }] },
        // five destinations without a weight: "total destination weight = 0" as well
        ['spec.tcp[0].route', ...[2, 3, 4].map((i) => `spec.tcp[0].route[${i}].destination.host`)], []],
      [rule({ route: [dest('a.b'), dest('c.d')] }), [at('route')], []],
      [rule({ route: [{ ...dest('a.b'), weight: 0 }] }), [], []],
      [{ hosts: ['foo.bar'], tcp: [{ route: [{ ...dest('a.b'), weight: 101 }, { ...dest('c.d'), weight: -1 }] }] }, ['spec.tcp[0].route[1].weight'], []],
      [rule({ ...simple, mirrorPercentage: { value: 1 }, mirror: { host: 'a.b' } }), [], []],
      [rule({ ...simple, mirrorPercentage: { value: 101 } }), [at('mirrorPercentage.value')], []],
      [rule({ ...simple, mirrorPercentage: { value: -1 } }), [at('mirrorPercentage.value')], []],
      [rule({ ...simple, mirrors: [{ destination: { host: 'foo.baz' }, percentage: { value: 101 } }, { destination: { host: 'foo.*' }, percentage: { value: -1 } }] }),
        [at('mirrors[0].percentage.value'), at('mirrors[1].destination.host'), at('mirrors[1].percentage.value')], []],
      [rule({ ...simple, mirror: { host: 'foo.baz' }, mirrors: [{ destination: { host: 'foo.bar' } }] }), ['spec.http[0]'], []],
      // the deprecated mirrorPercent warns, by either name
      [rule({ ...simple, mirrorPercent: 5 }), [], [at('mirrorPercent')]],
      [rule({ ...simple, mirror_percent: 0 }), [], [at('mirror_percent')]],
      [rule({ ...simple, mirrorPercent: 101 }), [at('mirrorPercent')], []],
    ]],
    ['header manipulation of rules and destinations', [
      [rule({ route: [{ ...dest('foo.baz'), headers: { request: { add: { name: '' }, set: { name: '' }, remove: ['name'] }, response: { add: { name: '' } } } }] }), [], []],
      [rule({ route: [{ ...dest('foo.baz'), headers: { request: { set: { Host: 'x' } } } }], headers: { request: { set: { ':authority': 'foo' } } } }), [], []],
      // Go reads the map in random order: with two authority headers set it refuses one of them
      [rule({ ...simple, headers: { request: { set: { ':authority': 'foo', Host: 'x' } } } }), [at('headers.request.set.Host')], []],
      ...['request', 'response'].flatMap((side) => ['add', 'set'].map((op): Case => [
        rule({ route: [{ ...dest('foo.baz'), headers: { [side]: { [op]: { '': 'value' } } } }] }), [at(`route[0].headers.${side}.${op}[""]`)], []])),
      ...['request', 'response'].map((side): Case => [
        rule({ route: [{ ...dest('foo.baz'), headers: { [side]: { remove: [''] } } }] }), [at(`route[0].headers.${side}.remove[0]`)], []]),
      // a request may set :authority (and Host), not another pseudo-header; nothing may remove them or change them on responses
      [rule({ ...simple, headers: { request: { set: { ':path': '/' }, remove: ['host'] }, response: { set: { ':status': '200', HOST: 'x' } } } }),
        [at('headers.request.remove[0]'), at('headers.request.set[":path"]'), at('headers.response.set.HOST'), at('headers.response.set[":status"]')], []],
      ...['100%%', '%HOSTNAME%', 'hello %HOSTNAME%', 'a\tb', '%DOWNSTREAM_PEER_CERT_V_END(%b %d %H:%M:%S %Y %Z)%', '%DYNAMIC_METADATA(com.test.my_filter)%',
        '%REQ(["a", "b"])%'].map((value): Case => [rule({ route: [{ ...dest('foo.baz'), headers: { response: { set: { name: value } } } }] }), [], []]),
      ...['abcd%oijasodifj', '%START_TIME%%', 'abc%123', 'a\nb', '%REQ(["a" x])%'].map((value): Case => [
        rule({ ...simple, headers: { request: { add: { name: value } } } }), [at('headers.request.add.name')], []]),
      // the authority is rewritten in one place
      [rule({ ...simple, headers: { request: { set: { ':authority': 'foo' } } }, rewrite: { authority: 'bar' } }), [at('headers.request.set[":authority"]')], []],
      [rule({ ...simple, headers: { request: { set: { ':authority': 'foo' }, add: { host: 'bar' } } } }), [at('headers.request.add.host')], []],
    ]],
    ['match conditions', [
      ...[{ headers: { h: { prefix: 'test' }, q: { regex: 'test' } } }, { uri: { prefix: '' } }, { uri: { regex: 'te(s|x)t' } }, { withoutHeaders: { h: { regex: '*' } } },
        { queryParams: { q: { exact: '' } } }, { sourceNamespace: 'test' }, { port: 8080, sourceLabels: { app: 'a' } }].map((match): Case => [
        rule({ ...redirect, match: [match] }), [], []]),
      ...([['headers', 'h', 'prefix', ''], ['withoutHeaders', 'h', 'prefix', ''], ['withoutHeaders', 'h', 'regex', '?'], ['headers', 'h', 'regex', '['],
        ['queryParams', 'q', 'regex', ''], ['queryParams', 'q', 'regex', '(']] as const).map(([kind, name, type, value]): Case => [
        rule({ ...redirect, match: [{ [kind]: { [name]: { [type]: value } } }] }), [at(`match[0].${kind}.${name}.${type}`)], []]),
      ...([['method', 'prefix', ''], ['method', 'regex', ''], ['uri', 'regex', ''], ['uri', 'regex', '('], ['uri', 'regex', 'a'.repeat(1025)],
        ['scheme', 'regex', ''], ['scheme', 'prefix', ''], ['authority', 'regex', 'a{1001}']] as const).map(([kind, type, value]): Case => [
        rule({ ...redirect, match: [{ [kind]: { [type]: value } }] }), [at(`match[0].${kind}.${type}`)], []]),
      [rule({ ...simple, match: [{ sourceNamespace: 'Bad_NS', port: 70000, sourceLabels: { 'a b': 'x' } }] }),
        [at('match[0].port'), at('match[0].sourceLabels["a b"]'), at('match[0].sourceNamespace')], []],
      [rule({ ...simple, match: [{ gateways: ['b@d'] }] }), [at('match[0].gateways[0]')], []],
      // Go checks the names no further than the first one without a namespace
      [rule({ ...simple, match: [{ gateways: ['gw', 'Bad_NS/x'] }] }), [], []],
      [{ hosts: ['foo.bar'], tcp: [{ match: [{ destinationSubnets: ['1.2.3.4/32', '10.0.0.1', '::1/128', 'fe80::1%eth0'], port: 999 }], route: [dest('a.b')] }] }, [], []],
      [{ hosts: ['foo.bar'], tcp: [{ match: [{ destinationSubnets: ['1.2.3.4/33', 'foo', '1.2.3.4/24/1'] }], route: [dest('a.b')] }] },
        [0, 1, 2].map((i) => `spec.tcp[0].match[0].destinationSubnets[${i}]`), []],
      [{ hosts: ['foo.bar'], tls: [{ match: [{ sniHosts: ['foo.bar'], destinationSubnets: ['x'], port: 70000 }], route: [dest('a.b')] }] },
        ['spec.tls[0].match[0].destinationSubnets[0]', 'spec.tls[0].match[0].port'], []],
    ]],
    ['hosts, gateways, TLS and TCP rules', [
      [{ hosts: ['foo.bar'], http: [simple] }, [], []],
      [{ hosts: ['*.foo.bar', '*.bar'], http: [simple] }, ['spec.hosts[1]'], []],
      [{ hosts: ['foo.ba!r'], http: [simple] }, ['spec.hosts[0]'], []],
      // an IP address, with an IPv6 zone too (netip.ParseAddr)
      [{ hosts: ['10.0.0.1', 'fe80::1%eth0'], http: [simple] }, [], []],
      [{ hosts: ['foo.bar'] }, ['spec'], []],
      [{ hosts: ['foo.bar'], gateways: ['b@dgateway'], http: [simple] }, ['spec.gateways[0]'], []],
      [{ hosts: ['foo.bar'], gateways: ['gateway.example.com'], http: [simple] }, [], ['spec.gateways[0]']],
      [{ hosts: ['foo.bar'], gateways: ['gw.ns', 'Bad_NS/x'], http: [simple] }, [], ['spec.gateways[0]']],
      [{ hosts: ['foo.bar'], gateways: ['ns1/gateway'], http: [simple] }, [], []],
      [{ hosts: ['foo.bar'], gateways: ['ns1/*', '*/gateway'], http: [simple] }, ['spec.gateways[0]', 'spec.gateways[1]'], []],
      [{ hosts: ['*'], http: [simple] }, ['spec.hosts[0]'], []],
      [{ hosts: ['*'], gateways: ['mesh', 'gw'], http: [simple] }, ['spec.hosts[0]'], []],
      [{ hosts: ['*'], gateways: ['somegateway'], http: [simple] }, [], []],
      [{ hosts: ['foo.bar'], tcp: [{ match: [{ port: 999 }] }] }, ['spec.tcp[0].route'], []],
      [{ hosts: ['foo.bar'], tls: [{ match: [{ port: 999, sniHosts: ['foo.bar'] }] }] }, ['spec.tls[0].route'], []],
      [{ hosts: ['foo.bar'], tls: [{ match: [], route: [dest('a.b')] }] }, ['spec.tls[0].match'], []],
      [{ hosts: ['foo.bar'], tls: [{ match: [{ sniHosts: [] }], route: [dest('a.b')] }] }, ['spec.tls[0].match[0].sniHosts'], []],
      [{ hosts: ['foo.bar'], tls: [{ match: [{ sniHosts: ['1.1.1.1'] }], route: [dest('foo.baz')] }] }, [], ['spec.tls[0].match[0].sniHosts[0]']],
      [{ hosts: ['foo.bar'], tls: [{ match: [{ sniHosts: ['foo.*.com', 'x.bar'] }], route: [dest('foo.baz')] }] },
        ['spec.tls[0].match[0].sniHosts[0]', 'spec.tls[0].match[0].sniHosts[1]'], []],
      // on gateways (none named is none of them mesh), the SNI names of AUTO_PASSTHROUGH: outbound_.<port>_._.<host>
      [{ hosts: ['outbound_.15010_._.istiod.istio-system.svc.cluster.local'], gateways: ['ns1/gateway'],
        tls: [{ match: [{ sniHosts: ['outbound_.15010_._.istiod.istio-system.svc.cluster.local'] }], route: [dest('istiod.istio-system.svc.cluster.local')] }] }, [], []],
      [{ hosts: ['*.b'], tls: [{ match: [{ sniHosts: ['outbound_.1_._.a.b'] }], route: [dest('a.b')] }] }, [], []],
      [{ hosts: ['*.b'], gateways: ['mesh'], tls: [{ match: [{ sniHosts: ['outbound_.1_._.a.b'] }], route: [dest('a.b')] }] }, ['spec.tls[0].match[0].sniHosts[0]'], []],
      [{ hosts: ['*'], gateways: ['gw'], tls: [{ match: [{ sniHosts: ['outbound_.1_.a', 'outbound_.x_._.a', 'outbound_.1_._.9'] }], route: [dest('a.b')] }] },
        [0, 1, 2].map((i) => `spec.tls[0].match[0].sniHosts[${i}]`), []],
      [{ hosts: ['foo.bar'], exportTo: ['~'], http: [simple] }, ['spec.exportTo[0]'], []],
    ]],
    ['delegates and the VirtualServices delegating to them', [
      [{ hosts: ['foo.bar'], gateways: ['test-gateway'], http: [delegate] }, [], []],
      [{ hosts: ['foo.bar'], http: [{ ...delegate, match: [{ uri: { prefix: '/a' } }], directResponse: { status: 200 } }] }, [], []],
      // a list without items decodes as none
      [{ hosts: ['foo.bar'], http: [{ ...delegate, route: [] }] }, [], []],
      [{ hosts: ['foo.bar'], http: [{ ...delegate, ...simple, ...redirect }] }, [at('redirect'), at('route')], []],
      [{ hosts: ['foo.bar'], http: [{ ...delegate, match: [{ headers: { h: { prefix: '' } } }] }] }, [at('match[0].headers.h.prefix')], []],
      [{ http: [simple] }, [], []],
      [{ hosts: [], http: [{ match: [{ sourceNamespace: 'test' }], ...simple }] }, [], []],
      [{ hosts: [], http: [{}] }, ['spec.http[0]'], []],
      [{ hosts: [], http: [delegate] }, ['spec.http[0]', at('delegate')], []],
      [{ hosts: [], http: [{ ...delegate, ...simple }] }, [at('delegate')], []],
      [{ hosts: [], tcp: [{ route: [dest('foo.baz')] }] }, ['spec.tcp'], []],
      [{ hosts: [], gateways: ['test'], http: [simple] }, ['spec.gateways'], []],
    ]],
    ['rules and matches that never apply', [
      [{ hosts: ['foo.bar'], http: [simple, simple] }, [], ['spec.http[1]']],
      [{ hosts: ['foo.bar'], http: [simple, { ...simple, match: [{ uri: { exact: '/' } }, { uri: { exact: '/a' } }] }] }, [], ['spec.http[1]']],
      // a match repeats an earlier one whatever its name, and an absent field is a zero one
      [{ hosts: ['foo.bar'], http: [{ ...simple, match: [{ name: 'a', uri: { exact: '/' } }] }, { ...simple, match: [{ name: 'b', uri: { exact: '/' }, port: 0 }, { uri: { exact: '/x' } }] }] },
        [], ['spec.http[1].match[0]']],
      [{ hosts: ['foo.bar'], http: [{ ...simple, match: [{ uri: { exact: '/' } }] }, { ...simple, match: [{ uri: { exact: '/' } }] }] }, [], ['spec.http[1]', 'spec.http[1].match[0]']],
      [{ hosts: ['foo.bar'], http: [{ ...simple, match: [{ uri: { exact: '' } }] }, { ...simple, match: [{ uri: {} }] }, { ...simple, match: [{ uri: { prefix: '' } }] }] }, [], []],
      // an earlier URI prefix takes a longer one when the other conditions match it too (no method reads as GET)
      [{ hosts: ['foo.bar'], http: [{ ...simple, match: [{ uri: { prefix: '/api/v1/product' } }, { uri: { prefix: '/api/v1/products' }, method: { exact: 'GET' } }] }] },
        [], ['spec.http[0].match[1]']],
      [{ hosts: ['foo.bar'], http: [{ ...simple, match: [{ uri: { prefix: '/' } }, { uri: { exact: '/' }, method: { exact: 'GET' } }] }] }, [], []],
      [{ hosts: ['foo.bar'], http: [{ ...simple, match: [{ uri: { prefix: '/a' } }] }, { ...simple, match: [{ uri: { prefix: '/ab' }, headers: { x: { exact: 'y' } } }] }] }, [], []],
      // every earlier, shorter prefix that takes a later match's traffic is named, and a later, shorter one is not
      [{ hosts: ['foo.bar'], http: ['/a', '/b', '/ab', '/abc', '/a', '/bc/d', '/c'].map((prefix) => ({ ...simple, match: [{ uri: { prefix } }] })) },
        [], ['spec.http[2].match[0]', 'spec.http[3].match[0]', 'spec.http[3].match[0]', 'spec.http[4]', 'spec.http[4].match[0]', 'spec.http[5].match[0]']],
      [{ hosts: ['foo.bar'], tcp: [{ route: [dest('a.b')] }, { route: [dest('a.b')] }] }, [], ['spec.tcp[1]']],
      [{ hosts: ['foo.bar'], tls: [{ match: [{ sniHosts: ['foo.bar'] }], route: [dest('a.b')] }, { match: [{ sniHosts: ['foo.bar'] }], route: [dest('a.b')] }] },
        [], ['spec.tls[1]', 'spec.tls[1].match[0]']],
      // the webhook's warnings come only with an admitted object
      [{ hosts: ['foo.bar'], http: [simple, { ...simple, timeout: '1500us' }] }, ['spec.http[1].timeout'], []],
    ]],
  ])('%s', (_topic, cases) => expectCases(cases));

  test('messages name the value and what is allowed', () => {
    const messages = (spec: Spec) => withCode(check(vs(spec)), 'TT0020').map((f) => f.message);
    expect(messages(rule({ ...simple, retries: { attempts: 1, retryOn: '306' } }))).toEqual([expect.stringMatching(/^retryOn policy must be an HTTP status or one of 5xx.*got "306"$/)]);
    expect(messages(rule({ ...simple, match: [{ uri: { regex: '^/(?=a)' } }] }))).toEqual([
      'regex must be an RE2 regular expression, got "^/(?=a)": error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    ]);
    expect(messages(rule({ ...simple, headers: { response: { set: { name: '100%' } } } }))).toEqual(['header value ends in a lone %: write %% for a literal %, got "100%"']);
    expect(messages(rule({ ...simple, corsPolicy: { maxAge: '1500ms' } }))).toEqual(['maxAge must be a whole number of seconds, got "1500ms"']);
    expect(messages(rule({ ...simple, match: [{ headers: { '@request.auth.claims.sub': { exact: 'a' } } }] }))).toEqual([
      'routing on JWT claim "@request.auth.claims.sub" works only on gateways: bind the VirtualService to gateways, and not to mesh',
    ]);
    expect(withCode(check(vs({ hosts: ['foo.bar'], http: [{ ...simple, match: [{ uri: { prefix: '/a' } }] }, { ...simple, match: [{ uri: { prefix: '/ab' } }] }] })), 'TT0021'))
      .toEqual([expect.objectContaining({
        field: 'spec.http[1].match[0]',
        message: 'match is never used: spec.http[0].match[0] before it, with URI prefix "/a" and the same other conditions, takes its traffic',
      })]);
  });
});
