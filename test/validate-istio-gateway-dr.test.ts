import { check, obj, withCode } from './support/objects';

// cases of Istio's TestValidateGateway, TestValidateServer, TestValidateTlsOptions, TestValidateDestinationRule,
// TestValidateLoadBalancer and the agent package's TestValidateTLS and TestValidateLocalityLbSetting
// (pkg/config/validation), and what a review of the webhook's code found beyond them
type Spec = Record<string, unknown>;
type Case = [Spec, string[], string[]];

const gateway = (servers: unknown[]) => obj('networking.istio.io/v1', 'Gateway', 'foo', { spec: { servers } }, 'bar');
const server = (port: Spec, extra: Spec = {}) => ({ hosts: ['foo.bar.com'], port, ...extra });
const https = (tls: Spec) => server({ number: 443, name: 'https', protocol: 'HTTPS' }, { tls });
const rule = (spec: Spec) => obj('networking.istio.io/v1', 'DestinationRule', 'foo', { spec: { host: 'reviews', ...spec } }, 'bar');
const policy = (trafficPolicy: Spec) => ({ trafficPolicy });

/** The fields of the webhook's errors and warnings, and that the schema let the object through. */
function outcome(object: ReturnType<typeof obj>) {
  const findings = check(object);
  expect(findings.filter((f) => ['TT0001', 'TT0002', 'TT0003'].includes(f.code))).toEqual([]);
  const fields = (code: string) => withCode(findings, code).map((f) => f.field).sort();
  return { errors: fields('TT0020'), warnings: fields('TT0021') };
}

function expectCases(make: (spec: Spec) => ReturnType<typeof obj>, cases: Case[]): void {
  for (const [i, [spec, errors, warnings]] of cases.entries()) expect({ case: i, ...outcome(make(spec)) }).toEqual({ case: i, errors, warnings });
}

