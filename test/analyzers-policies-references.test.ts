// The references istioctl analyze 1.30.3 does not follow, as the project's own codes: policy selectors that select no
// pod (TT0024), targetRefs istiod attaches to nothing (TT0025), Sidecar egress hosts that import nothing (TT0026);
// and IST0148, istioctl's note on a namespace the install injects by default.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { KubeObject } from '../src/manifests/kube-object';
import { lintTargets } from '../src/lint/lint';
import { INJECTION_ANNOTATION_CHECKS } from '../src/validate/analyzers/injection-annotations';
import { POLICY_CHECKS } from '../src/validate/analyzers/policies';
import { Finding, sortFindings } from '../src/validate/findings';
import { MeshIndex } from '../src/validate/mesh/mesh-index';
import { obj } from './support/objects';

const CODES = ['TT0024', 'TT0025', 'TT0026', 'IST0148'];

/** A Namespace (cluster-scoped) with `labels`. */
const namespace = (name: string, labels: Record<string, string> = {}) => obj('v1', 'Namespace', name, { metadata: { labels } }, undefined);
/** A Deployment whose pods carry `labels`, in `ns`. */
const deployment = (name: string, labels: Record<string, string>, ns = 'shop') =>
  obj(
    'apps/v1',
    'Deployment',
    name,
    { spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } } },
    ns,
  );
const service = (name: string, ns = 'shop', annotations: Record<string, string> = {}) =>
  obj('v1', 'Service', name, { metadata: { annotations }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] } }, ns);
const serviceEntry = (name: string, hosts: string[], ns = 'shop', extra: Record<string, unknown> = {}) =>
  obj('networking.istio.io/v1', 'ServiceEntry', name, { spec: { hosts, ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], ...extra } }, ns);
const k8sGateway = (name: string, ns = 'shop') =>
  obj('gateway.networking.k8s.io/v1', 'Gateway', name, { spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }, ns);
const requestAuthentication = (name: string, spec: Record<string, unknown>, ns = 'shop') =>
  obj('security.istio.io/v1', 'RequestAuthentication', name, { spec: { jwtRules: [{ issuer: 'https://auth.example.com' }], ...spec } }, ns);
const peerAuthentication = (name: string, spec: Record<string, unknown>, ns = 'shop') => obj('security.istio.io/v1', 'PeerAuthentication', name, { spec }, ns);
const wasmPlugin = (name: string, spec: Record<string, unknown>, ns = 'shop') =>
  obj('extensions.istio.io/v1alpha1', 'WasmPlugin', name, { spec: { url: 'oci://example.com/filter:1', ...spec } }, ns);
const authorizationPolicy = (name: string, spec: Record<string, unknown>, ns = 'shop') =>
  obj('security.istio.io/v1', 'AuthorizationPolicy', name, { spec }, ns);
const telemetry = (name: string, spec: Record<string, unknown>, ns = 'shop') => obj('telemetry.istio.io/v1', 'Telemetry', name, { spec }, ns);
const sidecar = (hosts: string[], ns = 'shop') =>
  obj('networking.istio.io/v1', 'Sidecar', 'default', { spec: { egress: [{ hosts }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } }, ns);
const istioOperator = (spec: Record<string, unknown>) => obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec }, 'istio-system');
const matchLabels = (labels: Record<string, string>) => ({ selector: { matchLabels: labels } });
const gatewayRef = (name: string, extra: Record<string, unknown> = {}) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name, ...extra });

const injected = namespace('shop', { 'istio-injection': 'enabled' });
const web = deployment('web', { app: 'web' });

/** The findings of this file's codes, from the policy and injection analyzers, on objects in files `f0.yaml`... */
function check(...objects: KubeObject[]): Finding[] {
  const index = new MeshIndex(objects.map((object, i) => ({ object, file: `f${i}.yaml` })));
  return sortFindings([...POLICY_CHECKS, ...INJECTION_ANNOTATION_CHECKS].flatMap((c) => c(index))).filter((f) => CODES.includes(f.code));
}

