// The estimated cost of CEL expressions (src/validate/builtin/cel-cost.ts), held to the numbers the API server's own
// tests expect: apiextensions-apiserver v0.33.13's TestCostEstimation (a CRD rule's MaxCost on generated schemas,
// with and without maxItems, maxProperties and maxLength) and apiserver v0.33.13's library cost tests (the libraries'
// estimates on literals, with a size estimator that gives any string or bytes value at most 12), and cel-go
// v0.23.2's TestCost (the checker's own estimates, with size hints by path). The cases, with the expressions and
// expected numbers, are read from those tests into test/fixtures/cel-cost/.
import celGoCases from './fixtures/cel-cost/celgo-cost-cases.json';
import crdCases from './fixtures/cel-cost/crd-cost-cases.json';
import libraryCases from './fixtures/cel-cost/library-cost-cases.json';
import librarySizeCases from './fixtures/cel-cost/library-size-cases.json';
import { compileCel } from '../src/validate/builtin/cel-check';
import { estimateCost, schemaSizes, type SizeEstimator } from '../src/validate/builtin/cel-cost';
import type { AstNode, Estimate } from '../src/validate/builtin/cel-estimates';
import { replaceCost } from '../src/validate/builtin/cel-library-costs';
import { AUTHORIZER_TYPE } from '../src/validate/builtin/cel-functions';
import { type CelType, DYNAMIC, listOf, optionalOf, scalar } from '../src/validate/builtin/cel-types';
import { declNode } from '../src/validate/builtin/crd-decl-types';

const HINT = 'self';

function ruleCost(schema: Record<string, unknown>, optionalOldSelf = false): Estimate | undefined | string {
  const self = declNode(schema, false);
  if (!self) return 'no type';
  const rule = (schema['x-kubernetes-validations'] as { rule: string }[])[0].rule;
  const oldSelf = optionalOldSelf ? optionalOf(self.type) : self.type;
  const compiled = compileCel(rule, { variables: new Map([['self', self.type], ['oldSelf', oldSelf]]), undeclaredHint: HINT, libraries: '1.33' });
  if (!compiled.checked) return `not compiled: ${compiled.problem ?? 'untyped'}`;
  return estimateCost(compiled.checked, schemaSizes(self));
}

/** The library tests' testCostEstimator: at most 12 for a string or bytes value, nothing for any other. */
const TWELVE: SizeEstimator = (_path, type) => (type?.kind === 'scalar' && (type.name === 'string' || type.name === 'bytes') ? { min: 0n, max: 12n } : undefined);

function libraryCost(expression: string): Estimate | undefined | string {
  const compiled = compileCel(expression, { variables: new Map([['authorizer', AUTHORIZER_TYPE]]), undeclaredHint: HINT, libraries: '1.33' });
  if (!compiled.checked) return `not compiled: ${compiled.problem ?? 'untyped'}`;
  return estimateCost(compiled.checked, TWELVE);
}

const shown = (estimate: Estimate | undefined | string): string =>
  typeof estimate === 'string' ? estimate : estimate === undefined ? 'not estimated' : `${estimate.min}..${estimate.max}`;

/** A case of TestCostEstimation: the schema of the rule's node, and the MaxCost it must have, or at least. */
interface CrdCase {
  readonly name: string;
  readonly schema: Record<string, unknown>;
  readonly maxCost?: number;
  readonly atLeast?: number;
}

describe('the estimated cost of a CRD rule (TestCostEstimation)', () => {
  test.each((crdCases as CrdCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const estimate = ruleCost(c.schema);
    if (c.maxCost !== undefined) expect(shown(estimate)).toMatch(new RegExp(`\\.\\.${c.maxCost}$`));
    if (c.atLeast !== undefined) {
      expect(typeof estimate).toBe('object');
      expect((estimate as Estimate).max >= BigInt(c.atLeast)).toBe(true);
    }
    expect(c.maxCost ?? c.atLeast).toBeDefined();
  });
});

/**
 * The library tests' environment declares what the API server's CRD environment at 1.33 does not (JSONPatch, the
 * semver library, lists of mixed literals): those do not compile here. An optional's value is not typed here: those
 * are not estimated.
 */
