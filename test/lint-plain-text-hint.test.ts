// A value that must be a string but is written as a plain scalar kubectl reads as a boolean or a number (`N`, `on`,
// `1.10`, `0o17`): TT0001 names the text as written and the quoted form that keeps it.
import { lintTargets } from '../src/lint/lint';
import { temporaryFiles } from './support/temporary-directory';

const write = temporaryFiles('plain-text-hint-');

/** The schema findings of a file of `text`, as `field: message`, in the order of their lines. */
const schemaFindings = (text: string, name = 'case.yaml') =>
  lintTargets([write(name, text)])
    .findings.filter((f) => f.code === 'TT0001')
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.field ?? '').localeCompare(b.field ?? ''))
    .map((f) => `${f.field}: ${f.message}`);
const hint = (text: string, as: string, anchor?: string, line?: number) =>
  ` (kubectl reads the unquoted ${text} as ${as}: write "${text}"${anchor ? ` on line ${line}, under the anchor &${anchor},` : ''} to keep the text)`;

const DEPLOYMENT = (env: string) =>
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: default\nspec:\n  selector:\n    matchLabels: {app: d}\n' +
  `  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        env:\n${env}`;

describe('TT0001 on a plain scalar kubectl reads as no string', () => {
  test('names the text and its quoted form, for booleans and numbers of every form', () => {
    const env = '        - name: N\n          value: on\n        - name: B\n          value: 1.10\n        - name: C\n          value: 0o17\n' +
      '        - name: D\n          value: 1e3\n        - name: E\n          value: +_1\n';
    expect(schemaFindings(DEPLOYMENT(env))).toEqual([
      `spec.template.spec.containers[0].env[0].name: must be a string, got false${hint('N', 'a boolean')}`,
      `spec.template.spec.containers[0].env[0].value: must be a string, got true${hint('on', 'a boolean')}`,
      `spec.template.spec.containers[0].env[1].value: must be a string, got 1.1${hint('1.10', 'a number')}`,
      `spec.template.spec.containers[0].env[2].value: must be a string, got 15${hint('0o17', 'a number')}`,
      `spec.template.spec.containers[0].env[3].value: must be a string, got 1000${hint('1e3', 'a number')}`,
      `spec.template.spec.containers[0].env[4].value: must be a string, got 1${hint('+_1', 'a number')}`,
    ]);
  });

  test('through an alias (named: the text is at its anchor), in a flow mapping and list, and in an item of a List', () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {version: 1.0}\n' +
      '  annotations:\n    a: &v yes\n    b: *v\nbinaryData: {}\ndata: {x: 8080}\n';
    expect(schemaFindings(configMap)).toEqual([
      `metadata.labels.version: must be a string, got 1${hint('1.0', 'a number')}`,
      `metadata.annotations.a: must be a string, got true${hint('yes', 'a boolean')}`,
      `metadata.annotations.b: must be a string, got true${hint('yes', 'a boolean', 'v', 7)}`,
      `data.x: must be a string, got 8080${hint('8080', 'a number')}`,
    ]);
    // through an alias of a mapping: the text is written in the anchored mapping
    const shared = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: &common {tier: web}\n  annotations: &notes {release: 2.10}\n' +
      'data: *notes\n';
    expect(schemaFindings(shared)).toEqual([
      `metadata.annotations.release: must be a string, got 2.1${hint('2.10', 'a number')}`,
      `data.release: must be a string, got 2.1${hint('2.10', 'a number', 'notes', 6)}`,
    ]);
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c}\n    data: {x: [a], z: 0x1F}\n';
    expect(schemaFindings(list)).toEqual(['data.x: must be a string, got ["a"]', `data.z: must be a string, got 31${hint('0x1F', 'a number')}`]);
  });

  test('through merge keys, as go-yaml v2 merges: in document order, the first mapping of a list winning', () => {
    // kubectl 1.32 reads data.x as 1, then true, then 16 (`kubectl label --local -o json` on a Widget)
    const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;
    expect(schemaFindings(cm('  x: on\n  <<: {x: 1}\n'))).toEqual([`data.x: must be a string, got 1${hint('1', 'a number')}`]);
    const anchored = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: &m {x: on}\ndata:\n  <<: *m\n';
    expect(schemaFindings(anchored)).toEqual([
      `metadata.annotations.x: must be a string, got true${hint('on', 'a boolean')}`,
      `data.x: must be a string, got true${hint('on', 'a boolean', 'm', 5)}`,
    ]);
    expect(schemaFindings(cm('  x: "fine"\n  <<: [{x: 0x10}, {x: on}]\n'))).toEqual([`data.x: must be a string, got 16${hint('0x10', 'a number')}`]);
  });

  test('in the metadata of a kind without a schema, and a name that is no string is no missing name', () => {
    const gadget = 'apiVersion: other.example.org/v1\nkind: Gadget\nmetadata:\n  name: 0x10\n  namespace: 123\n  labels: {v: 1.0}\n';
    expect(lintTargets([write('gadget.yaml', gadget)]).findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}: ${f.message}`).sort()).toEqual([
      `TT0001 metadata.labels.v: must be a string, got 1${hint('1.0', 'a number')}`,
      `TT0001 metadata.name: must be a string, got 16${hint('0x10', 'a number')}`,
      `TT0001 metadata.namespace: must be a string, got 123${hint('123', 'a number')}`,
    ]);
    expect(lintTargets([write('gadget.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 0x10\n')]).findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.field}: ${f.message}`)).toEqual([
      `TT0001 metadata.name: must be a string, got 16${hint('0x10', 'a number')}`,
    ]);
  });

  test('the value of a key written twice is the later one, as kubectl reads it', () => {
    expect(schemaFindings('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: "1"\n  x: 2\n  z: 3\n  z: "4"\n')).toEqual([
      `data.x: must be a string, got 2${hint('2', 'a number')}`,
    ]);
  });

  test('not for a tagged or quoted scalar, a schema that wants no string, or a JSON file', () => {
    const tagged = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: !!int 0755\n  z: !!bool "yes"\n  w: "010"\n';
    expect(schemaFindings(tagged)).toEqual(['data.x: must be a string, got 493', 'data.z: must be a string, got true']);
    const replicas = 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: r\nspec:\n  replicas: yes\n  selector:\n    matchLabels: {a: b}\n' +
      '  template:\n    metadata:\n      labels: {a: b}\n    spec:\n      containers: [{name: c, image: nginx}]\n';
    expect(schemaFindings(replicas)).toEqual(['spec.replicas: must be an integer, got true']);
    const json = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"x": 1.10}}';
    expect(schemaFindings(json, 'case.json')).toEqual(['data.x: must be a string, got 1.1']);
  });
});
