import { MeshNamespace } from '../constructs';
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
});
