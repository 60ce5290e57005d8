// The lint reader against what kubectl (sigs.k8s.io/yaml over go-yaml v2) makes of YAML. The expected values were
// taken from kubectl 1.32 (`kubectl label --local -f <file> x=y -o json`); when kubectl is installed, the last tests
// ask it again.
import { decodeText, readStream, UnreadableStreamError } from '../src/lint/kube-stream';
import { formatFloat32 } from '../src/lint/kube-yaml';
import { kubectlInstalled, kubectlReader } from './support/kubectl';

const read = (text: string) => {
  const values: unknown[] = [];
  readStream(text, (d) => values.push(d.value));
  return values;
};
const readOne = (yaml: string) => read(yaml)[0] as any;
const failure = (text: string) => {
  try {
    read(text);
  } catch (err) {
    if (err instanceof UnreadableStreamError) return { line: err.line, message: err.message };
    throw err;
  }
  throw new Error(`read ${JSON.stringify(text)} without an error`);
};

// plain scalars as kubectl reads them
const SCALARS: [string, unknown][] = [
  ['y', true], ['Y', true], ['yes', true], ['Yes', true], ['YES', true], ['n', false], ['NO', false], ['on', true], ['On', true], ['ON', true],
  ['off', false], ['Off', false], ['OFF', false], ['true', true], ['True', true], ['TRUE', true], ['false', false], ['FALSE', false],
  ['tRUE', 'tRUE'], ['~', null], ['null', null], ['Null', null], ['NULL', null], ['Nil', 'Nil'], ['0', 0], ['-0', 0], ['+1', 1], ['-1', -1],
  ['010', 8], ['08', 8], ['09.5', 9.5], ['0o17', 15], ['0x1F', 31], ['-0x1F', -31], ['+0x1F', 31], ['0x', '0x'], ['0b101', 5], ['-0b101', -5],
  ['0b-101', -5], ['0b+1', 1], ['0b_-1', -1], ['0b-0', 0], ['-0b-1', '-0b-1'], ['0b+', '0b+'], ['0b+2', '0b+2'], ['0B-1', '0B-1'],
  [`0b-1${'0'.repeat(63)}`, -(2 ** 63)], [`0b-1${'0'.repeat(64)}`, `0b-1${'0'.repeat(64)}`], [`0b+${'1'.repeat(64)}`, `0b+${'1'.repeat(64)}`],
  ['1_000', 1000], ['_1', '_1'], ['1_', 1], ['0x_1F', 31], ['9223372036854775807', 2 ** 63], ['18446744073709551616', 2 ** 64],
  ['0xFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFF'], ['0777777777777777777777777', 7.777777777777778e23], ['1.5', 1.5], ['+1.5', 1.5], ['1.', 1],
  ['.5', 0.5], ['+.5', 0.5], ['.', '.'], ['1e3', 1000], ['1E3', 1000], ['1e-3', 0.001], ['1e', '1e'], ['1e400', '1e400'], ['.1e400', '.1e400'],
  ['.5_0', 0.5], ['1_000.5', 1000.5], ['0x1p-2', '0x1p-2'], ['1.2.3.4', '1.2.3.4'], ['nan', 'nan'], ['NaN', 'NaN'], ['inf', 'inf'], ['+inf', '+inf'],
  ['.Nan', '.Nan'], ['2001-12-14', '2001-12-14'], ['2001-12-14T21:59:43Z', '2001-12-14T21:59:43Z'], ['12:30:00', '12:30:00'], ['1:20', '1:20'],
  ['190:20:30', '190:20:30'], ['<<', '<<'], ['=', '='], [':x', ':x'], ['-x', '-x'], ['a:b', 'a:b'], ['a#b', 'a#b'], ['1.0.0', '1.0.0'], ['3s', '3s'],
  ['100Mi', '100Mi'], ['0.5', 0.5], ['1/2', '1/2'],
];

