// The object diff of `npm run diff`: outputs compared object by object, never line by line.
import { diffObjects, fieldChanges, formatChange } from '../src/diff/object-diff';
import { OutputReadError, outputObjects } from '../src/diff/output-objects';

const objects = (files: Record<string, string>) => outputObjects(new Map(Object.entries(files)));

describe('reading an output', () => {
  test('every YAML document is an object, identified by kind, namespace and name', () => {
    const found = objects({
      'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n',
    });
    expect(found.map((o) => [o.file, o.id])).toEqual([
      ['a.yaml', 'ConfigMap ns/c'],
      ['a.yaml', 'Namespace ns'],
    ]);
  });

  test('the Kustomization, JSON and other files are compared too; generated Markdown and the output marker are not', () => {
    const found = objects({
      Kustomization: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n',
      'grafana/dashboard.json': '{"title": "t"}',
      'notes.txt': 'text',
      'README.md': '# derived',
      'docs/more.md': '# derived',
      '.synth-output': 'marker',
    });
    expect(found.map((o) => o.id)).toEqual(['Kustomization', 'grafana/dashboard.json', 'notes.txt']);
  });

  test('the same object twice in a file is told apart by its order', () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    expect(objects({ 'a.yaml': `${doc}---\n${doc}` }).map((o) => o.id)).toEqual(['ConfigMap c', 'ConfigMap c (copy 2)']);
  });

  test('fails when a file is not valid YAML, naming the file', () => {
    expect(() => objects({ 'bad.yaml': 'a: [1, 2\n' })).toThrow(OutputReadError);
    expect(() => objects({ 'bad.yaml': 'a: [1, 2\n' })).toThrow(/bad\.yaml: document 1 is not valid YAML/);
  });
});

describe('comparing objects', () => {
  const base = {
    'app.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web, namespace: ns, labels: {app: web, app.kubernetes.io/name: web}}',
      'spec:',
      '  replicas: 1',
      '  template:',
      '    spec:',
      '      containers:',
      '        - {name: app, image: web:1}',
      '        - {name: sidecar, image: side:1}',
      '',
    ].join('\n'),
  };

  test('a key-order-only change is no change: documents, keys and flow style are noise', () => {
    const reordered = {
      'app.yaml': [
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - image: web:1',
        '          name: app',
        '        - image: side:1',
        '          name: sidecar',
        '  replicas: 1',
        'metadata:',
        '  namespace: ns',
        '  labels: {app.kubernetes.io/name: web, app: web}',
        '  name: web',
        'kind: Deployment',
        'apiVersion: apps/v1',
        '',
      ].join('\n'),
    };
    expect(diffObjects(objects(base), objects(reordered))).toEqual([]);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    const swapped = { 'app.yaml': `${reordered['app.yaml']}---\n${cm}` };
    expect(diffObjects(objects({ 'app.yaml': `${cm}---\n${base['app.yaml']}` }), objects(swapped))).toEqual([]);
  });

  test('a changed object lists its changed fields, items of named lists by name', () => {
    const head = { 'app.yaml': base['app.yaml'].replace('replicas: 1', 'replicas: 3').replace('web:1', 'web:2').replace('app: web,', 'app: shop,') };
    expect(diffObjects(objects(base), objects(head))).toEqual([
      {
        change: 'changed',
        file: 'app.yaml',
        id: 'Deployment ns/web',
        kind: 'Deployment',
        namespace: 'ns',
        name: 'web',
        fields: [
          { path: 'metadata.labels.app', before: 'web', after: 'shop' },
          { path: 'spec.replicas', before: 1, after: 3 },
          { path: 'spec.template.spec.containers[name=app].image', before: 'web:1', after: 'web:2' },
        ],
      },
    ]);
  });

  test('added, removed and moved objects', () => {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {k: v}\n`;
    const changes = diffObjects(objects({ 'a.yaml': `${cm('gone')}---\n${cm('moving')}` }), objects({ 'a.yaml': cm('new'), 'b.yaml': cm('moving') }));
    expect(changes.map((c) => [c.change, c.id, c.file, c.previousFile])).toEqual([
      ['removed', 'ConfigMap gone', 'a.yaml', undefined],
      ['added', 'ConfigMap new', 'a.yaml', undefined],
      ['moved', 'ConfigMap moving', 'b.yaml', 'a.yaml'],
    ]);
  });

  test('a reordered named list is one order change, not a change of every item', () => {
    const a = { containers: [{ name: 'x', image: '1' }, { name: 'y', image: '2' }] };
    const b = { containers: [{ name: 'y', image: '2' }, { name: 'x', image: '1' }] };
    expect(fieldChanges(a, b)).toEqual([{ path: 'containers', before: ['x', 'y'], after: ['y', 'x'], note: 'order' }]);
  });

  test('a list of scalars is one value; a new subtree is one value; keys that are not identifiers are quoted', () => {
    expect(fieldChanges({ paths: ['/a', '/b'] }, { paths: ['/a'] })).toEqual([{ path: 'paths', before: ['/a', '/b'], after: ['/a'] }]);
    expect(fieldChanges({ http: [{ a: 1 }] }, { http: [{ a: 1 }, { b: { c: 2 } }] })).toEqual([{ path: 'http[1]', after: { b: { c: 2 } } }]);
    expect(fieldChanges({ labels: { 'app.kubernetes.io/name': 'a' } }, { labels: {} })).toEqual([{ path: 'labels["app.kubernetes.io/name"]', before: 'a' }]);
  });
});

describe('showing a value', () => {
  const shown = (value: unknown) => formatChange(value, value)[0];

  test('plain strings as they are, strings that read as something else quoted, absent as (none)', () => {
    expect(shown('shop/web:1')).toBe('shop/web:1');
    expect(shown('1.30.3')).toBe('"1.30.3"');
    expect(shown('true')).toBe('"true"');
    expect(shown(90)).toBe('90');
    expect(shown(undefined)).toBe('(none)');
    expect(shown({ b: 1, a: [2] })).toBe('{"a":[2],"b":1}');
    expect(shown('x'.repeat(300))).toBe(`${'x'.repeat(159)}…`);
  });

  test('two long values differing past the first 160 characters: both from a little before the difference', () => {
    const [before, after] = formatChange(`${'a'.repeat(200)}OLD${'z'.repeat(300)}`, `${'a'.repeat(200)}NEW${'z'.repeat(300)}`);
    expect(before).toBe(`…${'a'.repeat(40)}OLD${'z'.repeat(115)}…`);
    expect(after).toBe(`…${'a'.repeat(40)}NEW${'z'.repeat(115)}…`);
    expect([before.length, after.length]).toEqual([160, 160]);
  });

  test('a short value beside a long one, and a difference near the start, are shown from the start', () => {
    expect(formatChange('short', 'x'.repeat(200))).toEqual(['short', `${'x'.repeat(159)}…`]);
    expect(formatChange(`ab${'c'.repeat(200)}`, `aB${'c'.repeat(200)}`)).toEqual([`ab${'c'.repeat(157)}…`, `aB${'c'.repeat(157)}…`]);
  });

  test('characters outside the BMP are never split', () => {
    const [before] = formatChange('😀'.repeat(200), '😀'.repeat(199));
    // 40 characters before the difference, and the one more that the other value lacks
    expect(before).toBe(`…${'😀'.repeat(41)}`);
  });
});
