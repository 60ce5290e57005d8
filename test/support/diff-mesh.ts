// A small mesh as output files, for the diff tests: a gateway routing /shop and /basket to `frontend`, which calls
// `backend`; deny-by-default policies; a fault scenario and a canary. Tests change a copy and compare.
import { stringify } from 'yaml';
import { INGRESS_GATEWAY_PRINCIPAL } from '../../constructs/istio-defaults';
import { diffEnvironment, EnvironmentDiff } from '../../src/diff/output-diff';

/** Output files as objects per file, so that a test can change one field. */
export type MeshFiles = Record<string, any[]>;

const NS = 'shop';

export function app(name: string, version: string, image: string, options: { replicas?: number; instance?: string } = {}): any[] {
  const instance = options.instance ?? name;
  const labels = { app: name, version };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `${name}-sa`, namespace: NS } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: instance, namespace: NS, labels },
      spec: {
        replicas: options.replicas ?? 1,
        selector: { matchLabels: { 'app.kubernetes.io/instance': instance } },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/instance': instance } },
          spec: { serviceAccountName: `${name}-sa`, containers: [{ name: 'app', image, ports: [{ containerPort: 8080, name: 'http' }] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: instance, namespace: NS, labels },
      spec: { selector: { 'app.kubernetes.io/instance': instance }, ports: [{ name: 'http', port: 8080 }] },
    },
  ];
}

function route(prefix: string, rewrite: string, ...to: [string, number?][]): any {
  return {
    match: [{ uri: { prefix } }],
    rewrite: { uri: rewrite },
    route: to.map(([host, weight]) => ({ destination: { host, port: { number: 8080 } }, ...(weight !== undefined ? { weight } : {}) })),
  };
}

function ingress(rules: any[]): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'shop', namespace: NS }, spec: { hosts: ['*'], gateways: ['shop-gateway'], http: rules } };
}

export function allow(name: string, principal: string, paths: string[]): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: NS },
    spec: {
      action: 'ALLOW',
      selector: { matchLabels: { app: name } },
      rules: [{ from: [{ source: { principals: [principal] } }], to: [{ operation: { methods: ['GET'], paths } }] }],
    },
  };
}

/** The base mesh. */
export function shopMesh(): MeshFiles {
  return {
    '00-namespace.yaml': [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'istio-injection': 'enabled' } } }],
    '10-tracing.yaml': [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tracing', namespace: NS }, data: { JAEGER_ENDPOINT: 'http://jaeger-collector.istio-system:14268/api/traces' } },
      {
        apiVersion: 'telemetry.istio.io/v1',
        kind: 'Telemetry',
        metadata: { name: 'tracing', namespace: NS },
        spec: { tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 100 }] },
      },
    ],
    '15-security.yaml': [
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: NS }, spec: { mtls: { mode: 'STRICT' } } },
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: NS }, spec: {} },
      allow('frontend', INGRESS_GATEWAY_PRINCIPAL, ['/home', '/cart']),
      allow('backend', `cluster.local/ns/${NS}/sa/frontend-sa`, ['/items']),
    ],
    '20-app-backend.yaml': app('backend', 'v1', 'shop/backend:1.0'),
    '20-app-frontend.yaml': app('frontend', 'v1', 'shop/frontend:1.0'),
    '30-ingress.yaml': [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'shop-gateway', namespace: NS },
        spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } }] },
      },
      ingress([route('/shop', '/home', ['frontend']), route('/basket', '/cart', ['frontend'])]),
    ],
    'canary/frontend-v2.yaml': [
      ...app('frontend', 'v2', 'shop/frontend:2.0', { instance: 'frontend-v2' }).slice(1),
      ingress([route('/shop', '/home', ['frontend', 90], ['frontend-v2', 10]), route('/basket', '/cart', ['frontend', 90], ['frontend-v2', 10])]),
    ],
    'faults/backend-abort.yaml': [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'backend', namespace: NS },
        spec: {
          hosts: ['backend'],
          http: [{ fault: { abort: { httpStatus: 503, percentage: { value: 50 } } }, route: [{ destination: { host: 'backend', port: { number: 8080 } } }] }],
        },
      },
    ],
  };
}

