// Which CEL rules of a CustomResourceDefinition of the linted set are evaluated. The pinned CRDs' rules are all known
// to evaluate here as the API server evaluates them; a set CRD's may call what @bufbuild/cel does not have (the
// Kubernetes libraries beyond URLs, IPs, CIDRs and regexes, optionals, two-variable comprehensions, sets) or read values the API
// server builds otherwise (a `duration`, `date-time` or `byte` string as a CEL duration, timestamp or bytes, read by a
// rule that selects its property; a set or map list compared regardless of order; a map key whose value is null, which
// @bufbuild/cel's `in` and has() do not find). Such a rule is left out, as is every rule under an untyped
// `x-kubernetes-preserve-unknown-fields` node, which the API server does not run (apiextensions' cel/validation.go);
// a rule kept is marked, so that only a result the API server would give too is reported of it (see `reportable`).
import type { SchemaNode } from '../codegen/extract-schemas';
import { CelRule, isConversionError, parseCel, unescapedName } from './cel';
import { isNetParseError } from './cel-net';

type Cel = typeof import('@bufbuild/cel');
type Expr = NonNullable<ReturnType<Cel['parse']>['expr']>;

/**
 * The functions and operators a set CRD's rule may call: CEL's standard ones that the API server and @bufbuild/cel
 * evaluate alike, the part of cel-go's strings extension (v2, as Kubernetes 1.33 has it) that @bufbuild/cel
 * evaluates alike, and the Kubernetes ones src/validate/cel.ts adds (its URL functions, isIP(), find() and findAll(),
 * the IP and CIDR libraries, and string positions, replace() and split() as cel-go's Go code has them:
 * src/validate/cel-strings.ts). Left out: conversions whose parsing or formatting differs (`double`, `uint`; `string`
 * and `int` are vetted by their argument, and `int()`, `bool()` and `duration()` of a string parse as Go does, in
 * src/validate/cel.ts), timestamps, `type()`, `dyn()`, `format()` and `strings.quote()`.
 */
const FUNCTIONS = new Set([
  '_&&_', '_||_', '!_', '_?_:_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_+_', '_-_', '_*_', '_/_', '_%_', '-_',
  '_[_]', '@in', '@not_strictly_false', 'size', 'contains', 'startsWith', 'endsWith', 'matches', 'int', 'string',
  'bool', 'duration', 'lowerAscii', 'upperAscii', 'replace', 'split', 'trim', 'join', 'isURL', 'url', 'getScheme',
  'getHost', 'getHostname', 'getPort', 'getEscapedPath', 'isIP', 'find', 'findAll', 'ip', 'cidr', 'isCIDR', 'family',
  'isUnspecified', 'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast', 'containsIP',
  'containsCIDR', 'prefixLength', 'masked', 'charAt', 'indexOf', 'lastIndexOf', 'substring',
]);

/** The operators that compare or join whole values, which the API server does for set and map lists regardless of order. */
const WHOLE_VALUE_OPERATORS = new Set(['_==_', '_!=_', '@in', '_+_']);

/** Calls whose result is a string, number or bool, never a list or map. */
const SCALAR_CALLS = new Set([
  'size', 'contains', 'startsWith', 'endsWith', 'matches', 'int', 'string', 'bool', 'lowerAscii', 'upperAscii', 'replace',
  'trim', 'join', 'charAt', 'indexOf', 'lastIndexOf', 'substring', 'isURL', 'getScheme', 'getHost', 'getHostname', 'getPort', 'getEscapedPath', 'isIP', 'find', 'ip', 'cidr',
  'isCIDR', 'family', 'isUnspecified', 'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast',
  'containsIP', 'containsCIDR', 'prefixLength', 'masked', '_&&_',
  '_||_', '!_', '_<_', '_<=_', '_>_', '_>=_', '_==_', '_!=_', '@in', '_-_', '_*_', '_/_', '_%_', '-_',
]);

/** String formats the API server hands to CEL as other types (apiserver's cel/common/values.go). */
const CONVERTED_FORMATS = new Set(['byte', 'duration', 'date', 'date-time']);

/** A rule of a set CRD, evaluated with care: only a false result or a runtime error cel-go gives too is reported. */
export interface SetCrdRule extends CelRule {
  readonly fromSet: true;
}

/** Whether a rule is a set CRD's (see {@link vetSetCrdRules}). */
export const isSetCrdRule = (rule: CelRule): rule is SetCrdRule => (rule as Partial<SetCrdRule>).fromSet === true;

