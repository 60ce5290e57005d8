// One topology, three meshes: the tutorial's topology, unchanged, synthesized with the Istio ingress and sidecars (the
// kubernetes environment), the Gateway API ingress and sidecars (gateway-api), and ambient mode (ambient). For each,
// the routes of /quoteOrder and /quoteItem, the canary split, a fault scenario and the allow-lists, in the form that
// mode needs; what a mode cannot express is refused at synth, with the reason.
import { ApiObject } from 'cdk8s';
import { AuthorizationPolicy } from '../imports/security.istio.io';
import { MeshTopology } from '../constructs';
import { synthCommand } from '../src/cli/synth';
import { applyOverrides, buildApp, buildTopologyApp, environmentNamed, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { SynthError } from '../src/synth/synth-error';
import { synthesize, SynthResult } from '../src/synth/synthesize';
import { validateObjects } from '../src/validate';
import { runCli } from './support/cli';
import { objectIn } from './support/synth';

const MODES = ['kubernetes', 'gateway-api', 'ambient'] as const;
const synthEnv = (name: string) => synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, name)));
const results = Object.fromEntries(MODES.map((m) => [m, synthEnv(m)])) as Record<(typeof MODES)[number], SynthResult>;

/** `/prefix → host:port /rewrite (weight)` of every ingress route of a file, VirtualService or HTTPRoutes alike. */
function ingressRoutes(result: SynthResult, file: string): string[] {
  const objects = result.manifests.find((m) => m.file === file)!.objects as any[];
  return objects.flatMap((o) => {
    if (o.kind === 'VirtualService') {
      return o.spec.http.map((r: any) =>
        `${r.match[0].uri.prefix} → ${r.rewrite.uri}: ${r.route.map((d: any) => `${d.destination.host}:${d.destination.port.number}${d.weight !== undefined ? ` ${d.weight}%` : ''}`).join(', ')}`);
    }
    if (o.kind === 'HTTPRoute') {
      return o.spec.rules.map((r: any) =>
        `${r.matches[0].path.value} → ${r.filters[0].urlRewrite.path.replacePrefixMatch}: ${r.backendRefs.map((b: any) => `${b.name}:${b.port}${b.weight !== undefined ? ` ${b.weight}%` : ''}`).join(', ')}`);
    }
    return [];
  });
}

