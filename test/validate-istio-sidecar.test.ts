import { check, obj, withCode } from './support/objects';

// the cases of Istio's TestValidateSidecar (pkg/config/validation/validation_test.go), and a few more
const sidecar = (spec: Record<string, unknown>) => obj('networking.istio.io/v1', 'Sidecar', 'foo', { spec }, 'bar');
const port = (protocol: string, number: number, name?: string) => ({ protocol, number, ...(name ? { name } : {}) });
const all = [{ hosts: ['*/*'] }];
const inbound = (extra: Record<string, unknown>, p: unknown = port('http', 90, 'foo')) => ({ ingress: [{ port: p, ...extra }] });
const pool = { http: { http1MaxPendingRequests: 1024, http2MaxRequests: 1024, maxRequestsPerConnection: 1024, maxRetries: 1024 } };
const simple = (tls: Record<string, unknown>) => inbound({ defaultEndpoint: '127.0.0.1:9999', tls: { mode: 'SIMPLE', ...tls } }, port('tcp', 90, 'foo'));

/** The fields of the webhook's errors and warnings, and that the schema let the object through. */
function outcome(spec: Record<string, unknown>) {
  const findings = check(sidecar(spec));
  expect(findings.filter((f) => ['TT0001', 'TT0002', 'TT0003'].includes(f.code))).toEqual([]);
  const fields = (code: string) => withCode(findings, code).map((f) => f.field).sort();
  return { errors: fields('TT0020'), warnings: fields('TT0021') };
}

