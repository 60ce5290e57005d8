import { buildApp, ENVIRONMENTS, environmentNamed, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { outputReadme } from '../src/synth/readme';
import { pruneAllowlist, teardown } from '../src/synth/readme-apply';
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
    expect(readme).toContain('The main apply (the files at the top, in name order):\n\n```sh\nkubectl apply -f dist/\n```');
    expect(readme).toContain('The same objects, as Argo CD and Flux render them (Kustomization):\n\n```sh\nkubectl kustomize dist/\n```');
    expect(readme).toContain('\nkubectl delete -f dist/\n');
    // the namespaced kinds of the main apply: kubectl's default list has no custom resources, and prunes Namespaces anywhere
    expect(readme).toContain(
      'kubectl apply --prune -l app.kubernetes.io/part-of=tracing-tutorial --prune-allowlist=appsody.dev/v1beta1/AppsodyApplication ' +
        '--prune-allowlist=core/v1/ConfigMap --prune-allowlist=core/v1/ServiceAccount --prune-allowlist=networking.istio.io/v1/Gateway ' +
        '--prune-allowlist=networking.istio.io/v1/VirtualService --prune-allowlist=security.istio.io/v1/AuthorizationPolicy ' +
        '--prune-allowlist=security.istio.io/v1/PeerAuthentication --prune-allowlist=telemetry.istio.io/v1/Telemetry -f dist/\n',
    );
    expect(readme).toContain('Or everything that carries its label, opt-in files included (not the Istio install):\n\n```sh\nkubectl delete --ignore-not-found namespace cloudlab\n```');
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
    expect(commands).toContain(
      '- `canary/nodejs-tracing-v2.yaml`: `kubectl apply -f dist/canary/nodejs-tracing-v2.yaml`; undo: `kubectl apply -f dist/ && ' +
        "kubectl delete -n cloudlab deployments.apps/nodejs-tracing-v2 services/nodejs-tracing-v2` (the main apply's objects it changes come back, the ones it adds go)\n",
    );
    expect(commands).not.toContain('kubectl delete -f dist/canary/');
    expect(commands).toContain('- `faults/jee-abort-70.yaml`: `kubectl apply -f dist/faults/jee-abort-70.yaml`; undo: `kubectl delete -f dist/faults/jee-abort-70.yaml`\n');
    // an IstioOperator is istioctl's input; the Sail install keeps the namespaces it creates, which others use
    expect(commands).toContain('Istio, either with istioctl:\n\n```sh\nistioctl install -y -f dist/istio/istio-operator.yaml   # Istio with istioctl 1.30');
    expect(commands).toContain('Then, once no environment of the cluster uses it, the Istio install with istioctl:\n\n```sh\nistioctl uninstall -y -f dist/istio/istio-operator.yaml\n```');
    expect(commands).not.toContain('kubectl apply -f dist/istio/istio-operator.yaml');
    expect(commands).toContain(
      'Or with the Sail Operator (its Namespaces stay, as others may use them):\n\n```sh\nkubectl delete -f dist/istio/sail-gateway.yaml\n' +
        'kubectl delete istios.sailoperator.io/default istiocnis.sailoperator.io/default\n```',
    );
    // the gateway after the Sail install is Ready, in its block: a pod created before the injector runs on the image
    // `auto`; the CNI node agent too, without which an injected pod's istio-validation container fails
    expect(commands).toContain(
      'Or with the Sail Operator:\n\n```sh\nkubectl apply -f dist/istio/sail.yaml   # needs the Sail Operator running in the cluster\n' +
        'kubectl wait --for=condition=Ready istios.sailoperator.io/default istiocnis.sailoperator.io/default --timeout=300s   # istiod (the injector) and the CNI node agent run\n' +
        'kubectl apply -f dist/istio/sail-gateway.yaml   # once istiod runs (a pod created before its injector is never injected); ' +
        // istioctl's demo profile runs its own istio-ingressgateway, whose Deployment the Sail gateway's cannot replace
        'istioctl install -f dist/istio/istio-operator.yaml runs its own istio-system/istio-ingressgateway: not after it\n```',
    );
    // deleting the main apply's files deletes its Namespace, and with it everything in it
    expect(commands).toContain('To tear down the main apply, with everything in its Namespace cloudlab:\n\n```sh\nkubectl delete -f dist/\n```');
    expect(commands).toContain('Then, once no environment of the cluster reports to it, the trace collector:\n\n```sh\nkubectl delete -f https://raw.githubusercontent.com/istio/istio/1.30.3/samples/addons/jaeger.yaml\n```');
  });

  test('never puts an undo in the block of its apply, nor two installs in one block: each block runs as a whole', () => {
    for (const env of ENVIRONMENTS.map((e) => e.name)) {
      const text = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, env))).files.find((f) => f.path === 'README.md')!.content;
      const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, body]) => body.split('\n').filter((l) => l !== '' && !l.startsWith('#')));
      expect(blocks.length).toBeGreaterThan(8);
      for (const commands of blocks) {
        const applies = commands.some((c) => /^(kubectl apply|istioctl install)\b/.test(c));
        const deletes = commands.some((c) => /^(kubectl delete|istioctl uninstall)\b/.test(c));
        expect([env, commands, applies && deletes]).toEqual([env, commands, false]);
        const installs = commands.filter((c) => /^istioctl install|^kubectl apply -f \S+\/sail\.yaml/.test(c));
        expect([env, installs.length <= 1]).toEqual([env, true]);
      }
      // the opt-in files' apply and undo are inline, in a list, never a block to paste
      expect(text).not.toMatch(/```sh\n[^`]*kubectl apply -f dist\/faults\//);
    }
  });

  test('waits for every Sail resource to be Ready: in ambient mode ztunnel too', () => {
    const ambient = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient'))).files.find((f) => f.path === 'README.md')!.content;
    expect(ambient).toContain(
      'kubectl wait --for=condition=Ready istios.sailoperator.io/default istiocnis.sailoperator.io/default ztunnels.sailoperator.io/default --timeout=300s   ' +
        '# istiod (the injector), the CNI node agent and ztunnel run\n',
    );
  });

  test('puts an injected gateway with the installs that do not run the same gateway themselves', () => {
    const operator = (profile: string, components?: object) => ({
      file: 'istio/istio-operator.yaml',
      objects: [{ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'x', namespace: 'istio-system' }, spec: { profile, components } }],
    });
    const sail = { file: 'istio/sail.yaml', objects: [{ apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: {} }] };
    const gateway = (name: string) => ({
      file: 'istio/gateway.yaml',
      objects: [{
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'istio-system', labels: { 'app.kubernetes.io/part-of': 'istio' } },
        spec: { template: { spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
      }],
    });
    // the text before the block the gateway is applied in, and its line
    const placed = (...manifests: { file: string; objects: object[] }[]) => {
      const text = outputReadme('out', manifests as never, undefined).content;
      const block = [...text.matchAll(/([^\n]*)\n\n```sh\n([\s\S]*?)```/g)].find(([, , body]) => body.includes('kubectl apply -f out/istio/gateway.yaml'))!;
      return [block[1], block[2].split('\n').find((l) => l.startsWith('kubectl apply -f out/istio/gateway.yaml'))];
    };
    const runsItsOwn = 'istioctl install -f out/istio/istio-operator.yaml runs its own istio-system/istio-ingressgateway: not after it';
    for (const profile of ['demo', 'default']) {
      const [intro, line] = placed(operator(profile), sail, gateway('istio-ingressgateway'));
      expect(intro).toEqual('Or with the Sail Operator:');
      expect(line).toContain(`# once istiod runs (a pod created before its injector is never injected); ${runsItsOwn}`);
    }
    // profiles without an ingress gateway, one turned off, another name: after either install
    for (const [install, name] of [[operator('minimal'), 'istio-ingressgateway'], [operator('ambient'), 'istio-ingressgateway'],
      [operator('demo', { ingressGateways: [{ name: 'istio-ingressgateway', enabled: false }] }), 'istio-ingressgateway'], [operator('demo'), 'my-gateway']] as const) {
      const [intro, line] = placed(install, sail, gateway(name));
      expect(intro).toEqual('Then, with any install:');
      expect(line).not.toContain('not after');
    }
    // no other install to go with: applied last, with the warning
    const [intro, line] = placed(operator('demo'), gateway('istio-ingressgateway'));
    expect(intro).toEqual('Then:');
    expect(line).toContain(runsItsOwn);
  });

  test('puts what the main apply needs before it: the operator, an Istio install, the collector', () => {
    const applyAt = (text: string, dir: string) => text.indexOf(`\nkubectl apply -f ${dir}/\n`);
    const main = applyAt(readme, 'dist');
    // a pod created before the injector runs is never injected, and the custom resources need their operator's CRD
    for (const before of ['# the Appsody operator 0.6.0 running', 'istioctl install -y -f dist/istio/istio-operator.yaml', 'kubectl apply -f dist/istio/sail.yaml',
      'kubectl apply -f dist/istio/sail-gateway.yaml', 'kubectl apply -f https://raw.githubusercontent.com/istio/istio/1.30.3/samples/addons/jaeger.yaml']) {
      expect(readme.indexOf(before)).toBeGreaterThan(-1);
      expect(readme.indexOf(before)).toBeLessThan(main);
    }
    expect(readme).toContain(
      'Before the main apply, once per cluster: the CRDs and operators its kinds need, then Istio, with one of its two installs, then the trace collector ' +
        'the apps and proxies report to.',
    );
    // the other opt-in files come after it, and a Grafana without a dashboard sidecar imports the JSON file instead
    expect(readme.indexOf('kubectl apply -f dist/faults/jee-abort-70.yaml')).toBeGreaterThan(main);
    expect(readme).toContain(
      '- `grafana/dashboard-configmap.yaml`: `kubectl apply -f dist/grafana/dashboard-configmap.yaml`; undo: `kubectl delete -f dist/grafana/dashboard-configmap.yaml`. ' +
        'For a Grafana whose dashboard sidecar collects ConfigMaps labelled grafana_dashboard in cloudlab',
    );
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
