import { TUTORIAL } from '../src/project';
import { appObjects, LIFECYCLE_LABELS, objectIn, synthTopology } from './support/synth';

const APPS = [
  ['nodejs-tracing', 3000, '/live', '/ready', 1000],
  ['springboot-tracing', 8080, '/actuator/liveness', '/actuator/health', 1000],
  ['jee-tracing', 9080, '/health/live', '/health/ready', 1001],
] as const;

describe('the kubernetes workload backend', () => {
  const result = synthTopology({ ...TUTORIAL, workload: 'kubernetes' });
  const appsody = synthTopology(TUTORIAL);

  describe.each(APPS)('%s', (name, port, live, ready, uid) => {
    const file = `20-app-${name}.yaml`;
    const deployment = objectIn(result, file, 'Deployment', name);
    const service = objectIn(result, file, 'Service', name);
    const account = objectIn(result, file, 'ServiceAccount', `${name}-sa`);
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];

    test('renders a Deployment, a Service and a ServiceAccount, and no AppsodyApplication', () => {
      expect(result.manifests.find((m) => m.file === file)!.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service']);
      expect(account.automountServiceAccountToken).toBe(false);
      expect(pod.spec.serviceAccountName).toEqual(`${name}-sa`);
    });

    test('keeps the labels, the sidecar label, envFrom and the probes', () => {
      expect(deployment.metadata.labels).toEqual({ app: name, version: 'v1', 'app.kubernetes.io/name': name, ...LIFECYCLE_LABELS });
      expect(pod.metadata.labels).toEqual({
        app: name,
        version: 'v1',
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': name,
        'sidecar.istio.io/inject': 'true',
      });
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'jaeger-config' } }]);
      expect(container.livenessProbe).toEqual({
        httpGet: { path: live, port, scheme: 'HTTP' },
        initialDelaySeconds: 5,
        periodSeconds: 2,
        failureThreshold: 12,
      });
      expect(container.readinessProbe).toEqual({
        httpGet: { path: ready, port, scheme: 'HTTP' },
        initialDelaySeconds: 5,
        periodSeconds: 2,
        failureThreshold: 12,
        timeoutSeconds: 1,
      });
    });

    test('selects its pods by instance, a label no other version carries and no release changes', () => {
      expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': name } });
    });

    test('names the container port and the ClusterIP Service port http, selecting the stable workload', () => {
      expect(container.ports).toEqual([{ containerPort: port, name: 'http' }]);
      expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port, targetPort: port }], selector: { 'app.kubernetes.io/instance': name } });
    });

    test('hardens the pod', () => {
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.volumeMounts.map((m: any) => m.mountPath)).toContain('/tmp');
      expect(pod.spec.volumes.every((v: any) => 'emptyDir' in v)).toBe(true);
      expect(Object.keys(container.resources).sort()).toEqual(['limits', 'requests']);
    });
  });

  test('resources default per stack and can be set per app', () => {
    const resources = (r: ReturnType<typeof synthTopology>, name: string) =>
      objectIn(r, `20-app-${name}.yaml`, 'Deployment', name).spec.template.spec.containers[0].resources;
    expect(resources(result, 'nodejs-tracing')).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(resources(result, 'jee-tracing')).toEqual({ requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '1000m', memory: '768Mi' } });
    const custom = synthTopology({
      ...TUTORIAL,
      workload: 'kubernetes',
      apps: TUTORIAL.apps.map((a) =>
        a.name === 'jee-tracing' ? { ...a, resources: { cpuRequestMillis: 50, cpuLimitMillis: 200, memoryRequestMiB: 64, memoryLimitMiB: 128 } } : a,
      ),
    });
    expect(resources(custom, 'jee-tracing')).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } });
  });

  test('both backends synthesize and validate with no errors', () => {
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(appsody.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('the namespace enforces the Pod Security level each backend meets: restricted here, baseline for the operator', () => {
    const level = (r: ReturnType<typeof synthTopology>) => objectIn(r, '00-namespace.yaml', 'Namespace', 'cloudlab').metadata.labels['pod-security.kubernetes.io/enforce'];
    expect([level(result), level(appsody)]).toEqual(['restricted', 'baseline']);
  });

  test('the mesh objects (routes, faults, canary, policies, telemetry) are the same on both backends', () => {
    const meshKinds = new Set([
      'Gateway',
      'VirtualService',
      'DestinationRule',
      'PeerAuthentication',
      'AuthorizationPolicy',
      'Telemetry',
      'ConfigMap',
    ]);
    const mesh = (r: ReturnType<typeof synthTopology>) =>
      r.manifests.flatMap((m) => m.objects.filter((o) => meshKinds.has(o.kind)).map((o) => ({ file: m.file, o })));
    expect(mesh(result)).toEqual(mesh(appsody));
    expect(mesh(result).length).toBeGreaterThan(10);
  });

  test("the canary's v2 pods are neither the stable Deployment's nor its Service's", () => {
    const v2 = objectIn(result, 'canary/nodejs-tracing-v2.yaml', 'Deployment', 'nodejs-tracing-v2');
    const stable = objectIn(result, '20-app-nodejs-tracing.yaml', 'Deployment', 'nodejs-tracing');
    const service = objectIn(result, '20-app-nodejs-tracing.yaml', 'Service', 'nodejs-tracing');
    const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(selects(stable.spec.selector.matchLabels, v2.spec.template.metadata.labels)).toBe(false);
    expect(selects(service.spec.selector, v2.spec.template.metadata.labels)).toBe(false);
    expect(selects(v2.spec.selector.matchLabels, stable.spec.template.metadata.labels)).toBe(false);
    expect(v2.spec.template.metadata.labels.version).toEqual('v2');
  });

  test('no Service of the namespace is NodePort or LoadBalancer', () => {
    expect(appObjects(result).filter((o: any) => o.kind === 'Service' && o.spec.type !== 'ClusterIP')).toEqual([]);
  });
});
