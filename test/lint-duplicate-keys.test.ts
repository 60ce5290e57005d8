// TT0045: a key written twice in one YAML mapping, which `kubectl apply -f` takes silently (the last value) and
// kustomize refuses (go-yaml v3: "mapping key ... already defined at line ..."), compared as go-yaml v3 compares keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintTargets, readTargets } from '../src/lint/lint';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dup-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const duplicates = (file: string) =>
  lintTargets([file])
    .findings.filter((f) => f.code === 'TT0045')
    .map((f) => ({ name: f.name, field: f.field, line: f.line, message: f.message }));

const CONFIG_MAP = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n${data}`;

describe('keys written twice (TT0045)', () => {
  test('each later key is reported at its line with the first line, in the plain block style and the general parser', () => {
    const plain = write('plain.yaml', CONFIG_MAP('  a: "1"\n  b: "2"\n  a: "3"\n'));
    expect(duplicates(plain)).toEqual([
      {
        name: 'cm',
        field: 'data.a',
        line: 8,
        message:
          'written twice in one mapping (key "a", first on line 6): `kubectl apply -f` keeps the last value without a word; kustomize ' +
          'refuses the file ("mapping key already defined"), and so do `kubectl apply -k`, Flux, and Argo CD with a kustomization',
      },
    ]);
    // a block scalar sends the document to the general parser
    const general = write('general.yaml', CONFIG_MAP('  a: |\n    x\n  b: "2"\n  a: "3"\n'));
    expect(duplicates(general).map((d) => [d.field, d.line])).toEqual([['data.a', 9]]);
  });

  test('kubectl keeps the last value, and the checks see it', () => {
    const file = write('last.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 99999\n    port: 80\n');
    const report = lintTargets([file]);
    expect(report.findings.filter((f) => f.code === 'TT0014')).toEqual([]);
    expect(report.findings.filter((f) => f.code === 'TT0045').map((f) => [f.field, f.line])).toEqual([['spec.ports[0].port', 8]]);
    expect(readTargets([file]).objects[0].object).toMatchObject({ spec: { ports: [{ port: 80 }] } });
  });

  test('keys are compared by their text, quoted or not, as go-yaml v3 compares them', () => {
    const file = write('text.yaml', CONFIG_MAP('  a: "1"\n  "a": "2"\n  \'b.c\': "3"\n  b.c: "4"\n  "1": "5"\n  0x1: "6"\n'));
    expect(duplicates(file).map((d) => [d.field, d.line])).toEqual([
      ['data.a', 7],
      ['data["b.c"]', 9],
    ]);
  });

  test('a key three times is reported twice, each against the first; flow mappings count', () => {
    const file = write('three.yaml', CONFIG_MAP('  a: "1"\n  a: "2"\n  a: "3"\n') + 'binaryData: {x: eA==, x: eQ==}\n');
    expect(duplicates(file).map((d) => [d.field, d.line, d.message.match(/first on line \d+/)![0]])).toEqual([
      ['data.a', 7, 'first on line 6'],
      ['data.a', 8, 'first on line 6'],
      ['binaryData.x', 9, 'first on line 9'],
    ]);
  });

  test('a key a merge brings in is no duplicate; a mapping an alias repeats is reported once, where it is written', () => {
    const file = write(
      'merge.yaml',
      'apiVersion: v1\nkind: List\nitems:\n' +
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m\n    name: a\n    labels: {x: "1", x: "2"}\n' +
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    <<: *m\n    name: b\n',
    );
    expect(duplicates(file).map((d) => [d.name, d.field, d.line])).toEqual([['a', 'metadata.labels.x', 8]]);
  });

  test("a List's own keys are reported on its first item; its items' on each item", () => {
    const file = write(
      'list.yaml',
      'apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\n  resourceVersion: "1"\nitems:\n' +
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n' +
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n  data:\n    k: v\n    k: w\n',
    );
    const found = duplicates(file);
    expect(found.map((d) => [d.name, d.field, d.line])).toEqual([
      ['a', undefined, 5],
      ['b', 'data.k', 17],
    ]);
    expect(found[0].message).toMatch(/^the List holding it writes metadata\.resourceVersion twice \(key "resourceVersion", first on line 4\)/);
  });

  test('a JSON document and a manifest without repeats give none', () => {
    const json = write('cm.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"a": "1", "a": "2"}}');
    expect(duplicates(json)).toEqual([]);
    const clean = write('clean.yaml', CONFIG_MAP('  a: "1"\n  b:\n    "2"\n'));
    expect(duplicates(clean)).toEqual([]);
  });
});
