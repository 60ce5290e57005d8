// The line of a finding's field: found by walking the field's path, it is for an IST finding the line istioctl's
// field map gives, the map from every path of a document's node tree to its line (later entries replacing earlier
// ones), and for a TT finding where the value kubectl decodes is given; both written out here as the references,
// built forward over the whole document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TreeFieldLines, Step } from '../src/lint/field-lines';
import { isMergeKey, stepOf } from '../src/lint/mapping-walk';
import { parseFirstDocument, YamlNode } from '../src/lint/yaml-parser';
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

/** istioctl's field map of a document's tree, scalars only (later entries replacing earlier ones), where IST findings go. */
function istioctlMap(node: YamlNode): Map<string, number> {
  const scalars = new Map<string, number>();
  const walk = (value: YamlNode, steps: Step[]): void => {
    if (value.kind === 'scalar') scalars.set(pathOf(steps), value.line);
    else if (value.kind === 'mapping') {
      for (let i = 0; i < value.children.length; i += 2) {
        const key = value.children[i];
        if (key.kind !== 'scalar' || key.value === '<<') continue;
        walk(value.children[i + 1], [...steps, stepOf(key)]);
      }
    } else if (value.kind === 'sequence') {
      value.children.forEach((child, i) => walk(child, [...steps, i]));
    }
  };
  walk(node, []);
  scalars.delete('');
  return scalars;
}

/**
 * The object kubectl decodes from a document's tree, as go-yaml v2 builds it (each key set in document order, a merge
 * key setting those of its mapping, of a list's mappings from the last to the first), written as where TT findings
 * go: every path at its scalar's line, or its key's (or list item's), or the first alias's on the way.
 */
function decodedMap(node: YamlNode): Map<string, number> {
  const lines = new Map<string, number>();
  const put = (value: YamlNode, steps: Step[], keyLine: number, via: number | undefined): void => {
    if (value.kind === 'alias') return put(value.target, steps, keyLine, via ?? value.line);
    const field = pathOf(steps);
    // a key set again replaces its value, fields and all
    for (const known of [...lines.keys()]) if (known.startsWith(`${field}.`) || known.startsWith(`${field}[`)) lines.delete(known);
    lines.set(field, via ?? (value.kind === 'scalar' ? value.line : keyLine));
    if (value.kind === 'mapping') mapping(value.children, steps, via);
    else if (value.kind === 'sequence') value.children.forEach((child, i) => put(child, [...steps, i], child.line, via));
  };
  const mapping = (children: YamlNode[], steps: Step[], via: number | undefined): void => {
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i];
      if (isMergeKey(key)) merge(children[i + 1], steps, via);
      else if (key.kind === 'scalar') put(children[i + 1], [...steps, stepOf(key)], key.line, via);
    }
  };
  // (go-yaml refuses a merge of anything but a mapping or a list of them; such documents are not read, and are skipped)
  const merge = (value: YamlNode, steps: Step[], via: number | undefined, inList = false): void => {
    if (value.kind === 'alias') merge(value.target, steps, via ?? value.line, inList);
    else if (value.kind === 'mapping') mapping(value.children, steps, via);
    else if (value.kind === 'sequence' && !inList) for (let i = value.children.length - 1; i >= 0; i--) merge(value.children[i], steps, via, true);
  };
  if (node.kind === 'mapping') mapping(node.children, [], undefined);
  return lines;
}

/** Every path of both maps and a few that are in neither, each asked for both ways; the mismatches. */
function mismatches(text: string): string[] {
  const node = parseFirstDocument(text);
  if (node === undefined) return [];
  const istioctl = istioctlMap(node);
  const decoded = decodedMap(node);
  const lines = new TreeFieldLines(() => node, 1);
  const fields = [...istioctl.keys(), ...decoded.keys()].flatMap((f) => [f, `${f}.missing`, `${f}[7]`, `${f}["0"]`, `${f}["<<"]`]);
  const wrong: string[] = [];
  for (const field of [...new Set(fields), '', 'nothing', '[0]', '["<<"]']) {
    const scalar = istioctl.get(field);
    const any = decoded.get(field);
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

  test('a key written twice: the later value; for IST findings the earlier\'s when only it has the field', () => {
    const node = parseFirstDocument('a:\n  b: 1\n  c: 2\na:\n  b: 3\nd: [x, {e: 4}]\n')!;
    const lines = new TreeFieldLines(() => node, 10);
    expect(lines.lineOf('a.b')).toBe(14);
    expect(lines.lineOf('a.b', true)).toBe(14);
    // kubectl's object has no a.c: the later a replaced the earlier; istioctl's map keeps it
    expect(lines.lineOf('a.c')).toBeUndefined();
    expect(lines.lineOf('a.c', true)).toBe(12);
    expect(lines.lineOf('a')).toBe(13);
    expect(lines.lineOf('a', true)).toBeUndefined();
    expect(lines.lineOf('d[1].e')).toBe(15);
    expect(lines.lineOf('d[2]')).toBeUndefined();
  });
});
