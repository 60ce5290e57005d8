// What `npm run diff` says a change does to the mesh, and how it pictures it, on a small mesh built in memory.
import { INGRESS_GATEWAY_PRINCIPAL } from '../constructs/istio-defaults';
import { mermaid } from '../src/diff/mesh-graph';
import { DiffReport, reportDiffers, reportErrors } from '../src/diff/output-diff';
import { renderReport } from '../src/diff/render';
import { allow, ambientMesh, app, copyMesh, diffMeshes, gatewayApiMesh, MeshFiles, objectOf, SHOP_GATEWAY_PRINCIPAL, shopMesh } from './support/diff-mesh';

const base = shopMesh();
const changed = (change: (head: MeshFiles) => void) => {
  const head = copyMesh(base);
  change(head);
  return diffMeshes(base, head);
};
const messages = (diff: ReturnType<typeof diffMeshes>) => diff.mesh.map((c) => `${c.severity} ${c.area}: ${c.message}`);
const edges = (diff: ReturnType<typeof diffMeshes>) => diff.graph.edges.filter((e) => e.status !== 'same').map((e) => `${e.status} ${e.from} -> ${e.to}: ${e.label}`);
const ingress = (head: MeshFiles) => objectOf(head, '30-ingress.yaml', 'VirtualService', 'shop');
const report = (diff: ReturnType<typeof diffMeshes>): DiffReport => ({ baseRef: 'main', baseCommit: '0123456789abcdef', head: 'working tree', environments: [diff] });
const EDITED_PRINCIPAL = 'cluster.local/ns/istio-system/sa/istio-ingress';

