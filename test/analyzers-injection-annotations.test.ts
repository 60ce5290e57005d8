import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { KubeObject } from '../src/manifests/kube-object';
import { lintTargets } from '../src/lint/lint';
import { urlHostname } from '../src/validate/go-url';
import { ISTIO_ANNOTATIONS } from '../src/validate/mesh/istio-annotations';
import { check, meshConfigMap, obj, virtualService, withCode } from './support/objects';

const CODES = ['IST0002', 'IST0102', 'IST0103', 'IST0107', 'IST0108', 'IST0123', 'IST0125', 'IST0135', 'IST0136', 'IST0139', 'IST0146', 'IST0147', 'IST0163', 'IST0164'];

/** A Namespace (cluster-scoped) with `labels`. */
const namespace = (name: string, labels: Record<string, string> = {}) => obj('v1', 'Namespace', name, { metadata: { labels } }, undefined);
const injected = namespace('shop', { 'istio-injection': 'enabled' });
const plain = namespace('shop');

interface PodOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers?: unknown[];
  hostNetwork?: boolean;
  ns?: string;
}

const podSpec = ({ containers, hostNetwork }: PodOptions) => ({
  containers: containers ?? [{ name: 'app', image: 'app:1' }],
  ...(hostNetwork ? { hostNetwork } : {}),
});

/** A Deployment whose pod template has the given labels, annotations and containers. */
const deployment = (name: string, options: PodOptions = {}, extra: Record<string, unknown> = {}) => {
  const labels = { app: name, ...options.labels };
  return obj(
    'apps/v1',
    'Deployment',
    name,
    {
      ...extra,
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels, annotations: options.annotations ?? {} }, spec: podSpec(options) },
      },
    },
    options.ns ?? 'shop',
  );
};

/** A Pod with the given labels, annotations and containers. */
const pod = (name: string, options: PodOptions = {}) =>
  obj('v1', 'Pod', name, { metadata: { labels: options.labels ?? {}, annotations: options.annotations ?? {} }, spec: podSpec(options) }, options.ns ?? 'shop');

/** An AppsodyApplication with the given metadata and spec. */
const appsody = (name: string, metadata: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
  obj('appsody.dev/v1beta1', 'AppsodyApplication', name, { metadata, spec: { applicationImage: 'app:1', stack: 'nodejs', ...spec } });

/** An IstioOperator in istio-system with `spec`. */
const istioOperator = (spec: Record<string, unknown>) => obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec }, 'istio-system');

const gatewayProxy = [{ name: 'istio-proxy', image: 'auto' }];

const codes = (findings: ReturnType<typeof check>) => findings.filter((f) => CODES.includes(f.code)).map((f) => `${f.code} ${f.kind} ${f.name}`);

describe('IST0102 NamespaceNotInjected', () => {
  test('fails when a namespace has no injection label, or an empty one', () => {
    expect(withCode(check(namespace('plain'), namespace('empty', { 'istio-injection': '' })), 'IST0102')).toEqual([
      expect.objectContaining({
        severity: 'info',
        kind: 'Namespace',
        name: 'empty',
        field: 'metadata.name',
        message:
          "the namespace is not enabled for Istio injection: run 'kubectl label namespace empty istio-injection=enabled' to enable it, " +
          "or 'kubectl label namespace empty istio-injection=disabled' to explicitly mark it as not needing injection",
      }),
      expect.objectContaining({ name: 'plain' }),
    ]);
  });

  test.each<Record<string, string>>([{ 'istio-injection': 'enabled' }, { 'istio-injection': 'disabled' }, { 'istio.io/rev': 'canary' }, { 'istio.io/dataplane-mode': 'ambient' }])(
    'passes with labels %j',
    (labels) => {
      expect(withCode(check(namespace('meshed', labels)), 'IST0102')).toEqual([]);
    },
  );

  test("passes over istio-system and Kubernetes' own namespaces", () => {
    expect(withCode(check(namespace('istio-system'), namespace('kube-system'), namespace('local-path-storage')), 'IST0102')).toEqual([]);
  });

  test('passes when the install injects namespaces by default (istioctl says IST0148 there, not IST0102)', () => {
    const byDefault = istioOperator({ values: { sidecarInjectorWebhook: { enableNamespacesByDefault: true } } });
    expect(withCode(check(namespace('plain'), byDefault), 'IST0102')).toEqual([]);
    const configMap = obj('v1', 'ConfigMap', 'istio-sidecar-injector', {
      data: { values: JSON.stringify({ sidecarInjectorWebhook: { enableNamespacesByDefault: true } }) },
    });
    expect(withCode(check(namespace('plain'), configMap), 'IST0102')).toEqual([]);
    // a revision's install makes istio-sidecar-injector-<revision>, which istioctl does not read for an unlabelled namespace
    const revisioned = istioOperator({ revision: 'canary', values: { sidecarInjectorWebhook: { enableNamespacesByDefault: true } } });
    expect(withCode(check(namespace('plain'), revisioned), 'IST0102')).toHaveLength(1);
  });
});

describe('IST0123 NamespaceMultipleInjectionLabels', () => {
  test('fails when a namespace has istio-injection=enabled and a revision, or a revision and ambient mode', () => {
    const both = namespace('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' });
    const ambient = namespace('ambient', { 'istio.io/rev': 'canary', 'istio.io/dataplane-mode': 'ambient' });
    expect(withCode(check(both, ambient), 'IST0123')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        name: 'ambient',
        message:
          'the namespace has more than one type of injection labels [istio.io/rev=canary istio.io/dataplane-mode=ambient], ' +
          'which may lead to undefined behavior; make sure only one injection label exists',
      }),
      expect.objectContaining({ name: 'both', message: expect.stringContaining('[istio-injection=enabled istio.io/rev=canary]') }),
    ]);
  });

  test('passes with one injection label, or istio-injection=disabled next to a revision (it wins)', () => {
    const disabled = namespace('disabled', { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' });
    expect(withCode(check(disabled, injected, namespace('rev', { 'istio.io/rev': 'canary' })), 'IST0123')).toEqual([]);
  });
});

