// Evaluates CRD `x-kubernetes-validations` rules with a real CEL implementation (@bufbuild/cel), plus the
// Kubernetes CEL library functions the pinned CRDs call (url(), isURL() and the URL accessors, isIP()), the regex
// library's find() and findAll() (Karpenter's CRDs call them) and the IP and CIDR libraries (ip(), cidr() and their
// methods, which network policies' and gateways' CRDs call). A rule in the
// subset of src/validate/cel-subset.ts is answered there first; @bufbuild/cel is loaded on first use, for the rest.
/* eslint-disable @typescript-eslint/no-require-imports */
import type { CelEnv } from '@bufbuild/cel';
import type { SchemaNode } from '../codegen/extract-schemas';
import { lazyEntries } from '../codegen/entry-per-line-json';
import { PARSED_CEL_FILE, parseTreeJson } from '../codegen/parsed-cel';
import { celCidr, celIp, cidrIp, containsCidr, containsIp, family, ipPredicates, isCidr, isIp, masked, prefixLength } from './cel-net';
import { findAllStrings, findString } from './cel-regex';
import { charAt, indexOf, lastIndexOf, replace, RUNE_POSITION_FUNCTIONS, split, substring } from './cel-strings';
import { evaluateSubset } from './cel-subset';
import { decodedDuration } from './go-duration';
import { atoiError, parseBoolError } from './go-strconv';
import { GoUrl, parseGoUrl, splitHostPort } from './go-url';
import { readSchemaFileIfAny } from './schema-files';

type Cel = typeof import('@bufbuild/cel');
let loadedCel: Cel | undefined;
// `require` with a literal path: esbuild bundles the package, and runs it only when a rule is outside the subset
const cel = (): Cel => (loadedCel ??= require('@bufbuild/cel') as Cel);

/** A rule as a CRD states it. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  /** Where the failure is reported, relative to the rule's node (e.g. `.spec.port`). */
  readonly fieldPath?: string;
}

/** Why a rule rejected a value: the rule's own message, or the evaluation error (`unevaluated`). */
export type CelOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly unevaluated?: boolean };

/**
 * Kubernetes' url() (k8s.io/apiserver/pkg/cel/library/urls.go): a string Go's url.ParseRequestURI accepts (an absolute
 * URL with a scheme, or an absolute path), read again with url.Parse for the accessors.
 */
function requireUrl(text: string): GoUrl {
  const url = parseGoUrl(text, true) && parseGoUrl(text);
  if (!url) throw new Error(`URL parse error during conversion from string: '${text}'`);
  return url;
}

/**
 * What cel-go (v0.23.2) does otherwise than @bufbuild/cel among the standard functions: a string's int() is Go's
 * strconv.ParseInt in base 10 (JavaScript's BigInt() would take '', ' 5' or '0x10'), its bool() Go's strconv.ParseBool
 * (which takes 'T' and 'F' too), its duration() Go's time.ParseDuration (@bufbuild/cel's takes '' and '+', not 'μs'),
 * each failing as cel-go words it (common/types/string.go); the global matches(); the remainder of the least int
 * by -1, an overflow to cel-go.
 */
const goFunctions = ({ CelScalar, celFunc, objectType }: Cel) => {
  // loaded with @bufbuild/cel, which depends on them
  const { create } = require('@bufbuild/protobuf') as typeof import('@bufbuild/protobuf');
  const { DurationSchema } = require('@bufbuild/protobuf/wkt') as typeof import('@bufbuild/protobuf/wkt');
  const { RE2JS } = require('@bufbuild/re2') as typeof import('@bufbuild/re2');
  return [
    celFunc('int', [CelScalar.STRING], CelScalar.INT, (s) => {
      if (atoiError(s) !== undefined) throw new Error(conversionError('int'));
      return BigInt(s);
    }),
    celFunc('bool', [CelScalar.STRING], CelScalar.BOOL, (s) => {
      if (parseBoolError(s) !== undefined) throw new Error(conversionError('bool'));
      return s === '1' || s.toLowerCase().startsWith('t');
    }),
    celFunc('duration', [CelScalar.STRING], objectType(DurationSchema), (s) => {
      const ns = decodedDuration(s);
      if (ns === undefined) throw new Error(conversionError('google.protobuf.Duration'));
      return create(DurationSchema, { seconds: ns / 1_000_000_000n, nanos: Number(ns % 1_000_000_000n) });
    }),
    celFunc('matches', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, (s, pattern) => RE2JS.compile(pattern).test(s)),
    celFunc('_%_', [CelScalar.INT, CelScalar.INT], CelScalar.INT, (a, b) => {
      if (b === 0n) throw new Error('modulus by zero');
      if (b === -1n && a === -(2n ** 63n)) throw new Error('integer overflow');
      return a % b;
    }),
  ];
};