describe('what a change does to the mesh', () => {
  test('nothing, when the output is the same', () => {
    const diff = changed(() => undefined);
    expect(diff.status).toBe('unchanged');
    expect(diff.objects).toEqual([]);
    expect(diff.mesh).toEqual([]);
    expect(edges(diff)).toEqual([]);
  });

  test('nothing, when only the order of keys and documents changed', () => {
    const reversed = (value: any): any =>
      Array.isArray(value)
        ? value.map(reversed)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
          : value;
    const diff = changed((head) => {
      for (const file of Object.keys(head)) head[file] = head[file].map(reversed).reverse();
    });
    expect(diff.status).toBe('unchanged');
    expect(diff.objects).toEqual([]);
    expect(diff.mesh).toEqual([]);
  });

  test('a weight change: the share each version now gets, the weights that changed, and a changed edge', () => {
    const diff = changed((head) => {
      const canary = objectOf(head, 'canary/frontend-v2.yaml', 'VirtualService', 'shop');
      canary.spec.http[0].route[0].weight = 80;
      canary.spec.http[0].route[1].weight = 20;
    });
    expect(messages(diff)).toEqual(['info route: route /shop (canary/frontend-v2.yaml) now sends 80 % to frontend v1 (was 90 %) and 20 % to frontend v2 (was 10 %)']);
    expect(diff.objects.map((o) => [o.change, o.file, o.id, o.fields])).toEqual([
      [
        'changed',
        'canary/frontend-v2.yaml',
        'VirtualService shop/shop',
        [
          { path: 'spec.http[0].route[0].weight', before: 90, after: 80 },
          { path: 'spec.http[0].route[1].weight', before: 10, after: 20 },
        ],
      ],
    ]);
    expect(edges(diff)).toEqual([
      'changed gateway -> app_frontend: canary /shop → /home: 80 % frontend v1',
      'changed gateway -> app_frontend: canary /shop → /home: 20 % frontend v2',
    ]);
  });

  test('a new route: where it sends requests, and a new edge', () => {
    const diff = changed((head) => ingress(head).spec.http.push({ match: [{ uri: { prefix: '/checkout' } }], rewrite: { uri: '/cart' }, route: [{ destination: { host: 'frontend' } }] }));
    expect(messages(diff)).toEqual(['info route: new route /checkout (30-ingress.yaml) on gateway shop/shop-gateway: sends requests to frontend v1, rewritten to /cart']);
    expect(edges(diff)).toEqual(['added gateway -> app_frontend: /checkout → /cart']);
  });

  test('fails when a new route goes where the policies do not let the ingress gateway call: an error, and no edge', () => {
    const diff = changed((head) => ingress(head).spec.http.push({ match: [{ uri: { prefix: '/orders' } }], route: [{ destination: { host: 'backend' } }] }));
    expect(messages(diff)[0]).toBe(
      'error route: new route /orders (30-ingress.yaml) is cut off: the ingress gateway cannot call backend v1 GET /orders ' +
        `(as ${INGRESS_GATEWAY_PRINCIPAL}: no rule of the ALLOW policies selecting it (allow-nothing, backend) matches it)`,
    );
    expect(reportErrors(report(diff))).toBe(1);
    expect(edges(diff)).toEqual([]);
  });

  test('a changed prefix, rewrite and destination', () => {
    const diff = changed((head) => {
      ingress(head).spec.http[0].match[0].uri.prefix = '/store';
      ingress(head).spec.http[1].rewrite.uri = '/items';
      ingress(head).spec.http[1].route[0].destination.host = 'backend';
      objectOf(head, '15-security.yaml', 'AuthorizationPolicy', 'backend').spec.rules.push({ from: [{ source: { principals: [INGRESS_GATEWAY_PRINCIPAL] } }] });
    });
    expect(messages(diff)).toEqual([
      'info route: route /shop (30-ingress.yaml) now matches /store',
      'info route: route /basket (30-ingress.yaml) now rewrites the path to /items (was /cart)',
      'info route: route /basket (30-ingress.yaml) now sends requests to backend v1 (was frontend v1)',
      'info access: the ingress gateway can now call backend any method any path',
    ]);
  });

  test('a rule matching a header is a route of its own: a canary for one user does not read as moving every request', () => {
    const diff = changed((head) => {
      ingress(head).spec.http.unshift({
        match: [{ uri: { prefix: '/shop' }, headers: { 'end-user': { exact: 'jason' } } }, { uri: { prefix: '/shop' }, queryParams: { v: { prefix: '2' } } }],
        rewrite: { uri: '/home' },
        route: [{ destination: { host: 'frontend', port: { number: 8080 } } }],
      });
    });
    expect(messages(diff).filter((m) => m.includes(' route: '))).toEqual([
      'info route: new route /shop [header end-user=jason] or /shop [query v^=2] (30-ingress.yaml) on gateway shop/shop-gateway: sends requests to frontend v1, rewritten to /home',
    ]);
  });

  test('a method matched by regex or prefix is a condition of the match, not the method of the request the policies see', () => {
    const regex = changed((head) => (ingress(head).spec.http[0].match[0].method = { regex: 'GET|POST' }));
    expect(messages(regex)).toEqual(['info route: route /shop (30-ingress.yaml) now matches /shop [method~=GET|POST]']);
    const prefix = changed((head) => (ingress(head).spec.http[0].match[0].method = { prefix: 'G' }));
    expect(messages(prefix)).toEqual(['info route: route /shop (30-ingress.yaml) now matches /shop [method^=G]']);
  });

  test('what means the same reads as no change: hosts in another order, case or twice, match alternatives in another order, a header name in capitals', () => {
    const before = copyMesh(base);
    ingress(before).spec.hosts = ['a.example.com', 'b.example.com'];
    ingress(before).spec.http[0].match = [{ uri: { prefix: '/shop' } }, { uri: { prefix: '/store' }, headers: { 'x-tier': { exact: 'gold, silver' } } }];
    const after = copyMesh(before);
    ingress(after).spec.hosts = ['b.example.com', 'A.example.com', 'a.example.com'];
    ingress(after).spec.http[0].match = [{ uri: { prefix: '/store' }, headers: { 'X-Tier': { exact: 'gold, silver' } } }, { uri: { prefix: '/shop' } }];
    expect(messages(diffMeshes(before, after))).toEqual([]);
    // a value holding a comma is quoted, so that it reads as one condition
    ingress(after).spec.http[0].match[0].headers['X-Tier'].exact = 'gold';
    expect(messages(diffMeshes(before, after))).toEqual([
      'info route: route /shop or /store [header x-tier="gold, silver"] (30-ingress.yaml) now matches /shop or /store [header x-tier=gold]',
    ]);
  });

  test('each match alternative is a request of its own to the policies, whatever their order; a method pattern names none', () => {
    const before = copyMesh(base);
    delete ingress(before).spec.http[0].rewrite;
    ingress(before).spec.http[0].match = [{ uri: { prefix: '/home' } }, { uri: { prefix: '/cart' }, method: { exact: 'POST' } }];
    const swapped = copyMesh(before);
    ingress(swapped).spec.http[0].match.reverse();
    // POST /cart is refused (frontend's policy allows GET), before and after: a warning that it stays so, no error
    expect(messages(diffMeshes(before, swapped))).toEqual([
      'warning route: the ingress gateway still cannot call frontend v1 POST /cart: route /cart POST or /home (30-ingress.yaml) still refuses that request ' +
        `(as ${INGRESS_GATEWAY_PRINCIPAL}: no rule of the ALLOW policies selecting it (allow-nothing, frontend) matches it)`,
    ]);
    // GET /home passes: the route carries traffic and is drawn
    expect(diffMeshes(before, swapped).graph.edges.filter((e) => e.from === 'gateway' && e.label.startsWith('/cart POST or /home'))).toHaveLength(1);
    // matched by a pattern, the method names no request: nothing is tried, nothing is cut off
    const posted = copyMesh(swapped);
    ingress(posted).spec.http[0].match[0].method = { regex: 'P.*' };
    expect(messages(diffMeshes(before, posted)).filter((m) => m.startsWith('error'))).toEqual([]);
    expect(messages(diffMeshes(before, posted)).filter((m) => m.startsWith('info route'))).toEqual([
      'info route: route /cart POST or /home (30-ingress.yaml) now matches /cart [method~=P.*] or /home',
    ]);
  });

  test('a rewrite the policies refuse cuts the route off; with alternatives, a request that no longer passes is said as such', () => {
    const rewritten = changed((head) => (ingress(head).spec.http[0].rewrite.uri = '/admin'));
    expect(messages(rewritten).filter((m) => m.startsWith('error'))).toEqual([
      'error route: the ingress gateway can no longer call frontend v1 GET /admin: route /shop (30-ingress.yaml) is cut off ' +
        `(as ${INGRESS_GATEWAY_PRINCIPAL}: no rule of the ALLOW policies selecting it (allow-nothing, frontend) matches it)`,
    ]);
    const before = copyMesh(base);
    delete ingress(before).spec.http[0].rewrite;
    ingress(before).spec.http[0].match = [{ uri: { prefix: '/home' } }, { uri: { prefix: '/cart' }, method: { exact: 'POST' } }];
    const after = copyMesh(before);
    const rule = objectOf(after, '15-security.yaml', 'AuthorizationPolicy', 'frontend').spec.rules[0];
    rule.to[0].operation = { methods: ['POST'], paths: ['/cart'] };
    // (the other routes, GETs, are cut off whole)
    expect(messages(diffMeshes(before, after)).filter((m) => m.includes('route /cart POST or /home'))).toEqual([
      'error route: the ingress gateway can no longer call frontend v1 GET /home: route /cart POST or /home (30-ingress.yaml) no longer passes that request ' +
        `(as ${INGRESS_GATEWAY_PRINCIPAL}: no rule of the ALLOW policies selecting it (allow-nothing, frontend) matches it)`,
    ]);
  });

  test('the hosts a route serves', () => {
    const diff = changed((head) => (ingress(head).spec.hosts = ['shop.example.com', 'www.shop.example.com']));
    expect(messages(diff)).toEqual([
      'info route: route /shop (30-ingress.yaml) now serves hosts shop.example.com, www.shop.example.com (was host *)',
      'info route: route /basket (30-ingress.yaml) now serves hosts shop.example.com, www.shop.example.com (was host *)',
    ]);
  });

  test('a removed app: the app, its fault scenario, its objects, its node and its edges', () => {
    const diff = changed((head) => {
      delete head['20-app-backend.yaml'];
      delete head['faults/backend-abort.yaml'];
      head['15-security.yaml'] = head['15-security.yaml'].filter((o) => o.metadata.name !== 'backend');
    });
    expect(messages(diff)).toEqual([
      'info fault: fault scenario backend-abort (faults/backend-abort.yaml) removed: it injected abort 503 on 50 % of requests to backend v1',
      'info workload: app backend removed: backend v1 no longer runs (Deployment shop/backend, 20-app-backend.yaml)',
    ]);
    expect(diff.objects.map((o) => `${o.change} ${o.id}`)).toEqual([
      'removed AuthorizationPolicy shop/backend',
      'removed Deployment shop/backend',
      'removed Service shop/backend',
      'removed ServiceAccount shop/backend-sa',
      'removed VirtualService shop/backend',
    ]);
    expect(diff.graph.nodes.filter((n) => n.status !== 'same').map((n) => `${n.status} ${n.id}`)).toEqual(['removed app_backend']);
    expect(edges(diff)).toEqual(['removed app_frontend -> app_backend: GET /items', 'removed app_frontend -> app_backend: fault backend-abort: abort 503 on 50 %']);
  });

  test('a new version of an app with its canary routes', () => {
    const before = copyMesh(base);
    delete before['canary/frontend-v2.yaml'];
    expect(messages(diffMeshes(before, base))).toEqual([
      'info route: new route /shop (canary/frontend-v2.yaml) on gateway shop/shop-gateway: sends requests 90 % to frontend v1 and 10 % to frontend v2, rewritten to /home',
      'info route: new route /basket (canary/frontend-v2.yaml) on gateway shop/shop-gateway: sends requests 90 % to frontend v1 and 10 % to frontend v2, rewritten to /cart',
      'info workload: new version frontend v2 (Deployment shop/frontend-v2, canary/frontend-v2.yaml): image shop/frontend:2.0, 1 replica',
    ]);
  });

  test('a changed abort percentage', () => {
    const diff = changed((head) => (objectOf(head, 'faults/backend-abort.yaml', 'VirtualService', 'backend').spec.http[0].fault.abort.percentage.value = 70));
    expect(messages(diff)).toEqual([
      'info fault: fault scenario backend-abort (faults/backend-abort.yaml): abort percentage 50 % -> 70 %; it now injects abort 503 on 70 % of requests to backend v1',
    ]);
    expect(diff.objects[0].fields).toEqual([{ path: 'spec.http[0].fault.abort.percentage.value', before: 50, after: 70 }]);
    expect(edges(diff)).toEqual(['changed app_frontend -> app_backend: fault backend-abort: abort 503 on 70 %']);
  });

  test('a new fault scenario, and a delay that changes', () => {
    const delay = { fault: { delay: { fixedDelay: '1s', percentage: { value: 50 } } }, route: [{ destination: { host: 'frontend' } }] };
    const scenario = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'frontend', namespace: 'shop' }, spec: { hosts: ['frontend'], http: [delay] } };
    const withDelay = copyMesh(base);
    withDelay['faults/frontend-delay.yaml'] = [scenario];
    const slower = copyMesh(withDelay);
    slower['faults/frontend-delay.yaml'][0].spec.http[0].fault.delay.fixedDelay = '3s';
    expect(messages(diffMeshes(base, withDelay))).toEqual(['info fault: new fault scenario frontend-delay (faults/frontend-delay.yaml): delay 1s on 50 % of requests to frontend v1']);
    expect(messages(diffMeshes(withDelay, slower))).toEqual([
      'info fault: fault scenario frontend-delay (faults/frontend-delay.yaml): delay 1s -> 3s; it now injects delay 3s on 50 % of requests to frontend v1',
    ]);
  });

  test('fails when an edited principal cuts the ingress gateway off from an app: errors, and lost edges', () => {
    const diff = changed((head) => (objectOf(head, '15-security.yaml', 'AuthorizationPolicy', 'frontend').spec.rules[0].from[0].source.principals = [EDITED_PRINCIPAL]));
    const why = `(as ${INGRESS_GATEWAY_PRINCIPAL}: no rule of the ALLOW policies selecting it (allow-nothing, frontend) matches it)`;
    expect(messages(diff)).toEqual([
      `error route: the ingress gateway can no longer call frontend v1 GET /home: route /shop (30-ingress.yaml) is cut off ${why}`,
      `error route: the ingress gateway can no longer call frontend v1 GET /cart: route /basket (30-ingress.yaml) is cut off ${why}`,
      `error route: the ingress gateway can no longer call frontend v1, frontend v2 GET /home: route /shop (canary/frontend-v2.yaml) is cut off ${why}`,
      `error route: the ingress gateway can no longer call frontend v1, frontend v2 GET /cart: route /basket (canary/frontend-v2.yaml) is cut off ${why}`,
      `info access: ${EDITED_PRINCIPAL} can now call frontend GET /home, GET /cart`,
    ]);
    expect(edges(diff)).toEqual([
      'removed gateway -> app_frontend: /shop → /home',
      'removed gateway -> app_frontend: /basket → /cart',
      'removed gateway -> app_frontend: canary /shop → /home: 90 % frontend v1',
      'removed gateway -> app_frontend: canary /shop → /home: 10 % frontend v2',
      'removed gateway -> app_frontend: canary /basket → /cart: 90 % frontend v1',
      'removed gateway -> app_frontend: canary /basket → /cart: 10 % frontend v2',
    ]);
    expect(reportErrors(report(diff))).toBe(4);
  });

  test('who may call whom between apps: calls lost and gained, per caller', () => {
    const diff = changed((head) => {
      const rule = objectOf(head, '15-security.yaml', 'AuthorizationPolicy', 'backend').spec.rules[0];
      rule.from[0].source.principals = ['cluster.local/ns/other/sa/batch'];
      rule.to[0].operation.methods = ['GET', 'POST'];
    });
    expect(messages(diff)).toEqual([
      'info access: frontend can no longer call backend GET /items',
      'info access: cluster.local/ns/other/sa/batch can now call backend GET /items, POST /items',
    ]);
    expect(edges(diff)).toEqual(['removed app_frontend -> app_backend: GET /items']);
  });

  test('a caller that changed ServiceAccount is named with both principals', () => {
    const diff = changed((head) => {
      objectOf(head, '20-app-frontend.yaml', 'Deployment', 'frontend').spec.template.spec.serviceAccountName = 'web';
      objectOf(head, '15-security.yaml', 'AuthorizationPolicy', 'backend').spec.rules[0].from[0].source.principals = ['cluster.local/ns/shop/sa/web'];
    });
    expect(messages(diff)).toEqual([
      'info access: frontend (cluster.local/ns/shop/sa/frontend-sa) can no longer call backend GET /items',
      'info access: frontend (cluster.local/ns/shop/sa/web) can now call backend GET /items',
      'info workload: frontend v1 now runs as ServiceAccount web (was frontend-sa), which changes which policies let it call',
    ]);
    expect(edges(diff)).toEqual([]);
  });

  test('an app that no ALLOW policy applies to any more is open to any caller: a warning', () => {
    const diff = changed((head) => (head['15-security.yaml'] = head['15-security.yaml'].filter((o) => !['allow-nothing', 'backend'].includes(o.metadata.name))));
    // frontend can still call it, as can anything else: no call was lost
    expect(messages(diff)).toEqual(['warning access: no ALLOW policy applies to backend any more: any caller can reach it']);
  });

  test('an app that an ALLOW policy applies to for the first time accepts only what it allows: the list, not calls gained', () => {
    const open = copyMesh(base);
    open['15-security.yaml'] = open['15-security.yaml'].filter((o) => !['allow-nothing', 'backend'].includes(o.metadata.name));
    const diff = diffMeshes(open, base);
    expect(messages(diff)).toEqual([
      'info access: backend now accepts only frontend GET /items (before, no ALLOW policy applied to it: any caller)',
    ]);
  });

  test('a new app: whom it accepts, or a warning when no ALLOW policy applies to it in a mesh that limits callers', () => {
    const FRONTEND = 'cluster.local/ns/shop/sa/frontend-sa';
    const guarded = changed((head) => {
      head['20-app-orders.yaml'] = app('orders', 'v1', 'shop/orders:1.0');
      head['15-security.yaml'].push(allow('orders', FRONTEND, ['/orders', '/orders/*']));
    });
    expect(messages(guarded).filter((m) => m.includes('access'))).toEqual(['info access: new app orders accepts only frontend GET /orders, GET /orders/*']);
    const refused = changed((head) => (head['20-app-orders.yaml'] = app('orders', 'v1', 'shop/orders:1.0')));
    expect(messages(refused).filter((m) => m.includes('access'))).toEqual(['info access: new app orders accepts no request: its ALLOW policies match none']);
    const open = changed((head) => {
      head['20-app-orders.yaml'] = app('orders', 'v1', 'shop/orders:1.0');
      head['15-security.yaml'] = head['15-security.yaml'].filter((o) => o.metadata.name !== 'allow-nothing');
    });
    expect(messages(open).filter((m) => m.includes(' access: ') && m.includes('orders'))).toEqual(['warning access: no ALLOW policy applies to new app orders: any caller can reach it']);
  });

  test('mTLS, sampling and collector changes', () => {
    const diff = changed((head) => {
      objectOf(head, '15-security.yaml', 'PeerAuthentication', 'default').spec.mtls.mode = 'PERMISSIVE';
      objectOf(head, '10-tracing.yaml', 'Telemetry', 'tracing').spec.tracing[0].randomSamplingPercentage = 10;
      objectOf(head, '10-tracing.yaml', 'ConfigMap', 'tracing').data.JAEGER_ENDPOINT = 'http://jaeger.observability:14268/api/traces';
    });
    expect(messages(diff)).toEqual([
      'warning mtls: mTLS of namespace shop: STRICT -> PERMISSIVE',
      "info tracing: the apps' Jaeger collector endpoint (ConfigMap shop/tracing, 10-tracing.yaml): http://jaeger-collector.istio-system:14268/api/traces -> http://jaeger.observability:14268/api/traces",
      'info tracing: sampling by the proxies (Telemetry shop/tracing, 10-tracing.yaml): 100 % -> 10 %',
    ]);
  });

  test("the Istio install's default sampling of the proxies", () => {
    const install = (traceSampling?: number) => ({
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: 'default' },
      spec: { namespace: 'istio-system', values: traceSampling === undefined ? {} : { pilot: { traceSampling } } },
    });
    const before = copyMesh(base);
    before['istio/istio.yaml'] = [install(100)];
    const after = copyMesh(before);
    after['istio/istio.yaml'] = [install(10)];
    const unset = copyMesh(before);
    unset['istio/istio.yaml'] = [install()];
    const label = 'default sampling of the proxies by the Istio install (values.pilot.traceSampling, Istio default, istio/istio.yaml)';
    expect(messages(diffMeshes(before, after)).filter((m) => m.includes(' tracing: '))).toEqual([`info tracing: ${label}: 100 % -> 10 %`]);
    expect(messages(diffMeshes(before, unset)).filter((m) => m.includes(' tracing: '))).toEqual([`info tracing: ${label}: 100 % -> the chart's default, 1 %`]);
  });

  test('image, replica and backend changes', () => {
    const diff = changed((head) => {
      const deployment = objectOf(head, '20-app-frontend.yaml', 'Deployment', 'frontend');
      deployment.spec.replicas = 3;
      deployment.spec.template.spec.containers[0].image = 'shop/frontend:1.1';
      const backend = objectOf(head, '20-app-backend.yaml', 'Deployment', 'backend');
      backend.kind = 'StatefulSet';
    });
    expect(messages(diff)).toEqual([
      'info workload: backend v1 now runs as StatefulSet shop/backend (was Deployment shop/backend)',
      'info workload: frontend v1: image shop/frontend:1.0 -> shop/frontend:1.1',
      'info workload: frontend v1: replicas 1 -> 3',
    ]);
  });
});

