// The routing analyzers about VirtualService rules and hosts, as istioctl analyze 1.30.3 reports them (IST0109,
// IST0130, IST0131, IST0140, IST0149), and the project's own route checks (TT0005, TT0006, TT0010).
import { check, destinationRule, gateway, obj, route, service, virtualService, withCode } from './support/objects';

const inNamespace = <T extends { metadata: Record<string, unknown> }>(o: T, namespace: string): T => ({
  ...o,
  metadata: { ...o.metadata, namespace },
});
const prefix = (p: string, extra: Record<string, unknown> = {}) => ({ uri: { prefix: p }, ...extra });

describe('routing analyzers: rules and hosts', () => {
  const web = service('web');

  describe('IST0109 ConflictingMeshGatewayVirtualServiceHosts', () => {
    test('fails when two VirtualServices bound to the mesh define the same host', () => {
      const a = virtualService('web-delay', { hosts: ['web'], http: [{ route: [route('web')] }] });
      const b = virtualService('web-abort', { hosts: ['api.example.com', 'web.shop.svc.cluster.local'], gateways: ['mesh', 'gw'], http: [{ route: [route('web')] }] });
      const findings = withCode(check(web, gateway('gw'), a, b), 'IST0109');
      expect(findings.map((f) => [f.name, f.severity, f.field]).sort()).toEqual([
        ['web-abort', 'error', 'spec.hosts[1]'],
        ['web-delay', 'error', 'spec.hosts[0]'],
      ]);
      expect(findings[0].message).toBe(
        'the VirtualServices shop/web-abort, shop/web-delay associated with mesh gateway define the same host web.shop.svc.cluster.local, which can ' +
          'lead to undefined behavior; merge the conflicting VirtualServices into a single resource (alternatives that replace each other need the same name)',
      );
    });

    test('fails when a VirtualService exported to its namespace shares a host with one exported everywhere', () => {
      const a = virtualService('a', { hosts: ['web'], exportTo: ['.'], http: [{ route: [route('web')] }] });
      const b = virtualService('b', { hosts: ['web.shop.svc.cluster.local'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, a, b), 'IST0109').map((f) => f.message.replace(/, which.*/, ''))).toEqual([
        'the VirtualServices shop/a, shop/b associated with mesh gateway define the same host web.shop.svc.cluster.local (as exported to namespace shop)',
        'the VirtualServices shop/a, shop/b associated with mesh gateway define the same host web.shop.svc.cluster.local (as exported to namespace shop)',
      ]);
    });

    test('passes for gateway-bound VirtualServices, one object in two files, and exportTo that keeps them apart', () => {
      const meshVs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')] }] });
      const gatewayVs = virtualService('edge', { hosts: ['web'], gateways: ['gw'], http: [{ route: [route('web')] }] });
      const alternative = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, gateway('gw', ['web']), meshVs, gatewayVs, { object: alternative, file: 'alternative.yaml' }), 'IST0109')).toEqual([]);
      const a = virtualService('a', { hosts: ['web'], exportTo: ['.'], http: [{ route: [route('web')] }] });
      const b = virtualService('b', { hosts: ['web.shop.svc.cluster.local'], exportTo: ['team-b'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, a, b), 'IST0109')).toEqual([]);
    });

    test('passes for one VirtualService naming a host short and fully qualified', () => {
      const vs = virtualService('web', { hosts: ['web', 'web.shop.svc.cluster.local'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, vs), 'IST0109')).toEqual([]);
    });
  });

  describe('IST0130 VirtualServiceUnreachableRule', () => {
    test('warns about a rule after a rule without matches', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ route: [route('web')] }, { name: 'late', match: [prefix('/a')], route: [route('web')] }, { route: [route('web')] }],
      });
      expect(withCode(check(web, vs), 'IST0130').sort((a, b) => (a.field! < b.field! ? -1 : 1))).toEqual([
        expect.objectContaining({ severity: 'warning', field: 'spec.http[1]', message: 'VirtualService rule "late" not used (route without matches defined before)' }),
        expect.objectContaining({ field: 'spec.http[2]', message: 'VirtualService rule #2 not used (only the last rule can have no matches)' }),
      ]);
    });

    test('warns about a rule whose matches all come earlier, in tcp rules too', () => {
      const http = virtualService('web', {
        hosts: ['web'],
        http: [{ match: [prefix('/a')], route: [route('web')] }, { match: [{ name: 'again', ...prefix('/a'), ignoreUriCase: false }], route: [route('web')] }],
      });
      const tcp = virtualService('db', { hosts: ['web'], tcp: [{ match: [{ port: 9000 }], route: [route('web')] }, { match: [{ port: 9000 }], route: [route('web')] }] });
      expect(withCode(check(web, http), 'IST0130').map((f) => [f.field, f.message])).toEqual([
        ['spec.http[1]', 'VirtualService rule #1 not used (all matches used by prior rules)'],
      ]);
      expect(withCode(check(web, tcp), 'IST0130').map((f) => [f.field, f.message])).toEqual([
        ['spec.tcp[1]', 'VirtualService rule #1 not used (all matches used by prior rules)'],
      ]);
    });

    test('passes distinct matches followed by one rule without matches', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ match: [prefix('/a')], route: [route('web')] }, { match: [prefix('/b')], route: [route('web')] }, { route: [route('web')] }] });
      expect(withCode(check(web, vs), 'IST0130')).toEqual([]);
    });
  });

  describe('IST0131 VirtualServiceIneffectiveMatch', () => {
    test('notes a match equal to an earlier one', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ name: 'first', match: [prefix('/a')], route: [route('web')] }, { match: [prefix('/b'), { name: 'dup', ...prefix('/a') }], route: [route('web')] }],
      });
      expect(withCode(check(web, vs), 'IST0131')).toEqual([
        expect.objectContaining({
          severity: 'info',
          field: 'spec.http[1].match[1]',
          message: 'VirtualService rule #1 match "dup" is not used (duplicate/overlapping match in rule "first")',
        }),
      ]);
    });

    test('notes a prefix that an earlier, shorter prefix with the same conditions covers', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [
          { match: [prefix('/api', { method: { exact: 'GET' } })], route: [route('web')] },
          { name: 'v1', match: [prefix('/api/v1')], route: [route('web')] },
        ],
      });
      expect(withCode(check(web, vs), 'IST0131')).toEqual([
        expect.objectContaining({
          field: 'spec.http[1].match[0]',
          message: 'VirtualService rule "v1" match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
        }),
      ]);
    });

    test('passes a longer prefix first, and a shorter one with other conditions', () => {
      const longFirst = virtualService('web', { hosts: ['web'], http: [{ match: [prefix('/api/v1')], route: [route('web')] }, { match: [prefix('/api')], route: [route('web')] }] });
      const otherHeader = virtualService('web', {
        hosts: ['web'],
        http: [{ match: [prefix('/api', { headers: { x: { exact: 'a' } } })], route: [route('web')] }, { match: [prefix('/api/v1')], route: [route('web')] }],
      });
      expect(withCode(check(web, longFirst), 'IST0131')).toEqual([]);
      expect(withCode(check(web, otherHeader), 'IST0131')).toEqual([]);
    });
  });

  describe('IST0140 IngressRouteRulesNotAffected', () => {
    const reviews = service('reviews', [{ name: 'http', port: 9080 }]);
    const split = virtualService('reviews', { hosts: ['reviews'], http: [{ route: [route('reviews', { subset: 'v1', weight: 50 }), route('reviews', { subset: 'v2', weight: 50 })] }] });
    const rules = destinationRule('reviews', 'reviews', ['v1', 'v2']);

    test('warns when a gateway route goes without a subset to a host another VirtualService splits by subset', () => {
      const edge = virtualService('edge', { hosts: ['*'], gateways: ['gw'], http: [{ route: [route('reviews')] }] });
      expect(withCode(check(reviews, rules, split, gateway('gw'), edge), 'IST0140')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          name: 'edge',
          field: 'spec.http[0].route[0].destination.host',
          message: expect.stringMatching(/^subset in virtual service shop\/reviews has no effect on ingress gateway shop\/edge requests/),
        }),
      ]);
    });

    test('passes a gateway route naming the subset, and the same short host in another namespace', () => {
      const withSubset = virtualService('edge', { hosts: ['*'], gateways: ['gw'], http: [{ route: [route('reviews', { subset: 'v1' })] }] });
      expect(withCode(check(reviews, rules, split, gateway('gw'), withSubset), 'IST0140')).toEqual([]);
      const elsewhere = inNamespace(virtualService('edge', { hosts: ['*'], gateways: ['shop/gw'], http: [{ route: [route('reviews')] }] }), 'other');
      expect(withCode(check(reviews, inNamespace(reviews, 'other'), rules, split, gateway('gw'), elsewhere), 'IST0140')).toEqual([]);
    });
  });

  describe('IST0149 JwtClaimBasedRoutingWithoutRequestAuthN', () => {
    const claimRoute = (gateways: string[]) =>
      virtualService('web', {
        hosts: ['*'],
        gateways,
        http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: 'admin' } } }], route: [route('web')] }, { route: [route('web')] }],
      });
    const requestAuthN = (namespace: string, matchLabels?: Record<string, string>) =>
      obj('security.istio.io/v1', 'RequestAuthentication', 'jwt', { spec: { ...(matchLabels ? { selector: { matchLabels } } : {}), jwtRules: [{ issuer: 'me' }] } }, namespace);

    test("fails when no RequestAuthentication selects the install's ingress gateway pods", () => {
      expect(withCode(check(web, gateway('gw'), claimRoute(['gw'])), 'IST0149')).toEqual([
        expect.objectContaining({
          severity: 'error',
          name: 'web',
          field: 'spec.http[0].match[0].headers["@request.auth.claims.group"]',
          message: expect.stringMatching(
            /^the virtual service uses the JWT claim based routing \(key: @request.auth.claims.group\) but found no request authentication for the gateway \(shop\/gw\) pod \(Deployment istio-system\/istio-ingressgateway\)/,
          ),
        }),
      ]);
    });

    test("fails when the gateway's pods are a Deployment of the set in another namespace", () => {
      const pods = { spec: { selector: { matchLabels: { app: 'edge' } }, template: { metadata: { labels: { app: 'edge' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } } };
      const edgeGateway = obj('networking.istio.io/v1', 'Gateway', 'gw', { spec: { selector: { app: 'edge' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } });
      const deployment = obj('apps/v1', 'Deployment', 'edge', pods, 'edge');
      expect(withCode(check(web, edgeGateway, deployment, claimRoute(['gw'])), 'IST0149')[0].message).toMatch(/pod \(Deployment edge\/edge\)/);
      expect(withCode(check(web, edgeGateway, deployment, requestAuthN('edge'), claimRoute(['gw'])), 'IST0149')).toEqual([]);
    });

    test('passes with a RequestAuthentication in istio-system selecting the gateway, and for a route bound to the mesh only', () => {
      expect(withCode(check(web, gateway('gw'), requestAuthN('istio-system', { istio: 'ingressgateway' }), claimRoute(['gw'])), 'IST0149')).toEqual([]);
      expect(withCode(check(web, gateway('gw'), requestAuthN('istio-system', { istio: 'egressgateway' }), claimRoute(['gw'])), 'IST0149')).toHaveLength(1);
      expect(withCode(check(web, claimRoute(['mesh'])), 'IST0149')).toEqual([]);
    });
  });

  describe('project route checks', () => {
    test('TT0005 warns when the weights of a rule do not add up to 100, and passes when they do', () => {
      const vs = (weights: number[]) => virtualService('web', { hosts: ['web'], http: [{ route: weights.map((weight) => route('web', { weight })) }] });
      expect(withCode(check(web, vs([90, 20])), 'TT0005')).toEqual([expect.objectContaining({ field: 'spec.http[0].route', message: expect.stringMatching(/= 110, not 100/) })]);
      expect(withCode(check(web, vs([90, 10])), 'TT0005')).toEqual([]);
    });

    test('TT0006 fails when a fault percentage is over 100, and passes within 0..100', () => {
      const vs = (value: number) => virtualService('web', { hosts: ['web'], http: [{ fault: { abort: { httpStatus: 502, percentage: { value } } }, route: [route('web')] }] });
      expect(withCode(check(web, vs(150)), 'TT0006')).toEqual([expect.objectContaining({ field: 'spec.http[0].fault.abort.percentage.value' })]);
      expect(withCode(check(web, vs(100)), 'TT0006')).toEqual([]);
    });

    test('TT0010 warns when one file defines the same object twice, and not for two files', () => {
      const cm = obj('v1', 'ConfigMap', 'settings');
      expect(withCode(check({ object: cm, file: 'a.yaml' }, { object: cm, file: 'a.yaml' }), 'TT0010')).toHaveLength(1);
      expect(withCode(check({ object: cm, file: 'a.yaml' }, { object: cm, file: 'b.yaml' }), 'TT0010')).toEqual([]);
      // objects named by the API server (generateName) are two objects, each with a name of its own
      const generated = obj('v1', 'ConfigMap', '', { metadata: { generateName: 'settings-' } });
      expect(withCode(check({ object: generated, file: 'a.yaml', line: 1 }, { object: generated, file: 'a.yaml', line: 5 }), 'TT0010')).toEqual([]);
    });

    test('TT0010 names a cluster-scoped object without a namespace', () => {
      const cm = obj('v1', 'ConfigMap', 'settings', {}, 'apps');
      expect(withCode(check({ object: cm, file: 'a.yaml' }, { object: cm, file: 'a.yaml' }), 'TT0010')[0].message).toMatch(/^ConfigMap apps\/settings is defined/);
      const ns = obj('v1', 'Namespace', 'apps', {}, undefined);
      expect(withCode(check({ object: ns, file: 'a.yaml' }, { object: ns, file: 'a.yaml' }), 'TT0010')[0].message).toMatch(/^Namespace apps is defined more than once/);
    });

    test('reports an object written twice in one file once per finding', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('nowhere')] }] });
      expect(withCode(check({ object: vs, file: 'a.yaml' }, { object: vs, file: 'a.yaml' }), 'IST0101')).toHaveLength(1);
    });
  });
});