function libraryExpectation(expression: string, min: number, max: number): string | RegExp {
  if (/jsonpatch\.|semver\(|isSemver\(/.test(expression) || (/^!?sets\./.test(expression) && /[0-9]u|\d\.\d|"1"/.test(expression))) return /^not compiled: /;
  if (/format\.named\([^)]*\)\.value\(\)/.test(expression)) return 'not estimated';
  return `${min}..${max}`;
}

describe("the libraries' estimated costs (apiserver's library cost tests)", () => {
  test.each(libraryCases.map((c) => [c.test, c.expression, c] as const))('%s: %s', (_test, expression, c) => {
    const expected = libraryExpectation(expression, c.min, c.max);
    if (typeof expected === 'string') expect(shown(libraryCost(expression))).toBe(expected);
    else expect(shown(libraryCost(expression))).toMatch(expected);
  });
});

/** A type as cel-go's tests write it: `int`, `list(string)`, `map(string, int)`. */
function typeOf(text: string): CelType {
  const list = /^list\((.*)\)$/.exec(text);
  if (list) return listOf(typeOf(list[1]));
  const map = /^map\((\w+), (.*)\)$/.exec(text);
  if (map) return { kind: 'map', key: typeOf(map[1]), value: typeOf(map[2]) };
  return text === 'dyn' ? DYNAMIC : scalar(text);
}

/** A case of cel-go's TestCost: the variables' types, the size hints by path, and the estimate. */
interface CelGoCase {
  readonly name: string;
  readonly expression: string;
  readonly vars?: Record<string, string>;
  readonly hints?: Record<string, number>;
  readonly min: number | string;
  readonly max: number | string;
}

function celGoCost(c: CelGoCase): Estimate | undefined | string {
  const variables = new Map(Object.entries(c.vars ?? {}).map(([name, type]) => [name, typeOf(type)]));
  const compiled = compileCel(c.expression, { variables, undeclaredHint: HINT, libraries: '1.33' });
  if (!compiled.checked) return `not compiled: ${compiled.problem ?? 'untyped'}`;
  // testCostEstimator: a hint by the path joined with dots, else at most 12 for bytes
  const hints: Record<string, number> = c.hints ?? {};
  const sizes: SizeEstimator = (path, type) => {
    const hint = hints[path.join('.')];
    if (hint !== undefined) return { min: 0n, max: BigInt(hint) };
    return type?.kind === 'scalar' && type.name === 'bytes' ? { min: 0n, max: 12n } : undefined;
  };
  return estimateCost(compiled.checked, sizes);
}

describe("cel-go's own estimates (checker's TestCost)", () => {
  // estimates of the test's own making (a custom overload estimator, a fixed cost for getFullYear()) are not cel-go's
  const own = new Set(['str concat custom cost estimate', 'bytes list max', 'estimated function call']);
  test.each((celGoCases as CelGoCase[]).filter((c) => !own.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(shown(celGoCost(c))).toBe(`${c.min}..${c.max}`);
  });
});

describe("the size of replace()'s result (apiserver's TestSize)", () => {
  const node = ([min, max]: number[]): AstNode => ({ path: undefined, type: undefined, computedSize: { min: BigInt(min), max: BigInt(max) } });
  // the test's nodes: their computed sizes only
  const context = {
    sizeEstimate: (n: AstNode | undefined) => n!.computedSize!,
    listElementNode: () => undefined,
    certain: (t: CelType | undefined) => t!,
  };
  test.each(librarySizeCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { resultSize } = replaceCost(node(c.target), c.args.map(node), context);
    expect(resultSize).toEqual({ min: BigInt(c.result[0]), max: BigInt(c.result[1]) });
  });
});

/**
 * A field's size is looked up by the name as the rule selects it, among the object's fields by their escaped names
 * (apiextensions' sizeEstimator over DeclType.Fields): `self.namespace`, which the checker types by `__namespace__`
 * since 1.31, has no size (figures from cel-go v0.23.2 with apiserver v0.33.13's estimators).
 */
describe('the size of a field whose name is a reserved word', () => {
  const words = { namespace: { type: 'string', maxLength: 63 }, if: { type: 'string', maxLength: 63 } };
  const at = (rule: string) => ({ type: 'object', properties: words, 'x-kubernetes-validations': [{ rule }] });
  test.each([
    [at('self.namespace == oldSelf.namespace'), '5..1844674407370955268'],
    [at("self.namespace.matches('^[a-z]+$')"), '4..3689348814741910530'],
    [at('self.__namespace__ == oldSelf.__namespace__'), '5..30'],
    [at('self.if.startsWith(self.namespace)'), '4..1844674407370955268'],
  ])('%#: %j', (schema, expected) => {
    expect(shown(ruleCost(schema))).toBe(expected);
  });
});

/**
 * cel-go's coster holds paths as Go slices, and an append writes into the array a slice shares while it has room: a
 * nested comprehension's range path (`x.aliases`) shares the array of x's path, which has room, and a selection of x
 * in its body (`x.name`) overwrites it; the range's size is then looked up on the path the body left (figures from
 * cel-go v0.23.2 with apiserver v0.33.13's estimators).
 */
