// The CEL subset (src/validate/cel-subset.ts) against @bufbuild/cel: wherever the subset answers, @bufbuild/cel gives
// the same value, on every pinned CRD's rules and message expressions with values generated from their schemas, and
// on generated expressions; the rules the environments meet are all answered without loading @bufbuild/cel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isCelError, parse } from '@bufbuild/cel';
import type { CrdSchema, SchemaNode } from '../src/codegen/extract-schemas';
import { celValue, toCel } from '../src/validate/cel';
import { evaluateSubset } from '../src/validate/cel-subset';
import { seededRandom } from './support/seeded-random';

const crds = JSON.parse(readFileSync(path.join(__dirname, '..', 'imports', 'schemas', 'crds.json'), 'utf8')) as Record<string, CrdSchema>;

/** Every rule and message expression of the pinned CRDs, with the schema node that holds it. */
function expressionsWithNodes(): { expression: string; node: SchemaNode }[] {
  const found: { expression: string; node: SchemaNode }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const rules = (node as SchemaNode)['x-kubernetes-validations'];
      for (const rule of (Array.isArray(rules) ? rules : []) as { rule?: string; messageExpression?: string }[]) {
        for (const expression of [rule.rule, rule.messageExpression]) {
          if (typeof expression === 'string' && !/\boldSelf\b/.test(expression)) found.push({ expression, node: node as SchemaNode });
        }
      }
      Object.values(node).forEach(visit);
    }
  };
  Object.values(crds).forEach((crd) => visit(crd.schema));
  return found;
}

const STRINGS = ['', 'a', 'B', 'b', 'default', '*', 'a*', '*.example.com', 'istio-system', 'foo.bar', '1ms', '0.5ms', '10s',
  '2h45m', '-1s', '0', '1µs', '1us', 'é', '😀', 'http://x/y', ' ', 'a b', 'UPPER', 'x'.repeat(70)];
const INTEGERS = [0, 1, -1, 2, 5, 80, 65535, 65536, 2 ** 31, -(2 ** 31), 2 ** 53];

/** A value for `node`: mostly of its type and shape, sometimes of another type, null, or empty. */
function valueFor(node: SchemaNode | undefined, random: () => number, literals: readonly string[], depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const r = random();
  if (r < 0.03) return null;
  if (r < 0.08 || node === undefined) return pick<unknown>([pick(STRINGS), pick(INTEGERS), 1.5, true, [], {}]);
  const string = () => {
    if (Array.isArray(node.enum) && random() < 0.5) return pick(node.enum as string[]);
    return random() < 0.4 && literals.length > 0 ? pick(literals) : pick(STRINGS);
  };
  if (node['x-kubernetes-int-or-string']) return random() < 0.5 ? pick(INTEGERS) : string();
  switch (node.type) {
    case 'string':
      return string();
    case 'integer':
      return pick(INTEGERS);
    case 'number':
      return pick([0, 1, 0.5, 100, -2.5]);
    case 'boolean':
      return random() < 0.5;
    case 'array': {
      const length = depth > 4 ? 0 : Math.floor(random() * 4);
      return Array.from({ length }, () => valueFor(node.items as SchemaNode, random, literals, depth + 1));
    }
    default: {
      const object: Record<string, unknown> = {};
      if (depth > 4) return object;
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) {
        if (random() < 0.5) object[key] = valueFor(child, random, literals, depth + 1);
      }
      if (typeof node.additionalProperties === 'object') {
        for (let i = Math.floor(random() * 3); i > 0; i--) {
          const key = pick(literals.length > 0 && random() < 0.5 ? literals : STRINGS);
          object[key] = valueFor(node.additionalProperties as SchemaNode, random, literals, depth + 1);
        }
      }
      return object;
    }
  }
}