describe('one topology, three meshes', () => {
  test('every mode synthesizes from the same topology, with no change to it', () => {
    for (const mode of MODES) {
      const overrides = environmentNamed(TUTORIAL_PROJECT, mode).overrides;
      expect(Object.keys(overrides).sort()).toEqual(
        { kubernetes: ['workload'], 'gateway-api': ['ingress', 'workload'], ambient: ['dataplane', 'ingress', 'workload'] }[mode],
      );
      expect(results[mode].findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
    expect(TUTORIAL.dataplane).toBeUndefined();
    expect(TUTORIAL.ingress.api).toBeUndefined();
  });

  test.each(MODES)('%s: /quoteOrder and /quoteItem go to nodejs-tracing with their rewrites', (mode) => {
    expect(ingressRoutes(results[mode], '30-ingress.yaml')).toEqual(['/quoteOrder → /node-jee: nodejs-tracing:3000', '/quoteItem → /node-springboot: nodejs-tracing:3000']);
  });

  test.each(MODES)('%s: the canary splits both routes 90/10 between the Services nodejs-tracing and nodejs-tracing-v2', (mode) => {
    expect(ingressRoutes(results[mode], 'canary/nodejs-tracing-v2.yaml')).toEqual([
      '/quoteOrder → /node-jee: nodejs-tracing:3000 90%, nodejs-tracing-v2:3000 10%',
      '/quoteItem → /node-springboot: nodejs-tracing:3000 90%, nodejs-tracing-v2:3000 10%',
    ]);
  });

  test('the routes are an Istio VirtualService on the shared ingress gateway, or a Gateway API HTTPRoute on a Gateway of class istio', () => {
    expect(objectIn(results.kubernetes, '30-ingress.yaml', 'VirtualService', 'tutorial-service').spec.gateways).toEqual(['tutorial-gateway']);
    for (const mode of ['gateway-api', 'ambient'] as const) {
      expect(objectIn(results[mode], '30-ingress.yaml', 'HTTPRoute', 'nodejs-tracing').spec.parentRefs).toEqual([{ name: 'tutorial-gateway' }]);
      expect(objectIn(results[mode], '30-ingress.yaml', 'Gateway', 'tutorial-gateway').spec.gatewayClassName).toEqual('istio');
    }
  });

  test.each(MODES)('%s: the fault scenario springboot-delay is the same mesh VirtualService, applied where the mode applies it', (mode) => {
    const vs = objectIn(results[mode], 'faults/springboot-delay.yaml', 'VirtualService', 'springboot-tracing');
    expect(vs.spec).toEqual({
      hosts: ['springboot-tracing'],
      http: [{
        fault: { delay: { fixedDelay: '1s', percentage: { value: 50 } } },
        route: [{ destination: { host: 'springboot-tracing', port: { number: 8080 } } }],
      }],
    });
    // in ambient mode, by the waypoint the namespace binds its Services to: ztunnel applies no VirtualService
    const labels = objectIn(results[mode], '00-namespace.yaml', 'Namespace', 'cloudlab').metadata.labels;
    expect(labels['istio.io/use-waypoint']).toEqual(mode === 'ambient' ? 'waypoint' : undefined);
  });

  test('with sidecars the allow-lists select the apps; in ambient mode they are attached to the Services, for the waypoint', () => {
    const spec = (mode: (typeof MODES)[number], name: string) => objectIn(results[mode], '15-security.yaml', 'AuthorizationPolicy', name).spec;
    const nodejs = (principal: string) => [{
      from: [{ source: { principals: [principal] } }],
      to: [{ operation: { methods: ['GET'], paths: ['/node-jee', '/node-springboot'] } }],
    }];
    expect(spec('kubernetes', 'nodejs-tracing')).toEqual({
      selector: { matchLabels: { app: 'nodejs-tracing' } },
      action: 'ALLOW',
      rules: nodejs('cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'),
    });
    expect(spec('gateway-api', 'nodejs-tracing')).toEqual({
      selector: { matchLabels: { app: 'nodejs-tracing' } },
      action: 'ALLOW',
      rules: nodejs('cluster.local/ns/cloudlab/sa/tutorial-gateway-istio'),
    });
    expect(spec('ambient', 'nodejs-tracing')).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'nodejs-tracing' }],
      action: 'ALLOW',
      rules: nodejs('cluster.local/ns/cloudlab/sa/tutorial-gateway-istio'),
    });
    expect(spec('ambient', 'springboot-tracing')).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'springboot-tracing' }],
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/cloudlab/sa/nodejs-tracing-sa'] } }], to: [{ operation: { methods: ['GET'], paths: ['/resource'] } }] }],
    });
  });

  test('deny by default, as each mode needs it', () => {
    const names = (mode: (typeof MODES)[number]) =>
      results[mode].manifests.find((m) => m.file === '15-security.yaml')!.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    const allowLists = ['AuthorizationPolicy/nodejs-tracing', 'AuthorizationPolicy/springboot-tracing', 'AuthorizationPolicy/jee-tracing'];
    expect(names('kubernetes')).toEqual(['PeerAuthentication/default', 'AuthorizationPolicy/allow-nothing', ...allowLists]);
    expect(names('gateway-api')).toEqual(['PeerAuthentication/default', 'AuthorizationPolicy/allow-nothing', 'AuthorizationPolicy/allow-ingress-gateway', ...allowLists]);
    expect(names('ambient')).toEqual([
      'PeerAuthentication/default',
      'AuthorizationPolicy/allow-nothing',
      'AuthorizationPolicy/allow-ingress-gateway',
      'AuthorizationPolicy/allow-from-waypoint',
      'AuthorizationPolicy/allow-nothing-at-waypoint',
      ...allowLists,
    ]);
    expect(objectIn(results.ambient, '15-security.yaml', 'AuthorizationPolicy', 'allow-from-waypoint').spec).toEqual({
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/cloudlab/sa/waypoint'] } }] }],
    });
    expect(objectIn(results.ambient, '15-security.yaml', 'AuthorizationPolicy', 'allow-nothing-at-waypoint').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }],
    });
    // the v2 Service of the canary has an allow-list of its own at the waypoint
    expect(objectIn(results.ambient, 'canary/nodejs-tracing-v2.yaml', 'AuthorizationPolicy', 'nodejs-tracing-v2').spec.targetRefs).toEqual([
      { group: '', kind: 'Service', name: 'nodejs-tracing-v2' },
    ]);
  });

  test.each(MODES)('%s: the main apply passes every check with the canary, and with each fault scenario', (mode) => {
    const result = results[mode];
    const optIn = result.manifests.filter((m) => m.file.startsWith('canary/') || m.file.startsWith('faults/')).map((m) => m.file);
    for (const extra of optIn) {
      const objects = result.manifests
        .filter((m) => !m.file.includes('/') || m.file === extra)
        .flatMap((m) => m.objects.map((object) => ({ object, file: m.file })));
      expect({ extra, errors: validateObjects(objects).filter((f) => f.severity !== 'info') }).toEqual({ extra, errors: [] });
    }
  });

  test('the mesh labels of each mode', () => {
    const contract = Object.fromEntries(MODES.map((mode) => {
      const result = results[mode];
      const ns = objectIn(result, '00-namespace.yaml', 'Namespace', 'cloudlab').metadata.labels;
      const pod = objectIn(result, '20-app-nodejs-tracing.yaml', 'Deployment', 'nodejs-tracing').spec.template.metadata;
      const mesh = (map: Record<string, string> = {}) => Object.entries(map).filter(([k]) => k.includes('istio')).map(([k, v]) => `${k}=${v}`).sort();
      return [mode, { namespace: mesh(ns), podLabels: mesh(pod.labels), podAnnotations: mesh(pod.annotations) }];
    }));
    expect(contract).toMatchSnapshot();
  });
});

