// The Gateway API and ambient mode analyzers, on fixtures of their own: each rule fails on a bad input and passes a
// good one.
import { gatewayPodLabels, gatewayPrincipal } from '../src/validate/analyzers/gateway-api/references';
import { MeshIndex } from '../src/validate/mesh/mesh-index';
import { check, obj, service, virtualService, withCode } from './support/objects';

const GW = 'gateway.networking.k8s.io/v1';
const gateway = (name: string, spec: Record<string, unknown> = {}, namespace = 'shop', metadata: Record<string, unknown> = {}) =>
  obj(GW, 'Gateway', name, { metadata, spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }], ...spec } }, namespace);
const waypoint = (name = 'waypoint', namespace = 'shop') =>
  obj(GW, 'Gateway', name, { spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } }, namespace);
const httpRoute = (name: string, spec: Record<string, unknown>, namespace = 'shop') => obj(GW, 'HTTPRoute', name, { spec }, namespace);
/** A route from `/shop` to Service web:8080 (rewritten to `/`), on Gateway `gw`. */
const webRoute = (extra: Record<string, unknown> = {}, backend: Record<string, unknown> = {}) =>
  httpRoute('web', {
    parentRefs: [{ name: 'gw' }],
    rules: [{
      matches: [{ path: { type: 'PathPrefix', value: '/shop' } }],
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
      backendRefs: [{ name: 'web', port: 8080, ...backend }],
    }],
    ...extra,
  });
const namespace = (name: string, labels: Record<string, string>) => obj('v1', 'Namespace', name, { metadata: { labels } }, undefined);
const ambient = (labels: Record<string, string> = {}) => namespace('shop', { 'istio.io/dataplane-mode': 'ambient', ...labels });
const web = { ...service('web'), spec: { ports: [{ name: 'http', port: 8080 }], selector: { app: 'web' } } };
const deployment = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}) =>
  obj('apps/v1', 'Deployment', 'web', {
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', ...labels }, annotations }, spec: { serviceAccountName: 'web', containers: [{ name: 'c', image: 'i' }] } },
    },
  });
const policy = (name: string, spec: Record<string, unknown>) => obj('security.istio.io/v1', 'AuthorizationPolicy', name, { spec });
const allowShop = (attach: Record<string, unknown>, principal = 'cluster.local/ns/shop/sa/gw-istio') =>
  policy('web', { ...attach, action: 'ALLOW', rules: [{ from: [{ source: { principals: [principal] } }], to: [{ operation: { methods: ['GET'], paths: ['/'] } }] }] });

