import { spawnSync } from 'node:child_process';
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
    const outcome = await lint(['-o', 'json', path.join(root, 'dist')]);
    expect(JSON.parse(outcome.stdout).filter((f: any) => f.level === 'Error')).toEqual([]);
    expect(outcome.exitCode).toBe(0);
  });

  test("json output is an array of findings with istioctl's fields and the project's; exit 1 on errors", async () => {
    const file = write('fault.yaml', BAD_VS);
    const outcome = await lint(['--output', 'json', file]);
    expect(outcome.exitCode).toBe(1);
    const [record] = JSON.parse(outcome.stdout);
    expect(record).toEqual({
      code: 'IST0101',
      documentationUrl: 'https://istio.io/v1.30/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze',
      field: 'spec.http[0].route[0].destination.host',
      file,
      kind: 'VirtualService',
      level: 'Error',
      message: expect.stringMatching(/^referenced host not found: "springboot-jee"/i),
      name: 'springboot-tracing',
      namespace: 'cloudlab',
      origin: 'VirtualService cloudlab/springboot-tracing',
      reference: `${file}:8`,
    });
    expect(Object.keys(record)).toEqual(Object.keys(record).sort());
  });

  test("text output is istioctl's: one line per finding, with the file and line of the field; a count on stderr", async () => {
    const file = write('fault.yaml', BAD_VS);
    const outcome = await lint([file]);
    expect(outcome.stdout).toMatch(
      /^Error \[IST0101\] \(VirtualService cloudlab\/springboot-tracing \S+\/fault\.yaml:8\) referenced host not found: "springboot-jee"/i,
    );
    expect(outcome.stdout.split('\n')).toHaveLength(2);
    expect(outcome.stderr).toBe('lint: 1 error, 0 warnings, 0 infos in 1 object from 1 file\n');
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
    // the route's host is the Service of the List in the other file
    expect(outcome).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: `\u2714 No validation issues found when analyzing:\n  - ${path.join(dir, 'a/services.yaml')}\n  - ${path.join(dir, 'b/c/fault.yml')}\n`,
    });
  });

  test('a JSON file that holds no Kubernetes object (a dashboard) is not a manifest and is passed over', async () => {
    write('dashboard.json', JSON.stringify({ title: 'Tracing Tutorial', panels: [] }));
    write('cm.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x', labels: { tier: 'front end' } } }));
    const outcome = await lint([dir]);
    expect(outcome.exitCode).toBe(1);
    // the one object, with no line: istioctl gives none in a .json file
    expect(outcome.stdout).toMatch(/^Error \[TT0013\] \(ConfigMap x\/c \S+cm\.json\) metadata\.labels\.tier: /);
    expect(outcome.stderr).toBe('lint: 1 error, 0 warnings, 0 infos in 1 object from 2 files\n');
  });

  test('a kind with no schema is reported once as info, not as an error', async () => {
    const file = write(
      'x.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: a }\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: b }\n',
    );
    const outcome = await lint(['--format=json', file]);
    expect(JSON.parse(outcome.stdout).map((f: any) => [f.code, f.level, f.name])).toEqual([['TT0004', 'Info', 'a']]);
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
      stderr: "lint: --format must be text or json, got 'xml' (--output takes log, json or yaml)\nrun `npm run --silent lint -- --help` for usage\n",
    });
    expect(await lint(['-o', 'xml', dir])).toMatchObject({
      exitCode: 2,
      stderr: "lint: --output must be log, json or yaml, got 'xml'\nrun `npm run --silent lint -- --help` for usage\n",
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
    const clean = spawnSync('npm', ['run', '--silent', 'lint', '--', path.join(root, 'dist')], { cwd: root, encoding: 'utf8' });
    expect(clean.status).toBe(0);
    expect(clean.stderr).toMatch(/^lint: 0 errors, 0 warnings, \d+ infos? in \d+ objects from \d+ files\n$/);
  });
});
