// The topology is checked before any construct is built: each problem names its path, the value and what is allowed.
import { Duration } from 'cdk8s';
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { Fault, MeshTopologyProps } from '../constructs';
import { synthCommand } from '../src/cli/synth';
import { applyOverrides, buildTopologyApp, generateTopology, Project, TUTORIAL, TUTORIAL_PROJECT } from '../src/project';
import { formatShapeProblem, topologyProblems } from '../src/validate/topology';
import { closest } from '../src/validate/topology/shape';
import { runCli } from './support/cli';
import { inTemporaryDirectory } from './support/temporary-directory';

/** The problems of the tutorial with `change` applied, as printed. */
const problemsOf = (change: (t: any) => void): string[] => {
  const topology = structuredClone({ ...TUTORIAL, faultScenarios: [] }) as any;
  change(topology);
  return topologyProblems(topology).map(formatShapeProblem);
};

describe('topology validation', () => {
  test('the tutorial and a generated topology have no problems', () => {
    expect(topologyProblems(TUTORIAL)).toEqual([]);
    expect(topologyProblems(generateTopology(12))).toEqual([]);
    expect(topologyProblems({ ...TUTORIAL, podSecurity: 'privileged' })).toEqual([]);
  });

  test('fails when a key is misspelt, naming the key it was probably meant to be', () => {
    expect(problemsOf((t) => (t.apps[2].replcas = 2))).toEqual(['apps[2].replcas: unknown key; did you mean replicas?']);
    expect(problemsOf((t) => (t.ingress.hostz = ['*']))).toEqual(['ingress.hostz: unknown key; did you mean hosts?']);
    expect(problemsOf((t) => (t.colour = 'blue'))[0]).toMatch(/^colour: unknown key; known keys: name, namespace, workload, /);
  });

  test.each([
    ['a negative replica count', (t: any) => (t.apps[0].replicas = -1), 'apps[0].replicas: must be a whole number between 0 and 1000, got -1'],
    ['a fractional replica count', (t: any) => (t.apps[0].replicas = 1.5), 'apps[0].replicas: must be a whole number between 0 and 1000, got 1.5'],
    ['a replica count given as text', (t: any) => (t.apps[0].replicas = '2'), "apps[0].replicas: must be a whole number between 0 and 1000, got '2'"],
    ['port 0', (t: any) => (t.apps[1].port = 0), 'apps[1].port: must be a whole number between 1 and 65535, got 0'],
    ['port 70000', (t: any) => (t.apps[1].port = 70000), 'apps[1].port: must be a whole number between 1 and 65535, got 70000'],
    ['an app name with capitals', (t: any) => (t.apps[0].name = 'NodeJS'), "apps[0].name: must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'NodeJS'"],
    ['a sampling percentage over 100', (t: any) => (t.tracing.samplingPercentage = 150), 'tracing.samplingPercentage: must be a number between 0 and 100, got 150'],
    ['a path without a slash', (t: any) => (t.apps[0].livenessPath = 'live'), "apps[0].livenessPath: must be a path starting with '/' and without spaces, got 'live'"],
    ['an unknown Pod Security level', (t: any) => (t.podSecurity = 'strict'), "podSecurity: must be one of 'privileged', 'baseline', 'restricted', got 'strict'"],
    ['an unknown workload kind', (t: any) => (t.workload = 'helm'), "workload: must be one of 'appsody', 'kubernetes', 'runtime-component', got 'helm'"],
    ['an image with spaces', (t: any) => (t.apps[0].image = 'dev.local/node js'), "apps[0].image: must be an image reference such as registry.example.com/team/app:1.0 (lowercase repository, no spaces), got 'dev.local/node js'"],
    ['an empty ingress host', (t: any) => (t.ingress.hosts = ['']), "ingress.hosts[0]: must be '*' or a lowercase DNS name, optionally starting with '*.', got ''"],
    ['an empty ingress host list', (t: any) => (t.ingress.hosts = []), 'ingress.hosts: must have at least 1 item, got []'],
    ['no apps', (t: any) => (t.apps = []), 'apps: must have at least 1 item, got []'],
    ['a missing required field', (t: any) => delete t.apps[0].port, 'apps[0].port: is required'],
    ['a wrong type for a list', (t: any) => (t.apps = 'nodejs'), "apps: must be a list, got 'nodejs'"],
  ])('fails on %s', (_what, change, message) => {
    expect(problemsOf(change)).toContain(message);
  });

  test('fails when a fault is not a Fault (a duration given as text does not reach Fault.delay)', () => {
    const problems = problemsOf((t) => (t.faultScenarios = [{ name: 'x', target: t.apps[1], fault: { delay: '1 second' } }]));
    expect(problems).toEqual(['faultScenarios[0].fault: must be a Fault, e.g. Fault.abort(502).percent(70) or Fault.delay(Duration.seconds(1)), got {"delay":"1 second"}']);
  });

  test('Fault.delay with a string instead of a Duration fails with a message, not a TypeError', () => {
    expect(() => Fault.delay('1 second' as unknown as Duration)).toThrow(
      "fault delay must be a Duration (e.g. Duration.seconds(1) or Duration.millis(500)), got '1 second'");
  });

  test('fails on every broken reference, with its path', () => {
    const problems = problemsOf((t) => {
      t.ingress.routes[0].to = { ...t.apps[0], name: 'nodejs' };
      t.ingress.routes[1].subset = 'v2';
      t.faultScenarios = [{ name: 'a', target: t.apps[1], fault: Fault.abort(502) }, { name: 'a', target: t.apps[2], fault: Fault.abort(503) }];
      t.trafficGenerator.paths = ['/quoteItem', '/nowhere'];
    });
    expect(problems).toEqual([
      "ingress.routes[0].to.name: must name one of the topology's apps (nodejs-tracing, springboot-tracing, jee-tracing), got 'nodejs'",
      "ingress.routes[1].subset: must be one of the subsets app nodejs-tracing names (none: add subsets to the app), got 'v2'",
      "faultScenarios[1].name: must be unique among the fault scenarios, got 'a'",
      "trafficGenerator.paths[1]: must be one of the ingress route prefixes (/quoteOrder, /quoteItem), got '/nowhere'",
    ]);
  });

  test('knows the data plane and the ingress API, and fails on a value that is neither', () => {
    expect(problemsOf((t) => ((t.dataplane = 'ambient'), (t.ingress.api = 'gateway-api')))).toEqual([]);
    expect(problemsOf((t) => (t.dataplane = 'sidecarless'))).toEqual(["dataplane: must be one of 'sidecar', 'ambient', got 'sidecarless'"]);
    expect(problemsOf((t) => (t.ingress.api = 'nginx'))).toEqual(["ingress.api: must be one of 'istio', 'gateway-api', got 'nginx'"]);
  });

  test('fails on what a mode cannot express: ambient with the Istio ingress, a selector or a subset with the Gateway API', () => {
    expect(problemsOf((t) => (t.dataplane = 'ambient'))).toEqual([
      "ingress.api: must be 'gateway-api' in ambient mode: Istio configures ambient mode through the Gateway API, and the ambient install profile runs no " +
        "ingress gateway for an Istio Gateway to select, got 'istio'",
    ]);
    const problems = problemsOf((t) => {
      t.ingress.api = 'gateway-api';
      t.ingress.selector = { istio: 'ingressgateway' };
      t.apps[0].subsets = ['v1'];
      t.ingress.routes[0].subset = 'v1';
    });
    expect(problems).toEqual([
      expect.stringMatching(/^ingress\.selector: selects the pods of Istio's ingress gateway, which a Gateway API Gateway does not use/),
      expect.stringMatching(/^ingress\.routes\[0\]\.subset: cannot be routed to with the Gateway API, whose HTTPRoutes have no subsets/),
    ]);
  });

  test('did-you-mean only proposes a close key', () => {
    expect(closest('replcas', ['replicas', 'port'])).toEqual('replicas');
    expect(closest('colour', ['name', 'namespace'])).toBeUndefined();
  });

  test('buildTopologyApp throws before building anything', () => {
    expect(() => buildTopologyApp({ ...TUTORIAL, namespace: 'Cloud Lab' } as MeshTopologyProps)).toThrow(
      /^topology tracing-tutorial has 1 problem:\n {2}- namespace: must be a DNS-1123 label .*got 'Cloud Lab'$/);
  });
});

describe('environment overrides', () => {
  test.each([
    [{ replicas: -2 }, 'replicas: must be a whole number of pods (0 to 1000), or one per app name, got -2'],
    [{ replicas: { 'jee-tracing': 1.5 } }, 'replicas: must be a whole number of pods (0 to 1000), or one per app name, got {"jee-tracing":1.5}'],
    [{ images: { tags: { nodejs: '1' } } }, "images.tags.nodejs (key): must be one of 'nodejs-tracing', 'springboot-tracing', 'jee-tracing', got 'nodejs'"],
    [{ images: { tag: 'has space' } }, "images.tag: must be an image tag (letters, digits, '_', '.' and '-', at most 128), got 'has space'"],
    [{ samplingPrecentage: 5 }, 'samplingPrecentage: unknown key; did you mean samplingPercentage?'],
  ])('fails on %j', (overrides, message) => {
    expect(() => applyOverrides(TUTORIAL, overrides as any, 'environment x')).toThrow(`environment x has 1 problem:\n  - ${message}`);
  });
});

describe('npm run synth on a broken topology', () => {
  inTemporaryDirectory('topology-', () => {
    mkdirSync('dist');
    writeFileSync('dist/keep.yaml', 'kind: Keep\n');
  });

  test('exits 2 with every problem and its path, no stack trace, and the output as it was', async () => {
    const broken: Project = {
      ...TUTORIAL_PROJECT,
      topology: { ...TUTORIAL, apps: [{ ...TUTORIAL.apps[0], replcas: 2 } as any, { ...TUTORIAL.apps[1], port: 70000 }, TUTORIAL.apps[2]] },
    };
    const outcome = await runCli(synthCommand(broken), []);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toEqual([
      'synth: topology tracing-tutorial cannot be synthesized, dist/ left as it was:',
      '  - apps[0].replcas: unknown key; did you mean replicas?',
      '  - apps[1].port: must be a whole number between 1 and 65535, got 70000',
      '',
    ].join('\n'));
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync('dist')).toEqual(['keep.yaml']);
    expect(readFileSync('dist/keep.yaml', 'utf8')).toEqual('kind: Keep\n');
  });
});
