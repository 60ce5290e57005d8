// The fast reader of the plain block style builds the general parser's node tree for every document it reads, and
// gives up on the others: checked on every document of the outputs, examples and fixtures, on generated documents in
// each style the `yaml` package writes, and on each of them mutated a character at a time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { filesUnder } from '../src/files/files-under';
import { readPlainBlockDocument } from '../src/lint/plain-block-yaml';
import { parseFirstDocument } from '../src/lint/yaml-parser';
import { ENVIRONMENTS } from '../src/project';
import { seededRandom } from './support/seeded-random';

const root = path.join(__dirname, '..');

/** The general parser's tree of a document, or its error. */
function generalTree(text: string): unknown {
  try {
    return parseFirstDocument(text);
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

/** The documents the fast reader reads, and those where its tree is not the general parser's. */
function compare(documents: readonly string[]): { read: number; wrong: string[] } {
  let read = 0;
  const wrong: string[] = [];
  for (const text of documents) {
    const fast = readPlainBlockDocument(text);
    if (fast === undefined) continue;
    read++;
    const general = generalTree(text);
    if (JSON.stringify(fast) !== JSON.stringify(general)) wrong.push(`${JSON.stringify(text)}: read ${JSON.stringify(fast)}, not ${JSON.stringify(general)}`);
  }
  return { read, wrong };
}

/** The documents of a directory's YAML files, split as kubectl splits them. */
function documentsUnder(dir: string): string[] {
  return filesUnder(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split(/^---.*\n/m))
    .map((d) => (d.endsWith('\n') ? d : `${d}\n`));
}

// values that test where a plain scalar may start and end, what quoting keeps, and what reads as something else
const STRINGS = [
  'a', 'b c', 'x:y', 'x: y', 'x:', ':x', '-x', '- x', '-', '?x', '? x', '#x', 'a #b', 'a#b', '', ' ', ' a', 'a ', 'true', 'no',
  '~', 'null', '0x1F', '1e3', '012', '.5', '[x]', '{x}', '[]', '{}', 'a,b', '"q"', "it's", "'", '"', '%x', '@x', '`x', '*x',
  '&x', '!x', '|', '>', 'a: b: c', '...', '---', 'é', '<<', '=', 'key: "v"',
];
// strings that make `yaml` write an escape or a block scalar: rarer, as each makes the fast reader give its document up
const RARE = ['a\\b', 'a\nb', 'a\tb', 'line\n'];

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const r = random();
  if (depth > 3 || r < 0.45) return random() < 0.02 ? pick(RARE) : pick<unknown>([...STRINGS, 1, -2.5, true, false, null, [], {}]);
  const count = Math.floor(random() * 4) + 1;
  if (r < 0.7) return Array.from({ length: count }, () => randomValue(random, depth + 1));
  return Object.fromEntries(Array.from({ length: count }, () => [pick(STRINGS), randomValue(random, depth + 1)]));
}

/** A document of random values in one of the styles `yaml` writes, sometimes with comments. */
function randomDocument(random: () => number): string {
  const value = { kind: 'X', spec: randomValue(random, 0), list: [randomValue(random, 1), randomValue(random, 1)] };
  const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'] as const;
  const text = stringify(value, {
    indentSeq: random() < 0.5,
    indent: random() < 0.8 ? 2 : 4,
    defaultStringType: styles[Math.floor(random() * 3)],
    defaultKeyType: random() < 0.8 ? 'PLAIN' : null,
    lineWidth: 0,
  });
  if (random() < 0.7) return text;
  return text
    .split('\n')
    .map((line, i) => (i % 3 === 1 ? `${line} # note` : i % 4 === 2 ? `  # comment\n${line}` : line))
    .join('\n');
}

/** `text` with one character removed, doubled or replaced, at a random place. */
function mutated(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const inserts = [' ', ':', '-', '#', '"', "'", '\n', 'a', '[', '{', '&', '\t', '  ', '\u00a0', '---', '...'];
  const insert = inserts[Math.floor(random() * inserts.length)];
  const how = random();
  if (how < 0.3) return text.slice(0, at) + text.slice(at + 1);
  if (how < 0.6) return text.slice(0, at) + insert + text.slice(at);
  return text.slice(0, at) + insert + text.slice(at + 1);
}

describe('the fast reader of the plain block style', () => {
  test('reads most documents of the outputs, examples and fixtures, each as the general parser does', () => {
    const documents = [...ENVIRONMENTS.map((e) => e.outdir), 'gitops', 'examples', 'test/fixtures'].flatMap((d) => documentsUnder(path.join(root, d)));
    const { read, wrong } = compare(documents);
    expect(wrong).toEqual([]);
    // the outputs are written in the plain block style: the fast reader reads nearly all of them
    expect(read / documents.length).toBeGreaterThan(0.9);
  });

  test('reads generated documents and their mutations as the general parser does, or not at all', () => {
    const random = seededRandom(7);
    const documents: string[] = [];
    for (let i = 0; i < 300; i++) {
      const text = randomDocument(random);
      documents.push(text);
      for (let j = 0; j < 8; j++) documents.push(mutated(text, random));
    }
    const { read, wrong } = compare(documents);
    expect(wrong.slice(0, 3)).toEqual([]);
    // about 3 in 4 generated documents, and 1 in 3 mutations
    expect(read).toBeGreaterThan(documents.length / 4);
  });

  test('keeps white space other than spaces at the end of a scalar or key, as go-yaml does', () => {
    const spaces = ['\u00a0', '\u1680', '\u2000', '\u2009', '\u202f', '\u205f', '\u3000'];
    const documents = spaces.flatMap((w) => [`a: b${w}\n`, `a${w}: b\n`, `a: ${w}\n`, `- a${w}\n`, `a: b${w} # c\n`, `name${w}: x\nname: y\n`]);
    const { read, wrong } = compare(documents);
    expect(wrong).toEqual([]);
    expect(read).toBe(documents.length);
    expect(readPlainBlockDocument('a: b\u00a0  \n')).toMatchObject({ children: [{ value: 'a' }, { value: 'b\u00a0' }] });
  });

  test('gives up on what it does not read', () => {
    const others = [
      'a: |\n  text\n', 'a: >\n  text\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: "x\\ty"\n', 'a:\tb\n', 'a: b\r\n', 'a: b\n  c\n',
      'a: "b\n  c"\n', 'a: [1]\n', 'a: {b: 1}\n', '? a\n: b\n', '%YAML 1.1\n--- a\n', 'a: b\n...\n', 'just text\n', '# only\n',
      '', `${'k'.repeat(1100)}: v\n`, 'a: b: c\n', 'a:\n  - b\n  c: d\n', 'a: 1\n b: 2\n',
      // a document start marker, NUL (where go-yaml's scanner stops) and unpaired surrogates (which it steps over)
      'a: 1\n--- b: 2\n', '--- a: b\n', 'a: b\u0000c\n', 'a: \ud800\n', 'a: b\ud800\nc: d\n', 'a: \udc00\n',
    ];
    expect(others.filter((text) => readPlainBlockDocument(text) !== undefined)).toEqual([]);
  });

  test('reads what the manifests of this project and their writers use', () => {
    const text = 'a: 1\nb:\n  - c: "2"\n    d:\n    - \'e\'\'s\'\n  -\n  - [] # none\n  - - x\n    - y: 3\nf: {}\n\n# end\n';
    expect(readPlainBlockDocument(text)).toEqual(parseFirstDocument(text));
    const tree = readPlainBlockDocument(text);
    expect(tree).toMatchObject({ kind: 'mapping', line: 0 });
    expect(tree?.kind === 'mapping' && tree.children.slice(0, 2)).toEqual([
      { kind: 'scalar', line: 0, value: 'a', tag: '', implicit: true },
      { kind: 'scalar', line: 0, value: '1', tag: '', implicit: true },
    ]);
  });
});
