// The checks of the reachability matrix: TT0040 (a declared call the policies refuse) and TT0041 (least privilege:
// allowed, but needed by no route and no declared call), in synth and in lint; and `lint --reachability`.
import { App, ApiObject, JsonPatch } from 'cdk8s';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DECLARED_CALLS_ANNOTATION, formatDeclaredCalls, MeshTopology, parseDeclaredCalls } from '../constructs';
import { lintCommand } from '../src/cli/lint';
import { buildApp, environmentNamed, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { SynthError } from '../src/synth/synth-error';
import { synthesize } from '../src/synth/synthesize';
import { check, obj, service, withCode } from './support/objects';
import { runCli } from './support/cli';
import { objectIn, synthTopology } from './support/synth';

const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const NODEJS = 'cluster.local/ns/cloudlab/sa/nodejs-tracing-sa';
const JEE = 'cluster.local/ns/cloudlab/sa/jee-tracing-sa';

/** The tutorial's App, with `edit` applied to the AuthorizationPolicy named `name`. */
function tutorialWith(name: string, edit: (policy: ApiObject) => void): App {
  const app = new App();
  new MeshTopology(app, 'tutorial', TUTORIAL);
  const policy = app.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'AuthorizationPolicy' && c.name === name);
  edit(policy!);
  return app;
}

describe('the declared calls', () => {
  test('the deny-by-default policy declares the routes and calls the allow-lists are made from', () => {
    const annotations = objectIn(synthTopology(), '15-security.yaml', 'AuthorizationPolicy', 'allow-nothing').metadata.annotations;
    expect(annotations[DECLARED_CALLS_ANNOTATION].split('\n')).toEqual([
      `${GATEWAY} -> nodejs-tracing GET /node-jee /node-springboot`,
      `${NODEJS} -> springboot-tracing GET /resource`,
      `${NODEJS} -> jee-tracing GET /starter/service`,
    ]);
  });

  test('read back as they were written; a line that is no call is an error of its own', () => {
    const calls = [{ principal: NODEJS, service: 'jee-tracing', methods: ['GET', 'POST'], paths: ['/a', '/b*'] }];
    expect(parseDeclaredCalls(formatDeclaredCalls(calls))).toEqual({ calls, errors: [] });
    expect(parseDeclaredCalls('\nnodejs calls jee\n').errors).toEqual([
      { line: 2, reason: "expected '<principal> -> <service> <METHOD>[,<METHOD>...] <path>...', got 'nodejs calls jee'" },
    ]);
  });

  test.each(TUTORIAL_PROJECT.environments.map((e) => e.name))('environment %s: every declared call passes, and nothing else does', (name) => {
    const result = synthesize(buildApp(TUTORIAL_PROJECT, environmentNamed(TUTORIAL_PROJECT, name)));
    expect(result.findings.filter((f) => f.code === 'TT0040' || f.code === 'TT0041')).toEqual([]);
  });
});

describe('TT0040 DeclaredCallRefused', () => {
  test('fails synth when a principal edit cuts the ingress off from nodejs-tracing', () => {
    const app = tutorialWith('nodejs-tracing', (p) =>
      p.addJsonPatch(JsonPatch.replace('/spec/rules/0/from/0/source/principals/0', 'cluster.local/ns/istio-system/sa/someone-else')),
    );
    expect(() => synthesize(app)).toThrow(SynthError);
    expect(() => synthesize(app)).toThrow(
      new RegExp(
        'Error \\[TT0040\\] \\(AuthorizationPolicy cloudlab/allow-nothing 15-security.yaml\\) metadata.annotations\\["tracing-tutorial/calls"\\]: ' +
          'GET /node-jee, GET /node-springboot from cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account to ' +
          'AppsodyApplication cloudlab/nodejs-tracing \\(Service nodejs-tracing\\) is refused: ' +
          'no rule of the ALLOW policies selecting it \\(allow-nothing, nodejs-tracing\\) matches it',
      ),
    );
    // the route is refused too, which TT0011 says on the route
    expect(() => synthesize(app)).toThrow(/\[TT0011\] \(VirtualService cloudlab\/tutorial-service/);
  });

  test('fails lint on the same edit of the synthesized YAML', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reachability-'));
    try {
      for (const f of synthTopology().files.filter((x) => !x.path.includes('/') && x.path.endsWith('.yaml'))) {
        writeFileSync(path.join(dir, f.path), f.content.replace(`- ${GATEWAY}`, '- cluster.local/ns/istio-system/sa/someone-else'));
      }
      const outcome = await runCli(lintCommand, ['-o', 'json', dir]);
      const records = JSON.parse(outcome.stdout) as { code: string; message: string }[];
      expect(outcome.exitCode).toBe(1);
      expect(records.filter((r) => r.code === 'TT0040').map((r) => r.message)).toEqual([
        expect.stringMatching(/GET \/node-jee, GET \/node-springboot from cluster.local\/ns\/istio-system\/sa\/istio-ingressgateway-service-account .* is refused/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const declared = (calls: string) =>
    obj('security.istio.io/v1', 'AuthorizationPolicy', 'allow-nothing', { spec: {}, metadata: { annotations: { [DECLARED_CALLS_ANNOTATION]: calls } } });
  const deployment = (name: string) =>
    obj('apps/v1', 'Deployment', name, {
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [{ name: 'c', image: 'i' }] } },
      },
    });
  const allowWeb = (paths: string[]) =>
    obj('security.istio.io/v1', 'AuthorizationPolicy', 'api', {
      spec: { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }], to: [{ operation: { methods: ['GET'], paths } }] }] },
    });
  const set = [service('api', [{ name: 'http', port: 8080 }]), deployment('api'), deployment('web')];

  test('fails when a declared call is refused, with the policy that refuses it; passes when it is allowed', () => {
    const call = 'cluster.local/ns/shop/sa/web -> api GET /items';
    expect(withCode(check(...set, declared(call), allowWeb(['/orders'])), 'TT0040')).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'AuthorizationPolicy',
        name: 'allow-nothing',
        field: 'metadata.annotations["tracing-tutorial/calls"]',
        message: 'GET /items from cluster.local/ns/shop/sa/web to Deployment shop/api (Service api) is refused: no rule of the ALLOW policies selecting it (allow-nothing, api) matches it',
      }),
    ]);
    expect(withCode(check(...set, declared(call), allowWeb(['/items'])), 'TT0040')).toEqual([]);
    expect(withCode(check(...set, declared(call), allowWeb(['/items*'])), 'TT0040')).toEqual([]);
    const deny = obj('security.istio.io/v1', 'AuthorizationPolicy', 'deny-web', { spec: { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] } });
    expect(withCode(check(...set, declared(call), allowWeb(['/items']), deny), 'TT0040')[0].message).toMatch(/is refused: DENY policy deny-web matches every request of the caller$/);
  });

  test('fails on a declaration that is no call, or that calls a Service the set does not have', () => {
    expect(withCode(check(...set, declared('web calls api')), 'TT0040')[0].message).toMatch(/^line 1 of the declared calls is no call/);
    expect(withCode(check(...set, declared('cluster.local/ns/shop/sa/web -> cart GET /')), 'TT0040')[0].message).toMatch(
      /the set has no Service cart.shop.svc.cluster.local with workloads/,
    );
  });
});

