import { SailInstall, TracingCollector } from '../constructs';
import { buildApp, environmentNamed, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { synthesize } from '../src/synth/synthesize';
import { objectIn, synthChart, synthTopology } from './support/synth';

describe('SailInstall', () => {
  const result = synthTopology();
  const file = 'istio/sail.yaml';

  test('installs the same profile, version, mesh config and injection as the IstioOperator, with the CNI node agent', () => {
    const istio = objectIn(result, file, 'Istio', 'default');
    const operator = objectIn(result, 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial');
    expect(istio.apiVersion).toEqual('sailoperator.io/v1');
    expect(istio.spec).toEqual({
      version: 'v1.30.3',
      namespace: 'istio-system',
      profile: 'demo',
      // and what the IstioOperator's components and values say of the injection: the proxies' seccomp profile, which a
      // restricted namespace needs of the containers injection adds, and the CNI node agent, which the Sail Operator
      // tells the injector of only when pilot.cni.enabled says so (off OpenShift)
      values: {
        meshConfig: operator.spec.meshConfig,
        global: operator.spec.values.global,
        pilot: { cni: { enabled: true }, traceSampling: operator.spec.values.pilot.traceSampling },
      },
    });
    expect(operator.spec.values.global).toEqual({ proxy: { seccompProfile: { type: 'RuntimeDefault' } } });
    expect(operator.spec.tag).toEqual('1.30.3');
    expect(objectIn(result, file, 'IstioCNI', 'default').spec).toEqual({ version: 'v1.30.3', namespace: 'istio-cni', profile: 'demo' });
  });

  test('runs the ingress gateway the Gateway selects and the policies name, by gateway injection, in a file of its own', () => {
    // applied once istiod runs: a pod created before the injector's webhook exists keeps the image `auto`
    const gatewayFile = 'istio/sail-gateway.yaml';
    expect(result.manifests.find((m) => m.file === gatewayFile)!.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/istio-ingressgateway-service-account',
      'Deployment/istio-ingressgateway',
      'Service/istio-ingressgateway',
    ]);
    expect(result.manifests.find((m) => m.file === file)!.objects.map((o) => o.kind)).not.toContain('Deployment');
    const gateway = objectIn(result, gatewayFile, 'Deployment', 'istio-ingressgateway');
    const pod = gateway.spec.template;
    expect(pod.metadata.labels).toMatchObject({ istio: 'ingressgateway', 'sidecar.istio.io/inject': 'true' });
    expect(pod.metadata.annotations).toEqual({ 'inject.istio.io/templates': 'gateway' });
    expect(pod.spec.serviceAccountName).toEqual('istio-ingressgateway-service-account');
    expect(pod.spec.containers).toEqual([{ name: 'istio-proxy', image: 'auto' }]);
    expect(objectIn(result, gatewayFile, 'Service', 'istio-ingressgateway').spec.ports.map((p: any) => p.port)).toEqual([15021, 80, 443]);
    expect(objectIn(result, gatewayFile, 'Service', 'istio-ingressgateway').metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'istio' });
  });

  test('the version is one setting: a release of the pinned CRDs\' minor version', () => {
    const other = synthTopology({ ...TUTORIAL, istio: { ...TUTORIAL.istio, version: '1.30.1' } });
    expect(objectIn(other, file, 'Istio', 'default').spec.version).toEqual('v1.30.1');
    expect(objectIn(other, 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial').spec.tag).toEqual('1.30.1');
  });

  test('fails when the version is not a release of the pinned CRDs\' minor version', () => {
    expect(() => synthChart((chart) => new SailInstall(chart, 'S', { collector: new TracingCollector(), version: '1.24.0' }))).toThrow(
      "Istio version must be a release of 1.30, whose CRDs the project validates against (1.30.3), got '1.24.0'",
    );
  });

  test('validates against the pinned Sail Operator CRDs with no error', () => {
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('in ambient mode: the ambient profile, a ZTunnel in a privileged namespace istiod trusts, and no ingress gateway Deployment', () => {
    const ambient = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient')));
    const istio = objectIn(ambient, file, 'Istio', 'default');
    expect(istio.spec.profile).toEqual('ambient');
    expect(istio.spec.values.pilot).toEqual({ cni: { enabled: true }, traceSampling: 100, trustedZtunnelNamespace: 'ztunnel' });
    expect(objectIn(ambient, file, 'IstioCNI', 'default').spec.profile).toEqual('ambient');
    expect(objectIn(ambient, file, 'ZTunnel', 'default')).toMatchObject({ apiVersion: 'sailoperator.io/v1', spec: { namespace: 'ztunnel', version: 'v1.30.3' } });
    expect(objectIn(ambient, file, 'Namespace', 'ztunnel').metadata.labels['pod-security.kubernetes.io/enforce']).toEqual('privileged');
    expect(ambient.manifests.find((m) => m.file === file)!.objects.map((o) => o.kind)).not.toContain('Deployment');
    expect(ambient.manifests.map((m) => m.file)).not.toContain('istio/sail-gateway.yaml');
    expect(objectIn(ambient, 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial').spec.profile).toEqual('ambient');
  });

  test('with a Gateway API ingress, leaves the gateway to Istio: no istio-ingressgateway', () => {
    const gatewayApi = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'gateway-api')));
    expect(gatewayApi.manifests.find((m) => m.file === file)!.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/istio-system',
      'Namespace/istio-cni',
      'Istio/default',
      'IstioCNI/default',
    ]);
    expect(gatewayApi.manifests.map((m) => m.file)).not.toContain('istio/sail-gateway.yaml');
  });
});
