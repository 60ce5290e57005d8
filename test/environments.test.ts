import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { applyOverrides, buildApp, DEFAULT_ENVIRONMENT, ENVIRONMENTS, environmentNamed, Project, retag } from '../src/project';
import { synthCommand } from '../src/cli/synth';
import { runCli } from './support/cli';
import { inTemporaryDirectory } from './support/temporary-directory';
import { synthesize } from '../src/synth/synthesize';
import { validateObjects } from '../src/validate';
import { TUTORIAL, TUTORIAL_PROJECT } from '../src/project';

const PROJECT: Project = { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT };
const synthEnv = (name: string) => synthesize(buildApp(PROJECT, environmentNamed(PROJECT, name)));
// the app's own objects: not the Istio install's (istio/), which lives in Istio's namespaces
const objects = (r: ReturnType<typeof synthEnv>) =>
  r.manifests.filter((m) => !m.file.startsWith('istio/')).flatMap((m) => m.objects.map((o) => ({ file: m.file, o: o as any })));

describe('environments', () => {
  const staging = synthEnv('staging');

  test('the staging namespace reaches every namespaced object', () => {
    const namespaced = objects(staging).filter(({ o }) => o.kind !== 'Namespace');
    expect(new Set(namespaced.map(({ o }) => o.metadata.namespace))).toEqual(new Set(['tracing-staging']));
    expect(objects(staging).find(({ o }) => o.kind === 'Namespace')!.o.metadata.name).toEqual('tracing-staging');
  });

  test('image registry and tag reach every app, and replicas every Deployment', () => {
    const deployments = objects(staging)
      .filter(({ o }) => o.kind === 'Deployment' && o.metadata.labels?.app !== 'traffic-generator')
      .map(({ o }) => o);
    expect(deployments.map((d) => [d.metadata.name, d.spec.template.spec.containers[0].image, d.spec.replicas])).toEqual([
      ['jee-tracing', 'registry.example.com/tracing/jee-tracing:1.0.0', 2],
      ['nodejs-tracing', 'registry.example.com/tracing/nodejs-tracing:1.0.0', 2],
      ['springboot-tracing', 'registry.example.com/tracing/springboot-tracing:1.0.0', 2],
    ]);
  });

  test('with more than one replica, each app gets a PodDisruptionBudget of one pod at a time over its stable pods', () => {
    const budgets = objects(staging).filter(({ o }) => o.kind === 'PodDisruptionBudget').map(({ file, o }) => ({ file, o }));
    expect(budgets.map(({ file, o }) => [file, o.metadata.name, o.spec])).toEqual(['jee-tracing', 'nodejs-tracing', 'springboot-tracing'].map((app) => [
      `20-app-${app}.yaml`, app, { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/instance': app } } },
    ]));
    // the budget's pods are the Deployment's
    for (const { o } of budgets) {
      const deployment = objects(staging).find(({ o: d }) => d.kind === 'Deployment' && d.metadata.name === o.metadata.name)!.o;
      expect(deployment.spec.replicas).toBe(2);
      expect(deployment.spec.template.metadata.labels).toMatchObject(o.spec.selector.matchLabels);
    }
    // one pod has nothing to keep: no budget
    expect(objects(synthEnv('kubernetes')).some(({ o }) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('the sampling percentage reaches the ConfigMap and the Telemetry resource', () => {
    const cm = objects(staging).find(({ o }) => o.kind === 'ConfigMap' && o.metadata.name === 'jaeger-config')!.o;
    const telemetry = objects(staging).find(({ o }) => o.kind === 'Telemetry')!.o;
    expect([cm.data.JAEGER_SAMPLER_TYPE, cm.data.JAEGER_SAMPLER_PARAM, telemetry.spec.tracing[0].randomSamplingPercentage]).toEqual([
      'probabilistic',
      '0.1',
      10,
    ]);
  });

  test('only the scenarios the environment names are emitted', () => {
    expect(staging.files.map((f) => f.path).filter((p) => p.startsWith('faults/') || p.startsWith('canary/'))).toEqual([
      'faults/springboot-delay.yaml',
    ]);
  });

  test('per-app tags, per-app replicas and the collector are overridable', () => {
    const spec = applyOverrides(
      TUTORIAL,
      {
        images: { tag: '2.0', tags: { 'jee-tracing': '2.1' } },
        replicas: { 'nodejs-tracing': 3 },
        collector: { service: 'otel', namespace: 'obs' },
      },
      'test',
    );
    expect(spec.apps.map((a) => [a.name, a.image, a.replicas])).toEqual([
      ['nodejs-tracing', 'dev.local/nodejs-tracing:2.0', 3],
      ['springboot-tracing', 'dev.local/springboot-tracing:2.0', undefined],
      ['jee-tracing', 'dev.local/jee-tracing:2.1', undefined],
    ]);
    // the same app objects everywhere it is referenced
    expect(spec.ingress.routes[0].to).toBe(spec.apps[0]);
    expect(spec.canary!.app).toBe(spec.apps[0]);
    expect(spec.apps[0].calls![0].to).toBe(spec.apps[1]);
    const result = synthesize(buildApp({ ...PROJECT, topology: spec }, { name: 'x', description: '', outdir: 'x', overrides: {} }));
    const canary = result.manifests.find((m) => m.file.startsWith('canary/'))!.objects.find((o) => o.kind === 'Deployment') as any;
    expect(canary.spec.template.spec.containers[0].image).toEqual('dev.local/nodejs-tracing:2.0');
    expect((result.manifests.find((m) => m.file === '10-tracing.yaml')!.objects[0] as any).data.JAEGER_ENDPOINT).toEqual(
      'http://otel.obs.svc.cluster.local:14268/api/traces',
    );
  });

  test('fails when an override names an app or scenario the topology does not have', () => {
    expect(() => applyOverrides(TUTORIAL, { replicas: { nodejs: 2 } }, 'environment x')).toThrow(
      /environment x has 1 problem:\n {2}- replicas: must be a whole number of pods \(0 to 1000\), or one per app name, got \{"nodejs":2\}/,
    );
    expect(() => applyOverrides(TUTORIAL, { faultScenarios: ['jee-abort-90'] }, 'environment x')).toThrow(
      /faultScenarios\[0\]: must be one of 'springboot-delay', 'jee-abort-70', 'jee-abort-80', got 'jee-abort-90'/,
    );
  });

  test("staging takes its requests at the cluster's shared ingress gateway for a host of its own, and its traffic names it", () => {
    const byKind = (kind: string) => objects(staging).filter(({ o }) => o.kind === kind).map(({ o }) => o);
    expect(byKind('Gateway')[0].spec.servers.map((s: any) => s.hosts)).toEqual([['tracing-staging.example.com']]);
    expect(byKind('VirtualService').filter((v: any) => v.spec.gateways).map((v: any) => v.spec.hosts)).toEqual([['tracing-staging.example.com']]);
    const curl = byKind('Deployment').find((d: any) => d.metadata.name === 'traffic-generator').spec.template.spec.containers[0];
    expect(curl.env).toContainEqual({ name: 'GATEWAY_HOST', value: 'tracing-staging.example.com' });
    expect(curl.command[2]).toContain('curl -s -o /dev/null -w "%{http_code}" --max-time 10 -H "Host: $GATEWAY_HOST" "$GATEWAY_URL$path"');
    // the tutorial's environments take any host, and send none
    const tutorial = objects(synthEnv('kubernetes'));
    expect(tutorial.find(({ o }) => o.kind === 'Gateway')!.o.spec.servers[0].hosts).toEqual(['*']);
    expect(JSON.stringify(tutorial.find(({ o }) => o.metadata.name === 'traffic-generator')!.o)).not.toContain('Host');
    // a wildcard host is named by a name it covers; a host that is no DNS name is refused
    const wildcard = applyOverrides(TUTORIAL, { ingressHosts: ['*.shop.example.com'] }, 'test');
    const generator = synthesize(buildApp({ ...PROJECT, topology: wildcard }, { name: 'x', description: 'x', outdir: 'dist-x', overrides: {} }))
      .manifests.flatMap((m) => m.objects).find((o: any) => o.metadata.name === 'traffic-generator') as any;
    expect(generator.spec.template.spec.containers[0].env).toContainEqual({ name: 'GATEWAY_HOST', value: 'traffic-generator.shop.example.com' });
    expect(() => applyOverrides(TUTORIAL, { ingressHosts: ['Shop.example.com'] } as never, 'environment x')).toThrow(
      /ingressHosts\[0\]: must be '\*' or a lowercase DNS name, optionally starting with '\*\.', got 'Shop.example.com'/,
    );
    expect(() => applyOverrides(TUTORIAL, { ingressHosts: [] } as never, 'environment x')).toThrow(/ingressHosts/);
  });

  test('the environments that may share a cluster with the tutorial do not share its routes: no conflicting gateways', () => {
    const all = ['kubernetes', 'staging'].flatMap((env) =>
      synthEnv(env).manifests.filter((m) => !m.file.includes('/')).flatMap((m) => m.objects.map((object) => ({ object, file: `${env}/${m.file}` }))));
    expect(validateObjects(all).filter((f) => f.code === 'IST0145')).toEqual([]);
  });

  test('the ingress API and the data plane are overridable, and fail on a value that is neither', () => {
    const spec = applyOverrides(TUTORIAL, { ingress: 'gateway-api', dataplane: 'ambient' }, 'test');
    expect([spec.ingress.api, spec.dataplane, spec.ingress.routes.map((r) => r.prefix)]).toEqual(['gateway-api', 'ambient', ['/quoteOrder', '/quoteItem']]);
    expect(() => applyOverrides(TUTORIAL, { ingress: 'nginx' } as never, 'environment x')).toThrow(/ingress: must be one of 'istio', 'gateway-api', got 'nginx'/);
    expect(() => applyOverrides(TUTORIAL, { dataplane: 'none' } as never, 'environment x')).toThrow(/dataplane: must be one of 'sidecar', 'ambient', got 'none'/);
  });

  test.each([
    ['dev.local/web', 'registry.io/team', '1.0', 'registry.io/team/web:1.0'],
    ['dev.local/web:old', undefined, '2', 'dev.local/web:2'],
    ['localhost:5000/web', undefined, '3', 'localhost:5000/web:3'],
    ['localhost:5000/web:1', 'r.io', undefined, 'r.io/web:1'],
    ['web', undefined, undefined, 'web'],
  ])('retag(%s, %s, %s) is %s', (image, registry, tag, expected) => {
    expect(retag(image, registry, tag)).toEqual(expected);
  });

  test('every environment synthesizes and validates, each into its own directory', () => {
    expect(new Set(ENVIRONMENTS.map((e) => e.outdir)).size).toEqual(ENVIRONMENTS.length);
    for (const e of ENVIRONMENTS) expect(synthEnv(e.name).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('npm run synth arguments', () => {
  inTemporaryDirectory('synth-cli-', () => {
    mkdirSync('dist');
    writeFileSync('dist/keep.yaml', 'kind: Keep\n');
  });

  test('an unknown environment is a clear error, and no output is touched', async () => {
    const outcome = await runCli(synthCommand(PROJECT), ['--env', 'production']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/^synth: unknown environment 'production'; environments: tutorial, kubernetes, staging/);
    expect(readdirSync('.')).toEqual(['dist']);
    expect(readdirSync('dist')).toEqual(['keep.yaml']);
  });

  test('an unknown option is a clear error, and no output is touched', async () => {
    const outcome = await runCli(synthCommand(PROJECT), ['--environment', 'staging']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/^synth: unknown option '--environment'/);
    expect(readdirSync('.')).toEqual(['dist']);
  });

  test('--help lists the environments and options', async () => {
    const text = (await runCli(synthCommand(PROJECT), ['--help'])).stdout;
    for (const e of ENVIRONMENTS) expect(text).toContain(`${e.name} `);
    expect(text).toMatch(/--env <name>[\s\S]*--all[\s\S]*--outdir/);
  });

  test('fails when the output directory holds files synth did not write, and touches nothing', async () => {
    const outcome = await runCli(synthCommand(PROJECT), ['--outdir', 'dist']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toEqual(
      `synth: refusing to write to ${path.join(process.cwd(), 'dist')}: it is a source folder of the project; ` +
        'choose a new or empty directory, or an output directory synth wrote before\n',
    );
    expect(readdirSync('.')).toEqual(['dist']);
    expect(readdirSync('dist')).toEqual(['keep.yaml']);
  });

  test('--env writes the environment to its own directory and leaves the default one alone', async () => {
    expect((await runCli(synthCommand(PROJECT), ['--env', 'staging'])).exitCode).toBe(0);
    expect(existsSync('dist-staging/00-namespace.yaml')).toBe(true);
    expect(readdirSync('dist')).toEqual(['keep.yaml']);
  });

  test("--outdir naming another environment's directory writes it, with a warning saying what check will report", async () => {
    const outcome = await runCli(synthCommand(PROJECT), ['--env', 'staging', '--outdir', './dist-kubernetes/']);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stderr.split('\n').filter((l) => l.startsWith('synth:'))).toEqual([
      "synth: warning: dist-kubernetes/ is the committed directory of environment kubernetes, which this replaces with environment staging's; " +
        'npm run check reports it until `npm run synth -- --env kubernetes` writes it back',
    ]);
    expect(existsSync('dist-kubernetes/00-namespace.yaml')).toBe(true);
    // its own directory, spelled another way, is no other environment's
    const own = await runCli(synthCommand(PROJECT), ['--env', 'staging', '--outdir', 'dist-staging/']);
    expect(own.stderr.split('\n').filter((l) => l.startsWith('synth:'))).toEqual([]);
    const gitops = await runCli(synthCommand(TUTORIAL_PROJECT), ['--outdir', 'gitops']);
    expect(gitops.stderr.split('\n').filter((l) => l.startsWith('synth:'))).toEqual([
      "synth: warning: gitops/ is the committed directory of the GitOps output, which this replaces with environment tutorial's; " +
        'npm run check reports it until `npm run synth -- --gitops` writes it back',
    ]);
  });
});
