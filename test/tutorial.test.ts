// End-to-end tests of the synthesized tutorial: what `kubectl apply -f dist/` sees, and the mesh contract of every
// workload in every environment. The committed output directories are the golden copy of whole files, kept honest by
// the drift check (test/check.test.ts, `npm run check`); the snapshots here hold only what the mesh depends on.
import { buildApp, ENVIRONMENTS, TUTORIAL_PROJECT } from '../src/project';
import { synthesize } from '../src/synth/synthesize';
import { KubeObject } from '../src/manifests/kube-object';
import { allObjects, synthTopology } from './support/synth';

/** `k=v, k=v` of a map, sorted, as one snapshot line. */
const pairs = (map: Record<string, unknown> | undefined) => (map ? Object.entries(map).sort().map(([k, v]) => `${k}=${v}`).join(', ') : undefined);

/**
 * What the mesh depends on in a workload, one line per field: its labels and annotations, its pods', its selector,
 * the port names and `envFrom`.
 */
function meshContract(o: any): string {
  const pod = o.spec?.template;
  const container = pod?.spec?.containers?.[0];
  const appsody = o.kind === 'AppsodyApplication' || o.kind === 'RuntimeComponent';
  const selector = o.kind === 'Deployment' ? o.spec.selector.matchLabels : o.spec?.selector;
  const envFrom: any[] | undefined = appsody ? o.spec.envFrom : container?.envFrom;
  const contract: Record<string, string | undefined> = {
    labels: pairs(o.metadata.labels),
    annotations: pairs(o.metadata.annotations),
    podLabels: pairs(pod?.metadata?.labels),
    podAnnotations: pairs(pod?.metadata?.annotations),
    selector: pairs(selector),
    portNames: (appsody ? [o.spec.service] : (o.spec?.ports ?? container?.ports))?.map((p: any) => p.portName ?? p.name).join(', '),
    envFrom: envFrom?.map((e) => (e.configMapRef ? `ConfigMap ${e.configMapRef.name}` : `Secret ${e.secretRef.name}`)).join(', '),
    serviceAccount: appsody ? (o.spec.serviceAccount?.name ?? o.spec.serviceAccountName) : pod?.spec?.serviceAccountName,
    env: (appsody ? o.spec.env : container?.env)?.map((e: any) => `${e.name}=${e.value}`).join(', '),
  };
  return Object.entries(contract).filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k}: ${v}`).join('\n');
}

const WORKLOAD_KINDS = new Set(['AppsodyApplication', 'RuntimeComponent', 'Deployment', 'Service']);

describe('the synthesized tutorial', () => {
  const result = synthTopology();

  test.each(ENVIRONMENTS.map((e) => [e.name]))('the mesh contract of every workload in environment %s matches its snapshot', (name) => {
    const environment = ENVIRONMENTS.find((e) => e.name === name)!;
    const contracts = synthesize(buildApp(TUTORIAL_PROJECT, environment)).manifests.flatMap((m) =>
      m.objects.filter((o: KubeObject) => WORKLOAD_KINDS.has(o.kind)).map((o) => `${m.file} ${o.kind}/${o.metadata.name}\n${meshContract(o)}`));
    expect(`\n${contracts.join('\n')}\n`).toMatchSnapshot();
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
      'ServiceAccount/jee-tracing-sa',
      'AppsodyApplication/jee-tracing',
      'ServiceAccount/nodejs-tracing-sa',
      'AppsodyApplication/nodejs-tracing',
      'ServiceAccount/springboot-tracing-sa',
      'AppsodyApplication/springboot-tracing',
      'Gateway/tutorial-gateway',
      'VirtualService/tutorial-service',
    ]);
  });

  test('every namespaced object carries the namespace, and every object an explicit name', () => {
    for (const obj of allObjects(result)) expect(obj.metadata.name).toMatch(/^[a-z0-9-]+$/);
    for (const obj of result.manifests.filter((m) => !m.file.startsWith('istio/')).flatMap((m) => m.objects)) {
      expect(obj.metadata.namespace).toEqual(obj.kind === 'Namespace' ? undefined : 'cloudlab');
    }
  });

  test('the Istio install is labelled as Istio\'s, so pruning or deleting the app by its label leaves it alone', () => {
    const install = result.manifests.filter((m) => m.file.startsWith('istio/')).flatMap((m) => m.objects);
    expect(install.map((o) => o.kind)).toEqual(expect.arrayContaining(['IstioOperator', 'Istio', 'IstioCNI']));
    for (const obj of install) expect(obj.metadata.labels?.['app.kubernetes.io/part-of']).toEqual('istio');
    for (const obj of result.manifests.filter((m) => !m.file.startsWith('istio/')).flatMap((m) => m.objects)) {
      expect(obj.metadata.labels?.['app.kubernetes.io/part-of']).toEqual('tracing-tutorial');
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
});
