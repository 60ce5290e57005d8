// Whether the API server compiles a CRD's CEL rules (apiextensions-apiserver v0.33's cel.Compile, on the declared
// types apiserver's SchemaDeclType makes of the schema), as far as it can be told without cel-go's type checker:
// - the node has a type CEL is given (not one that only keeps unknown fields);
// - the rule and its messageExpression parse (../cel-go-parse.ts, the API server's dialect: at 1.27 without the
//   optional syntax);
// - every name is declared: `self`, `oldSelf`, a comprehension's variables, the type names, the global and namespaced
//   functions of the libraries the version's environment has (./cel-environments.ts: at 1.27 no quantities, IPs,
//   CIDRs, semantic versions, sets, formats or optional values), the methods of later libraries only where the
//   version has them (`'%s'.format()`, `x.orValue()`), the macros the version has (two-variable comprehensions since
//   1.32; existsOne() of one variable in none);
// - every field a rule selects is declared on an object's type: the node's properties (those with a type CEL is
//   given), none of an object without properties (even one that keeps unknown fields), and at a resource's root
//   only apiVersion, kind and metadata's name and generateName;
// - a rule whose type is known evaluates to a bool, and then a messageExpression to a string;
// - `oldSelf` only where old and new values correlate (not under the items of a list that is not a map list), and
//   `optionalOldSelf` only on a rule that reads oldSelf;
// - the literals cel-go's validators check (on since 1.29, so not at 1.27): a constant matches() pattern and duration()
//   argument (not a timestamp() argument: not mirrored); and at every version the constant items, keys and values of
//   one literal of one type (HomogeneousAggregateLiterals);
// - before 1.28, an ordering of two numbers of known, different types (`self.replicas > 1.5`).
// Anything this cannot type (a function's result it does not know, a map or list of unknown values, int-or-string
// values, a two-variable comprehension or a binding that hides which names are declared) passes: only what cel-go
// refuses too is reported. A function called without a receiver must be one the libraries declare; of methods (and
// namespaced functions) only the result types of some are known. Not mirrored: overloads (a function called on the
// wrong type), methods no library declares, the optional syntax's types, and the estimated cost.
import { parseCel, unescapedName } from '../cel';
import { celParseProblem } from '../cel-go-parse';
import {
  compilesWith, CROSS_TYPE_COMPARISONS, LATER_GLOBAL_FUNCTIONS, LATER_METHODS, LATER_TYPE_NAMES, laterFeature, LITERAL_VALIDATORS,
  NAMESPACED_FUNCTIONS, OPTIONAL_TYPES, TWO_VARIABLE_COMPREHENSIONS,
} from './cel-environments';
import { MESSAGES, type MessageType } from '../findings';
import { parseDuration } from '../go-duration';
import { regexpProblem } from '../go-regexp';
import { join } from '../structural';
import type { KubernetesVersion } from '../schemas';
import { Fields, isSet, list, record, str } from './go-values';

/** Where the rules are: the node's path, and the highest path above it whose values do not correlate, if any. */
export interface SchemaPath {
  readonly field: string;
  readonly uncorrelatable?: string;
}

type Add = (type: MessageType, field: string, message: string) => void;

/** A type CEL is given for a value, or DYN when it is dynamic or not known here. */
type CelType =
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, CelType> }
  | { readonly kind: 'map'; readonly value: CelType }
  | { readonly kind: 'list'; readonly element: CelType }
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'dyn' };

const DYN: CelType = { kind: 'dyn' };
const scalar = (name: string): CelType => ({ kind: 'scalar', name });
const BOOL = scalar('bool');
const INT = scalar('int');
const STRING = scalar('string');