describe('IST0103 PodMissingProxy', () => {
  test('fails when the install injects only pods that ask for it and a template in an injected namespace does not', () => {
    const onRequest = istioOperator({ values: { global: { proxy: { autoInject: 'disabled' } } } });
    expect(withCode(check(injected, deployment('web'), deployment('asks', { labels: { 'sidecar.istio.io/inject': 'true' } }), onRequest), 'IST0103')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'Deployment',
        name: 'web',
        field: 'spec.template.metadata',
        message:
          'the pods of Deployment shop/web will be missing the Istio proxy: the install injects only pods that set sidecar.istio.io/inject: "true" ' +
          '(values.global.proxy.autoInject is disabled) (the namespace is labelled istio-injection=enabled)',
      }),
    ]);
  });

  test("fails when a pod's labels match the injector's neverInjectSelector, or a value other than true or false falls back to it", () => {
    const never = istioOperator({ values: { sidecarInjectorWebhook: { neverInjectSelector: [{ matchLabels: { tier: 'batch' } }] } } });
    const job = pod('job', { labels: { tier: 'batch' } });
    const vague = pod('vague', { labels: { tier: 'batch', 'sidecar.istio.io/inject': 'yes' } });
    const forced = pod('forced', { labels: { tier: 'batch', 'sidecar.istio.io/inject': 'true' } });
    const reason =
      "will be missing the Istio proxy: the pod labels match the injector's neverInjectSelector (values.sidecarInjectorWebhook.neverInjectSelector) " +
      'and do not set sidecar.istio.io/inject: "true" (the namespace is labelled istio-injection=enabled)';
    expect(withCode(check(injected, job, vague, forced, never), 'IST0103').map((f) => f.message)).toEqual([`pod shop/job ${reason}`, `pod shop/vague ${reason}`]);
  });

  test('fails when the install runs no istiod, so nothing injects', () => {
    const empty = istioOperator({ profile: 'empty' });
    expect(withCode(check(injected, deployment('web'), empty), 'IST0103')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^the pods of Deployment shop\/web will be missing the Istio proxy: the install runs no istiod/) }),
    ]);
  });

  test('reads the install from the resource that runs istiod, whatever the order of several', () => {
    const operator = (name: string, spec: Record<string, unknown>) => obj('install.istio.io/v1alpha1', 'IstioOperator', name, { spec }, 'istio-system');
    // a gateways-only install beside the control plane's, as Istio's "Installing Gateways" makes it
    const gateways = operator('ingress', { profile: 'empty', components: { ingressGateways: [{ name: 'istio-ingressgateway', enabled: true }] } });
    const controlPlane = operator('control-plane', { profile: 'minimal' });
    expect(withCode(check(injected, deployment('web'), gateways, controlPlane), 'IST0103')).toEqual([]);
    expect(withCode(check(injected, deployment('web'), controlPlane, gateways), 'IST0103')).toEqual([]);
    // alone, a gateways-only install goes beside a control plane installed otherwise (gen-eastwest-gateway.sh's),
    // whose istiod's Service is there too (expose-istiod.yaml's routes to it)
    expect(withCode(check(injected, deployment('web'), gateways), 'IST0103')).toEqual([]);
    const toIstiod = obj('networking.istio.io/v1', 'DestinationRule', 'istiod', { spec: { host: 'istiod.istio-system.svc.cluster.local' } }, 'istio-system');
    expect(check(gateways, toIstiod).filter((f) => f.code === 'IST0174' || f.code === 'IST0101')).toEqual([]);
  });

  test('passes when injection will add the proxy, as the default install does in an injected namespace', () => {
    const app = appsody('orders', { annotations: { 'sidecar.istio.io/inject': 'true' } });
    expect(withCode(check(injected, deployment('web'), pod('p'), app), 'IST0103')).toEqual([]);
  });

  test('passes what istioctl passes over: injection turned off in any case, host network, a proxy already there', () => {
    const onRequest = istioOperator({ values: { global: { proxy: { autoInject: 'disabled' } } } });
    const off = deployment('off', { labels: { 'sidecar.istio.io/inject': 'False' } });
    const annotatedOff = deployment('annotated-off', { annotations: { 'sidecar.istio.io/inject': 'false' } });
    const host = deployment('host', { hostNetwork: true });
    const proxied = pod('proxied', { containers: [{ name: 'app', image: 'app:1' }, { name: 'istio-proxy', image: 'proxyv2:1.30.3' }] });
    expect(withCode(check(injected, off, annotatedOff, host, proxied, onRequest), 'IST0103')).toEqual([]);
  });

  test('fails, as istioctl, for a Pod read back from the cluster (it has a status.phase) that runs without the proxy, though injection would add one', () => {
    const running = (name: string, options: PodOptions = {}) => ({ ...pod(name, options), status: { phase: 'Running' } });
    const proxied = running('proxied', { containers: [{ name: 'app', image: 'app:1' }, { name: 'istio-proxy', image: 'proxyv2:1.30.3' }] });
    const off = running('off', { labels: { 'sidecar.istio.io/inject': 'false' } });
    expect(withCode(check(injected, running('bare'), proxied, off, pod('new'), running('host', { hostNetwork: true })), 'IST0103')).toEqual([
      expect.objectContaining({
        kind: 'Pod',
        name: 'bare',
        field: 'metadata',
        message: 'The pod shop/bare is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
      }),
    ]);
    expect(withCode(check(plain, running('uninjected')), 'IST0103')).toEqual([]);
  });

  test('passes in namespaces istioctl does not count as injected: unlabelled, labelled with a revision, or absent from the set', () => {
    const onRequest = istioOperator({ values: { global: { proxy: { autoInject: 'disabled' } } } });
    const revision = namespace('rev', { 'istio.io/rev': 'canary' });
    expect(withCode(check(plain, revision, deployment('a'), deployment('b', { ns: 'rev' }), deployment('c', { ns: 'elsewhere' }), onRequest), 'IST0103')).toEqual(
      [],
    );
  });
});

