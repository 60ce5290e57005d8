import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../src/manifests/kube-object';
import { lintTargets } from '../src/lint/lint';
import { POLICY_CHECKS } from '../src/validate/analyzers/policies';
import { sortFindings } from '../src/validate/findings';
import { MeshIndex } from '../src/validate/mesh/mesh-index';
import { meshConfigMap, obj, withCode } from './support/objects';

const POLICY_CODES = ['IST0101', 'IST0110', 'IST0111', 'IST0127', 'IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155', 'IST0157', 'IST0159'].concat(
  ['IST0160', 'IST0166', 'IST0167'],
);

/** A Namespace (cluster-scoped) with `labels`. */
const namespace = (name: string, labels: Record<string, string> = {}) => obj('v1', 'Namespace', name, { metadata: { labels } }, undefined);
/** A Deployment whose pods carry `labels` (and `annotations`), in `ns`. */
const deployment = (name: string, labels: Record<string, string>, ns = 'shop', annotations: Record<string, string> = {}) =>
  obj(
    'apps/v1',
    'Deployment',
    name,
    {
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels, annotations }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
      },
    },
    ns,
  );
const sidecar = (name: string, labels?: Record<string, string>, ns = 'shop') =>
  obj(
    'networking.istio.io/v1',
    'Sidecar',
    name,
    { spec: { ...(labels ? { workloadSelector: { labels } } : {}), outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
    ns,
  );
const telemetry = (name: string, spec: Record<string, unknown>, ns = 'shop') => obj('telemetry.istio.io/v1', 'Telemetry', name, { spec }, ns);
const authorizationPolicy = (name: string, spec: Record<string, unknown>, ns = 'shop') =>
  obj('security.istio.io/v1', 'AuthorizationPolicy', name, { spec }, ns);
const envoyFilter = (name: string, configPatches: unknown[], extra: Record<string, unknown> = {}) =>
  obj('networking.istio.io/v1alpha3', 'EnvoyFilter', name, { spec: { ...extra, configPatches } });
const k8sGateway = (name: string, gatewayClassName: string, ns = 'shop') =>
  obj('gateway.networking.k8s.io/v1', 'Gateway', name, { spec: { gatewayClassName, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }, ns);

const injected = namespace('shop', { 'istio-injection': 'enabled' });
const web = deployment('web', { app: 'web', version: 'v1' });
const api = deployment('api', { app: 'api' });

/** What the policy analyzers find in a set of objects (files `f0.yaml`... in order), apart from the other areas' checks. */
const check = (...objects: KubeObject[]) => {
  const index = new MeshIndex(objects.map((object, i) => ({ object, file: `f${i}.yaml` })));
  return sortFindings(POLICY_CHECKS.flatMap((c) => c(index)));
};
/** The findings of the policy analyzers' istioctl codes. */
const policyFindings = (...objects: KubeObject[]) => check(...objects).filter((f) => POLICY_CODES.includes(f.code));

/** The objects of the YAML files under `dir`, recursively. */
function objectsUnder(dir: string): KubeObject[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return objectsUnder(path);
    if (!entry.name.endsWith('.yaml')) return [];
    return parseAllDocuments(readFileSync(path, 'utf8'))
      .map((d) => d.toJSON() as KubeObject)
      .filter((o) => o !== null);
  });
}

describe('the tutorial', () => {
  test('its policies, Telemetry and apps report nothing: STRICT mTLS, allow-nothing, per-app ALLOW policies', () => {
    const tutorial = objectsUnder('dist');
    expect(tutorial.filter((o) => o.kind === 'AuthorizationPolicy').map((o) => o.metadata.name)).toContain('allow-nothing');
    expect(check(...tutorial)).toEqual([]);
  });

  test('nothing in the committed output of every environment, checked as one set', () => {
    const outputs = readdirSync('.').filter((d) => /^dist(-|$)/.test(d));
    expect(outputs).toEqual(expect.arrayContaining(['dist', 'dist-kubernetes', 'dist-staging']));
    expect(check(...outputs.flatMap(objectsUnder))).toEqual([]);
  });
});

describe('IST0101 ReferencedResourceNotFound (Sidecar and Telemetry selectors, AuthorizationPolicy namespaces)', () => {
  test('fails when a Sidecar workloadSelector selects no pod of its namespace', () => {
    const elsewhere = deployment('web', { app: 'web' }, 'other');
    expect(withCode(check(injected, elsewhere, sidecar('web-egress', { app: 'web', 'app.kubernetes.io/name': 'web' })), 'IST0101')).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'Sidecar',
        name: 'web-egress',
        field: 'spec.workloadSelector.labels.app',
        message:
          'referenced selector not found: "app=web,app.kubernetes.io/name=web" (no pod in namespace shop has these labels; the Sidecar applies to nothing)',
      }),
    ]);
  });

  test("passes for a Sidecar selecting a pod template, a Pod, an AppsodyApplication or the install's ingress gateway", () => {
    const pod = obj('v1', 'Pod', 'debug', { metadata: { labels: { run: 'debug' } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    const app = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'orders', {
      metadata: { labels: { app: 'orders' } },
      spec: { applicationImage: 'o', service: { port: 3000, portName: 'http' } },
    });
    const gateway = sidecar('gateway', { istio: 'ingressgateway' }, 'istio-system');
    const billing = obj('appsody.dev/v1beta1', 'AppsodyApplication', 'billing', { spec: { applicationImage: 'b', service: { port: 3000 } } });
    const instance = sidecar('billing', { 'app.kubernetes.io/instance': 'billing' });
    expect(
      policyFindings(
        injected,
        web,
        pod,
        app,
        billing,
        sidecar('web', { app: 'web' }),
        sidecar('debug', { run: 'debug' }),
        sidecar('orders', { app: 'orders' }),
        instance,
        gateway,
      ),
    ).toEqual([]);
  });

  test('fails when a Telemetry selector selects no pod of its namespace', () => {
    const t = telemetry('web-traces', { selector: { matchLabels: { app: 'wbe' } }, tracing: [{ randomSamplingPercentage: 10 }] });
    expect(withCode(check(injected, web, t), 'IST0101')).toEqual([
      expect.objectContaining({
        kind: 'Telemetry',
        field: 'spec.selector.matchLabels.app',
        message: expect.stringMatching(/^referenced selector not found: "app=wbe" \(no pod in namespace shop has these labels/),
      }),
    ]);
  });

  test('passes for a Telemetry that selects a pod, or selects by targetRefs or not at all', () => {
    const selecting = telemetry('web', { selector: { matchLabels: { app: 'web' } }, tracing: [{ randomSamplingPercentage: 10 }] });
    const targeting = telemetry('gw', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gone' }], tracing: [{}] });
    const empty = telemetry('all', { selector: {}, tracing: [{}] });
    expect(policyFindings(injected, web, selecting, targeting, empty)).toEqual([]);
  });

  test('fails when an AuthorizationPolicy names a source namespace that no namespace matches', () => {
    const policy = authorizationPolicy('web', {
      selector: { matchLabels: { app: 'web' } },
      rules: [
        {
          from: [
            { source: { principals: ['cluster.local/ns/shop/sa/api'] } },
            { source: { namespaces: ['shop', 'payments'], notNamespaces: ['billing-*'] } },
          ],
        },
      ],
    });
    expect(withCode(check(injected, web, policy), 'IST0101')).toEqual([
      expect.objectContaining({ field: 'spec.rules[0].from[1].source.notNamespaces[0]', message: expect.stringMatching(/"billing-\*"/) }),
      expect.objectContaining({
        kind: 'AuthorizationPolicy',
        field: 'spec.rules[0].from[1].source.namespaces[1]',
        message: 'referenced namespace not found: "payments" (no namespace of the set, of its objects or of every cluster matches it)',
      }),
    ]);
  });

  test('passes for namespaces of the set or of its objects, patterns that match one, any case, and those of every cluster', () => {
    const policy = authorizationPolicy('web', {
      selector: { matchLabels: { app: 'web' } },
      rules: [{ from: [{ source: { namespaces: ['Shop', 'other', 'prod-*', '*-eu', '*', 'kube-system', 'istio-system', 'default'] } }] }],
    });
    expect(policyFindings(injected, web, namespace('prod-eu'), deployment('x', { app: 'x' }, 'other'), policy)).toEqual([]);
  });
});

describe('IST0127 NoMatchingWorkloadsFound', () => {
  test('fails when an AuthorizationPolicy selects no pod in the mesh of its namespace', () => {
    const outside = deployment('batch', { app: 'batch', 'sidecar.istio.io/inject': 'false' });
    const policy = (app: string) => authorizationPolicy(app, { selector: { matchLabels: { app } } });
    expect(withCode(check(injected, web, outside, policy('batch'), policy('gone'), policy('web')), 'IST0127')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        name: 'batch',
        field: 'spec.selector.matchLabels',
        message:
          'no matching workloads for this resource with the following labels: app=batch (no pod in the mesh in namespace shop has them; the policy applies to nothing)',
      }),
      expect.objectContaining({ name: 'gone', message: expect.stringMatching(/labels: app=gone /) }),
    ]);
  });

  test("the install's gateway pods carry their chart's labels beside the selector's (app.kubernetes.io/name, istio.io/rev)", () => {
    const atGateway = (labels: Record<string, string>) => authorizationPolicy('edge', { selector: { matchLabels: labels }, action: 'DENY', rules: [{ to: [{ operation: { ports: ['8080'] } }] }] }, 'istio-system');
    expect(withCode(check(atGateway({ 'app.kubernetes.io/name': 'istio-ingressgateway', 'istio.io/rev': 'default' })), 'IST0127')).toEqual([]);
    expect(withCode(check(atGateway({ 'app.kubernetes.io/name': 'istio-egressgateway' })), 'IST0127')).toHaveLength(1);
  });

  test('fails when a namespace-wide AuthorizationPolicy is in a namespace without pods in the mesh', () => {
    const plain = namespace('shop');
    expect(withCode(check(plain, web, authorizationPolicy('allow-nothing', {})), 'IST0127')).toEqual([
      expect.objectContaining({
        name: 'allow-nothing',
        message:
          'no matching workloads for this resource with the following labels: "" (the policy applies to the whole namespace shop, which has no pod in the mesh)',
      }),
    ]);
    expect(withCode(check(authorizationPolicy('allow-nothing', {})), 'IST0127')).toHaveLength(1);
  });

  test('passes for pods that injection puts in the mesh: namespace label, revision, pod label or annotation, an unknown namespace', () => {
    const policy = (ns: string) => authorizationPolicy('deny-all', {}, ns);
    const revision = namespace('canary', { 'istio.io/rev': 'canary' });
    const labelled = deployment('w', { app: 'w', 'sidecar.istio.io/inject': 'true' }, 'plain');
    const annotated = deployment('w', { app: 'w' }, 'annotated', { 'sidecar.istio.io/inject': 'true' });
    const ambient = namespace('amb', { 'istio.io/dataplane-mode': 'ambient' });
    expect(
      withCode(
        check(
          injected,
          web,
          policy('shop'),
          revision,
          deployment('w', { app: 'w' }, 'canary'),
          policy('canary'),
          namespace('plain'),
          labelled,
          policy('plain'),
          namespace('annotated'),
          annotated,
          policy('annotated'),
          ambient,
          deployment('w', { app: 'w' }, 'amb'),
          policy('amb'),
          deployment('w', { app: 'w' }, 'unknown'),
          policy('unknown'),
        ),
        'IST0127',
      ),
    ).toEqual([]);
  });

  test("a policy of the root namespace applies mesh-wide: its selector matches pods anywhere, the install's gateways included", () => {
    const root = (name: string, spec: Record<string, unknown>) => authorizationPolicy(name, spec, 'istio-system');
    const findings = withCode(
      check(
        injected,
        web,
        root('ingress', { selector: { matchLabels: { istio: 'ingressgateway' } } }),
        root('web', { selector: { matchLabels: { app: 'web' } } }),
        root('mesh-wide', {}),
        root('nothing', { selector: { matchLabels: { app: 'nothing' } } }),
      ),
      'IST0127',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        name: 'nothing',
        message: expect.stringMatching(/in any namespace, has them; the policy in the root namespace istio-system/),
      }),
    ]);
  });

  test("the root namespace is the one of the set's IstioOperator", () => {
    const operator = obj(
      'install.istio.io/v1alpha1',
      'IstioOperator',
      'istio',
      { spec: { profile: 'default', meshConfig: { rootNamespace: 'mesh-root' } } },
      'istio-system',
    );
    const policy = authorizationPolicy('web', { selector: { matchLabels: { app: 'web' } } }, 'mesh-root');
    expect(withCode(check(operator, injected, web, policy), 'IST0127')).toEqual([]);
    expect(withCode(check(injected, web, policy), 'IST0127')).toHaveLength(1);
    // a Helm install says it in the mesh config it renders into the ConfigMap `istio`
    expect(withCode(check(meshConfigMap('rootNamespace: mesh-root\n'), injected, web, policy), 'IST0127')).toEqual([]);
  });
});

