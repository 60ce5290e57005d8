import { buildApp, environmentNamed, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { outputReadme, pruneAllowlist, teardown } from '../src/synth/readme';
import { synthesize } from '../src/synth/synthesize';
import { allObjects, appObjects, synthTopology } from './support/synth';

describe('the output README', () => {
  const result = synthTopology();
  const readme = result.files.find((f) => f.path === 'README.md')!.content;
  const diagram = /```mermaid\n([\s\S]*?)```/.exec(readme)![1];

  test('has a Mermaid flowchart with every route, its prefix and rewrite', () => {
    expect(diagram.startsWith('flowchart LR\n')).toBe(true);
    for (const r of TUTORIAL.ingress.routes)
      expect(diagram).toContain(`gateway -->|"${r.prefix} → ${r.rewrite}"| app_${r.to.name.replace(/-/g, '_')}`);
  });

  test('shows the calls between services', () => {
    expect(diagram).toContain('app_nodejs_tracing -->|"GET /resource"| app_springboot_tracing');
    expect(diagram).toContain('app_nodejs_tracing -->|"GET /starter/service"| app_jee_tracing');
  });

  test('shows every fault scenario as a labelled dashed edge', () => {
    for (const s of TUTORIAL.faultScenarios) {
      expect(diagram).toContain(`-.->|"fault ${s.name}: ${s.fault.describe()}"| app_${s.target.name.replace(/-/g, '_')}`);
    }
  });

  test('shows the canary weights on edges', () => {
    expect(diagram).toContain('gateway -.->|"canary /quoteOrder: 90% v1"| app_nodejs_tracing');
    expect(diagram).toContain('gateway -.->|"canary /quoteOrder: 10% v2"| app_nodejs_tracing_v2');
  });

  test('names the Gateway API gateway and, in ambient mode, the waypoint', () => {
    const ambient = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient')));
    const text = ambient.files.find((f) => f.path === 'README.md')!.content;
    expect(text).toContain('client((client)) --> gateway{{"ingress gateway<br/>Gateway tutorial-gateway (Gateway API), hosts *"}}');
    expect(text).toContain('waypoint{{"waypoint<br/>Gateway waypoint (istio-waypoint): L7 of every Service of cloudlab, allow-lists and faults"}}');
    expect(diagram).not.toContain('waypoint');
  });

  test('lists every object with kind, name, namespace and file', () => {
    for (const m of result.manifests) {
      for (const o of m.objects) expect(readme).toContain(`| ${o.kind} | ${o.metadata.name} | ${o.metadata.namespace ?? ''} | ${m.file} |`);
    }
    const objects = readme.slice(readme.indexOf('## Objects'));
    expect(objects.match(/^\| (?!kind|---)/gm)!.length).toEqual(allObjects(result).length);
  });

  test('gives the apply, kustomize, prune and teardown commands, none of them across namespaces', () => {
    expect(readme).toContain('kubectl apply -f dist/ ');
    expect(readme).toContain('kubectl kustomize dist/ ');
    expect(readme).toContain('kubectl delete -f dist/ ');
    // the namespaced kinds of the main apply: kubectl's default list has no custom resources, and prunes Namespaces anywhere
    expect(readme).toContain(
      'kubectl apply --prune -l app.kubernetes.io/part-of=tracing-tutorial --prune-allowlist=appsody.dev/v1beta1/AppsodyApplication ' +
        '--prune-allowlist=core/v1/ConfigMap --prune-allowlist=core/v1/ServiceAccount --prune-allowlist=networking.istio.io/v1/Gateway ' +
        '--prune-allowlist=networking.istio.io/v1/VirtualService --prune-allowlist=security.istio.io/v1/AuthorizationPolicy ' +
        '--prune-allowlist=security.istio.io/v1/PeerAuthentication --prune-allowlist=telemetry.istio.io/v1/Telemetry -f dist/ ',
    );
    expect(readme).toContain('\nkubectl delete --ignore-not-found namespace cloudlab   # tear down what carries its label, opt-in files included (not the Istio install)\n');
    expect(readme).not.toMatch(/ -A /);
    expect(readme).not.toContain('--prune-allowlist=core/v1/Namespace');
  });

  test('tears down by namespace and name, never by label across the cluster: another output may carry the same label', () => {
    const labels = { 'app.kubernetes.io/part-of': 'shop' };
    const o = (apiVersion: string, kind: string, name: string, namespace?: string, own = labels) => ({
      apiVersion,
      kind,
      metadata: { name, ...(namespace ? { namespace } : {}), labels: own },
    });
    const manifests = [
      { file: '00-namespace.yaml', objects: [o('v1', 'Namespace', 'shop')] },
      { file: '10-app.yaml', objects: [o('v1', 'ConfigMap', 'c', 'shop'), o('apps/v1', 'Deployment', 'd', 'shop')] },
      { file: 'extra/x.yaml', objects: [o('v1', 'ConfigMap', 'dash', 'grafana'), o('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader')] },
      { file: 'istio/i.yaml', objects: [o('v1', 'Namespace', 'istio-system', undefined, { 'app.kubernetes.io/part-of': 'istio' })] },
    ] as any;
    expect(teardown(manifests, 'shop')).toEqual([
      'kubectl delete -n grafana -l app.kubernetes.io/part-of=shop configmaps',
      'kubectl delete --ignore-not-found clusterroles.rbac.authorization.k8s.io/reader',
      'kubectl delete --ignore-not-found namespace shop',
    ]);
    // the namespaced kinds of the main apply, which kubectl prunes only in the namespaces applied
    expect(pruneAllowlist(manifests.slice(0, 2), 'shop')).toEqual(['apps/v1/Deployment', 'core/v1/ConfigMap']);
  });

  test('gives each opt-in file its undo, which deletes only what the file adds', () => {
    const commands = readme.slice(readme.indexOf('## Apply and tear down'), readme.indexOf('## Objects'));
    // the canary shares the ingress VirtualService with the main apply: deleting its file would leave no route
    expect(commands).toContain('kubectl apply -f dist/canary/nodejs-tracing-v2.yaml\nkubectl apply -f dist/ && kubectl delete -n cloudlab deployments.apps/nodejs-tracing-v2 services/nodejs-tracing-v2   # undo');
    expect(commands).not.toContain('kubectl delete -f dist/canary/');
    expect(commands).toContain('kubectl apply -f dist/faults/jee-abort-70.yaml\nkubectl delete -f dist/faults/jee-abort-70.yaml   # undo');
    // an IstioOperator is istioctl's input; the Sail install keeps the namespaces it creates, which others use
    expect(commands).toContain('istioctl install -y -f dist/istio/istio-operator.yaml');
    expect(commands).toContain('istioctl uninstall -y -f dist/istio/istio-operator.yaml   # undo');
    expect(commands).not.toContain('kubectl apply -f dist/istio/istio-operator.yaml');
    expect(commands).toContain('kubectl delete istios.sailoperator.io/default istiocnis.sailoperator.io/default   # undo');
    // the gateway after the Sail install is Ready: a pod created before the injector runs on the image `auto`; the
    // CNI node agent too, without which an injected pod's istio-validation container fails
    const wait = commands.indexOf(
      'kubectl wait --for=condition=Ready istios.sailoperator.io/default istiocnis.sailoperator.io/default --timeout=300s   # istiod (the injector) and the CNI node agent run',
    );
    expect(wait).toBeGreaterThan(commands.indexOf('kubectl apply -f dist/istio/sail.yaml'));
    expect(commands.indexOf('kubectl apply -f dist/istio/sail-gateway.yaml')).toBeGreaterThan(wait);
    // istioctl's demo profile runs its own istio-ingressgateway, whose Deployment the Sail gateway's cannot replace
    expect(commands).toContain(
      'kubectl apply -f dist/istio/sail-gateway.yaml   # with dist/istio/sail.yaml only (istioctl install -f dist/istio/istio-operator.yaml runs its own ' +
        'istio-system/istio-ingressgateway), once istiod runs',
    );
    // deleting the main apply's files deletes its Namespace, and with it everything in it
    expect(commands).toContain('kubectl delete -f dist/               # tear down the main apply, with everything in its Namespace cloudlab\n');
  });

  test('waits for every Sail resource to be Ready: in ambient mode ztunnel too', () => {
    const ambient = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient'))).files.find((f) => f.path === 'README.md')!.content;
    expect(ambient).toContain(
      'kubectl wait --for=condition=Ready istios.sailoperator.io/default istiocnis.sailoperator.io/default ztunnels.sailoperator.io/default --timeout=300s   ' +
        '# istiod (the injector), the CNI node agent and ztunnel run\n',
    );
  });

  test('says which install an injected gateway goes with only where an istioctl install runs the same gateway', () => {
    const operator = (profile: string, components?: object) => ({
      file: 'istio/istio-operator.yaml',
      objects: [{ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'x', namespace: 'istio-system' }, spec: { profile, components } }],
    });
    const sail = { file: 'istio/sail.yaml', objects: [{ apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: {} }] };
    const gateway = (name: string) => ({
      file: 'istio/gateway.yaml',
      objects: [{
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'istio-system' },
        spec: { template: { spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
      }],
    });
    const line = (...manifests: { file: string; objects: object[] }[]) =>
      outputReadme('out', manifests as never, undefined).content.split('\n').find((l) => l.startsWith('kubectl apply -f out/istio/gateway.yaml'));
    const only = '# with out/istio/sail.yaml only (istioctl install -f out/istio/istio-operator.yaml runs its own istio-system/istio-ingressgateway), once istiod runs';
    expect(line(operator('demo'), sail, gateway('istio-ingressgateway'))).toContain(only);
    expect(line(operator('default'), sail, gateway('istio-ingressgateway'))).toContain(only);
    // profiles without an ingress gateway, one turned off, another name, or no other install to go with
    expect(line(operator('minimal'), sail, gateway('istio-ingressgateway'))).toMatch(/# once istiod runs/);
    expect(line(operator('ambient'), sail, gateway('istio-ingressgateway'))).toMatch(/# once istiod runs/);
    expect(line(operator('demo', { ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }] }), sail, gateway('istio-ingressgateway'))).toMatch(/# once istiod runs/);
    expect(line(operator('demo'), sail, gateway('my-gateway'))).toMatch(/# once istiod runs/);
    expect(line(operator('demo'), gateway('istio-ingressgateway'))).toContain(
      "# not with istioctl's install (istioctl install -f out/istio/istio-operator.yaml runs its own istio-system/istio-ingressgateway), once istiod runs",
    );
  });

  test('puts what the main apply needs before it: the operator, an Istio install, the collector', () => {
    const applyAt = (text: string, dir: string) => text.indexOf(`\nkubectl apply -f ${dir}/ `);
    const main = applyAt(readme, 'dist');
    // a pod created before the injector runs is never injected, and the custom resources need their operator's CRD
    for (const before of ['# the Appsody operator 0.6.0 running', 'istioctl install -y -f dist/istio/istio-operator.yaml', 'kubectl apply -f dist/istio/sail.yaml',
      'kubectl apply -f dist/istio/sail-gateway.yaml', 'kubectl apply -f https://raw.githubusercontent.com/istio/istio/1.30.3/samples/addons/jaeger.yaml']) {
      expect(readme.indexOf(before)).toBeGreaterThan(-1);
      expect(readme.indexOf(before)).toBeLessThan(main);
    }
    expect(readme).toContain('Before the main apply, once per cluster: the CRDs and operators its kinds need, then Istio, with one of its two installs');
    // the other opt-in files come after it, and a Grafana without a dashboard sidecar imports the JSON file instead
    expect(readme.indexOf('kubectl apply -f dist/faults/jee-abort-70.yaml')).toBeGreaterThan(main);
    expect(readme).toContain('kubectl apply -f dist/grafana/dashboard-configmap.yaml   # for a Grafana whose dashboard sidecar collects ConfigMaps labelled grafana_dashboard in cloudlab');
    // under GitOps the canary's change to the main route is undone at the next sync
    expect(readme).toContain('a file that changes one of its objects (the canary\'s route) is undone at their next sync');
    // the Gateway API CRDs come with no Istio install; a collector of the output is applied before the main apply
    const ambient = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient'))).files.find((f) => f.path === 'README.md')!.content;
    const crds = ambient.indexOf('kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml');
    expect(crds).toBeGreaterThan(-1);
    expect(crds).toBeLessThan(applyAt(ambient, 'dist'));
    expect(readme).not.toContain('gateway-api/releases');
    const modern = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'modern'))).files.find((f) => f.path === 'README.md')!.content;
    expect(modern.indexOf('kubectl apply -f dist/observability/jaeger.yaml')).toBeLessThan(applyAt(modern, 'dist'));
    expect(modern).not.toContain('samples/addons/jaeger.yaml');
    expect(modern).toContain('# the Runtime Component Operator 1.6.2 running');
  });

  test('changes with the topology: a new scenario shows up in the diagram', () => {
    const more = synthTopology({
      ...TUTORIAL,
      faultScenarios: [...TUTORIAL.faultScenarios, { ...TUTORIAL.faultScenarios[0], name: 'springboot-delay-2' }],
    });
    expect(more.files.find((f) => f.path === 'README.md')!.content).toContain('fault springboot-delay-2: delay 1s on 50%');
  });
});

describe('lifecycle labels', () => {
  test('every object of the app says it is part of the topology and managed by cdk8s (the Istio install, part of istio)', () => {
    for (const o of appObjects(synthTopology())) {
      expect({ kind: o.kind, name: o.metadata.name, labels: o.metadata.labels }).toMatchObject({
        labels: { 'app.kubernetes.io/part-of': 'tracing-tutorial', 'app.kubernetes.io/managed-by': 'cdk8s' },
      });
    }
  });
});