describe('IST0158 PodsIstioProxyImageMismatchInNamespace (injection.ImageAnalyzer)', () => {
  const injector = (values: unknown, name = 'istio-sidecar-injector') =>
    obj('v1', 'ConfigMap', name, { data: { values: typeof values === 'string' ? values : JSON.stringify(values) } }, 'istio-system');
  const release = injector({ global: { hub: 'docker.io/istio', tag: '1.30.3', proxy: { image: 'proxyv2' } } });
  type PodExtra = { ns?: string; labels?: Record<string, string>; annotations?: Record<string, string>; init?: boolean };
  const proxied = (name: string, image: string, extra: PodExtra = {}) => {
    const containers = [{ name: 'app', image: 'app:1' }];
    const proxy = { name: 'istio-proxy', image };
    return obj('v1', 'Pod', name, {
      metadata: { labels: extra.labels ?? {}, annotations: extra.annotations ?? {} },
      spec: extra.init ? { containers, initContainers: [{ ...proxy, restartPolicy: 'Always' }] } : { containers: [...containers, proxy] },
    }, extra.ns ?? 'shop');
  };
  const mismatches = (...objects: KubeObject[]) => withCode(check(...objects), 'IST0158').map((f) => `${f.kind} ${f.name}: ${f.message.replace(/^.*\(pod names: (.*)\)\..*$/, '$1')}`);

  test("reports each injected namespace whose Pods run another proxy image than its injector's, naming the Pods in order", () => {
    const findings = withCode(check(injected, release, proxied('web', 'docker.io/istio/proxyv2:1.29.0'), proxied('api', 'docker.io/istio/proxyv2:1.29.0', { init: true }),
      proxied('ok', 'docker.io/istio/proxyv2:1.30.3')), 'IST0158');
    expect(findings).toEqual([expect.objectContaining({
      kind: 'Namespace',
      name: 'shop',
      severity: 'warning',
      message: 'The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: [api web]). ' +
        'This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    })]);
  });

  test("reads the injector of the namespace's revision, an absolute image, and JSON as Go reads it", () => {
    const canary = injector({ global: { proxy: { image: 'registry.example/proxy:canary' } } }, 'istio-sidecar-injector-canary');
    const revisioned = namespace('rev', { 'istio.io/rev': 'canary', 'istio-injection': 'disabled' });
    expect(mismatches(canary, revisioned, proxied('a', 'registry.example/proxy:canary', { ns: 'rev' }), proxied('b', 'docker.io/istio/proxyv2:1.30.3', { ns: 'rev' })))
      .toEqual(['Namespace rev: [b]']);
    // keys without case, the last one winning; null for a zero value
    const cased = injector('{"Global": {"HUB": "a", "hub": "docker.io/istio", "Tag": "1.30.3", "proxy": {"image": "proxyv2"}, "extra": 1}}');
    expect(mismatches(injected, cased, proxied('ok', 'docker.io/istio/proxyv2:1.30.3'))).toEqual([]);
    // not JSON, or a value of another type: the image is "", which no proxy has
    for (const broken of ['hub: docker.io/istio', '{"global": {"tag": 1303}}', '{"global": "x"}']) {
      expect(mismatches(injected, injector(broken), proxied('p', 'docker.io/istio/proxyv2:1.30.3'))).toEqual(['Namespace shop: [p]']);
    }
  });

  test('takes the image type of the proxy config that applies to the Pod: mesh config, root, namespace, selecting ProxyConfig, annotation', () => {
    const distroless = 'docker.io/istio/proxyv2:1.30.3-distroless';
    const proxyConfig = (name: string, ns: string, spec: Record<string, unknown>) => obj('networking.istio.io/v1beta1', 'ProxyConfig', name, { spec }, ns);
    const image = { image: { imageType: 'distroless' } };
    expect(mismatches(injected, release, proxied('p', distroless))).toEqual(['Namespace shop: [p]']);
    expect(mismatches(injected, release, meshConfigMap('defaultConfig:\n  image:\n    imageType: distroless\n'), proxied('p', distroless))).toEqual([]);
    expect(mismatches(injected, release, proxyConfig('root', 'istio-system', image), proxied('p', distroless))).toEqual([]);
    expect(mismatches(injected, release, proxyConfig('ns', 'shop', image), proxied('p', distroless))).toEqual([]);
    const selecting = proxyConfig('sel', 'shop', { selector: { matchLabels: { app: 'web' } }, ...image });
    expect(mismatches(injected, release, selecting, proxied('p', distroless, { labels: { app: 'web' } }), proxied('q', distroless))).toEqual(['Namespace shop: [q]']);
    expect(mismatches(injected, release, proxied('p', distroless, { annotations: { 'proxy.istio.io/config': 'image:\n  imageType: distroless\n' } }))).toEqual([]);
    // the annotation as protojson decodes it: a proto name, and no image type from a value that does not decode
    expect(mismatches(injected, release, proxied('p', distroless, { annotations: { 'proxy.istio.io/config': '{"image": {"image_type": "distroless"}}' } }),
      proxied('q', distroless, { annotations: { 'proxy.istio.io/config': '{"image": {"imageType": "distroless"}, "proxyAdminPort": "x"}' } }))).toEqual(['Namespace shop: [q]']);
    // `default` is the plain image again
    expect(mismatches(injected, release, proxyConfig('ns', 'shop', image), proxied('p', distroless, { annotations: { 'proxy.istio.io/config': 'image: {imageType: default}' } })))
      .toEqual(['Namespace shop: [p]']);
  });

  test('passes Pods with their own proxy image, without a proxy, of namespaces without injection or injector, and pod templates', () => {
    const own = proxied('own', 'my/proxy:1', { annotations: { 'sidecar.istio.io/proxyImage': 'my/proxy:1' } });
    const template = obj('apps/v1', 'Deployment', 'd', { spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } },
      spec: { containers: [{ name: 'istio-proxy', image: 'old' }] } } } });
    expect(mismatches(injected, release, own, pod('bare'), template)).toEqual([]);
    expect(mismatches(plain, release, proxied('p', 'old'))).toEqual([]);
    expect(mismatches(injected, proxied('p', 'old'))).toEqual([]);
    expect(mismatches(namespace('shop', { 'istio.io/rev': 'canary' }), release, proxied('p', 'old'))).toEqual([]);
  });
});