describe('IST0175 JwksUriFetchUnrestricted', () => {
  const istiod = (env: unknown[] = [], labels: Record<string, string> = { app: 'istiod' }) =>
    obj('apps/v1', 'Deployment', 'istiod', {
      metadata: { labels },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'discovery', image: 'pilot', env }] } } },
    }, 'istio-system');
  const requestAuthentication = (name: string, namespace = 'shop') =>
    obj('security.istio.io/v1', 'RequestAuthentication', name, { spec: { jwtRules: [{ issuer: 'https://issuer.example.com' }] } }, namespace);
  const jwks = (...objects: ReturnType<typeof obj>[]) => withCode(check(...objects), 'IST0175').map((f) => `${f.kind} ${f.namespace}/${f.name} ${f.field}: ${f.message}`);

  test('warns on an istiod Deployment without BLOCKED_CIDRS_IN_JWKS_URIS while RequestAuthentications exist, naming five and counting the rest', () => {
    expect(jwks(istiod(), requestAuthentication('b'), requestAuthentication('a', 'istio-system'))).toEqual([
      'Deployment istio-system/istiod metadata.name: BLOCKED_CIDRS_IN_JWKS_URIS is not configured but 2 RequestAuthentication resource(s) exist ' +
        '(istio-system/a, shop/b). Consider configuring it to restrict JWKS URI fetches to trusted networks.',
    ]);
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => requestAuthentication(n));
    expect(jwks(istiod([{ name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '' }]), ...many)[0]).toContain(
      '7 RequestAuthentication resource(s) exist (shop/a, shop/b, shop/c, shop/d, shop/e, and 2 more)',
    );
  });

  test('passes with the variable set to a value, without RequestAuthentications, and without an istiod of the set', () => {
    const configured = istiod([{ name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '10.0.0.0/8,169.254.169.254/32' }]);
    expect(jwks(configured, requestAuthentication('a'))).toEqual([]);
    expect(jwks(istiod())).toEqual([]);
    expect(jwks(requestAuthentication('a'))).toEqual([]);
    // another Deployment, and a value from a ConfigMap (istioctl reads `value` only: reported)
    expect(jwks(istiod([], { app: 'web' }), requestAuthentication('a'))).toEqual([]);
    expect(jwks(istiod([{ name: 'BLOCKED_CIDRS_IN_JWKS_URIS', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } }]), requestAuthentication('a'))).toHaveLength(1);
  });
});

