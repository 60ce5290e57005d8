import { MeshTelemetry, TracingCollector, TracingConfig } from '../constructs';
import { TUTORIAL } from '../src/project';
import { objectIn, synthChart, synthTopology } from './support/synth';

describe('TracingConfig', () => {
  test('the tutorial ConfigMap carries the Jaeger client and OpenTelemetry SDK settings of one collector and sampling', () => {
    const cm = objectIn(synthTopology(), '10-tracing.yaml', 'ConfigMap', 'jaeger-config');
    expect(cm.metadata.namespace).toEqual('cloudlab');
    expect(cm.data).toEqual({
      JAEGER_ENDPOINT: 'http://jaeger-collector.istio-system.svc.cluster.local:14268/api/traces',
      JAEGER_PROPAGATION: 'b3',
      JAEGER_REPORTER_LOG_SPANS: 'true',
      JAEGER_SAMPLER_PARAM: '1',
      JAEGER_SAMPLER_TYPE: 'const',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger-collector.istio-system.svc.cluster.local:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_PROPAGATORS: 'tracecontext,baggage,b3multi',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '1',
    });
  });

  test('with Jaeger v2 the proxies report Zipkin (B3, as the apps\' Jaeger clients) to its own collector, and the apps OTLP over HTTP', () => {
    const result = synthTopology({ ...TUTORIAL, tracing: { ...TUTORIAL.tracing, collector: { backend: 'jaeger-v2' } } });
    const cm = objectIn(result, '10-tracing.yaml', 'ConfigMap', 'jaeger-config');
    expect(cm.data).toMatchObject({
      JAEGER_ENDPOINT: 'http://jaeger.tutorial-observability.svc.cluster.local:14268/api/traces',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger.tutorial-observability.svc.cluster.local:4318',
    });
    const operator = objectIn(result, 'istio/istio-operator.yaml', 'IstioOperator', 'tracing-tutorial');
    expect(operator.spec.meshConfig.extensionProviders).toEqual([
      { name: 'jaeger', zipkin: { service: 'jaeger.tutorial-observability.svc.cluster.local', port: 9411 } },
    ]);
    expect(objectIn(result, '10-tracing.yaml', 'Telemetry', 'tracing').spec.tracing[0].providers).toEqual([{ name: 'jaeger' }]);
  });

  test('the Jaeger v2 collector runs in its own namespace, pinned, with in-memory storage and every receiver the mesh uses', () => {
    const result = synthTopology({ ...TUTORIAL, tracing: { ...TUTORIAL.tracing, collector: { backend: 'jaeger-v2' } } });
    const file = 'observability/jaeger.yaml';
    const deployment = objectIn(result, file, 'Deployment', 'jaeger');
    const service = objectIn(result, file, 'Service', 'jaeger');
    const config = objectIn(result, file, 'ConfigMap', 'jaeger').data['config.yaml'];
    // a namespace of the project's own, which its teardown deletes: not the `observability` other collectors share
    expect(objectIn(result, file, 'Namespace', 'tutorial-observability').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(result.files.some((f) => /\bnamespace: observability\b|name: observability\n/.test(f.content))).toBe(false);
    expect(deployment.metadata.namespace).toEqual('tutorial-observability');
    expect(deployment.spec.template.spec.containers[0].image).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    expect(service.spec.ports.map((p: any) => `${p.name}:${p.port}`)).toEqual(['grpc-otlp:4317', 'http-otlp:4318', 'http-thrift:14268', 'http-zipkin:9411', 'http-ui:16686']);
    expect(config).toContain('receivers: [otlp, jaeger, zipkin]');
    expect(config).toContain('memory:\n          max_traces: 100000');
    expect(config).toContain('endpoint: 0.0.0.0:4317');
  });

  test('an app with an OpenTelemetry SDK gets its service name; Jaeger-client apps need none', () => {
    const apps = TUTORIAL.apps.map((a) => (a.name === 'jee-tracing' ? { ...a, tracingClient: 'opentelemetry' as const } : a));
    const result = synthTopology({ ...TUTORIAL, apps, workload: 'kubernetes' });
    const container = (name: string) => objectIn(result, `20-app-${name}.yaml`, 'Deployment', name).spec.template.spec.containers[0];
    expect(container('jee-tracing').env).toEqual([{ name: 'OTEL_SERVICE_NAME', value: 'jee-tracing' }]);
    expect(container('nodejs-tracing').env).toBeUndefined();
    const appsody = synthTopology({ ...TUTORIAL, apps });
    expect(objectIn(appsody, '20-app-jee-tracing.yaml', 'AppsodyApplication', 'jee-tracing').spec.env).toEqual([{ name: 'OTEL_SERVICE_NAME', value: 'jee-tracing' }]);
  });

  test('fails when the tracing backend is not one of the two', () => {
    expect(() => new TracingCollector({ backend: 'zipkin' as never })).toThrow("tracing backend must be one of istio-addon, jaeger-v2, got 'zipkin'");
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