/**
 * Whether the API server would report the error a set CRD's rule met while evaluating (as src/validate/cel.ts words
 * it): a missing key, an index out of range, a division by zero, an int beyond int64's range, a string that int() or
 * bool() cannot convert and the IP and CIDR libraries' parse errors are errors of the rule on the value; any other (a
 * function or an overload the evaluator lacks) says nothing of the value.
 */
export function reportable(error: string): boolean {
  return /^(no such key: |index out of bounds: |index out of range: |invalid substring range|division by zero |modulus by zero |integer overflow )/.test(error) ||
    isNetParseError(error) || isConversionError(error);
}

/** The schema of a set CRD's version with only the rules it can evaluate as the API server does, each marked. */
export function vetSetCrdRules(schema: SchemaNode): SchemaNode {
  return vet(schema, false) as SchemaNode;
}

function vet(node: unknown, skipped: boolean): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const schema = node as SchemaNode;
  // an untyped node that keeps unknown fields has no CEL type: its rules and those below it never run
  const untyped = skipped || (schema['x-kubernetes-preserve-unknown-fields'] === true && schema.type === undefined && schema['x-kubernetes-int-or-string'] !== true);
  const below = (child: unknown) => vet(child, untyped);
  const result: Record<string, unknown> = {};
  // the keys of a schema node: its subschemas are vetted, its other values (enum, default, example...) kept as written
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-kubernetes-validations') {
      // a value the API server converts by its format (a string here) gets none of its rules evaluated
      if (untyped || !Array.isArray(value) || (typeof schema.format === 'string' && CONVERTED_FORMATS.has(schema.format))) continue;
      const traits: NodeTraits = {
        self: schema,
        converted: convertedNames(schema),
        unordered: holdsUnorderedList(schema),
        nullValues: holdsNullableValues(schema),
      };
      const kept = (value as CelRule[]).flatMap((rule) => vetRule(rule, traits));
      if (kept.length > 0) result[key] = kept;
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      result[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, below(child)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      result[key] = below(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      result[key] = value.map(below);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** What a rule's node holds that @bufbuild/cel would read otherwise than the API server. */
interface NodeTraits {
  /** The rule's node itself. */
  readonly self: SchemaNode;
  /**
   * The names of the properties at or below it whose values the API server converts by their format (see
   * CONVERTED_FORMATS); `*` when such values lie in a list's items or a map's values, read by an index or an iteration.
   */
  readonly converted: ReadonlySet<string>;
  /** Whether a set or map list lies at or below it, which the API server compares and joins regardless of order. */
  readonly unordered: boolean;
  /**
   * Whether a map whose values may be null lies at or below it: such a key is in the map to the API server, and not
   * to @bufbuild/cel's `in` and `has()`.
   */
  readonly nullValues: boolean;
}

/** The rule, marked, when it can be evaluated on values of its node as the API server evaluates it; else nothing. */
function vetRule(rule: CelRule, traits: NodeTraits): SetCrdRule[] {
  if (typeof rule?.rule !== 'string' || !evaluable(rule.rule, traits)) return [];
  const { messageExpression, ...rest } = rule;
  // a message expression that cannot be evaluated here gives way to the static message
  const message = typeof messageExpression === 'string' && evaluable(messageExpression, traits);
  return [{ ...rest, ...(message && { messageExpression }), fromSet: true }];
}

/** See {@link NodeTraits.converted}. */
function convertedNames(node: SchemaNode): ReadonlySet<string> {
  const names = new Set<string>();
  const visit = (schema: unknown, name: string | undefined): void => {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return;
    const s = schema as SchemaNode;
    if (typeof s.format === 'string' && CONVERTED_FORMATS.has(s.format) && name !== undefined) names.add(name);
    for (const [key, child] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) visit(child, key);
    if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, '*');
    // a list's items are read by index or iteration, and by the list's name where it is a property
    visit(s.items, '*');
    if (name !== undefined) visit(s.items, name);
    for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(s[combinator])) (s[combinator] as unknown[]).forEach((c) => visit(c, name));
  };
  visit(node, undefined);
  return names;
}

/** See {@link NodeTraits.unordered}. */
const holdsUnorderedList = (node: unknown): boolean => holds(node, isUnorderedList);

/** See {@link NodeTraits.nullValues}. */
const holdsNullableValues = (node: unknown): boolean => holds(node, mayHoldNullValues);

