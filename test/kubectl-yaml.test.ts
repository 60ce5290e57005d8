// synth's YAML as kubectl reads it back. cdk8s's Yaml.stringify writes some strings that kubectl (go-yaml v2) reads as
// something else or refuses; kubectlYaml, and so the manifests' writer, writes them double-quoted with escapes. The
// misreadings in the table are kubectl 1.32's answers (`kubectl label --local -f <file> x=y -o json`) to what cdk8s
// writes; lint's reader, a port of go-yaml v2's, gives the same, and reads kubectlYaml's output back as it was. When
// kubectl is installed, the last tests ask it.
import { Yaml } from 'cdk8s';
import { readStream, UnreadableStreamError } from '../src/lint/kube-stream';
import { manifestYaml } from '../src/synth/manifest-yaml';
import { kubectlMisreads, kubectlQuoted, kubectlYaml } from '../src/synth/kubectl-yaml';
import { kubectlInstalled, kubectlReader } from './support/kubectl';
import { seededRandom } from './support/seeded-random';

/** What kubectl makes of a document, as lint's reader says: its value, or the error it refuses it with. */
function readBack(text: string): unknown {
  try {
    const values: unknown[] = [];
    readStream(text, (d) => values.push(d.value));
    return values[0];
  } catch (err) {
    if (err instanceof UnreadableStreamError) return new Error(err.message);
    throw err;
  }
}

/** A table entry: kubectl refuses the file, with a message matching. */
class Refused {
  constructor(readonly message: RegExp) {}
}
const refused = (message: RegExp) => new Refused(message);

/** Expects what was read to be the table's answer: the value, or an error whose message matches. */
function expectAnswer(read: unknown, answer: unknown): void {
  if (answer instanceof Refused) expect(read).toEqual(expect.objectContaining({ message: expect.stringMatching(answer.message) }));
  else expect(read).toEqual(answer);
}
const field = (read: unknown, name: string) => (read instanceof Error ? read : (read as Record<string, unknown>)[name]);

// [string, what kubectl 1.32 reads from cdk8s's `v: <string>`, and from its `k: {<string>: 1}`]
const MISREAD: [string, unknown, unknown][] = [
  ['0o17', 15, { 15: 1 }],
  ['0O17', 15, { 15: 1 }],
  ['0X1F', 31, { 31: 1 }],
  ['0B1', 1, { 1: 1 }],
  ['-0o1', -1, { '-1': 1 }],
  ['+_1', 1, { 1: 1 }],
  ['0_x1', 1, { 1: 1 }],
  ['1e_0', 1, { 1: 1 }],
  ['9E9_', 9e9, { '9e+09': 1 }],
  ['0b+1', 1, { 1: 1 }],
  ['0b-1', -1, { '-1': 1 }],
  ['<<', '<<', refused(/map merge requires map or sequence of maps as the value/)],
  ['a\x7fb', refused(/control characters are not allowed/), refused(/control characters are not allowed/)],
  ['\x80', refused(/control characters are not allowed/), refused(/control characters are not allowed/)],
  ['a\ufffe', refused(/control characters are not allowed/), refused(/control characters are not allowed/)],
  // U+2028 and U+0085 are line breaks to go-yaml: a key `a<LS>b` becomes the value `a`, and a key `b` beside `k`
  ['a\u2028b', refused(/could not find expected ':'/), 'a'],
  ['a\u0085b', 'a b', refused(/mapping values are not allowed in this context/)],
  ['\t\na', refused(/found a tab character where an indentation space is expected/), { '\t\na': 1 }],
  ['  \n', '\n', { '  \n': 1 }],
  [' \n \n', '\n\n', { ' \n \n': 1 }],
  // yaml breaks a double-quoted value of 40 characters or more at each newline, and escapes a line of one space twice
  ['The quick brown fox jumps over the lazy dog\n \n ', 'The quick brown fox jumps over the lazy dog\n\\\n ', { 'The quick brown fox jumps over the lazy dog\n \n ': 1 }],
  ['\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\n \n', '\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\n\\ \n', { '\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\n \n': 1 }],
];

