import { TopologySpec } from '../constructs';
import { TUTORIAL } from '../src/topology/tutorial';
import { synthTopology } from './support/synth';

describe('MeshTopology', () => {
  test('writes the namespace first, then settings, apps and ingress, and each opt-in output in a folder of its own', () => {
    expect(synthTopology().files.map((f) => f.path)).toEqual([
      '00-namespace.yaml',
      '10-tracing.yaml',
      '15-security.yaml',
      '20-app-jee-tracing.yaml',
      '20-app-nodejs-tracing.yaml',
      '20-app-springboot-tracing.yaml',
      '30-ingress.yaml',
      'Kustomization',
      'README.md',
      'canary/nodejs-tracing-v2.yaml',
      'faults/jee-abort-70.yaml',
      'faults/jee-abort-80.yaml',
      'faults/springboot-delay.yaml',
      'grafana/dashboard-configmap.yaml',
      'grafana/tracing-tutorial-dashboard.json',
      'istio/istio-operator.yaml',
      'traffic/traffic-generator.yaml',
    ]);
  });

  test('the namespace is settable in one place and used everywhere', () => {
    const result = synthTopology({ ...TUTORIAL, namespace: 'tracing' });
    const namespaced = result.manifests.flatMap((m) => m.objects).filter((o) => o.kind !== 'Namespace' && o.kind !== 'IstioOperator');
    expect(new Set(namespaced.map((o) => o.metadata.namespace))).toEqual(new Set(['tracing']));
    expect(result.manifests[0].objects[0].metadata.name).toEqual('tracing');
  });

  test('fails when a route targets an app that is not in the topology', () => {
    const stranger = { ...TUTORIAL.apps[0], name: 'springboot-jee' };
    const spec: TopologySpec = { ...TUTORIAL, ingress: { ...TUTORIAL.ingress, routes: [{ prefix: '/x', to: stranger }] } };
    expect(() => synthTopology(spec)).toThrow(/ingress route \/x targets app 'springboot-jee', which is not one of the topology's apps/);
  });

  test('fails when a fault scenario targets an app that is not in the topology', () => {
    const stranger = { ...TUTORIAL.apps[0], name: 'nobody' };
    const spec: TopologySpec = { ...TUTORIAL, faultScenarios: [{ ...TUTORIAL.faultScenarios[0], target: stranger }] };
    expect(() => synthTopology(spec)).toThrow(/fault scenario springboot-delay targets app 'nobody'/);
  });

  test('fails when two apps have the same name', () => {
    expect(() => synthTopology({ ...TUTORIAL, apps: [...TUTORIAL.apps, TUTORIAL.apps[0]] })).toThrow(/app names must be unique in a topology, got 'nodejs-tracing' twice/);
  });

  test('fails when two scenarios have the same name', () => {
    const [first] = TUTORIAL.faultScenarios;
    expect(() => synthTopology({ ...TUTORIAL, faultScenarios: [first, first] })).toThrow(/fault scenario names must be unique, got 'springboot-delay' twice/);
  });
});