describe('IST0110 ConflictingSidecarWorkloadSelectors', () => {
  test('fails when two Sidecars select the same pods', () => {
    const findings = withCode(
      check(injected, web, api, sidecar('by-app', { app: 'web' }), sidecar('by-version', { version: 'v1' }), sidecar('api', { app: 'api' })),
      'IST0110',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        name: 'by-app',
        field: 'metadata.name',
        message:
          'the Sidecars [by-app by-version] in namespace "shop" select the same workload pods (Deployment shop/web), which can lead to undefined behavior; ' +
          'select each workload with one Sidecar',
      }),
      expect.objectContaining({ name: 'by-version' }),
    ]);
  });

  test('passes for copies of one Sidecar in two files (alternatives of one object), and for Sidecars selecting different pods', () => {
    const one = sidecar('web', { app: 'web' });
    const copy = sidecar('web', { version: 'v1' });
    expect(policyFindings(injected, web, api, one, copy, sidecar('api', { app: 'api' }))).toEqual([]);
  });
});

describe('IST0111 MultipleSidecarsWithoutWorkloadSelectors', () => {
  test('fails when a namespace has two Sidecars without a workload selector (an empty one counts as none)', () => {
    const empty = obj('networking.istio.io/v1', 'Sidecar', 'empty', { spec: { workloadSelector: { labels: {} }, egress: [{ hosts: ['./*'] }] } });
    expect(withCode(check(injected, web, sidecar('default'), empty), 'IST0111')).toEqual([
      expect.objectContaining({
        severity: 'error',
        name: 'default',
        message:
          'the Sidecars [default empty] in namespace "shop" have no workload selector, which can lead to undefined behavior; ' +
          'keep one Sidecar without a selector per namespace and give the others a workloadSelector',
      }),
      expect.objectContaining({ name: 'empty' }),
    ]);
  });

  test('passes for one namespace-wide Sidecar per namespace beside selecting ones', () => {
    expect(policyFindings(injected, web, sidecar('default'), sidecar('default', undefined, 'other'), sidecar('web', { app: 'web' }))).toEqual([]);
  });
});