describe('what a mode cannot express is refused at synth', () => {
  test('fails when ambient mode is asked for with the Istio ingress', () => {
    expect(() => buildApp(TUTORIAL_PROJECT, { name: 'x', description: '', outdir: 'x', overrides: { dataplane: 'ambient' } })).toThrow(
      /ingress\.api: must be 'gateway-api' in ambient mode: Istio configures ambient mode through the Gateway API, and the ambient install profile runs no ingress gateway/,
    );
  });

  test('fails when a Gateway API ingress route targets a subset, saying what to use instead', () => {
    const topology = applyOverrides(TUTORIAL, { ingress: 'gateway-api' }, 'test');
    const withSubset = {
      ...topology,
      apps: topology.apps.map((a) => (a.name === 'nodejs-tracing' ? { ...a, subsets: ['v1'] } : a)),
      ingress: { ...topology.ingress, routes: topology.ingress.routes.map((r) => ({ ...r, subset: 'v1' })) },
    };
    expect(() => buildTopologyApp(withSubset)).toThrow(
      /ingress\.routes\[0\]\.subset: cannot be routed to with the Gateway API, whose HTTPRoutes have no subsets: give the version a Service of its own/,
    );
  });

  test('fails when an L7 policy in ambient mode has no waypoint to enforce it: ztunnel would refuse what it allows', () => {
    const cdk = buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient'));
    const topology = cdk.node.findAll().find(MeshTopology.isMeshTopology)!;
    // a deliberate mistake: an allow-list that selects the pods, as with sidecars
    new AuthorizationPolicy(topology.security!, 'Sidecar-style', {
      metadata: { name: 'jee-tracing-by-selector' },
      spec: { selector: { matchLabels: { app: 'jee-tracing' } }, rules: [{ to: [{ operation: { methods: ['GET'], paths: ['/starter/service'] } }] }] },
    });
    expect(() => synthesize(cdk)).toThrow(SynthError);
    expect(() => synthesize(cdk)).toThrow(
      /Error \[TT0030\] \(AuthorizationPolicy cloudlab\/jee-tracing-by-selector 15-security.yaml\) spec.rules\[0\]: ztunnel enforces this policy .* attach it to a waypoint with targetRefs/,
    );
  });

  test('fails when a namespace in ambient mode has no waypoint, for the fault scenarios and allow-lists', () => {
    const cdk = buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, 'ambient'));
    const namespace = cdk.node.findAll().find(MeshTopology.isMeshTopology)!.namespace;
    // a deliberate mistake: the namespace's Services opt out of the waypoint
    ApiObject.of(namespace.node.defaultChild!).metadata.addLabel('istio.io/use-waypoint', 'none');
    const errors = (() => {
      try {
        synthesize(cdk);
        return [];
      } catch (err) {
        return (err as SynthError).problems;
      }
    })();
    expect(errors.filter((e) => e.includes('TT0030')).map((e) => e.slice(0, e.indexOf(')') + 1))).toEqual(
      expect.arrayContaining([
        'Error [TT0030] (AuthorizationPolicy cloudlab/nodejs-tracing 15-security.yaml)',
        'Error [TT0030] (VirtualService cloudlab/springboot-tracing faults/springboot-delay.yaml)',
      ]),
    );
  });
});