/** Names that are not variables but types (`net.IP` is read as a selection of `net`). */
const TYPE_NAMES = new Set(['bool', 'bytes', 'double', 'dyn', 'int', 'list', 'map', 'null_type', 'string', 'type', 'uint', 'google', ...Object.keys(LATER_TYPE_NAMES)]);
/** Calls that bind names @bufbuild/cel's parser does not expand: with one of them, undeclared names are not told. */
const BINDERS = new Set([
  'all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'transformList', 'transformMap', 'transformMapEntry', 'optMap',
  'optFlatMap', 'bind', 'block', 'sortBy',
]);
/** The functions a rule may call without a receiver in every version (not namespaced: `strings.quote()` is read as a call on a name). */
const GLOBAL_FUNCTIONS = new Set(['bool', 'bytes', 'double', 'duration', 'dyn', 'has', 'int', 'matches', 'size', 'string', 'timestamp', 'type', 'uint', 'url', 'isURL']);
/** The macros of two iteration variables (ext.TwoVarComprehensions), with the argument counts they take. */
const TWO_VARIABLE_MACROS: ReadonlyMap<string, readonly number[]> = new Map([
  ['all', [3]], ['exists', [3]], ['existsOne', [3]], ['exists_one', [3]], ['transformList', [3, 4]], ['transformMap', [3, 4]], ['transformMapEntry', [3, 4]],
]);
const OPTIONAL_MACROS = new Set(['optMap', 'optFlatMap']);
const ORDERINGS = new Set(['_<_', '_<=_', '_>_', '_>=_']);
const NUMBERS = new Set(['int', 'uint', 'double']);
const BOOL_CALLS = new Set([
  '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_&&_', '_||_', '!_', '@in', '@not_strictly_false', 'startsWith', 'endsWith',
  'contains', 'matches', 'isIP', 'isURL', 'isCIDR', 'isQuantity', 'isSemver', 'isSorted',
]);

/** The rules of a node whose schema is structural and free of problems, compiled as the API server compiles them. */
export function compileRules(schema: Fields, isResourceRoot: boolean, path: SchemaPath, add: Add, libraries: KubernetesVersion): void {
  const selfType = declType(schema, isResourceRoot);
  if (!selfType) {
    // cel.Compile: failed to convert to declType for CEL validation rules
    add(MESSAGES.invalidFieldValue, join(path.field, 'x-kubernetes-validations'), 'no rule can be compiled here: CEL is given no type for this node (give it a type; a node that only keeps unknown fields has none)');
    return;
  }
  list(schema['x-kubernetes-validations']).forEach((value, i) => {
    const rule = record(value) ?? {};
    const at = `${join(path.field, 'x-kubernetes-validations')}[${i}]`;
    const optionalOldSelf = rule.optionalOldSelf === true;
    const env: Env = { self: selfType, oldSelf: optionalOldSelf ? DYN : selfType, libraries };
    const compiled = compile(str(rule.rule), env);
    const notBool = compiled.problem === undefined && known(compiled.type) && !sameType(compiled.type, BOOL);
    if (compiled.problem !== undefined) add(MESSAGES.invalidFieldValue, join(at, 'rule'), `compilation failed: ${compiled.problem}`);
    else if (notBool) add(MESSAGES.invalidFieldValue, join(at, 'rule'), `cel expression must evaluate to a bool, got ${describe(compiled.type as CelType)}`);
    // compileRule stops at a rule that fails, before its messageExpression
    const messageExpression = compiled.problem === undefined && !notBool ? str(rule.messageExpression) : '';
    if (messageExpression.trim() !== '') {
      const message = compile(messageExpression, env);
      if (message.problem !== undefined) add(MESSAGES.invalidFieldValue, join(at, 'messageExpression'), `messageExpression compilation failed: ${message.problem}`);
      else if (known(message.type) && !sameType(message.type, STRING)) {
        add(MESSAGES.invalidFieldValue, join(at, 'messageExpression'), `messageExpression must evaluate to a string, got ${describe(message.type)}`);
      }
    }
    // of a rule that does not compile, cel.Compile tells no use of oldSelf
    const usesOldSelf = compiled.problem === undefined && !notBool && compiled.type !== undefined && compiled.usesOldSelf;
    if (usesOldSelf && path.uncorrelatable !== undefined) {
      add(MESSAGES.invalidFieldValue, join(at, 'rule'), `oldSelf cannot be used on the uncorrelatable portion of the schema within ${path.uncorrelatable} (the items of a list correlate only in a map list)`);
    } else if (!usesOldSelf && isSet(rule.optionalOldSelf) && (compiled.problem !== undefined || compiled.type !== undefined)) {
      add(MESSAGES.invalidFieldValue, join(at, 'optionalOldSelf'), 'may not be set if oldSelf is not used in rule');
    }
  });
}