describe('the tutorial', () => {
  test('the committed output of every environment reports none of these codes', () => {
    const outputs = readdirSync('.').filter((d) => /^dist(-|$)/.test(d));
    expect(outputs).toEqual(expect.arrayContaining(['dist', 'dist-kubernetes', 'dist-staging', 'dist-modern']));
    for (const output of outputs) {
      expect([output, lintTargets([output]).findings.filter((f) => CODES.includes(f.code))]).toEqual([output, []]);
    }
  });
});

describe('TT0024 NoWorkloadsSelected', () => {
  test('fails when a RequestAuthentication, PeerAuthentication or WasmPlugin selects no pod of its namespace', () => {
    const findings = check(
      injected,
      web,
      requestAuthentication('jwt', matchLabels({ app: 'wbe' })),
      peerAuthentication('mtls', { ...matchLabels({ app: 'web', version: 'v2' }), mtls: { mode: 'STRICT' } }),
      wasmPlugin('filter', matchLabels({ app: 'api' })),
      deployment('api', { app: 'api' }, 'other'),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'TT0024',
        severity: 'warning',
        kind: 'PeerAuthentication',
        name: 'mtls',
        field: 'spec.selector.matchLabels',
        message:
          'selector app=web,version=v2 selects no pod in namespace shop, so the PeerAuthentication applies to nothing; ' +
          'correct the labels to those of the pods it is meant for',
      }),
      expect.objectContaining({ kind: 'RequestAuthentication', name: 'jwt', message: expect.stringMatching(/^selector app=wbe selects no pod in namespace shop/) }),
      // the api pods are in another namespace
      expect.objectContaining({ kind: 'WasmPlugin', name: 'filter', message: expect.stringMatching(/^selector app=api selects no pod in namespace shop/) }),
    ]);
  });

  test('fails when the selected pods run no sidecar', () => {
    const batch = deployment('batch', { app: 'batch', 'sidecar.istio.io/inject': 'false' });
    expect(check(injected, batch, requestAuthentication('jwt', matchLabels({ app: 'batch' })))).toEqual([
      expect.objectContaining({
        code: 'TT0024',
        message:
          'selector app=batch selects only pods outside the mesh in namespace shop (Deployment shop/batch, which runs no sidecar), so the ' +
          'RequestAuthentication applies to nothing; enable sidecar injection for those pods, or correct the labels',
      }),
    ]);
  });

  test('fails when a policy of the root namespace selects no pod in any namespace', () => {
    expect(check(injected, web, peerAuthentication('mesh-mtls', matchLabels({ app: 'gone' }), 'istio-system'))).toEqual([
      expect.objectContaining({
        code: 'TT0024',
        message: expect.stringMatching(/selects no pod in any namespace \(the PeerAuthentication is in the root namespace istio-system, which applies it mesh-wide\)/),
      }),
    ]);
  });

  test("passes for selectors of pods in the mesh (a template, an AppsodyApplication, the install's gateway from the root namespace), and policies without one", () => {
    const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'orders', {
      metadata: { labels: { app: 'orders' } },
      spec: { applicationImage: 'o', service: { port: 3000, portName: 'http' } },
    });
    expect(
      check(
        injected,
        web,
        app,
        requestAuthentication('jwt', matchLabels({ app: 'web' })),
        peerAuthentication('orders', { ...matchLabels({ app: 'orders' }), mtls: { mode: 'STRICT' } }),
        // the root namespace's policy applies mesh-wide: web's pods are in shop
        wasmPlugin('filter', matchLabels({ app: 'web' }), 'istio-system'),
        requestAuthentication('ingress-jwt', matchLabels({ istio: 'ingressgateway' }), 'istio-system'),
        peerAuthentication('default', { mtls: { mode: 'STRICT' } }),
        requestAuthentication('all', { selector: { matchLabels: {} } }),
        requestAuthentication('gateway', { targetRefs: [gatewayRef('edge')] }),
        k8sGateway('edge'),
      ),
    ).toEqual([]);
  });
});