describe('Gateway API analyzers', () => {
  test('the fixtures pass every check', () => {
    expect(check(gateway('gw'), webRoute(), web, deployment()).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  describe('TT0034 GatewayApiReferenceNotFound (istioctl has no analyzer for these references)', () => {
    test('fails when a Gateway names a GatewayClass neither Istio creates nor the set has', () => {
      expect(withCode(check(gateway('gw', { gatewayClassName: 'isito' })), 'TT0034')).toEqual([
        expect.objectContaining({ kind: 'Gateway', field: 'spec.gatewayClassName', message: expect.stringMatching(/^referenced gatewayclass not found: "isito"/) }),
      ]);
      const custom = obj(GW, 'GatewayClass', 'isito', { spec: { controllerName: 'example.com/gateway' } }, undefined);
      expect(withCode(check(gateway('gw', { gatewayClassName: 'isito' }), custom), 'TT0034')).toEqual([]);
    });

    test('fails when a route names a Gateway that is not in the set, or in another namespace', () => {
      expect(withCode(check(webRoute(), web), 'TT0034')).toEqual([
        expect.objectContaining({ kind: 'HTTPRoute', field: 'spec.parentRefs[0]', message: 'referenced gateway not found: "gw" (no Gateway API Gateway shop/gw in the set)' }),
      ]);
      expect(withCode(check(gateway('gw', {}, 'edge'), webRoute(), web), 'TT0034')).toHaveLength(1);
    });

    test('fails when a backend Service is not in the set, or does not expose the port', () => {
      expect(withCode(check(gateway('gw'), webRoute()), 'TT0034')).toEqual([
        expect.objectContaining({ field: 'spec.rules[0].backendRefs[0].name', message: 'referenced backend not found: Service "web" (no Service shop/web in the set)' }),
      ]);
      expect(withCode(check(gateway('gw'), webRoute({}, { port: 9090 }), web), 'TT0034')).toEqual([
        expect.objectContaining({ field: 'spec.rules[0].backendRefs[0].port', message: 'referenced host:port not found: "web:9090" (the Service exposes 8080)' }),
      ]);
    });

    test("the Service Istio creates for a Gateway it deploys is there: <name>-<class>, with the listeners' ports", () => {
      const egress = gateway('egress', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'edition.cnn.com' }] }, 'shop', {
        annotations: { 'networking.istio.io/service-type': 'ClusterIP' },
      });
      const cnn = obj('networking.istio.io/v1', 'ServiceEntry', 'cnn', { spec: { hosts: ['edition.cnn.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } });
      const toEgress = (backend: Record<string, unknown>) =>
        httpRoute('to-egress', { parentRefs: [{ group: 'networking.istio.io', kind: 'ServiceEntry', name: 'cnn' }], rules: [{ backendRefs: [backend] }] });
      expect(withCode(check(egress, cnn, toEgress({ name: 'egress-istio', port: 80 })), 'TT0034')).toEqual([]);
      expect(withCode(check(egress, cnn, toEgress({ name: 'egress-istio', port: 443 })), 'TT0034').map((f) => f.message)).toEqual([
        'referenced host:port not found: "egress-istio:443" (the Service exposes 15021, 80)',
      ]);
      // named as gateway.istio.io/name-override says; nothing for a Gateway Istio does not deploy (a hostname address)
      const named = gateway('egress', {}, 'shop', { annotations: { 'gateway.istio.io/name-override': 'cnn-egress' } });
      expect(withCode(check(named, cnn, toEgress({ name: 'cnn-egress', port: 80 })), 'TT0034')).toEqual([]);
      // a ListenerSet it admits adds its listeners' ports; one it does not admit (no allowedListeners) none
      const extra = obj(GW, 'ListenerSet', 'extra', { spec: { parentRef: { name: 'egress' }, listeners: [{ name: 'alt', port: 8080, protocol: 'HTTP' }] } });
      const admitting = { ...egress, spec: { ...(egress as any).spec, allowedListeners: { namespaces: { from: 'Same' } } } } as typeof egress;
      expect(withCode(check(admitting, extra, cnn, toEgress({ name: 'egress-istio', port: 8080 })), 'TT0034')).toEqual([]);
      expect(withCode(check(egress, extra, cnn, toEgress({ name: 'egress-istio', port: 8080 })), 'TT0034')).toHaveLength(1);
      const pointed = gateway('egress', { addresses: [{ type: 'Hostname', value: 'lb.example.com' }] });
      expect(withCode(check(pointed, cnn, toEgress({ name: 'egress-istio', port: 80 })), 'TT0034')).toHaveLength(1);
    });

    test('a policy targeting a Gateway or Service that is not in the set is TT0025, not a Gateway API reference', () => {
      const attached = allowShop({ targetRefs: [{ group: '', kind: 'Service', name: 'api' }, { group: GW.split('/')[0], kind: 'Gateway', name: 'gw' }] });
      expect(withCode(check(attached, web), 'TT0034')).toEqual([]);
      expect(withCode(check(attached, web), 'TT0025').map((f) => f.field)).toEqual(['spec.targetRefs[0].name', 'spec.targetRefs[1].name']);
    });

    test('fails when a namespace or Service uses a waypoint that is not in the set, or is no waypoint', () => {
      expect(withCode(check(ambient({ 'istio.io/use-waypoint': 'waypoint' })), 'TT0034')).toEqual([
        expect.objectContaining({
          kind: 'Namespace',
          field: 'metadata.labels["istio.io/use-waypoint"]',
          message: expect.stringMatching(/^referenced waypoint not found: "waypoint" \(no Gateway of class istio-waypoint named waypoint in namespace shop/),
        }),
      ]);
      const labelled = { ...web, metadata: { ...web.metadata, labels: { 'istio.io/use-waypoint': 'gw' } } };
      expect(withCode(check(labelled, gateway('gw')), 'TT0034')[0].message).toMatch(/Gateway shop\/gw is of class istio, not istio-waypoint/);
      expect(withCode(check(ambient({ 'istio.io/use-waypoint': 'waypoint' }), waypoint()), 'TT0034')).toEqual([]);
      // a Gateway another controller runs is a third-party waypoint to istiod (gatewayToWaypointTransform takes any class)
      const proxyListener = { listeners: [{ name: 'proxy', port: 15088, protocol: 'istio.io/PROXY' }] };
      const glooClass = obj(GW, 'GatewayClass', 'gloo-waypoint', { spec: { controllerName: 'solo.io/gloo-gateway' } });
      const sandwiched = gateway('gloo-waypoint', { gatewayClassName: 'gloo-waypoint', ...proxyListener });
      const ns = ambient({ 'istio.io/use-waypoint': 'gloo-waypoint' });
      expect(withCode(check(ns, sandwiched, glooClass), 'TT0034').filter((f) => f.kind === 'Namespace')).toEqual([]);
      expect(withCode(check(ns, sandwiched), 'TT0034').filter((f) => f.kind === 'Namespace')).toEqual([]);
    });

    test("a Gateway's pods as Istio's templates label them, and its ServiceAccount as GetDefaultName names it", () => {
      const sourced = (o: ReturnType<typeof obj>) => ({ object: o, file: 'f.yaml' });
      const renamed = sourced(gateway('gw', {}, 'shop', { annotations: { 'gateway.istio.io/name-override': 'edge' } }));
      const index = new MeshIndex([renamed, sourced(waypoint())]);
      // name-override renames the Deployment (its pods' canonical name), not the ServiceAccount
      expect(gatewayPodLabels(renamed, index)['service.istio.io/canonical-name']).toBe('edge');
      expect(gatewayPrincipal(renamed, index)).toBe('cluster.local/ns/shop/sa/gw-istio');
      // both the waypoint template and setLabelOverrides keep the pods out of ambient mode
      expect(gatewayPodLabels(renamed, index)['istio.io/dataplane-mode']).toBe('none');
      expect(gatewayPodLabels(sourced(waypoint()), index)['istio.io/dataplane-mode']).toBe('none');
    });

    test("a Gateway of any class whose controller is Istio's mesh controller is a waypoint, named without a class suffix", () => {
      const ownClass = obj(GW, 'GatewayClass', 'own-waypoints', { spec: { controllerName: 'istio.io/mesh-controller' } }, undefined);
      const own = obj(GW, 'Gateway', 'waypoint', { spec: { gatewayClassName: 'own-waypoints', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } }, 'shop');
      const mesh = ambient({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true' });
      expect(withCode(check(mesh, ownClass, own), 'TT0034')).toEqual([]);
      // without its class, the Gateway's own TT0034 says so; Istio's waypoint or another's, the namespace's label resolves
      expect(withCode(check(mesh, own), 'TT0034').map((f) => f.kind)).toEqual(['Gateway']);
      // its pods' principal is the waypoint's own name, which the pods' ztunnel policy admits
      const allowGateway = policy('allow-ingress-gateway', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], rules: [{}] });
      const fromWaypoint = policy('allow-from-waypoint', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }] });
      const base = [mesh, ownClass, own, gateway('gw'), webRoute(), web, deployment(), policy('allow-nothing', {}), allowGateway, fromWaypoint];
      expect(withCode(check(...base, allowShop({ targetRefs: [{ group: '', kind: 'Service', name: 'web' }] })), 'TT0011')).toEqual([]);
    });
  });

  describe('TT0032 RouteNotAttached', () => {
    test('fails when the Gateway takes routes of its own namespace only, and the route is in another', () => {
      const route = { ...webRoute(), metadata: { name: 'web', namespace: 'shop' } };
      (route as any).spec.parentRefs = [{ name: 'gw', namespace: 'edge' }];
      expect(withCode(check(gateway('gw', {}, 'edge'), route, web), 'TT0032')).toEqual([
        expect.objectContaining({
          field: 'spec.parentRefs[0]',
          message: expect.stringContaining('listener http: it accepts routes of its own namespace edge only (allowedRoutes.namespaces.from: Same), and the route is in shop'),
        }),
      ]);
      const all = gateway('gw', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] }, 'edge');
      expect(withCode(check(all, route, web), 'TT0032')).toEqual([]);
      const selector = { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } };
      const selected = gateway('gw', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: selector } }] }, 'edge');
      expect(withCode(check(selected, route, web), 'TT0032')).toEqual([]);
    });

    test('judges a namespace selector as Istio does, on the Namespace of the cluster: every namespace for an empty one', () => {
      const route = { ...webRoute(), metadata: { name: 'web', namespace: 'shop' } };
      (route as any).spec.parentRefs = [{ name: 'gw', namespace: 'edge' }];
      const by = (namespaces: Record<string, unknown>) => gateway('gw', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces } }] }, 'edge');
      const access = by({ from: 'Selector', selector: { matchLabels: { 'shared-gateway-access': 'true' } } });
      // the set lacks the Namespace: the cluster's may carry the label, so nothing is said
      expect(withCode(check(access, route, web), 'TT0032')).toEqual([]);
      // the set has it: its labels decide
      expect(withCode(check(access, route, web, namespace('shop', { team: 'a' })), 'TT0032')[0].message).toMatch(
        /its allowedRoutes\.namespaces\.selector does not select the route's namespace shop/,
      );
      expect(withCode(check(access, route, web, namespace('shop', { 'shared-gateway-access': 'true' })), 'TT0032')).toEqual([]);
      // a selector on the name label alone is decided without the Namespace
      expect(withCode(check(by({ from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'store' } } }), route, web), 'TT0032')).toHaveLength(1);
      // an empty selector selects every namespace (LabelSelectorAsSelector); none at all, Istio takes as every namespace too
      expect(withCode(check(by({ from: 'Selector', selector: {} }), route, web, namespace('shop', { team: 'a' })), 'TT0032')).toEqual([]);
      expect(withCode(check(by({ from: 'Selector' }), route, web), 'TT0032')).toEqual([]);
      // a null selector is none: the CRD's pruning drops it
      expect(withCode(check(by({ from: 'Selector', selector: null }), route, web, namespace('shop', { team: 'a' })), 'TT0032')).toEqual([]);
    });

    test('fails when the route names a listener the Gateway lacks, has no parent, or no hostname matches', () => {
      expect(withCode(check(gateway('gw'), webRoute({ parentRefs: [{ name: 'gw', sectionName: 'https' }] }), web), 'TT0032')[0].message).toMatch(
        /the Gateway has no listener named https \(listeners: http:80\)/,
      );
      expect(withCode(check(webRoute({ parentRefs: [] }), web), 'TT0032')[0].message).toMatch(/names no parent/);
      // unless another route delegates to it (kgateway's and Gloo's delegation: the child needs no parentRefs)
      const child = { ...webRoute({ parentRefs: [] }), metadata: { name: 'child', namespace: 'shop' } };
      const delegating = (name: string) => obj(GW, 'HTTPRoute', 'parent', {
        metadata: { namespace: 'infra' },
        spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name, namespace: 'shop' }] }] },
      });
      for (const name of ['child', '*']) {
        expect(withCode(check(child, web, delegating(name)), 'TT0032').filter((f) => f.name === 'child')).toEqual([]);
      }
      expect(withCode(check(child, web, delegating('other')), 'TT0032').filter((f) => f.name === 'child')).toHaveLength(1);
      // nor are its backends Istio's to judge: the delegating controller's kinds are its own
      const kgatewayBackend = { ...child, spec: { ...(child as any).spec, rules: [{ backendRefs: [{ group: 'gateway.kgateway.dev', kind: 'Backend', name: 'b' }] }] } };
      expect(withCode(check(kgatewayBackend, delegating('child')), 'TT0034').filter((f) => f.name === 'child')).toEqual([]);
      expect(withCode(check(kgatewayBackend), 'TT0034').filter((f) => f.name === 'child')).toHaveLength(1);
      const host = gateway('gw', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com' }] });
      expect(withCode(check(host, webRoute({ hostnames: ['shop.example.org'] }), web), 'TT0032')[0].message).toMatch(/its hostname \*\.example\.com matches none/);
      expect(withCode(check(host, webRoute({ hostnames: ['shop.example.com'] }), web), 'TT0032')).toEqual([]);
    });
  });

  describe('TT0033 BackendReferenceNotPermitted', () => {
    const other = { ...web, metadata: { name: 'web', namespace: 'store' } };
    const route = webRoute({}, { namespace: 'store' });
    test('fails when a backend in another namespace has no ReferenceGrant there', () => {
      expect(withCode(check(gateway('gw'), route, other), 'TT0033')).toEqual([
        expect.objectContaining({ field: 'spec.rules[0].backendRefs[0].namespace', message: expect.stringMatching(/^the backend Service store\/web is in another namespace/) }),
      ]);
    });

    test('passes with a ReferenceGrant from HTTPRoutes of the route\'s namespace to the Service', () => {
      const grant = (name?: string) =>
        obj(`${GW.split('/')[0]}/v1beta1`, 'ReferenceGrant', 'routes', {
          spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service', ...(name ? { name } : {}) }] },
        }, 'store');
      expect(withCode(check(gateway('gw'), route, other, grant()), 'TT0033')).toEqual([]);
      expect(withCode(check(gateway('gw'), route, other, grant('web')), 'TT0033')).toEqual([]);
      expect(withCode(check(gateway('gw'), route, other, grant('api')), 'TT0033')).toHaveLength(1);
    });

    test('passes for a mesh route (parents that are Services), for which Istio asks no grant; a Gateway parent beside them does', () => {
      // Istio 1.30's consumer-override case: a route of shop attached to Service store/web, sending to it
      const parent = { group: '', kind: 'Service', name: 'web', namespace: 'store', port: 8080 };
      const meshRoute = webRoute({ parentRefs: [parent] }, { namespace: 'store' });
      expect(withCode(check(meshRoute, other), 'TT0033')).toEqual([]);
      const both = webRoute({ parentRefs: [parent, { name: 'gw' }] }, { namespace: 'store' });
      expect(withCode(check(gateway('gw'), both, other), 'TT0033')).toHaveLength(1);
    });

    test("attaches GRPCRoutes, TCPRoutes and TLSRoutes to the listeners whose protocol takes them, as Istio's generateSupportedKinds says", () => {
      const listeners = [
        { name: 'http', port: 80, protocol: 'HTTP' },
        { name: 'tcp', port: 9000, protocol: 'TCP' },
        { name: 'tls', port: 443, protocol: 'TLS', hostname: '*.example.com', tls: { mode: 'Passthrough' } },
        { name: 'tls-term', port: 8443, protocol: 'TLS', tls: { certificateRefs: [{ name: 'cert' }] } },
      ];
      const gw = gateway('gw', { listeners });
      const route = (kind: string, apiVersion: string, sectionName: string, extra: Record<string, unknown> = {}) =>
        obj(apiVersion, kind, `${kind.toLowerCase()}-${sectionName}`, {
          spec: { parentRefs: [{ name: 'gw', sectionName }], rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }], ...extra },
        });
      const attached = (r: ReturnType<typeof route>) => withCode(check(gw, r, web), 'TT0032').map((f) => f.message);
      expect(attached(route('GRPCRoute', GW, 'http'))).toEqual([]);
      expect(attached(route('TCPRoute', 'gateway.networking.k8s.io/v1alpha2', 'tcp'))).toEqual([]);
      expect(attached(route('TCPRoute', 'gateway.networking.k8s.io/v1alpha2', 'http'))).toEqual([
        expect.stringMatching(/listener http: its protocol HTTP takes no TCPRoute \(it takes HTTPRoute and GRPCRoute\)/),
      ]);
      expect(attached(route('TLSRoute', GW, 'tls', { hostnames: ['shop.example.com'] }))).toEqual([]);
      expect(attached(route('TLSRoute', GW, 'tls', { hostnames: ['shop.example.org'] }))).toEqual([
        expect.stringMatching(/its hostname \*\.example\.com matches none of the route's hostnames/),
      ]);
      // a TLS listener that terminates (the CRD's default mode) takes TCPRoutes too; a passthrough one does not
      expect(attached(route('TCPRoute', 'gateway.networking.k8s.io/v1alpha2', 'tls-term'))).toEqual([]);
      expect(attached(route('TCPRoute', 'gateway.networking.k8s.io/v1alpha2', 'tls'))).toHaveLength(1);
      // Istio leaves an istio-remote Gateway unmanaged: its routes get no status (Istio's eastwest-remote case)
      const remote = gateway('gw', { gatewayClassName: 'istio-remote', listeners: [listeners[2]] });
      expect(withCode(check(remote, route('TLSRoute', GW, 'istiod-grpc'), web), 'TT0032')).toEqual([]);
    });

    test('asks for no grant, and looks no backend up, where Istio does not: weight 0, a parent it does not program', () => {
      // weight 0: Istio skips the backend (conversion.go: if wt == 0 { continue })
      const canary = webRoute({ rules: [{ backendRefs: [{ name: 'web', port: 8080 }, { name: 'canary', port: 8080, weight: 0 }, { name: 'web', namespace: 'store', port: 8080, weight: 0 }] }] });
      expect(withCode(check(gateway('gw'), canary, web, other), 'TT0034').concat(withCode(check(gateway('gw'), canary, web, other), 'TT0033'))).toEqual([]);
      // parents Istio builds no gateway route for: a waypoint, an istio-remote Gateway, a Gateway the set lacks
      for (const parent of [waypoint('gw'), gateway('gw', { gatewayClassName: 'istio-remote' }), undefined]) {
        const objects = [route, other, ...(parent ? [parent] : [])];
        expect(withCode(check(...objects), 'TT0033')).toEqual([]);
      }
      // a backend both refused and missing: the grant is asked for first, as Istio does
      const missing = webRoute({}, { namespace: 'store', name: 'gone' });
      expect(withCode(check(gateway('gw'), missing), 'TT0033')).toHaveLength(1);
      expect(withCode(check(gateway('gw'), missing), 'TT0034')).toEqual([]);
    });

    test("the class's controller decides whether Istio programs a Gateway's routes, the set's GatewayClass first", () => {
      const bad = webRoute({ parentRefs: [{ name: 'gw', sectionName: 'nosuch' }] });
      const unmanaged = obj(GW, 'GatewayClass', 'other-network', { spec: { controllerName: 'istio.io/unmanaged-gateway' } }, undefined);
      expect(withCode(check(gateway('gw', { gatewayClassName: 'other-network' }), unmanaged, bad, web), 'TT0032')).toEqual([]);
      const managed = obj(GW, 'GatewayClass', 'istio-remote', { spec: { controllerName: 'istio.io/gateway-controller' } }, undefined);
      expect(withCode(check(gateway('gw', { gatewayClassName: 'istio-remote' }), managed, bad, web), 'TT0032')).toHaveLength(1);
      expect(withCode(check(gateway('gw', { gatewayClassName: 'istio-remote' }), bad, web), 'TT0032')).toEqual([]);
    });

    test("attaches a route to a ListenerSet's listeners when its Gateway admits it, as Istio's ListenerSetCollection does", () => {
      const listenerSet = obj(GW, 'ListenerSet', 'extra', {
        spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'extra', port: 8080, protocol: 'HTTP', hostname: '*.example.com' }] },
      });
      const admitting = gateway('gw', { allowedListeners: { namespaces: { from: 'Same' } } });
      const onSet = (hostnames: string[], backend: Record<string, unknown> = {}) =>
        webRoute({ parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'extra' }], hostnames }, backend);
      expect(withCode(check(admitting, listenerSet, onSet(['shop.example.com']), web), 'TT0032')).toEqual([]);
      expect(withCode(check(admitting, listenerSet, onSet(['shop.example.org']), web), 'TT0032')).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^no listener of ListenerSet shop\/extra accepts the route/) }),
      ]);
      // a Gateway admits no ListenerSet unless its allowedListeners say so
      expect(withCode(check(gateway('gw'), listenerSet, onSet(['shop.example.com']), web), 'TT0032')).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/does not admit ListenerSets of shop \(spec\.allowedListeners\.namespaces\.from: None\)/) }),
      ]);
      expect(withCode(check(admitting, onSet(['shop.example.com']), web), 'TT0034')).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^referenced parent not found: ListenerSet "extra"/) }),
      ]);
      // allowedListeners by a selector: an empty one admits every namespace, none admits none, a Namespace the set lacks may match
      const bySelector = (namespaces: Record<string, unknown>) => gateway('gw', { allowedListeners: { namespaces } }, 'edge');
      const elsewhere = obj(GW, 'ListenerSet', 'extra', {
        spec: { parentRef: { name: 'gw', namespace: 'edge' }, listeners: [{ name: 'extra', port: 8080, protocol: 'HTTP', hostname: '*.example.com' }] },
      });
      const inShop = (gw: ReturnType<typeof gateway>, ...more: ReturnType<typeof namespace>[]) =>
        withCode(check(gw, elsewhere, onSet(['shop.example.com']), web, ...more), 'TT0032');
      expect(inShop(bySelector({ from: 'Selector', selector: {} }), namespace('shop', { team: 'a' }))).toEqual([]);
      expect(inShop(bySelector({ from: 'Selector', selector: { matchLabels: { listeners: 'ok' } } }))).toEqual([]);
      expect(inShop(bySelector({ from: 'Selector', selector: { matchLabels: { listeners: 'ok' } } }), namespace('shop', { team: 'a' }))).toHaveLength(1);
      expect(inShop(bySelector({ from: 'Selector' }))).toHaveLength(1);
      // an admitted ListenerSet builds a gateway route: a backend of another namespace needs its grant
      expect(withCode(check(admitting, listenerSet, onSet(['shop.example.com'], { namespace: 'store' }), other), 'TT0033')).toHaveLength(1);
    });

    test('reports a ServiceEntry parent the set lacks, as Istio does for a mesh route', () => {
      const parent = { group: 'networking.istio.io', kind: 'ServiceEntry', name: 'external' };
      const meshRoute = webRoute({ parentRefs: [parent] });
      expect(withCode(check(meshRoute, web), 'TT0034')).toEqual([
        expect.objectContaining({ field: 'spec.parentRefs[0]', message: expect.stringMatching(/^referenced parent not found: ServiceEntry "external"/) }),
      ]);
      const entry = obj('networking.istio.io/v1', 'ServiceEntry', 'external', { spec: { hosts: ['api.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } });
      expect(withCode(check(meshRoute, web, entry), 'TT0034')).toEqual([]);
    });

    test('looks backends of other kinds up as Istio does (its invalid-backendRef-hostname, -serviceimport and -kind cases)', () => {
      const to = (backend: Record<string, unknown>) => webRoute({}, { name: undefined, port: 80, ...backend });
      const entry = obj('networking.istio.io/v1', 'ServiceEntry', 'api', { spec: { hosts: ['api.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } });
      const hostname = { group: 'networking.istio.io', kind: 'Hostname' };
      const findings = (...objects: Parameters<typeof check>) => [...withCode(check(...objects), 'TT0034'), ...withCode(check(...objects), 'TT0033')];
      expect(findings(gateway('gw'), to({ ...hostname, name: 'api.example.com' }), entry)).toEqual([]);
      expect(findings(gateway('gw'), to({ ...hostname, name: 'unknown.example.com' }))).toEqual([
        expect.objectContaining({ code: 'TT0034', message: expect.stringMatching(/^referenced backend not found: host "unknown.example.com"/) }),
      ]);
      const serviceImport = { group: 'multicluster.x-k8s.io', kind: 'ServiceImport' };
      expect(findings(gateway('gw'), to({ ...serviceImport, name: 'web', port: 8080 }), web)).toEqual([]);
      expect(findings(gateway('gw'), to({ ...serviceImport, name: 'gone' }))).toEqual([expect.objectContaining({ code: 'TT0034' })]);
      expect(findings(gateway('gw'), to({ group: 'networking.istio.io', kind: 'ServiceEntry', name: 'api' }), entry)).toEqual([
        expect.objectContaining({ code: 'TT0034', field: 'spec.rules[0].backendRefs[0].kind', message: expect.stringMatching(/^referencing unsupported backendRef/) }),
      ]);
      // a Gateway of a class neither the set's nor Istio's gets its own TT0034; whose kinds its route's backends may be is undecided
      const unknownClass = gateway('gw', { gatewayClassName: 'gloo-gateway' });
      const upstream = findings(unknownClass, to({ group: 'gloo.solo.io', kind: 'Upstream', name: 'api' })).filter((f) => f.kind === 'HTTPRoute');
      expect(upstream).toEqual([]);
      // a ServiceImport of another namespace needs a grant to ServiceImports, as a Service needs one to Services
      const remote = to({ ...serviceImport, name: 'web', namespace: 'store', port: 8080 });
      const grant = (kind: string, group: string) =>
        obj(`${GW.split('/')[0]}/v1beta1`, 'ReferenceGrant', 'routes', {
          spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group, kind }] },
        }, 'store');
      expect(withCode(check(gateway('gw'), remote, other, grant('Service', '')), 'TT0033')).toHaveLength(1);
      expect(withCode(check(gateway('gw'), remote, other, grant('ServiceImport', 'multicluster.x-k8s.io')), 'TT0033')).toEqual([]);
    });

    test("leaves alone the backends of a route that only another controller's Gateways take; checks those of one whose Gateway may be Istio's", () => {
      const envoyClass = obj(GW, 'GatewayClass', 'eg', { spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } }, undefined);
      const envoy = gateway('gw', { gatewayClassName: 'eg' });
      const toBackend = webRoute({}, { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'backend', port: 3000 });
      expect(withCode(check(envoyClass, envoy, toBackend), 'TT0034')).toEqual([]);
      expect(withCode(check(envoyClass, envoy, webRoute()), 'TT0034')).toEqual([]);
      // the class is not in the set: its controller may be Istio's, whose backends must be there, or another's, with kinds of its own
      expect(withCode(check(envoy, toBackend), 'TT0034').map((f) => f.field)).toEqual(['spec.gatewayClassName']);
      expect(withCode(check(envoy, webRoute()), 'TT0034').map((f) => f.field)).toEqual(['spec.gatewayClassName', 'spec.rules[0].backendRefs[0].name']);
      // a ListenerSet of that Gateway, and Istio's unmanaged istio-remote class, are left alone too
      const listenerSet = obj(GW, 'ListenerSet', 'ls', { spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'extra', port: 8080, protocol: 'HTTP' }] } });
      const viaSet = webRoute({ parentRefs: [{ kind: 'ListenerSet', name: 'ls' }] }, { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'backend', port: 3000 });
      expect(withCode(check(envoyClass, envoy, listenerSet, viaSet), 'TT0034')).toEqual([]);
      expect(withCode(check(gateway('gw', { gatewayClassName: 'istio-remote' }), toBackend), 'TT0034')).toEqual([]);
      // a second parent that Istio programs brings the route back
      const both = webRoute({ parentRefs: [{ name: 'gw' }, { name: 'istio-gw' }] }, { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'backend', port: 3000 });
      expect(withCode(check(envoyClass, envoy, gateway('istio-gw'), both), 'TT0034').map((f) => f.field)).toEqual(['spec.rules[0].backendRefs[0].kind']);
    });

    test("checks a RequestMirror filter's backend as a backendRef (Istio's invalid-backendRef-mirror case)", () => {
      const mirror = (backendRef: Record<string, unknown>) =>
        webRoute({ rules: [{ filters: [{ type: 'RequestMirror', requestMirror: { backendRef } }], backendRefs: [{ name: 'web', port: 8080 }] }] });
      expect(withCode(check(gateway('gw'), mirror({ name: 'web', port: 8080 }), web), 'TT0034')).toEqual([]);
      expect(withCode(check(gateway('gw'), mirror({ name: 'does-not-exist', port: 80 }), web), 'TT0034')).toEqual([
        expect.objectContaining({ field: 'spec.rules[0].filters[0].requestMirror.backendRef.name', message: expect.stringMatching(/"does-not-exist"/) }),
      ]);
      expect(withCode(check(gateway('gw'), mirror({ name: 'web', namespace: 'store', port: 8080 }), web, other), 'TT0033')).toHaveLength(1);
    });

    test('checks the backends of GRPCRoutes, TCPRoutes and TLSRoutes too, each kind needing a grant of its own', () => {
      const tcpGateway = gateway('gw', { listeners: [{ name: 'tcp', port: 9000, protocol: 'TCP' }] });
      const tcp = obj('gateway.networking.k8s.io/v1alpha2', 'TCPRoute', 'db', {
        spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', namespace: 'store', port: 8080 }] }] },
      });
      const grant = (kind: string) =>
        obj(`${GW.split('/')[0]}/v1beta1`, 'ReferenceGrant', 'routes', {
          spec: { from: [{ group: 'gateway.networking.k8s.io', kind, namespace: 'shop' }], to: [{ group: '', kind: 'Service' }] },
        }, 'store');
      expect(withCode(check(tcpGateway, tcp, other), 'TT0033')).toEqual([
        expect.objectContaining({ kind: 'TCPRoute', message: expect.stringMatching(/lets TCPRoutes of shop refer to it/) }),
      ]);
      expect(withCode(check(tcpGateway, tcp, other, grant('HTTPRoute')), 'TT0033')).toHaveLength(1);
      expect(withCode(check(tcpGateway, tcp, other, grant('TCPRoute')), 'TT0033')).toEqual([]);
      const grpc = obj(GW, 'GRPCRoute', 'api', { spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'missing', port: 9090 }] }] } });
      expect(withCode(check(gateway('gw'), grpc), 'TT0034')).toEqual([
        expect.objectContaining({ kind: 'GRPCRoute', field: 'spec.rules[0].backendRefs[0].name', message: expect.stringMatching(/^referenced backend not found: Service "missing"/) }),
      ]);
    });
  });

  describe('IST0166 IneffectiveSelector', () => {
    test('fails when a policy selects the pods Istio deploys for a Gateway API Gateway', () => {
      const selecting = policy('gw', { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' } } });
      expect(withCode(check(gateway('gw'), selecting), 'IST0166')).toEqual([
        expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^ineffective selector on Kubernetes Gateway gw; use the targetRef field instead/) }),
      ]);
      const byLabel = policy('web', { selector: { matchLabels: { tier: 'edge' } } });
      expect(withCode(check(gateway('gw', {}, 'shop', { labels: { tier: 'edge' } }), byLabel), 'IST0166')).toHaveLength(1);
      expect(withCode(check(gateway('gw'), policy('web', { selector: { matchLabels: { app: 'web' } } })), 'IST0166')).toEqual([]);
    });
  });
});