describe('IST0167 IneffectivePolicy', () => {
  const ambient = namespace('shop', { 'istio.io/dataplane-mode': 'ambient' });

  test('fails when a Sidecar selects pods in ambient mode, or is namespace-wide in an ambient namespace', () => {
    const findings = check(ambient, web, sidecar('web', { app: 'web' }), sidecar('default'), sidecar('second'));
    expect(withCode(findings, 'IST0167')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        name: 'default',
        message: expect.stringMatching(/^the policy has no impact: namespace is in ambient mode/),
      }),
      expect.objectContaining({ name: 'second' }),
      expect.objectContaining({
        name: 'web',
        message: 'the policy has no impact: selected workload is in ambient mode (Deployment shop/web runs no sidecar for the Sidecar to configure)',
      }),
    ]);
    expect(withCode(findings, 'IST0111')).toEqual([]);
  });

  test('fails when a Sidecar selects pods annotated as captured by ambient mode', () => {
    const captured = deployment('web', { app: 'web' }, 'shop', { 'ambient.istio.io/redirection': 'enabled' });
    expect(withCode(check(injected, captured, sidecar('web', { app: 'web' })), 'IST0167')).toHaveLength(1);
  });

  test('passes in a namespace labelled ambient that also injects sidecars, and for pods that opt out of ambient mode', () => {
    const both = namespace('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'enabled' });
    expect(policyFindings(both, web, sidecar('web', { app: 'web' }), sidecar('default'))).toEqual([]);
    const optOut = deployment('web', { app: 'web', 'istio.io/dataplane-mode': 'none' });
    expect(withCode(check(ambient, optOut, sidecar('web', { app: 'web' })), 'IST0167')).toEqual([]);
  });
});

