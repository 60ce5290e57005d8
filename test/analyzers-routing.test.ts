// The routing analyzers' references, as istioctl analyze 1.30.3 reports them (IST0101, IST0112, IST0132, IST0165),
// run on everything the set contains: Services, AppsodyApplications, ServiceEntries, and the install's gateways.
import { check, destinationRule, gateway, obj, route, service, virtualService, withCode } from './support/objects';

const inNamespace = <T extends { metadata: Record<string, unknown> }>(o: T, namespace: string): T => ({
  ...o,
  metadata: { ...o.metadata, namespace },
});
const annotated = <T extends { metadata: Record<string, unknown> }>(o: T, annotations: Record<string, string>): T => ({
  ...o,
  metadata: { ...o.metadata, annotations },
});
const serviceEntry = (name: string, spec: Record<string, unknown>) =>
  obj('networking.istio.io/v1', 'ServiceEntry', name, { spec: { resolution: 'DNS', ...spec } });
const vsTo = (name: string, host: string, extra: Record<string, unknown> = {}) =>
  virtualService(name, { hosts: [name], http: [{ route: [route(host)] }], ...extra });

describe('routing analyzers: references', () => {
  const web = service('web');
  const reviews = service('reviews', [{ name: 'http', port: 9080 }]);

  describe('IST0101 host', () => {
    test('fails when a route goes to a host that nothing in the set answers at', () => {
      expect(withCode(check(web, vsTo('web', 'reviews')), 'IST0101')).toEqual([
        {
          code: 'IST0101',
          severity: 'error',
          kind: 'VirtualService',
          name: 'web',
          namespace: 'shop',
          field: 'spec.http[0].route[0].destination.host',
          file: 'f1.yaml',
          message: 'referenced host not found: "reviews" (no Service, AppsodyApplication or ServiceEntry for reviews.shop.svc.cluster.local in the set)',
        },
      ]);
    });

    test('fails for tcp and tls route destinations, and for a route without a destination', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        tcp: [{ route: [route('db')] }],
        tls: [{ match: [{ sniHosts: ['web'] }], route: [route('secure')] }],
        http: [{ route: [{}] }],
      });
      expect(withCode(check(web, vs), 'IST0101').map((f) => [f.field, f.message.replace(/ \(.*/, '')]).sort()).toEqual([
        ['spec.http[0].route[0].destination.host', 'referenced host not found: ""'],
        ['spec.tcp[0].route[0].destination.host', 'referenced host not found: "db"'],
        ['spec.tls[0].route[0].destination.host', 'referenced host not found: "secure"'],
      ]);
    });

    test('passes for a Service, an AppsodyApplication, a ServiceEntry (wildcards too) and the install ingress gateway', () => {
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'orders', { spec: { applicationImage: 'o', service: { port: 3000, portName: 'http' } } });
      const external = serviceEntry('ext', { hosts: ['*.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }] });
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [
          { match: [{ uri: { prefix: '/a' } }], route: [route('web.shop.svc.cluster.local')] },
          { match: [{ uri: { prefix: '/b' } }], route: [route('orders', { port: { number: 3000 } })] },
          { match: [{ uri: { prefix: '/c' } }], route: [route('api.example.com')] },
          { route: [route('istio-ingressgateway.istio-system.svc.cluster.local', { port: { number: 80 } })] },
        ],
      });
      expect(withCode(check(web, app, external, vs), 'IST0101')).toEqual([]);
    });

    test('fails for the ingress gateway when the install profile provides none', () => {
      const install = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { profile: 'minimal' } }, 'istio-system');
      const vs = vsTo('web', 'istio-ingressgateway.istio-system.svc.cluster.local', { http: [{ route: [route('istio-ingressgateway.istio-system.svc.cluster.local', { port: { number: 80 } })] }] });
      expect(withCode(check(vs), 'IST0101')).toEqual([]);
      expect(withCode(check(install, vs), 'IST0101')).toEqual([expect.objectContaining({ field: 'spec.http[0].route[0].destination.host' })]);
    });

    test('ignores Services in the namespaces istioctl does not read (kube-system...)', () => {
      const dns = inNamespace(service('kube-dns', [{ name: 'dns', port: 53 }]), 'kube-system');
      expect(withCode(check(dns, vsTo('web', 'kube-dns.kube-system.svc.cluster.local')), 'IST0101')).toHaveLength(1);
    });
  });

  describe('IST0101 host across namespaces and exportTo', () => {
    const otherWeb = inNamespace(service('web'), 'other');

    test('a short host is a Service of the VirtualService namespace; a fully qualified one of the namespace it names', () => {
      expect(withCode(check(otherWeb, vsTo('front', 'web')), 'IST0101')).toHaveLength(1);
      expect(withCode(check(otherWeb, vsTo('front', 'web.other.svc.cluster.local')), 'IST0101')).toEqual([]);
    });

    test('fails when the Service is exported (networking.istio.io/exportTo) only to other namespaces', () => {
      const local = annotated(otherWeb, { 'networking.istio.io/exportTo': '.' });
      expect(withCode(check(local, vsTo('front', 'web.other.svc.cluster.local')), 'IST0101')).toEqual([
        expect.objectContaining({
          field: 'spec.http[0].route[0].destination.host',
          message: 'referenced host not found: "web.other.svc.cluster.local" (Service other/web is exported to other, not to shop)',
        }),
      ]);
      expect(withCode(check(local, inNamespace(vsTo('front', 'web'), 'other')), 'IST0101')).toEqual([]);
      const toShop = annotated(otherWeb, { 'networking.istio.io/exportTo': 'team, shop' });
      expect(withCode(check(toShop, vsTo('front', 'web.other.svc.cluster.local')), 'IST0101')).toEqual([]);
    });

    test("a ServiceEntry exported to its own namespace is seen from there, through the VirtualService's own exportTo", () => {
      const local = serviceEntry('ext', { hosts: ['api.example.com'], exportTo: ['.'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }] });
      expect(withCode(check(local, vsTo('front', 'api.example.com')), 'IST0101')).toEqual([]);
      expect(withCode(check(local, vsTo('front', 'api.example.com', { exportTo: ['.'] })), 'IST0101')).toEqual([]);
      // istioctl looks the host up in the namespaces the VirtualService is exported to: all of them is not "shop"
      expect(withCode(check(local, vsTo('front', 'api.example.com', { exportTo: ['*'] })), 'IST0101')).toHaveLength(1);
      expect(withCode(check(local, inNamespace(vsTo('front', 'api.example.com'), 'other')), 'IST0101')).toHaveLength(1);
    });

    test('a wildcard ServiceEntry exported to one namespace serves hosts only there', () => {
      const local = serviceEntry('ext', { hosts: ['*.example.com'], exportTo: ['.'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }] });
      expect(withCode(check(local, vsTo('front', 'api.example.com')), 'IST0101')).toEqual([]);
      expect(withCode(check(local, inNamespace(vsTo('front', 'api.example.com'), 'other')), 'IST0101')).toHaveLength(1);
    });
  });

  describe('IST0101 mirror host', () => {
    test('fails when a mirror goes to a host that nothing answers at', () => {
      const vs = virtualService('web', {
        hosts: ['web'],
        http: [{ route: [route('web')], mirror: { host: 'shadow' }, mirrors: [{ destination: { host: 'shadow-2' } }] }],
      });
      expect(withCode(check(web, vs), 'IST0101').map((f) => [f.field, f.message.replace(/ \(.*/, '')]).sort()).toEqual([
        ['spec.http[0].mirror.host', 'referenced mirror host not found: "shadow"'],
        ['spec.http[0].mirrors[0].destination.host', 'referenced mirror host not found: "shadow-2"'],
      ]);
    });

    test('passes when the mirror host is a Service', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web')], mirror: { host: 'reviews' } }] });
      expect(withCode(check(web, reviews, vs), 'IST0101')).toEqual([]);
    });
  });

  describe('IST0101 host:port', () => {
    test('fails when the destination port is not a port of the Service', () => {
      const vs = vsTo('web', 'reviews', { http: [{ route: [route('reviews', { port: { number: 9081 } })] }] });
      expect(withCode(check(reviews, vs), 'IST0101')).toEqual([
        expect.objectContaining({
          field: 'spec.http[0].route[0].destination.port.number',
          message: 'referenced host:port not found: "reviews:9081" (the Service exposes 9080)',
        }),
      ]);
    });

    test('compares with the Service port, not its targetPort', () => {
      const svc = service('reviews', [{ name: 'http', port: 80, targetPort: 9080 }]);
      const to = (port: number) => vsTo('web', 'reviews', { http: [{ route: [route('reviews', { port: { number: port } })] }] });
      expect(withCode(check(svc, to(80)), 'IST0101')).toEqual([]);
      expect(withCode(check(svc, to(9080)), 'IST0101')).toHaveLength(1);
    });

    test("fails when a ServiceEntry has no such port, and passes for an AppsodyApplication's service port", () => {
      const external = serviceEntry('ext', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }] });
      const vs = vsTo('web', 'api.example.com', { http: [{ route: [route('api.example.com', { port: { number: 80 } })] }] });
      expect(withCode(check(external, vs), 'IST0101')[0].message).toBe('referenced host:port not found: "api.example.com:80" (the ServiceEntry exposes 443)');
      const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'orders', { spec: { applicationImage: 'o', service: { port: 3000 } } });
      expect(withCode(check(app, vsTo('web', 'orders', { http: [{ route: [route('orders', { port: { number: 3000 } })] }] })), 'IST0101')).toEqual([]);
    });
  });

  describe('IST0112 VirtualServiceDestinationPortSelectorRequired', () => {
    const multi = service('reviews', [
      { name: 'http', port: 9080 },
      { name: 'grpc', port: 9090 },
    ]);

    test('fails when a route to a Service with several ports names no port', () => {
      expect(withCode(check(multi, vsTo('web', 'reviews')), 'IST0112')).toEqual([
        expect.objectContaining({
          severity: 'error',
          kind: 'VirtualService',
          name: 'web',
          field: 'spec.http[0].route[0].destination.host',
          message:
            'this VirtualService routes to a service "reviews" that exposes multiple ports [9080 9090]; ' +
            'specifying a port in the destination is required to disambiguate (Service shop/reviews)',
        }),
      ]);
    });

    test('passes with a port, or for a Service with one port', () => {
      expect(withCode(check(multi, vsTo('web', 'reviews', { http: [{ route: [route('reviews', { port: { number: 9090 } })] }] })), 'IST0112')).toEqual([]);
      expect(withCode(check(reviews, vsTo('web', 'reviews')), 'IST0112')).toEqual([]);
    });
  });

  describe('IST0101 host+subset in destinationrule', () => {
    test("fails when a route subset is not one of the host's DestinationRule", () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { subset: 'v1', weight: 90 }), route('web', { subset: 'v3', weight: 10 })] }] });
      expect(withCode(check(web, destinationRule('web', 'web', ['v1', 'v2']), vs), 'IST0101')).toEqual([
        expect.objectContaining({
          field: 'spec.http[0].route[1].destination.subset',
          message: 'referenced host+subset in destinationrule not found: "web+v3" (its DestinationRule defines v1, v2)',
        }),
      ]);
    });

    test('fails for a mirror subset, and when the host has no DestinationRule', () => {
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { subset: 'v1' })], mirror: { host: 'web', subset: 'v2' } }] });
      expect(withCode(check(web, vs), 'IST0101').map((f) => [f.field, f.message]).sort()).toEqual([
        [
          'spec.http[0].mirror.subset',
          'referenced mirror+subset in destinationrule not found: "web+v2" (no DestinationRule for web.shop.svc.cluster.local in the set)',
        ],
        [
          'spec.http[0].route[0].destination.subset',
          'referenced host+subset in destinationrule not found: "web+v1" (no DestinationRule for web.shop.svc.cluster.local in the set)',
        ],
      ]);
    });

    test('finds the DestinationRule of another namespace by the fully qualified host, not by a short one', () => {
      const otherWeb = inNamespace(service('web'), 'other');
      const dr = inNamespace(destinationRule('web', 'web', ['v1']), 'other');
      const to = (host: string) => virtualService('front', { hosts: ['front'], http: [{ route: [route(host, { subset: 'v1' })] }] });
      expect(withCode(check(otherWeb, dr, to('web.other.svc.cluster.local')), 'IST0101')).toEqual([]);
      expect(withCode(check(otherWeb, web, dr, to('web')), 'IST0101')).toHaveLength(1);
    });

    test('a wildcard DestinationRule serves a host that has none of its own', () => {
      const wildcard = destinationRule('all', '*.shop.svc.cluster.local', ['v1']);
      const vs = virtualService('web', { hosts: ['web'], http: [{ route: [route('web', { subset: 'v1' })] }] });
      expect(withCode(check(web, wildcard, vs), 'IST0101')).toEqual([]);
      expect(withCode(check(web, wildcard, destinationRule('web', 'web', ['v2']), vs), 'IST0101')).toHaveLength(1);
    });
  });

  describe('IST0101 gateway', () => {
    test('fails when a gateways entry names no Gateway, in its namespace or the one it names', () => {
      const vs = virtualService('web', { hosts: ['*'], gateways: ['mesh', 'web-gateway', 'missing', 'other/web-gateway'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, gateway('web-gateway'), vs), 'IST0101').sort((a, b) => (a.field! < b.field! ? -1 : 1))).toEqual([
        expect.objectContaining({
          field: 'spec.gateways[2]',
          message: 'referenced gateway not found: "missing" (no Gateway shop/missing in the set; bind to an existing Gateway or "mesh")',
        }),
        expect.objectContaining({ field: 'spec.gateways[3]', message: expect.stringMatching(/^referenced gateway not found: "other\/web-gateway" \(no Gateway other\/web-gateway /) }),
      ]);
    });

    test('passes for mesh, ns/name, ./name and the legacy name.namespace form, which istiod all bind', () => {
      const edge = inNamespace(gateway('edge'), 'edge');
      const vs = virtualService('web', { hosts: ['*'], gateways: ['mesh', 'edge/edge', 'edge.edge', './local'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, edge, gateway('local'), vs), 'IST0101')).toEqual([]);
    });

    test('counts only Istio Gateways, not Gateway API ones', () => {
      const k8s = obj('gateway.networking.k8s.io/v1', 'Gateway', 'web-gateway', { spec: { gatewayClassName: 'istio', listeners: [] } });
      const vs = virtualService('web', { hosts: ['*'], gateways: ['web-gateway'], http: [{ route: [route('web')] }] });
      expect(withCode(check(web, k8s, vs), 'IST0101')).toEqual([expect.objectContaining({ field: 'spec.gateways[0]' })]);
    });
  });

  describe('IST0132 VirtualServiceHostNotFoundInGateway', () => {
    const vs = (hosts: string[], gateways = ['gw']) => virtualService('web', { hosts, gateways, http: [{ route: [route('web')] }] });

    test("warns when the Gateway serves none of the VirtualService's hosts", () => {
      expect(withCode(check(web, gateway('gw', ['api.example.com']), vs(['shop.example.com', 'www.example.com'])), 'IST0132')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          field: 'spec.gateways[0]',
          message:
            'one or more host [shop.example.com www.example.com] defined in VirtualService shop/web not found in Gateway shop/gw ' +
            '(it serves api.example.com to namespace shop)',
        }),
      ]);
    });

    test('warns, besides IST0101, when the Gateway is missing', () => {
      const findings = check(web, vs(['shop.example.com']));
      expect(withCode(findings, 'IST0101')).toHaveLength(1);
      expect(withCode(findings, 'IST0132')[0].message).toMatch(/not found in Gateway shop\/gw \(no such Gateway\)$/);
    });

    test.each([
      [['*'], ['shop.example.com']],
      [['*.example.com'], ['api.example.com', 'shop.example.com']],
      [['shop/shop.example.com'], ['shop.example.com']],
      [['./shop.example.com'], ['shop.example.com']],
      [['*/*'], ['shop.example.com']],
      [['web.shop.svc.cluster.local'], ['web']],
    ])('passes when gateway hosts %j serve %j', (gatewayHosts, hosts) => {
      expect(withCode(check(web, gateway('gw', gatewayHosts), vs(hosts)), 'IST0132')).toEqual([]);
    });

    test('a namespace-qualified gateway host serves only that namespace', () => {
      expect(withCode(check(web, gateway('gw', ['other/shop.example.com']), vs(['shop.example.com'])), 'IST0132')).toHaveLength(1);
    });
  });

  describe('IST0165 ReferencedInternalGateway', () => {
    test("warns about a reference to a Gateway API gateway's generated Gateway, and checks it no further", () => {
      const findings = check(web, virtualService('web', { hosts: ['web'], gateways: ['shop/edge~istio-autogenerated-k8s-gateway~http'], http: [{ route: [route('web')] }] }));
      expect(withCode(findings, 'IST0165')).toEqual([
        expect.objectContaining({
          severity: 'warning',
          field: 'spec.gateways[0]',
          message: expect.stringMatching(
            /^gateway reference in VirtualService shop\/web is to an implementation-generated internal Gateway: shop\/edge~istio-autogenerated-k8s-gateway~http/,
          ),
        }),
      ]);
      expect([...withCode(findings, 'IST0101'), ...withCode(findings, 'IST0132')]).toEqual([]);
    });

    test('passes for an ordinary Gateway name', () => {
      expect(withCode(check(web, gateway('edge-http', ['web']), virtualService('web', { hosts: ['web'], gateways: ['edge-http'], http: [{ route: [route('web')] }] })), 'IST0165')).toEqual([]);
    });
  });
});
