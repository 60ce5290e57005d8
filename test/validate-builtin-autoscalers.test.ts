// HorizontalPodAutoscalers as the API server validates them (pkg/apis/autoscaling/validation, after v2's defaults).
import { errorLines, obj } from './support/objects';

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const hpa = (spec: Record<string, unknown>, apiVersion = 'autoscaling/v2') =>
  obj(apiVersion, 'HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: target, maxReplicas: 5, ...spec } });
const problems = errorLines;
const cpu = (t: Record<string, unknown>) => ({ type: 'Resource', resource: { name: 'cpu', target: t } });

describe('HorizontalPodAutoscalers', () => {
  test('what the API server accepts passes: defaults, every metric source, a behavior with some rules left out', () => {
    expect(problems(hpa({}))).toEqual([]);
    expect(
      problems(
        hpa({
          minReplicas: 2,
          metrics: [
            cpu({ type: 'Utilization', averageUtilization: 70 }),
            { type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { type: 'AverageValue', averageValue: '500Mi' } } },
            { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
            { type: 'Object', object: { describedObject: { kind: 'Ingress', name: 'main', apiVersion: 'networking.k8s.io/v1' }, metric: { name: 'hits' }, target: { type: 'Value', value: '10' } } },
            { type: 'External', external: { metric: { name: 'queue:depth' }, target: { type: 'AverageValue', averageValue: '30' } } },
          ],
          behavior: { scaleDown: { stabilizationWindowSeconds: 300 }, scaleUp: { selectPolicy: 'Disabled' } },
        }),
      ),
    ).toEqual([]);
    expect(problems(hpa({ targetCPUUtilizationPercentage: 60 }, 'autoscaling/v1'))).toEqual([]);
  });

  test('replica bounds and the target reference', () => {
    expect(problems(hpa({ minReplicas: 3, maxReplicas: 2 }))).toEqual(['TT0019 spec.maxReplicas: must be at least minReplicas (3), got 2']);
    expect(problems(hpa({ minReplicas: 0, maxReplicas: 0, scaleTargetRef: { kind: 'Deployment', name: 'a/b' } }))).toEqual([
      'TT0019 spec.maxReplicas: must be greater than 0, got 0',
      'TT0019 spec.metrics: scaling to zero replicas needs at least one Object or External metric',
      'TT0019 spec.minReplicas: must be at least 1, got 0',
      "TT0019 spec.scaleTargetRef.name: must be a path segment name (not '.' or '..', and without '/' or '%'), got \"a/b\"",
    ]);
    expect(problems(hpa({ targetCPUUtilizationPercentage: 0 }, 'autoscaling/v1'))).toEqual(['TT0019 spec.targetCPUUtilizationPercentage: must be greater than 0, got 0']);
  });

  test('a metric: a known type, its own source only, and the target its source needs', () => {
    expect(problems(hpa({ metrics: [{ type: 'Resource', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1' } } }] }))).toEqual([
      'TT0017 spec.metrics[0].resource: a metric of type Resource needs its resource source',
    ]);
    expect(problems(hpa({ metrics: [{ ...cpu({ type: 'Utilization', averageUtilization: 50 }), external: { metric: { name: 'q' }, target: { type: 'Value', value: '1' } } }] }))).toEqual([
      'TT0019 spec.metrics[0].external: a metric has its type\'s source only (resource)',
    ]);
    expect(problems(hpa({ metrics: [cpu({ type: 'Utilization' }), cpu({ type: 'Utilization', averageUtilization: 50, averageValue: '100m' })] }))).toEqual([
      "TT0017 spec.metrics[0].resource.target.averageUtilization: a resource metric's target needs an averageUtilization or an averageValue",
      "TT0019 spec.metrics[1].resource.target.averageValue: a resource metric's target may not set both averageUtilization and averageValue",
    ]);
    expect(problems(hpa({ metrics: [cpu({ type: 'Ratio', averageUtilization: 0 }), cpu({ type: 'AverageValue', averageValue: '0' })] }))).toEqual([
      'TT0015 spec.metrics[0].resource.target.type: must be one of Utilization, Value, AverageValue, got "Ratio"',
      'TT0019 spec.metrics[0].resource.target.averageUtilization: must be greater than 0, got 0',
      'TT0019 spec.metrics[1].resource.target.averageValue: must be positive, got "0"',
    ]);
    expect(problems(hpa({ metrics: [{ type: 'ContainerResource', containerResource: { name: 'gpu', container: 'App', target: { type: 'Utilization', averageUtilization: 50 } } }] }))).toEqual([
      expect.stringMatching(/^TT0015 spec\.metrics\[0\]\.containerResource\.name: resource name must be cpu, memory, .*got "gpu"$/),
      expect.stringMatching(/^TT0019 spec\.metrics\[0\]\.containerResource\.container: must be a DNS-1123 label .*got "App"$/),
    ]);
    expect(problems(hpa({ metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '1', averageValue: '1' } } }] }))).toEqual([
      "TT0019 spec.metrics[0].external.target.value: an external metric's target may not set both value and averageValue",
    ]);
  });

  test("a behavior's rules: a window of at most an hour, a known select policy, policies that are not an empty list, each valid", () => {
    expect(
      problems(
        hpa({
          behavior: {
            scaleUp: { stabilizationWindowSeconds: 3601, selectPolicy: 'Average', policies: [] },
            scaleDown: { policies: [{ type: 'Replicas', value: 0, periodSeconds: 1801 }] },
          },
        }),
      ),
    ).toEqual([
      'TT0015 spec.behavior.scaleDown.policies[0].type: must be one of Percent, Pods, got "Replicas"',
      'TT0015 spec.behavior.scaleUp.selectPolicy: must be one of Disabled, Max, Min, got "Average"',
      'TT0017 spec.behavior.scaleUp.policies: policies, when given, must hold at least one policy',
      'TT0019 spec.behavior.scaleDown.policies[0].periodSeconds: must be between 1 and 1800, got 1801',
      'TT0019 spec.behavior.scaleDown.policies[0].value: must be greater than 0, got 0',
      'TT0019 spec.behavior.scaleUp.stabilizationWindowSeconds: must be between 0 and 3600, got 3601',
    ]);
  });
});