describe('paths that share a Go slice\'s array', () => {
  const lo = { type: 'array', maxItems: 3, items: { type: 'object', properties: { name: { type: 'string', maxLength: 5 }, id: { type: 'integer' }, sub: { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 1 } } } } };
  const items = { type: 'array', maxItems: 10, items: { type: 'object', properties: { name: { type: 'string' }, aliases: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 10 } } } } };
  const at = (properties: Record<string, unknown>, rule: string) => ({ type: 'object', properties, 'x-kubernetes-validations': [{ rule }] });
  test.each([
    [at({ lo }, 'self.lo.all(x, x.sub.all(y, y != x.name))'), '3..441'],
    [at({ lo }, 'self.lo.all(x, x.sub.all(y, x.id > 0))'), '3..21'],
    [at({ lo }, "self.lo.all(x, x.name != '' && x.sub.all(y, y != ''))"), '3..51'],
    [at({ items }, 'self.items.all(x, x.aliases.all(a, a != x.name))'), '3..314572663'],
  ])('%#: %j', (schema, expected) => {
    expect(shown(ruleCost(schema))).toBe(expected);
  });
});

/**
 * The two-variable macros, expanded and typed as cel-go's parser and checker do (a two-variable comprehension's key
 * path is overwritten by its value path where the range's has room), and operands or receivers of dyn type, whose
 * call's overloads tell the result type or the estimate (figures from cel-go v0.23.2 with apiserver v0.33.13's
 * estimators).
 */
describe('two-variable macros and dyn operands', () => {
  const spec = { type: 'object', properties: { labels: { type: 'object', maxProperties: 4, additionalProperties: { type: 'string', maxLength: 63 } } } };
  const misc = {
    m: { type: 'object', maxProperties: 4, additionalProperties: { type: 'string', maxLength: 2 } },
    l: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 3 } },
    ios: { 'x-kubernetes-int-or-string': true },
    li: { type: 'array', maxItems: 4, items: { type: 'integer' } },
  };
  const at = (properties: Record<string, unknown>, rule: string) => ({ type: 'object', properties, 'x-kubernetes-validations': [{ rule }] });
  test.each([
    [at({ spec }, "self.spec.labels.all(k, v, k.matches('^[a-z]+$'))"), '4..228'],
    [at({ spec }, "self.spec.labels.all(k, k.matches('^[a-z]+$'))"), '4..28'],
    [at(misc, 'self.m.all(k, v, v.size() > 1)'), '3..27'],
    [at(misc, "self.l.exists(i, v, v == 'a')"), '3..33'],
    [at(misc, "self.l.transformList(i, v, v + 'a').size() > 1"), '15..90'],
    [at(misc, "self.m.transformMap(k, v, v + 'a').size() > 1"), '35..55'],
    [at(misc, 'self.ios + 1 > 2'), '4..4'],
    [at(misc, 'dyn(self.li).sum() > 0'), '4..5'],
  ])('%#: %j', (schema, expected) => {
    expect(shown(ruleCost(schema))).toBe(expected);
  });
});

/**
 * A rule with optionalOldSelf reads oldSelf as an optional of its node's type: value() and orValue() give a value
 * with no path, so its fields are sized as the node's own (`oldSelf.value().l`: the object's, none) and orValue()'s
 * list has no size at all (figures from cel-go v0.23.2 with apiserver v0.33.13's estimators).
 */
describe('optionalOldSelf', () => {
  const properties = { s: { type: 'string', maxLength: 10 }, l: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 3 } }, i: { type: 'integer' } };
  const at = (rule: string) => ({ type: 'object', properties, 'x-kubernetes-validations': [{ rule }] });
  test.each([
    ['!oldSelf.hasValue() || self.s == oldSelf.value().s', '3..8'],
    ["oldSelf.s.orValue('') == self.s", '5..8'],
    ['oldSelf.l.orValue([]).all(x, x in self.l)', '13..18446744073709551615'],
    ["oldSelf.value().l.all(x, x.matches('^a'))", '4..4'],
    ['oldSelf.i.orValue(0) <= self.i', '5..5'],
    ["oldSelf.l[0].orValue('') == self.l[0]", '7..8'],
  ])('%s', (rule, expected) => {
    expect(shown(ruleCost(at(rule), true))).toBe(expected);
  });
});

/**
 * The optional syntax (`a.?b`, `a[?i]`, `[?x]`, `{?k: v}`), read as cel-go's parser makes it and typed as its checker
 * does (figures from cel-go v0.23.2 with apiserver v0.33.13's estimators; refusals as cel-go's checker refuses).
 */