describe("Istio's validation webhook: Gateway", () => {
  const at = (field: string) => `spec.servers[0].${field}`;

  test.each<[string, Case[]]>([
    ['servers, hosts and ports', [
      [{ servers: [server({ name: 'name1', number: 7, protocol: 'http' })] }, [], []],
      [{ servers: [] }, ['spec.servers'], []],
      [{ servers: [server({ name: 'name1', number: 66000, protocol: 'http' })] }, [at('port.number')], []],
      [{ servers: [server({ name: 'foo', number: 80, protocol: 'http' }), { ...server({ name: 'foo', number: 8080, protocol: 'http' }), hosts: ['scooby.doo.com'] }] },
        ['spec.servers[1].port.name'], []],
      ...['1.1.1.1', 'ns1/foo.bar.com', '*/foo.bar.com', './foo.bar.com'].map((host): Case => [
        { servers: [{ ...server({ number: 7, name: 'http', protocol: 'http' }), hosts: [host] }] }, [], []]),
      ...['~/foo.bar.com', 'ns1/foo.*.bar.com', 'foo.*.bar.com', 'foo', '*bar.com'].map((host): Case => [
        { servers: [{ ...server({ number: 7, name: 'http', protocol: 'http' }), hosts: [host] }] }, [at('hosts[0]')], []]),
      [{ servers: [server({ number: 1, name: 'Henry', protocol: 'kafka' })] }, [at('port.protocol')], []],
      // an IP host may carry an IPv6 zone (netip.ParseAddr); a top-level domain too big for an int64 is no number (strconv.Atoi)
      [{ servers: [{ ...server({ number: 80, name: 'http', protocol: 'HTTP' }), hosts: ['::ffff:1.2.3.4%eth0', 'foo.99999999999999999999'] }] }, [], []],
      [{ servers: [{ ...server({ number: 80, name: 'http', protocol: 'HTTP' }), hosts: ['foo.9223372036854775807'] }] }, [at('hosts[0]')], []],
    ]],
    ['binds', [
      [{ servers: [server({ number: 7, name: 'http', protocol: 'http' }, { bind: '127.0.0.1' })] }, [], []],
      [{ servers: [server({ number: 0, name: 'http', protocol: 'http' }, { bind: 'unix://@foobar' })] }, [], []],
      [{ servers: [server({ number: 7, name: 'http', protocol: 'http' }, { bind: 'unix://@foobar' })] }, [at('port.number')], []],
      [{ servers: [server({ number: 0, name: 'http', protocol: 'http' }, { bind: 'foo.bar' })] }, [at('bind'), at('port.number')], []],
      [{ servers: [server({ number: 0, name: 'http', protocol: 'http' }, { bind: 'uds:///tmp' })] }, [at('bind'), at('port.number')], []],
      // netip.ParseAddr takes an IPv6 zone
      [{ servers: [server({ number: 8080, name: 'http', protocol: 'http' }, { bind: 'fe80::1%eth0' })] }, [], []],
    ]],
    ['TLS settings against the protocol', [
      [{ servers: [https({ mode: 'SIMPLE', credentialName: 'cert' })] }, [], []],
      [{ servers: [server({ number: 10000, name: 'https', protocol: 'https' })] }, [at('tls')], []],
      [{ servers: [server({ number: 10000, name: 'http', protocol: 'http' }, { tls: { mode: 'SIMPLE' } })] },
        [at('tls'), at('tls.privateKey'), at('tls.serverCertificate')], []],
      [{ servers: [server({ number: 80, name: 'http', protocol: 'http' }, { tls: { httpsRedirect: true } })] }, [], []],
      [{ servers: [server({ number: 80, name: 'https', protocol: 'https' }, { tls: { httpsRedirect: true } })] }, [], [at('tls.httpsRedirect')]],
      // ValidateGateway warns for a protocol it does not know too
      // Go warns about the redirect too, but the webhook returns no warning with a refusal
      [{ servers: [server({ number: 80, name: 'kafka', protocol: 'kafka' }, { tls: { httpsRedirect: true } })] }, [at('port.protocol')], []],
      // the protocol is checked against the TLS settings only when the port is valid
      [{ servers: [server({ number: 0, name: 'https', protocol: 'HTTPS' })] }, [at('port.number')], []],
      [{ servers: [server({ number: 443, name: 'https', protocol: 'HTTPS', targetPort: 8443 })] }, [at('port.targetPort')], []],
      [{ servers: [server({ number: 80, name: '', protocol: 'HTTP' }, { tls: { mode: 'SIMPLE', credentialName: 'cert' } })] }, [at('port.name')], []],
      [{ servers: [server({ number: 80, name: 'tcp', protocol: 'TCP' }, { tls: { mode: 'SIMPLE', credentialName: 'cert' } })] }, [at('tls')], []],
    ]],
  ])('%s', (_topic, cases) => expectCases((spec) => gateway(spec.servers as unknown[]), cases));

  test('server TLS settings (validateTLSOptions)', () => {
    const cases: [string, Spec, string[], string[]][] = [
      ['simple', { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k' }, [], []],
      ['simple with a credential and a key pair', { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', credentialName: 'sds' }, ['tls'], []],
      ['simple without a certificate', { mode: 'SIMPLE', privateKey: '/k' }, ['tls.serverCertificate'], []],
      ['simple with a key pair and tlsCertificates', { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', tlsCertificates: [{ serverCertificate: '/c', privateKey: '/k' }] },
        ['tls'], []],
      ['simple, a tlsCertificate without key', { mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/c' }, { serverCertificate: '/c2', privateKey: '/k2' }] },
        ['tls.tlsCertificates[0].privateKey'], []],
      ['mutual', { mode: 'MUTUAL', serverCertificate: '/c', privateKey: '/k', caCertificates: '/ca' }, [], []],
      ['mutual without client CA', { mode: 'MUTUAL', serverCertificate: '/c', privateKey: '/k' }, ['tls.caCertificates'], []],
      ['mutual with credentialNames', { mode: 'MUTUAL', credentialNames: ['c1', 'c2'] }, [], []],
      ['optional mutual without anything', { mode: 'OPTIONAL_MUTUAL' }, ['tls.caCertificates', 'tls.privateKey', 'tls.serverCertificate'], []],
      ['pass-through with a credential', { mode: 'PASSTHROUGH', credentialName: 'sds' }, [], ['tls']],
      ['istio mutual with a key', { mode: 'ISTIO_MUTUAL', privateKey: '/k' }, ['tls.privateKey'], []],
      ['a CRL with SIMPLE', { mode: 'SIMPLE', caCrl: 'crl' }, ['tls.caCrl', 'tls.privateKey', 'tls.serverCertificate'], []],
      ['a CRL with a credential', { mode: 'SIMPLE', caCrl: 'crl', credentialName: 'c' }, [], []],
      ['cipher suites: unknown, repeated, operators', { mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['not-a-cipher-suite', '-ECDHE-ECDSA-AES128-SHA'] },
        [], ['tls.cipherSuites']],
      // Go reads the first byte of a suite as a Latin-1 rune: Ã (é's first byte) is a letter, so "écdhe" must be a known
      // suite; × (the first byte of U+05C0..U+05FF) is none, so that suite passes as an operator expression
      ['a suite starting with a non-ASCII letter', { mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['écdhe-rsa'] }, [], ['tls.cipherSuites']],
      ['a suite starting with U+05D0', { mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['\u05d0-rsa'] }, [], []],
    ];
    for (const [name, tls, errors, warnings] of cases) {
      expect({ name, ...outcome(gateway([https(tls)])) }).toEqual({ name, errors: errors.map(at), warnings: warnings.map(at) });
    }
  });
});

describe("Istio's validation webhook: DestinationRule", () => {
  const tp = (field: string) => `spec.trafficPolicy.${field}`;

  test.each<[string, Case[]]>([
    ['hosts, subsets and empty traffic policies', [
      [{ subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }, [], []],
      [{ host: '' }, ['spec.host'], []],
      [{ subsets: [{ name: '' }, { name: 'v2' }] }, ['spec.subsets[0].name'], []],
      [{ subsets: [{ name: 'foo' }, { name: 'foo' }] }, ['spec.subsets[1].name'], []],
      [{ workloadSelector: {} }, [], ['spec.workloadSelector']],
      [policy({ connectionPool: {}, outlierDetection: { minHealthPercent: 20 } }), [tp('connectionPool')], []],
      [{ subsets: [{ name: 'v1', trafficPolicy: { connectionPool: {} } }] }, ['spec.subsets[0].trafficPolicy.connectionPool'], []],
      // jsonpb decodes a list without items as no list: the policy is empty
      [policy({ portLevelSettings: [] }), ['spec.trafficPolicy'], []],
      [policy({ portLevelSettings: [{ loadBalancer: { simple: 'ROUND_ROBIN' } }] }), [tp('portLevelSettings[0].port')], []],
      [policy({ outlierDetection: { consecutiveErrors: 101 } }), [], [tp('outlierDetection.consecutiveErrors')]],
      [policy({ outlierDetection: { consecutiveLocalOriginFailures: 10 } }), [tp('outlierDetection.consecutiveLocalOriginFailures')], []],
    ]],
    ['client TLS (agent.ValidateTLS)', [
      [policy({ tls: { mode: 'SIMPLE', caCertificates: 'ca', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: false } }), [], []],
      [policy({ tls: { mode: 'SIMPLE', credentialName: 'test', insecureSkipVerify: true } }), [tp('tls.insecureSkipVerify')], []],
      [policy({ tls: { mode: 'SIMPLE', caCertificates: 'test', insecureSkipVerify: true } }), [tp('tls.insecureSkipVerify')], []],
      [policy({ tls: { mode: 'SIMPLE', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: true } }), [tp('tls.insecureSkipVerify')], []],
      // no SAN as jsonpb reads it
      [policy({ tls: { mode: 'SIMPLE', subjectAltNames: [], insecureSkipVerify: true } }), [], []],
      [policy({ tls: { mode: 'MUTUAL', caCertificates: 'test', privateKey: 'key', clientCertificate: 'cert', insecureSkipVerify: true } }),
        [tp('tls.insecureSkipVerify')], []],
      [policy({ tls: { mode: 'MUTUAL', credentialName: 'test', insecureSkipVerify: true } }), [], []],
      [policy({ tls: { mode: 'MUTUAL', privateKey: 'key', clientCertificate: 'cert', insecureSkipVerify: true } }), [], []],
      [policy({ tls: { mode: 'MUTUAL', privateKey: 'key', clientCertificate: 'cert', subjectAltNames: ['a'], insecureSkipVerify: true } }),
        [tp('tls.insecureSkipVerify')], []],
      ...['clientCertificate', 'privateKey', 'caCertificates', 'caCrl'].flatMap((file): Case[] => ['SIMPLE', 'MUTUAL'].map((mode): Case => [
        policy({ tls: { mode, credentialName: 'credential', [file]: 'x' } }), [tp('tls')], []])),
      [policy({ tls: { mode: 'MUTUAL', clientCertificate: 'cert' } }), [tp('tls.privateKey')], []],
      [policy({ tls: { mode: 'MUTUAL', privateKey: 'key' } }), [tp('tls.clientCertificate')], []],
      [policy({ tls: { mode: 'SIMPLE', credentialName: 'configmap://bar/ca' } }), [], []],
      [policy({ tls: { mode: 'SIMPLE', credentialName: 'configmap://other/ca' } }), [tp('tls.credentialName')], []],
      [policy({ tls: { mode: 'SIMPLE', credentialName: 'configmap://ca' } }), [tp('tls.credentialName')], []],
      [policy({ portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'MUTUAL' } }] }),
        [tp('portLevelSettings[0].tls.clientCertificate'), tp('portLevelSettings[0].tls.privateKey')], []],
    ]],
    ['load balancers', [
      [policy({ loadBalancer: { consistentHash: { httpCookie: { name: 'test', ttl: '3600s' } } } }), [], []],
      [policy({ loadBalancer: { consistentHash: { minimumRingSize: 1024, httpCookie: { name: 'test', ttl: '1h' } } } }), [], [tp('loadBalancer.consistentHash.minimumRingSize')]],
      [policy({ loadBalancer: { consistentHash: { minimumRingSize: 1024, useSourceIp: true, ringHash: { minimumRingSize: 1024 } } } }),
        // (and the deprecation warning, which the webhook does not return with a refusal)
        [tp('loadBalancer.consistentHash.minimumRingSize')], []],
      [policy({ loadBalancer: { consistentHash: { httpCookie: { name: 'test', ttl: '1d' } } } }), [tp('loadBalancer.consistentHash.httpCookie.ttl')], []],
      [policy({ loadBalancer: { consistentHash: { httpCookie: { name: 'c', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure', value: 'true' }] } } } }),
        [], []],
      [policy({ loadBalancer: { consistentHash: { httpCookie: { name: 'c', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'SameSite', value: 'Lax' }] } } } }),
        [tp('loadBalancer.consistentHash.httpCookie.attributes[1].name')], []],
      [policy({ loadBalancer: { consistentHash: { httpCookie: { name: 'c', attributes: [{ name: '', value: 'x' }, { name: 'Secure' }] } } } }),
        [tp('loadBalancer.consistentHash.httpCookie.attributes[0].name')], []],
      // Envoy's primality test, which Istio copies, takes 1, 2 and 3 as primes
      ...[1, 2, 3, 65537, 4999999].map((tableSize): Case => [
        policy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize } } } }), [], []]),
      ...[0, 4, 1000, 4999997, 5000011].map((tableSize): Case => [
        policy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize } } } }), [tp('loadBalancer.consistentHash.maglev.tableSize')], []]),
      [policy({ loadBalancer: { simple: 'LEAST_REQUEST', warmup: { duration: '30s', aggression: 0.5 } } }), [tp('loadBalancer.warmup.aggression')], []],
    ]],
    ['locality load balancing (agent.ValidateLocalityLbSetting)', [
      ...[{ 'a/b/c': 80, 'a/b1': 25 }, { 'a/b/c': 80, 'a/b1': 15 }].map((to): Case => [
        policy({ outlierDetection: {}, loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/b/c', to }] } } }), [tp('loadBalancer.localityLbSetting.distribute[0].to')], []]),
      [policy({ outlierDetection: {}, loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 0, 'a/b1': 100 } }] } } }),
        [tp('loadBalancer.localityLbSetting.distribute[0].to["a/b/c"]')], []],
      [policy({ outlierDetection: {}, loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 20 } }], failover: [{ from: 'r1', to: 'r2' }] } } }),
        [tp('loadBalancer.localityLbSetting')], []],
      ...[['region1', 'region1'], ['*', 'region2'], ['region1', '*'], ['region1/zone1', 'region2'], ['region1', 'region2/zone1']].map(([from, to]): Case => [
        policy({ outlierDetection: {}, loadBalancer: { localityLbSetting: { failover: [{ from, to }] } } }), [tp('loadBalancer.localityLbSetting.failover[0]')], []]),
      [policy({ loadBalancer: { localityLbSetting: { failoverPriority: ['topology.istio.io/network', 'topology.kubernetes.io/region'] } } }),
        [], [tp('loadBalancer.localityLbSetting')]],
      [policy({ loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }, { from: 'us-west', to: 'eu-east' }] } } }),
        [], [tp('loadBalancer.localityLbSetting')]],
      [policy({ outlierDetection: {}, loadBalancer: { localityLbSetting: { failover: [{ from: 'r1', to: 'r2' }], failoverPriority: ['topology.kubernetes.io/region'] } } }),
        [tp('loadBalancer.localityLbSetting.failoverPriority[0]')], []],
      // the outlierDetection beside a port-level load balancer is that port's
      [policy({ portLevelSettings: [{ port: { number: 80 }, outlierDetection: {}, loadBalancer: { localityLbSetting: { failover: [{ from: 'r1', to: 'r2' }] } } }] }), [], []],
      [policy({ outlierDetection: {}, portLevelSettings: [{ port: { number: 80 }, loadBalancer: { localityLbSetting: { failover: [{ from: 'r1', to: 'r2' }] } } }] }),
        [], [tp('portLevelSettings[0].loadBalancer.localityLbSetting')]],
    ]],
    ['localities (validateLocalities)', [
      ...[['*/zone/*'], ['*/zone'], ['*', 'a/b/c'], ['a', 'a/b/c'], ['a/*', 'a/b/c'], ['a/b', 'a/b/c'], ['a/b/*', 'a/b/c'], ['a//c']].map((froms): Case => [
        policy({ loadBalancer: { localityLbSetting: { distribute: froms.map((from) => ({ from, to: { x: 100 } })) } } }), [tp('loadBalancer.localityLbSetting.distribute')], []]),
      // the from list is taken in order: "a/b" after "a/*" overlaps it, "a/*" after "a/b" does not
      ...[[['a1/*', 'a2/*', 'a3/b3/c3', 'a4/b4', 'a5/b5/*'], []], [['a/b', 'a/*'], []], [['a/*', 'a/b'], [tp('loadBalancer.localityLbSetting.distribute')]]]
        .map(([froms, errors]): Case => [
          policy({ loadBalancer: { localityLbSetting: { distribute: froms.map((from) => ({ from, to: { x: 100 } })) } } }), errors, []]),
      // a to map is read in random order: the webhook may refuse such a pair, whatever order the manifest gives
      [policy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'x', to: { 'us/east': 50, 'us/*': 50 } }] } } }), [tp('loadBalancer.localityLbSetting.distribute[0].to')], []],
      [policy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } },
        { from: 'us-west/zone2/*', to: { 'us-west/zone1/*': 20, 'us-west/zone2/*': 80 } }] } } }), [], []],
    ]],
    ['tunnels, connection pools and exportTo with a workload selector', [
      [policy({ tunnel: { targetHost: 'fe80::1%eth0', targetPort: 8080 } }), [], []],
      [policy({ tunnel: { protocol: 'GET', targetHost: 'foo_bar', targetPort: 0 } }), [tp('tunnel.protocol'), tp('tunnel.targetHost'), tp('tunnel.targetPort')], []],
      // no CEL rule reads a tcp idleTimeout, and the webhook cannot decode one that is no duration
      [policy({ connectionPool: { tcp: { idleTimeout: '1d' } } }), [tp('connectionPool.tcp.idleTimeout')], []],
      [{ workloadSelector: { matchLabels: { app: 'web' } }, exportTo: ['.'] }, [], []],
      [{ workloadSelector: { matchLabels: { app: 'web' } }, exportTo: ['*'] }, ['spec.exportTo'], []],
      [{ workloadSelector: { matchLabels: { app: 'web' } }, exportTo: ['.', 'other'] }, ['spec.exportTo'], []],
      // an entry that is refused is not counted as a namespace the rule is exported to
      [{ workloadSelector: { matchLabels: { app: 'web' } }, exportTo: ['Bad_NS'] }, ['spec.exportTo[0]'], []],
      [{ workloadSelector: { matchLabels: { app: 'web' } }, exportTo: ['bar', 'Bad_NS'] }, ['spec.exportTo[1]'], []],
    ]],
  ])('%s', (_topic, cases) => expectCases(rule, cases));

  test('explains refused client TLS settings, cookie attributes and localities', () => {
    const messages = (spec: Spec) => withCode(check(rule(spec)), 'TT0020').map((f) => f.message);
    expect(messages(policy({ tls: { mode: 'MUTUAL', credentialName: 'c', clientCertificate: '/c', caCrl: '/crl' } }))).toEqual([
      'with credentialName, the certificates come from the credential: remove clientCertificate, caCrl',
    ]);
    expect(messages(policy({ tls: { mode: 'SIMPLE', credentialName: 'configmap://other/ca' } }))).toEqual([
      'a configmap:// credentialName must name a ConfigMap of the DestinationRule\'s own namespace "bar", got "configmap://other/ca"',
    ]);
    expect(messages(policy({ loadBalancer: { consistentHash: { httpCookie: { name: 'c', attributes: [{ name: 'Path' }, { name: 'Path' }] } } } }))).toEqual([
      'cookie attribute "Path" is already set by spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[0]',
    ]);
    expect(messages(policy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/*', to: { x: 100 } }, { from: 'a/b', to: { x: 100 } }] } } }))).toEqual([
      'the from localities: locality "a/b" overlaps "a/*"',
    ]);
  });
});