describe('Gateway API routes and ambient mode', () => {
  test('an HTTPRoute weight change: proportions read as the share each version gets', () => {
    const before = gatewayApiMesh();
    const after = copyMesh(before);
    const route = objectOf(after, 'canary/frontend-v2.yaml', 'HTTPRoute', 'shop');
    route.spec.rules[0].backendRefs[0].weight = 4;
    expect(messages(diffMeshes(before, after))).toEqual(['info route: route /shop (canary/frontend-v2.yaml) now sends 80 % to frontend v1 (was 90 %) and 20 % to frontend v2 (was 10 %)']);
  });

  test('an HTTPRoute rule that also matches a header: the header in the match', () => {
    const before = gatewayApiMesh();
    const after = copyMesh(before);
    const route = objectOf(after, '30-ingress.yaml', 'HTTPRoute', 'shop');
    route.spec.rules[0].matches[0].headers = [{ name: 'end-user', value: 'jason' }, { name: 'x-tier', type: 'RegularExpression', value: 'gold|silver' }];
    expect(messages(diffMeshes(before, after))).toEqual(['info route: route /shop (30-ingress.yaml) now matches /shop [header end-user=jason, header x-tier~=gold|silver]']);
  });

  test('fails when an edited principal cuts a Gateway API gateway off: its pods run as <gateway>-<class>', () => {
    const before = gatewayApiMesh();
    expect(messages(diffMeshes(shopMesh(), before)).filter((m) => m.startsWith('error'))).toEqual([]);
    const after = copyMesh(before);
    objectOf(after, '15-security.yaml', 'AuthorizationPolicy', 'frontend').spec.rules[0].from[0].source.principals = [EDITED_PRINCIPAL];
    expect(messages(diffMeshes(before, after))[0]).toBe(
      'error route: the ingress gateway can no longer call frontend v1 GET /home: route /shop (30-ingress.yaml) is cut off ' +
        `(as ${SHOP_GATEWAY_PRINCIPAL}: no rule of the ALLOW policies selecting it (allow-nothing, frontend) matches it)`,
    );
  });

  test('fails when, in ambient mode, the policy attached to a Service no longer lets the gateway through its waypoint', () => {
    const before = ambientMesh();
    const after = copyMesh(before);
    objectOf(after, '15-security.yaml', 'AuthorizationPolicy', 'frontend').spec.rules[0].to[0].operation.paths = ['/home'];
    const why = `(as ${SHOP_GATEWAY_PRINCIPAL}: no rule of the ALLOW policies attached to the waypoint waypoint or the Service (frontend) matches it)`;
    // v2 has a Service of its own, which no policy is attached to
    expect(messages(diffMeshes(before, after))).toEqual([
      `error route: the ingress gateway can no longer call frontend v1 GET /cart: route /basket (30-ingress.yaml) is cut off ${why}`,
      `error route: the ingress gateway can no longer call frontend v1 GET /cart: route /basket (canary/frontend-v2.yaml) is cut off ${why}`,
    ]);
    // the waypoint relays calls: it is no app of the picture
    expect(diffMeshes(before, after).graph.nodes.map((n) => n.id)).toEqual(['app_backend', 'app_frontend']);
  });
});

