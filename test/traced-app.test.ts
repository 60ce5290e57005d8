import { TracedApp, TracingCollector, TracingConfig } from '../constructs';
import { TUTORIAL } from '../src/project';
import { LIFECYCLE_LABELS, objectIn, synthChart, synthTopology } from './support/synth';

const base = { name: 'orders', image: 'example/orders:1.0', stack: 'nodejs-express', port: 3000, livenessPath: '/live', readinessPath: '/ready' };

function synthApp(props: Partial<typeof base> & Record<string, unknown> = {}): any {
  return synthChart((chart) => {
    const tracingConfig = new TracingConfig(chart, 'Tracing', { collector: new TracingCollector() });
    new TracedApp(chart, 'App', { ...base, ...props, tracingConfig } as any);
  }).find((o) => o.kind === 'AppsodyApplication');
}

describe('TracedApp', () => {
  const result = synthTopology();

  describe.each([
    ['nodejs-tracing', 'dev.local/nodejs-tracing', 'nodejs-express', 3000, '/live', '/ready'],
    ['springboot-tracing', 'dev.local/springboot-tracing', 'java-spring-boot2', 8080, '/actuator/liveness', '/actuator/health'],
    ['jee-tracing', 'dev.local/jee-tracing', 'java-openliberty', 9080, '/health/live', '/health/ready'],
  ])('the tutorial app %s', (name, image, stack, port, live, ready) => {
    const app = objectIn(result, `20-app-${name}.yaml`, 'AppsodyApplication', name);

    test('is an appsody.dev/v1beta1 AppsodyApplication in the tutorial namespace', () => {
      expect(app.apiVersion).toEqual('appsody.dev/v1beta1');
      expect(app.metadata.namespace).toEqual(TUTORIAL.namespace);
    });
    test('has the labels Istio telemetry reads', () => {
      expect(app.metadata.labels).toEqual({ app: name, version: 'v1', ...LIFECYCLE_LABELS });
    });
    test('asks for the sidecar', () => {
      expect(app.metadata.annotations['sidecar.istio.io/inject']).toEqual('true');
    });
    test('reads the Jaeger settings from jaeger-config', () => {
      expect(app.spec.envFrom).toEqual([{ configMapRef: { name: 'jaeger-config' } }]);
    });
    test('has an http-named ClusterIP service on its port', () => {
      expect(app.spec.service).toEqual({ type: 'ClusterIP', port, portName: 'http' });
    });
    test('runs its image and stack, with no Knative service and no route', () => {
      expect(app.spec.applicationImage).toEqual(image);
      expect(app.spec.stack).toEqual(stack);
      expect(app.spec.createKnativeService).toBe(false);
      expect(app.spec.expose).toBe(false);
    });
    test('has the probes appsody generates', () => {
      expect(app.spec.livenessProbe).toEqual({ httpGet: { path: live, port }, initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 12 });
      expect(app.spec.readinessProbe).toEqual({
        httpGet: { path: ready, port }, initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 12, timeoutSeconds: 1,
      });
    });
  });

  test('the sidecar annotation can be turned off per app', () => {
    expect(synthApp({ sidecarInject: false }).metadata.annotations['sidecar.istio.io/inject']).toEqual('false');
  });

  test('version and port name are settable', () => {
    const app = synthApp({ version: 'v2', portName: 'http-web' });
    expect(app.metadata.labels.version).toEqual('v2');
    expect(app.spec.service.portName).toEqual('http-web');
  });

  test('fails when the name is not a DNS-1123 label', () => {
    expect(() => synthApp({ name: 'Orders_App' })).toThrow(/app name must be a DNS-1123 label.*got 'Orders_App'/);
  });

  test('fails when the port is out of range', () => {
    expect(() => synthApp({ port: 70000 })).toThrow(/port of app orders must be a whole number between 1 and 65535, got 70000/);
  });

  test('fails when a probe path is not a path', () => {
    expect(() => synthApp({ readinessPath: 'ready' })).toThrow(/readiness path of app orders must be a path starting with '\/'/);
  });

  test('fails when the image is empty', () => {
    expect(() => synthApp({ image: '' })).toThrow(/image of app orders must be an image reference/);
  });

  test('in ambient mode an Appsody app carries no injection annotation and no sidecar annotation; one out of the mesh says so', () => {
    const app = synthApp({ dataplane: 'ambient' });
    expect(app.metadata.annotations).toBeUndefined();
    expect(app.metadata.labels).toEqual({ app: 'orders', version: 'v1' });
    expect(synthApp({ dataplane: 'ambient', sidecarInject: false }).metadata.labels['istio.io/dataplane-mode']).toEqual('none');
  });

  test('fails when the data plane is not one Istio has', () => {
    expect(() => synthApp({ dataplane: 'sidecarless' })).toThrow("data plane of app orders must be one of sidecar, ambient, got 'sidecarless'");
  });
});