describe('IST0159 ConflictingTelemetryWorkloadSelectors', () => {
  test('fails when two Telemetries select the same pods', () => {
    const t = (name: string, matchLabels: Record<string, string>) => telemetry(name, { selector: { matchLabels }, tracing: [{}] });
    expect(withCode(check(injected, web, t('a', { app: 'web' }), t('b', { version: 'v1' })), 'IST0159')).toEqual([
      expect.objectContaining({
        severity: 'error',
        name: 'a',
        field: 'metadata.name',
        message:
          'the Telemetries [a b] in namespace "shop" select the same workload pods (Deployment shop/web), which can lead to undefined behavior; ' +
          'select each workload with one Telemetry',
      }),
      expect.objectContaining({ name: 'b' }),
    ]);
  });

  test('passes for Telemetries selecting different pods, beside a namespace-wide one', () => {
    const t = (name: string, matchLabels: Record<string, string>) => telemetry(name, { selector: { matchLabels }, tracing: [{}] });
    expect(policyFindings(injected, web, api, t('a', { app: 'web' }), t('b', { app: 'api' }), telemetry('tracing', { tracing: [{}] }))).toEqual([]);
  });
});

describe('IST0160 MultipleTelemetriesWithoutWorkloadSelectors', () => {
  test('fails when a namespace has two Telemetries without a selector (targetRefs do not count as one)', () => {
    const targeting = telemetry('gw', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }], tracing: [{}] });
    expect(withCode(check(telemetry('tracing', { tracing: [{}] }), targeting), 'IST0160')).toEqual([
      expect.objectContaining({
        severity: 'error',
        name: 'gw',
        message:
          'the Telemetries [gw tracing] in namespace "shop" have no workload selector, which can lead to undefined behavior; ' +
          'merge them into one Telemetry per namespace, or give the others a selector',
      }),
      expect.objectContaining({ name: 'tracing' }),
    ]);
  });

  test('passes for one per namespace, copies of one Telemetry, and an empty selector (which istioctl counts as one)', () => {
    const tracing = telemetry('tracing', { tracing: [{}] });
    expect(
      policyFindings(tracing, tracing, telemetry('tracing', { tracing: [{}] }, 'other'), telemetry('all', { selector: {}, tracing: [{}] })),
    ).toEqual([]);
  });
});

