import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayApiIngress, GatewayApiIngressProps, IngressRoute, OutputChart, TracedApp, TracingCollector, TracingConfig } from '../constructs';
import { KubeObject } from '../src/manifests/kube-object';
import { synthesize } from '../src/synth/synthesize';
import { buildApp, environmentNamed, TUTORIAL_PROJECT } from '../src/project';
import { objectIn } from './support/synth';

/** An app `name` on port 8000 in `chart`. */
function app(chart: Construct, name: string): TracedApp {
  const tracingConfig = new TracingConfig(chart, `T-${name}`, { collector: new TracingCollector() });
  return new TracedApp(chart, name, { name, image: name, stack: 's', port: 8000, livenessPath: '/l', readinessPath: '/r', tracingConfig });
}

/** The objects of an ingress in namespace `shop` whose routes `routes` makes from an app `web` (and `api`, in namespace `store`). */
function synthIngress(routes: (web: TracedApp, api: TracedApp) => IngressRoute[], props: Partial<GatewayApiIngressProps> = {}): KubeObject[] {
  const cdk = new App();
  const shop = new OutputChart(cdk, 'shop', { file: 'shop.yaml', namespace: 'shop' });
  const store = new OutputChart(cdk, 'store', { file: 'store.yaml', namespace: 'store' });
  const web = app(shop, 'web');
  const api = app(store, 'api');
  new GatewayApiIngress(new OutputChart(cdk, 'ingress', { file: 'ingress.yaml', namespace: 'shop' }), 'I', { routes: routes(web, api), ...props });
  return [...synthesize(cdk).manifests.find((m) => m.file === 'ingress.yaml')!.objects];
}