/** cel-go's error for a string that does not convert to `type`. */
const conversionError = (type: string) => `type conversion error from 'string' to '${type}'`;

/** Whether an evaluation error is a conversion of {@link goFunctions}'. */
export const isConversionError = (message: string): boolean => /^type conversion error from 'string' to '(int|bool|google\.protobuf\.Duration)'/.test(message);

// A Kubernetes URL value is kept as its string; the accessors parse it again (URLs here are short and few).
const kubernetesFunctions = ({ CelScalar, celFunc, celMethod, listType }: Cel) => [
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, isIp),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s) => parseGoUrl(s, true) !== undefined),
  celFunc('url', [CelScalar.STRING], CelScalar.STRING, (s) => (requireUrl(s), s)),
  celMethod('getScheme', CelScalar.STRING, [], CelScalar.STRING, function () {
    return requireUrl(this).scheme;
  }),
  celMethod('getHost', CelScalar.STRING, [], CelScalar.STRING, function () {
    return requireUrl(this).host;
  }),
  celMethod('getHostname', CelScalar.STRING, [], CelScalar.STRING, function () {
    return splitHostPort(requireUrl(this).host).hostname;
  }),
  celMethod('getPort', CelScalar.STRING, [], CelScalar.STRING, function () {
    return splitHostPort(requireUrl(this).host).port;
  }),
  celMethod('getEscapedPath', CelScalar.STRING, [], CelScalar.STRING, function () {
    return requireUrl(this).escapedPath;
  }),
  // k8s.io/apiserver/pkg/cel/library/ip.go and cidr.go, an IP or CIDR kept as its canonical text (./cel-net.ts)
  celFunc('ip', [CelScalar.STRING], CelScalar.STRING, celIp),
  celFunc('cidr', [CelScalar.STRING], CelScalar.STRING, celCidr),
  celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, isCidr),
  celMethod('family', CelScalar.STRING, [], CelScalar.INT, function () {
    return family(this);
  }),
  ...Object.entries(ipPredicates).map(([name, predicate]) =>
    celMethod(name, CelScalar.STRING, [], CelScalar.BOOL, function () {
      return predicate(this);
    }),
  ),
  celMethod('containsIP', CelScalar.STRING, [CelScalar.STRING], CelScalar.BOOL, function (ip) {
    return containsIp(this, ip);
  }),
  celMethod('containsCIDR', CelScalar.STRING, [CelScalar.STRING], CelScalar.BOOL, function (other) {
    return containsCidr(this, other);
  }),
  celMethod('ip', CelScalar.STRING, [], CelScalar.STRING, function () {
    return cidrIp(this);
  }),
  celMethod('prefixLength', CelScalar.STRING, [], CelScalar.INT, function () {
    return prefixLength(this);
  }),
  celMethod('masked', CelScalar.STRING, [], CelScalar.STRING, function () {
    return masked(this);
  }),
  // k8s.io/apiserver/pkg/cel/library/regex.go
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return findString(this, pattern);
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (pattern) {
    return findAllStrings(this, pattern);
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (pattern, n) {
    return findAllStrings(this, pattern, Number(n));
  }),
];

