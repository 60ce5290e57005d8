import { TUTORIAL } from '../src/project';
import { objectIn, synthTopology } from './support/synth';

describe('the runtime-component workload backend', () => {
  const result = synthTopology({ ...TUTORIAL, workload: 'runtime-component' });
  const component = objectIn(result, '20-app-nodejs-tracing.yaml', 'RuntimeComponent', 'nodejs-tracing');

  test('renders a ServiceAccount and a RuntimeComponent per app, nothing the operator creates itself', () => {
    expect(result.manifests.find((m) => m.file === '20-app-nodejs-tracing.yaml')!.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/nodejs-tracing-sa',
      'RuntimeComponent/nodejs-tracing',
    ]);
    expect(component.apiVersion).toEqual('rc.app.stacks/v1');
  });

  test('asks for the sidecar with the label the operator passes to the pods, and keeps probe rewriting', () => {
    expect(component.metadata.labels).toMatchObject({ app: 'nodejs-tracing', version: 'v1', 'sidecar.istio.io/inject': 'true' });
    expect(component.metadata.annotations).toEqual({ 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' });
  });

  test('exposes a ClusterIP Service port named http, reads envFrom jaeger-config, and probes over HTTP', () => {
    expect(component.spec.service).toEqual({ type: 'ClusterIP', port: 3000, portName: 'http' });
    expect(component.spec.envFrom).toEqual([{ configMapRef: { name: 'jaeger-config' } }]);
    expect(component.spec.probes.liveness.httpGet).toEqual({ path: '/live', port: 3000 });
    expect(component.spec.probes.readiness).toMatchObject({ httpGet: { path: '/ready', port: 3000 }, timeoutSeconds: 1 });
  });

  test('runs as the app account, which the operator leaves alone, and turns off its TLS and NetworkPolicy for the mesh', () => {
    expect(component.spec.serviceAccount).toEqual({ name: 'nodejs-tracing-sa', mountToken: false });
    expect(component.spec.manageTLS).toBe(false);
    expect(component.spec.networkPolicy).toEqual({ disable: true });
    expect(component.spec.expose).toBe(false);
  });

  test('runs each image as its stack\'s numeric user: the operator sets runAsNonRoot, and the kubelet cannot check a named user', () => {
    const userOf = (file: string, name: string) => objectIn(result, file, 'RuntimeComponent', name).spec.securityContext;
    expect(component.spec.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 1000 });
    expect(userOf('20-app-springboot-tracing.yaml', 'springboot-tracing')).toEqual({ runAsUser: 1000, runAsGroup: 1000 });
    expect(userOf('20-app-jee-tracing.yaml', 'jee-tracing')).toEqual({ runAsUser: 1001, runAsGroup: 1001 });
  });

  test('the namespace enforces restricted, which the operator\'s default security context meets', () => {
    expect(objectIn(result, '00-namespace.yaml', 'Namespace', 'cloudlab').metadata.labels['pod-security.kubernetes.io/enforce']).toEqual('restricted');
  });

  test('validates with no error: the routes reach the operator\'s Service, the policies its pods', () => {
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