/** Whether a schema node or one below it meets `test`. */
function holds(node: unknown, test: (node: SchemaNode) => boolean): boolean {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const s = node as SchemaNode;
  if (test(s)) return true;
  const children = [...Object.values((s.properties ?? {}) as Record<string, unknown>), s.items, s.additionalProperties];
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(s[combinator])) children.push(...(s[combinator] as unknown[]));
  return children.some((child) => holds(child, test));
}

/**
 * Whether a node is a map (no properties) whose values may be null, which lint keeps as the API server does: its values'
 * schema is nullable, or it keeps unknown fields.
 */
function mayHoldNullValues(node: SchemaNode): boolean {
  const values = node.additionalProperties;
  if (node.properties !== undefined) return false;
  return node['x-kubernetes-preserve-unknown-fields'] === true || (typeof values === 'object' && values !== null && (values as SchemaNode).nullable === true);
}

/**
 * Whether `in` or `has()` may ask @bufbuild/cel for a key whose value is null in the map an expression reads: where
 * the rule's node holds such a map and the expression's schema is not known to be another (an object with properties
 * is read by its own rules, src/validate/cel.ts's CelObject).
 */
function mayAskNullKey(expr: Expr, traits: NodeTraits, scope: Scope): boolean {
  if (!traits.nullValues) return false;
  const node = schemaAt(expr, traits.self, scope);
  // (a literal list has no keys, and a literal map with a null value is left out where it is written)
  if (node === undefined) return expr.exprKind.case !== 'listExpr' && expr.exprKind.case !== 'structExpr';
  return node.type !== 'array' && node.properties === undefined && (node.additionalProperties === undefined || mayHoldNullValues(node));
}

/** Whether an expression parses and uses only what @bufbuild/cel evaluates as cel-go does on values of the node. */
function evaluable(expression: string, traits: NodeTraits): boolean {
  let expr: Expr | undefined;
  try {
    expr = parseCel(expression).expr;
  } catch {
    return false;
  }
  return expr !== undefined && supported(expr, traits, new Map());
}

/** The schemas of the comprehension variables in scope, where known (a list's items, a map's keys). */
type Scope = ReadonlyMap<string, SchemaNode | undefined>;

function supported(expr: Expr | undefined, traits: NodeTraits, scope: Scope): boolean {
  const kind = expr?.exprKind;
  const all = (exprs: (Expr | undefined)[], inner = scope) => exprs.every((e) => supported(e, traits, inner));
  const { self, converted } = traits;
  switch (kind?.case) {
    case 'constExpr':
    case 'identExpr':
      return true;
    case 'selectExpr':
      // has() only asks whether the field is there, not what it holds
      if (kind.value.testOnly && kind.value.operand !== undefined && mayAskNullKey(kind.value.operand, traits, scope)) return false;
      return (kind.value.testOnly || !converted.has(unescapedName(kind.value.field))) && all([kind.value.operand]);
    case 'callExpr': {
      const { function: name, target, args } = kind.value;
      if (!FUNCTIONS.has(name) || !all(target === undefined ? args : [target, ...args])) return false;
      if (name === '@in' && args[1] !== undefined && mayAskNullKey(args[1], traits, scope)) return false;
      if (name === '_[_]') {
        const key = args[1]?.exprKind;
        if (converted.has('*') || (key?.case === 'constExpr' && converted.has(String(key.value.constantKind.value)))) return false;
      }
      // int() of a duration is its nanoseconds to cel-go, its seconds to @bufbuild/cel (an item of the object's list or
      // map is never one); string() of a double is %g in Go
      const readFromObject = (a: Expr) => a.exprKind.case === 'callExpr' && a.exprKind.value.function === '_[_]' && schemaAt(a, self, scope) !== undefined;
      if (name === 'int' && !args.every((a) => a.exprKind.case !== 'callExpr' || readFromObject(a))) return false;
      if (name === 'string' && !args.every((a) => isStringable(a, self, scope))) return false;
      // duration() of anything but a string is an error to cel-go, a number of seconds to @bufbuild/cel
      if (name === 'duration' && !args.every((a) => isString(a, self, scope))) return false;
      // strings are ordered by their UTF-8 bytes in cel-go, by their UTF-16 units in @bufbuild/cel
      if (ORDERINGS.has(name) && args.some((a) => mayBeString(a, self, scope))) return false;
      // the API server compares and joins set and map lists regardless of order, at any depth of a value (a value
      // compared with, joined to or looked up among constants is not a list that holds one)
      const constants = args.some(isConstant) || (name === '@in' && args[1] !== undefined && isConstantList(args[1]));
      // a list joined to a plain one (a literal, or what filter() and map() build) is appended in order by both
      const appended = name === '_+_' && args[0] !== undefined && isPlainList(args[0], scope);
      return !(traits.unordered && WHOLE_VALUE_OPERATORS.has(name) && !constants && !appended && !args.every((a) => isScalar(a, self, scope)));
    }
    case 'listExpr':
      return (kind.value.optionalIndices ?? []).length === 0 && all(kind.value.elements);
    case 'structExpr':
      // a literal map with a null value: a key @bufbuild/cel's `in` and `has()` do not find
      return kind.value.messageName === '' &&
        kind.value.entries.every((e) => !e.optionalEntry && !isNull(e.value) && all([e.value, ...(e.keyKind.case === 'mapKey' ? [e.keyKind.value] : [])]));
    case 'comprehensionExpr': {
      // an iteration reaches every item: none may be a value the API server converts
      const c = kind.value;
      if (converted.has('*') || !all([c.iterRange, c.accuInit])) return false;
      // the variable is a list's item, or a map's (or an object's) key
      const range = c.iterRange === undefined ? undefined : schemaAt(c.iterRange, self, scope);
      const item = range?.type === 'array' ? (range.items as SchemaNode | undefined) : range !== undefined ? { type: 'string' } : undefined;
      // the accumulator of all(), exists() and exists_one() starts as a bool or an int, and stays one; that of
      // filter() and map() as an empty list, to which they append
      const accumulator = c.accuInit?.exprKind.case === 'constExpr' ? { type: 'integer' } : c.accuInit?.exprKind.case === 'listExpr' ? PLAIN_LIST : undefined;
      return all([c.loopCondition, c.loopStep, c.result], new Map(scope).set(c.iterVar, item).set(c.accuVar, accumulator));
    }
    default:
      return false;
  }
}

