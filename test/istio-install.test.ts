import { IstioInstall, TracingCollector } from '../constructs';
import { buildApp, environmentNamed, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { synthesize } from '../src/synth/synthesize';
import { objectIn, synthChart, synthTopology } from './support/synth';

describe('IstioInstall', () => {
  test('the tutorial installs the demo profile with the CNI node agent, the proxies\' seccomp profile and the Jaeger collector as a Zipkin extension provider', () => {
    const operator = objectIn(synthTopology(), 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial');
    expect(operator.apiVersion).toEqual('install.istio.io/v1alpha1');
    expect(operator.metadata.namespace).toEqual('istio-system');
    expect(operator.spec).toEqual({
      profile: 'demo',
      tag: '1.30.3',
      components: { cni: { enabled: true } },
      meshConfig: {
        // the default provider of the proxies no Telemetry reaches: the ingress gateway in istio-system
        defaultProviders: { tracing: ['jaeger'] },
        extensionProviders: [{ name: 'jaeger', zipkin: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 9411 } }],
      },
      // the seccomp profile of the containers injection adds, which a restricted namespace needs, and the topology's
      // sampling for the proxies no Telemetry reaches
      values: { global: { proxy: { seccompProfile: { type: 'RuntimeDefault' } } }, pilot: { traceSampling: 100 } },
    });
  });

  test('the proxies no Telemetry reaches sample as the topology says (staging: 10 %), in both installs', () => {
    const staging = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'staging')));
    expect(objectIn(staging, 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial').spec.values.pilot).toEqual({ traceSampling: 10 });
    expect(objectIn(staging, 'istio/sail.yaml', 'Istio', 'default').spec.values.pilot.traceSampling).toEqual(10);
    expect(objectIn(staging, '10-tracing.yaml', 'Telemetry', 'tracing').spec.tracing[0].randomSamplingPercentage).toEqual(10);
  });

  test('a topology sampling nothing sets no default provider: istiod has no 0 % default (the chart drops a traceSampling of 0)', () => {
    const none = synthTopology({ ...TUTORIAL, tracing: { ...TUTORIAL.tracing, samplingPercentage: 0 } });
    const operator = objectIn(none, 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial');
    expect(operator.spec.meshConfig.defaultProviders).toBeUndefined();
    expect(operator.spec.values.pilot).toBeUndefined();
    const istio = objectIn(none, 'istio/sail.yaml', 'Istio', 'default');
    expect(istio.spec.values.meshConfig.defaultProviders).toBeUndefined();
    expect(istio.spec.values.pilot.traceSampling).toBeUndefined();
  });

  test('fails when the sampling percentage is not one', () => {
    expect(() => synthChart((chart) => new IstioInstall(chart, 'I', { collector: new TracingCollector(), samplingPercentage: 101 }))).toThrow(
      'trace sampling percentage must be a number from 0 to 100, got 101',
    );
  });

  test('the profile and name are settable', () => {
    const [operator] = synthChart(
      (chart) => new IstioInstall(chart, 'I', { collector: new TracingCollector(), profile: 'default', name: 'mesh' }),
      'istio-system',
    );
    expect([operator.metadata.name, (operator as any).spec.profile]).toEqual(['mesh', 'default']);
  });

  test('in ambient mode: the ambient profile with the CNI node agent and ztunnel', () => {
    const [operator] = synthChart((chart) => new IstioInstall(chart, 'I', { collector: new TracingCollector(), dataplane: 'ambient' }), 'istio-system');
    expect((operator as any).spec).toMatchObject({ profile: 'ambient', components: { cni: { enabled: true }, ztunnel: { enabled: true } } });
  });

  test('fails when ambient mode is given a sidecar profile', () => {
    expect(() => synthChart((chart) => new IstioInstall(chart, 'I', { collector: new TracingCollector(), dataplane: 'ambient', profile: 'demo' }), 'istio-system'))
      .toThrow("Istio profile for ambient mode must be one of ambient, openshift-ambient (they install ztunnel), got 'demo'");
  });
});