describe('IST0146 ImageAutoWithoutInjectionWarning and IST0147 ImageAutoWithoutInjectionError', () => {
  test('fails when a gateway Deployment with image: auto is in a namespace no injection webhook selects', () => {
    const gateway = deployment('gw', { containers: gatewayProxy, annotations: { 'inject.istio.io/templates': 'gateway' } });
    expect(withCode(check(plain, gateway), 'IST0146')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'Deployment',
        name: 'gw',
        field: 'spec.template.spec.containers[0]',
        message: expect.stringMatching(/^Deployment gw contains `image: auto` but does not match any Istio injection webhook selectors/),
      }),
    ]);
    // and its pods will keep image auto: an error, as istioctl reports each such Pod
    expect(withCode(check(plain, gateway), 'IST0147')).toEqual([
      expect.objectContaining({
        severity: 'error',
        name: 'gw',
        message: expect.stringMatching(/^the pods of Deployment shop\/gw will contain `image: auto` but will not be injected: no Istio injection webhook matches/),
      }),
    ]);
  });

  test('a canary revision installed beside the stable one injects the namespaces labelled with it: its webhooks count', () => {
    const gateway = deployment('gw', { containers: gatewayProxy, annotations: { 'inject.istio.io/templates': 'gateway' } });
    const onCanary = namespace('shop', { 'istio.io/rev': 'canary' });
    const stable = obj('install.istio.io/v1alpha1', 'IstioOperator', 'stable', { spec: {} }, 'istio-system');
    const canary = obj('install.istio.io/v1alpha1', 'IstioOperator', 'canary', { spec: { profile: 'minimal', revision: 'canary' } }, 'istio-system');
    expect(withCode(check(onCanary, gateway, stable, canary), 'IST0146')).toEqual([]);
    expect(withCode(check(onCanary, gateway, stable), 'IST0146')).toHaveLength(1);
  });

  test('fails with IST0147 only when a webhook selects the pods but the injector skips them', () => {
    const skipped = pod('gw', { containers: gatewayProxy, annotations: { 'sidecar.istio.io/inject': 'false' } });
    const deploymentSkipped = deployment('gwd', { containers: gatewayProxy, annotations: { 'sidecar.istio.io/inject': 'false' } });
    const findings = check(injected, skipped, deploymentSkipped);
    expect(withCode(findings, 'IST0146')).toEqual([]);
    expect(withCode(findings, 'IST0147').map((f) => f.message)).toEqual([
      'the pods of Deployment shop/gwd will contain `image: auto` but will not be injected: sidecar.istio.io/inject is "false"',
      'pod shop/gw will contain `image: auto` but will not be injected: sidecar.istio.io/inject is "false"',
    ]);
  });

  test('fails, as istioctl, for a Pod read back from the cluster that still has image: auto, wherever it runs', () => {
    const running = (name: string, ns?: string) => ({ ...pod(name, { containers: gatewayProxy, ns }), status: { phase: 'Pending' } });
    const findings = check(injected, running('gw'), running('away', 'elsewhere'), pod('new', { containers: gatewayProxy }));
    expect(withCode(findings, 'IST0147').map((f) => `${f.name} ${f.field}: ${f.message}`)).toEqual([
      'away spec.containers[0]: Pod away contains `image: auto` but does not match any Istio injection webhook selectors.',
      'gw spec.containers[0]: Pod gw contains `image: auto` but does not match any Istio injection webhook selectors.',
    ]);
  });

  test('passes a gateway Deployment the injection webhook selects, by its pod label or its namespace label', () => {
    const labelled = deployment('gw', { containers: gatewayProxy, labels: { 'sidecar.istio.io/inject': 'true' } });
    const inInjected = deployment('gw2', { containers: gatewayProxy, ns: 'mesh' });
    const findings = check(plain, namespace('mesh', { 'istio-injection': 'enabled' }), labelled, inInjected);
    expect(withCode(findings, 'IST0146')).toEqual([]);
    expect(withCode(findings, 'IST0147')).toEqual([]);
  });

  test("passes a Deployment that a webhook of the set's MutatingWebhookConfigurations selects", () => {
    const webhooks = obj(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      'custom-injector',
      { webhooks: [{ name: 'gateways.sidecar-injector.istio.io', objectSelector: { matchExpressions: [{ key: 'istio', operator: 'Exists' }] } }] },
      undefined,
    );
    const gateway = deployment('gw', { containers: gatewayProxy, labels: { istio: 'gateway' } });
    expect(withCode(check(plain, webhooks, gateway), 'IST0146')).toEqual([]);
  });

  test('reports a Deployment in a namespace the set lacks with IST0146 only, as istioctl reads no labels there, and no error on a guess', () => {
    const findings = check(deployment('gw', { containers: gatewayProxy, ns: 'elsewhere' }));
    expect(codes(findings)).toEqual(['IST0146 Deployment gw']);
  });
});

describe('IST0139 InvalidWebhook', () => {
  const injector = (name: string, webhooks: Record<string, unknown>[], labels: Record<string, string> = {}) =>
    obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', name, { metadata: { labels }, webhooks }, undefined);
  const hook = (name: string, extra: Record<string, unknown> = {}, service = 'istiod') => ({
    name,
    clientConfig: { service: { name: service, namespace: 'istio-system', path: '/inject' } },
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    ...extra,
  });
  const enabled = { namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } } };
  const invalid = (...objects: KubeObject[]) => withCode(check(...objects), 'IST0139').map((f) => `${f.name} ${f.field}: ${f.message}`);

  test('fails on each of two Istio webhooks that would inject the same pods, naming the others, and on a Service the set does not have', () => {
    expect(invalid(injector('a', [hook('sidecar-injector.istio.io', enabled, 'fake')]), injector('b', [hook('sidecar-injector.istio.io', enabled)]))).toEqual([
      'a webhooks[0].clientConfig.service.name: Injector refers to a control plane service that does not exist: istio-system/fake.',
      'a webhooks[0]: Webhook overlaps with others: [b/sidecar-injector.istio.io]. This may cause injection to occur twice.',
      'b webhooks[0]: Webhook overlaps with others: [a/sidecar-injector.istio.io]. This may cause injection to occur twice.',
    ]);
    // a revision's namespaces: the permutations take `istio.io/rev` of every revision the configurations name
    const revision = { namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['canary'] }] } };
    const everything = { namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }] } };
    expect(invalid(injector('rev', [hook('rev.namespace.sidecar-injector.istio.io', revision)]), injector('all', [hook('all.sidecar-injector.istio.io', everything)]))).toEqual([
      'all webhooks[0]: Webhook overlaps with others: [rev/rev.namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.',
      'rev webhooks[0]: Webhook overlaps with others: [all/all.sidecar-injector.istio.io]. This may cause injection to occur twice.',
    ]);
  });

  test("a Service in a namespace istioctl's file reader drops is not there; a selector key named like an object's built-in is no label", () => {
    const system = obj('v1', 'Service', 'injector', { spec: { ports: [{ port: 443 }] } }, 'kube-system');
    const toKube = { name: 'injector', namespace: 'kube-system', path: '/inject' };
    expect(invalid(system, injector('a', [{ ...hook('a.sidecar-injector.istio.io'), clientConfig: { service: toKube } }]))).toEqual([
      'a webhooks[0].clientConfig.service.name: Injector refers to a control plane service that does not exist: kube-system/injector.',
    ]);
    const builtIn = { objectSelector: { matchExpressions: [{ key: 'toString', operator: 'Exists' }] } };
    expect(invalid(injector('a', [hook('a.sidecar-injector.istio.io', builtIn)]), injector('b', [hook('b.sidecar-injector.istio.io')]))).toEqual([]);
  });

  test("passes the install's own webhooks side by side, other configurations, a URL, and the install's istiod", () => {
    const install = [
      hook('namespace.sidecar-injector.istio.io', { ...enabled, objectSelector: { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }] } }),
      hook('object.sidecar-injector.istio.io', {
        namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] },
        objectSelector: { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] },
      }),
    ];
    const other = injector('cert-manager', [hook('webhook.cert-manager.io', {}, 'cert-manager')]);
    const byUrl = injector('url', [{ name: 'url.istio.io', clientConfig: { url: 'https://example.com/inject' }, ...enabled, sideEffects: 'None', admissionReviewVersions: ['v1'] }]);
    expect(invalid(injector('istio-sidecar-injector', install), other)).toEqual([]);
    expect(invalid(byUrl)).toEqual([]);
    // the install's istiod is there unless the install runs none (both webhooks call it: one message, as istioctl prints it)
    const empty = obj('install.istio.io/v1alpha1', 'IstioOperator', 'install', { spec: { profile: 'empty' } }, 'istio-system');
    expect(invalid(empty, injector('istio-sidecar-injector', install))).toEqual([
      'istio-sidecar-injector webhooks[0].clientConfig.service.name: Injector refers to a control plane service that does not exist: istio-system/istiod.',
    ]);
  });
});

