// npm run lint's --namespace (kubectl's -n), --suppress and --color (istioctl analyze's).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintCommand } from '../src/cli/lint';
import { parseSuppression, unsuppressed } from '../src/lint/suppressions';
import type { Finding } from '../src/validate';
import { runCli } from './support/cli';

const lint = (argv: string[]) => runCli(lintCommand, argv);

// a route to a host that no Service has (IST0101), in the namespace the object names, if any
const virtualService = (namespace?: string) =>
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\n' +
  `metadata: {name: vs${namespace ? `, namespace: ${namespace}` : ''}}\n` +
  'spec:\n  hosts: [web]\n  http:\n    - route: [{destination: {host: missing}}]\n';

describe('lint --namespace', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lint-options-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const findings = async (argv: string[]) => {
    const outcome = await lint(['--output', 'json', ...argv]);
    // nothing on stderr, unless that no finding is left
    expect(outcome.stderr).toMatch(/^(|\u2714 No validation issues found .*\n)$/);
    return JSON.parse(outcome.stdout) as Finding[];
  };

  test('an object that names no namespace is in default, as with kubectl', async () => {
    const [route] = await findings([write('vs.yaml', virtualService())]);
    expect(route).toMatchObject({ code: 'IST0101', namespace: 'default', message: expect.stringContaining('missing.default.svc.cluster.local') });
  });

  test('-n puts objects that name no namespace in it; the ones that name it are fine', async () => {
    const file = write('vs.yaml', `${virtualService()}---\n${virtualService('shop').replace('name: vs', 'name: vs2')}`);
    const routes = (await findings(['-n', 'shop', file])).filter((f) => f.code === 'IST0101');
    expect(routes.map((f) => [f.name, f.namespace])).toEqual([
      ['vs', 'shop'],
      ['vs2', 'shop'],
    ]);
  });

  test('fails with exit 2 on an object in another namespace than -n, at its metadata.namespace line, as kubectl refuses it', async () => {
    const file = write('vs.yaml', `${virtualService()}---\n${virtualService('other')}`);
    expect(await lint(['--namespace', 'shop', file])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        `lint: ${file}:11: VirtualService vs is in namespace "other", not the namespace "shop" given with --namespace ` +
        '(kubectl refuses it: pass --namespace=other, or leave metadata.namespace out)\n',
    });
  });

  test('a cluster-scoped object is in no namespace, whatever it names and whatever -n says', async () => {
    const file = write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: elsewhere}\n');
    const [injection] = await findings(['-n', 'shop', file]);
    expect(injection).toMatchObject({ code: 'IST0102', kind: 'Namespace', name: 'shop' });
    expect(injection.namespace).toBeUndefined();
  });

  test("Kubernetes 1.33's newer cluster-scoped kinds are in no namespace either", async () => {
    const file = write('cidr.yaml', 'apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: extra, namespace: elsewhere}\nspec: {cidrs: [10.96.0.1/16]}\n');
    const [problem] = await findings(['-n', 'shop', file]);
    expect(problem).toMatchObject({ code: 'TT0019', kind: 'ServiceCIDR', name: 'extra' });
    expect(problem.namespace).toBeUndefined();
  });

  test('a cluster-scoped kind under an apiVersion the version does not serve (removed, or later) is in no namespace', async () => {
    const file = write('role.yaml', 'apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []\n');
    const [removed] = await findings(['-n', 'shop', file]);
    expect(removed).toMatchObject({ code: 'TT0027', kind: 'ClusterRole', name: 'reader' });
    expect(removed.namespace).toBeUndefined();
    const [sink] = await findings([write('sink.yaml', 'apiVersion: auditregistration.k8s.io/v1alpha1\nkind: AuditSink\nmetadata: {name: mysink, namespace: foo}\nspec: {}\n')]);
    expect(sink).toMatchObject({ code: 'TT0027', kind: 'AuditSink' });
    expect(sink.namespace).toBeUndefined();
    const [psp] = await findings([write('psp.yaml', 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\nspec: {}\n')]);
    expect(psp).toMatchObject({ code: 'TT0027', kind: 'PodSecurityPolicy' });
    expect(psp.namespace).toBeUndefined();
    const [notServed] = await findings([write('deploy.yaml', 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: web}\nspec: {}\n')]);
    expect(notServed).toMatchObject({ code: 'TT0027', kind: 'Deployment', namespace: 'default' });
  });

  test("a kind of a set's cluster-scoped CRD is in no namespace, also in a version the CRD does not serve", async () => {
    const crd =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: gizmos.example.com}\nspec:\n  group: example.com\n' +
      '  names: {kind: Gizmo, plural: gizmos, singular: gizmo, listKind: GizmoList}\n  scope: Cluster\n  versions:\n' +
      '  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}\n---\n';
    const [old] = await findings(['-n', 'shop', write('gizmo.yaml', `${crd}apiVersion: example.com/v1alpha1\nkind: Gizmo\nmetadata: {name: old}\n`)]);
    expect(old).toMatchObject({ code: 'TT0027', kind: 'Gizmo', name: 'old' });
    expect(old.namespace).toBeUndefined();
  });

  test('an unknown kind is taken for namespaced', async () => {
    const [unknown] = await findings(['-n', 'shop', write('w.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n')]);
    expect(unknown).toMatchObject({ code: 'TT0004', namespace: 'shop' });
  });

  test('fails with exit 2 when the namespace is no DNS-1123 label', async () => {
    expect(await lint(['-n', 'Shop', write('vs.yaml', virtualService())])).toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/^lint: --namespace must be a DNS-1123 label .*, got 'Shop'\n/),
    });
  });

  test('--suppress drops a code on a resource named as istioctl prints it, or as its help text writes it', async () => {
    const file = write('vs.yaml', `${virtualService('shop')}---\n${virtualService('cloudlab')}`);
    const left = async (...suppress: string[]) => (await findings([...suppress.flatMap((s) => ['--suppress', s]), file])).map((f) => f.namespace);
    expect(await left()).toEqual(['cloudlab', 'shop']);
    expect(await left('IST0101=VirtualService shop/vs')).toEqual(['cloudlab']);
    expect(await left('IST0101=VirtualService vs.cloudlab')).toEqual(['shop']);
    expect(await left('IST0101=VirtualService *')).toEqual([]);
    expect(await left('IST0101=VirtualService *.shop', 'IST0101=VirtualService cloudlab/*')).toEqual([]);
    expect(await left('IST0101=*')).toEqual([]);
    expect(await left('IST0102=VirtualService *', 'IST0101=DestinationRule *', 'IST0101=VirtualService shop/v')).toEqual(['cloudlab', 'shop']);
  });

  test('-S is --suppress; the count on stderr says what it dropped', async () => {
    const file = write('vs.yaml', `${virtualService('shop')}---\n${virtualService('cloudlab')}`);
    const outcome = await lint(['-S', 'IST0101=VirtualService shop/*', file]);
    expect(outcome).toMatchObject({ exitCode: 1, stderr: 'lint: 1 error, 0 warnings, 0 infos in 2 objects from 1 file (1 suppressed)\n' });
    expect(outcome.stdout).toMatch(/^Error \[IST0101\] \(VirtualService cloudlab\/vs \S+:15\) [^\n]*\n$/);
    expect(await lint(['-S', 'IST0101=*', file])).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: `\u2714 No validation issues found when analyzing ${file}.\n`,
    });
  });

  test("istioctl's galley.istio.io/analyze-suppress annotation drops the codes it lists on its object", async () => {
    const annotated = virtualService('shop').replace('namespace: shop}', "namespace: shop, annotations: {galley.istio.io/analyze-suppress: 'IST0101'}}");
    expect(await findings([write('vs.yaml', annotated)])).toEqual([]);
  });

  test('fails with exit 2 on a malformed suppression', async () => {
    const file = write('vs.yaml', virtualService('shop'));
    for (const bad of ['IST0101', 'IST0101=a=b', '=VirtualService x', 'IST0101=VirtualService', 'IST0101=']) {
      expect(await lint(['--suppress', bad, file])).toMatchObject({
        exitCode: 2,
        stdout: '',
        stderr: expect.stringMatching(/^lint: --suppress (takes|needs) .*\nrun `npm run --silent lint -- --help` for usage\n$/),
      });
    }
  });

  test('warns, as istioctl does, of a code lint never reports', async () => {
    const outcome = await lint(['--suppress', 'IST9999=VirtualService *', write('vs.yaml', virtualService('shop'))]);
    expect(outcome.stderr).toMatch(/^lint: warning: --suppress code 'IST9999' is no code lint reports; it has no effect\nlint: 1 error, /);
    expect(outcome.exitCode).toBe(1);
  });

  test('--help lists both options', async () => {
    const { stdout } = await lint(['--help']);
    expect(stdout).toMatch(/-n, --namespace <namespace> +the namespace of objects that name none/);
    expect(stdout).toMatch(/-S, --suppress <code>=<resource> +drop a code's findings on a resource.*\(repeatable\)/);
  });
});