describe('TT0041 AllowedButNotNeeded', () => {
  test('warns in synth about an extra ALLOW rule, on the rule', () => {
    const app = tutorialWith('springboot-tracing', (p) =>
      p.addJsonPatch(JsonPatch.add('/spec/rules/-', { from: [{ source: { principals: [JEE] } }], to: [{ operation: { methods: ['GET'], paths: ['/resource', '/admin*'] } }] })),
    );
    const { findings } = synthesize(app);
    expect(withCode([...findings], 'TT0041')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'AuthorizationPolicy',
        name: 'springboot-tracing',
        field: 'spec.rules[1]',
        message:
          'least privilege: allows GET /resource; GET /admin* to springboot-tracing (port 8080) from jee-tracing (cloudlab/jee-tracing-sa), which no route or declared call needs',
      }),
    ]);
  });

  test('warns about an app that no ALLOW policy guards, on the workload', () => {
    const dryRun = (p: ApiObject) => p.metadata.addAnnotation('istio.io/dry-run', 'true');
    const app = tutorialWith('jee-tracing', dryRun);
    dryRun(app.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.name === 'allow-nothing')!);
    expect(withCode([...synthesize(app).findings], 'TT0041').map((f) => `${f.kind} ${f.name}: ${f.message}`)).toEqual([
      'AppsodyApplication jee-tracing: least privilege: no ALLOW policy applies to AppsodyApplication cloudlab/jee-tracing, so it allows ' +
        'any request to jee-tracing (port 9080) from ingress gateway (istio-system/istio-ingressgateway-service-account), ' +
        'jee-tracing (cloudlab/jee-tracing-sa), nodejs-tracing, nodejs-tracing-v2 (cloudlab/nodejs-tracing-sa), ' +
        'springboot-tracing (cloudlab/springboot-tracing-sa) and 1 more, which no route or declared call needs',
    ]);
  });

  test('stays silent on YAML that declares no calls: nothing says what is needed', () => {
    const web = service('web', [{ name: 'http', port: 8080 }]);
    const deployment = obj('apps/v1', 'Deployment', 'web', {
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    });
    const allowAll = obj('security.istio.io/v1', 'AuthorizationPolicy', 'web', { spec: { rules: [{}] } });
    expect(withCode(check(web, deployment, allowAll), 'TT0041')).toEqual([]);
  });
});

describe('npm run lint -- --reachability', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reachability-'));
    for (const f of synthTopology().files.filter((x) => !x.path.includes('/') && x.path.endsWith('.yaml'))) writeFileSync(path.join(dir, f.path), f.content);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the matrix of any YAML as a table, and exits 0', async () => {
    const outcome = await runCli(lintCommand, ['--reachability', dir]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout.split('\n')[2]).toBe(
      '| ingress gateway (istio-system/istio-ingressgateway-service-account) | — | GET `/node-jee`, `/node-springboot` (port 3000) | — |',
    );
  });

  test('prints every allowance with -o json', async () => {
    const outcome = await runCli(lintCommand, ['--reachability', '-o', 'json', dir]);
    expect(JSON.parse(outcome.stdout).allowances.map((a: { principal: string; app: string; allowed: string }) => `${a.principal} -> ${a.app}: ${a.allowed}`)).toEqual([
      `${NODEJS} -> jee-tracing: GET /starter/service`,
      `${GATEWAY} -> nodejs-tracing: GET /node-jee, /node-springboot`,
      `${NODEJS} -> springboot-tracing: GET /resource`,
    ]);
  });

  test('fails with exit 2 on unusable input', async () => {
    const outcome = await runCli(lintCommand, ['--reachability', path.join(dir, 'missing.yaml')]);
    expect(outcome.exitCode).toBe(2);
  });
});
