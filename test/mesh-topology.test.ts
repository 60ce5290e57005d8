import { MeshTopologyProps } from '../constructs';
import { TUTORIAL } from '../src/project';
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
      'TRANSLATION.md',
      'canary/nodejs-tracing-v2.yaml',
      'faults/jee-abort-70.yaml',
      'faults/jee-abort-80.yaml',
      'faults/springboot-delay.yaml',
      'grafana/dashboard-configmap.yaml',
      'grafana/tracing-tutorial-dashboard.json',
      'istio/istio-operator.yaml',
      'istio/sail-gateway.yaml',
      'istio/sail.yaml',
      'traffic/traffic-generator.yaml',
    ]);
  });

  test('the namespace is settable in one place and used everywhere', () => {
    const result = synthTopology({ ...TUTORIAL, namespace: 'tracing' });
    // the Istio install's objects live in Istio's namespaces
    const namespaced = result.manifests.filter((m) => !m.file.startsWith('istio/')).flatMap((m) => m.objects).filter((o) => o.kind !== 'Namespace');
    expect(new Set(namespaced.map((o) => o.metadata.namespace))).toEqual(new Set(['tracing']));
    expect(result.manifests[0].objects[0].metadata.name).toEqual('tracing');
  });

  test('fails when a route targets an app that is not in the topology', () => {
    const stranger = { ...TUTORIAL.apps[0], name: 'springboot-jee' };
    const spec: MeshTopologyProps = { ...TUTORIAL, ingress: { ...TUTORIAL.ingress, routes: [{ prefix: '/x', to: stranger }] } };
    expect(() => synthTopology(spec)).toThrow(/ingress.routes\[0\].to.name: must name one of the topology's apps \(nodejs-tracing, springboot-tracing, jee-tracing\), got 'springboot-jee'/);
  });

  test('fails when a fault scenario targets an app that is not in the topology', () => {
    const stranger = { ...TUTORIAL.apps[0], name: 'nobody' };
    const spec: MeshTopologyProps = { ...TUTORIAL, faultScenarios: [{ ...TUTORIAL.faultScenarios[0], target: stranger }] };
    expect(() => synthTopology(spec)).toThrow(/faultScenarios\[0\].target.name: must name one of the topology's apps .*got 'nobody'/);
  });

  test('fails when two apps have the same name', () => {
    expect(() => synthTopology({ ...TUTORIAL, apps: [...TUTORIAL.apps, TUTORIAL.apps[0]] })).toThrow(/apps\[3\].name: must be unique among the apps, got 'nodejs-tracing'/);
  });

  test('fails when two scenarios have the same name', () => {
    const [first] = TUTORIAL.faultScenarios;
    expect(() => synthTopology({ ...TUTORIAL, faultScenarios: [first, first] })).toThrow(/faultScenarios\[1\].name: must be unique among the fault scenarios, got 'springboot-delay'/);
  });
});