describe('IST0157 InvalidTelemetryProvider', () => {
  test('fails when an access logging entry names no provider and the mesh config has no default one', () => {
    const t = telemetry('logs', { accessLogging: [{ providers: [{ name: 'envoy' }] }, { filter: { expression: 'response.code >= 400' } }] });
    expect(withCode(check(t), 'IST0157')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'spec.accessLogging[1].providers',
        message: expect.stringMatching(/^the Telemetry logs in namespace "shop" with empty providers will be ignored \(/),
      }),
    ]);
  });

  test('passes for named providers, disabled entries, and a mesh config with default access logging providers', () => {
    const t = telemetry('logs', { accessLogging: [{ providers: [{ name: 'envoy' }] }, { disabled: true }] });
    expect(policyFindings(t)).toEqual([]);
    const operator = obj(
      'install.istio.io/v1alpha1',
      'IstioOperator',
      'istio',
      { spec: { meshConfig: { defaultProviders: { accessLogging: ['envoy'] } } } },
      'istio-system',
    );
    expect(withCode(check(operator, telemetry('logs', { accessLogging: [{}] })), 'IST0157')).toEqual([]);
    // the mesh config is the control plane's, when a gateways-only IstioOperator comes first
    const gateways = obj('install.istio.io/v1alpha1', 'IstioOperator', 'ingress', { spec: { profile: 'empty' } }, 'istio-system');
    expect(withCode(check(gateways, operator, telemetry('logs', { accessLogging: [{}] })), 'IST0157')).toEqual([]);
    // spec.values.meshConfig counts too; where both set a key, spec.meshConfig wins (istioctl writes it into the values)
    const byValues = obj('install.istio.io/v1alpha1', 'IstioOperator', 'istio', { spec: { values: { meshConfig: { defaultProviders: { accessLogging: ['envoy'] } } } } }, 'istio-system');
    expect(withCode(check(byValues, telemetry('logs', { accessLogging: [{}] })), 'IST0157')).toEqual([]);
    const overridden = obj('install.istio.io/v1alpha1', 'IstioOperator', 'istio', {
      spec: { meshConfig: { defaultProviders: { accessLogging: ['envoy'] } }, values: { meshConfig: { defaultProviders: { accessLogging: [] } } } },
    }, 'istio-system');
    expect(withCode(check(overridden, telemetry('logs', { accessLogging: [{}] })), 'IST0157')).toEqual([]);
    const cleared = obj('install.istio.io/v1alpha1', 'IstioOperator', 'istio', {
      spec: { meshConfig: { defaultProviders: { accessLogging: [] } }, values: { meshConfig: { defaultProviders: { accessLogging: ['envoy'] } } } },
    }, 'istio-system');
    expect(withCode(check(cleared, telemetry('logs', { accessLogging: [{}] })), 'IST0157')).toHaveLength(1);
  });
});