describe('the translation report', () => {
  test('every output directory has TRANSLATION.md, which marks its own mode', () => {
    for (const [mode, title] of [['kubernetes', 'Istio ingress, sidecars'], ['gateway-api', 'Gateway API ingress, sidecars'], ['ambient', 'ambient mode']] as const) {
      const report = results[mode].files.find((f) => f.path === 'TRANSLATION.md')!.content;
      expect(report).toContain(`| ${title} (this output) |`);
    }
  });

  test('lists every feature with how each mode writes it: routes, canary, faults, allow-lists', () => {
    const report = results.ambient.files.find((f) => f.path === 'TRANSLATION.md')!.content;
    const features = report.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| feature')).map((l) => l.split(' | ')[0].slice(2));
    expect(features).toEqual([
      'mesh membership',
      'probes under STRICT mTLS',
      'ingress gateway',
      'route `/quoteOrder` → nodejs-tracing `/node-jee`',
      'route `/quoteItem` → nodejs-tracing `/node-springboot`',
      'canary nodejs-tracing v2 (10 %)',
      'fault springboot-delay: delay 1s on 50% of springboot-tracing',
      'fault jee-abort-70: abort 502 on 70% of jee-tracing',
      'fault jee-abort-80: abort 502 on 80% of jee-tracing',
      'mTLS',
      'deny by default',
      'allow-list of nodejs-tracing (from the ingress gateway)',
      'allow-list of springboot-tracing (from nodejs-tracing)',
      'allow-list of jee-tracing (from nodejs-tracing)',
      'tracing by the proxies',
      'Istio install',
      'traffic generator',
    ]);
    expect(report).toMatch(/\| fault springboot-delay[^\n]*\| \*\*waypoint\*\*: the same VirtualService, applied by the waypoint/);
    expect(report).toMatch(/\| route `\/quoteOrder`[^\n]*\*\*approximated\*\*: HTTPRoute nodejs-tracing: `PathPrefix` match/);
    expect(report).toMatch(/\| probes under STRICT mTLS[^\n]*\*\*lost\*\* \(not needed\)/);
  });

  test('npm run synth -- --env <name> --explain prints it, and writes nothing', async () => {
    const outcome = await runCli(synthCommand(TUTORIAL_PROJECT), ['--env', 'ambient', '--explain']);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toEqual(results.ambient.files.find((f) => f.path === 'TRANSLATION.md')!.content);
    expect((await runCli(synthCommand(TUTORIAL_PROJECT), ['--explain', '--outdir', 'x'])).stderr).toMatch(/--explain writes nothing: leave out --outdir/);
  });
});