function httpRoute(rules: any[]): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'shop', namespace: NS }, spec: { parentRefs: [{ name: 'shop-gateway' }], rules } };
}

function httpRule(prefix: string, rewrite: string, ...to: [string, number?][]): any {
  return {
    matches: [{ path: { type: 'PathPrefix', value: prefix } }],
    filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: rewrite } } }],
    backendRefs: to.map(([name, weight]) => ({ name, port: 8080, ...(weight !== undefined ? { weight } : {}) })),
  };
}

/** The principal Istio's pods of the Gateway API gateway `shop-gateway` (class istio) run as. */
export const SHOP_GATEWAY_PRINCIPAL = `cluster.local/ns/${NS}/sa/shop-gateway-istio`;

/** The same mesh behind a Gateway API gateway: HTTPRoutes, whose weights are proportions. */
export function gatewayApiMesh(): MeshFiles {
  const files = shopMesh();
  files['15-security.yaml'][2] = allow('frontend', SHOP_GATEWAY_PRINCIPAL, ['/home', '/cart']);
  files['30-ingress.yaml'] = [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop-gateway', namespace: NS },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    },
    httpRoute([httpRule('/shop', '/home', ['frontend']), httpRule('/basket', '/cart', ['frontend'])]),
  ];
  const canary = files['canary/frontend-v2.yaml'];
  canary[canary.length - 1] = httpRoute([httpRule('/shop', '/home', ['frontend', 9], ['frontend-v2', 1]), httpRule('/basket', '/cart', ['frontend', 9], ['frontend-v2', 1])]);
  return files;
}

/**
 * The Gateway API mesh in ambient mode with a waypoint: the apps' policies are attached to their Services and
 * enforced by the waypoint, which ingress traffic goes through too.
 */
export function ambientMesh(): MeshFiles {
  const files = gatewayApiMesh();
  files['00-namespace.yaml'][0].metadata.labels = {
    'istio.io/dataplane-mode': 'ambient',
    'istio.io/use-waypoint': 'waypoint',
    'istio.io/ingress-use-waypoint': 'true',
  };
  for (const policy of files['15-security.yaml'].filter((o) => ['frontend', 'backend'].includes(o.metadata.name))) {
    policy.spec.targetRefs = [{ group: '', kind: 'Service', name: policy.metadata.name }];
    delete policy.spec.selector;
  }
  files['15-security.yaml'].push({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow-from-waypoint', namespace: NS },
    spec: { action: 'ALLOW', rules: [{ from: [{ source: { principals: [`cluster.local/ns/${NS}/sa/waypoint`] } }] }] },
  });
  files['05-waypoint.yaml'] = [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: NS, labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    },
  ];
  return files;
}

/** A copy to change. */
export function copyMesh(files: MeshFiles): MeshFiles {
  return structuredClone(files);
}

/** The files' text, as synth would write them. */
export function meshText(files: MeshFiles): Map<string, string> {
  return new Map(Object.entries(files).map(([file, objects]) => [file, objects.map((o) => stringify(o)).join('---\n')]));
}

/** The one object of `kind` named `name` in `file`. */
export function objectOf(files: MeshFiles, file: string, kind: string, name: string): any {
  const found = files[file].find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${file}`);
  return found;
}

/** Compares two versions of the mesh as one environment's output. */
export function diffMeshes(base: MeshFiles, head: MeshFiles): EnvironmentDiff {
  return diffEnvironment({ environment: 'test', outdir: 'dist', files: meshText(base) }, { environment: 'test', outdir: 'dist', files: meshText(head) });
}
