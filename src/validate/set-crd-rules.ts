// Which CEL rules of a CustomResourceDefinition of the linted set are evaluated. The pinned CRDs' rules are all known
// to evaluate here as the API server evaluates them; a set CRD's may call what @bufbuild/cel does not have (the
// Kubernetes libraries beyond url() and isIP(), optionals, two-variable comprehensions, sets) or read values the API
// server builds otherwise (a `duration`, `date-time` or `byte` string as a CEL duration, timestamp or bytes, read by a
// rule that selects its property; a set or map list compared regardless of order). Such a rule is left out, as is every rule under an untyped
// `x-kubernetes-preserve-unknown-fields` node, which the API server does not run (apiextensions' cel/validation.go);
// a rule kept is marked, so that only a result the API server would give too is reported of it (see `reportable`).
/* eslint-disable @typescript-eslint/no-require-imports */
import type { SchemaNode } from '../codegen/extract-schemas';
import { CelRule, unescapedName } from './cel';

type Cel = typeof import('@bufbuild/cel');
type Expr = NonNullable<ReturnType<Cel['parse']>['expr']>;

/**
 * The functions and operators a set CRD's rule may call: CEL's standard ones that the API server and @bufbuild/cel
 * evaluate alike, cel-go's strings extension (v2, as Kubernetes 1.33 has it), and the Kubernetes ones src/validate/cel.ts
 * adds (its URL functions, isIP(), find() and findAll()). Conversions to timestamps, `type()` and `dyn()` are left
 * out, as are `format()` and `strings.quote()`.
 */
const FUNCTIONS = new Set([
  '_&&_', '_||_', '!_', '_?_:_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_+_', '_-_', '_*_', '_/_', '_%_', '-_',
  '_[_]', '@in', '@not_strictly_false', 'size', 'contains', 'startsWith', 'endsWith', 'matches', 'int', 'uint',
  'double', 'string', 'bool', 'duration', 'charAt', 'indexOf', 'lastIndexOf', 'lowerAscii', 'upperAscii', 'replace',
  'split', 'substring', 'trim', 'join', 'isURL', 'url', 'getScheme', 'getHost', 'getHostname', 'getPort',
  'getEscapedPath', 'isIP', 'find', 'findAll',
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
 * it): a missing key, an index out of range or a division by zero are errors of the rule on the value; any
 * other (a function or an overload the evaluator lacks) says nothing of the value.
 */
export function reportable(error: string): boolean {
  return /^(no such key: |index \S+ out of bounds|int (divide|modulus) by zero)/.test(error);
}

/** The schema of a set CRD's version with only the rules it can evaluate as the API server does, each marked. */
export function vetSetCrdRules(schema: SchemaNode): SchemaNode {
  return vet(schema, false) as SchemaNode;
}

function vet(node: unknown, skipped: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => vet(n, skipped));
  if (typeof node !== 'object' || node === null) return node;
  const schema = node as SchemaNode;
  // an untyped node that keeps unknown fields has no CEL type: its rules and those below it never run
  const untyped = skipped || (schema['x-kubernetes-preserve-unknown-fields'] === true && schema.type === undefined && schema['x-kubernetes-int-or-string'] !== true);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-kubernetes-validations') {
      if (untyped || !Array.isArray(value)) continue;
      const kept = (value as CelRule[]).flatMap((rule) => vetRule(rule, schema));
      if (kept.length > 0) result[key] = kept;
    } else if (key === 'enum' || key === 'default' || key === 'example') {
      result[key] = value;
    } else {
      result[key] = vet(value, untyped);
    }
  }
  return result;
}

/** The rule, marked, when it can be evaluated on values of `node` as the API server evaluates it; else nothing. */
function vetRule(rule: CelRule, node: SchemaNode): SetCrdRule[] {
  if (typeof rule?.rule !== 'string') return [];
  const converted = convertedNames(node);
  if (!evaluable(rule.rule, node, converted)) return [];
  const { messageExpression, ...rest } = rule;
  // a message expression that cannot be evaluated here gives way to the static message
  const message = typeof messageExpression === 'string' && evaluable(messageExpression, node, converted);
  return [{ ...rest, ...(message && { messageExpression }), fromSet: true }];
}

/**
 * The names of the properties at or below a schema node whose values the API server converts by their format (see
 * CONVERTED_FORMATS); `*` when a map's values are such strings, read by any index.
 */
function convertedNames(node: SchemaNode): ReadonlySet<string> {
  const names = new Set<string>();
  const visit = (schema: unknown, name: string | undefined): void => {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return;
    const s = schema as SchemaNode;
    if (typeof s.format === 'string' && CONVERTED_FORMATS.has(s.format) && name !== undefined) names.add(name);
    for (const [key, child] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) visit(child, key);
    if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, '*');
    visit(s.items, name);
    for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(s[combinator])) (s[combinator] as unknown[]).forEach((c) => visit(c, name));
  };
  visit(node, undefined);
  return names;
}

/** Whether an expression parses and uses only what @bufbuild/cel evaluates as cel-go does on values of `node`. */
function evaluable(expression: string, node: SchemaNode, converted: ReadonlySet<string>): boolean {
  const { parse } = require('@bufbuild/cel') as Cel;
  let expr: Expr | undefined;
  try {
    expr = parse(expression).expr;
  } catch {
    return false;
  }
  // a value the API server converts by its format (a string here): a rule on the node itself, or one that selects it
  if (typeof node.format === 'string' && CONVERTED_FORMATS.has(node.format)) return false;
  return expr !== undefined && supported(expr, node, converted);
}

function supported(expr: Expr | undefined, self: SchemaNode, converted: ReadonlySet<string>): boolean {
  const kind = expr?.exprKind;
  const all = (exprs: (Expr | undefined)[]) => exprs.every((e) => supported(e, self, converted));
  switch (kind?.case) {
    case 'constExpr':
    case 'identExpr':
      return true;
    case 'selectExpr':
      return !converted.has(unescapedName(kind.value.field)) && all([kind.value.operand]);
    case 'callExpr': {
      const { function: name, target, args } = kind.value;
      if (!FUNCTIONS.has(name) || !all(target === undefined ? args : [target, ...args])) return false;
      if (name === '_[_]' && (converted.has('*') || (args[1]?.exprKind.case === 'constExpr' && converted.has(String(args[1].exprKind.value.constantKind.value))))) return false;
      // the API server compares a set or map list regardless of order
      return !((name === '_==_' || name === '_!=_') && args.some((a) => isUnorderedList(schemaAt(a, self))));
    }
    case 'listExpr':
      return (kind.value.optionalIndices ?? []).length === 0 && all(kind.value.elements);
    case 'structExpr':
      return kind.value.messageName === '' &&
        kind.value.entries.every((e) => !e.optionalEntry && all([e.value, ...(e.keyKind.case === 'mapKey' ? [e.keyKind.value] : [])]));
    case 'comprehensionExpr': {
      const c = kind.value;
      return all([c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]);
    }
    default:
      return false;
  }
}

/** The schema node a chain of selections and indexes from `self` reads, when the expression is one. */
function schemaAt(expr: Expr, self: SchemaNode): SchemaNode | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name === 'self' ? self : undefined;
  if (kind.case === 'selectExpr') {
    const parent = schemaAt(kind.value.operand as Expr, self);
    return parent === undefined ? undefined : childSchema(parent, kind.value.field);
  }
  if (kind.case === 'callExpr' && kind.value.function === '_[_]') {
    const parent = schemaAt(kind.value.args[0], self);
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
