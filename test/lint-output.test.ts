// How findings are printed, as istioctl analyze prints them: the log line with file:line, the JSON and YAML forms,
// sorting and de-duplication, --output-threshold, --failure-threshold and the exit codes; and synth in the same form.
import { App, ApiObject } from 'cdk8s';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { MeshTopology, OutputChart } from '../constructs';
import { VirtualService } from '../imports/networking.istio.io';
import { CommandIo } from '../src/cli/command';
import { lintCommand, printFindings } from '../src/cli/lint';
import { synthInto } from '../src/cli/synth';
import { fieldSteps } from '../src/lint/field-lines';
import { readManifest } from '../src/lint/read-objects';
import { TUTORIAL } from '../src/project';
import { documentationUrl, Finding, finding, findingRecord, formatFinding, MESSAGES, sortFindings } from '../src/validate/findings';
import { runCli } from './support/cli';

const lint = (argv: string[]) => runCli(lintCommand, argv);

const f = (over: Partial<Finding>): Finding => ({ code: 'IST0101', severity: 'error', kind: 'VirtualService', name: 'web', message: 'm', ...over });

describe('a finding as istioctl prints it', () => {
  test('level, code, origin with the file and line, then the message', () => {
    expect(formatFinding(f({ namespace: 'shop', file: 'x.yaml', line: 12, message: 'Referenced host not found: "reviews"' }))).toBe(
      'Error [IST0101] (VirtualService shop/web x.yaml:12) Referenced host not found: "reviews"',
    );
    expect(formatFinding(f({ code: 'IST0102', severity: 'info', kind: 'Namespace', name: 'shop', file: 'ns.yaml', line: 1 }))).toBe(
      'Info [IST0102] (Namespace shop ns.yaml:1) m',
    );
    // synthesized objects: the file, no line; no file: the origin alone
    expect(formatFinding(f({ severity: 'warning', namespace: 'shop', file: '30-ingress.yaml' }))).toBe(
      'Warning [IST0101] (VirtualService shop/web 30-ingress.yaml) m',
    );
    expect(formatFinding(f({ namespace: 'shop' }))).toBe('Error [IST0101] (VirtualService shop/web) m');
    // a .json file gets no line, as istioctl gives none
    expect(formatFinding(f({ namespace: 'shop', file: 'vs.json', line: 3 }))).toBe('Error [IST0101] (VirtualService shop/web vs.json) m');
  });

  test('an IST message is the message alone; a TT message starts with its field', () => {
    expect(formatFinding(f({ field: 'spec.http[0].route[0].destination.host', file: 'a.yaml', line: 9 }))).toBe(
      'Error [IST0101] (VirtualService web a.yaml:9) m',
    );
    expect(formatFinding(f({ code: 'TT0014', kind: 'Service', field: 'spec.ports[0].port', message: 'port must be ...' }))).toBe(
      'Error [TT0014] (Service web) spec.ports[0].port: port must be ...',
    );
  });

  test('sorted by level, code, Kind/name/namespace and line, and each line once', () => {
    const sorted = sortFindings([
      f({ code: 'TT0005', name: 'b' }),
      f({ code: 'IST0118', severity: 'info', kind: 'Service', name: 'a' }),
      f({ code: 'IST0101', name: 'web', namespace: 'b' }),
      f({ code: 'IST0101', name: 'web', namespace: 'a', message: 'z' }),
      f({ code: 'IST0101', name: 'web-2', namespace: 'a' }),
      f({ code: 'IST0101', name: 'web', namespace: 'a', message: 'y' }),
      f({ code: 'IST0108', severity: 'warning', kind: 'Pod', name: 'p' }),
      f({ code: 'IST0101', name: 'web', namespace: 'b' }),
    ]);
    expect(sorted.map(formatFinding)).toEqual([
      // "web-2/" sorts before "web/", as istioctl compares the strings
      'Error [IST0101] (VirtualService a/web-2) m',
      'Error [IST0101] (VirtualService a/web) y',
      'Error [IST0101] (VirtualService a/web) z',
      'Error [IST0101] (VirtualService b/web) m',
      'Error [TT0005] (VirtualService b) m',
      'Warning [IST0108] (Pod p) m',
      'Info [IST0118] (Service a) m',
    ]);
  });

  test("documentation: Istio's page for an IST code, the README's row for a TT code", () => {
    expect(documentationUrl('IST0132')).toBe('https://istio.io/v1.30/docs/reference/config/analysis/ist0132/?ref=istioctl-analyze');
    expect(documentationUrl('TT0011')).toBe('README.md#tt0011');
  });

  test('the JSON and YAML record: sorted keys, reference left out without a file, no empty extras', () => {
    expect(findingRecord(f({ kind: 'Namespace', name: 'shop', code: 'IST0102', severity: 'info' }))).toEqual({
      code: 'IST0102',
      documentationUrl: 'https://istio.io/v1.30/docs/reference/config/analysis/ist0102/?ref=istioctl-analyze',
      kind: 'Namespace',
      level: 'Info',
      message: 'm',
      name: 'shop',
      origin: 'Namespace shop',
    });
  });
});