describe('IST0166 IneffectiveSelector', () => {
  test('fails when a policy selects the pods Istio deploys for a Gateway API Gateway', () => {
    const policy = authorizationPolicy('gw', {
      selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } },
      action: 'DENY',
      rules: [{}],
    });
    const findings = check(injected, k8sGateway('edge', 'istio'), policy);
    expect(withCode(findings, 'IST0166')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'AuthorizationPolicy',
        field: 'spec.selector',
        message: expect.stringMatching(/^ineffective selector on Kubernetes Gateway edge; use the targetRef field instead/),
      }),
    ]);
    // the gateway's pods are in the mesh: the policy applies to something
    expect(withCode(findings, 'IST0127')).toEqual([]);
  });

  test('fails for a pod template labelled as a Gateway API gateway, and for a waypoint', () => {
    const manual = deployment('edge', { 'gateway.networking.k8s.io/gateway-name': 'edge', app: 'edge' });
    const t = telemetry('edge', { selector: { matchLabels: { app: 'edge' } }, tracing: [{}] });
    expect(withCode(check(injected, manual, t), 'IST0166')).toHaveLength(1);
    const waypoint = k8sGateway('waypoint', 'istio-waypoint');
    const wasm = obj('extensions.istio.io/v1alpha1', 'WasmPlugin', 'filter', {
      spec: { url: 'oci://x/y', selector: { matchLabels: { 'istio.io/dataplane-mode': 'none' } } },
    });
    expect(withCode(check(injected, waypoint, wasm), 'IST0166')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Gateway waypoint;/) }),
    ]);
  });

  test('passes for policies that target the Gateway, select other pods, or select a Gateway Istio does not deploy', () => {
    const targeting = authorizationPolicy('gw', {
      targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'edge' }],
      action: 'DENY',
      rules: [{}],
    });
    const other = authorizationPolicy('web', { selector: { matchLabels: { app: 'web' } } });
    expect(policyFindings(injected, web, k8sGateway('edge', 'istio'), targeting, other)).toEqual([]);
    const foreign = authorizationPolicy('foreign', { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } } });
    expect(withCode(check(injected, k8sGateway('edge', 'other-controller'), foreign), 'IST0166')).toEqual([]);
  });
});

