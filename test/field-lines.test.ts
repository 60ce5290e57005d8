// The line of a finding's field: found by walking the field's path, it is the line istioctl's field map gives, the
// map from every path of a document's node tree to its line (later entries replacing earlier ones), written out
// here as the reference.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TreeFieldLines, Step } from '../src/lint/field-lines';
import { jsonKey } from '../src/lint/kube-yaml';
import { parseFirstDocument, ScalarNode, YamlNode } from '../src/lint/yaml-parser';
import { filesUnder } from '../src/files/files-under';
import { ENVIRONMENTS } from '../src/project';
import { seededRandom } from './support/seeded-random';

const root = path.join(__dirname, '..');

/** A path as findings write it (`.name`, `["other key"]`, `[index]`). */
function pathOf(steps: readonly Step[]): string {
  return steps.reduce<string>((field, step) => {
    if (typeof step === 'number') return `${field}[${step}]`;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(step)) return field === '' ? step : `${field}.${step}`;
    return `${field}[${JSON.stringify(step)}]`;
  }, '');
}

/** A key as the decoded object names it, or its text when it cannot be decoded. */
function keyName(key: ScalarNode): string {
  try {
    return jsonKey(key);
  } catch {
    return key.value;
  }
}

/**
 * istioctl's field map of a document's tree: scalars at their own line, mappings and lists at their key's or item's
 * (which istioctl does not keep, and lint gives TT findings), and so aliases too, and for TT findings every field
 * below an alias at the alias's line.
 */
function fieldMap(node: YamlNode): { scalars: Map<string, number>; containers: Map<string, number> } {
  const scalars = new Map<string, number>();
  const containers = new Map<string, number>();
  const visit = (value: YamlNode, steps: Step[], at: number): void => {
    if (value.kind === 'scalar') scalars.set(pathOf(steps), value.line);
    else {
      containers.set(pathOf(steps), at);
      // what an alias names is written elsewhere: its fields are at the alias's line
      if (value.kind === 'alias') below(value.target, steps, at);
      else walk(value, steps);
    }
  };
  const below = (value: YamlNode, steps: Step[], at: number): void => {
    if (value.kind === 'alias') return below(value.target, steps, at);
    const children = value.kind === 'mapping' ? value.children : value.kind === 'sequence' ? value.children : [];
    children.forEach((child, i) => {
      if (value.kind === 'sequence') {
        containers.set(pathOf([...steps, i]), at);
        below(child, [...steps, i], at);
      } else if (i % 2 === 0 && child.kind === 'scalar' && child.value !== '<<') {
        const name = keyName(child);
        containers.set(pathOf([...steps, name]), at);
        below(children[i + 1], [...steps, name], at);
      }
    });
  };
  const walk = (value: YamlNode, steps: Step[]): void => {
    if (value.kind === 'mapping') {
      for (let i = 0; i < value.children.length; i += 2) {
        const key = value.children[i];
        if (key.kind !== 'scalar' || key.value === '<<') continue;
        visit(value.children[i + 1], [...steps, keyName(key)], key.line);
      }
    } else if (value.kind === 'sequence') {
      value.children.forEach((child, i) => visit(child, [...steps, i], child.line));
    }
  };
  walk(node, []);
  return { scalars, containers };
}

/** Every path of the map and a few that are not in it, each asked for both ways; the mismatches. */
function mismatches(text: string): string[] {
  const node = parseFirstDocument(text);
  if (node === undefined) return [];
  const { scalars, containers } = fieldMap(node);
  const lines = new TreeFieldLines(() => node, 1);
  const fields = [...scalars.keys(), ...containers.keys()].flatMap((f) => [f, `${f}.missing`, `${f}[7]`, `${f}["0"]`, `${f}["<<"]`]);
  const wrong: string[] = [];
  for (const field of [...new Set(fields), '', 'nothing', '[0]', '["<<"]']) {
    const scalar = scalars.get(field);
    const any = scalar ?? containers.get(field);
    const expected = { scalarsOnly: scalar === undefined ? undefined : scalar + 1, any: any === undefined ? undefined : any + 1 };
    const actual = { scalarsOnly: lines.lineOf(field, true), any: lines.lineOf(field) };
    if (actual.scalarsOnly !== expected.scalarsOnly || actual.any !== expected.any) wrong.push(`${field}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
  return wrong;
}

/** A random document: mappings and lists whose keys repeat, anchors, aliases and merge keys, block and flow style. */
function randomDocument(random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const keys = ['a', 'b', 'x.y', '0', 'true', '"q k"', '<<'];
  const anchors: string[] = [];
  const entries = (depth: number, indent: string, list: boolean): string[] =>
    Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
      if (list) return `${indent}-${value(depth + 1, `${indent}  `)}`;
      const key = pick(keys);
      return `${indent}${key}:${key === '<<' ? (anchors.length > 0 ? ` *${pick(anchors)}` : ' {m: 1}') : value(depth + 1, `${indent}  `)}`;
    });
  const value = (depth: number, indent: string): string => {
    const r = random();
    if (depth > 3 || r < 0.35) {
      if (anchors.length > 0 && r < 0.05) return ` *${pick(anchors)}`;
      return ` ${pick(['1', 'text', '"quoted"', 'null', '[1, 2]', '{a: 1, a: 2}', `|\n${indent}line one\n${indent}line two`])}`;
    }
    const anchor = random() < 0.15 ? `n${anchors.length}` : undefined;
    const lines = entries(depth, indent, random() < 0.3);
    if (anchor) anchors.push(anchor);
    return `${anchor ? ` &${anchor}` : ''}\n${lines.join('\n')}`;
  };
  return `kind: X\n${entries(0, '', false).join('\n')}\n`;
}

/** The documents of every environment's output. */
function outputDocuments(): string[] {
  return ENVIRONMENTS.flatMap((e) =>
    filesUnder(path.join(root, e.outdir))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => readFileSync(path.join(root, e.outdir, f), 'utf8').split(/^---$/m)),
  );
}

describe('TreeFieldLines', () => {
  test('gives every field of every output document the line of istioctl\'s field map', () => {
    const documents = outputDocuments();
    expect(documents.length).toBeGreaterThan(50);
    expect(documents.flatMap(mismatches)).toEqual([]);
  });

  test('and of random documents with repeated keys, aliases and merge keys', () => {
    const random = seededRandom(17);
    const wrong: string[] = [];
    for (let i = 0; i < 400; i++) {
      const text = randomDocument(random);
      wrong.push(...mismatches(text).map((f) => `${JSON.stringify(text)}: ${f}`));
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  test('a key written twice: the later value, unless only the earlier has the field', () => {
    const node = parseFirstDocument('a:\n  b: 1\n  c: 2\na:\n  b: 3\nd: [x, {e: 4}]\n')!;
    const lines = new TreeFieldLines(() => node, 10);
    expect(lines.lineOf('a.b')).toBe(14);
    expect(lines.lineOf('a.c')).toBe(12);
    expect(lines.lineOf('a')).toBe(13);
    expect(lines.lineOf('a', true)).toBeUndefined();
    expect(lines.lineOf('d[1].e')).toBe(15);
    expect(lines.lineOf('d[2]')).toBeUndefined();
  });
});
