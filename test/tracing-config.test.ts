import { SamplerType, TracingConfig } from '../constructs';
import { JAEGER_COLLECTOR_ENDPOINT } from '../src/topology/tutorial';
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
    expect(cm.data.JAEGER_ENDPOINT).toEqual(JAEGER_COLLECTOR_ENDPOINT);
  });

  test('name, sampler and span logging are settable', () => {
    const [cm] = synthChart((chart) => new TracingConfig(chart, 'T', {
      name: 'tracing', collectorEndpoint: 'http://c:14268/api/traces', samplerType: SamplerType.PROBABILISTIC, samplerParam: 0.25, logSpans: false,
    }));
    expect(cm.metadata.name).toEqual('tracing');
    expect(cm.data).toMatchObject({ JAEGER_SAMPLER_TYPE: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.25', JAEGER_REPORTER_LOG_SPANS: 'false' });
  });

  test('fails when the collector endpoint is not a URL', () => {
    expect(() => synthChart((chart) => new TracingConfig(chart, 'T', { collectorEndpoint: 'jaeger:14268' })))
      .toThrow(/tracing collector endpoint must be an http\(s\) URL, got 'jaeger:14268'/);
  });

  test('fails when a const sampler param is neither 0 nor 1 range', () => {
    expect(() => synthChart((chart) => new TracingConfig(chart, 'T', { collectorEndpoint: 'http://c/api', samplerParam: 5 })))
      .toThrow(/const sampler param must be between 0 and 1, got 5/);
  });
});