describe('lint output', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lint-output-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  // line by line: a Service whose port has no protocol name (IST0118, Info) and is out of range (TT0014), then a
  // Deployment whose template's labels miss the selector (TT0016) and whose container has no image (TT0017)
  const SERVICE_AND_DEPLOYMENT = [
    '# the web Service',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    'spec:',
    '  selector: {app: web}',
    '  ports:',
    '    - name: web',
    '      port: 70000',
    '---',
    '',
    '# the web Deployment',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web, namespace: shop}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata:',
    '      labels: {app: website}',
    '    spec:',
    '      containers: [{name: web}]',
    '',
  ].join('\n');

  test("each finding at the line of its field, else at its object's first line (comments count)", async () => {
    const file = write('web.yaml', SERVICE_AND_DEPLOYMENT);
    const { stdout } = await lint([file]);
    const lines = stdout.split('\n');
    expect(lines).toContain(
      `Error [TT0014] (Service shop/web ${file}:11) spec.ports[0].port: port must be a port number between 1 and 65535, got 70000`,
    );
    const at = (code: string, line: number, rest: string) =>
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Error \\[${code}\\] \\(Deployment shop/web \\S+web\\.yaml:${line}\\) ${rest}`)));
    // a mapping: at its key, for a TT finding
    at('TT0016', 22, 'spec\\.template\\.metadata\\.labels: ');
    // a field that is not written: the object's first line, its comment
    at('TT0017', 14, 'spec\\.template\\.spec\\.containers\\[0\\]\\.image: ');
  });

  test('an IST finding about a mapping or a list is at the first line of its object, as istioctl places it; a TT one at its key', () => {
    const file = write('ns.yaml', '\n# the namespace\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: web\n');
    const [source] = readManifest({ file, named: true }, []);
    expect(finding(MESSAGES.namespaceNotInjected, source, 'm', 'metadata.labels').line).toBe(2);
    expect(finding(MESSAGES.namespaceNotInjected, source, 'm', 'metadata.name').line).toBe(6);
    expect(finding(MESSAGES.invalidLabelOrAnnotation, source, 'm', 'metadata.labels').line).toBe(7);
    expect(finding(MESSAGES.invalidLabelOrAnnotation, source, 'm', 'metadata.labels.team').line).toBe(8);
    expect(finding(MESSAGES.invalidLabelOrAnnotation, source, 'm', 'spec.nothing').line).toBe(2);
  });

  test("each IST finding at the line istioctl's analyzer gives it (util.ErrorLine's path), else at its object's start", async () => {
    const fixtures = path.join(__dirname, 'fixtures', 'analyzers');
    /** The 1-based line of the first line matching `pattern` from the object named `name` on, or the object's start. */
    const expected = (text: string, name: string, pattern?: RegExp) => {
      const lines = text.split('\n');
      const named = lines.findIndex((l) => l === `  name: ${name}`);
      let start = named;
      while (start > 0 && lines[start - 1] !== '---') start--;
      return pattern ? lines.findIndex((l, i) => i >= start && pattern.test(l)) + 1 : start + 1;
    };
    const cases: [code: string, name: string, pattern?: RegExp][] = [
      ['IST0101', 'reviews', /^ {12}host: reviews$/], // a missing subset: at the destination's host
      ['IST0109', 'web-a', /^ {2}name: web-a$/], // at the VirtualService's name
      ['IST0118', 'web', /^ {6}port: /], // at the port's number
      ['IST0150', 'orders-db', /^ {6}port: /],
      ['IST0138', 'shop-gateway', /^ {2}name: shop-gateway$/], // at the Gateway's name
      ['IST0162', 'shop-gateway', /^ {4}istio: ingressgateway$/], // at the selector's first label
      // no line of their own: the object's start
      ['IST0144', 'cart'],
      ['IST0174', 'reviews'],
      ['IST0175', 'istiod'],
      ['IST0176', 'tlsroutes.gateway.networking.k8s.io'],
      ['IST0163', 'istio-sidecar-injector-external-istiod'],
    ];
    for (const [code, name, pattern] of cases) {
      const file = path.join(fixtures, code, 'bad.yaml');
      const records = JSON.parse((await lint(['-o', 'json', file])).stdout) as { code: string; name: string; reference: string }[];
      const reference = records.find((r) => r.code === code && r.name === name)?.reference;
      expect({ code, reference }).toEqual({ code, reference: `${file}:${expected(readFileSync(file, 'utf8'), name, pattern)}` });
    }
  });

  test("a List's items are at their own lines; a key is found as it is decoded (n is false)", async () => {
    const file = write(
      'list.yaml',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a, namespace: shop}\n' +
        '  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b, namespace: shop}\n    data: {count: 3, n: 3}\n',
    );
    expect((await lint([file])).stdout).toBe(
      `Error [TT0001] (ConfigMap shop/b ${file}:10) data.count: must be a string, got 3 (kubectl reads the unquoted 3 as a number: write "3" to keep the text)\n` +
        `Error [TT0001] (ConfigMap shop/b ${file}:10) data.false: must be a string, got 3 (kubectl reads the unquoted 3 as a number: write "3" to keep the text)\n` +
        `Warning [TT0046] (ConfigMap shop/b ${file}:10) data.false: the key \`n\` is the boolean false to \`kubectl apply -f\` ` +
        '(go-yaml v2 reads YAML 1.1), so the field is named "false", not "n": quote the key to keep its name\n',
    );
  });

  test("-o json is Go's: tab-indented, keys sorted, <, > and & escaped; -o yaml the same records", async () => {
    const file = write('svc.yaml', SERVICE_AND_DEPLOYMENT.split('---')[0]);
    const json = await lint(['-o', 'json', file]);
    expect(json.exitCode).toBe(1);
    expect(json.stderr).toBe('');
    expect(json.stdout).toMatch(/^\[\n\t\{\n\t\t"code": "TT0014",\n\t\t"documentationUrl": "README.md#tt0014",\n\t\t"field": "spec.ports\[0\].port",\n/);
    expect(json.stdout).toContain('\\u003cprotocol\\u003e');
    expect(json.stdout).not.toMatch(/[<>]/);
    const records = JSON.parse(json.stdout);
    expect(records.map((r: any) => [r.level, r.code])).toEqual([
      ['Error', 'TT0014'],
      ['Info', 'IST0118'],
    ]);
    expect(records[0].reference).toBe(`${file}:11`);
    const yaml = await lint(['-o', 'YAML', file]);
    expect(yaml.exitCode).toBe(1);
    expect(parse(yaml.stdout)).toEqual(records);
    expect(yaml.stdout).toMatch(/^- code: TT0014\n {2}documentationUrl: README.md#tt0014\n/);
    // quoted as go-yaml quotes: single quotes where a plain value cannot be written, a quote in it doubled
    expect(yaml.stdout).toContain("  message: 'spec.ports[0].port: port must be a port number between 1 and 65535, got 70000'\n");
    const finding = { code: 'IST0118', severity: 'info', kind: 'Service', name: 'yes', message: 'port name "foo" (port: 80) doesn\'t follow the convention' } as const;
    // and in double quotes a value YAML 1.1 would read as another type, as go-yaml v2 resolves it
    expect(printFindings([finding], 'yaml')).toContain(`  message: 'port name "foo" (port: 80) doesn''t follow the convention'\n  name: "yes"\n`);
    expect(printFindings([{ ...finding, name: '0x10', message: '1:20' }, { ...finding, name: 'web', message: '' }], 'yaml'))
      .toMatch(/message: "1:20"\n {2}name: "0x10"\n[^]*message: ""\n {2}name: web\n/);
    // go-yaml's own resolver and emitter decide, not YAML 1.1's schema in general
    const written = (text: string) => printFindings([{ ...finding, message: text }], 'yaml').split('\n').find((l) => l.startsWith('  message: '));
    expect(['0o17', 'e3', '2024-01-01T10:00:00', '2024-01-01', '<<', 'a\tb', '&a', 'Null', '1e3'].map(written)).toEqual([
      '  message: "0o17"',
      '  message: e3',
      '  message: 2024-01-01T10:00:00',
      '  message: "2024-01-01"',
      '  message: "<<"',
      '  message: "a\\tb"',
      "  message: '&a'",
      '  message: "Null"',
      '  message: "1e3"',
    ]);
  });

  test('--format text and json are --output log and json; they must not disagree', async () => {
    const file = write('svc.yaml', SERVICE_AND_DEPLOYMENT.split('---')[0]);
    expect(await lint(['--format', 'text', file])).toEqual(await lint([file]));
    expect(await lint(['--format', 'json', file])).toEqual(await lint(['-o', 'json', file]));
    expect(await lint(['--format', 'json', '-o', 'JSON', file])).toEqual(await lint(['-o', 'json', file]));
    expect(await lint(['--format', 'json', '-o', 'yaml', file])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'lint: --format json and --output yaml disagree; give one\nrun `npm run --silent lint -- --help` for usage\n',
    });
  });

  describe('thresholds and exit codes', () => {
    // a warning only: an unknown Istio annotation
    const WARNING_ONLY =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    sidecar.istio.io/injet: "true"\n' +
      'spec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n';

    test('exit 0 below --failure-threshold (default Error), 1 at or above it, in every output format', async () => {
      const file = write('svc.yaml', WARNING_ONLY);
      const warning = /^Warning \[IST0108\] \(Service shop\/web \S+svc\.yaml:7\) /;
      expect(await lint([file])).toMatchObject({
        exitCode: 0,
        stdout: expect.stringMatching(warning),
        stderr: 'lint: 0 errors, 1 warning, 0 infos in 1 object from 1 file\n',
      });
      for (const level of ['Warning', 'warning', 'WARNING', 'Info', 'info']) {
        for (const output of ['log', 'json', 'yaml']) expect((await lint(['--failure-threshold', level, '-o', output, file])).exitCode).toBe(1);
      }
      for (const output of ['log', 'json', 'yaml']) expect((await lint(['--failure-threshold', 'error', '-o', output, file])).exitCode).toBe(0);
    });

    test('--output-threshold limits what is printed, not the exit code; with nothing printed and no failure, the istioctl line', async () => {
      const file = write('svc.yaml', WARNING_ONLY);
      expect(await lint(['--output-threshold', 'error', file])).toEqual({
        exitCode: 0,
        stdout: '',
        stderr: `\u2714 No validation issues found when analyzing ${file}.\n`,
      });
      expect(await lint(['--output-threshold', 'Error', '-o', 'json', file])).toMatchObject({ exitCode: 0, stdout: '[]\n' });
      expect(await lint(['--output-threshold', 'Error', '-o', 'yaml', file])).toMatchObject({ exitCode: 0, stdout: '[]\n' });
      expect(await lint(['--output-threshold', 'Error', '--failure-threshold', 'Warning', file])).toEqual({
        exitCode: 1,
        stdout: '',
        stderr: 'lint: 0 errors, 1 warning, 0 infos in 1 object from 1 file (1 below --output-threshold Error not shown)\n',
      });
      expect((await lint(['--output-threshold', 'Warning', file])).stdout).toMatch(/^Warning \[IST0108\]/);
    });

    test('fails with exit 2 on a level istioctl does not know', async () => {
      for (const option of ['--failure-threshold', '--output-threshold']) {
        expect(await lint([option, 'Critical', write('svc.yaml', WARNING_ONLY)])).toEqual({
          exitCode: 2,
          stdout: '',
          stderr: `lint: ${option} must be Info, Warning or Error, got 'Critical'\nrun \`npm run --silent lint -- --help\` for usage\n`,
        });
      }
    });
  });

  test('a field path reads in every form findings write it', () => {
    expect(fieldSteps('spec.http[0].route[1].destination.host')).toEqual(['spec', 'http', 0, 'route', 1, 'destination', 'host']);
    expect(fieldSteps('metadata.annotations["sidecar.istio.io/inject"]')).toEqual(['metadata', 'annotations', 'sidecar.istio.io/inject']);
    expect(fieldSteps("metadata.labels['app.kubernetes.io/name']")).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(fieldSteps('data["a\\"b"].x-y')).toEqual(['data', 'a"b', 'x-y']);
    expect(fieldSteps('spec[0')).toBeUndefined();
  });
});