describe('the report', () => {
  const diff = changed((head) => {
    objectOf(head, '15-security.yaml', 'AuthorizationPolicy', 'frontend').spec.rules[0].from[0].source.principals = [EDITED_PRINCIPAL];
    objectOf(head, 'faults/backend-abort.yaml', 'VirtualService', 'backend').spec.http[0].fault.abort.percentage.value = 70;
  });

  test('as text: the mesh in sentences, then each object with its changed fields', () => {
    const text = renderReport(report(diff), 'text');
    expect(text).toMatch(/^diff: base 0123456789ab \(main\) -> working tree\n\ntest \(dist\/\): objects: 2 changed; 4 errors\n {2}mesh:\n {4}error: the ingress gateway can no longer call frontend v1 GET \/home: route \/shop/);
    expect(text).toContain('    fault: fault scenario backend-abort (faults/backend-abort.yaml): abort percentage 50 % -> 70 %');
    expect(text).toContain(`  objects:\n    ~ AuthorizationPolicy shop/frontend (15-security.yaml)\n        spec.rules[0].from[0].source.principals: ["${INGRESS_GATEWAY_PRINCIPAL}"] -> ["${EDITED_PRINCIPAL}"]\n`);
    expect(text).toMatch(/\ndiff: 1 of 1 environment differs; 4 errors: routes the ingress gateway can no longer use\n$/);
  });

  test('as Markdown: sentences, the picture, and the objects in a table', () => {
    const markdown = renderReport(report(diff), 'markdown');
    expect(markdown).toMatch(/^## Mesh diff: `0123456789ab` \(main\) → working tree\n/);
    expect(markdown).toContain('- :x: **error**: the ingress gateway can no longer call frontend v1 GET /home');
    expect(markdown).toContain('- fault: fault scenario backend-abort');
    expect(markdown).toContain('```mermaid\nflowchart LR\n');
    expect(markdown).toContain('| changed | VirtualService shop/backend | `faults/backend-abort.yaml` | `spec.http[0].fault.abort.percentage.value`: `50` → `70` |');
  });

  test('as JSON: the same, for programs', () => {
    const json = JSON.parse(renderReport(report(diff), 'json'));
    expect(json).toMatchObject({ base: { ref: 'main', commit: '0123456789abcdef' }, head: 'working tree', differs: true, errors: 4 });
    expect(json.environments[0].objects[1]).toEqual({
      change: 'changed',
      file: 'faults/backend-abort.yaml',
      id: 'VirtualService shop/backend',
      kind: 'VirtualService',
      namespace: 'shop',
      name: 'backend',
      fields: [{ path: 'spec.http[0].fault.abort.percentage.value', before: 50, after: 70 }],
    });
    expect(json.environments[0].graph.mermaid).toContain('linkStyle');
  });

  test('the picture marks added, removed and changed edges by colour and in their labels', () => {
    const picture = mermaid(diff.graph);
    expect(picture).toContain('  gateway -->|"− /shop → /home"| app_frontend\n');
    expect(picture).toContain('  app_frontend -.->|"~ fault backend-abort: abort 503 on 70 % (was fault backend-abort: abort 503 on 50 %)"| app_backend\n');
    expect(picture).toMatch(/ {2}linkStyle \d+ stroke:#cf222e,stroke-width:3px,stroke-dasharray:4 4\n/);
    expect(picture).toMatch(/ {2}linkStyle \d+ stroke:#bf8700,stroke-width:3px\n/);
  });

  test('the picture leaves out the gateway\'s own pods and apps with no edge, unless they changed', () => {
    const gateway = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
      spec: { template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
    };
    const idle = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'idle', namespace: 'shop', labels: { app: 'idle' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    const before = copyMesh(base);
    before['istio/gateway.yaml'] = [gateway, idle];
    const after = copyMesh(before);
    after['istio/gateway.yaml'][1].spec.containers[0].image = 'j';
    expect(diffMeshes(before, before).graph.nodes.map((n) => n.id)).toEqual(['app_backend', 'app_frontend']);
    expect(diffMeshes(before, after).graph.nodes.map((n) => `${n.id} ${n.status}`)).toEqual(['app_backend same', 'app_frontend same']);
    delete after['istio/gateway.yaml'];
    expect(messages(diffMeshes(before, after))).toEqual([
      'info workload: gateway istio-system/istio-ingressgateway removed: istio-system/istio-ingressgateway no longer runs (Deployment istio-system/istio-ingressgateway, istio/gateway.yaml)',
      'info workload: app idle removed: idle no longer runs (Pod shop/idle, istio/gateway.yaml)',
    ]);
    expect(diffMeshes(before, after).graph.nodes.map((n) => `${n.id} ${n.status}`)).toEqual(['app_backend same', 'app_frontend same', 'app_idle removed']);
  });

  test('an unchanged environment is one line, and nothing differs', () => {
    const same = report(changed(() => undefined));
    expect(reportDiffers(same)).toBe(false);
    expect(renderReport(same, 'text')).toBe('diff: base 0123456789ab (main) -> working tree\n\ntest (dist/): no change\n\ndiff: no change in the environment\n');
  });
});
