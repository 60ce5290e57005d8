// TT0046: a plain mapping key that kubectl (go-yaml v2, YAML 1.1) reads as a boolean or a number, and so names the
// field by go-yaml's JSON key for it. The expected names are kubectl 1.32's (`kubectl label --local -f`).
import { lintTargets } from '../src/lint/lint';
import { temporaryFiles } from './support/temporary-directory';

const write = temporaryFiles('renamed-keys-');

const renamed = (text: string) =>
  lintTargets([write('case.yaml', text)])
    .findings.filter((f) => f.code === 'TT0046')
    .map((f) => [f.field, f.line])
    .sort((a, b) => (a[1] as number) - (b[1] as number));
const CONFIG_MAP = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n${data}`;

describe('keys kubectl renames (TT0046)', () => {
  test('fails when a plain key reads as a boolean or a number whose JSON key is not its text', () => {
    const data = '  on: a\n  Yes: b\n  y: c\n  010: d\n  0o17: e\n  1.0: f\n  1e3: g\n  0x1F: h\n  1_000: i\n  +1: j\n  .5: k\n';
    expect(renamed(CONFIG_MAP(data))).toEqual([
      ['data.true', 6], ['data.true', 7], ['data.true', 8], ['data["8"]', 9], ['data["15"]', 10], ['data["1"]', 11],
      ['data["1000"]', 12], ['data["31"]', 13], ['data["1000"]', 14], ['data["1"]', 15], ['data["0.5"]', 16],
    ]);
  });

  test('the message names the key, what kubectl reads and the field\'s name', () => {
    const [message] = lintTargets([write('m.yaml', CONFIG_MAP('  off: a\n'))])
      .findings.filter((f) => f.code === 'TT0046').map((f) => f.message);
    expect(message).toBe(
      'the key `off` is the boolean false to `kubectl apply -f` (go-yaml v2 reads YAML 1.1), so the field is named "false", not "off": ' +
        'quote the key to keep its name',
    );
  });

  test('not when quoted, tagged, printed as written, a merge, or in a flow mapping kubectl reads alike', () => {
    const data = '  "on": a\n  \'010\': b\n  !!str yes: c\n  80: d\n  true: e\n  -1: f\n  1.5: g\n  name: h\n';
    expect(renamed(CONFIG_MAP(data))).toEqual([]);
    expect(renamed('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels: &l {a: b}\ndata:\n  <<: *l\n')).toEqual([]);
  });

  test('in a flow mapping, a list item, and an object of a List, by the item\'s own field', () => {
    expect(renamed(CONFIG_MAP('  {on: a}\n').replace('data:\n  {on: a}', 'data: {on: a}'))).toEqual([['data.true', 5]]);
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: cm\n    data:\n      yes: a\n';
    expect(renamed(list)).toEqual([['data.true', 9]]);
  });
});