/** ./cel-strings.ts's charAt(), indexOf(), lastIndexOf(), substring(), replace() and split(), in place of @bufbuild/cel's. */
const runePositionFunctions = ({ CelScalar, celMethod, listType }: Cel) => [
  celMethod('charAt', CelScalar.STRING, [CelScalar.INT], CelScalar.STRING, function (i) {
    return charAt(this, i);
  }),
  celMethod('indexOf', CelScalar.STRING, [CelScalar.STRING], CelScalar.INT, function (sub) {
    return indexOf(this, sub);
  }),
  celMethod('indexOf', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], CelScalar.INT, function (sub, offset) {
    return indexOf(this, sub, offset);
  }),
  celMethod('lastIndexOf', CelScalar.STRING, [CelScalar.STRING], CelScalar.INT, function (sub) {
    return lastIndexOf(this, sub);
  }),
  celMethod('lastIndexOf', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], CelScalar.INT, function (sub, offset) {
    return lastIndexOf(this, sub, offset);
  }),
  celMethod('substring', CelScalar.STRING, [CelScalar.INT], CelScalar.STRING, function (start) {
    return substring(this, start);
  }),
  celMethod('substring', CelScalar.STRING, [CelScalar.INT, CelScalar.INT], CelScalar.STRING, function (start, end) {
    return substring(this, start, end);
  }),
  // (`this` may be a String object, which @bufbuild/cel takes for no CEL value if handed back as it is)
  celMethod('replace', CelScalar.STRING, [CelScalar.STRING, CelScalar.STRING], CelScalar.STRING, function (from, to) {
    return replace(String(this), from, to);
  }),
  celMethod('replace', CelScalar.STRING, [CelScalar.STRING, CelScalar.STRING, CelScalar.INT], CelScalar.STRING, function (from, to, n) {
    return replace(String(this), from, to, n);
  }),
  celMethod('split', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (sep) {
    return split(String(this), sep);
  }),
  celMethod('split', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (sep, n) {
    return split(String(this), sep, n);
  }),
];

let env: CelEnv | undefined;
const programs = new Map<string, (ctx: { self: unknown }) => unknown>();
/** The pinned CRDs' expressions as `npm run import` parsed them (src/codegen/parsed-cel.ts), each read when asked for. */
let parsedAhead: ((expression: string) => unknown) | undefined;

/** The parse tree of an expression as `npm run import` parsed it, or undefined when no pinned CRD has it. */
function parsedAheadOf(expression: string): unknown {
  if (parsedAhead === undefined) {
    const bytes = readSchemaFileIfAny(PARSED_CEL_FILE);
    parsedAhead = bytes === undefined ? () => undefined : lazyEntries<unknown>(bytes, parseTreeJson);
  }
  return parsedAhead(expression);
}

/**
 * @bufbuild/cel's parse tree of an expression (the package loaded on first use). Throws when it does not parse. A line
 * end is added: its grammar wants one after a `//` comment, which cel-go's ends at the input's end too.
 */
export function parseCel(expression: string): ReturnType<Cel['parse']> {
  return cel().parse(`${expression}\n`);
}

/** Compiles a CEL expression once per process. Throws when it does not parse. */
function program(expression: string): (ctx: { self: unknown }) => unknown {
  let compiled = programs.get(expression);
  if (!compiled) {
    const { celEnv, plan } = cel();
    const { strings } = require('@bufbuild/cel/ext') as typeof import('@bufbuild/cel/ext');
    // the strings extension with cel-go's string positions (runes, and its answers past the end) and conversions, made once
    env ??= celEnv({
      funcs: [
        ...strings.filter((f) => !RUNE_POSITION_FUNCTIONS.has(f.name)),
        ...runePositionFunctions(cel()),
        ...goFunctions(cel()),
        ...kubernetesFunctions(cel()),
      ],
    });
    const tree = (parsedAheadOf(expression) as ReturnType<Cel['parse']> | undefined) ?? parseCel(expression);
    compiled = plan(env, tree) as (ctx: { self: unknown }) => unknown;
    programs.set(expression, compiled);
  }
  return compiled;
}

