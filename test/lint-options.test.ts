// npm run lint's --namespace (kubectl's -n) and --suppress (istioctl analyze's).
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
