import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintCommand } from '../src/cli/lint';
import { runCli } from './support/cli';

const lint = (argv: string[]) => runCli(lintCommand, argv);

const root = path.join(__dirname, '..');

describe('lint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lint-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  const BAD_VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: springboot-tracing, namespace: cloudlab }
spec:
  hosts: [springboot-tracing]
  http:
    - fault: { delay: { fixedDelay: 1s, percentage: { value: 50 } } }
      route: [{ destination: { host: springboot-jee } }]
`;

  test('the committed dist/ has no errors', async () => {
    const outcome = await lint(['--format', 'json', path.join(root, 'dist')]);
    expect(JSON.parse(outcome.stdout).filter((f: any) => f.severity === 'error')).toEqual([]);
    expect(outcome.exitCode).toBe(0);
  });

  test('json output is an array of findings with code, severity, kind, name, namespace, message and file; exit 1 on errors', async () => {
    const file = write('fault.yaml', BAD_VS);
    const outcome = await lint(['--format', 'json', file]);
    expect(outcome.exitCode).toBe(1);
    expect(JSON.parse(outcome.stdout)).toEqual([
      {
        code: 'IST0101',
        severity: 'error',
        kind: 'VirtualService',
        name: 'springboot-tracing',
        namespace: 'cloudlab',
        field: 'spec.http[0].route[0].destination.host',
        file,
        message:
          'referenced host not found: "springboot-jee" (no Service, AppsodyApplication or ServiceEntry for springboot-jee.cloudlab.svc.cluster.local in the set)',
      },
    ]);
  });

  test('text output has one line per finding and a summary', async () => {
    const outcome = await lint([write('fault.yaml', BAD_VS)]);
    expect(outcome.stdout).toMatch(
      /^error IST0101 VirtualService cloudlab\/springboot-tracing \(.*fault.yaml\): spec.http\[0\].route\[0\].destination.host: referenced host not found/,
    );
    expect(outcome.stdout).toMatch(/1 errors, 0 warnings, 0 infos in 1 objects from 1 files\n$/);
  });

  test('reads multi-document files, directories recursively and List wrappers', async () => {
    write(
      'a/services.yaml',
      `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: springboot-jee, namespace: cloudlab }
    spec: { ports: [{ name: http, port: 8080 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: c, namespace: cloudlab }
`,
    );
    write('b/c/fault.yml', BAD_VS);
    write('notes.txt', 'not a manifest');
    const outcome = await lint([dir]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/0 errors, 0 warnings, 0 infos in 3 objects from 2 files/);
  });

  test('a JSON file that holds no Kubernetes object (a dashboard) is not a manifest and is passed over', async () => {
    write('dashboard.json', JSON.stringify({ title: 'Tracing Tutorial', panels: [] }));
    write('cm.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' } }));
    const outcome = await lint([dir]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/0 errors, 0 warnings, 0 infos in 1 objects from 2 files/);
  });

  test('a kind with no schema is reported once as info, not as an error', async () => {
    const file = write(
      'x.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: a }\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: b }\n',
    );
    const outcome = await lint(['--format=json', file]);
    expect(JSON.parse(outcome.stdout).map((f: any) => [f.code, f.severity, f.name])).toEqual([['TT0004', 'info', 'a']]);
    expect(outcome.exitCode).toBe(0);
  });

  test('fails with exit 2 and a one-line reason for a missing file', async () => {
    const outcome = await lint([path.join(dir, 'missing.yaml')]);
    expect(outcome).toEqual({ exitCode: 2, stdout: '', stderr: `lint: ${path.join(dir, 'missing.yaml')}: no such file or directory\n` });
  });

  test('fails with exit 2 for invalid YAML, naming the file and line', async () => {
    const file = write('broken.yaml', 'apiVersion: v1\nkind: [ConfigMap\n');
    const outcome = await lint([file]);
    expect(outcome).toEqual({ exitCode: 2, stdout: '', stderr: `lint: ${file}:3: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)\n` });
  });

  test('fails with exit 2 for an unknown format', async () => {
    expect(await lint(['--format', 'xml', dir])).toMatchObject({
      exitCode: 2,
      stderr: "lint: --format must be text or json, got 'xml'\nrun `npm run --silent lint -- --help` for usage\n",
    });
  });

  test('fails with exit 2 for a document that is not a Kubernetes object, as kubectl refuses to apply it', async () => {
    const file = write('x.yaml', 'just: data\n');
    expect(await lint(['--format', 'json', file])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `lint: ${file}:1: the document has no kind: a Kubernetes object names its apiVersion and kind\n`,
    });
  });

  test('npm run lint exits with the lint exit code and prints pure JSON', async () => {
    const file = write('fault.yaml', BAD_VS);
    const run = spawnSync('npm', ['run', '--silent', 'lint', '--', '--format', 'json', file], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)[0].code).toBe('IST0101');
    expect(execFileSync('npm', ['run', '--silent', 'lint', '--', path.join(root, 'dist')], { cwd: root, encoding: 'utf8' })).toMatch(
      /^0 errors|\n0 errors/,
    );
  });
});