describe('IST0163 InvalidExternalControlPlaneConfig and IST0164 ExternalControlPlaneAddressIsNotAHostname', () => {
  const configuration = (kind: string, name: string, clientConfig: Record<string, unknown>) =>
    obj('admissionregistration.k8s.io/v1', kind, name, { webhooks: [{ name: 'rev.validation.istio.io', clientConfig, sideEffects: 'None', admissionReviewVersions: ['v1'] }] }, undefined);
  const external = (...objects: KubeObject[]) =>
    check(...objects).filter((f) => f.code === 'IST0163' || f.code === 'IST0164').map((f) => `${f.code} ${f.kind} ${f.name} ${f.field}: ${f.message}`);

  test("reports Istio's webhook configurations calling a URL that does not parse or is an IP address, or nothing at all", () => {
    expect(external(
      configuration('ValidatingWebhookConfiguration', 'istio-validator-external-istiod', {}),
      configuration('MutatingWebhookConfiguration', 'istio-sidecar-injector-external-istiod', { url: 'https://10.0.0.9:15017/inject/cluster/remote/net/net1' }),
      configuration('MutatingWebhookConfiguration', 'istio-sidecar-injector-bad', { url: 'https://istiod.example.com:port/inject' }),
    )).toEqual([
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector-bad webhooks[0].clientConfig.url: The hostname (https://istiod.example.com:port/inject) that was ' +
        'provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster was provided in an invalid format. ' +
        'Traffic may not flow properly.',
      'IST0163 ValidatingWebhookConfiguration istio-validator-external-istiod webhooks[0]: The hostname () that was provided for the webhook ' +
        '(rev.validation.istio.io) to reach the ingress gateway on the external control plane cluster is blank. Traffic may not flow properly.',
      'IST0164 MutatingWebhookConfiguration istio-sidecar-injector-external-istiod webhooks[0].clientConfig.url: The address ' +
        '(https://10.0.0.9:15017/inject/cluster/remote/net/net1) that was provided for the webhook (rev.validation.istio.io) to reach the ingress gateway on the ' +
        'external control plane cluster is an IP address. This is not recommended for a production environment.',
    ]);
  });

  test('passes a hostname, a Service, and configurations that are not Istio\'s', () => {
    expect(external(
      configuration('MutatingWebhookConfiguration', 'istio-sidecar-injector', { url: 'https://istiod.external.example.com:15017/inject' }),
      configuration('ValidatingWebhookConfiguration', 'istiod-default-validator', { service: { name: 'istiod', namespace: 'istio-system' } }),
      configuration('MutatingWebhookConfiguration', 'cert-manager-webhook', { url: 'https://10.0.0.9/' }),
      configuration('ValidatingWebhookConfiguration', 'other-validator', {}),
    )).toEqual([]);
  });

  test("reads a URL's host as Go's url.Parse and Hostname() do (Go 1.25.9)", () => {
    const cases: [string, string | undefined][] = [
      ['https://istiod.example.com:15017/inject', 'istiod.example.com'],
      ['https://10.0.0.1:15017/inject', '10.0.0.1'],
      ['https://[2001:db8::1]:15017/inject', '2001:db8::1'],
      ['https://[fe80::1%25eth0]:8443/', 'fe80::1%eth0'],
      ['https://user:pass@istiod/?a=b#top', 'istiod'],
      ['mailto:someone@example.com', ''],
      ['/relative/path', ''],
      ['https://010.0.0.1/', '010.0.0.1'],
      // brackets hold an IPv6 literal only (IPv4-mapped ones too), and open the host
      ['https://[::ffff:10.0.0.1]/', '::ffff:10.0.0.1'],
      ['https://[10.0.0.1]/', undefined],
      ['https://[example.com]/', undefined],
      ['https://x[::1]/', undefined],
      ['https://[::1/', undefined],
      ['https://istiod:port/', undefined],
      ['https://ist iod/', undefined],
      ['https://ist%41iod/', undefined],
      ['https://%zz/', undefined],
      [':no-scheme', undefined],
      ['a:b/c', ''],
      ['ab:c', ''],
      ['1a:b', undefined],
      ['https://host/%zz', undefined],
      ['https://host/path#%zz', undefined],
      ['https://host/\u007f', undefined],
      ['https://host/#\u0001', 'host'],
      ['https://us%zz@host/', undefined],
      ['https://us er@host/', undefined],
    ];
    expect(cases.map(([url]) => [url, urlHostname(url)])).toEqual(cases);
    expect(['10.0.0.1', '2001:db8::1'].every((ip) => urlHostname(`https://${ip.includes(':') ? `[${ip}]` : ip}/`) === ip)).toBe(true);
  });
});

describe('IST0107 MisplacedAnnotation', () => {
  test('fails when an annotation sits on a kind it does not apply to', () => {
    const podWithServiceAnnotation = pod('p', { annotations: { 'networking.istio.io/exportTo': '.' } });
    const ns = obj('v1', 'Namespace', 'staging', { metadata: { annotations: { 'kubernetes.io/ingress.class': 'istio' } } }, undefined);
    expect(withCode(check(podWithServiceAnnotation, ns), 'IST0107').map((f) => [f.name, f.field, f.message])).toEqual([
      ['staging', 'metadata.annotations["kubernetes.io/ingress.class"]', 'misplaced annotation: kubernetes.io/ingress.class can only be applied to Ingress'],
      ['p', 'metadata.annotations["networking.istio.io/exportTo"]', 'misplaced annotation: networking.istio.io/exportTo can only be applied to Service'],
    ]);
  });

  test("fails when a pod annotation is on a Deployment's own metadata instead of its pod template", () => {
    const misannotated = deployment('fortio', {}, { metadata: { annotations: { 'sidecar.istio.io/statsInclusionPrefixes': 'cluster.outbound' } } });
    expect(withCode(check(misannotated), 'IST0107')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'misplaced annotation: sidecar.istio.io/statsInclusionPrefixes can only be applied to Pod (put it on the pod template, spec.template.metadata.annotations)',
      }),
    ]);
  });

  test('fails when none of the objects the Appsody operator copies an annotation to takes it', () => {
    const app = appsody('orders', { annotations: { 'kubernetes.io/ingress.class': 'istio' } });
    expect(withCode(check(app), 'IST0107')).toEqual([
      expect.objectContaining({
        kind: 'AppsodyApplication',
        message:
          'misplaced annotation: kubernetes.io/ingress.class can only be applied to Ingress ' +
          "(the Appsody operator copies the AppsodyApplication's annotations to its pods, its Deployment and its Service)",
      }),
    ]);
  });

  test('passes annotations where they apply: pod templates, Services, Namespaces, any kind for Any, and what an operator copy takes', () => {
    const template = deployment('web', { annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true', 'proxy.istio.io/config': '{}' } });
    const service = obj('v1', 'Service', 'web', {
      metadata: { annotations: { 'networking.istio.io/exportTo': '.', 'networking.istio.io/traffic-distribution': 'PreferClose' } },
      spec: { ports: [{ name: 'http', port: 80 }] },
    });
    const ns = obj('v1', 'Namespace', 'shop', { metadata: { annotations: { 'topology.istio.io/controlPlaneClusters': '*' } } }, undefined);
    const suppressed = deployment('quiet', {}, { metadata: { annotations: { 'galley.istio.io/analyze-suppress': 'IST0103', 'istio.io/rev': 'canary' } } });
    const app = appsody(
      'orders',
      { annotations: { 'sidecar.istio.io/inject': 'true', 'networking.istio.io/exportTo': '.' } },
      { service: { port: 3000, annotations: { 'networking.istio.io/exportTo': '*' } } },
    );
    // istioctl reads no other kind's own annotations (a Knative Service is not a Service)
    const statefulSet = obj('apps/v1', 'StatefulSet', 'db', {
      metadata: { annotations: { 'sidecar.istio.io/proxyCPU': '1' } },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: podSpec({}) } },
    });
    const knative = obj('serving.knative.dev/v1', 'Service', 'k', { metadata: { annotations: { 'sidecar.istio.io/proxyCPU': '1' } } });
    expect(withCode(check(template, service, ns, suppressed, app, statefulSet, knative), 'IST0107')).toEqual([]);
  });
});