interface Env {
  readonly self: CelType;
  readonly oldSelf: CelType;
  /** The Kubernetes version whose libraries are declared. */
  readonly libraries: KubernetesVersion;
}

/** What compiling an expression tells: a problem, or its type (undefined when the tree could not be read here). */
interface Compiled {
  readonly problem?: string;
  readonly type?: CelType;
  readonly usesOldSelf: boolean;
}

type Expr = NonNullable<ReturnType<typeof parseCel>['expr']>;

function compile(expression: string, env: Env): Compiled {
  const parseProblem = celParseProblem(expression, compilesWith(OPTIONAL_TYPES, env.libraries) ? 'kubernetes' : 'kubernetes-1.27');
  if (parseProblem !== undefined) return { problem: parseProblem, usesOldSelf: false };
  let parsed: ReturnType<typeof parseCel>;
  try {
    parsed = parseCel(expression);
  } catch {
    // the optional syntax, which @bufbuild/cel does not read
    return { usesOldSelf: false };
  }
  const tree = parsed.expr;
  if (!tree) return { usesOldSelf: false };
  const checker = new Checker(env, !hasBinder(tree), parsed.sourceInfo?.macroCalls ?? {});
  const type = checker.typeOf(tree, new Map(), false);
  return checker.problem === undefined ? { type, usesOldSelf: checker.usesOldSelf } : { problem: checker.problem, usesOldSelf: false };
}

function hasBinder(expr: Expr): boolean {
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'callExpr':
      return BINDERS.has(kind.value.function) || (kind.value.target !== undefined && hasBinder(kind.value.target)) || kind.value.args.some(hasBinder);
    case 'selectExpr':
      return kind.value.operand !== undefined && hasBinder(kind.value.operand);
    case 'listExpr':
      return kind.value.elements.some(hasBinder);
    case 'structExpr':
      return kind.value.entries.some((entry) => (entry.keyKind.case === 'mapKey' && hasBinder(entry.keyKind.value)) || (entry.value !== undefined && hasBinder(entry.value)));
    case 'comprehensionExpr': {
      const c = kind.value;
      return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].some((part) => part !== undefined && hasBinder(part));
    }
    default:
      return false;
  }
}

/** Types the parse tree of one expression; keeps the first problem cel-go's checker would report too. */
class Checker {
  public problem: string | undefined;
  public usesOldSelf = false;
  /** How deep the walk is inside format() calls, whose literals may mix types. */
  private formatDepth = 0;

  public constructor(
    private readonly env: Env,
    private readonly tellsUndeclared: boolean,
    /** The calls @bufbuild/cel's parser expanded as macros, by the id of their expansion. */
    private readonly macroCalls: Readonly<Record<string, Expr>>,
  ) {}

