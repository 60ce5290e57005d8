// TT0047: an object whose annotations, once `kubectl apply -f` (client-side) has added the last-applied-configuration
// annotation holding the object as JSON, pass the API server's 262,144 bytes.
import { lintTargets } from '../src/lint/lint';
import { checkedOutput } from '../src/synth/synthesize';
import { encodedSizeBound, goJsonSize, LAST_APPLIED } from '../src/validate/last-applied';
import { temporaryFiles } from './support/temporary-directory';

const write = temporaryFiles('last-applied-');

const lastApplied = (text: string) => lintTargets([write('case.yaml', text)]).findings.filter((f) => f.code === 'TT0047');
/** A ConfigMap whose value is `size` bytes of `x`, with the annotations given as YAML lines. */
const configMap = (size: number, annotations = '', namespace = '  namespace: default\n') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n${namespace}${annotations}data:\n  blob: ${'x'.repeat(size)}\n`;
/**
 * The annotation kubectl stores for that ConfigMap, without its blob (GetModifiedConfiguration: the object with its
 * annotations, an empty map when it has none, as encoding/json's Encoder writes it, a newline after).
 */
const stored = (annotationsJson = '{}') =>
  `{"apiVersion":"v1","data":{"blob":""},"kind":"ConfigMap","metadata":{"annotations":${annotationsJson},"name":"big","namespace":"default"}}\n`;
const LIMIT = 262144;
/** The largest blob whose ConfigMap kubectl can still apply, with other annotations of `others` bytes. */
const fits = (annotationsJson?: string, others = 0) => LIMIT - others - LAST_APPLIED.length - stored(annotationsJson).length;

describe('the annotation of client-side apply (TT0047)', () => {
  test('warns when the annotation kubectl adds takes the annotations over 262,144 bytes, and not a byte before', () => {
    expect(lastApplied(configMap(fits()))).toEqual([]);
    const [over] = lastApplied(configMap(fits() + 1));
    expect(over).toMatchObject({ severity: 'warning', kind: 'ConfigMap', name: 'big', line: 1 });
    expect(over.message).toBe(
      `\`kubectl apply -f\` (client-side) stores the object in its annotation ${LAST_APPLIED}, which makes the annotations ${LIMIT + 1} bytes, ` +
        'over the 262144 the API server allows (metadata.annotations: Too long): apply it with `kubectl apply --server-side`, or create it with `kubectl create`',
    );
  });

  test("counts the object's other annotations, not a last-applied annotation it already has, and the namespace kubectl sets", () => {
    // annotations a: bb, in the JSON and beside it (3 bytes)
    const other = '  annotations: {a: bb}\n';
    expect(lastApplied(configMap(fits('{"a":"bb"}', 3), other))).toEqual([]);
    expect(lastApplied(configMap(fits('{"a":"bb"}', 3) + 1, other))).toHaveLength(1);
    const stale = `  annotations: {${LAST_APPLIED}: "${'y'.repeat(100_000)}", a: bb}\n`;
    expect(lastApplied(configMap(fits('{"a":"bb"}', 3), stale))).toEqual([]);
    // annotations of another type: kubectl encodes an empty map
    expect(lastApplied(configMap(fits(), '  annotations: null\n'))).toEqual([]);
    expect(lastApplied(configMap(fits() + 1, '  annotations: null\n'))).toHaveLength(1);
    // lint sets the namespace kubectl sets (default, without -n) before it counts
    expect(lastApplied(configMap(fits() + 1, '', ''))).toHaveLength(1);
    expect(lastApplied(configMap(fits(), '', ''))).toEqual([]);
  });

  test("a text's bound: 18 bytes for each of its UTF-16 units, none for YAML that may hold an alias", () => {
    expect(encodedSizeBound('a: b\n', true)).toBe(90);
    expect(encodedSizeBound('a: *b\n', true)).toBeUndefined();
    expect(encodedSizeBound('{"a": "*"}', false)).toBe(180);
  });

  test("Go's JSON: HTML characters, U+2028 and controls escaped, UTF-8, a lone surrogate as \\ufffd", () => {
    expect(goJsonSize({ a: '<>&' })).toBe('{"a":"\\u003c\\u003e\\u0026"}'.length);
    expect(goJsonSize(['\u2028', '\n\b\u0001', 'é€😀', '\ud800'])).toBe(Buffer.byteLength('["\\u2028","\\n\\b\\u0001","é€😀","\\ufffd"]'));
    expect(goJsonSize({ n: -0, f: 1.5, i: 12, t: true, z: null, e: [], o: {} })).toBe('{"n":-0,"f":1.5,"i":12,"t":true,"z":null,"e":[],"o":{}}'.length);
  });

  test('an object whose aliases make it large from a small text, and a JSON file', () => {
    // 10 kB of text, 300 kB once kubectl has expanded its aliases
    const aliases = Array.from({ length: 30 }, (_, i) => `  k${i}: *a\n`).join('');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: default\n  labels: {}\ndata:\n  k: &a ${'x'.repeat(10_000)}\n${aliases}`;
    expect(text.length).toBeLessThan(11_000);
    expect(lastApplied(text)).toHaveLength(1);
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j', namespace: 'default' }, data: { k: '<'.repeat(50_000) } });
    // 50,000 characters of text, 300,000 bytes as Go writes them (`\u003c` each)
    expect(lintTargets([write('case.json', json)]).findings.filter((f) => f.code === 'TT0047')).toHaveLength(1);
  });

  test('a small object is not reported, and an IstioOperator (istioctl\'s input, never applied) is passed over', () => {
    expect(lastApplied(configMap(1000))).toEqual([]);
    const operator = `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: {name: big, namespace: istio-system}\nspec:\n  profile: "${'x'.repeat(LIMIT)}"\n`;
    expect(lastApplied(operator)).toEqual([]);
  });
});

describe('TT0047 at synth', () => {
  test("an object synth writes is measured too, its file's YAML bounding the small ones", () => {
    const object = (name: string, size: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { blob: 'x'.repeat(size) } });
    const { findings, files } = checkedOutput([
      { file: 'big.yaml', objects: [object('big', LIMIT)] },
      { file: 'small.yaml', objects: [object('small', 10)] },
      // one byte over once kubectl has set the namespace (default, without -n), 21 under without it
      { file: 'unnamed.yaml', objects: [{ ...object('unnamed', fits() - 'unnamed'.length + 'big'.length + 1), metadata: { name: 'unnamed' } }] },
      // a `*` in the text may be an alias: that file's objects are measured whole
      { file: 'star.yaml', objects: [{ ...object('star', 10), data: { host: '*.example.com' } }] },
    ], []);
    expect(findings.filter((f) => f.code === 'TT0047').map((f) => [f.name, f.file])).toEqual([['big', 'big.yaml'], ['unnamed', 'unnamed.yaml']]);
    expect(files.map((f) => f.path)).toEqual(['big.yaml', 'small.yaml', 'star.yaml', 'unnamed.yaml']);
  });
});
