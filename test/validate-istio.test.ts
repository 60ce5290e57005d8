import { check, destinationRule, gateway, obj, route, service, virtualService, withCode } from './support/objects';

const web = service('web');
const rejected = (findings: ReturnType<typeof check>) => withCode(findings, 'TT0020');

describe("Istio's validation webhook", () => {
  test('a valid VirtualService, DestinationRule and Gateway pass', () => {
    const vs = virtualService('web', {
      hosts: ['web.example.com'],
      gateways: ['web-gateway'],
      http: [
        {
          match: [{ uri: { prefix: '/' }, headers: { 'x-user': { exact: 'a' } } }],
          fault: { abort: { httpStatus: 503, percentage: { value: 10 } }, delay: { fixedDelay: '1.5s', percentage: { value: 5 } } },
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,503' },
          timeout: '10s',
          route: [route('web', { port: { number: 8080 }, subset: 'v1' })],
        },
      ],
    });
    const dr = destinationRule('web', 'web', ['v1']);
    const findings = check(web, vs, dr, gateway('web-gateway', ['web.example.com']));
    expect(withCode(findings, 'TT0020')).toEqual([]);
    expect(withCode(findings, 'TT0021')).toEqual([]);
  });

  describe('VirtualService', () => {
    test('fails when a destination port is 70000 or 0', () => {
      for (const number of [70000, 0]) {
        const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { port: { number } })] }] });
        expect(rejected(check(web, vs))).toEqual([
          expect.objectContaining({
            field: 'spec.http[0].route[0].destination.port.number',
            message: `port number must be between 1 and 65535, got ${number}`,
            severity: 'error',
          }),
        ]);
      }
    });

    test('fails when a fault abort HTTP status is 999, or a gRPC status is unknown', () => {
      const abort = (a: Record<string, unknown>) =>
        virtualService('web', { hosts: ['web'], http: [{ fault: { abort: { ...a, percentage: { value: 50 } } }, route: [route('web')] }] });
      expect(rejected(check(web, abort({ httpStatus: 999 })))).toEqual([
        expect.objectContaining({ field: 'spec.http[0].fault.abort.httpStatus', message: 'HTTP status must be between 200 and 599, got 999' }),
      ]);
      expect(rejected(check(web, abort({ grpcStatus: 'NOPE' })))).toEqual([
        expect.objectContaining({ field: 'spec.http[0].fault.abort.grpcStatus', message: expect.stringMatching(/^gRPC status must be one of OK, CANCELLED/) }),
      ]);
      expect(rejected(check(web, abort({ grpcStatus: 'UNAVAILABLE' })))).toEqual([]);
    });

    test('fails when a fault percentage is outside 0..100 or finer than Envoy counts (TT0006)', () => {
      const vs = (value: number) =>
        virtualService('web', { hosts: ['web'], http: [{ fault: { abort: { httpStatus: 502, percentage: { value } } }, route: [route('web')] }] });
      expect(withCode(check(web, vs(150)), 'TT0006')).toHaveLength(1);
      expect(withCode(check(web, vs(0.00001)), 'TT0006')).toEqual([
        expect.objectContaining({ message: 'fault percentage must be 0 or at least 0.0001, got 0.00001' }),
      ]);
      expect(withCode(check(web, vs(0.0001), vs(0)), 'TT0006')).toEqual([]);
    });

    test('fails when a host is empty or invalid, or * is bound to the mesh', () => {
      const vs = virtualService('web', { hosts: ['', 'web_app', '*'], http: [{ route: [route('web')] }] });
      expect(rejected(check(web, vs)).map((f) => [f.field, f.message])).toEqual([
        ['spec.hosts[0]', 'host is empty, got ""'],
        ['spec.hosts[1]', 'host label "web_app" is no DNS-1123 label or wildcard (*, *.example.com, *-suffix), got "web_app"'],
        ['spec.hosts[2]', 'host * is not allowed in a VirtualService bound to the mesh: name the hosts, or bind it to a gateway'],
      ]);
    });

    test('fails when two hosts overlap', () => {
      const vs = virtualService('web', { hosts: ['*.example.com', 'shop.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] });
      expect(rejected(check(web, gateway('gw'), vs))).toEqual([
        expect.objectContaining({ field: 'spec.hosts[1]', message: 'host "shop.example.com" overlaps spec.hosts[0] "*.example.com"' }),
      ]);
    });

    test('fails when an empty hosts list names gateways, and warns when no VirtualService delegates to it', () => {
      const gatewayBound = virtualService('web', { hosts: [], gateways: ['gw'], http: [{ route: [route('web')] }] });
      expect(rejected(check(web, gateway('gw'), gatewayBound))).toEqual([
        expect.objectContaining({ field: 'spec.gateways', message: 'a VirtualService without hosts is a delegate, which may not name gateways' }),
      ]);
      const orphan = virtualService('web-delegate', { http: [{ route: [route('web')] }] });
      expect(withCode(check(web, orphan), 'TT0021')).toEqual([expect.objectContaining({ field: 'spec.hosts', severity: 'warning' })]);
      const root = virtualService('web', { hosts: ['web'], http: [{ delegate: { name: 'web-delegate' } }] });
      expect(withCode(check(web, orphan, root), 'TT0021')).toEqual([]);
    });

    test('fails when a subset name is no DNS-1123 label, or a destination host is *', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('*', { subset: 'v1_beta', weight: 100 })] }] });
      expect(rejected(check(web, vs)).map((f) => f.field)).toEqual(['spec.http[0].route[0].destination.host', 'spec.http[0].route[0].destination.subset']);
    });

    test('fails when a weight is negative', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { weight: -10 }), route('web', { weight: 110 })] }] });
      expect(rejected(check(web, vs))).toEqual([expect.objectContaining({ field: 'spec.http[0].route[0].weight', message: 'weight must not be negative, got -10' })]);
    });

    test('fails when a rule has both route and redirect, or neither route, redirect nor directResponse', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')], redirect: { uri: '/new' } }, { match: [{ uri: { exact: '/' } }] }] });
      expect(rejected(check(web, vs)).map((f) => [f.field, f.message])).toEqual([
        ['spec.http[0]', 'a rule may not set both route and redirect'],
        ['spec.http[1]', 'an http rule must set route, redirect or directResponse'],
      ]);
    });

    test('fails when a redirect code is no 3xx, or a direct response status no HTTP status', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ redirect: { uri: '/new', redirectCode: 200 } }, { directResponse: { status: 42 } }],
      });
      expect(rejected(check(web, vs)).map((f) => f.field)).toEqual(['spec.http[0].redirect.redirectCode', 'spec.http[1].directResponse.status']);
    });

    test('fails when retries are off (attempts 0) but configured, or retryOn names an unknown policy', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ retries: { attempts: 0, perTryTimeout: '1s', retryOn: 'sometimes' }, route: [route('web')] }] });
      // in any order: findings sort by their printed line
      expect(rejected(check(web, vs)).map((f) => f.message)).toEqual(expect.arrayContaining([
        'a retry policy with attempts 0 (retries off) may not set perTryTimeout, retryOn or retryRemoteLocalities',
        expect.stringMatching(/^retryOn policy must be an HTTP status or one of 5xx.*got "sometimes"$/),
      ]));
    });

    test('fails when a duration is not whole milliseconds, which the CEL rules let through', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ timeout: '1500us', route: [route('web')] }] });
      const findings = check(web, vs);
      expect(withCode(findings, 'TT0003')).toEqual([]);
      expect(rejected(findings)).toEqual([
        expect.objectContaining({ field: 'spec.http[0].timeout', message: 'must be a whole number of milliseconds, got "1500us"' }),
      ]);
    });

    test('fails when a gateways entry is malformed, and warns about the legacy name.namespace form', () => {
      const vs = (gateways: string[]) => virtualService('web', { hosts: ['web.example.com'], gateways, http: [{ route: [route('web')] }] });
      const findings = check(web, vs(['Bad_NS/gw', 'gw.istio-system']));
      expect(rejected(findings)).toEqual([expect.objectContaining({ field: 'spec.gateways[0]', message: 'gateway namespace must be a DNS-1123 label, got "Bad_NS"' })]);
      // a refusal comes without the webhook's warnings
      expect(withCode(findings, 'TT0021')).toEqual([]);
      expect(withCode(check(web, vs(['istio-system/gw', 'gw.istio-system'])), 'TT0021')).toEqual([
        expect.objectContaining({ field: 'spec.gateways[1]', message: expect.stringMatching(/legacy name.namespace form: prefer "istio-system\/gw"$/) }),
      ]);
    });

    test('fails when exportTo lists an entry twice', () => {
      const vs = virtualService('web', { hosts: ['web'], exportTo: ['.', 'shop'], http: [{ route: [route('web')] }] });
      expect(rejected(check(web, vs))).toEqual([expect.objectContaining({ field: 'spec.exportTo[1]', message: 'exportTo lists "shop" twice (as "." and "shop": . is the object\'s own namespace)' })]);
    });

    test('does not report what the CRD CEL rules already report', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ fault: { delay: { fixedDelay: '0s', percentage: { value: 1 } } }, route: [route('web')] }] });
      const findings = check(web, vs);
      expect(withCode(findings, 'TT0003')).toHaveLength(1);
      expect(rejected(findings)).toEqual([]);
    });
  });

  describe('Gateway', () => {
    test('fails when a server host is a short name, a partial wildcard, or has a bad namespace', () => {
      const gw = gateway('gw', ['nodejs-tracing', 'web*.example.com', 'Bad_NS/*.example.com', 'cloudlab/*.example.com', '*', '10.0.0.1']);
      expect(rejected(check(gw)).map((f) => [f.field, f.message])).toEqual([
        ['spec.servers[0].hosts[0]', 'short host names are not allowed (use a fully qualified name or *), got "nodejs-tracing"'],
        ['spec.servers[0].hosts[1]', expect.stringMatching(/^host label "web\*" is no DNS-1123 label/)],
        ['spec.servers[0].hosts[2]', 'namespace "Bad_NS" must be *, . or a DNS-1123 label, got "Bad_NS/*.example.com"'],
      ]);
    });

    test('fails when an HTTPS server has no tls settings, or two servers share a port name', () => {
      const gw = obj('networking.istio.io/v1', 'Gateway', 'gw', {
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [
            { port: { number: 443, name: 'web', protocol: 'HTTPS' }, hosts: ['*'] },
            { port: { number: 80, name: 'web', protocol: 'HTTP' }, hosts: ['*'] },
          ],
        },
      });
      expect(rejected(check(gw)).map((f) => [f.field, f.message])).toEqual([
        ['spec.servers[0].tls', 'an HTTPS server needs tls settings'],
        ['spec.servers[1].port.name', 'port name "web" is already used by spec.servers[0]'],
      ]);
    });

    test("checks a server's TLS settings as a Sidecar's: certificates for the mode, one source, known cipher suites", () => {
      const https = (tls: Record<string, unknown>) => obj('networking.istio.io/v1', 'Gateway', 'gw', {
        spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls }] },
      });
      const verdicts = (tls: Record<string, unknown>) => check(https(tls)).filter((f) => f.code === 'TT0020' || f.code === 'TT0021').map((f) => `${f.code} ${f.field}`);
      expect(verdicts({ mode: 'SIMPLE', credentialName: 'web-cert' })).toEqual([]);
      expect(verdicts({ mode: 'SIMPLE' })).toEqual(['TT0020 spec.servers[0].tls.privateKey', 'TT0020 spec.servers[0].tls.serverCertificate']);
      expect(verdicts({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem' })).toEqual(['TT0020 spec.servers[0].tls.caCertificates']);
      expect(verdicts({ mode: 'ISTIO_MUTUAL', credentialName: 'web-cert' })).toEqual(['TT0020 spec.servers[0].tls.credentialName']);
      expect(verdicts({ mode: 'SIMPLE', credentialName: 'web-cert', serverCertificate: '/c.pem', privateKey: '/k.pem' })).toEqual(['TT0020 spec.servers[0].tls']);
      expect(check(https({ mode: 'SIMPLE', credentialName: 'web-cert', cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'NOPE'] }))).toContainEqual(
        expect.objectContaining({ code: 'TT0021', field: 'spec.servers[0].tls.cipherSuites', message: 'unknown cipher suites are ignored: ["NOPE"]' }),
      );
    });

    test('fails when a Gateway name has a dot (TT0007)', () => {
      expect(withCode(check(gateway('tutorial.gateway')), 'TT0007')).toEqual([
        expect.objectContaining({ field: 'metadata.name', message: expect.stringMatching(/must be a DNS-1123 label/) }),
      ]);
    });
  });

  describe('DestinationRule', () => {
    test('fails when the host is empty or invalid', () => {
      expect(rejected(check(obj('networking.istio.io/v1', 'DestinationRule', 'd', { spec: { host: '' } })))).toEqual([
        expect.objectContaining({ field: 'spec.host', message: 'host is empty, got ""' }),
      ]);
      expect(rejected(check(obj('networking.istio.io/v1', 'DestinationRule', 'd', { spec: { host: 'web..svc' } })))).toHaveLength(1);
    });

    test('fails when a subset name is invalid or repeated, or its labels are invalid', () => {
      const dr = obj('networking.istio.io/v1', 'DestinationRule', 'd', {
        spec: { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v1', labels: { 'bad key': 'x' } }, { name: 'V2_x' }] },
      });
      expect(rejected(check(web, dr)).map((f) => [f.field, f.message])).toEqual([
        ['spec.subsets[1].labels["bad key"]', 'label key must be a Kubernetes label key, got "bad key"'],
        ['spec.subsets[1].name', 'subset name "v1" is already used by spec.subsets[0]'],
        ['spec.subsets[2].name', 'subset name must be a DNS-1123 label, got "V2_x"'],
      ]);
    });

    test('a tcp idleTimeout below 1ms disables it; otherwise it must be at least 1ms, as no CEL rule covers it', () => {
      const dr = (idleTimeout: string) => obj('networking.istio.io/v1', 'DestinationRule', 'd', {
        spec: { host: 'web', trafficPolicy: { connectionPool: { tcp: { idleTimeout } } } },
      });
      for (const accepted of ['500us', '0s', '1h']) expect(rejected(check(web, dr(accepted)))).toEqual([]);
      expect(rejected(check(web, dr('-5ms'))).map((f) => [f.field, f.message])).toEqual([
        ['spec.trafficPolicy.connectionPool.tcp.idleTimeout', 'idleTimeout must be at least 1ms (or below 1ms to disable it), got "-5ms"'],
      ]);
      expect(rejected(check(web, dr('1500us'))).map((f) => f.field)).toEqual(['spec.trafficPolicy.connectionPool.tcp.idleTimeout']);
    });

    test('fails when a traffic policy is empty, or an outlier percentage is above 100', () => {
      const dr = obj('networking.istio.io/v1', 'DestinationRule', 'd', {
        spec: { host: 'web', trafficPolicy: { outlierDetection: { maxEjectionPercent: 150 } }, subsets: [{ name: 'v1', trafficPolicy: {} }] },
      });
      expect(rejected(check(web, dr)).map((f) => f.field)).toEqual(['spec.subsets[0].trafficPolicy', 'spec.trafficPolicy.outlierDetection.maxEjectionPercent']);
    });
  });

  describe('workload selectors and exportTo, as every kind checks them', () => {
    const warned = (findings: ReturnType<typeof check>) => withCode(findings, 'TT0021');

    test('a selector without labels warns, as it selects every workload of the namespace', () => {
      const proxyConfig = (selector: unknown) => obj('networking.istio.io/v1beta1', 'ProxyConfig', 'p', { spec: { selector, concurrency: 2 } });
      expect(warned(check(proxyConfig({})))).toEqual([
        expect.objectContaining({ field: 'spec.selector', message: 'a workload selector without labels selects every workload of the namespace', severity: 'warning' }),
      ]);
      const selectsWeb = check(proxyConfig({ matchLabels: { app: 'web' } }));
      expect([...rejected(selectsWeb), ...warned(selectsWeb)]).toEqual([]);
    });

    test("a selector's label key may not be empty or hold a wildcard", () => {
      // matchLabels' keys are refused by the CRDs' CEL rules first; the `labels` of Sidecars, ServiceEntries and
      // EnvoyFilters have a rule for their values only
      const sidecar = (labels: Record<string, string>) =>
        obj('networking.istio.io/v1', 'Sidecar', 's', { spec: { workloadSelector: { labels }, egress: [{ hosts: ['./*'] }] } });
      expect(rejected(check(sidecar({ 'ver*': 'v1', '': 'x', app: 'web' }))).map((f) => [f.field, f.message])).toEqual([
        ['spec.workloadSelector.labels[""]', 'a selector label key may not be empty, got "=x"'],
        ['spec.workloadSelector.labels["ver*"]', 'a selector label may not hold a wildcard, got "ver*=v1"'],
      ]);
      expect(withCode(check(sidecar({ 'ver*': 'v1' })), 'TT0003')).toEqual([]);
    });

    test("a DestinationRule's workloadSelector is checked as a policy's selector", () => {
      const dr = (workloadSelector: unknown) => obj('networking.istio.io/v1', 'DestinationRule', 'd', { spec: { host: 'web', workloadSelector } });
      expect(warned(check(web, dr({}))).map((f) => f.field)).toEqual(['spec.workloadSelector']);
      expect(warned(check(web, dr({ matchLabels: { app: 'web' } })))).toEqual([]);
    });

    test('~ (no one) is refused in exportTo but for ServiceEntries, where it must stand alone', () => {
      const exported = (kind: string, exportTo: string[]) => {
        const spec = kind === 'ServiceEntry' ? { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', exportTo }
          : { host: 'web', exportTo };
        return obj('networking.istio.io/v1', kind, 'x', { spec });
      };
      expect(rejected(check(web, exported('DestinationRule', ['~']))).map((f) => [f.field, f.message])).toEqual([
        ['spec.exportTo[0]', 'exportTo ~ (no one) is only allowed in ServiceEntries'],
      ]);
      expect(rejected(check(exported('ServiceEntry', ['~'])))).toEqual([]);
      expect(rejected(check(exported('ServiceEntry', ['~', 'shop']))).map((f) => [f.field, f.message])).toEqual([
        ['spec.exportTo', 'exportTo may not list ~ (no one) with other entries, got ["~","shop"]'],
      ]);
      expect(rejected(check(exported('ServiceEntry', ['.', 'shop']))).map((f) => f.field)).toEqual(['spec.exportTo[1]']);
    });
  });

  test('refuses the dry-run annotation but on ALLOW and DENY AuthorizationPolicies, and istiod\'s internal annotations, before the kind\'s rules', () => {
    const field = 'metadata.annotations["istio.io/dry-run"]';
    const policy = (annotations: Record<string, string>, spec: Record<string, unknown>) =>
      obj('security.istio.io/v1', 'AuthorizationPolicy', 'p', { metadata: { annotations }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
    const refused = (...objects: ReturnType<typeof obj>[]) => rejected(check(...objects)).map((f) => `${f.field} ${f.message}`);
    expect(refused(policy({ 'istio.io/dry-run': 'true' }, {}), policy({ 'istio.io/dry-run': 'False' }, { action: 'DENY', rules: [{ to: [{ operation: { ports: ['80'] } }] }] })))
      .toEqual([]);
    expect(refused(policy({ 'istio.io/dry-run': 'yes' }, {}))).toEqual([`${field} the istio.io/dry-run annotation must be true or false, got "yes"`]);
    // refused at its annotation, and the CUSTOM policy's missing provider is then not looked at
    expect(refused(policy({ 'istio.io/dry-run': 'true' }, { action: 'CUSTOM', rules: [{}] }))).toEqual([
      `${field} the istio.io/dry-run annotation applies only to ALLOW and DENY policies, got action CUSTOM`,
    ]);
    const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')] }] }, { metadata: { annotations: { 'istio.io/dry-run': 'true' } } });
    expect(refused(web, vs)).toEqual([`${field} the istio.io/dry-run annotation applies only to AuthorizationPolicies: remove it`]);
    // every kind of the webhook's groups, also those without rules of their own
    const internal = (annotation: string) => obj('networking.istio.io/v1', 'WorkloadEntry', 'w', { metadata: { annotations: { [annotation]: '' } }, spec: { address: '10.0.0.1' } });
    expect(refused(internal('internal.istio.io/parents'), internal('internal.istio.io/webhook-always-reject'))).toEqual([
      'metadata.annotations["internal.istio.io/parents"] the internal.istio.io/parents annotation is Istio\'s own and may not be set: remove it',
      'metadata.annotations["internal.istio.io/webhook-always-reject"] the internal.istio.io/webhook-always-reject annotation makes Istio refuse the object: remove it',
    ]);
  });

  test("gives an object's warnings only when it admits the object, as the webhook does", () => {
    const deny = (paths: string[]) => obj('security.istio.io/v1', 'AuthorizationPolicy', 'deny-admin', {
      spec: { selector: { matchLabels: { app: 'web' } }, action: 'DENY', rules: [{ to: [{ operation: { paths } }] }] },
    });
    const verdicts = (...objects: ReturnType<typeof obj>[]) => check(...objects).filter((f) => f.code === 'TT0020' || f.code === 'TT0021').map((f) => `${f.code} ${f.field}`);
    // a DENY rule with only HTTP attributes is a warning, but the empty path refuses the policy
    expect(verdicts(deny(['/admin']))).toEqual(['TT0021 spec.rules[0]']);
    expect(verdicts(deny(['/admin', '']))).toEqual(['TT0020 spec.rules[0].to[0].operation.paths[1]']);
  });

  test('a PeerAuthentication with an empty portLevelMtls is reported once, by its schema (minProperties)', () => {
    const pa = obj('security.istio.io/v1', 'PeerAuthentication', 'p', { spec: { selector: { matchLabels: { app: 'web' } }, portLevelMtls: {} } });
    // the selector selects no pod of this set either (TT0024): the point is that TT0001 comes once
    expect(check(pa).map((f) => f.code).filter((c) => c !== 'TT0024')).toEqual(['TT0001']);
  });

  test('does not run on objects whose schema fails, as the webhook is never called for them', () => {
    const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { port: { number: 'eighty' } })] }] });
    expect(rejected(check(web, vs))).toEqual([]);
  });
});