describe("Istio's validation webhook: Sidecar", () => {
  // by topic, each mixing valid and invalid cases: [spec, the fields of its errors, the fields of its warnings]
  test.each<[string, [Record<string, unknown>, string[], string[]][]]>([
    ['an empty configuration is refused', [
      [{}, ['spec'], []],
      [{ egress: all }, [], []],
      [{ outboundTrafficPolicy: { mode: 'ALLOW_ANY' } }, [], []],
      [{ inboundConnectionPool: pool }, [], []],
    ]],
    ['a workload selector without labels warns', [
      [{ egress: all, workloadSelector: {} }, [], ['spec.workloadSelector']],
      [{ egress: all, workloadSelector: { labels: { app: 'web' } } }, [], []],
    ]],
    ['egress hosts are namespace/host, with a fully qualified host or a wildcard', [
      [{ egress: [{ hosts: ['./*'] }] }, [], []],
      [{ egress: [{ hosts: ['./foo.com'] }] }, [], []],
      [{ egress: [{ hosts: ['~/*'] }] }, [], []],
      [{ egress: [{ hosts: ['*/b.com', 'test/a.com'] }] }, [], []],
      [{ egress: [{ hosts: ['*'] }] }, ['spec.egress[0].hosts[0]'], []],
      [{ egress: [{ hosts: ['/'] }] }, ['spec.egress[0].hosts[0]'], []],
      [{ egress: [{ hosts: [] }] }, ['spec.egress[0].hosts'], []],
      [{ egress: [{ hosts: ['test/*a.com'] }] }, ['spec.egress[0].hosts[0]'], []],
    ]],
    ['overlapping egress hosts of a listener warn', [
      [{ egress: [{ hosts: ['*/*', 'test/a.com'] }] }, [], ['spec.egress[0].hosts']],
      [{ egress: [{ hosts: ['test/*', 'test/a.com'] }] }, [], ['spec.egress[0].hosts[1]']],
      [{ egress: [{ hosts: ['test/a.com', 'test/b.com', 'test/a.com'] }] }, [], ['spec.egress[0].hosts[2]']],
      // . is the Sidecar's own namespace, bar
      [{ egress: [{ hosts: ['./*', 'bar/a.com'] }] }, [], ['spec.egress[0].hosts[1]']],
      [{ egress: [{ hosts: ['./*'] }, { port: port('http', 80), hosts: ['./*'] }] }, ['spec.egress[0]'], []],
    ]],
    ['the egress listener without a port comes last', [
      [{ egress: [{ hosts: ['*/foo.com'] }, { hosts: ['ns1/bar.com'] }] }, ['spec.egress[0]'], []],
      [{ egress: [{ hosts: ['*/foo.com'] }, { port: port('http', 8080, 'h8080'), hosts: ['ns1/bar.com'] }] }, ['spec.egress[0]'], []],
      [{ egress: [{ port: port('http', 8080, 'h8080'), hosts: ['ns1/bar.com'] }, { hosts: ['*/foo.com'] }] }, [], []],
    ]],
    ['egress ports, unix sockets and capture modes', [
      [{ egress: [{ port: port('http1', 1000000), hosts: ['ns1/bar.com'] }] }, ['spec.egress[0].port.number', 'spec.egress[0].port.protocol'], []],
      [{ egress: [{ port: port('http', 8080), hosts: ['ns1/bar.com'] }] }, [], []],
      [{ egress: [{ port: port('http', 0, 'uds'), hosts: ['ns1/bar.com'], bind: 'unix:///@foo/bar/com' }] }, [], []],
      [{ egress: [{ port: port('http', 0, 'uds'), hosts: ['ns1/bar.com'], bind: 'unix:///foo/bar/com' }] }, [], []],
      [{ egress: [{ port: port('http', 0, 'uds'), hosts: ['ns1/bar.com'], bind: 'foobar:///@foo/bar/com' }] }, ['spec.egress[0].bind'], []],
      [{ egress: [{ port: port('http', 0, 'uds'), hosts: ['ns1/bar.com'], bind: 'unix:///@foo/bar/com', captureMode: 'IPTABLES' }] },
        ['spec.egress[0].captureMode'], []],
      [{ egress: [0, 1].map(() => ({ port: port('http', 0, 'uds'), hosts: ['ns1/bar.com'], bind: 'unix:///@foo/bar/com' })) }, ['spec.egress[1].bind'], []],
      [{ egress: [{ port: port('http', 90, 'foo'), hosts: ['ns1/bar.com'] }, { port: port('tcp', 90, 'tcp'), hosts: ['ns2/bar.com'] }] },
        ['spec.egress[1].port.number'], []],
    ]],
    ['ingress ports', [
      [inbound({ bind: 'unix:///@foo/bar/com', defaultEndpoint: '127.0.0.1:9999' }, port('http', 0, 'uds')), ['spec.ingress[0].bind', 'spec.ingress[0].port.number'], []],
      ...['127.0.0.1:110', '[::1]:110'].map((defaultEndpoint): [Record<string, unknown>, string[], string[]] => [
        { ingress: [{ port: port('http', 90, 'foo'), defaultEndpoint }, { port: port('tcp', 90, 'bar'), defaultEndpoint }], egress: all },
        ['spec.ingress[1].port.number'], []]),
      [{ ...inbound({}), egress: all }, [], []],
    ]],
    ['an ingress defaultEndpoint is a loopback or unspecified address with a port, or a unix socket', [
      ...['1.1.1.1:90', '[1:1:1:1:1:1:1:1]:90', 'unix:///', '127.0.0.1:hi', '[::1]:hi', '127.0.0.1', '[::1]:80:90', '127.0.0.1:0']
        .map((defaultEndpoint): [Record<string, unknown>, string[], string[]] => [
          { ...inbound({ defaultEndpoint }), egress: all }, ['spec.ingress[0].defaultEndpoint'], []]),
      ...['127.0.0.1:9999', '[::1]:9999', '0.0.0.0:80', '[::]:80', ':80', 'unix:///var/run/app.sock', 'unix://@app']
        .flatMap((defaultEndpoint): [Record<string, unknown>, string[], string[]][] => [
          [{ ...inbound({ defaultEndpoint }), egress: all }, [], []],
          [inbound({ defaultEndpoint }), [], []],
          [{ ingress: [{ port: { number: 90, name: 'foo' }, defaultEndpoint }], egress: all }, [], []],
        ]),
    ]],
    ['an egress proxy needs mode ALLOW_ANY, a fully qualified host and a port', [
      [{ outboundTrafficPolicy: { mode: 'ALLOW_ANY' }, egress: all }, [], []],
      [{ outboundTrafficPolicy: { egressProxy: { host: 'foo.bar', subset: 'shiny', port: { number: 5000 } } }, egress: all },
        ['spec.outboundTrafficPolicy.egressProxy'], []],
      [{ outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'foo.bar', subset: 'shiny', port: { number: 5000 } } }, egress: all }, [], []],
      [{ outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'foobar*123', subset: 'shiny', port: { number: 5000 } } }, egress: all },
        ['spec.outboundTrafficPolicy.egressProxy.host'], []],
      [{ outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'foo.bar', subset: 'shiny' } }, egress: all },
        ['spec.outboundTrafficPolicy.egressProxy.port'], []],
      [{ outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'foo.bar', subset: 'Shiny_1', port: {} } } },
        ['spec.outboundTrafficPolicy.egressProxy.port.number', 'spec.outboundTrafficPolicy.egressProxy.subset'], []],
    ]],
    ['ingress TLS: a TLS port, no mesh modes, no SANs, redirects or credentials', [
      ...['127.0.0.1:9999', '[::1]:9999'].flatMap((defaultEndpoint): [Record<string, unknown>, string[], string[]][] => [
        ...['ISTIO_MUTUAL', 'AUTO_PASSTHROUGH'].map((mode): [Record<string, unknown>, string[], string[]] => [
          inbound({ defaultEndpoint, tls: { mode } }), ['spec.ingress[0].tls', 'spec.ingress[0].tls.mode'], []]),
        [inbound({ defaultEndpoint, tls: { mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' } }, port('tcp', 90, 'foo')),
          ['spec.ingress[0].tls'], []],
        [inbound({ defaultEndpoint, tls: { mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' } }, port('https', 90, 'foo')), [], []],
      ]),
      [simple({ httpsRedirect: true }),
        ['spec.ingress[0].tls', 'spec.ingress[0].tls.httpsRedirect', 'spec.ingress[0].tls.privateKey', 'spec.ingress[0].tls.serverCertificate'], []],
      [simple({ subjectAltNames: ['httpbin.com'] }),
        ['spec.ingress[0].tls', 'spec.ingress[0].tls.privateKey', 'spec.ingress[0].tls.serverCertificate', 'spec.ingress[0].tls.subjectAltNames'], []],
      [simple({ credentialName: 'secret-name' }), ['spec.ingress[0].tls', 'spec.ingress[0].tls.credentialName'], []],
      [simple({ credentialNames: ['secret-name'] }), ['spec.ingress[0].tls', 'spec.ingress[0].tls.credentialNames'], []],
      [simple({ tlsCertificates: [{ serverCertificate: '/tls.crt', privateKey: '/tls.key' }, { serverCertificate: '/tls2.crt', privateKey: '/tls2.key' }] }),
        ['spec.ingress[0].tls', 'spec.ingress[0].tls.tlsCertificates'], []],
    ]],
    ['connection pools are not empty; http settings on a port that is not HTTP warn', [
      [{ ...inbound({ connectionPool: pool }), inboundConnectionPool: pool }, [], []],
      [inbound({ connectionPool: pool }), [], []],
      [inbound({ connectionPool: pool }, port('tcp', 90, 'foo')), [], ['spec.ingress[0].connectionPool.http']],
      [inbound({ connectionPool: pool }, { number: 90 }), [], ['spec.ingress[0].connectionPool.http']],
      [inbound({ connectionPool: { tcp: { maxConnections: 5 } } }, port('tcp', 90, 'foo')), [], []],
      [{ inboundConnectionPool: {} }, ['spec.inboundConnectionPool'], []],
      [inbound({ connectionPool: {} }, port('tcp', 90, 'foo')), ['spec.ingress[0].connectionPool'], []],
    ]],
  ])('%s', (_topic, cases) => {
    for (const [i, [spec, errors, warnings]] of cases.entries()) expect({ case: i, ...outcome(spec) }).toEqual({ case: i, errors, warnings });
  });

  test('explains what is wrong with an egress host, and where', () => {
    const findings = check(sidecar({ egress: [{ hosts: ['foo.com', 'Bad_NS/web', '/x.com', 'ns/1.2.3.4', 'ns/a*.com', '~/*.example.com'] }] }));
    expect(withCode(findings, 'TT0020').map((f) => [f.field, f.message]).sort()).toEqual([
      ['spec.egress[0].hosts[0]', 'an egress host must be <namespace>/<host> (namespace *, ., ~ or a name)'],
      ['spec.egress[0].hosts[1]', 'short host names are not allowed: use a fully qualified name or *, got "web"'],
      ['spec.egress[0].hosts[1]', 'the namespace of an egress host must be *, ., ~ or a DNS-1123 label, got "Bad_NS"'],
      ['spec.egress[0].hosts[2]', 'namespace and host of an egress host must both be set'],
      ['spec.egress[0].hosts[3]', 'host has a top-level domain of digits only ("4"), got "1.2.3.4"'],
      ['spec.egress[0].hosts[4]', 'host label "a*" is no DNS-1123 label or wildcard (*, *.example.com, *-suffix), got "a*.com"'],
      ['spec.egress[0].hosts[4]', 'partial wildcards are not allowed: use * or *.<domain>, got "a*.com"'],
    ]);
  });

  test('a refused selector label stops the checks; an empty configuration drops the selector warning', () => {
    const findings = check(sidecar({ workloadSelector: { labels: { 'app*': 'web' } }, egress: [{ hosts: ['bad'] }] }));
    expect(withCode(findings, 'TT0020').map((f) => f.field)).toEqual(['spec.workloadSelector.labels["app*"]']);
    expect(outcome({ workloadSelector: {} })).toEqual({ errors: ['spec'], warnings: [] });
    expect(outcome({ workloadSelector: { labels: { app: 'web' } }, egress: all })).toEqual({ errors: [], warnings: [] });
  });

  test('checks ingress ports, binds and targetPorts, and egress binds on IP ports', () => {
    expect(outcome({
      ingress: [{ port: { number: 8080, name: 'Web_1', protocol: 'HTTP', targetPort: 9090 }, bind: '10.0.0.300' }, { port: { number: 8081 }, bind: 'fe80::1%eth0' }],
      egress: [{ port: { number: 80, targetPort: 8 }, bind: 'unix:///tmp/s', hosts: ['*/*'] }],
    })).toEqual({
      errors: ['spec.egress[0].bind', 'spec.egress[0].port.targetPort', 'spec.ingress[0].bind', 'spec.ingress[0].port.name', 'spec.ingress[0].port.targetPort'],
      warnings: [],
    });
    expect(withCode(check(sidecar({ ingress: [{ port: { number: 70000 } }] })), 'TT0020')).toEqual([
      expect.objectContaining({ field: 'spec.ingress[0].port.number', message: 'port number must be between 1 and 65535, got 70000', severity: 'error' }),
    ]);
    expect(outcome({ egress: [{ port: { number: 0, protocol: 'TCP' }, bind: 'unix://', captureMode: 'NONE', hosts: ['*/*'] }] }))
      .toEqual({ errors: ['spec.egress[0].bind'], warnings: [] });
    // an ingress listener without a port is the CRD schema's to refuse
    const portless = check(sidecar({ ingress: [{ defaultEndpoint: '127.0.0.1:110' }], egress: all }));
    expect(portless.filter((f) => ['TT0001', 'TT0002', 'TT0003'].includes(f.code))).not.toEqual([]);
    expect(withCode(portless, 'TT0020')).toEqual([]);
  });

  test('checks connection pools as DestinationRules do', () => {
    expect(outcome({
      inboundConnectionPool: {
        http: { maxRetries: -1, h2UpgradePolicy: 'UPGRADE', useClientProtocol: true, idleTimeout: '1.5ms' },
        tcp: { maxConnections: -2, idleTimeout: '500us', connectTimeout: '10ms', tcpKeepalive: { time: '2001us' } },
      },
      ingress: [{ port: port('http', 80), connectionPool: { tcp: { idleTimeout: '-5ms' } } }, { port: port('http', 81), connectionPool: { tcp: { idleTimeout: '2.5ms' } } }],
    })).toEqual({
      errors: [
        'spec.inboundConnectionPool.http.idleTimeout', 'spec.inboundConnectionPool.http.maxRetries', 'spec.inboundConnectionPool.http.useClientProtocol',
        'spec.inboundConnectionPool.tcp.maxConnections', 'spec.inboundConnectionPool.tcp.tcpKeepalive.time',
        'spec.ingress[0].connectionPool.tcp.idleTimeout', 'spec.ingress[1].connectionPool.tcp.idleTimeout',
      ],
      warnings: [],
    });
  });

  test('a tcp idleTimeout that is no duration is refused, as no CEL rule reads it and the webhook cannot decode it', () => {
    expect(outcome({ inboundConnectionPool: { tcp: { idleTimeout: '1d' } }, ingress: [{ port: port('tcp', 90), connectionPool: { tcp: { idleTimeout: '' } } }] }))
      .toEqual({ errors: ['spec.inboundConnectionPool.tcp.idleTimeout', 'spec.ingress[0].connectionPool.tcp.idleTimeout'], warnings: [] });
    expect(outcome({ inboundConnectionPool: { tcp: { idleTimeout: '1h30m' } } })).toEqual({ errors: [], warnings: [] });
  });

  test('checks ingress TLS as a server TLS block', () => {
    const tls = (settings: Record<string, unknown>) => outcome(inbound({ tls: settings }, port('HTTPS', 443, 'https')));
    expect(tls({ mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k' })).toEqual({ errors: [], warnings: [] });
    expect(tls({ mode: 'MUTUAL', serverCertificate: '/c', privateKey: '/k', caCrl: '/crl' })).toEqual({ errors: ['spec.ingress[0].tls.caCertificates'], warnings: [] });
    expect(tls({ mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', caCrl: '/crl' })).toEqual({ errors: ['spec.ingress[0].tls.caCrl'], warnings: [] });
    expect(tls({ mode: 'PASSTHROUGH', caCertificates: '/ca' })).toEqual({ errors: [], warnings: ['spec.ingress[0].tls'] });
    expect(tls({ mode: 'ISTIO_MUTUAL', privateKey: '/k' })).toEqual({ errors: ['spec.ingress[0].tls.mode', 'spec.ingress[0].tls.privateKey'], warnings: [] });
    expect(tls({
      mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', minProtocolVersion: 'TLSV1_1',
      cipherSuites: ['ECDHE-RSA-AES128-SHA', 'NOPE', 'ECDHE-RSA-AES128-SHA', '-ALL', 'ALL'],
    })).toEqual({ errors: [], warnings: ['spec.ingress[0].tls.cipherSuites', 'spec.ingress[0].tls.cipherSuites'] });
    expect(tls({ serverCertificate: '/c', privateKey: '/k', minProtocolVersion: 'TLSV1_0' }))
      .toEqual({ errors: [], warnings: ['spec.ingress[0].tls', 'spec.ingress[0].tls.minProtocolVersion'] });
    // the CRD's CEL rules miss credentialName with tlsCertificates: two certificate sources
    expect(tls({ mode: 'SIMPLE', credentialName: 'c', tlsCertificates: [{ serverCertificate: '/c', privateKey: '/k' }] }))
      .toEqual({ errors: ['spec.ingress[0].tls', 'spec.ingress[0].tls.credentialName', 'spec.ingress[0].tls.tlsCertificates'], warnings: [] });
    // a suite starting with a character outside ASCII is unknown, but for U+05C0..U+05FF (Go reads the byte 0xD7, ×)
    expect(tls({ mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', cipherSuites: ['ÄES128-SHA'] }))
      .toEqual({ errors: [], warnings: ['spec.ingress[0].tls.cipherSuites'] });
    expect(tls({ mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', cipherSuites: ['\u05c0x'] })).toEqual({ errors: [], warnings: [] });
    const warned = withCode(check(sidecar(inbound({ tls: { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', cipherSuites: ['B', 'A', 'B'] } },
      port('TLS', 443)))), 'TT0021');
    expect(warned.map((f) => f.message)).toEqual(['unknown cipher suites are ignored: ["A","B"]']);
  });
});