describe('TT0025 TargetRefNotFound', () => {
  test('fails when a targetRef names a Gateway, Service or ServiceEntry the policy\'s namespace does not have', () => {
    const findings = check(
      k8sGateway('edge'),
      service('web'),
      telemetry('edge-traces', { targetRefs: [gatewayRef('edge'), gatewayRef('egde')], tracing: [{}] }),
      requestAuthentication('jwt', { targetRef: { kind: 'Service', group: '', name: 'wbe' } }),
      wasmPlugin('filter', { targetRefs: [{ kind: 'ServiceEntry', group: 'networking.istio.io', name: 'payments' }] }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'TT0025',
        severity: 'warning',
        kind: 'RequestAuthentication',
        field: 'spec.targetRef.name',
        message:
          'targetRef names Service shop/wbe, which is not in the set, so the RequestAuthentication applies to no proxy through it; ' +
          'correct the name, or create the Service in namespace shop',
      }),
      expect.objectContaining({ kind: 'Telemetry', field: 'spec.targetRefs[1].name', message: expect.stringMatching(/^targetRef names Gateway shop\/egde, /) }),
      expect.objectContaining({ kind: 'WasmPlugin', field: 'spec.targetRefs[0].name', message: expect.stringMatching(/^targetRef names ServiceEntry shop\/payments, /) }),
    ]);
  });

  test('fails as an error for a DENY AuthorizationPolicy, whose lost target lets traffic in', () => {
    const deny = authorizationPolicy('deny-admin', { action: 'DENY', targetRefs: [gatewayRef('edge')], rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] });
    const allow = authorizationPolicy('allow-get', { targetRefs: [gatewayRef('edge')], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    expect(check(deny, allow).map((f) => [f.severity, f.name, f.message.replace(/;.*/, '')])).toEqual([
      ['error', 'deny-admin', 'targetRef names Gateway shop/edge, which is not in the set, so the DENY policy denies nothing through it, and lets in the requests it is meant to stop'],
      ['warning', 'allow-get', 'targetRef names Gateway shop/edge, which is not in the set, so the AuthorizationPolicy applies to no proxy through it'],
    ]);
  });

  test('fails when the target is in another namespace than the policy\'s, found there or named there', () => {
    const findings = check(
      k8sGateway('edge', 'infra'),
      requestAuthentication('by-name', { targetRefs: [gatewayRef('edge')] }),
      requestAuthentication('by-namespace', { targetRefs: [gatewayRef('edge', { namespace: 'infra' })] }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        name: 'by-name',
        field: 'spec.targetRefs[0].name',
        message: expect.stringMatching(/^targetRef names Gateway shop\/edge, which is not in the set \(namespace infra has one, but istiod looks targets up in the policy's namespace only\)/),
      }),
      expect.objectContaining({
        name: 'by-namespace',
        field: 'spec.targetRefs[0].namespace',
        message: expect.stringMatching(/^targetRef names Gateway infra\/edge in another namespace than the policy's \(shop\): .*put the policy in namespace infra/),
      }),
    ]);
  });

  test('fails for a GatewayClass that does not exist, is not istio-waypoint, or is named outside the root namespace, and for other kinds', () => {
    const classRef = (name: string) => ({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name }] });
    const findings = check(
      authorizationPolicy('unknown', classRef('istio-waypiont'), 'istio-system'),
      authorizationPolicy('ingress-class', classRef('istio'), 'istio-system'),
      authorizationPolicy('not-root', classRef('istio-waypoint')),
      authorizationPolicy('istio-gateway', { targetRefs: [{ group: 'networking.istio.io', kind: 'Gateway', name: 'ingress' }] }),
    );
    expect(findings.map((f) => [f.name, f.field, f.message.replace(/, so .*/, '')])).toEqual([
      ['ingress-class', 'spec.targetRefs[0].name', 'targetRef names GatewayClass istio, but istiod attaches policies to GatewayClass istio-waypoint only (every waypoint)'],
      ['istio-gateway', 'spec.targetRefs[0].kind', 'targetRef kind networking.istio.io/Gateway is not one istiod attaches policies to'],
      ['not-root', 'spec.targetRefs[0]', 'targetRef names GatewayClass istio-waypoint, which istiod attaches only policies of the root namespace istio-system to'],
      ['unknown', 'spec.targetRefs[0].name', 'targetRef names GatewayClass istio-waypiont, which is neither in the set nor one Istio creates (istio, istio-waypoint)'],
    ]);
  });

  test('passes for targets of the policy\'s namespace, istio-waypoint from the root namespace, and a legacy targetRef beside targetRefs', () => {
    const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'orders', { spec: { applicationImage: 'o', service: { port: 3000 } } });
    const waypointClass = obj('gateway.networking.k8s.io/v1', 'GatewayClass', 'custom', { spec: { controllerName: 'istio.io/mesh-controller' } }, undefined);
    expect(
      check(
        k8sGateway('edge'),
        service('web'),
        app,
        serviceEntry('payments', ['pay.example.com']),
        waypointClass,
        authorizationPolicy('deny', { action: 'DENY', targetRefs: [gatewayRef('edge', { namespace: 'shop' })], rules: [{}] }),
        telemetry('services', {
          targetRefs: [
            { kind: 'Service', name: 'web' },
            { kind: 'Service', group: 'core', name: 'orders' },
            { kind: 'ServiceEntry', group: 'networking.istio.io', name: 'payments' },
          ],
          tracing: [{}],
        }),
        authorizationPolicy('waypoints', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio-waypoint' }] }, 'istio-system'),
        // istiod reads targetRefs when it has entries, and then not targetRef
        wasmPlugin('filter', { targetRefs: [gatewayRef('edge')], targetRef: gatewayRef('gone') }),
        // the install's ingress gateway Service, from its namespace
        requestAuthentication('ingress', { targetRef: { kind: 'Service', name: 'istio-ingressgateway' } }, 'istio-system'),
      ),
    ).toEqual([]);
  });
});

