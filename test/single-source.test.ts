// Values defined once in the topology reach every output that uses them.
import { TUTORIAL } from '../src/project';
import { appObjects, objectIn, synthTopology } from './support/synth';

describe('one definition, every output', () => {
  test('the collector address and provider are the same in the ConfigMap, the IstioOperator and the Telemetry resource', () => {
    const result = synthTopology({
      ...TUTORIAL,
      tracing: { ...TUTORIAL.tracing, collector: { service: 'tempo', namespace: 'observability', providerName: 'tempo' } },
    });
    const cm = objectIn(result, '10-tracing.yaml', 'ConfigMap', 'jaeger-config');
    const telemetry = objectIn(result, '10-tracing.yaml', 'Telemetry', 'tracing');
    const operator = objectIn(result, 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial');
    expect(cm.data.JAEGER_ENDPOINT).toEqual('http://tempo.observability.svc.cluster.local:14268/api/traces');
    expect(operator.spec.meshConfig.extensionProviders).toEqual([
      { name: 'tempo', zipkin: { service: 'tempo.observability.svc.cluster.local', port: 9411 } },
    ]);
    expect(telemetry.spec.tracing[0].providers).toEqual([{ name: 'tempo' }]);
  });

  test('the sampling percentage reaches the Jaeger clients and the Telemetry resource', () => {
    const result = synthTopology({ ...TUTORIAL, tracing: { ...TUTORIAL.tracing, samplingPercentage: 20 } });
    expect(objectIn(result, '10-tracing.yaml', 'ConfigMap', 'jaeger-config').data).toMatchObject({
      JAEGER_SAMPLER_TYPE: 'probabilistic',
      JAEGER_SAMPLER_PARAM: '0.2',
    });
    expect(objectIn(result, '10-tracing.yaml', 'Telemetry', 'tracing').spec.tracing[0].randomSamplingPercentage).toEqual(20);
  });

  test("the namespace reaches every namespaced object and the dashboard's queries", () => {
    const result = synthTopology({ ...TUTORIAL, namespace: 'tracing' });
    const namespaced = appObjects(result).filter((o) => o.kind !== 'Namespace');
    expect(new Set(namespaced.map((o) => o.metadata.namespace))).toEqual(new Set(['tracing']));
    const dashboard = result.files.find((f) => f.path === 'grafana/tracing-tutorial-dashboard.json')!.content;
    expect(dashboard).toContain('destination_service_namespace=\\"tracing\\"');
    expect(dashboard).not.toContain('cloudlab');
    expect(result.files.some((f) => f.content.includes('cloudlab'))).toBe(false);
  });
});