/** The string literals of an expression, to be met in the values now and then. */
const literalsOf = (expression: string) => [...expression.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((m) => m[1] ?? m[2]);

/** @bufbuild/cel's value, or 'error' for an error value or a throw. */
function reference(expression: string, self: unknown): unknown {
  try {
    const value = celValue(expression, self);
    return typeof value === 'object' && value !== null && isCelError(value) ? 'error' : value;
  } catch {
    return 'error';
  }
}

/** @bufbuild/cel's error when evaluating reaches a function its environment does not have, else undefined. */
function unboundFunction(expression: string, self: unknown): string | undefined {
  try {
    const value = celValue(expression, self);
    const message = typeof value === 'object' && value !== null && isCelError(value) ? value.message : '';
    return message.includes('unbound function') ? message : undefined;
  } catch (err) {
    return (err as Error).message.includes('unbound function') ? (err as Error).message : undefined;
  }
}

describe('the CEL subset', () => {
  test('answers as @bufbuild/cel does on every pinned rule and message expression, with values from their schemas; what it leaves finds every function bound', () => {
    const random = seededRandom(20261130);
    let answered = 0;
    let compared = 0;
    const everAnswered = new Set<string>();
    const all = expressionsWithNodes();
    for (const { expression, node } of all) {
      const tree = parse(expression);
      const literals = literalsOf(expression);
      for (let i = 0; i < 60; i++) {
        const self = toCel(valueFor(node, random, literals), node);
        const value = evaluateSubset(tree, self);
        compared++;
        if (value === undefined) {
          // left to @bufbuild/cel: every function a pinned rule calls must be bound there (isIP was not)
          const unbound = unboundFunction(expression, self);
          if (unbound) throw new Error(`${expression}\nwith self = ${show(self)}\n${unbound}`);
          continue;
        }
        answered++;
        everAnswered.add(expression);
        const expected = reference(expression, self);
        if (value !== expected) throw new Error(`${expression}\nwith self = ${show(self)}\nsubset: ${show(value)}, @bufbuild/cel: ${show(expected)}`);
      }
    }
    // the subset is worth having: it answers most evaluations, for most expressions
    expect(all.length).toBeGreaterThan(100);
    expect(answered / compared).toBeGreaterThan(0.5);
    expect(everAnswered.size / new Set(all.map((e) => e.expression)).size).toBeGreaterThan(0.6);
  });

  test('answers as @bufbuild/cel does on generated expressions', () => {
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const selfs = [
      new Map<string, unknown>([['a', 'x*'], ['n', 3n], ['l', ['a', 'b']], ['m', new Map([['k', 'v'], ['*', '']])], ['d', '1h2m'], ['f', 1.5], ['z', null]]),
      new Map<string, unknown>([['a', ''], ['n', 9223372036854775807n], ['l', [1n, 2n]], ['m', new Map()], ['d', '-1s'], ['b', true]]),
      new Map<string, unknown>([['a', 'é😀B'], ['n', -1n], ['l', []], ['d', '1.5s'], ['m', new Map([['x', new Map([['y', 1n]])]])]]),
    ];
    const leaves = ['self.a', 'self.n', 'self.l', 'self.m', 'self.d', 'self.f', 'self.z', 'self.b', 'self.missing', "'x*'", "'B'", "''",
      '1', '0', '-5', '9223372036854775807', '2u', '1.0', 'true', 'false', 'null', "['a', 'x*']", '[1, 2]', "{'k': 'v'}", '{}', 'self.m.x',
      "duration('1h')", 'duration(self.d)', "duration('60m')", "duration('0')", 'v', "'^x'"];
    const forms: ((e: () => string) => string)[] = [
      (e) => `(${e()} && ${e()})`, (e) => `(${e()} || ${e()})`, (e) => `(${e()} ? ${e()} : ${e()})`, (e) => `!${e()}`,
      (e) => `(${e()} == ${e()})`, (e) => `(${e()} != ${e()})`, (e) => `(${e()} < ${e()})`, (e) => `(${e()} <= ${e()})`,
      (e) => `(${e()} > ${e()})`, (e) => `(${e()} >= ${e()})`, (e) => `(${e()} + ${e()})`, (e) => `${e()}[${e()}]`,
      (e) => `(${e()} in ${e()})`, (e) => `size(${e()})`, (e) => `${e()}.size()`, (e) => `${e()}.contains(${e()})`,
      (e) => `${e()}.startsWith(${e()})`, (e) => `${e()}.endsWith(${e()})`, () => `has(self.${pick(['a', 'n', 'm', 'missing', 'z'])})`,
      (e) => `${e()}.all(v, ${e()})`, (e) => `${e()}.exists(v, ${e()})`, (e) => `${e()}.exists_one(v, ${e()})`,
      (e) => `${e()}.all(v, v ${pick(['==', '<', '!='])} ${e()})`, (e) => `${e()}.map(v, ${e()})`, (e) => `${e()}.filter(v, ${e()})`, (e) => `duration(${e()})`,
      (e) => `(${e()} + ${e()})[${pick(['0', '1', '2'])}]`, (e) => `${e()}.filter(v, ${e()})[0]`,
      (e) => `${e()}.matches(${e()})`, (e) => `${e()}.matches(${pick(["'^[a-z]+$'", "'('", "'\\\\*'", "'[[:alpha:]]'", "'(?i)b'", "'\\\\pL'"])})`,
    ];
    const expressionOf = (depth: number): string =>
      depth > 2 || random() < 0.3 ? pick(leaves) : pick(forms)(() => expressionOf(depth + 1));
    let answered = 0;
    for (let i = 0; i < 4000; i++) {
      const expression = expressionOf(0);
      let tree;
      try {
        tree = parse(expression);
      } catch {
        continue;
      }
      for (const self of selfs) {
        const value = evaluateSubset(tree, self);
        if (value === undefined) continue;
        answered++;
        const expected = reference(expression, self);
        // a list, map or duration is compared where it is used (an operand of the expressions around it)
        const same = typeof value === 'object' ? expected !== 'error' && typeof expected === 'object' : value === expected;
        if (!same) throw new Error(`${expression}\nwith self = ${show(self)}\nsubset: ${show(value)}, @bufbuild/cel: ${show(expected)}`);
      }
    }
    expect(answered).toBeGreaterThan(2000);
  });

  test('answers each construct it covers, as @bufbuild/cel does', () => {
    const self = new Map<string, unknown>([['a', 'é😀B'], ['n', 3n], ['l', ['a', 'b']], ['m', new Map<string, unknown>([['k', 'v'], ['z', null]])]]);
    const expressions = [
      "(self.l + ['c'])[2]", "(self.l + ['c'])[0]", "self.l.filter(v, v != 'a')[0]", "self.l.map(v, v + '!')[1]", 'self.a.size()',
      'size(self.m)', 'has(self.m.k) && !has(self.m.z) && !has(self.m.y)', "'k' in self.m", "'z' in self.m", "'b' in self.l",
      "self.m['k'] + self.l[1]", 'self.n + -4 <= -1', "self.a < 'é' || self.a > 'z'", 'self.l.exists_one(v, v < "b")',
      'self.m.all(k, k.size() == 1)', "self.l.exists(v, v.startsWith('b') && v.endsWith('b'))", "self.a.contains('😀')",
      "self.a.matches('^\\\\pL\\\\PL')", "{'x': self.n}.x == 3", "duration('1h30m') > duration('89m') ? 'longer' : 'shorter'",
      'self.n == 3 ? [1, 2].size() : 0', "self.l.all(v, v in ['a', 'b'])",
    ];
    for (const expression of expressions) {
      const value = evaluateSubset(parse(expression), self);
      expect([expression, value]).toEqual([expression, reference(expression, self)]);
    }
  });

  test('the plain duration strings it reads are the ones @bufbuild/cel reads to the same length of time', () => {
    for (const text of ['1ms', '2h45m', '1h1m1s1ms1us1µs1ns', '9223372036s', '9223372037s', '0s', '00010m', '1m5s']) {
      const self = new Map([['d', text]]);
      for (const other of ['1ms', '9223372036854775807ns', '1h']) {
        const expression = `duration(self.d) < duration('${other}') || duration(self.d) == duration('${other}')`;
        const value = evaluateSubset(parse(expression), self);
        if (value !== undefined) expect([text, other, value]).toEqual([text, other, reference(expression, self)]);
      }
    }
    expect(evaluateSubset(parse("duration('1h') > duration('59m')"), new Map())).toBe(true);
    // out of range, signed, fractional: left to @bufbuild/cel
    for (const text of ['9223372037s', '-1s', '1.5s', '0', '+1s']) expect(evaluateSubset(parse(`duration('${text}') > duration('1ns')`), new Map())).toBeUndefined();
  });

  test('gives up where @bufbuild/cel runs out of stack: deep trees and comprehensions over many items', () => {
    const sum = (terms: number) => `${Array(terms).fill('1').join(' + ')} == ${terms}`;
    expect(evaluateSubset(parse(sum(50)), new Map())).toBe(true);
    // @bufbuild/cel's planner overflows the stack at about 1,600 terms; the subset must neither answer nor throw
    for (const terms of [1600, 3000]) expect(evaluateSubset(parse(sum(terms)), new Map())).toBeUndefined();
    // iterating a `map` result of 3,700 items overflows @bufbuild/cel's nested concatenations
    const items = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);
    expect(evaluateSubset(parse("'a0' in self.map(x, x)"), items(1000))).toBe(true);
    expect(evaluateSubset(parse("'a0' in self.map(x, x)"), items(3700))).toBeUndefined();
  });

  test('leaves to @bufbuild/cel every error, even one that || or && would absorb, and every mixed-type comparison', () => {
    const self = new Map<string, unknown>([['a', 'x'], ['d', [1]]]);
    const expressions = ['self.missing == 1', '1 in self.d', 'self.missing || true', 'true && self.a', "self.a + 1 == 'x1'", '9223372036854775807 + 1 > 0',
      '[1][1] == 1', '1 == 1.0', '1 in [1.0]', "{'a': 1, 'a': 2}.size() == 1", '1u < 2', "self.a.matches('(')"];
    for (const expression of expressions) {
      expect([expression, evaluateSubset(parse(expression), self)]).toEqual([expression, undefined]);
    }
    expect(evaluateSubset(parse('false && self.missing'), self)).toBe(false);
    expect(evaluateSubset(parse('has(self.a) && self.a.size() == 1 && !has(self.b)'), self)).toBe(true);
  });
});

