import { MeshTelemetry, TracingCollector, TracingConfig } from '../constructs';
import { objectIn, synthChart, synthTopology } from './support/synth';

describe('TracingConfig', () => {
  test('the tutorial ConfigMap carries the Jaeger client settings', () => {
    const cm = objectIn(synthTopology(), '10-tracing.yaml', 'ConfigMap', 'jaeger-config');
    expect(cm.metadata.namespace).toEqual('cloudlab');
    expect(cm.data).toEqual({
      JAEGER_ENDPOINT: 'http://jaeger-collector.istio-system.svc.cluster.local:14268/api/traces',
      JAEGER_PROPAGATION: 'b3',
      JAEGER_REPORTER_LOG_SPANS: 'true',
      JAEGER_SAMPLER_PARAM: '1',
      JAEGER_SAMPLER_TYPE: 'const',
    });
  });

  test('a sampling percentage between 0 and 100 becomes the probabilistic sampler', () => {
    const [cm] = synthChart(
      (chart) => new TracingConfig(chart, 'T', { name: 'tracing', collector: new TracingCollector(), samplingPercentage: 25, logSpans: false }),
    );
    expect(cm.metadata.name).toEqual('tracing');
    expect(cm.data).toMatchObject({ JAEGER_SAMPLER_TYPE: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.25', JAEGER_REPORTER_LOG_SPANS: 'false' });
  });

  test('no sampling is the const sampler with param 0', () => {
    const [cm] = synthChart((chart) => new TracingConfig(chart, 'T', { collector: new TracingCollector(), samplingPercentage: 0 }));
    expect(cm.data).toMatchObject({ JAEGER_SAMPLER_TYPE: 'const', JAEGER_SAMPLER_PARAM: '0' });
  });

  test('the collector is defined in one place: service, namespace, ports and path', () => {
    const collector = new TracingCollector({
      service: 'otel',
      namespace: 'observability',
      httpPort: 4318,
      httpPath: '/v1/traces',
      zipkinPort: 9412,
      providerName: 'otel',
    });
    expect([collector.host, collector.httpEndpoint, collector.zipkinPort, collector.providerName]).toEqual([
      'otel.observability.svc.cluster.local',
      'http://otel.observability.svc.cluster.local:4318/v1/traces',
      9412,
      'otel',
    ]);
  });

  test('fails when the sampling percentage is out of range', () => {
    expect(() => synthChart((chart) => new TracingConfig(chart, 'T', { collector: new TracingCollector(), samplingPercentage: 150 }))).toThrow(
      'tracing sampling percentage must be between 0 and 100, got 150',
    );
  });

  test('fails when a collector port is out of range', () => {
    expect(() => new TracingCollector({ zipkinPort: 0 })).toThrow('tracing collector Zipkin port must be a whole number between 1 and 65535, got 0');
  });
});

describe('MeshTelemetry', () => {
  test('the tutorial enables the collector provider for the namespace, sampling every request', () => {
    const telemetry = objectIn(synthTopology(), '10-tracing.yaml', 'Telemetry', 'tracing');
    expect(telemetry.apiVersion).toEqual('telemetry.istio.io/v1');
    expect(telemetry.metadata.namespace).toEqual('cloudlab');
    expect(telemetry.spec).toEqual({ tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 100 }] });
  });

  test("follows the tracing settings' provider and percentage", () => {
    const objects = synthChart((chart) => {
      const tracing = new TracingConfig(chart, 'T', { collector: new TracingCollector({ providerName: 'zipkin' }), samplingPercentage: 5 });
      new MeshTelemetry(chart, 'M', { tracing, name: 'sampled' });
    });
    expect(objects.find((o) => o.kind === 'Telemetry')).toMatchObject({
      metadata: { name: 'sampled' },
      spec: { tracing: [{ providers: [{ name: 'zipkin' }], randomSamplingPercentage: 5 }] },
    });
  });
});