  public typeOf(expr: Expr, scope: ReadonlyMap<string, CelType>, callTarget: boolean): CelType {
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return constantType(kind.value.constantKind.case);
      case 'identExpr':
        return this.ident(kind.value.name, scope, callTarget);
      case 'selectExpr': {
        const operand = kind.value.operand ? this.typeOf(kind.value.operand, scope, callTarget) : DYN;
        const selected = this.select(operand, kind.value.field);
        return kind.value.testOnly ? BOOL : selected;
      }
      case 'callExpr':
        return this.call(kind.value.function, kind.value.target, kind.value.args, scope);
      case 'listExpr':
        kind.value.elements.forEach((element) => this.typeOf(element, scope, false));
        if (this.formatDepth === 0) this.checkHomogeneous(kind.value.elements, 'items');
        return { kind: 'list', element: DYN };
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') this.typeOf(entry.keyKind.value, scope, false);
          if (entry.value) this.typeOf(entry.value, scope, false);
        }
        if (kind.value.messageName === '' && this.formatDepth === 0) {
          const entries = kind.value.entries.filter((entry) => !entry.optionalEntry);
          this.checkHomogeneous(entries.flatMap((entry) => (entry.keyKind.case === 'mapKey' ? [entry.keyKind.value] : [])), 'keys');
          this.checkHomogeneous(entries.flatMap((entry) => (entry.value ? [entry.value] : [])), 'values');
        }
        return kind.value.messageName === '' ? { kind: 'map', value: DYN } : DYN;
      case 'comprehensionExpr':
        return this.comprehension(kind.value, scope, expr.id);
      default:
        return DYN;
    }
  }

  private ident(name: string, scope: ReadonlyMap<string, CelType>, callTarget: boolean): CelType {
    const bound = scope.get(name);
    if (bound) return bound;
    if (name === 'self') return this.env.self;
    if (name === 'oldSelf') {
      this.usesOldSelf = true;
      return this.env.oldSelf;
    }
    const laterType = Object.hasOwn(LATER_TYPE_NAMES, name) ? LATER_TYPE_NAMES[name] : undefined;
    if (laterType && !compilesWith(laterType, this.env.libraries)) this.fail(`undeclared reference to '${name}' (${laterFeature(laterType, this.env.libraries)})`);
    if (!TYPE_NAMES.has(name) && !callTarget && this.tellsUndeclared) {
      this.fail(`undeclared reference to '${name}' (a rule reads its value as self, and the value before an update as oldSelf)`);
    }
    return DYN;
  }

  private select(operand: CelType, field: string): CelType {
    if (operand.kind === 'map') return operand.value;
    if (operand.kind !== 'object') return DYN;
    const type = operand.fields.get(field) ?? operand.fields.get(unescapedName(field));
    if (type) return type;
    const declared = operand.fields.size === 0 ? 'none: an object without properties declares no field' : [...operand.fields.keys()].sort().join(', ');
    this.fail(`undefined field '${field}' (the declared fields here: ${declared})`);
    return DYN;
  }

  private call(name: string, target: Expr | undefined, args: readonly Expr[], scope: ReadonlyMap<string, CelType>): CelType {
    const version = this.env.libraries;
    if (name === 'format') this.formatDepth++;
    if (target && !this.namespaced(name, target, scope)) this.method(name, target, args.length, scope);
    const argTypes = args.map((arg) => this.typeOf(arg, scope, false));
    if (name === 'format') this.formatDepth--;
    if (!target && !GLOBAL_FUNCTIONS.has(name) && /^[A-Za-z]/.test(name) && this.tellsUndeclared) {
      const later = Object.hasOwn(LATER_GLOBAL_FUNCTIONS, name) ? LATER_GLOBAL_FUNCTIONS[name] : undefined;
      if (later === undefined) this.fail(`undeclared reference to '${name}' (no library declares such a function)`);
      else if (!compilesWith(later, version)) this.fail(`undeclared reference to '${name}' (${laterFeature(later, version)})`);
    }
    const [left, right] = argTypes;
    if (ORDERINGS.has(name) && left.kind === 'scalar' && right.kind === 'scalar' && NUMBERS.has(left.name) && NUMBERS.has(right.name) && left.name !== right.name) {
      if (!compilesWith(CROSS_TYPE_COMPARISONS, version)) {
        this.fail(`found no matching overload for '${name}' applied to '(${left.name}, ${right.name})' (${laterFeature(CROSS_TYPE_COMPARISONS, version)})`);
      }
    }
    if (compilesWith(LITERAL_VALIDATORS, version)) this.checkLiteral(name, args);
    if (BOOL_CALLS.has(name)) return BOOL;
    if (name === 'size' || name === 'int') return INT;
    if (name === 'string') return STRING;
    if (name === '_[_]' && !target) {
      const container = argTypes[0];
      if (container?.kind === 'list') return container.element;
      if (container?.kind === 'map') return container.value;
    }
    if (name === '_?_:_' && argTypes.length === 3 && sameType(argTypes[1], argTypes[2])) return argTypes[1];
    return DYN;
  }

  /**
   * A call on a name that no variable has (`sets.contains(a, b)`), which cel-go reads as a namespaced function:
   * whether it is one. One that the version does not declare fails on the name, as cel-go then reads it as a value.
   */
  private namespaced(name: string, target: Expr, scope: ReadonlyMap<string, CelType>): boolean {
    if (target.exprKind.case !== 'identExpr') return false;
    const namespace = target.exprKind.value.name;
    if (scope.has(namespace) || namespace === 'self' || namespace === 'oldSelf' || TYPE_NAMES.has(namespace)) return false;
    const qualified = `${namespace}.${name}`;
    const feature = Object.hasOwn(NAMESPACED_FUNCTIONS, qualified) ? NAMESPACED_FUNCTIONS[qualified] : undefined;
    if (feature && !compilesWith(feature, this.env.libraries)) {
      this.fail(`undeclared reference to '${namespace}' (${qualified}() is of ${laterFeature(feature, this.env.libraries)})`);
    } else if (!feature && this.tellsUndeclared) {
      this.fail(`undeclared reference to '${namespace}' (no variable has this name, and no library declares ${qualified}())`);
    }
    return true;
  }

  /** A call on a value: its receiver's type, and whether the version declares the function, if a later library brought it. */
  private method(name: string, target: Expr, arity: number, scope: ReadonlyMap<string, CelType>): void {
    this.typeOf(target, scope, true);
    const version = this.env.libraries;
    const twoVariables = TWO_VARIABLE_MACROS.get(name)?.includes(arity);
    const macro = twoVariables ? TWO_VARIABLE_COMPREHENSIONS : OPTIONAL_MACROS.has(name) && arity === 2 ? OPTIONAL_TYPES : undefined;
    const later = macro ?? (Object.hasOwn(LATER_METHODS, name) ? LATER_METHODS[name] : undefined);
    if (later && !compilesWith(later, version)) this.fail(`undeclared reference to '${name}' (${laterFeature(later, version)})`);
  }

  /** cel-go's literal validators (on since 1.29): a constant pattern of matches(), a constant duration() argument. */
  private checkLiteral(name: string, args: readonly Expr[]): void {
    const first = args[0]?.exprKind;
    if (first?.case !== 'constExpr' || first.value.constantKind.case !== 'stringValue') return;
    const literal = first.value.constantKind.value;
    if (name === 'matches' && regexpProblem(literal) !== undefined) this.fail(`invalid matches argument: ${regexpProblem(literal)}`);
    if (name === 'duration' && parseDuration(literal) === undefined) this.fail(`invalid duration argument: ${JSON.stringify(literal)} is no Go duration`);
  }

  /** ValidateHomogeneousAggregateLiterals, of literals whose items are all constants: one type for all. */
  private checkHomogeneous(items: readonly Expr[], what: string): void {
    let first: string | undefined;
    for (const item of items) {
      if (item.exprKind.case !== 'constExpr') return;
      const type = describe(constantType(item.exprKind.value.constantKind.case));
      first ??= type;
      if (type !== first) {
        this.fail(`expected type '${first}' but found '${type}' (the ${what} of a literal must be of one type)`);
        return;
      }
    }
  }

  private comprehension(c: Extract<Expr['exprKind'], { case: 'comprehensionExpr' }>['value'], scope: ReadonlyMap<string, CelType>, id: bigint): CelType {
    // @bufbuild/cel expands x.existsOne(y, p) as cel-go's parser.AllMacros do; the API server's standard macros do not
    const call = this.macroCalls[String(id)]?.exprKind;
    if (call?.case === 'callExpr' && call.value.function === 'existsOne' && call.value.args.length === 2) {
      this.fail("undeclared reference to 'existsOne' (of one variable it is no macro of the API server's CEL: write exists_one())");
    }
    const range = c.iterRange ? this.typeOf(c.iterRange, scope, false) : DYN;
    const accumulator = c.accuInit ? this.typeOf(c.accuInit, scope, false) : DYN;
    const inner = new Map(scope);
    inner.set(c.accuVar, accumulator);
    if (c.iterVar2 !== '') {
      inner.set(c.iterVar, DYN);
      inner.set(c.iterVar2, DYN);
    } else {
      inner.set(c.iterVar, range.kind === 'list' ? range.element : range.kind === 'map' ? STRING : DYN);
    }
    for (const part of [c.loopCondition, c.loopStep]) if (part) this.typeOf(part, inner, false);
    const afterLoop = new Map(scope);
    afterLoop.set(c.accuVar, accumulator);
    return c.result ? this.typeOf(c.result, afterLoop, false) : DYN;
  }

  private fail(problem: string): void {
    this.problem ??= problem;
  }
}