describe('GatewayApiIngress', () => {
  const result = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'gateway-api')));

  test('the tutorial Gateway is a Gateway API Gateway of class istio, plain HTTP on port 80 for any host', () => {
    const gw = objectIn(result, '30-ingress.yaml', 'Gateway', 'tutorial-gateway');
    expect(gw.apiVersion).toEqual('gateway.networking.k8s.io/v1');
    expect(gw.metadata.namespace).toEqual('cloudlab');
    expect(gw.spec.gatewayClassName).toEqual('istio');
    expect(gw.spec.listeners).toEqual([{ name: 'http', port: 80, protocol: 'HTTP' }]);
  });

  test('in a restricted namespace, the gateway pods Istio deploys get the RuntimeDefault seccomp profile through parametersRef', () => {
    const gw = objectIn(result, '30-ingress.yaml', 'Gateway', 'tutorial-gateway');
    expect(gw.spec.infrastructure).toEqual({ parametersRef: { group: '', kind: 'ConfigMap', name: 'tutorial-gateway-infrastructure' } });
    const options = objectIn(result, '30-ingress.yaml', 'ConfigMap', 'tutorial-gateway-infrastructure');
    expect(options.data.deployment).toEqual('spec:\n  template:\n    spec:\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n');
    expect(synthIngress((web) => [{ prefix: '/', app: web }]).map((o) => o.kind)).toEqual(['Gateway', 'HTTPRoute']);
    // with sidecars no waypoint takes the gateway's Service: its traffic is left as it is
    expect(options.data.service).toBeUndefined();
  });

  test("in ambient mode, the gateway's own Service is kept out of the namespace's waypoint, whose policies would refuse its callers", () => {
    const ambient = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient')));
    expect(objectIn(ambient, '00-namespace.yaml', 'Namespace', 'cloudlab').metadata.labels['istio.io/use-waypoint']).toEqual('waypoint');
    const options = objectIn(ambient, '30-ingress.yaml', 'ConfigMap', 'tutorial-gateway-infrastructure');
    expect(options.data.service).toEqual('metadata:\n  labels:\n    istio.io/use-waypoint: none\n');
    expect(options.data.deployment).toMatch(/seccompProfile:\n\s+type: RuntimeDefault/);
    // Istio never sends a waypoint's own Service through a waypoint
    expect(objectIn(ambient, '05-waypoint.yaml', 'ConfigMap', 'waypoint-infrastructure').data.service).toBeUndefined();
    // the patch alone makes the ConfigMap, where no Pod Security needs one
    const objects = synthIngress((web) => [{ prefix: '/', app: web }], { namespaceWaypoint: 'waypoint' }) as any[];
    const gw = objects.find((o) => o.kind === 'Gateway');
    expect(gw.spec.infrastructure).toEqual({ parametersRef: { group: '', kind: 'ConfigMap', name: 'tutorial-gateway-infrastructure' } });
    expect(objects.find((o) => o.kind === 'ConfigMap').data).toEqual({ service: 'metadata:\n  labels:\n    istio.io/use-waypoint: none\n' });
  });

  test('one HTTPRoute per app routed to: /quoteOrder and /quoteItem to nodejs-tracing, with their rewrites', () => {
    const route = objectIn(result, '30-ingress.yaml', 'HTTPRoute', 'nodejs-tracing');
    expect(route.spec.parentRefs).toEqual([{ name: 'tutorial-gateway' }]);
    expect(route.spec.rules).toEqual(
      [['/quoteOrder', '/node-jee'], ['/quoteItem', '/node-springboot']].map(([prefix, rewrite]) => ({
        matches: [{ path: { type: 'PathPrefix', value: prefix } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: rewrite } } }],
        backendRefs: [{ name: 'nodejs-tracing', port: 3000 }],
      })),
    );
  });

  test('a route without rewrite has no filter; hosts become one listener each and the routes\' hostnames', () => {
    const objects = synthIngress((web) => [{ prefix: '/web', app: web }], { hosts: ['shop.example.com', '*.example.org'] }) as any[];
    const gw = objects.find((o) => o.kind === 'Gateway');
    expect(gw.spec.listeners).toEqual([
      { name: 'http-0', hostname: 'shop.example.com', port: 80, protocol: 'HTTP' },
      { name: 'http-1', hostname: '*.example.org', port: 80, protocol: 'HTTP' },
    ]);
    const route = objects.find((o) => o.kind === 'HTTPRoute');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'tutorial-gateway' }],
      hostnames: ['shop.example.com', '*.example.org'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/web' } }], backendRefs: [{ name: 'web', port: 8000 }] }],
    });
  });

  test('a backend in another namespace gets a ReferenceGrant there, and passes the checks', () => {
    const objects = synthIngress((web, api) => [{ prefix: '/web', app: web }, { prefix: '/api', app: api }]) as any[];
    expect(objects.filter((o) => o.kind === 'HTTPRoute').map((o) => [o.metadata.name, o.spec.rules[0].backendRefs])).toEqual([
      ['web', [{ name: 'web', port: 8000 }]],
      ['api', [{ name: 'api', namespace: 'store', port: 8000 }]],
    ]);
    const grant = objects.find((o) => o.kind === 'ReferenceGrant');
    expect(grant.metadata).toMatchObject({ name: 'shop-routes-to-api', namespace: 'store' });
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
      to: [{ group: '', kind: 'Service', name: 'api' }],
    });
  });

  test("the gateway's principal and address are those of what Istio deploys for it: <name>-istio", () => {
    const cdk = new App();
    const chart = new OutputChart(cdk, 'c', { file: 'c.yaml', namespace: 'shop' });
    const ingress = new GatewayApiIngress(chart, 'I', { routes: [{ prefix: '/', app: app(chart, 'web') }], gatewayName: 'edge', port: 8080 });
    expect([ingress.principal, ingress.url]).toEqual(['cluster.local/ns/shop/sa/edge-istio', 'http://edge-istio.shop.svc.cluster.local:8080']);
  });

  test('fails when a route targets a subset: an HTTPRoute has none', () => {
    expect(() => synthIngress((web) => [{ prefix: '/web', app: web, subset: 'v2' }])).toThrow(
      /ingress route \/web targets subset 'v2' of app web, but an HTTPRoute has no subsets: give the version a Service of its own/,
    );
  });

  test('fails when there are no routes, or a gateway host is not one', () => {
    expect(() => synthIngress(() => [])).toThrow('ingress tutorial-gateway must have at least one route, got none');
    expect(() => synthIngress((web) => [{ prefix: '/web', app: web }], { hosts: ['Shop'] })).toThrow(/hosts of gateway tutorial-gateway must each be '\*' or a lowercase DNS name/);
  });
});