/**
 * The value of `expression` with `self` bound: from the subset when it can tell, else from @bufbuild/cel (which may
 * return an error value). Throws when the expression does not parse or plan.
 */
function evaluate(expression: string, self: unknown): unknown {
  const tree = parsedAheadOf(expression);
  const value = tree === undefined ? undefined : evaluateSubset(tree, self);
  return value === undefined ? celValue(expression, self) : value;
}

/** The value of `expression` with `self` bound, from @bufbuild/cel alone: the subset's reference. */
export function celValue(expression: string, self: unknown): unknown {
  return program(expression)({ self });
}

/** Whether a rule can be checked on a new object: transition rules compare with the old one, which a manifest lacks. */
export function isTransitionRule(rule: CelRule): boolean {
  return /\boldSelf\b/.test(rule.rule);
}

/** Evaluates `rule` with `self` bound to `value`, converted to CEL types as the schema node `schema` types it. */
export function evaluateRule(rule: CelRule, value: unknown, schema: SchemaNode): CelOutcome {
  const self = toCel(value, schema);
  let result: unknown;
  try {
    result = evaluate(rule.rule, self);
  } catch (err) {
    return { ok: false, message: evaluationError((err as Error).message, rule), unevaluated: true };
  }
  if (result === true) return { ok: true };
  // (an error is a value of @bufbuild/cel's, which the subset never returns)
  if (typeof result === 'object' && cel().isCelError(result)) return { ok: false, message: evaluationError(result.message, rule), unevaluated: true };
  return { ok: false, message: ruleMessage(rule, self) };
}

/**
 * A rule whose evaluation failed (a missing key, a failed conversion), as the API server words it: the error, then
 * the rule's message, or the rule itself without one (ruleErrorString of apiextensions' cel/validation.go). The error
 * is the evaluator's own, in cel-go's words where they are known to differ (see celGoWords).
 */
function evaluationError(error: string, rule: CelRule): string {
  return `${celGoWords(error)} evaluating rule: ${rule.message?.trim() || rule.rule.trim()}`;
}

/**
 * An error of @bufbuild/cel's in the words of cel-go and the API server's values (apiserver's cel/common/values.go)
 * where they differ: a missing field or map key, an index beyond an object's list (which @bufbuild/cel words alike
 * for a missing int key of a map, where cel-go would say "no such key"), a division or remainder by zero, an int or a
 * duration out of int64's range.
 */
function celGoWords(error: string): string {
  return error
    .replace(/^field not found: /, 'no such key: ')
    .replace(/^index (\S+) out of bounds \[0, -?\d+\)$/, 'index out of bounds: $1')
    .replace(/^int divide by zero$/, 'division by zero')
    .replace(/^int modulus by zero$/, 'modulus by zero')
    .replace(/^(int overflow during .*|duration out of range)$/, 'integer overflow');
}

function ruleMessage(rule: CelRule, self: unknown): string {
  if (rule.messageExpression) {
    try {
      const message = evaluate(rule.messageExpression, self);
      if (typeof message === 'string' && message !== '') return message;
    } catch {
      // as the API server does: fall back to the static message
    }
  }
  return rule.message || `failed rule: ${rule.rule}`;
}

/**
 * A JSON value as the API server hands it to CEL: objects become maps, `integer` fields become CEL ints
 * (bigint), `number` fields doubles, int-or-string fields whichever they hold. Non-nullable null fields are left out,
 * as the API server prunes them before it runs the rules; a nullable property's null is absent to selection; the null
 * of a field no schema describes, in a map that keeps unknown fields, stays, as the API server's pruning leaves it
 * (apiextensions' defaulting/prunenulls.go).
 */
