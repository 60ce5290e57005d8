import { Duration } from 'cdk8s';
import { Fault, FaultScenario, TracedApp, TracingCollector, TracingConfig } from '../constructs';
import { objectIn, synthChart, synthTopology } from './support/synth';

describe('FaultScenario', () => {
  const result = synthTopology();

  test('springboot-delay delays half of the requests to springboot-tracing by 1s and routes all of them on', () => {
    const vs = objectIn(result, 'faults/springboot-delay.yaml', 'VirtualService', 'springboot-tracing');
    expect(vs.metadata.namespace).toEqual('cloudlab');
    expect(vs.spec.hosts).toEqual(['springboot-tracing']);
    expect(vs.spec.http).toHaveLength(1);
    expect(vs.spec.http[0].fault).toEqual({ delay: { fixedDelay: '1s', percentage: { value: 50 } } });
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'springboot-tracing', port: { number: 8080 } } }]);
  });

  test.each([
    ['jee-abort-70', 70],
    ['jee-abort-80', 80],
  ])('%s aborts %d%% of the requests to jee-tracing with 502', (scenario, percent) => {
    const vs = objectIn(result, `faults/${scenario}.yaml`, 'VirtualService', 'jee-tracing');
    expect(vs.spec.hosts).toEqual(['jee-tracing']);
    expect(vs.spec.http[0].fault).toEqual({ abort: { httpStatus: 502, percentage: { value: percent } } });
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'jee-tracing', port: { number: 9080 } } }]);
  });

  test('each scenario is alone in its file, so the alternatives for one host are never applied together', () => {
    const faultFiles = result.manifests.filter((m) => m.file.startsWith('faults/'));
    expect(faultFiles.map((m) => m.file)).toEqual(['faults/jee-abort-70.yaml', 'faults/jee-abort-80.yaml', 'faults/springboot-delay.yaml']);
    for (const m of faultFiles) expect(m.objects).toHaveLength(1);
  });

  test('fails when the scenario name is not a DNS-1123 label', () => {
    expect(() =>
      synthChart((chart) => {
        const tracingConfig = new TracingConfig(chart, 'T', { collector: new TracingCollector() });
        const app = new TracedApp(chart, 'A', {
          name: 'web',
          image: 'web',
          stack: 's',
          port: 80,
          livenessPath: '/l',
          readinessPath: '/r',
          tracingConfig,
        });
        new FaultScenario(chart, 'F', { name: 'Web Delay', app, fault: Fault.delay(Duration.seconds(1)) });
      }),
    ).toThrow(/fault scenario name must be a DNS-1123 label.*got 'Web Delay'/);
  });

  test('fails in ambient mode without a waypoint: only a waypoint applies a VirtualService there', () => {
    expect(() =>
      synthChart((chart) => {
        const tracingConfig = new TracingConfig(chart, 'T', { collector: new TracingCollector() });
        const app = new TracedApp(chart, 'A', { name: 'web', image: 'web', stack: 's', port: 80, livenessPath: '/l', readinessPath: '/r', tracingConfig, dataplane: 'ambient' });
        new FaultScenario(chart, 'F', { name: 'web-delay', app, fault: Fault.delay(Duration.seconds(1)) });
      }),
    ).toThrow(/fault scenario web-delay needs a waypoint in ambient mode: only a waypoint applies a VirtualService's fault/);
  });
});
