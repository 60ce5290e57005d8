import { MeshNamespace, Waypoint } from '../constructs';
import { LIFECYCLE_LABELS, objectIn, synthChart, synthTopology } from './support/synth';

describe('MeshNamespace', () => {
  test('the tutorial namespace is cloudlab, labelled for sidecar injection and the Pod Security level its pods meet', () => {
    const ns = objectIn(synthTopology(), '00-namespace.yaml', 'Namespace', 'cloudlab');
    expect(ns.metadata.labels).toEqual({ 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'baseline', ...LIFECYCLE_LABELS });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  test('injection can be disabled', () => {
    const [ns] = synthChart((chart) => new MeshNamespace(chart, 'Ns', { name: 'plain', sidecarInjection: false }));
    expect(ns.metadata.labels).toEqual({ 'istio-injection': 'disabled' });
  });

  test('fails when the Pod Security level is not one of the standards', () => {
    expect(() => synthChart((chart) => new MeshNamespace(chart, 'Ns', { name: 'ns', podSecurity: 'strict' as never }))).toThrow(
      "pod security level of namespace ns must be one of privileged, baseline, restricted, got 'strict'",
    );
  });

  test('fails when the name is not a DNS-1123 label', () => {
    expect(() => synthChart((chart) => new MeshNamespace(chart, 'Ns', { name: 'Cloud.Lab' }))).toThrow(/namespace name must be a DNS-1123 label.*got 'Cloud.Lab'/);
  });

  test('in ambient mode, labelled for ztunnel and the waypoint of its Services (ingress requests included), with no injection label', () => {
    const [ns] = synthChart((chart) => {
      new MeshNamespace(chart, 'Ns', { name: 'shop', dataplane: 'ambient', waypoint: 'waypoint', podSecurity: 'restricted' });
      new Waypoint(chart, 'Waypoint');
    }, 'shop');
    expect(ns.metadata.labels).toEqual({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
      'istio.io/ingress-use-waypoint': 'true',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  test('fails when a waypoint is given with sidecars', () => {
    expect(() => synthChart((chart) => new MeshNamespace(chart, 'Ns', { name: 'shop', waypoint: 'waypoint' }))).toThrow(
      "waypoint of namespace shop needs the ambient data plane, got 'sidecar'",
    );
  });
});