describe('IST0176 GatewayAPICRDVersionBelowMinimum', () => {
  const crd = (name: string, bundleVersion?: string, apiVersion = 'apiextensions.k8s.io/v1') =>
    obj(apiVersion, 'CustomResourceDefinition', name, {
      metadata: bundleVersion === undefined ? {} : { annotations: { 'gateway.networking.k8s.io/bundle-version': bundleVersion } },
      spec: { group: 'gateway.networking.k8s.io', names: { kind: 'X', plural: name.split('.')[0] }, scope: 'Namespaced', versions: [] },
    }, undefined);
  const crdFindings = (...objects: ReturnType<typeof obj>[]) =>
    withCode(check(...objects), 'IST0176').map((f) => `${f.name} ${f.field} ${f.severity}: ${f.message}`);

  test("warns of each CRD below the bundle version Istio 1.30 needs for it, with the version as istioctl's semver prints it", () => {
    expect(crdFindings(
      crd('tlsroutes.gateway.networking.k8s.io', 'v1.4.1'),
      crd('backendtlspolicies.gateway.networking.k8s.io', '1.3'),
      crd('grpcroutes.gateway.networking.k8s.io', '1.0.0-rc1+build.5'),
    )).toEqual([
      'backendtlspolicies.gateway.networking.k8s.io metadata.name warning: Gateway API CRD "backendtlspolicies.gateway.networking.k8s.io" is at version ' +
        '"1.3.0" but Istio requires at least "1.4.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
      'grpcroutes.gateway.networking.k8s.io metadata.name warning: Gateway API CRD "grpcroutes.gateway.networking.k8s.io" is at version "1.0.0-rc1+build.5" ' +
        'but Istio requires at least "1.1.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
      'tlsroutes.gateway.networking.k8s.io metadata.name warning: Gateway API CRD "tlsroutes.gateway.networking.k8s.io" is at version "1.4.1" ' +
        'but Istio requires at least "1.5.0"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
    ]);
  });

  test('passes the minimum and above (a pre-release of it too), other CRDs, no annotation, and versions semver cannot read', () => {
    expect(crdFindings(
      crd('tlsroutes.gateway.networking.k8s.io', '1.5.0-rc.1'),
      crd('backendtlspolicies.gateway.networking.k8s.io', 'v1.5.1'),
      crd('grpcroutes.gateway.networking.k8s.io'),
      crd('httproutes.gateway.networking.k8s.io', '0.1.0'),
      crd('tlsroutes.gateway.networking.k8s.io', 'one'),
      crd('tlsroutes.gateway.networking.k8s.io', '1.4.0-01'),
      crd('tlsroutes.gateway.networking.k8s.io', '18446744073709551616.0.0'),
      crd('tlsroutes.gateway.networking.k8s.io', '1.4.0', 'apiextensions.k8s.io/v1beta1'),
    )).toEqual([]);
  });
});

