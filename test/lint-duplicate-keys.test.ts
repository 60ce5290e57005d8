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

  test("a List's items written twice are reported on its first item, as the two tools deploy different lists; its other own keys no tool reads", () => {
    const file = write(
      'list.yaml',
      'apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\n  resourceVersion: "1"\nitems:\n' +
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n' +
        'items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n  data:\n    k: v\n    k: w\n',
    );
    const found = duplicates(file);
    // kubectl applies the last list (ConfigMap b), kustomize builds the first (ConfigMap a)
    expect(found.map((d) => [d.name, d.field, d.line])).toEqual([
      ['b', undefined, 11],
      ['b', 'data.k', 18],
    ]);
    expect(found[0].message).toMatch(/^the List holding it writes items twice \(first on line 6\): `kubectl apply -f` applies the last list and kustomize the first/);
  });

  test('keys are compared by their text as kustomize reads them: a plain `on` is "on" there, true for kubectl; an alias key is its target', () => {
    const on = write('on.yaml', CONFIG_MAP('  "on": "1"\n  on: "2"\n'));
    const [found] = duplicates(on);
    expect([found.field, found.line]).toEqual(['data.true', 7]);
    expect(found.message).toContain('`kubectl apply -f` reads two keys, "on" and "true": quote the key');
    const alias = write('alias.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n a\n  labels:\n    *n : "1"\n    a: "2"\n');
    expect(duplicates(alias).map((d) => [d.field, d.line])).toEqual([['metadata.labels.a', 7]]);
  });

  test('keys of one text that go-yaml reads as two types (1 and "1") are two keys to it, of which kubectl keeps either at random', () => {
    // kubectl 1.32 (`kubectl label --local -o json` on a Widget) gave data {"1": "a"} once and {"1": "b"} five times in six runs
    const [found, ...rest] = duplicates(write('types.yaml', CONFIG_MAP('  1: a\n  "1": b\n  true: c\n  !!str true: d\n')));
    expect(rest.map((d) => [d.field, d.line])).toEqual([['data.true', 9]]);
    expect([found.field, found.line]).toEqual(['data["1"]', 7]);
    expect(found.message).toMatch(/^written twice in one mapping \(key "1", first on line 6\), as keys of two types: `kubectl apply -f` keeps either value, at random,/);
    expect(rest[0].message).toContain('as keys of two types');
    const same = write('same.yaml', CONFIG_MAP('  1: a\n  1: b\n'));
    expect(duplicates(same)[0].message).toContain('`kubectl apply -f` keeps the last value without a word');
  });

  test('a key repeated in a mapping merged into another is passed over: kustomize takes its first value', () => {
    const merged = write('merged.yaml', CONFIG_MAP('  <<: {a: "1", a: "2"}\n  b: "3"\n') + 'binaryData:\n  <<: [{x: eA==, x: eQ==}]\n');
    expect(duplicates(merged)).toEqual([]);
    // what kubectl keeps: the merged mapping's last value
    expect(readTargets([merged]).objects[0].object).toMatchObject({ data: { a: '2', b: '3' } });
  });

  test('a key repeated in a JSON document is reported too; a manifest without repeats gives none', () => {
    const json = write('cm.json', '{"apiVersion": "v1", "kind": "ConfigMap",\n "metadata": {"name": "cm"},\n "data": {"a": "1", "b": [{"c": 1, "c": 2}], "a": "2"}}');
    expect(duplicates(json).map((d) => [d.field, d.line, d.message.match(/first on line \d+/)![0]])).toEqual([
      ['data.a', 3, 'first on line 3'],
      ['data.b[0].c', 3, 'first on line 3'],
    ]);
    const clean = write('clean.yaml', CONFIG_MAP('  a: "1"\n  b:\n    "2"\n'));
    expect(duplicates(clean)).toEqual([]);
    const cleanJson = write('clean.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "labels": {"a": "1"}}, "data": {"a": "1"}}');
    expect(duplicates(cleanJson)).toEqual([]);
  });
});