describe('cdk8s writes strings kubectl misreads; kubectlYaml writes them so that kubectl reads them back', () => {
  test.each(MISREAD)('%j', (text, value, key) => {
    expectAnswer(field(readBack(Yaml.stringify({ v: text })), 'v'), value);
    expectAnswer(field(readBack(Yaml.stringify({ k: { [text]: 1 } })), 'k'), key);
    const object = { v: text, k: { [text]: 1 }, list: [text, { [text]: [text] }] };
    expect(readBack(kubectlYaml(object))).toEqual(object);
    expect(readBack(manifestYaml([object]))).toEqual(object);
    expect(kubectlMisreads(text)).toBe(true);
  });

  test('a lone surrogate, which no UTF-8 file holds: cdk8s writes an escape kubectl refuses, synth U+FFFD', () => {
    for (const text of ['\ud800', 'a\udc00b', '\ud83d', 'x\ud83d\ude00\udfff']) {
      expectAnswer(readBack(Yaml.stringify({ v: text })), refused(/found invalid Unicode character escape code/));
      const written = text.replace(/\p{Surrogate}/gu, '\ufffd');
      expect(kubectlMisreads(text)).toBe(true);
      expect(readBack(manifestYaml([{ v: text, k: { [text]: [text] } }]))).toEqual({ v: written, k: { [written]: [written] } });
    }
  });

  test('the strings quoted are written in one double-quoted line, escaped where yaml escapes and where it does not', () => {
    expect(kubectlQuoted('0o17')).toBe('"0o17"');
    expect(kubectlQuoted('a\x7f\x80\x85\u2028\u2029\ufeff\ufffe\uffff')).toBe('"a\\x7f\\x80\\N\\L\\P\\ufeff\\ufffe\\uffff"');
    // yaml's own escapes kept: JSON's, then \0 \a \v \e and \xXX for the other control characters
    expect(kubectlQuoted('\0\x07\x0b\x1b\x01\t\n"\\\\u0000')).toBe('"\\0\\a\\v\\e\\x01\\t\\n\\"\\\\\\\\u0000"');
    expect(kubectlYaml({ a: ' \n' })).toBe('a: " \\n"\n');
  });

  test('strings kubectl reads as written, and those yaml quotes anyway, keep the bytes cdk8s writes', () => {
    for (const text of ['0o', '0x', 'x<<', '<<x', '1:20', '2026-12-02', 'a\u00a0b', 'a\nb', ' a\nb', ' \ta\n', 'a\n\t', '\n', '\n\n'])
      expect([text, kubectlMisreads(text), kubectlYaml({ v: text, [text]: 1 })]).toEqual([text, false, Yaml.stringify({ v: text, [text]: 1 })]);
    for (const text of ['', '~', 'yes', 'Off', '0x1F', '1_0', '1_', '.5', '-.inf', '1e3'])
      expect([text, kubectlMisreads(text), kubectlYaml({ v: text, [text]: 1 })]).toEqual([text, true, Yaml.stringify({ v: text, [text]: 1 })]);
  });

  test('generated strings, as values, keys and list items: each read back as it was', () => {
    const alphabet = ['0', '1', '9', '+', '-', '.', '_', 'e', 'E', 'x', 'X', 'o', 'O', 'b', 'B', ' ', '\t', '\n', '<', ':', '#', 'a', '"', "'",
      '\x7f', '\x85', '\u2028', '\ufeff', '\uffff', '\x01', '\u00a0'];
    const strings = new Set<string>();
    const extend = (prefix: string, depth: number) => {
      strings.add(prefix);
      if (depth > 0) for (const ch of alphabet) extend(prefix + ch, depth - 1);
    };
    extend('', 2);
    const random = seededRandom(24);
    while (strings.size < 6000) strings.add(Array.from({ length: 3 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const all = [...strings];
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      const object = { values: chunk, keys: chunk.map((text) => ({ [text]: 1 })), nested: chunk.map((text) => ({ v: [text] })) };
      expect(readBack(manifestYaml([object]))).toEqual(object);
    }
  });
});

(kubectlInstalled ? describe : describe.skip)('the installed kubectl reads synth\'s strings back', () => {
  const kubectlReads = kubectlReader();
  const configMap = (fields: object) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, ...fields });

  test('the table\'s strings: cdk8s\'s output as the table says, synth\'s as written', () => {
    // the answers that are values in one file each for values and keys, each refusal in a file of its own
    for (const [column, place] of [[1, (text: string) => text], [2, (text: string) => ({ [text]: 1 })]] as const) {
      const read = MISREAD.filter((entry) => !(entry[column] instanceof Refused));
      const fields = kubectlReads(Yaml.stringify(configMap(Object.fromEntries(read.map((entry, i) => [`f${i}`, place(entry[0])])))));
      read.forEach((entry, i) => expectAnswer(field(fields, `f${i}`), entry[column]));
      for (const entry of MISREAD.filter((e) => e[column] instanceof Refused))
        expectAnswer(kubectlReads(Yaml.stringify(configMap({ f: place(entry[0]) }))), entry[column]);
    }
    const objects = configMap({ values: MISREAD.map(([text]) => text), keys: MISREAD.map(([text]) => ({ [text]: 1 })) });
    expect(kubectlReads(manifestYaml([objects]))).toEqual(objects);
  });

  test('a byte order mark in a literal block: kubectl refuses cdk8s\'s at some positions, never synth\'s', () => {
    // go-yaml skips a character at a line's start when its buffer starts with a byte order mark (scannerc.go's is_bom
    // reads the buffer's first bytes); where the buffer starts depends on the 512-byte reads
    const object = (pad: number) => configMap({ values: ['x'.repeat(pad), '>a*&:\n`!\ufeff'], keys: 1 });
    expect(kubectlReads(Yaml.stringify(object(423)))).toEqual(expect.any(Error));
    const shifted = configMap({ values: Array.from({ length: 520 }, (_, pad) => ['x'.repeat(pad), `>a*&:\n\`!\ufeff${'y'.repeat(pad % 7)}`]) });
    expect(kubectlReads(manifestYaml([shifted]))).toEqual(shifted);
  });
});