/** The types of CEL's constants, by the parse tree's kind of constant. */
const CONSTANT_TYPES: Readonly<Record<string, CelType>> = {
  boolValue: BOOL,
  int64Value: INT,
  uint64Value: scalar('uint'),
  doubleValue: scalar('double'),
  stringValue: STRING,
  bytesValue: scalar('bytes'),
  nullValue: scalar('null_type'),
};

const constantType = (kind: string | undefined): CelType => (kind !== undefined && Object.hasOwn(CONSTANT_TYPES, kind) ? CONSTANT_TYPES[kind] : DYN);

/** Whether a type is known here (not dynamic, nor unread). */
const known = (type: CelType | undefined): type is CelType => type !== undefined && type.kind !== 'dyn';

/** Whether two types are the same known type (list and map types are the same whatever their elements). */
function sameType(a: CelType | undefined, b: CelType | undefined): boolean {
  if (!known(a) || !known(b)) return false;
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.name === b.name;
  return a.kind === b.kind && a.kind !== 'scalar';
}

function describe(type: CelType): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'object':
      return 'an object';
    default:
      return `a ${type.kind}`;
  }
}

/**
 * SchemaDeclType: the type CEL is given for a node, or undefined when it is given none (a node that only keeps
 * unknown fields, a list without items). A resource's root always has apiVersion, kind and metadata's name and
 * generateName (WithTypeAndObjectMeta).
 */
