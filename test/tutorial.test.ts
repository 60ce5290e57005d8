// End-to-end tests of the synthesized tutorial: what `kubectl apply -f dist/` sees, and the committed dist/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../src/files/files-under';
import { allObjects, synthTopology } from './support/synth';

// the namespace itself, and the IstioOperator that istioctl reads in istio-system
const OUTSIDE_NAMESPACE: Record<string, string | undefined> = { Namespace: undefined, IstioOperator: 'istio-system' };

describe('the synthesized tutorial', () => {
  const result = synthTopology();

  test.each(result.files.map((f) => [f.path, f.content]))('%s matches its snapshot', (_file, content) => {
    expect(content).toMatchSnapshot();
  });

  test('kubectl apply -f dist/ creates the namespace before anything in it', () => {
    const applied = result.manifests.filter((m) => !m.file.includes('/'));
    const order = applied.flatMap((m) => m.objects);
    expect(order[0].kind).toEqual('Namespace');
    expect(order.slice(1).every((o) => o.metadata.namespace === order[0].metadata.name)).toBe(true);
  });

  test('kubectl apply -f dist/ applies no fault scenario', () => {
    const applied = result.manifests.filter((m) => !m.file.includes('/')).flatMap((m) => m.objects) as any[];
    expect(applied.filter((o) => o.kind === 'VirtualService' && o.spec.http.some((r: any) => r.fault))).toEqual([]);
    expect(applied.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/cloudlab',
      'ConfigMap/jaeger-config',
      'Telemetry/tracing',
      'PeerAuthentication/default',
      'AuthorizationPolicy/allow-nothing',
      'AuthorizationPolicy/nodejs-tracing',
      'AuthorizationPolicy/springboot-tracing',
      'AuthorizationPolicy/jee-tracing',
      'ServiceAccount/jee-tracing',
      'AppsodyApplication/jee-tracing',
      'ServiceAccount/nodejs-tracing',
      'AppsodyApplication/nodejs-tracing',
      'ServiceAccount/springboot-tracing',
      'AppsodyApplication/springboot-tracing',
      'Gateway/tutorial-gateway',
      'VirtualService/tutorial-service',
    ]);
  });

  test('every namespaced object carries the namespace, and every object an explicit name', () => {
    for (const obj of allObjects(result)) {
      expect(obj.metadata.name).toMatch(/^[a-z0-9-]+$/);
      expect(obj.metadata.namespace).toEqual(obj.kind in OUTSIDE_NAMESPACE ? OUTSIDE_NAMESPACE[obj.kind] : 'cloudlab');
    }
  });

  test('Istio objects use networking.istio.io/v1', () => {
    const istio = allObjects(result).filter((o) => o.apiVersion.startsWith('networking.istio.io/'));
    expect(istio.length).toBeGreaterThan(0);
    expect(new Set(istio.map((o) => o.apiVersion))).toEqual(new Set(['networking.istio.io/v1']));
  });

  test('two synths produce byte-identical files', () => {
    expect(synthTopology().files).toEqual(result.files);
  });

  test('the committed dist/ is what a fresh synth writes (run `npm run synth` and commit dist/ if this fails)', () => {
    const dist = path.join(__dirname, '..', 'dist');
    expect(filesUnder(dist)).toEqual(result.files.map((f) => f.path).sort());
    for (const file of result.files) {
      expect({ file: file.path, content: readFileSync(path.join(dist, file.path), 'utf8') }).toEqual({ file: file.path, content: file.content });
    }
  });
});