describe('lint reads YAML as kubectl does', () => {
  test.each(SCALARS)('plain scalar %s', (text, expected) => {
    expect(readOne(`v: ${text}\n`).v).toEqual(expected);
    if (!/[,[\]{}?]/.test(text) && !text.startsWith(':')) expect(readOne(`v: [${text}]\n`).v).toEqual([expected]);
  });

  test('quoted and block scalars are strings; escapes as go-yaml reads them', () => {
    expect(readOne(`a: "yes"\nb: '010'\nc: |\n  on\nd: >-\n  1\n  2\ne: "\\x41\\u00e9\\U0001F600\\N\\_"\nf: 'it''s'\n`)).toEqual({
      a: 'yes',
      b: '010',
      c: 'on\n',
      d: '1 2',
      e: 'A\u00e9\u{1F600}\u0085\u00a0',
      f: "it's",
    });
  });

  test('a colon followed by no blank stays in a plain scalar in a flow collection (IPv6 addresses)', () => {
    // a ServiceEntry from Istio's test data: YAML 1.2 parsers read a mapping key `001:db8:` here
    expect(readOne('addresses: [1.2.3.4, 001:db8::]\n').addresses).toEqual(['1.2.3.4', '001:db8::']);
    expect(readOne('a: [a::, http://x:80/]\nb: {a:, c}\nc: {a:b}\n')).toEqual({ a: ['a::', 'http://x:80/'], b: { 'a:': null, c: null }, c: { 'a:b': null } });
  });

  test('fails where go-yaml v2 fails in a flow collection: "?" inside a plain scalar, a leading ":"', () => {
    expect(failure('hosts: [http://x?y=1]\n')).toEqual({ line: 1, message: expect.stringMatching(/^invalid YAML: did not find expected ',' or '\]'/) });
    expect(failure('a: 1\nb: [::1]\n')).toEqual({ line: 2, message: expect.stringMatching(/did not find expected node content/) });
  });

  test('keeps nulls as null', () => {
    expect(readOne('metadata:\n  creationTimestamp: null\n  labels:\n  annotations: ~\nspec: {a: null, b: }\n')).toEqual({
      metadata: { creationTimestamp: null, labels: null, annotations: null },
      spec: { a: null, b: null },
    });
  });

  test('merge keys: a later key wins, as go-yaml v2 decodes into one map; earlier maps of a merged list win', () => {
    expect(readOne('b: &b {p: 1, q: 2}\nd:\n  <<: *b\n  q: 3\n').d).toEqual({ p: 1, q: 3 });
    expect(readOne('b: &b {p: 1, q: 2}\nd:\n  q: 3\n  <<: *b\n').d).toEqual({ q: 2, p: 1 });
    // `y` is YAML 1.1's true, as a key too
    expect(readOne('d: {y: 1, n: 2}\n').d).toEqual({ true: 1, false: 2 });
    expect(readOne('a: &a {x: 1}\nb: &b {x: 2, z: 1}\nd: {<<: [*a, *b]}\n').d).toEqual({ x: 1, z: 1 });
    expect(readOne('d: {"<<": {x: 1}}\n').d).toEqual({ '<<': { x: 1 } });
  });

  test('fails when a merge key does not merge a mapping', () => {
    expect(failure('a: 1\nd: {<<: [1]}\n')).toEqual({ line: 2, message: expect.stringMatching(/map merge requires map or sequence of maps/) });
  });

  test('duplicate keys: the last wins, as kubectl apply -f takes it', () => {
    expect(readOne('data:\n  a: 1\n  a: 2\n').data).toEqual({ a: 2 });
  });

  test('a value a later duplicate replaces cannot fail the document: go-yaml fills its map before JSON is made', () => {
    expect(readOne('data:\n  a: .nan\n  a: "1"\n').data).toEqual({ a: '1' });
    expect(readOne('data:\n  a: {~: 1}\n  a: x\n').data).toEqual({ a: 'x' });
    expect(readOne('data:\n  a: {b: .nan}\n  a: {b: 1}\n  c: [{d: .inf, d: 2}]\n').data).toEqual({ a: { b: 1 }, c: [{ d: 2 }] });
    expect(readOne('data:\n  a: [{9223372036854775808: x}]\n  a: 1\n').data).toEqual({ a: 1 });
    // keys equal to Go: the same type and value
    expect(readOne('data:\n  1: {~: 1}\n  0x1: x\n').data).toEqual({ 1: 'x' });
    // merged entries go into the same map: a key after the merge replaces the merged one, one before is replaced
    expect(readOne('data:\n  <<: {x: {~: 1}}\n  x: 1\n').data).toEqual({ x: 1 });
    expect(readOne('data:\n  <<: [{x: 1}, {x: {~: 1}}]\n').data).toEqual({ x: 1 });
    // an anchored value and its alias, each replaced (an alias left in place keeps the error: below)
    expect(readOne('data:\n  a: &a {b: .nan}\n  b: *a\n  b: 1\n  a: 2\n').data).toEqual({ a: 2, b: 1 });
  });

  test('an error in an entry no duplicate replaces still fails, as kubectl reports it first', () => {
    // keys that are not equal to Go: `1` and "1", an int and a float, NaN and itself
    expect(failure('data:\n  1: {~: 1}\n  "1": x\n')).toEqual({ line: 2, message: expect.stringMatching(/unsupported map key: null/) });
    expect(failure('data:\n  !!float 1: {~: 1}\n  1: x\n')).toEqual({ line: 2, message: expect.stringMatching(/unsupported map key: null/) });
    expect(failure('data:\n  .nan: {~: 1}\n  .nan: x\n')).toEqual({ line: 2, message: expect.stringMatching(/unsupported map key: null/) });
    expect(failure('data:\n  <<: [{x: {~: 1}}, {x: 1}]\n')).toEqual({ line: 2, message: expect.stringMatching(/unsupported map key: null/) });
    expect(failure('data:\n  x: 1\n  <<: {x: {~: 1}}\n')).toEqual({ line: 3, message: expect.stringMatching(/unsupported map key: null/) });
    expect(failure('data:\n  a: &a {~: 1}\n  b: *a\n  a: 1\n')).toEqual({ line: 2, message: expect.stringMatching(/unsupported map key: null/) });
    // the key of the entry that stays, when a key JSON cannot have replaces another
    expect(failure('data:\n  ~: a\n  null: b\n')).toEqual({ line: 3, message: expect.stringMatching(/unsupported map key: null \(null\)/) });
    expect(failure('data:\n  9223372036854775808: {a: .inf}\n  0x8000000000000000: b\n')).toEqual({
      line: 3,
      message: expect.stringMatching(/unsupported map key of type uint64: 0x8000000000000000/),
    });
    // sigs.k8s.io/yaml converts the keys before json.Marshal meets a value
    expect(failure('data:\n  a: .nan\n  ~: b\n')).toEqual({ line: 3, message: expect.stringMatching(/unsupported map key: null/) });
    // json.Marshal writes keys sorted: `a` before `b`
    expect(failure('data:\n  b: .inf\n  a: [1, .nan]\n')).toEqual({ line: 3, message: expect.stringMatching(/^invalid YAML: \.nan .*NaN/) });
    expect(failure('data:\n  a: .nan\n  b: [1, .inf]\n  a: 1\n')).toEqual({ line: 3, message: expect.stringMatching(/^invalid YAML: \.inf .*\+Inf/) });
    // go-yaml's own errors fail as it reads, in a value replaced later and before an error of the conversion
    expect(failure('data:\n  a: [.inf]\n  a: !!int x\n  a: 1\n')).toEqual({ line: 3, message: expect.stringMatching(/cannot decode !!str `x` as a !!int/) });
    expect(failure('data:\n  ~: a\n  b: !!int x\n')).toEqual({ line: 3, message: expect.stringMatching(/cannot decode !!str `x` as a !!int/) });
    expect(failure('n: &n [a]\ndata:\n  a: {*n : 1}\n  a: 1\n')).toEqual({ line: 3, message: expect.stringMatching(/invalid map key/) });
  });

  test('non-string keys become the strings go-yaml prints', () => {
    expect(readOne('d: {1: a, 0x10: b, yes: c, 1.5: d, 1e7: e, 123456789.0: f, 1e3: g}\n').d).toEqual({
      '1': 'a',
      '16': 'b',
      true: 'c',
      '1.5': 'd',
      '1e+07': 'e',
      '1.2345679e+08': 'f',
      '1000': 'g',
    });
    expect(formatFloat32(0.0001)).toBe('0.0001');
    expect(formatFloat32(0.00001)).toBe('1e-05');
    // beyond float32: +Inf and -Inf, which go-yaml names .inf and -.inf
    expect(readOne('data:\n  1e39: a\n  -1e39: b\n  3.4028235e38: c\n  .inf: d\n').data).toEqual({ '.inf': 'd', '-.inf': 'b', '3.4028235e+38': 'c' });
    expect(readOne('d: {1e39: a, .nan: b}\n').d).toEqual({ '.inf': 'a', '.nan': 'b' });
    // Go's shortest digits: halfway between two that read back, the even one (toExponential would round up)
    expect(readOne('d: {2097152.25: a, 2097152.75: b, 16777217.0: c, 0.1: d}\n').d).toEqual({ '2.0971522e+06': 'a', '2.0971528e+06': 'b', '1.6777216e+07': 'c', '0.1': 'd' });
    expect(formatFloat32(3.4028234663852886e38)).toBe('3.4028235e+38');
    expect(formatFloat32(1.401298464324817e-45)).toBe('1e-45');
    expect(formatFloat32(-123.456)).toBe('-123.456');
    // the float keys 0 and -0 are one key of Go's map, which keeps the later one's sign and value
    expect(readOne('a:\n  -0.0: p\n  0.0: q\n').a).toEqual({ '0': 'q' });
    expect(readOne('a:\n  0.0: p\n  -0.0: q\n').a).toEqual({ '-0': 'q' });
    expect(readOne('a:\n  0: p\n  -0.0: q\n').a).toEqual({ '0': 'p', '-0': 'q' });
  });

  test('fails on keys JSON cannot have: null, a mapping', () => {
    expect(failure('d:\n  ~: a\n')).toEqual({ line: 2, message: expect.stringMatching(/unsupported map key: null/) });
    expect(failure('d: {[a]: b}\n')).toEqual({ line: 1, message: expect.stringMatching(/invalid map key/) });
    // at the alias that makes the key, not at its anchor
    expect(failure('m: &m ~\nn: &n [a]\nd:\n  *m : c\n')).toEqual({ line: 4, message: expect.stringMatching(/unsupported map key: null/) });
    expect(failure('n: &n [a]\nd:\n  x: 1\n  *n : c\n')).toEqual({ line: 4, message: expect.stringMatching(/invalid map key/) });
  });

  test('fails on floats JSON cannot hold (.inf, .nan), naming the value', () => {
    expect(failure('a: 1\nb: .inf\n')).toEqual({ line: 2, message: expect.stringMatching(/^invalid YAML: \.inf is a float JSON cannot hold .*\+Inf/) });
    expect(failure('b: [.nan]\n').message).toMatch(/\.nan .*NaN/);
  });

  test('explicit tags', () => {
    expect(readOne('a: !!str 12\nb: !!int "12"\nc: !!float 1\nd: !!bool yes\ne: !!binary aGVsbG8=\nf: !foo bar\ng: ! 12\nh: !!timestamp 2001-12-14\n')).toEqual({
      a: '12',
      b: 12,
      c: 1,
      d: true,
      e: 'hello',
      f: 'bar',
      g: '12',
      h: '2001-12-14',
    });
    // !!binary bytes as Go's encoding/json writes them: each byte outside a character is one U+FFFD (kubectl 1.32):
    // a cut emoji, a surrogate's encoding; an encoded U+FFFD is itself
    expect(readOne('a: !!binary 8J+Y\nb: !!binary 7aCA\nc: !!binary 77+9\nd: !!binary w6k=\n')).toEqual({ a: '\ufffd'.repeat(3), b: '\ufffd'.repeat(3), c: '\ufffd', d: '\u00e9' });
    expect(failure('a: !!int abc\n').message).toMatch(/cannot decode !!str `abc` as a !!int/);
  });

  test('anchors and aliases; an alias to nothing, or to itself, fails', () => {
    expect(readOne('a: &x {b: 1}\nc: *x\n')).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(failure('a: *nope\n').message).toMatch(/unknown anchor 'nope' referenced/);
    expect(failure('a: &a [*a]\n').message).toMatch(/anchor 'a' value contains itself/);
    expect(failure('a: &a.b x\n').message).toMatch(/did not find expected alphabetic or numeric character/);
  });

  test('fails on a document that expands aliases without bound, or nests without bound', () => {
    let laughs = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) laughs += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(failure(laughs).message).toMatch(/document contains excessive aliasing/);
    expect(failure(`a: ${'['.repeat(20000)}`).message).toMatch(/^invalid YAML: /);
  });

  test('fails on a JSON number beyond float64, as kubectl (json: cannot unmarshal number 1e400 into Go value of type float64)', () => {
    const message = (n: string) => `invalid JSON: cannot unmarshal number ${n} into Go value of type float64`;
    expect(failure('{"a": 1}\n{"b": [1,\n -1e400]}\n')).toEqual({ line: 3, message: message('-1e400') });
    expect(failure('{"a": 1.7976931348623159e308}').message).toBe(message('1.7976931348623159e308'));
    expect(failure(`{"a": ${'9'.repeat(400)}}`).message).toBe(message(`${'9'.repeat(40)}...`));
    // a syntax error later in the value comes first, as Go checks the value's syntax before it decodes it
    expect(failure('{"a": 1e400,\n "b": x}').line).toBe(2);
    expect(read(`{"a": 1e308, "b": 1e-400, "c": "1e400", "d": ${'9'.repeat(308)}, "e": 0.${'0'.repeat(400)}1}`)).toEqual([
      { a: 1e308, b: 0, c: '1e400', d: Number('9'.repeat(308)), e: 0 },
    ]);
  });

  test('fails on a document nesting more than 1000 mappings and lists, JSON or YAML, at the line where it goes deeper', () => {
    const nest = (depth: number) => `${'{"a": ['.repeat(depth / 2)}1${']}'.repeat(depth / 2)}`;
    const tooDeep = /the document nests too deeply to be read \(more than 1000 levels/;
    expect(read(`{"a": 1}\n${nest(1000)}\n`)).toHaveLength(2);
    for (const depth of [1002, 5000, 20000]) {
      expect(failure(`{"a": 1}\n${nest(depth)}\n`)).toEqual({ line: 2, message: expect.stringMatching(/^invalid JSON: /) });
      expect(failure(`{"a": 1}\n${nest(depth)}\n`).message).toMatch(tooDeep);
    }
    expect(failure(`{"a": 1}\n{"b":\n${nest(1000)}}\n`)).toEqual({ line: 3, message: expect.stringMatching(tooDeep) });
    expect(readOne(`a: [${nest(998)}]\n`).a).toHaveLength(1);
    expect(failure(`k: v\na: ${nest(1000)}\n`)).toEqual({ line: 2, message: expect.stringMatching(/^invalid YAML: the document nests too deeply/) });
  });

  test('documents split at lines starting with ---; empty and null documents are skipped; ... ends what is read', () => {
    expect(read('---\na: 1\n---\n\n--- # c\nnull\n---\nb: 2\n...\nc: 3\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test('a separator line read before any line of its document is the document\'s first line, for go-yaml to read (YAMLReader)', () => {
    const object = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    const notAllowed = expect.stringMatching(/^invalid YAML: mapping values are not allowed in this context/);
    // kubectl: yaml: line 2: mapping values are not allowed in this context
    expect(failure(`---#c\n${object}`)).toEqual({ line: 2, message: notAllowed });
    expect(failure(`---\u00a0\n${object}`)).toEqual({ line: 2, message: notAllowed });
    expect(failure(`--- \u00a0\n${object}`)).toEqual({ line: 2, message: notAllowed });
    expect(failure(`${object}---\n---#c\n${object}`)).toEqual({ line: 7, message: notAllowed });
    expect(failure(`---\f\n${object}`)).toEqual({ line: 1, message: expect.stringMatching(/control characters are not allowed/) });
    // kubectl: json: cannot unmarshal string into Go value of type unstructured.detector
    expect(read(`---#c\n---\n${object}`)).toEqual(['---#c', configMap]);
    // a line read (a blank one too) makes the separator end the document, unread
    expect(read(`\n---#c\n${object}`)).toEqual([configMap]);
    expect(read(`${object}---\u00a0\n${object}---#c\n${object}`)).toEqual([configMap, configMap, configMap]);
    // Go's strings.TrimSpace takes NEL for space and the byte order mark for text
    expect(read(`---\u0085\n${object}`)).toEqual([configMap]);
    expect(failure(`---\ufeff\n${object}`)).toEqual({ line: 1, message: expect.stringMatching(/^invalid YAML document separator: \ufeff/) });
    expect(read(`---\n%YAML 1.1\n${object}`)).toEqual([]);
  });

  test('fails on a separator with more than a comment after ---, at its line', () => {
    expect(failure('a: 1\n--- !tag\nb: 2\n')).toEqual({ line: 2, message: expect.stringMatching(/invalid YAML document separator: !tag/) });
  });

  test('a stream starting with { is JSON: values one after the other', () => {
    expect(read('{"a": 1} {"b": "yes"}\n{"c": 1e3}')).toEqual([{ a: 1 }, { b: 'yes' }, { c: 1000 }]);
    expect(failure('{"a": 1}\n{a: 2}\n')).toEqual({ line: 2, message: expect.stringMatching(/^invalid JSON: /) });
  });

  test('an escaped surrogate that is not half of a pair is U+FFFD, as encoding/json reads it; a pair is one character', () => {
    expect(read('{"a\\udc00": "x\\ud800y", "b": ["\\ud83d\\ude00"]}')).toEqual([{ 'a\ufffd': 'x\ufffdy', b: ['\u{1f600}'] }]);
  });

  test('fails on a JSON syntax error at its line, in one line, in the words of Go\'s encoding/json (as kubectl says it)', () => {
    const object = '{\n "apiVersion": "v1",\n "kind": "ConfigMap",\n "metadata": {"name": "x"},\n "data": {"a": "b"},\n "x": ';
    const cases: [string, string][] = [
      ['[1,]\n}\n', "invalid character ']' looking for beginning of value"],
      ['{"a" 1}}', "invalid character '1' after object key"],
      ['{"a": 1 "b": 2}}', `invalid character '"' after object key:value pair`],
      ['{"a": 1,}}', "invalid character '}' looking for beginning of object key string"],
      ['[1 2]}', "invalid character '2' after array element"],
      ['"a\tb"}', "invalid character '\\t' in string literal"],
      ['"\\q"}', "invalid character 'q' in string escape code"],
      ['"\\u12G4"}', "invalid character 'G' in \\u hexadecimal character escape"],
      ['01}', "invalid character '1' after object key:value pair"],
      ['1.e5}', "invalid character 'e' after decimal point in numeric literal"],
      ['1e+}', "invalid character '}' in exponent of numeric literal"],
      ['tru}', "invalid character '}' in literal true (expecting 'e')"],
      ["'a'}", "invalid character '\\'' looking for beginning of value"],
      ['\u00e9}', "invalid character '\u00c3' looking for beginning of value"],
      ['\u0001}', "invalid character '\\x01' looking for beginning of value"],
    ];
    for (const [rest, message] of cases) expect(failure(object + rest)).toEqual({ line: 6, message: `invalid JSON: ${message}` });
    expect(failure('{"a": 1}\n\n{"b": 1} ]')).toEqual({ line: 3, message: "invalid JSON: invalid character ']' looking for beginning of value" });
    expect(failure(`${object}[1`)).toEqual({ line: 6, message: 'invalid JSON: unexpected end of JSON input' });
  });

  test('reads CRLF, a UTF-8 byte order mark, UTF-16 with one', () => {
    expect(read(decodeText(Buffer.from('\ufeffa: "x\r\n  y"\r\nb: 1\r\n')))).toEqual([{ a: 'x y', b: 1 }]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: yes\n', 'utf16le')]);
    expect(read(decodeText(utf16))).toEqual([{ a: true }]);
    // x/text's UTF-16 decoder: an odd last byte and a lone surrogate are each U+FFFD (kubectl 1.32)
    const utf16le = (text: string, ...tail: number[]) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from(tail)]);
    expect(read(decodeText(utf16le('a: b', 0x41)))).toEqual([{ a: 'b\ufffd' }]);
    expect(read(decodeText(utf16le('a: b\ud800c\n')))).toEqual([{ a: 'b\ufffdc' }]);
    const utf16be = Buffer.from([0xfe, 0xff, 0, 0x61, 0, 0x3a, 0, 0x20, 0xdc, 0, 0, 0x0a]);
    expect(read(decodeText(utf16be))).toEqual([{ a: '\ufffd' }]);
  });

  test('a byte order mark as kubectl reads it: go-yaml drops one that starts a document, and reads any other as text', () => {
    // the expected values are kubectl 1.32's (`kubectl label --local -f`)
    expect(read('x: 1\n---\n\ufeffa: 1\nb: 2\n')).toEqual([{ x: 1 }, { a: 1, b: 2 }]);
    expect(read(decodeText(Buffer.from('\ufeff\ufeffa: 1\n')))).toEqual([{ a: 1 }]);
    expect(read('a: 1\n\ufeffb: 2\n')).toEqual([{ a: 1, '\ufeffb': 2 }]);
    expect(read('a: [1,\n\ufeff2]\n')).toEqual([{ a: [1, '\ufeff2'] }]);
    expect(read('---\n\ufeffa: 1\n')).toEqual([{ '\ufeffa': 1 }]);
    expect(failure('a: 1\n\ufeff\n').message).toMatch(/could not find expected ':'/);
    // a second one at a document's start makes go-yaml v2 skip the first character of every line: refused
    const twice = /^the document starts with two byte order marks \(U\+FEFF\), which kubectl misreads/;
    expect(failure(decodeText(Buffer.from('\ufeff\ufeff\ufeffab: 1\ncd: 2\n')))).toEqual({ line: 1, message: expect.stringMatching(twice) });
    expect(failure('x: 1\n---\n\ufeff\ufeffab: 1\n')).toEqual({ line: 3, message: expect.stringMatching(twice) });
  });

  test("JSON or YAML is told as apimachinery's GuessJSONStream tells it: Go's spaces, then '{', in the first 4096 bytes", () => {
    // U+0085 is a space to Go (JSON, which it then refuses); U+FEFF is not (YAML, whose plain scalar it starts)
    expect(failure('\x85{"a": 1}\n').message).toBe("invalid JSON: invalid character '\u00c2' looking for beginning of value");
    expect(read('\n\ufeff{"a": 1}\n')).toEqual([{ '\ufeff{"a"': '1}' }]);
    // 2,048 no-break spaces are 4,096 bytes: the brace after them is beyond the guess
    expect(read(`${'\u00a0'.repeat(2048)}{"a":1}\n`)).toEqual([`${'\u00a0'.repeat(2048)}{"a":1}`]);
    // 2,047 are within it: JSON, where encoding/json refuses a no-break space
    expect(failure(`${'\u00a0'.repeat(2047)}{"a":1}\n`).message).toBe("invalid JSON: invalid character '\u00c2' looking for beginning of value");
  });

  test('fails on control characters (a binary file) at their line', () => {
    expect(failure('a: 1\nb: "\u0001"\n')).toEqual({ line: 2, message: expect.stringMatching(/control characters are not allowed in YAML, found U\+0001/) });
    expect(failure(decodeText(Buffer.from([0x61, 0x0a, 0x00, 0xff, 0x89, 0x50, 0x4e, 0x47]))).line).toBe(2);
  });

  test('syntax errors name their line', () => {
    expect(failure('a: 1\nb: [c\n')).toEqual({ line: 3, message: expect.stringMatching(/^invalid YAML: did not find expected ',' or '\]'/) });
    expect(failure('a: 1\n  b: 2\n')).toEqual({ line: 2, message: expect.stringMatching(/mapping values are not allowed in this context/) });
    expect(failure('a: "x\n').message).toMatch(/found unexpected end of stream/);
    expect(failure('a: b: c\n').message).toMatch(/mapping values are not allowed/);
  });

  test('reads a stream of 10,000 objects (its speed is the benchmark\'s to measure)', () => {
    const object = (i: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ns\n  labels: {app: app-${i}, version: v1}\nspec:\n` +
      `  replicas: 2\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n` +
      `      containers:\n        - name: app\n          image: "registry/app:1.0.0"\n          ports: [{containerPort: 8080, name: http}]\n` +
      `          env:\n            - {name: A, value: "true"}\n          resources: {limits: {cpu: 500m, memory: 128Mi}}\n`;
    const text = Array.from({ length: 10000 }, (_, i) => object(i)).join('---\n');
    const values = read(text);
    expect(values).toHaveLength(10000);
    expect((values[9999] as any).spec.template.spec.containers[0].ports[0].containerPort).toBe(8080);
  });
});

(kubectlInstalled ? describe : describe.skip)('lint reads YAML as the installed kubectl does', () => {
  const reader = kubectlReader();
  const kubectlReads = (text: string) => {
    const read = reader(text);
    if (read instanceof Error) throw read;
    return read;
  };

  test('every plain scalar of the table, in block and flow context', () => {
    const head = 'apiVersion: v1\nkind: Widget\nmetadata: {name: x}\n';
    const cases = SCALARS.filter(([text]) => !/[,[\]{}?@`]/.test(text) && !text.startsWith(':'));
    const text = head + cases.map(([text], i) => `b${i}: ${text}\nf${i}: [${text}]\n`).join('');
    expect(read(text)[0]).toEqual({ ...kubectlReads(text), metadata: { name: 'x' } });
  });

  test('the structures of the other tests', () => {
    const text =
      'apiVersion: v1\nkind: Widget\nmetadata: {name: x}\naddresses: [1.2.3.4, 001:db8::]\nm: {a:, c}\nb: &b {x: 1, y: 2}\n' +
      'd:\n  <<: *b\n  y: 3\ne: {<<: [*b, {z: 1}]}\ndup: {a: 1, a: 2}\nkeys: {1: a, 0x10: b, yes: c, 1.5: d, 1e7: e}\n' +
      'tags: [!!str 12, !!int "12", !!float 1, !!binary aGVsbG8=, !foo bar]\nq: "\\x41\\u00e9"\nblock: |\n  on\n';
    expect(read(text)[0]).toEqual({ ...kubectlReads(text), metadata: { name: 'x' } });
  });

  test('values that later duplicates replace, JSON could not hold', () => {
    const text =
      'apiVersion: v1\nkind: Widget\nmetadata: {name: x}\na: .nan\na: "1"\nb: {~: 1}\nb: x\nc: [{9223372036854775808: x}]\nc: 1\n' +
      'd: {1: {~: 1}, 0x1: x}\ne:\n  <<: {x: {~: 1}}\n  x: 1\nf: {<<: [{x: 1}, {x: .inf}]}\n';
    expect(read(text)[0]).toEqual({ ...kubectlReads(text), metadata: { name: 'x' } });
  });
});