describe('suppressions', () => {
  const finding = (kind: string, name: string, namespace?: string): Finding => ({
    code: 'IST0102',
    severity: 'info',
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    message: 'm',
  });

  test("'*' matches any text, the rest only itself", () => {
    const keep = (resource: string, f: Finding) => unsuppressed([f], [parseSuppression(`IST0102=${resource}`)], []).length === 1;
    expect(keep('Namespace *', finding('Namespace', 'frod'))).toBe(false);
    expect(keep('Namespace fro*', finding('Namespace', 'frod'))).toBe(false);
    expect(keep('Namespace fr.d', finding('Namespace', 'frod'))).toBe(true);
    expect(keep('Pod *.baz', finding('Pod', 'p', 'baz'))).toBe(false);
    expect(keep('Pod *.baz', finding('Pod', 'p', 'bazz'))).toBe(true);
    expect(keep('Pod baz/*', finding('Pod', 'p', 'baz'))).toBe(false);
    expect(keep('Namespace frod', finding('Namespace', 'frodo'))).toBe(true);
  });
});

describe('lint --color', () => {
  let dir: string;
  let file: string;
  const saved = { TERM: process.env.TERM, NO_COLOR: process.env.NO_COLOR };
  let plainOutput: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lint-color-'));
    // an Error (IST0101), a Warning (IST0108: an unknown annotation) and an Info (IST0102: a namespace without injection)
    file = path.join(dir, 'mesh.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n' +
        'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, annotations: {networking.istio.io/nope: x}}\n' +
        'spec:\n  ports: [{port: 80, name: http}]\n---\n' +
        virtualService('shop'),
    );
    plainOutput = (await runCli(lintCommand, [file])).stdout;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    process.env.TERM = 'xterm-256color';
    delete process.env.NO_COLOR;
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const ESC = '\x1b';
  const plain = () => plainOutput;
  // istioctl's colours: bold red Error, yellow Warning, no colour for Info, a reset after every level
  const coloured = () =>
    plainOutput.replace(/^Error /gm, `${ESC}[1;31mError${ESC}[0m `).replace(/^Warning /gm, `${ESC}[33mWarning${ESC}[0m `).replace(/^Info /gm, `Info${ESC}[0m `);

  test('the uncoloured output has one finding of each level, and no escape', () => {
    expect(plainOutput.split('\n').map((line) => line.split(' ')[0])).toEqual(['Error', 'Warning', 'Info', '']);
    expect(plainOutput).not.toContain(ESC);
  });

  test('colours the levels on a terminal, as istioctl does; the count on stderr stays plain', async () => {
    const outcome = await runCli(lintCommand, [file], { outIsTerminal: true });
    expect(outcome.stdout).toEqual(coloured());
    expect(outcome.stderr).toEqual('lint: 1 error, 1 warning, 1 info in 3 objects from 1 file\n');
    expect(outcome.exitCode).toBe(1);
  });

  test('no colour when the output is no terminal, TERM is dumb (any case) or NO_COLOR is set to something', async () => {
    process.env.TERM = 'DUMB';
    expect((await runCli(lintCommand, [file], { outIsTerminal: true })).stdout).toEqual(plain());
    process.env.TERM = 'xterm';
    process.env.NO_COLOR = '1';
    expect((await runCli(lintCommand, [file], { outIsTerminal: true })).stdout).toEqual(plain());
    // an empty NO_COLOR is no request, as no-color.org has it
    process.env.NO_COLOR = '';
    expect((await runCli(lintCommand, [file], { outIsTerminal: true })).stdout).toEqual(coloured());
  });

  test('--color and --color=<bool> (as Go reads a bool: true, false, 1, 0, t, f, T, F, TRUE, False...) win over the default; the last one counts', async () => {
    process.env.NO_COLOR = '1';
    expect((await lint(['--color', file])).stdout).toEqual(coloured());
    expect((await lint([file, '--color=T'])).stdout).toEqual(coloured());
    delete process.env.NO_COLOR;
    for (const off of ['false', '0', 'f', 'F', 'FALSE', 'False']) {
      expect((await runCli(lintCommand, [`--color=${off}`, file], { outIsTerminal: true })).stdout).toEqual(plain());
    }
    expect((await lint(['--color=false', '--color', file])).stdout).toEqual(coloured());
    expect((await runCli(lintCommand, ['--color', '--color=0', file], { outIsTerminal: true })).stdout).toEqual(plain());
  });

  test('-o json and -o yaml are never coloured', async () => {
    for (const output of ['json', 'yaml']) {
      const outcome = await runCli(lintCommand, ['--color', '-o', output, file], { outIsTerminal: true });
      expect(outcome.stdout).toContain('IST0101');
      expect(outcome.stdout).not.toContain(ESC);
    }
  });

  test('fails with exit 2 on a value Go would not read as a bool, and reads one after -- as a file', async () => {
    for (const value of ['maybe', '', 'yes', 'on']) {
      expect(await lint([`--color=${value}`, file])).toEqual({
        exitCode: 2,
        stdout: '',
        stderr: `lint: --color takes true or false (or 1, 0, t, f), got '${value}'\nrun \`npm run --silent lint -- --help\` for usage\n`,
      });
    }
    const outcome = await lint(['--', '--color=false']);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/^lint: --color=false: /);
  });
});