function declType(schema: Fields, isResourceRoot: boolean): CelType | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return DYN;
  const node = isResourceRoot ? withTypeAndObjectMeta(schema) : schema;
  switch (str(node.type)) {
    case 'array': {
      const items = record(node.items);
      const element = items && declType(items, items['x-kubernetes-embedded-resource'] === true);
      return element && { kind: 'list', element };
    }
    case 'object': {
      const additional = record(node.additionalProperties);
      if (additional) {
        const value = declType(additional, additional['x-kubernetes-embedded-resource'] === true);
        return value && { kind: 'map', value };
      }
      const fields = new Map<string, CelType>();
      for (const [name, value] of Object.entries(record(node.properties) ?? {})) {
        const property = record(value) ?? {};
        const type = declType(property, property['x-kubernetes-embedded-resource'] === true);
        if (type) fields.set(name, type);
      }
      return { kind: 'object', fields };
    }
    case 'string':
      return scalar({ byte: 'bytes', duration: 'duration', date: 'timestamp', 'date-time': 'timestamp' }[str(node.format)] ?? 'string');
    case 'boolean':
      return BOOL;
    case 'number':
      return scalar('double');
    case 'integer':
      return INT;
    default:
      return undefined;
  }
}

const STRING_SCHEMA = { type: 'string' };

function withTypeAndObjectMeta(schema: Fields): Fields {
  const properties = record(schema.properties) ?? {};
  const typeOf = (value: unknown) => record(value)?.type;
  const metadata = record(properties.metadata);
  const metadataProperties = record(metadata?.properties) ?? {};
  if (
    typeOf(properties.kind) === 'string' &&
    typeOf(properties.apiVersion) === 'string' &&
    metadata?.type === 'object' &&
    typeOf(metadataProperties.name) === 'string' &&
    typeOf(metadataProperties.generateName) === 'string'
  ) {
    return schema;
  }
  const objectMeta = { type: 'object', properties: { name: STRING_SCHEMA, generateName: STRING_SCHEMA } };
  return { ...schema, properties: { ...properties, kind: STRING_SCHEMA, apiVersion: STRING_SCHEMA, metadata: objectMeta } };
}