export function toCel(value: unknown, schema: SchemaNode | undefined): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    const type = schema?.type;
    if (type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    const items = schema?.items as SchemaNode | undefined;
    return value.map((v) => toCel(v, items));
  }
  if (typeof value === 'object') {
    const properties = schema?.properties as Record<string, SchemaNode> | undefined;
    const additional = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as SchemaNode) : undefined;
    const map = properties !== undefined ? new CelObject() : new Map<string, unknown>();
    // (an object with properties is a CEL object, whose undeclared fields no rule can read: their nulls are dropped)
    const keepsUnknown = properties === undefined && (schema === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true);
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const child = (properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : undefined) ?? additional;
      // a non-nullable null is pruned; a nullable one stays (an object's CelObject reads it as absent), as does one
      // no schema describes where unknown fields are kept
      if (v === null && (child === undefined ? !keepsUnknown : child.nullable !== true)) continue;
      map.set(key, key === 'metadata' && isResource(schema, child) ? resourceMetadata(v) : toCel(v, child));
    }
    return map;
  }
  return value;
}

/**
 * Whether an object of schema `schema` is a resource whose `metadata` (of schema `metadata`) CEL sees only in part: a
 * custom resource itself (its metadata is ObjectMeta, as src/validate/schemas.ts's crdKindSchema states it) or an
 * `x-kubernetes-embedded-resource`.
 */
function isResource(schema: SchemaNode | undefined, metadata: SchemaNode | undefined): boolean {
  return schema?.['x-kubernetes-embedded-resource'] === true || (typeof metadata?.$ref === 'string' && metadata.$ref.endsWith('.ObjectMeta'));
}

/** A resource's metadata as the API server hands it to CEL: its name and generateName only (apiserver's cel/common/schemas.go). */
function resourceMetadata(metadata: unknown): unknown {
  const map = new Map<string, unknown>();
  if (typeof metadata !== 'object' || metadata === null) return map;
  for (const key of ['name', 'generateName']) {
    const value = (metadata as Record<string, unknown>)[key];
    if (typeof value === 'string') map.set(key, value);
  }
  return map;
}

/** CEL's reserved words, which the API server gives a property name as `__<word>__` (apiserver's cel/escaping.go). */
const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let',
  'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);
const ESCAPED: Readonly<Record<string, string>> = { underscores: '__', dot: '.', dash: '-', slash: '/' };
const ESCAPES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ESCAPED).map(([word, text]) => [text, word]));

/**
 * A property's name among the fields of its object's CEL type (apiserver's cel.Escape): a reserved word as
 * `__<word>__`, `__`, `.`, `-` and `/` as `__underscores__`, `__dot__`, `__dash__` and `__slash__`; undefined for a name
 * the type leaves out (empty, starting with a digit, or with a character other than letters, digits and those).
 */
export function escapedName(name: string): string | undefined {
  if (name === '' || (name[0] >= '0' && name[0] <= '9')) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  let escapable = true;
  const escaped = name.replace(/__|[-./]|[^a-zA-Z0-9\-./_]/g, (match) => {
    const word = ESCAPES[match];
    if (word === undefined) escapable = false;
    return `__${word}__`;
  });
  return escapable ? escaped : undefined;
}

/** Whether a name is one of CEL's reserved words, which a property's escaped name wraps in `__`. */
export const isReservedWord = (name: string): boolean => RESERVED.has(name);

/** A property name as a rule may write it (`__namespace__`, `a__dash__b`), unescaped as the API server unescapes it. */
export function unescapedName(name: string): string {
  const word = /^__([a-z]+)__$/.exec(name)?.[1];
  if (word !== undefined && RESERVED.has(word)) return word;
  return name.replace(/__(underscores|dot|dash|slash)__/g, (_, escape: string) => ESCAPED[escape]);
}

/**
 * An object of a schema with properties, as CEL sees it (apiserver's cel/common/values.go): a field is found by its
 * name or its escaped name, as the API server unescapes the names rules select (`p.__namespace__` reads `namespace`),
 * and a field whose value is null is absent to `has()` and selection, though it counts in the object's size and in
 * its equality with another.
 */
class CelObject extends Map<string, unknown> {
  public override get(key: string): unknown {
    // one lookup for most (no value here is undefined; a name without `__` is no escaped one)
    let value = super.get(key);
    if (value === undefined && key.includes('__')) value = super.get(unescapedName(key));
    return value === null ? undefined : value;
  }

  public override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}
