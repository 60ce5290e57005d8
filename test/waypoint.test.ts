import { Waypoint } from '../constructs';
import { buildApp, environmentNamed, TUTORIAL_PROJECT } from '../src/project';
import { synthesize } from '../src/synth/synthesize';
import { objectIn, synthChart } from './support/synth';

describe('Waypoint', () => {
  test("is a Gateway of class istio-waypoint with one HBONE listener, for its namespace's Services", () => {
    const [gateway] = synthChart((chart) => new Waypoint(chart, 'W')) as any[];
    expect(gateway.apiVersion).toEqual('gateway.networking.k8s.io/v1');
    expect(gateway.metadata).toEqual({ name: 'waypoint', namespace: 'test-ns', labels: { 'istio.io/waypoint-for': 'service' } });
    expect(gateway.spec).toEqual({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
  });

  test("the ambient environment's waypoint runs as the ServiceAccount named after it, with RuntimeDefault seccomp (restricted)", () => {
    const result = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient')));
    const gateway = objectIn(result, '05-waypoint.yaml', 'Gateway', 'waypoint');
    expect(gateway.spec.infrastructure).toEqual({ parametersRef: { group: '', kind: 'ConfigMap', name: 'waypoint-infrastructure' } });
    expect(objectIn(result, '05-waypoint.yaml', 'ConfigMap', 'waypoint-infrastructure').data.deployment).toMatch(/seccompProfile:\n\s+type: RuntimeDefault/);
    expect(objectIn(result, '00-namespace.yaml', 'Namespace', 'cloudlab').metadata.labels['istio.io/use-waypoint']).toEqual('waypoint');
  });

  test('fails when the name is not a DNS-1123 label', () => {
    expect(() => synthChart((chart) => new Waypoint(chart, 'W', { name: 'Way_Point' }))).toThrow(/waypoint name must be a DNS-1123 label.*got 'Way_Point'/);
  });
});