describe('IST0108 UnknownAnnotation', () => {
  test('fails when an Istio annotation is not one of istio.io/api 1.30.3, and names the nearest known one', () => {
    const findings = check(
      pod('p', { annotations: { 'sidecar.istio.io/enableCoreDump': 'true', 'sidecar.istio.io/proxyCpu': '1' } }),
      obj('v1', 'Service', 's', { metadata: { annotations: { 'networking.istio.io/exportThree': 'bar', 'notistio.io/x': 'y', 'foo.istio.io': 'z' } } }),
    );
    expect(withCode(findings, 'IST0108').map((f) => f.message)).toEqual([
      'unknown annotation: sidecar.istio.io/enableCoreDump; Istio ignores it',
      'unknown annotation: sidecar.istio.io/proxyCpu (did you mean sidecar.istio.io/proxyCPU?); Istio ignores it',
      'unknown annotation: foo.istio.io; Istio ignores it',
      'unknown annotation: networking.istio.io/exportThree; Istio ignores it',
      'unknown annotation: notistio.io/x; Istio ignores it',
    ]);
  });

  test("passes annotations that are not Istio's, and those Istio sets itself", () => {
    const annotated = pod('p', {
      annotations: { 'prometheus.io/scrape': 'true', 'example.com/istio.io': 'x', 'sidecar.istio.io/status': '{}', 'gateway.istio.io/controller-version': '5' },
    });
    expect(withCode(check(annotated), 'IST0108')).toEqual([]);
  });

  test('knows the 67 annotations of istio.io/api 1.30.3, ten of them deprecated', () => {
    expect(ISTIO_ANNOTATIONS.size).toBe(67);
    expect([...ISTIO_ANNOTATIONS.values()].filter((a) => a.deprecated).map((a) => a.name)).toEqual([
      'alpha.istio.io/canonical-serviceaccounts',
      'alpha.istio.io/kubernetes-serviceaccounts',
      'sidecar.istio.io/discoveryAddress',
      'sidecar.istio.io/extraStatTags',
      'sidecar.istio.io/inject',
      'sidecar.istio.io/statsCompression',
      'sidecar.istio.io/statsInclusionPrefixes',
      'sidecar.istio.io/statsInclusionRegexps',
      'sidecar.istio.io/statsInclusionSuffixes',
      'traffic.sidecar.istio.io/kubevirtInterfaces',
    ]);
    expect(ISTIO_ANNOTATIONS.get('networking.istio.io/traffic-distribution')?.resources).toEqual(['Namespace', 'Service', 'ServiceEntry']);
  });
});