describe('validation with the subset', () => {
  test('every rule the environments meet is answered without loading @bufbuild/cel', () => {
    let loaded = false;
    let answered = 0;
    jest.isolateModules(() => {
      jest.doMock('@bufbuild/cel', () => {
        loaded = true;
        return jest.requireActual('@bufbuild/cel');
      });
      jest.doMock('../src/validate/cel-subset', () => {
        const actual = jest.requireActual('../src/validate/cel-subset');
        return {
          evaluateSubset: (tree: unknown, self: unknown) => {
            const value = actual.evaluateSubset(tree, self);
            if (value !== undefined) answered++;
            return value;
          },
        };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildApp, environmentNamed, DEFAULT_ENVIRONMENT, ENVIRONMENTS, TUTORIAL } = require('../src/project');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { synthesize } = require('../src/synth/synthesize');
      const project = { topology: TUTORIAL, environments: ENVIRONMENTS, defaultEnvironment: DEFAULT_ENVIRONMENT };
      for (const environment of ENVIRONMENTS) synthesize(buildApp(project, environmentNamed(project, environment.name)));
    });
    jest.dontMock('@bufbuild/cel');
    jest.dontMock('../src/validate/cel-subset');
    expect(answered).toBeGreaterThan(10);
    expect(loaded).toBe(false);
  });
});

function show(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Map ? Object.fromEntries(v) : v));
}