describe('synth prints its findings as lint does', () => {
  let work: string;
  let printed: string;
  const io: CommandIo = { out: (t) => void (printed += t), err: (t) => void (printed += t) };
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'synth-findings-'));
    printed = '';
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const app = (extra: (chart: OutputChart) => void) => () => {
    const a = new App();
    new MeshTopology(a, 't', TUTORIAL);
    extra(new OutputChart(a, 'extra', { file: 'extra.yaml', namespace: TUTORIAL.namespace }));
    return a;
  };
  const FINDING = /^(Error|Warning|Info) \[(IST|TT)\d{4}\] \([A-Za-z]+ [a-z0-9-]+(\/[a-z0-9-]+)? [a-z0-9/.-]+\.yaml\) \S/;

  test('warnings and infos: the file in the output directory, no line', () => {
    const twice = (chart: OutputChart) => {
      for (const id of ['A', 'B']) new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'twice' }, data: { id } });
    };
    expect(synthInto(app(twice), path.join(work, 'dist'), io)).toBe(0);
    const lines = printed.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^synth: wrote \d+ objects in \d+ files to /);
    expect(lines.slice(0, -1).filter((l) => !FINDING.test(l))).toEqual([]);
    expect(lines).toContainEqual(expect.stringMatching(/^Warning \[TT0010\] \(ConfigMap cloudlab\/twice extra\.yaml\) ConfigMap cloudlab\/twice is defined more than once/));
  });

  test('the errors that stop it: one a line after the header', () => {
    const bad = (chart: OutputChart) => {
      new VirtualService(chart, 'Bad', {
        metadata: { name: 'bad' },
        spec: { hosts: ['bad'], http: [{ timeout: '0.5ms', route: [{ destination: { host: 'bad' } }] }] },
      });
    };
    expect(synthInto(app(bad), path.join(work, 'dist'), io)).toBe(1);
    const [header, ...lines] = printed.trimEnd().split('\n');
    expect(header).toMatch(/^synth failed, \S*dist\/ left as it was:$/);
    expect(lines.filter((l) => !l.startsWith('Error ['))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(/^Error \[IST0101\] \(VirtualService cloudlab\/bad extra\.yaml\) referenced host not found: "bad"/i),
    );
    expect(lines).toContain(
      "Error [TT0003] (VirtualService cloudlab/bad extra.yaml) spec.http[0].timeout: must be a valid duration greater than 1ms (rule: duration(self) >= duration('1ms'))",
    );
  });
});