const SCALAR_TYPES = new Set(['string', 'integer', 'number', 'boolean']);

const isConstant = (expr: Expr) => expr.exprKind.case === 'constExpr';
const isNull = (expr: Expr | undefined) => expr?.exprKind.case === 'constExpr' && expr.exprKind.value.constantKind.case === 'nullValue';
const isConstantList = (expr: Expr) => expr.exprKind.case === 'listExpr' && expr.exprKind.value.elements.every(isConstant);
/** Whether an expression is a literal map of constant keys and values, each value meeting `test`. */
const isConstantMap = (expr: Expr | undefined, test: (value: Expr) => boolean) =>
  expr?.exprKind.case === 'structExpr' && expr.exprKind.value.messageName === '' &&
  expr.exprKind.value.entries.every((e) => e.keyKind.case === 'mapKey' && isConstant(e.keyKind.value) && e.value !== undefined && isConstant(e.value) && test(e.value));

const ORDERINGS = new Set(['_<_', '_<=_', '_>_', '_>=_']);

/** The schema of a list built in the rule (the accumulator of filter() and map()), not read from the object. */
const PLAIN_LIST: SchemaNode = { type: 'array' };

/** Whether an expression is a list the rule builds: a literal, a filter() or map(), or their accumulator. */
function isPlainList(expr: Expr, scope: Scope): boolean {
  const kind = expr.exprKind;
  if (kind.case === 'listExpr') return true;
  if (kind.case === 'comprehensionExpr') return kind.value.accuInit?.exprKind.case === 'listExpr';
  return kind.case === 'identExpr' && scope.get(kind.value.name) === PLAIN_LIST;
}

/**
 * Whether a comprehension yields a bool: all(), exists() and exists_one() (the macros whose accumulator starts as a
 * constant) do; filter() and map() yield lists.
 */
const yieldsBool = (expr: Expr) => expr.exprKind.case === 'comprehensionExpr' && expr.exprKind.value.accuInit?.exprKind.case === 'constExpr';

/** Calls whose result is a number or a duration. */
const NUMERIC_CALLS = new Set(['size', 'int', 'duration', '_-_', '_*_', '_/_', '_%_', '-_', 'family', 'prefixLength']);

/** Calls whose result string() writes alike in both: an int, or an IP or CIDR (kept as the text Go's String() writes). */
const STRINGABLE_CALLS = new Set(['size', 'int', 'ip', 'cidr', 'masked', 'family', 'prefixLength']);