describe('IST0151..IST0155 EnvoyFilter patches', () => {
  const lua = (name: string) => ({ name, typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua' } });
  const httpFilter = (operation: string, name = 'envoy.lua', proxyVersion?: string) => ({
    applyTo: 'HTTP_FILTER',
    match: { context: 'SIDECAR_INBOUND', ...(proxyVersion ? { proxy: { proxyVersion } } : {}) },
    patch: { operation, value: lua(name) },
  });

  test("fails when a relative operation is used without a priority (IST0151, istioctl's text)", () => {
    expect(
      withCode(check(envoyFilter('lua', [httpFilter('INSERT_BEFORE'), { applyTo: 'CLUSTER', patch: { operation: 'ADD', value: {} } }])), 'IST0151'),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'spec.configPatches[0]',
        message:
          'this EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. ' +
          'Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly',
      }),
    ]);
  });

  test('passes for a relative operation with a priority, and for absolute operations', () => {
    expect(policyFindings(envoyFilter('lua', [httpFilter('INSERT_AFTER'), httpFilter('REPLACE'), httpFilter('REMOVE')], { priority: -10 }))).toEqual(
      [],
    );
    expect(policyFindings(envoyFilter('lua', [httpFilter('INSERT_FIRST'), httpFilter('MERGE'), httpFilter('ADD')]))).toEqual([]);
  });

  test('fails when REPLACE applies to anything but a filter or a virtual host, priority or not (IST0152)', () => {
    const findings = check(envoyFilter('cluster', [{ applyTo: 'CLUSTER', patch: { operation: 'REPLACE', value: { name: 'c' } } }], { priority: 10 }));
    expect(withCode(findings, 'IST0152')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'the REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER (and VIRTUAL_HOST; applyTo is CLUSTER)',
      }),
    ]);
    const virtualHost = envoyFilter('vh', [{ applyTo: 'VIRTUAL_HOST', patch: { operation: 'REPLACE', value: { name: 'v' } } }], { priority: 10 });
    expect(policyFindings(virtualHost, envoyFilter('lua', [httpFilter('REPLACE')], { priority: 10 }))).toEqual([]);
  });

  test('fails when ADD applies to a route configuration or an HTTP route (IST0153)', () => {
    const findings = check(envoyFilter('routes', [{ applyTo: 'HTTP_ROUTE', patch: { operation: 'ADD', value: { name: 'r' } } }]));
    expect(withCode(findings, 'IST0153')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'the ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE (applyTo is HTTP_ROUTE)',
      }),
    ]);
    expect(policyFindings(envoyFilter('vh', [{ applyTo: 'VIRTUAL_HOST', patch: { operation: 'ADD', value: { name: 'v' } } }]))).toEqual([]);
  });

  test('fails when REMOVE applies to a route configuration or an HTTP route (IST0154)', () => {
    const findings = check(envoyFilter('routes', [{ applyTo: 'ROUTE_CONFIGURATION', patch: { operation: 'REMOVE' } }], { priority: 1 }));
    expect(withCode(findings, 'IST0154')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/^the REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION/),
      }),
    ]);
    expect(policyFindings(envoyFilter('net', [{ applyTo: 'NETWORK_FILTER', patch: { operation: 'REMOVE' } }], { priority: 1 }))).toEqual([]);
  });

  test("fails when a relative patch follows a patch of the same filter with a proxyVersion (IST0155, istioctl's text)", () => {
    const findings = check(
      envoyFilter('test-relative-3', [httpFilter('INSERT_AFTER', 'envoy.lua1', '^1\\.11.*'), httpFilter('INSERT_AFTER', 'envoy.lua1')]),
    );
    expect(withCode(findings, 'IST0151')).toHaveLength(1);
    expect(withCode(findings, 'IST0155')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'spec.configPatches[1]',
        message:
          'this EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion ' +
          'set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may ' +
          'help in ensuring the EnvoyFilter is applied correctly',
      }),
    ]);
  });

  test('IST0155 spans EnvoyFilters in the order of the set, but not copies of one EnvoyFilter', () => {
    const versioned = envoyFilter('lua-1-11', [httpFilter('ADD', 'envoy.lua', '^1\\.11.*')]);
    const later = envoyFilter('lua-after', [httpFilter('INSERT_BEFORE')]);
    expect(withCode(check(versioned, later), 'IST0155')).toEqual([expect.objectContaining({ name: 'lua-after' })]);
    const copy = envoyFilter('lua', [httpFilter('INSERT_AFTER', 'envoy.lua', '^1\\.11.*')]);
    const findings = check(copy, copy);
    expect(withCode(findings, 'IST0155')).toEqual([]);
    expect(withCode(findings, 'IST0151')).toHaveLength(2);
  });

  test('passes for patches after one without a `patch` (istioctl stops there), and for other API versions than v1alpha3', () => {
    expect(policyFindings(envoyFilter('stop', [{ applyTo: 'CLUSTER' }, httpFilter('INSERT_BEFORE')]))).toEqual([]);
    const v1 = obj('networking.istio.io/v1', 'EnvoyFilter', 'v1', { spec: { configPatches: [httpFilter('INSERT_BEFORE')] } });
    expect(policyFindings(v1)).toEqual([]);
  });
});

describe('where the findings are placed in a file', () => {
  test('a selector finding at the line of its first label, a conflict at the name, as istioctl places them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-'));
    try {
      writeFileSync(
        join(dir, 'sidecars.yaml'),
        [
          'apiVersion: networking.istio.io/v1',
          'kind: Sidecar',
          'metadata:',
          '  name: ghost',
          '  namespace: shop',
          'spec:',
          '  workloadSelector:',
          '    labels:',
          '      version: v9',
          '      app: ghost',
          '---',
          'apiVersion: networking.istio.io/v1',
          'kind: Sidecar',
          'metadata:',
          '  name: default',
          '  namespace: shop',
          'spec: {}',
          '---',
          'apiVersion: networking.istio.io/v1',
          'kind: Sidecar',
          'metadata:',
          '  name: other',
          '  namespace: shop',
          'spec: {}',
        ].join('\n'),
      );
      const findings = lintTargets([dir]).findings.filter((f) => POLICY_CODES.includes(f.code));
      expect(findings.map((f) => [f.code, f.name, f.line])).toEqual([
        ['IST0101', 'ghost', 10],
        ['IST0111', 'default', 12],
        ['IST0111', 'other', 19],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