describe('TT0026 SidecarEgressHostNotFound', () => {
  test('fails when an egress host names a namespace that is not in the set', () => {
    expect(check(service('api'), sidecar(['./*', 'paymnets/*']))).toEqual([
      expect.objectContaining({
        code: 'TT0026',
        severity: 'warning',
        kind: 'Sidecar',
        field: 'spec.egress[0].hosts[1]',
        message:
          'egress host paymnets/* names namespace paymnets, which is not in the set, so the Sidecar imports nothing from it and, with outboundTrafficPolicy ' +
          'REGISTRY_ONLY, requests to its hosts fail; name an existing namespace, "." for the Sidecar\'s own, or "*" for any',
      }),
    ]);
  });

  test('fails when no Service or ServiceEntry of the namespace has the host, with the likely fix', () => {
    const hidden = service('ledger', 'billing', { 'networking.istio.io/exportTo': '.' });
    const findings = check(
      service('api'),
      service('payments', 'billing'),
      hidden,
      sidecar(['./api', './payments.billing.svc.cluster.local', 'billing/ledger.billing.svc.cluster.local', '*/pay.example.com', 'billing/web.billing.svc.cluster.local']),
    );
    expect(findings.map((f) => [f.field, f.message])).toEqual([
      [
        'spec.egress[0].hosts[0]',
        'egress host ./api: no Service, ServiceEntry or mesh VirtualService of namespace shop has host api, so the Sidecar imports nothing for it and, ' +
          'with outboundTrafficPolicy REGISTRY_ONLY, requests to it fail; istiod compares whole host names: write ./api.shop.svc.cluster.local',
      ],
      ['spec.egress[0].hosts[1]', expect.stringMatching(/; namespace billing has it: write billing\/payments\.billing\.svc\.cluster\.local$/)],
      ['spec.egress[0].hosts[2]', expect.stringMatching(/; Service billing\/ledger has it, but is exported to billing only: export it to shop as well$/)],
      ['spec.egress[0].hosts[3]', expect.stringMatching(/^egress host \*\/pay\.example\.com: no Service, ServiceEntry or mesh VirtualService in any namespace has host/)],
      ['spec.egress[0].hosts[4]', expect.stringMatching(/; name a host that the namespace provides \(a Service as <name>.<namespace>.svc.cluster.local\), or billing\/\*$/)],
    ]);
  });

  test('passes for hosts a Service, operator resource, ServiceEntry or mesh VirtualService provides, wildcards, and namespaces it cannot see', () => {
    const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'orders', { spec: { applicationImage: 'o', service: { port: 3000 } } });
    const alias = obj('networking.istio.io/v1', 'VirtualService', 'alias', {
      spec: { hosts: ['api.internal'], http: [{ route: [{ destination: { host: 'api' } }] }] },
    });
    const exported = service('ledger', 'billing', { 'networking.istio.io/exportTo': 'billing,shop' });
    expect(
      check(
        service('api'),
        app,
        alias,
        exported,
        serviceEntry('payments', ['pay.example.com'], 'billing', { exportTo: ['*'] }),
        sidecar([
          './api.shop.svc.cluster.local',
          'shop/orders.shop.svc.cluster.local',
          './api.internal',
          'billing/ledger.billing.svc.cluster.local',
          'billing/pay.example.com',
          '*/pay.example.com',
          './*',
          '*/*',
          '~/*',
          'billing/*.example.com',
          // the install's namespace and those of every cluster: their Services are not in the set
          'istio-system/jaeger-collector.istio-system.svc.cluster.local',
          'kube-system/kube-dns.kube-system.svc.cluster.local',
          '*/istiod.istio-system.svc.cluster.local',
        ]),
      ),
    ).toEqual([]);
  });

  test('a finding is placed at the line of its hosts entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-'));
    try {
      writeFileSync(
        join(dir, 'sidecar.yaml'),
        [
          'apiVersion: networking.istio.io/v1',
          'kind: Sidecar',
          'metadata:',
          '  name: default',
          '  namespace: shop',
          'spec:',
          '  egress:',
          '    - hosts:',
          '        - ./*',
          '        - ./api',
        ].join('\n'),
      );
      expect(lintTargets([dir]).findings.filter((f) => f.code === 'TT0026').map((f) => [f.field, f.line])).toEqual([['spec.egress[0].hosts[1]', 10]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('IST0148 NamespaceInjectionEnabledByDefault', () => {
  const byDefault = istioOperator({ values: { sidecarInjectorWebhook: { enableNamespacesByDefault: true } } });

  test('fails when the install injects namespaces by default and a namespace has no injection label, or an empty one', () => {
    const findings = check(byDefault, namespace('plain'), namespace('empty', { 'istio-injection': '' }));
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'IST0148',
        severity: 'info',
        kind: 'Namespace',
        name: 'empty',
        message:
          'the namespace is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true (its pods get sidecars without an ' +
          "injection label; label it with 'kubectl label namespace empty istio-injection=disabled' if it needs none)",
      }),
      expect.objectContaining({ name: 'plain' }),
    ]);
    expect(findings[0].field).toBeUndefined();
  });

  test("passes for labelled, ambient, istio-system and Kubernetes' namespaces, and for an install that does not inject by default", () => {
    expect(
      check(
        byDefault,
        namespace('enabled', { 'istio-injection': 'enabled' }),
        namespace('disabled', { 'istio-injection': 'disabled' }),
        namespace('canary', { 'istio.io/rev': 'canary' }),
        namespace('ambient', { 'istio.io/dataplane-mode': 'ambient' }),
        namespace('istio-system'),
        namespace('kube-system'),
      ),
    ).toEqual([]);
    expect(check(istioOperator({}), namespace('plain'))).toEqual([]);
  });
});