describe('IST0125 InvalidAnnotation', () => {
  test.each([
    ['readiness.status.sidecar.istio.io/initialDelaySeconds', 'bar', 'strconv.ParseUint: parsing "bar": invalid syntax'],
    ['readiness.status.sidecar.istio.io/periodSeconds', '4294967296', 'strconv.ParseUint: parsing "4294967296": value out of range'],
    ['status.sidecar.istio.io/port', ' 70000', "excludeInboundPorts invalid: failed parsing port ' 70000': strconv.ParseUint: parsing \"70000\": value out of range"],
    [
      'traffic.sidecar.istio.io/includeInboundPorts',
      '80,,81',
      "includeInboundPorts invalid: failed parsing port '': failed parsing port '': strconv.ParseUint: parsing \"\": invalid syntax",
    ],
    ['traffic.sidecar.istio.io/excludeOutboundPorts', '80, -1', "excludeOutboundPorts invalid: failed parsing port ' -1': failed parsing port ' -1': strconv.ParseUint: parsing \"-1\": invalid syntax"],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0', 'excludeIPRanges invalid: failed parsing cidr \'10.0.0.0\': netip.ParsePrefix("10.0.0.0"): no \'/\''],
    [
      'traffic.sidecar.istio.io/includeOutboundIPRanges',
      '10.0.0.0/8,10.0.0.256/8',
      'includeIPRanges invalid: failed parsing cidr \'10.0.0.256/8\': netip.ParsePrefix("10.0.0.256/8"): ParseAddr("10.0.0.256"): IPv4 field has value >255',
    ],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0/33', 'excludeIPRanges invalid: failed parsing cidr \'10.0.0.0/33\': netip.ParsePrefix("10.0.0.0/33"): prefix length out of range'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'fe80::1%eth0/64', 'excludeIPRanges invalid: failed parsing cidr \'fe80::1%eth0/64\': netip.ParsePrefix("fe80::1%eth0/64"): IPv6 zones cannot be present in a prefix'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0/08', 'excludeIPRanges invalid: failed parsing cidr \'10.0.0.0/08\': netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '1:2::3::4/64', 'excludeIPRanges invalid: failed parsing cidr \'1:2::3::4/64\': netip.ParsePrefix("1:2::3::4/64"): ParseAddr("1:2::3::4"): multiple :: in address (at ":4")'],
    ['sidecar.istio.io/interceptionMode', 'redirect', 'interceptionMode invalid, use REDIRECT,TPROXY,NONE: redirect'],
    ['traffic.sidecar.istio.io/excludeInterfaces', 'eth0, 1bad', 'interface name "1bad" contains invalid characters'],
    ['istio.io/reroute-virtual-interfaces', 'eth0,,eth1', 'empty interface name'],
    ['prometheus.istio.io/merge-metrics', 'yes', 'strconv.ParseBool: parsing "yes": invalid syntax'],
    ['sidecar.istio.io/proxyCPU', '', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['sidecar.istio.io/proxyMemory', '1Gb', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['sidecar.istio.io/proxyMemory', '1mi', "unable to parse quantity's suffix"],
    ['sidecar.istio.io/proxyMemoryLimit', '1\n', 'value contains control characters'],
    ['proxy.istio.io/config', 'proxyAdminPort: 0\nstatusPort: 70000', '2 errors occurred: invalid proxy admin port: port number 0 must be in the range 1..65535; invalid status port: port number 70000 must be in the range 1..65535'],
    ['proxy.istio.io/config', 'discoveryAddress: istiod', '1 error occurred: invalid discovery address: unable to split "istiod": address istiod: missing port in address'],
    ['proxy.istio.io/config', 'drainDuration: 1.5s', '1 error occurred: drain time only supports durations to seconds precision'],
    ['proxy.istio.io/config', 'proxyAdminPort: abc', 'failed to convert to apply proxy config: invalid value for int32 field proxyAdminPort: "abc"'],
  ])('fails when %s is %j', (key, value, error) => {
    expect(withCode(check(pod('p', { annotations: { [key]: value } })), 'IST0125')).toEqual([
      expect.objectContaining({ severity: 'warning', field: `metadata.annotations[${JSON.stringify(key)}]`, message: `invalid annotation ${key}: ${error}` }),
    ]);
  });

  test.each([
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '*'],
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '10.0.0.1/8,2001:db8::/32,::ffff:10.0.0.1/128'],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', ''],
    ['traffic.sidecar.istio.io/includeInboundPorts', '*'],
    ['traffic.sidecar.istio.io/excludeInboundPorts', ' 80, 81 '],
    ['status.sidecar.istio.io/port', '0'],
    ['readiness.status.sidecar.istio.io/failureThreshold', '4294967295'],
    ['traffic.sidecar.istio.io/excludeInterfaces', 'eth0,veth_1.a-b'],
    ['prometheus.istio.io/merge-metrics', 'False'],
    ['sidecar.istio.io/proxyCPU', '100m'],
    ['sidecar.istio.io/proxyMemory', '1.5Gi'],
    ['sidecar.istio.io/proxyCPULimit', '2e3'],
    ['proxy.istio.io/config', '{}'],
    ['proxy.istio.io/config', 'holdApplicationUntilProxyStarts: true\ndiscoveryAddress: 10.0.0.1:15012\ntracingServiceName: APP_LABEL_AND_NAMESPACE'],
  ])('passes %s %j', (key, value) => {
    expect(withCode(check(pod('p', { annotations: { [key]: value } })), 'IST0125')).toEqual([]);
  });

  test("checks the values an AppsodyApplication's pods get, and not those of a misplaced annotation", () => {
    const app = appsody('orders', { annotations: { 'sidecar.istio.io/interceptionMode': 'redirect' } });
    const service = obj('v1', 'Service', 's', { metadata: { annotations: { 'sidecar.istio.io/interceptionMode': 'redirect' } } });
    expect(codes(check(app, service)).filter((c) => c.startsWith('IST0125') || c.startsWith('IST0107'))).toEqual([
      'IST0107 Service s',
      'IST0125 AppsodyApplication orders',
    ]);
  });
});

describe('TT0044 InjectionRefused', () => {
  const interception = { 'sidecar.istio.io/interceptionMode': 'redirect' };
  const refusal = "invalid value 'redirect' for annotation 'sidecar.istio.io/interceptionMode': interceptionMode invalid, use REDIRECT,TPROXY,NONE: redirect";

  test('fails when the injector reaches a pod whose annotation value it refuses: the webhook denies the pod', () => {
    expect(withCode(check(injected, pod('p', { annotations: interception })), 'TT0044')).toEqual([
      expect.objectContaining({
        severity: 'error', kind: 'Pod', field: 'metadata.annotations["sidecar.istio.io/interceptionMode"]', message: `the injection webhook refuses the pod: ${refusal}`,
      }),
    ]);
    expect(withCode(check(injected, deployment('web', { annotations: interception })), 'TT0044').map((f) => [f.field, f.message])).toEqual([
      ['spec.template.metadata.annotations["sidecar.istio.io/interceptionMode"]', `the injection webhook refuses each of its pods when it is created: ${refusal}`],
    ]);
  });

  test('passes pods injection does not reach, or whose namespace is not in the set, and valid values', () => {
    expect(withCode(check(plain, pod('p', { annotations: interception })), 'TT0044')).toEqual([]);
    expect(withCode(check(injected, pod('p', { annotations: interception, labels: { 'sidecar.istio.io/inject': 'false' } })), 'TT0044')).toEqual([]);
    expect(withCode(check(injected, pod('p', { annotations: interception, hostNetwork: true })), 'TT0044')).toEqual([]);
    expect(withCode(check(pod('p', { annotations: interception })), 'TT0044')).toEqual([]);
    expect(withCode(check(injected, pod('p', { annotations: { 'sidecar.istio.io/interceptionMode': 'TPROXY' } })), 'TT0044')).toEqual([]);
  });
});

