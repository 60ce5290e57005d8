// synth writes manifests with its own YAML writer (src/synth/manifest-yaml.ts), a fast path of kubectlYaml, which is
// cdk8s's Yaml.stringify but for the strings kubectl would misread (test/kubectl-yaml.test.ts). The fast path must
// agree with kubectlYaml byte for byte, on every object synth renders and on any other JSON value; on the objects synth
// renders, both agree with cdk8s's Yaml.stringify.
import { Yaml } from 'cdk8s';
import { buildApp, buildGitOpsApp, buildTopologyApp, generateTopology, TUTORIAL_PROJECT } from '../src/project';
import { renderApp } from '../src/synth/render';
import { kubectlYaml } from '../src/synth/kubectl-yaml';
import { documentYaml, manifestYaml } from '../src/synth/manifest-yaml';
import { seededRandom } from './support/seeded-random';

describe('manifestYaml writes what kubectlYaml writes', () => {
  const apps = [
    ...TUTORIAL_PROJECT.environments.map((environment) => ({ name: environment.name, build: () => buildApp(TUTORIAL_PROJECT, environment) })),
    { name: 'gitops', build: () => buildGitOpsApp(TUTORIAL_PROJECT) },
    { name: 'generated topology of 25 apps', build: () => buildTopologyApp(generateTopology(25)) },
  ];

  test.each(apps)('every manifest of $name, which is also what cdk8s writes', ({ build }) => {
    const { manifests } = renderApp(build());
    expect(manifests.length).toBeGreaterThan(0);
    for (const manifest of manifests) {
      const written = manifestYaml(manifest.objects);
      expect([manifest.file, written]).toEqual([manifest.file, kubectlYaml(...manifest.objects)]);
      expect([manifest.file, written]).toEqual([manifest.file, Yaml.stringify(...manifest.objects)]);
    }
  });

  test('strings that YAML 1.1 would read as something else, or that need quotes', () => {
    const strings = [
      '', ' ', 'a b', ' a', 'a ', 'yes', 'Yes', 'YES', 'no', 'No', 'y', 'Y', 'n', 'N', 'on', 'On', 'off', 'OFF', 'true', 'False',
      'null', 'Null', 'NULL', '~', 'e5', 'E+5', '1e5', '.inf', '-.Inf', '.nan', '0x1F', '0b101', '017', '1_000', '12:30', '1:30.5',
      '2026-11-30', '2026-11-30T08:00:00Z', '<<', '=', '-', '?', ':', '-a', '- a', 'a: b', 'a:b', 'a #b', 'a#b', '#a', '&a', '*a', '!a',
      '|a', '>a', "'a", '"a', '%a', '@a', '`a', '[a]', '{a}', 'a,b', '---', '--- a', '...', '---a', 'a\tb', '\ta', 'é', 'a\u0085b',
      'a\u2028b', '\u00a0', 'a"b', "a'b", 'a\'"b', 'a\\b', 'a\u0001b', 'nginx:1.27', 'docker.io/library/nginx:1.27', 'http://x:80/a',
      'a\nb', 'a\n', '\na', 'a\n\nb', ' a\nb', 'a \nb', 'x'.repeat(1100), 'app.kubernetes.io/name', 'A_b-c.d/e',
      // multi-line: literal blocks, their chomping and indentation indicators, and the ones yaml quotes or keeps
      '\n', '\n\n', 'a\n\n', 'a\n\n\n', ' a\n b', '  a\nb\n', 'a\n  b', 'a\n\n\nb\n', '\n\na\n\nb\n\n', '\n a', 'a\r\nb', 'a\n\t',
      'a\nb \n', 'a\n ', 'a\n \n', '---\na', '%x\ny', 'a\n---\nb', '...\n', 'a\u0001\nb', 'a\u0085\nb', 'a\n#b', 'a:\n- b', '"a\'\nb',
      '\t\na', '\n\ta', '  \n', ' \n\t\n', 'a\u2028\nb', '\ufeff\n', 'a\n\ufeff', '---\u2028', '...\x7f\n',
      `line one\n${'x'.repeat(1100)}\n`, 'key: value\nother: value\n', '{\n  "json": [1, 2]\n}\n',
      // single-line values yaml writes plain though they are no names, and near misses it quotes
      '/health/live', '/', 'tracecontext,baggage', '1.2.3', 'v1.2', '-1', '+1', '.5', '1.', 'a:', 'a-', 'a b c', 'key=value', 'a;b',
      '100%', '~a', 'a~', '- ', '-', '?a', '? a', 'a :b', 'a# b', 'a #', 'a\t#b', 'x'.repeat(1100), '0o17', '1_0', '12:70', 'Ä',
      // strings kubectl would misread as cdk8s writes them
      '0O17', '0X1F', '+_1', '1e_0', '0b-1', '\x7f', 'a\x80', '\ufeff', '\uffff', `${'0o1'.repeat(400)}\x85`, '<<x', '0x',
    ];
    for (const text of strings) {
      for (const value of [{ key: text }, { [text]: 'value' }, { list: [text, { [text]: text }] }, { nested: { deep: [[text]] } }])
        expect(documentYaml(value)).toEqual(kubectlYaml(value));
    }
  });

  test('numbers, booleans, null, empty and nested collections, and values yaml writes its own way', () => {
    const shared = { a: 1 };
    const values: unknown[] = [
      { a: 0, b: -1, c: 1.5, d: -0, e: 1e21, f: Number.MAX_SAFE_INTEGER + 2, g: NaN, h: Infinity, i: 0.1 + 0.2 },
      { a: true, b: false, c: null, d: undefined },
      { a: {}, b: [], c: [{}, []], d: [[1, [2, { e: [] }]], { f: {} }] },
      { a: [{ b: 1, c: [{ d: 2 }] }, [{ e: 3 }, 4]] },
      { twice: shared, again: shared },
      { date: new Date(0) },
      { map: new Map([['a', 1]]) },
      // eslint-disable-next-line no-sparse-arrays
      { sparse: [1, , 3] },
      {},
      [],
      'a string',
      42,
      null,
      Object.assign(Object.create(null), { a: 1 }),
    ];
    for (const value of values) expect(documentYaml(value)).toEqual(kubectlYaml(value));
  });

  test('generated JSON values', () => {
    const random = seededRandom(17);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const alphabet = ['a', 'Z', '0', '9', '-', '_', '.', '/', ':', ' ', '#', "'", '"', '\\', '\n', '\t', '!', '&', '*', '?', '|', '>', '%', '@', '[', '{', ',', 'é', '~', 'e', 'y',
      'x', 'o', '\x7f', '\u2028', '\ufeff'];
    const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pick(alphabet)).join('');
    const value = (depth: number): unknown => {
      const choice = Math.floor(random() * (depth > 3 ? 4 : 7));
      if (choice === 0) return text();
      if (choice === 1) return pick([0, 7, -3, 2.5, true, false, null]);
      if (choice === 2) return pick(['yes', 'on', 'null', '1', 'x', 'e1']);
      if (choice === 3) return `${pick(['', 'a', 'A'])}${text()}`;
      if (choice === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), value(depth + 1)]));
    };
    for (let i = 0; i < 3000; i++) {
      const document = { root: value(0), [text()]: value(1) };
      expect(documentYaml(document)).toEqual(kubectlYaml(document));
    }
  });

  test('several objects are separate documents', () => {
    const objects = [{ a: 1 }, { b: ['x'] }, {}];
    expect(manifestYaml(objects)).toEqual(kubectlYaml(...objects));
  });
});