describe('the optional syntax', () => {
  const properties = {
    s: { type: 'string', maxLength: 10 },
    l: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 3 } },
    i: { type: 'integer' },
    o: { type: 'object', properties: { name: { type: 'string', maxLength: 5 }, tags: { type: 'object', maxProperties: 3, additionalProperties: { type: 'string', maxLength: 3 } } } },
    m: { type: 'object', maxProperties: 4, additionalProperties: { type: 'string', maxLength: 2 } },
  };
  const at = (rule: string) => ({ type: 'object', properties, 'x-kubernetes-validations': [{ rule }] });
  test.each([
    ["self.?s.orValue('') == 'a'", '4..4'],
    ["self.?o.?name.orValue('') != ''", '4..4'],
    ["self.?o.name.orValue('') != ''", '3..3'],
    ["self.l[?0].orValue('') == 'a'", '5..5'],
    ["self.?m[?'k'].hasValue()", '4..4'],
    ["[?self.?s, 'b'].size() > 0", '14..14'],
    ["{?'a': self.?s}.size() >= 0", '34..34'],
    ["{?(self.i > 0 ? 'a' : 'b'): self.?s}.size() > 0", '37..37'],
    ["self.?o.?tags['x'].orValue('') == 'a'", '6..6'],
    ['self.?l.orValue([]).all(x, x.size() > 0)', '14..18446744073709551615'],
    ["self.?o.?name.value().matches('^a')", '5..1844674407370955268'],
    ['[?self.l.first(), ?self.l.last()].size() >= 0', '18..18'],
    ["oldSelf.?s.orValue('') == self.s", '6..9'],
    ['[?self.s].size() > 0', "not compiled: expected type 'optional_type(string)' but found 'string'"],
    ["self.?s == 'a'", "not compiled: found no matching overload for '_==_' applied to '(optional_type, string)'"],
    ['self.?nope.hasValue()', "not compiled: undefined field 'nope' (the declared fields here: i, l, m, o, s)"],
    ['self.?s.?x.hasValue()', "not compiled: type 'string' does not support field selection"],
    ["[self.?o].map(v, v.name) + ['a'] == []", "not compiled: found no matching overload for '_+_' applied to '(list(optional_type), list(string))'"],
    // optMap() and optFlatMap(), expanded as cel-go's parser expands them (optional.none() bound by the other branch)
    ["self.?o.optMap(o, o.name).orValue('') == ''", '5..20'],
    ["self.?s.optMap(x, x + 'a').orValue('') == 'ba'", '6..1844674407370955284'],
    ['self.?o.optFlatMap(o, o.?name).hasValue()', '5..19'],
    ["self.?l.optMap(l, l.all(x, x.matches('^a'))).orValue(true)", '5..18446744073709551615'],
    ['self.?o.optMap(o, o.?tags.optMap(t, t.size()).orValue(0)).orValue(0) >= 0', '6..39'],
    ['self.?o.optMap(o, o.nope).hasValue()', "not compiled: undefined field 'nope' (the declared fields here: name, tags)"],
    // or() and orValue(): optional.none() bound by the other side; values of two types refused
    ["self.?s.or(optional.none()).orValue('') == ''", '5..5'],
    ['optional.none().or(self.?s).hasValue()', '5..5'],
    ['(self.i > 0 ? optional.none() : self.?i).orValue(1) > 0', '6..7'],
    ['self.?s.or(self.?i).hasValue()', "not compiled: found no matching overload for 'or' applied to 'optional_type.(optional_type)' (it takes (optional_type(string)))"],
    ['self.?i.orValue(1.5) > 0.0', "not compiled: found no matching overload for 'orValue' applied to 'optional_type.(double)' (it takes (int))"],
    ['self.?s.or(optional.of(null)).hasValue()', "not compiled: found no matching overload for 'or' applied to 'optional_type.(optional_type)' (it takes (optional_type(string)))"],
    // a dyn argument widens the value type to dyn; a dyn receiver's value is dyn
    ['self.?s.orValue(dyn(1)) == 1', '5..5'],
    ['dyn(self.?s).value() == 1', '5..5'],
    ['dyn(self.l).first().hasValue()', '5..5'],
    // transformMapEntry()'s body gives a map; a rule may end in a comment
    ['self.m.transformMapEntry(k, v, v).size() > 0', "not compiled: found no matching overload for 'cel.@mapInsert' applied to '(map, string)'"],
    ["self.s == 'a' // a comment", '3..3'],
    // optMap() of a dyn: its optional.none() is an optional of dyn
    ["self.?o.?tags['x'].optMap(x, dyn(x)).hasValue()", '7..24'],
    ['self.?s.hasValue() // a.?b', '3..3'],
  ])('%s', (rule, expected) => {
    expect(shown(ruleCost(at(rule)))).toBe(expected);
  });
});