/** Whether an expression may be a string, as far as its form and the schema tell. */
function mayBeString(expr: Expr, self: SchemaNode, scope: Scope): boolean {
  const kind = expr.exprKind;
  if (kind.case === 'constExpr') return kind.value.constantKind.case === 'stringValue';
  if ((kind.case === 'selectExpr' && kind.value.testOnly) || yieldsBool(expr)) return false;
  if (kind.case === 'callExpr' && kind.value.function !== '_[_]') {
    const { function: name, args } = kind.value;
    if (name === '_+_') return args.some((a) => mayBeString(a, self, scope));
    if (name === '_?_:_') return args.slice(1).some((a) => mayBeString(a, self, scope));
    return !NUMERIC_CALLS.has(name);
  }
  // a literal map of numbers, looked up (`{'a': 1}[k]`)
  if (kind.case === 'callExpr' && kind.value.function === '_[_]' && isConstantMap(kind.value.args[0], (value) => !mayBeString(value, self, scope))) return false;
  const node = schemaAt(expr, self, scope);
  return node === undefined || !(node.type === 'integer' || node.type === 'number');
}

/** Whether an expression's value is a string, number or bool, never a list or map, whatever the object holds. */
function isScalar(expr: Expr, self: SchemaNode, scope: Scope): boolean {
  const kind = expr.exprKind;
  if (kind.case === 'constExpr' || (kind.case === 'selectExpr' && kind.value.testOnly) || yieldsBool(expr)) return true;
  if (kind.case === 'callExpr' && kind.value.function !== '_[_]') {
    const { function: name, args } = kind.value;
    if (name === '_?_:_') return isScalar(args[1], self, scope) && isScalar(args[2], self, scope);
    if (name === '_+_') return args.every((a) => isScalar(a, self, scope));
    return SCALAR_CALLS.has(name);
  }
  const node = schemaAt(expr, self, scope);
  return node !== undefined && (SCALAR_TYPES.has(node.type as string) || node['x-kubernetes-int-or-string'] === true);
}

/** Whether string() of an expression is written alike by cel-go and @bufbuild/cel: a string, an int, a bool, an IP or a CIDR. */
function isStringable(expr: Expr, self: SchemaNode, scope: Scope): boolean {
  const kind = expr.exprKind;
  if (kind.case === 'constExpr') return kind.value.constantKind.case !== 'doubleValue';
  if (kind.case === 'callExpr' && kind.value.function !== '_[_]') return STRINGABLE_CALLS.has(kind.value.function);
  const type = schemaAt(expr, self, scope)?.type;
  return type === 'string' || type === 'integer' || type === 'boolean';
}

/** Whether an expression is a string constant, or reads a property the schema types as a string. */
function isString(expr: Expr, self: SchemaNode, scope: Scope): boolean {
  const kind = expr.exprKind;
  if (kind.case === 'constExpr') return kind.value.constantKind.case === 'stringValue';
  return kind.case !== 'callExpr' || kind.value.function === '_[_]' ? schemaAt(expr, self, scope)?.type === 'string' : false;
}

/** The schema node a chain of selections and indexes from `self` or a comprehension variable reads, when known. */
function schemaAt(expr: Expr, self: SchemaNode, scope: Scope): SchemaNode | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name === 'self' ? self : scope.get(kind.value.name);
  if (kind.case === 'selectExpr') {
    const parent = schemaAt(kind.value.operand as Expr, self, scope);
    return parent === undefined ? undefined : childSchema(parent, unescapedName(kind.value.field));
  }
  if (kind.case === 'callExpr' && kind.value.function === '_[_]') {
    const parent = schemaAt(kind.value.args[0], self, scope);
    if (parent === undefined) return undefined;
    return parent.type === 'array' ? (parent.items as SchemaNode | undefined) : childSchema(parent, undefined);
  }
  return undefined;
}

function childSchema(parent: SchemaNode, field: string | undefined): SchemaNode | undefined {
  const properties = parent.properties as Record<string, SchemaNode> | undefined;
  if (field !== undefined && properties !== undefined && Object.hasOwn(properties, field)) return properties[field];
  return typeof parent.additionalProperties === 'object' ? (parent.additionalProperties as SchemaNode) : undefined;
}

function isUnorderedList(node: SchemaNode | undefined): boolean {
  const listType = node?.['x-kubernetes-list-type'];
  return node?.type === 'array' && (listType === 'set' || listType === 'map');
}