describe('ambient mode analyzers', () => {
  describe('TT0030 L7WithoutWaypoint', () => {
    test('fails when ztunnel would enforce an L7 ALLOW policy (a selector in an ambient namespace): it refuses what it names', () => {
      const findings = withCode(check(ambient(), web, deployment(), allowShop({ selector: { matchLabels: { app: 'web' } } })), 'TT0030');
      expect(findings).toEqual([
        expect.objectContaining({
          severity: 'error',
          kind: 'AuthorizationPolicy',
          field: 'spec.rules[0]',
          message: expect.stringMatching(/^ztunnel enforces this policy .* so it refuses the requests they were written to allow; attach it to a waypoint with targetRefs/),
        }),
      ]);
      expect(findings[0].message).toMatch(/deploy one \(a Gateway of class istio-waypoint\)/);
    });

    test('fails on an L7 DENY policy too, and passes L4 policies and pods that keep a sidecar', () => {
      const deny = policy('deny', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] });
      expect(withCode(check(ambient(), deny), 'TT0030')[0].message).toMatch(/denies every request of the sources and ports they name/);
      const l4 = policy('l4', { action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/a'] } }], to: [{ operation: { ports: ['8080'] } }] }] });
      expect(withCode(check(ambient(), l4), 'TT0030')).toEqual([]);
      const sidecar = deployment({ 'sidecar.istio.io/inject': 'true' });
      expect(withCode(check(ambient(), sidecar, allowShop({ selector: { matchLabels: { app: 'web' } } })), 'TT0030')).toEqual([]);
      expect(withCode(check(namespace('shop', { 'istio-injection': 'enabled' }), allowShop({ selector: { matchLabels: { app: 'web' } } })), 'TT0030')).toEqual([]);
    });

    test('fails when a policy is attached to a Service that uses no waypoint: nothing enforces it', () => {
      const attached = allowShop({ targetRefs: [{ group: '', kind: 'Service', name: 'web' }] });
      expect(withCode(check(ambient(), web, attached), 'TT0030')).toEqual([
        expect.objectContaining({ field: 'spec.targetRefs[0]', message: expect.stringMatching(/^the policy is attached to Service shop\/web, which uses no waypoint/) }),
      ]);
      expect(withCode(check(ambient({ 'istio.io/use-waypoint': 'waypoint' }), waypoint(), web, attached), 'TT0030')).toEqual([]);
      const optedOut = { ...web, metadata: { ...web.metadata, labels: { 'istio.io/use-waypoint': 'none' } } };
      expect(withCode(check(ambient({ 'istio.io/use-waypoint': 'waypoint' }), waypoint(), optedOut, attached), 'TT0030')).toHaveLength(1);
      // without the Namespace in the set, a Service without a label of its own may take the namespace's waypoint: undecided
      expect(withCode(check(waypoint(), web, attached), 'TT0030')).toEqual([]);
      expect(withCode(check(waypoint(), optedOut, attached), 'TT0030')).toHaveLength(1);
    });

    test('fails when a VirtualService injects faults for a Service of an ambient namespace without a waypoint', () => {
      const fault = virtualService('web', {
        hosts: ['web'],
        http: [{ fault: { abort: { httpStatus: 502, percentage: { value: 50 } } }, route: [{ destination: { host: 'web' } }] }],
      });
      expect(withCode(check(ambient(), web, fault), 'TT0030')).toEqual([
        expect.objectContaining({ kind: 'VirtualService', field: 'spec.hosts[0]', message: expect.stringMatching(/ztunnel applies no VirtualService, so its routes and faults take no effect/) }),
      ]);
      expect(withCode(check(ambient({ 'istio.io/use-waypoint': 'waypoint' }), waypoint(), web, fault), 'TT0030')).toEqual([]);
    });
  });

  describe('TT0031 SidecarSettingInAmbientNamespace', () => {
    test('fails when pods of an ambient namespace carry sidecar annotations, or ask for a sidecar', () => {
      const findings = withCode(check(ambient(), deployment({ 'sidecar.istio.io/inject': 'true' }, { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' })), 'TT0031');
      expect(findings.map((f) => [f.severity, f.message.split(':')[0]])).toEqual([
        ['warning', 'the pods ask for a sidecar (sidecar.istio.io/inject'],
        ['warning', 'the pods carry sidecar settings (sidecar.istio.io/rewriteAppHTTPProbers) in namespace shop, which is in ambient mode'],
      ]);
    });

    test('passes the same pods with sidecars, and ambient pods without sidecar settings', () => {
      const annotated = deployment({ 'sidecar.istio.io/inject': 'true' }, { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' });
      expect(withCode(check(namespace('shop', { 'istio-injection': 'enabled' }), annotated), 'TT0031')).toEqual([]);
      expect(withCode(check(ambient(), deployment({ 'istio.io/dataplane-mode': 'none' })), 'TT0031')).toEqual([]);
    });
  });

  describe('TT0011 RequestDeniedByPolicy, for Gateway API routes', () => {
    const allowNothing = policy('allow-nothing', {});
    const allowGateway = policy('allow-ingress-gateway', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], rules: [{}] });
    const sidecars = namespace('shop', { 'istio-injection': 'enabled' });

    test("fails when the namespace's allow-nothing refuses the gateway's own pods, which Istio deploys there", () => {
      expect(withCode(check(sidecars, gateway('gw'), webRoute(), web, deployment(), allowNothing, allowShop({ selector: { matchLabels: { app: 'web' } } })), 'TT0011')).toEqual([
        expect.objectContaining({
          field: 'spec.rules[0]',
          message: expect.stringMatching(/^GET \/shop from a client outside the mesh to Gateway shop\/gw is refused by the gateway's own policies/),
        }),
      ]);
    });

    test("a route only another controller's Gateway takes gets no request from an Istio gateway", () => {
      const envoyClass = obj(GW, 'GatewayClass', 'eg', { spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } }, undefined);
      expect(withCode(check(sidecars, envoyClass, gateway('gw', { gatewayClassName: 'eg' }), webRoute(), web, deployment(), allowNothing), 'TT0011')).toEqual([]);
    });

    test('a JWT-only allowance is not a refusal, a regular expression names no path to try, and every match is tried', () => {
      const requireJwt = policy('require-jwt', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
      expect(withCode(check(sidecars, gateway('gw'), webRoute(), web, deployment(), allowGateway, requireJwt), 'TT0011')).toEqual([]);
      const allowApi = policy('api', { selector: { matchLabels: { app: 'web' } }, rules: [{ to: [{ operation: { paths: ['/api/*'] } }] }] });
      const route = (matches: unknown[]) => httpRoute('web', { parentRefs: [{ name: 'gw' }], rules: [{ matches, backendRefs: [{ name: 'web', port: 8080 }] }] });
      expect(withCode(check(sidecars, gateway('gw'), route([{ path: { type: 'RegularExpression', value: '/api/.*' } }]), web, deployment(), allowGateway, allowApi), 'TT0011')).toEqual([]);
      // the full path rewritten: the backend sees that path, whatever the expression matched
      const rewritten = httpRoute('web', {
        parentRefs: [{ name: 'gw' }],
        rules: [{
          matches: [{ path: { type: 'RegularExpression', value: '/v[0-9]+/.*' } }],
          filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/admin' } } }],
          backendRefs: [{ name: 'web', port: 8080 }],
        }],
      });
      expect(withCode(check(sidecars, gateway('gw'), rewritten, web, deployment(), allowGateway, allowApi), 'TT0011').map((f) => f.message)).toEqual([
        expect.stringMatching(/^GET \/admin from the ingress gateway .* is refused/),
      ]);
      const two = route([{ path: { type: 'PathPrefix', value: '/api/' } }, { path: { type: 'PathPrefix', value: '/admin' } }]);
      expect(withCode(check(sidecars, gateway('gw'), two, web, deployment(), allowGateway, allowApi), 'TT0011').map((f) => f.message)).toEqual([
        expect.stringMatching(/^GET \/admin from the ingress gateway .* is refused/),
      ]);
    });

    test('a backend of weight 0 beside others gets no request, so no refusal', () => {
      const split = webRoute({}, {});
      (split as any).spec.rules[0].backendRefs = [{ name: 'web', port: 8080, weight: 0 }, { name: 'other', port: 8080, weight: 1 }];
      const otherSvc = { ...service('other'), spec: { ports: [{ name: 'http', port: 8080 }], selector: { app: 'other' } } };
      expect(withCode(check(sidecars, gateway('gw'), split, web, otherSvc, deployment(), allowNothing, allowGateway), 'TT0011').map((f) => f.field)).toEqual([]);
    });

    test("with sidecars: fails when the backend's policies refuse the gateway's principal, passes when they allow it", () => {
      const base = [sidecars, gateway('gw'), webRoute(), web, deployment(), allowNothing, allowGateway];
      expect(withCode(check(...base), 'TT0011')).toEqual([
        expect.objectContaining({
          field: 'spec.rules[0].backendRefs[0]',
          message: expect.stringMatching(/^GET \/ from the ingress gateway \(cluster.local\/ns\/shop\/sa\/gw-istio\) to Deployment shop\/web is refused/),
        }),
      ]);
      expect(withCode(check(...base, allowShop({ selector: { matchLabels: { app: 'web' } } })), 'TT0011')).toEqual([]);
    });

    test("a route on a ListenerSet passes its Gateway's pods: that gateway's policies and principal decide", () => {
      const listenerSet = obj(GW, 'ListenerSet', 'extra', { spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'extra', port: 8080, protocol: 'HTTP' }] } });
      const onSet = webRoute({ parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'extra' }] });
      const admitting = gateway('gw', { allowedListeners: { namespaces: { from: 'Same' } } });
      expect(withCode(check(sidecars, admitting, listenerSet, onSet, web, deployment(), allowNothing, allowGateway), 'TT0011')).toEqual([
        expect.objectContaining({
          field: 'spec.rules[0].backendRefs[0]',
          message: expect.stringMatching(/^GET \/ from the ingress gateway \(cluster.local\/ns\/shop\/sa\/gw-istio\) to Deployment shop\/web is refused/),
        }),
      ]);
      expect(withCode(check(sidecars, admitting, listenerSet, onSet, web, deployment(), allowNothing), 'TT0011').map((f) => f.message)).toEqual([
        expect.stringMatching(/^GET \/ from the ingress gateway \(cluster.local\/ns\/shop\/sa\/gw-istio\) to Deployment shop\/web is refused/),
        expect.stringMatching(/^GET \/shop from a client outside the mesh to Gateway shop\/gw is refused by the gateway's own policies/),
      ]);
      // a Gateway that does not admit the ListenerSet serves none of its routes: nothing to refuse
      expect(withCode(check(sidecars, gateway('gw'), listenerSet, onSet, web, deployment(), allowNothing, allowGateway), 'TT0011')).toEqual([]);
    });

    test('in ambient mode: the waypoint checks the L7 allow-list, and the pods\' ztunnel must admit the waypoint', () => {
      const mesh = ambient({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true' });
      const base = [mesh, waypoint(), gateway('gw'), webRoute(), web, deployment(), allowNothing, allowGateway];
      const allowList = allowShop({ targetRefs: [{ group: '', kind: 'Service', name: 'web' }] });
      const fromWaypoint = policy('allow-from-waypoint', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }] });
      expect(withCode(check(...base, allowList, fromWaypoint), 'TT0011')).toEqual([]);
      // without the ztunnel policy for the waypoint, allow-nothing refuses the waypoint's requests at the pods
      expect(withCode(check(...base, allowList), 'TT0011')[0].message).toMatch(/its ztunnel sees the waypoint's principal cluster.local\/ns\/shop\/sa\/waypoint/);
      // the allow-list on the pods instead: the waypoint has no policy, and ztunnel drops the L7 rule for the waypoint
      const onPods = allowShop({ selector: { matchLabels: { app: 'web' } } });
      expect(withCode(check(...base, onPods, fromWaypoint), 'TT0011')).toEqual([]);
      expect(withCode(check(...base, onPods, fromWaypoint), 'TT0030')).toHaveLength(1);
      const denyAtWaypoint = policy('deny', { targetRefs: [{ group: '', kind: 'Service', name: 'web' }], action: 'DENY', rules: [{ to: [{ operation: { paths: ['/'] } }] }] });
      expect(withCode(check(...base, allowList, fromWaypoint, denyAtWaypoint), 'TT0011')[0].message).toMatch(
        /to Service shop\/web at waypoint shop\/waypoint is refused: DENY policy deny matches it/,
      );
    });

    test('in ambient mode without ingress-use-waypoint: ztunnel checks the gateway\'s requests, at L4 only', () => {
      const base = [ambient(), gateway('gw'), webRoute(), web, deployment(), allowNothing, allowGateway];
      expect(withCode(check(...base, allowShop({ selector: { matchLabels: { app: 'web' } } })), 'TT0011')[0].message).toMatch(
        /ztunnel drops the rules with methods, paths or other L7 conditions/,
      );
      const l4 = policy('web', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/gw-istio'] } }] }] });
      expect(withCode(check(...base, l4), 'TT0011')).toEqual([]);
    });
  });
});