describe('IST0135 DeprecatedAnnotation', () => {
  test("fails when a deprecated annotation is on a pod template, or on an AppsodyApplication (the tutorial's injection annotation)", () => {
    const template = deployment('web', { annotations: { 'sidecar.istio.io/statsInclusionPrefixes': 'cluster.outbound' } });
    const app = appsody('orders', { annotations: { 'sidecar.istio.io/inject': 'true' } });
    expect(withCode(check(template, app), 'IST0135').map((f) => [f.kind, f.field, f.message])).toEqual([
      [
        'AppsodyApplication',
        'metadata.annotations["sidecar.istio.io/inject"]',
        'annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions',
      ],
      [
        'Deployment',
        'spec.template.metadata.annotations["sidecar.istio.io/statsInclusionPrefixes"]',
        'annotation "sidecar.istio.io/statsInclusionPrefixes" has been deprecated and may not work in future Istio versions',
      ],
    ]);
  });

  test('passes the injection annotation next to the label that replaces it (the operator copies CR labels to the pods too)', () => {
    const both = { 'sidecar.istio.io/inject': 'true' };
    const app = appsody('orders', { annotations: both, labels: both });
    expect(withCode(check(deployment('web', { annotations: both, labels: both }), app), 'IST0135')).toEqual([]);
  });
});

describe('IST0136 AlphaAnnotation', () => {
  test('is never reported: istioctl reports it from `istioctl x precheck`, not from analyze', () => {
    const alpha = pod('p', { annotations: { 'sidecar.istio.io/interceptionMode': 'REDIRECT', 'inject.istio.io/templates': 'sidecar' } });
    expect(withCode(check(alpha), 'IST0136')).toEqual([]);
  });
});

describe('IST0002 Deprecated', () => {
  const delayed = (percent: number, name = 'web') =>
    virtualService(name, { hosts: ['web'], http: [1, 2].map(() => ({ fault: { delay: { percent, fixedDelay: '1s' } }, route: [{ destination: { host: 'web' } }] })) });

  test('fails when a fault delay uses the integer percent, once per VirtualService', () => {
    expect(withCode(check(delayed(50)), 'IST0002')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'spec.http[0].fault.delay',
        message: 'deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
      }),
    ]);
  });

  test("fails when a Sidecar sets outboundTrafficPolicy.egressProxy, and on a removed rbac.istio.io kind's CRD", () => {
    const sidecar = obj('networking.istio.io/v1', 'Sidecar', 'default', {
      spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'egress', port: { number: 80 } } } },
    });
    const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'serviceroles.rbac.istio.io', {
      spec: { group: 'rbac.istio.io', names: { kind: 'ServiceRole', plural: 'serviceroles' }, scope: 'Namespaced', versions: [] },
    }, undefined);
    expect(withCode(check(sidecar, crd), 'IST0002').map((f) => `${f.kind} ${f.message}`)).toEqual([
      'CustomResourceDefinition deprecated: Custom resource type rbac.istio.io ServiceRole is removed',
      'Sidecar deprecated: OutboundTrafficPolicy.EgressProxy ignored',
    ]);
  });

  test("fails when a Telemetry traces through a Lightstep provider of the install's mesh config", () => {
    const install = istioOperator({ meshConfig: { extensionProviders: [{ name: 'ls', lightstep: { address: 'ls:8080', accessToken: 't' } }] } });
    const telemetry = obj('telemetry.istio.io/v1', 'Telemetry', 'tracing', { spec: { tracing: [{ providers: [{ name: 'ls' }, { name: 'ls' }] }] } });
    expect(withCode(check(install, telemetry), 'IST0002')).toEqual([
      expect.objectContaining({
        kind: 'Telemetry',
        message: 'deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider',
      }),
    ]);
  });

  test("fails the same with the Lightstep provider in the install's `istio` ConfigMap, as a Helm install renders it", () => {
    const mesh = 'extensionProviders:\n- name: ls\n  lightstep:\n    address: ls:8080\n    accessToken: t\n';
    const telemetry = obj('telemetry.istio.io/v1', 'Telemetry', 'tracing', { spec: { tracing: [{ providers: [{ name: 'ls' }] }] } });
    expect(withCode(check(meshConfigMap(mesh), telemetry), 'IST0002').map((f) => f.message)).toEqual([
      'deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider',
    ]);
    // a `mesh` that is no mapping, or does not parse, is no mesh config with providers
    expect(withCode(check(meshConfigMap('[a'), telemetry), 'IST0002')).toEqual([]);
  });

  test('passes percentage, a zero percent, deprecated API versions, other CRDs and other tracing providers', () => {
    const percentage = virtualService('p', { hosts: ['p'], http: [{ fault: { delay: { percentage: { value: 5 }, fixedDelay: '1s' } }, route: [{ destination: { host: 'p' } }] }] });
    const old = { ...delayed(0, 'old'), apiVersion: 'networking.istio.io/v1alpha3' } as KubeObject;
    const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', {
      spec: { group: 'example.com', names: { kind: 'ServiceRole', plural: 'widgets' }, scope: 'Namespaced', versions: [] },
    }, undefined);
    const install = istioOperator({ meshConfig: { extensionProviders: [{ name: 'jaeger', zipkin: { service: 'jaeger', port: 9411 } }] } });
    const telemetry = obj('telemetry.istio.io/v1', 'Telemetry', 'tracing', { spec: { tracing: [{ providers: [{ name: 'jaeger' }] }] } });
    expect(withCode(check(percentage, old, crd, install, telemetry), 'IST0002')).toEqual([]);
  });
});

describe('the tutorial', () => {
  test("the committed outputs' only findings of these codes are the deprecated injection annotation on the Appsody apps", () => {
    const found = ['dist', 'dist-kubernetes', 'dist-staging'].flatMap((d) =>
      lintTargets([join(__dirname, '..', d)]).findings.filter((f) => CODES.includes(f.code)).map((f) => `${d} ${f.code} ${f.kind} ${f.name}`),
    );
    expect(found).toEqual([
      'dist IST0135 AppsodyApplication jee-tracing',
      'dist IST0135 AppsodyApplication nodejs-tracing',
      'dist IST0135 AppsodyApplication springboot-tracing',
    ]);
  });

  test('findings read from files are at the line istioctl gives: the annotation, the namespace name, the object start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'injection-'));
    try {
      writeFileSync(
        join(dir, 'objects.yaml'),
        [
          'apiVersion: v1',
          'kind: Namespace',
          'metadata:',
          '  name: plain',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: p',
          '  namespace: plain',
          '  annotations:',
          '    sidecar.istio.io/inject: "true"',
          'spec:',
          '  containers:',
          '    - {name: istio-proxy, image: auto}',
          '',
        ].join('\n'),
      );
      const findings = lintTargets([dir]).findings.filter((f) => CODES.includes(f.code));
      expect(findings.map((f) => [f.code, f.name, f.line])).toEqual([
        ['IST0147', 'p', 6],
        ['IST0102', 'plain', 4],
        ['IST0135', 'p', 12],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
