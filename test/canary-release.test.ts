import { buildApp, environmentNamed, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { synthesize } from '../src/synth/synthesize';
import { objectIn, synthTopology } from './support/synth';
import { check, withCode } from './support/objects';

describe('CanaryRelease', () => {
  const result = synthTopology();
  const file = 'canary/nodejs-tracing-v2.yaml';
  const deployment = objectIn(result, file, 'Deployment', 'nodejs-tracing-v2');
  const service = objectIn(result, file, 'Service', 'nodejs-tracing-v2');
  const routes = objectIn(result, file, 'VirtualService', 'tutorial-service');

  test('runs v2 of nodejs-tracing with the app labels and version v2, selected by an instance of its own', () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(labels).toEqual({
      app: 'nodejs-tracing',
      version: 'v2',
      'app.kubernetes.io/name': 'nodejs-tracing',
      'app.kubernetes.io/instance': 'nodejs-tracing-v2',
      'sidecar.istio.io/inject': 'true',
    });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/instance': 'nodejs-tracing-v2' });
    expect(deployment.spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'jaeger-config' } }]);
    expect(deployment.spec.template.spec.serviceAccountName).toEqual('nodejs-tracing-sa');
  });

  test("the operator's Deployment and Service (instance nodejs-tracing) do not select the v2 pods", () => {
    const selector = { 'app.kubernetes.io/instance': 'nodejs-tracing' };
    expect(deployment.spec.template.metadata.labels).not.toMatchObject(selector);
  });

  test('exposes v2 as a ClusterIP Service of its own, with the port name http', () => {
    expect(service.spec).toMatchObject({
      type: 'ClusterIP',
      ports: [{ name: 'http', port: 3000, targetPort: 3000 }],
      selector: { 'app.kubernetes.io/instance': 'nodejs-tracing-v2' },
    });
  });

  test('splits both ingress routes 90/10 between the two Services, keeping their matches and rewrites', () => {
    expect(routes.spec.gateways).toEqual(['tutorial-gateway']);
    expect(
      routes.spec.http.map((r: any) => [r.match[0].uri.prefix, r.rewrite.uri, r.route.map((d: any) => `${d.destination.host}:${d.weight}`)]),
    ).toEqual([
      ['/quoteOrder', '/node-jee', ['nodejs-tracing:90', 'nodejs-tracing-v2:10']],
      ['/quoteItem', '/node-springboot', ['nodejs-tracing:90', 'nodejs-tracing-v2:10']],
    ]);
  });

  test('the weight is configurable', () => {
    const other = synthTopology({ ...TUTORIAL, canary: { ...TUTORIAL.canary!, weight: 25 } });
    const vs = objectIn(other, file, 'VirtualService', 'tutorial-service');
    expect(vs.spec.http[0].route.map((d: any) => d.weight)).toEqual([75, 25]);
  });

  test('passes the mesh checks with the main apply: hosts exist and weights add up', () => {
    const objects = result.manifests
      .filter((m) => !m.file.includes('/') || m.file === file)
      .flatMap((m) => m.objects.map((object) => ({ object, file: m.file })));
    const findings = check(...objects);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(withCode(findings, 'TT0005')).toEqual([]);
  });

  test('fails when the canary version is the stable one', () => {
    expect(() => synthTopology({ ...TUTORIAL, canary: { ...TUTORIAL.canary!, version: 'v1' } })).toThrow(
      /canary.version: must differ from the stable version of app nodejs-tracing, got 'v1'/,
    );
  });

  test('fails when the weight is above 100', () => {
    expect(() => synthTopology({ ...TUTORIAL, canary: { ...TUTORIAL.canary!, weight: 120 } })).toThrow(
      'canary.weight: must be a whole number between 0 and 100, got 120',
    );
  });

  test('fails when no ingress route goes to the app', () => {
    expect(() => synthTopology({ ...TUTORIAL, canary: { ...TUTORIAL.canary!, app: TUTORIAL.apps[2] } })).toThrow(
      "canary.app.name: must name an app that an ingress route sends requests to, got 'jee-tracing'",
    );
  });

  test('with a Gateway API ingress: the HTTPRoute of the app again, its backendRefs weighted 90/10', () => {
    const gatewayApi = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'gateway-api')));
    const split = objectIn(gatewayApi, file, 'HTTPRoute', 'nodejs-tracing');
    expect(split.spec.rules.map((r: any) => r.backendRefs)).toEqual([
      [{ name: 'nodejs-tracing', port: 3000, weight: 90 }, { name: 'nodejs-tracing-v2', port: 3000, weight: 10 }],
      [{ name: 'nodejs-tracing', port: 3000, weight: 90 }, { name: 'nodejs-tracing-v2', port: 3000, weight: 10 }],
    ]);
    expect(gatewayApi.manifests.find((m) => m.file === file)!.objects.map((o) => o.kind)).toEqual(['Deployment', 'Service', 'HTTPRoute']);
  });
});
