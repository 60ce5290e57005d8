// Whether the API server compiles a CEL expression, as far as it can be told without cel-go's type checker: the
// expression parses (../cel-go-parse.ts, the API server's dialect: at 1.27 without the optional syntax); every name
// is declared (the variables of the expression's kind, a comprehension's variables, the type names); every function
// and macro is one the version's environment declares and one of its overloads takes the arguments' types
// (./cel-functions.ts: `x.startWith('a')` names no function, `quantity(a) < quantity(b)` no ordering of quantities);
// every field selected on a declared object type is one of its fields (by its escaped name), and nothing but a map or
// an object has fields; only a list (by an int) and a map (by a key of its keys' type) is indexed; `&&`, `||` and `!` take bools, a
// condition a bool and branches of one type; an ordering compares values of one type (or, since 1.28, two numbers),
// an equality (and `in`, of a member) two of one type (or null and an object, a timestamp, a duration or a library's
// type), an arithmetic operator the types of one of its overloads; the items of a literal are of one type
// (HomogeneousAggregateLiterals); and the literals cel-go's validators check (since 1.29): a constant matches()
// pattern, duration() and timestamp() argument.
// The optional syntax is read by ./cel-optional-syntax.ts, the macros @bufbuild/cel leaves as calls expanded by
// ./cel-macros.ts; an optional is typed with its value's type (oldSelf with optionalOldSelf, `a.?b`, value()).
// Its type, where known: what callers compare with the type the expression must have. `dyn` is known where cel-go
// gives it for sure (a value of a dyn variable, an int-or-string field, a selection or index of one, dyn()). Anything
// this cannot type (a map or list of unknown values, a call bound by a macro it does not expand, which hides which
// names are declared) passes: only what cel-go refuses too is reported.
// What it gives the cost estimate (./cel-cost.ts): each node's type.
import { isReservedWord, parseCel } from '../cel';
import { celParseProblem } from '../cel-go-parse';
import { rfc3339Seconds } from '../formats';
import { decodedDuration } from '../go-duration';
import { regexpProblem } from '../go-regexp';
import { atoiError, parseBoolError, parseUintError } from '../go-strconv';
import type { KubernetesVersion } from '../schemas';
import { compilesWith, CROSS_TYPE_COMPARISONS, KEYWORD_FIELD_NAMES, LATER_TYPE_NAMES, laterFeature, LITERAL_VALIDATORS, OPTIONAL_TYPES, TWO_VARIABLE_COMPREHENSIONS } from './cel-environments';
import { isDeclared, macroOf, resolveCall, unavailable } from './cel-functions';
import { expandMacros, MAP_INSERT } from './cel-macros';
import { OPTIONAL_INDEX, OPTIONAL_SELECT, parseOptionalSyntax } from './cel-optional-syntax';
import { someNode } from './cel-tree';
import type { Checked } from './cel-cost';
import {
  BOOL, type CelType, DYN, DYNAMIC, INT, isNullable, isOptional, known, listOf, optionalOf, optionalValue, overloadName, sameType, scalar, STRING,
  unwrapped,
} from './cel-types';

/** Names that are not variables but types (`net.IP` is read as a selection of `net`). */
const TYPE_NAMES = new Set(['bool', 'bytes', 'double', 'dyn', 'int', 'list', 'map', 'null_type', 'string', 'type', 'uint', 'google', ...Object.keys(LATER_TYPE_NAMES)]);
/** The primitive types' names, which are values of type `type`. */
const PRIMITIVE_TYPE_NAMES = new Set(['bool', 'bytes', 'double', 'dyn', 'int', 'list', 'map', 'null_type', 'string', 'type', 'uint']);
/** Calls that bind names @bufbuild/cel's parser does not expand: with one of them, undeclared names are not told. */
const BINDERS = new Set([
  'all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'transformList', 'transformMap', 'transformMapEntry', 'optMap',
  'optFlatMap', 'sortBy',
]);
const ORDERINGS = new Set(['_<_', '_<=_', '_>_', '_>=_']);
const NUMBERS = new Set(['int', 'uint', 'double']);
/** The types cel-go's orderings compare with a value of the same type. */
const ORDERED = new Set(['bool', 'bytes', 'double', 'duration', 'int', 'string', 'timestamp', 'uint']);
/** cel-go's timestamp range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, in Unix seconds. */
const MIN_TIMESTAMP = -62135596800;
const MAX_TIMESTAMP = 253402300799;
/** The operators of a bool result. */
const BOOL_OPERATORS = new Set(['_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_&&_', '_||_', '!_', '@in', '@not_strictly_false']);

/** What an expression is compiled with. */
export interface CelEnv {
  /** The variables it may read, by name. */
  readonly variables: ReadonlyMap<string, CelType>;
  /** What an expression of its kind reads, for the message on a name that is not declared. */
  readonly undeclaredHint: string;
  /** Why an object type has no fields, for the message on a field it does not declare. */
  readonly noFieldsHint?: string;
  /** The Kubernetes version whose environment compiles it. */
  readonly libraries: KubernetesVersion;
}

/** What compiling an expression tells: a problem, or its type (undefined when the tree could not be read here). */
export interface Compiled {
  readonly problem?: string;
  /** Whether the problem is that the expression does not parse. */
  readonly syntax?: boolean;
  /**
   * Whether the expression compiles and the problem is the program's, which the API server makes after the checks of
   * the type (a constant regex Go refuses): its type is then given too.
   */
  readonly instantiation?: boolean;
  readonly type?: CelType;
  /** The declared variables it reads. */
  readonly reads: ReadonlySet<string>;
  /** The checked tree, where the expression compiles and its program is made: what its cost is estimated on. */
  readonly checked?: Checked;
}

export type Expr = NonNullable<ReturnType<typeof parseCel>['expr']>;

const NO_READS: ReadonlySet<string> = new Set();

/** Compiles an expression as the API server does, as far as it is mirrored here. */
export function compileCel(expression: string, env: CelEnv): Compiled {
  const parseProblem = celParseProblem(expression, compilesWith(OPTIONAL_TYPES, env.libraries) ? 'kubernetes' : 'kubernetes-1.27');
  if (parseProblem !== undefined) return { problem: parseProblem, syntax: true, reads: NO_READS };
  let parsed: ReturnType<typeof parseCel> | undefined;
  try {
    parsed = parseCel(expression);
  } catch {
    // the optional syntax, which @bufbuild/cel does not read
    parsed = compilesWith(OPTIONAL_TYPES, env.libraries) ? parseOptionalSyntax(expression) : undefined;
  }
  if (!parsed) return { reads: NO_READS };
  let tree = parsed.expr;
  if (!tree) return { reads: NO_READS };
  // @bufbuild/cel's parser leaves ext.TwoVarComprehensions' and the optional library's macros as calls: expanded as
  // cel-go's parser expands them
  const macros = { twoVariable: compilesWith(TWO_VARIABLE_COMPREHENSIONS, env.libraries), optional: compilesWith(OPTIONAL_TYPES, env.libraries) };
  tree = expandMacros(tree, macros);
  const checker = new Checker(env, !hasBinder(tree), parsed.sourceInfo?.macroCalls ?? {});
  const type = checker.typeOf(tree, new Map());
  if (checker.problem !== undefined) return { problem: checker.problem, reads: NO_READS };
  if (checker.programProblem !== undefined) return { problem: checker.programProblem, instantiation: true, type, reads: checker.reads };
  const checked = { tree, types: checker.types, namespaced: checker.namespacedCalls, qualified: checker.qualifiedSelects };
  return { type, reads: checker.reads, checked };
}

function hasBinder(expr: Expr): boolean {
  return someNode(expr, (e) => e.exprKind.case === 'callExpr' && BINDERS.has(e.exprKind.value.function));
}

/** The dotted name a selection of names spells (`a.b.c`), or undefined where it selects from another expression. */
function qualifiedName(expr: Expr): string | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case !== 'selectExpr' || kind.value.testOnly || !kind.value.operand) return undefined;
  const operand = qualifiedName(kind.value.operand);
  return operand === undefined ? undefined : `${operand}.${kind.value.field}`;
}

/** Types the parse tree of one expression; keeps the first problem cel-go's checker would report too. */
class Checker {
  public problem: string | undefined;
  /** The first problem of making the program, told only where the expression compiles. */
  public programProblem: string | undefined;
  public readonly reads = new Set<string>();
  /** Each node's type, by id. */
  public readonly types = new Map<bigint, CelType>();
  /** The calls of a namespaced function (`sets.contains(a, b)`), by id: their qualified name. */
  public readonly namespacedCalls = new Map<bigint, string>();
  /** The selections read as a variable of a qualified name (`authorizer.requestResource`), by id: the name. */
  public readonly qualifiedSelects = new Map<bigint, string>();
  /** How deep the walk is inside format() calls, whose literals may mix types. */
  private formatDepth = 0;
  /** Whether a variable has a qualified name (`authorizer.requestResource`), which selections are then read as. */
  private readonly qualifiedVariables: boolean;

  public constructor(
    private readonly env: CelEnv,
    private readonly tellsUndeclared: boolean,
    /** The calls @bufbuild/cel's parser expanded as macros, by the id of their expansion. */
    private readonly macroCalls: Readonly<Record<string, Expr>>,
  ) {
    this.qualifiedVariables = [...env.variables.keys()].some((name) => name.includes('.'));
  }

  public typeOf(expr: Expr, scope: ReadonlyMap<string, CelType>): CelType {
    const type = this.nodeType(expr, scope);
    this.types.set(expr.id, type);
    return type;
  }

  private nodeType(expr: Expr, scope: ReadonlyMap<string, CelType>): CelType {
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return constantType(kind.value.constantKind.case);
      case 'identExpr':
        return this.ident(kind.value.name, scope);
      case 'selectExpr': {
        // a declared variable of a qualified name (`authorizer.requestResource`), which cel-go looks up first
        const qualified = this.qualifiedVariables && !kind.value.testOnly ? qualifiedName(expr) : undefined;
        const variable = qualified !== undefined && !scope.has(qualified.split('.')[0]) ? this.env.variables.get(qualified) : undefined;
        if (variable) {
          this.reads.add(qualified!);
          this.qualifiedSelects.set(expr.id, qualified!);
          return variable;
        }
        const operand = kind.value.operand ? this.typeOf(kind.value.operand, scope) : DYN;
        const selected = this.select(operand, kind.value.field);
        return kind.value.testOnly ? BOOL : selected;
      }
      case 'callExpr':
        return this.call(expr.id, kind.value.function, kind.value.target, kind.value.args, scope);
      case 'listExpr': {
        const optionals = new Set(kind.value.optionalIndices);
        const elements = kind.value.elements.map((element, i) => {
          const type = this.typeOf(element, scope);
          return optionals.has(i) ? this.optionalItem(type) : type;
        });
        if (this.formatDepth === 0 && kind.value.optionalIndices.length === 0) this.checkHomogeneous(elements, 'items');
        return { kind: 'list', element: commonType(elements) };
      }
      case 'structExpr': {
        const keys: CelType[] = [];
        const values: CelType[] = [];
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') keys.push(this.typeOf(entry.keyKind.value, scope));
          if (entry.value) values.push(entry.optionalEntry ? this.optionalItem(this.typeOf(entry.value, scope)) : this.typeOf(entry.value, scope));
        }
        const optional = kind.value.entries.some((entry) => entry.optionalEntry);
        if (kind.value.messageName === '' && this.formatDepth === 0 && !optional) {
          this.checkHomogeneous(keys, 'keys');
          this.checkHomogeneous(values, 'values');
        }
        return kind.value.messageName === '' ? { kind: 'map', key: optional ? DYN : commonType(keys), value: optional ? DYN : commonType(values) } : DYN;
      }
      case 'comprehensionExpr':
        return this.comprehension(kind.value, scope, expr.id);
      default:
        return DYN;
    }
  }

  /**
   * The type of optional.none() where the type it must agree with binds its value type (the checker's substitution of
   * the type parameter): that type, recorded for the call too; any other expression's own type.
   */
  private boundNone(e: Expr, type: CelType, other: CelType): CelType {
    const kind = e.exprKind;
    // as optMap() expands it, or as a rule writes it (a namespaced call)
    const isNone =
      kind.case === 'callExpr' && kind.value.args.length === 0 &&
      (kind.value.target ? this.namespacedCalls.get(e.id) === 'optional.none' : kind.value.function === 'optional.none');
    if (!isNone || !isOptional(other) || other.of === undefined || !(known(other.of) || isDynamic(other.of))) return type;
    this.types.set(e.id, other);
    return other;
  }

  /**
   * or(optional(V), optional(V)): either side binds an optional.none() on the other (the checker's substitution). The
   * receiver's type, bound; the argument's is bound in place.
   */
  private boundOr(target: Expr, receiver: CelType, arg: Expr, argTypes: CelType[]): CelType {
    argTypes[0] = this.boundNone(arg, argTypes[0], receiver);
    return this.boundNone(target, receiver, argTypes[0]);
  }

  /** An optional item of a literal (`[?x]`, `{?k: v}`): its value's type; one known to be no optional is refused. */
  private optionalItem(type: CelType): CelType {
    if (isOptional(type)) return optionalValue(type);
    if (known(type)) this.fail(`expected type 'optional_type(${shownType(type)})' but found '${shownType(type)}'`);
    return type;
  }

  private ident(name: string, scope: ReadonlyMap<string, CelType>): CelType {
    const bound = scope.get(name) ?? this.env.variables.get(name);
    if (bound) {
      if (!scope.has(name)) this.reads.add(name);
      return bound;
    }
    const laterType = Object.hasOwn(LATER_TYPE_NAMES, name) ? LATER_TYPE_NAMES[name] : undefined;
    if (laterType && !compilesWith(laterType, this.env.libraries)) this.fail(`undeclared reference to '${name}' (${laterFeature(laterType, this.env.libraries)})`);
    if (!TYPE_NAMES.has(name) && this.tellsUndeclared) this.fail(`undeclared reference to '${name}' (${this.env.undeclaredHint})`);
    // a primitive type's name is a value of type `type` (`type(self.x) == int`)
    return PRIMITIVE_TYPE_NAMES.has(name) ? scalar('type') : DYN;
  }

  private select(operand: CelType, field: string): CelType {
    // checkSelectField: a field of an optional's value, optional too (`oldSelf.spec` where oldSelf is optional)
    if (isOptional(operand) && operand.of !== undefined) return optionalOf(this.select(operand.of, field));
    if (operand.kind === 'map') return operand.value;
    if (operand.kind === 'dyn' && operand.certain) return DYNAMIC;
    if (operand.kind === 'list' || operand.kind === 'scalar') {
      // checkSelectField: only maps and objects have fields (a library's object type declares none)
      this.fail(`type '${overloadName(operand)}' does not support field selection`);
      return DYN;
    }
    if (operand.kind !== 'object') return DYN;
    // a CRD object's fields are held by their escaped names; since 1.31 a reserved word finds its escape too
    // (DeclTypeProvider.FindStructFieldType): `self.namespace` reads `__namespace__`
    const type =
      operand.fields.get(field) ?? (isReservedWord(field) && compilesWith(KEYWORD_FIELD_NAMES, this.env.libraries) ? operand.fields.get(`__${field}__`) : undefined);
    if (type) return type;
    const declared = operand.fields.size === 0 ? `none${this.env.noFieldsHint ?? ''}` : [...operand.fields.keys()].sort().join(', ');
    this.fail(`undefined field '${field}' (the declared fields here: ${declared})`);
    return DYN;
  }

  private call(id: bigint, name: string, target: Expr | undefined, args: readonly Expr[], scope: ReadonlyMap<string, CelType>): CelType {
    const version = this.env.libraries;
    if (name === 'format') this.formatDepth++;
    const namespaced = target ? this.namespaced(name, target, scope) : undefined;
    if (namespaced) this.namespacedCalls.set(id, namespaced);
    let receiver = target && namespaced === undefined ? this.typeOf(target, scope) : undefined;
    const argTypes = args.map((arg) => this.typeOf(arg, scope));
    if (name === 'format') this.formatDepth--;
    if (compilesWith(LITERAL_VALIDATORS, version)) this.checkLiteral(name, args);
    this.checkConstantPattern(name, target, args);
    this.checkConstantConversion(name, target, args);
    if (namespaced === null) return DYN;
    if (name === MAP_INSERT && target === undefined) {
      // (map(K, V), K, V) or (map(K, V), map(K, V)): the map, its types bound by the entry
      const [map, key, value] = argTypes;
      if (argTypes.length === 2 && known(key) && key.kind !== 'map') {
        // transformMapEntry()'s body must give a map
        this.fail(`found no matching overload for '${MAP_INSERT}' applied to '(${overloadName(map)}, ${overloadName(key)})'`);
      }
      return argTypes.length === 3 ? { kind: 'map', key, value } : argTypes.length === 2 && map.kind === 'map' ? (key.kind === 'map' ? joined(map, key) : map) : DYN;
    }
    if (name === OPTIONAL_SELECT && argTypes.length === 2 && args[1].exprKind.case === 'constExpr') {
      // checkOptSelect: an optional of the field, of an optional's value's field too
      const field = args[1].exprKind.value.constantKind.value;
      return optionalOf(this.select(unwrapped(argTypes[0]), String(field)));
    }
    // list_optindex_optional_int, map_optindex_optional_value and their optional receivers' overloads
    if (name === OPTIONAL_INDEX && argTypes.length === 2) return optionalOf(this.index(unwrapped(argTypes[0]), argTypes[1], name));
    if (name === 'or' && receiver && argTypes.length === 1) receiver = this.boundOr(target!, receiver, args[0], argTypes);
    if (/^[A-Za-z]/.test(name)) return this.function(namespaced ?? name, receiver, argTypes);
    const [left, right] = argTypes;
    if (ORDERINGS.has(name) && left.kind === 'scalar' && right.kind === 'scalar') this.ordering(name, left.name, right.name);
    if ((name === '_==_' || name === '_!=_') && known(left) && known(right) && !comparable(left, right)) {
      this.fail(`found no matching overload for '${name}' applied to '(${overloadName(left)}, ${overloadName(right)})'`);
    }
    const arithmetic = this.arithmetic(name, argTypes);
    if (arithmetic !== undefined) return arithmetic;
    // `in`: (A, list(A)) or (A, map(A, B))
    if (name === '@in' && known(left) && known(right)) {
      const member = right.kind === 'list' ? right.element : right.kind === 'map' ? right.key : undefined;
      if (member === undefined || (known(member) && !comparable(left, member))) {
        this.fail(`found no matching overload for '@in' applied to '(${overloadName(left)}, ${overloadName(right)})'`);
      }
    }
    this.logical(name, argTypes);
    if (BOOL_OPERATORS.has(name)) return BOOL;
    if (name === '_[_]' && argTypes.length === 2) return this.index(left, right);
    if (name === '_?_:_' && argTypes.length === 3) {
      // optional.none()'s value type is the one the other branch binds (as optMap() expands it)
      const [, then, otherwise] = args;
      return this.conditional([argTypes[0], this.boundNone(then, argTypes[1], argTypes[2]), this.boundNone(otherwise, argTypes[2], argTypes[1])]);
    }
    return DYN;
  }

  /**
   * A call of a named function or macro, on a receiver or not (a namespaced one by its qualified name): whether the
   * version declares it, and the type of the overloads its arguments' types take.
   */
  private function(name: string, receiver: CelType | undefined, argTypes: readonly CelType[]): CelType {
    const version = this.env.libraries;
    const member = receiver !== undefined;
    const macro = macroOf(name, member, argTypes.length, version);
    if (macro !== undefined) {
      if (macro.later !== undefined) this.fail(`undeclared reference to '${name}' (${macro.later})`);
      return DYN;
    }
    const resolved = resolveCall(name, member, member ? [receiver, ...argTypes] : argTypes, version);
    if (resolved === undefined) {
      this.fail(`undeclared reference to '${name}' (no library declares such a function)`);
      return DYN;
    }
    if (resolved.problem !== undefined) this.fail(resolved.problem);
    return name === 'dyn' && !member ? DYNAMIC : resolved.type;
  }

  /**
   * A call on a name that no variable has (`sets.contains(a, b)`), or that names a function with it, which cel-go
   * reads as a namespaced function first: the function's qualified name; null where the name is neither a variable
   * nor the namespace of a function the version declares (reported, or passed over where undeclared names are not
   * told); undefined for a call on a value.
   */
  private namespaced(name: string, target: Expr, scope: ReadonlyMap<string, CelType>): string | null | undefined {
    if (target.exprKind.case !== 'identExpr') return undefined;
    const namespace = target.exprKind.value.name;
    const qualified = `${namespace}.${name}`;
    const variable = scope.has(namespace) || this.env.variables.has(namespace) || TYPE_NAMES.has(namespace);
    if (isDeclared(qualified)) {
      const later = unavailable(qualified, this.env.libraries);
      if (later === undefined) return qualified;
      if (variable) return undefined;
      this.fail(`undeclared reference to '${namespace}' (${qualified}() is of ${later})`);
      return null;
    }
    if (variable) return undefined;
    if (this.tellsUndeclared) this.fail(`undeclared reference to '${namespace}' (no variable has this name, and no library declares ${qualified}())`);
    return null;
  }

  /**
   * An arithmetic operator on known types: the type of its one overload, or a problem where cel-go declares none
   * (`'replicas: ' + self.replicas`: no string and int; no numbers of two types, as for equality). Undefined where a
   * type is not known or the call is no such operator.
   */
  private arithmetic(name: string, types: readonly CelType[]): CelType | undefined {
    if (!Object.hasOwn(ARITHMETIC, name) || types.length !== (name === '-_' ? 1 : 2)) return undefined;
    const overloads = ARITHMETIC[name];
    if (!types.every((type) => known(type))) {
      // a dyn operand: the overloads the known operands take, and their result where they agree (`self.ios + 1`: int);
      // where they differ cel-go's checker gives dyn, for sure only where no operand's type is merely not known here
      if (!types.every((type) => known(type) || isDynamic(type))) return undefined;
      const results = new Set(
        Object.entries(overloads)
          .filter(([key]) => key.split(',').every((param, i) => !known(types[i]) || param === overloadName(types[i])))
          .map(([, result]) => result),
      );
      if (results.size !== 1) return results.size === 0 ? undefined : DYNAMIC;
      const [result] = results;
      return result === 'list' ? listOf(DYN) : scalar(result);
    }
    const key = types.map(overloadName).join(',');
    if (Object.hasOwn(overloads, key) && overloads[key] !== 'list') return scalar(overloads[key]);
    // add_list (list(A), list(A)): lists of items of one type, where both are known
    if (Object.hasOwn(overloads, key) && sameType(types[0], types[1])) return joined(types[0], types[1]);
    const shown = (type: CelType): string => (type.kind === 'list' ? `list(${shown(type.element)})` : shownType(type));
    this.fail(`found no matching overload for '${name}' applied to '(${types.map(overloads[key] === 'list' ? shown : overloadName).join(', ')})'`);
    return DYN;
  }

  /** The logical operators take bools: `&&` and `||` each operand (a type mismatch), `!` its one (an overload). */
  private logical(name: string, types: readonly CelType[]): void {
    const notBool = types.find((type) => known(type) && !sameType(type, BOOL));
    if (notBool === undefined) return;
    if (name === '_&&_' || name === '_||_') this.fail(`expected type 'bool' but found '${overloadName(notBool)}'`);
    if (name === '!_') this.fail(`found no matching overload for '!_' applied to '(${overloadName(notBool)})'`);
  }

  /** An index: a list's by an int, a map's by a key of its keys' type (IndexList, IndexMap); nothing else is indexed. */
  private index(container: CelType, index: CelType, name = '_[_]'): CelType {
    // the optional library's optional_list_index_int and optional_map_index_value: an optional of the item
    if (isOptional(container) && container.of !== undefined) {
      const of = container.of;
      if (of.kind === 'list' || of.kind === 'map' || of.kind === 'dyn') return optionalOf(this.index(of, index, name));
    }
    if (container.kind === 'dyn') return container.certain ? DYNAMIC : DYN;
    const key = container.kind === 'list' ? INT : container.kind === 'map' ? container.key : undefined;
    // an object's fields are not read by index (cel-go has no overload for it, even for an embedded resource's)
    if (key === undefined || (known(index) && known(key) && !sameType(index, key))) {
      this.fail(`found no matching overload for '${name}' applied to '(${overloadName(container)}, ${known(index) ? overloadName(index) : 'dyn'})'`);
      return DYN;
    }
    return container.kind === 'list' ? container.element : container.kind === 'map' ? container.value : DYN;
  }

  /** `c ? a : b` (bool, A, A): a bool condition, and branches of one type, where known; its type is theirs. */
  private conditional([condition, then, otherwise]: readonly CelType[]): CelType {
    const branchesDiffer = known(then) && known(otherwise) && !comparable(then, otherwise);
    if ((known(condition) && !sameType(condition, BOOL)) || branchesDiffer) {
      this.fail(`found no matching overload for '_?_:_' applied to '(${[condition, then, otherwise].map((type) => (known(type) ? overloadName(type) : 'dyn')).join(', ')})'`);
      return DYN;
    }
    return sameType(then, otherwise) ? joined(then, otherwise) : DYN;
  }

  /** An ordering of two known scalar types: cel-go declares one for two values of one ordered type, and since 1.28 for two numbers. */
  private ordering(name: string, left: string, right: string): void {
    const numbers = NUMBERS.has(left) && NUMBERS.has(right);
    if (left === right && ORDERED.has(left)) return;
    if (numbers && compilesWith(CROSS_TYPE_COMPARISONS, this.env.libraries)) return;
    const why = numbers ? ` (${laterFeature(CROSS_TYPE_COMPARISONS, this.env.libraries)})` : '';
    this.fail(`found no matching overload for '${name}' applied to '(${left}, ${right})'${why}`);
  }

  /**
   * cel-go's literal validators (on since 1.29): a constant pattern of matches(), and a constant duration() or
   * timestamp() argument, which the validator converts as the program's folding does (conversionProblem).
   */
  private checkLiteral(name: string, args: readonly Expr[]): void {
    const first = args[0]?.exprKind;
    if (first?.case !== 'constExpr') return;
    const constant = first.value.constantKind;
    if ((name === 'timestamp' || name === 'duration') && conversionProblem(name, constant) !== undefined) {
      const shown = constant.case === 'stringValue' ? JSON.stringify(constant.value) : String(constant.value);
      if (name === 'duration') this.fail(`invalid duration argument: ${shown} is no Go duration`);
      else this.fail(`invalid timestamp argument: ${shown} is not ${constant.case === 'stringValue' ? 'an RFC 3339 time' : 'Unix seconds'} of the years 1 to 9999`);
    }
    const pattern = name === 'matches' && constant.case === 'stringValue' ? regexpProblem(constant.value) : undefined;
    if (pattern !== undefined) this.fail(`invalid matches argument: ${pattern}`);
  }

  /**
   * The constant pattern of matches(), find() or findAll(), which the API server compiles when it makes the program
   * (cel.OptOptimize's and the regex library's regex optimizations, at every version): one Go's regexp refuses fails
   * the create ("program instantiation failed"), even where the literal validators do not run (1.27) or do not look
   * (a find() pattern). The pattern is the argument after the string, on a receiver or not.
   */
  private checkConstantPattern(name: string, target: Expr | undefined, args: readonly Expr[]): void {
    if (name !== 'matches' && name !== 'find' && name !== 'findAll') return;
    const pattern = (target ? args[0] : args[1])?.exprKind;
    if (pattern?.case !== 'constExpr' || pattern.value.constantKind.case !== 'stringValue') return;
    const problem = regexpProblem(pattern.value.constantKind.value);
    if (problem !== undefined) this.programProblem ??= `the constant pattern of ${name}() does not compile: ${problem}`;
  }

  /** A type conversion of a constant, which cel.OptOptimize folds when the program is made: one that fails fails it. */
  private checkConstantConversion(name: string, target: Expr | undefined, args: readonly Expr[]): void {
    const [arg] = args;
    if (target || args.length !== 1 || arg.exprKind.case !== 'constExpr') return;
    const problem = conversionProblem(name, arg.exprKind.value.constantKind);
    if (problem !== undefined) this.programProblem ??= `the constant conversion ${name}() fails: ${problem}`;
  }

  /**
   * The items of a literal (a list's, or a map's keys or values) of one type: cel-go's checker joins them
   * (HomogeneousAggregateLiterals, every version: no item of a type the first's does not take), and since 1.29 its
   * validator wants types equivalent to the first's (a dyn item beside an int, a null beside a timestamp refused
   * too). Items whose type is not known here pass, as does every item after a first one that is not.
   */
  private checkHomogeneous(types: readonly CelType[], what: string): void {
    const strict = compilesWith(LITERAL_VALIDATORS, this.env.libraries);
    const judged = (type: CelType) => known(type) || (strict && isDynamic(type));
    const [first, ...rest] = types;
    if (first === undefined || !judged(first)) return;
    const differing = rest.find((type) => judged(type) && !(strict ? equivalent(first, type) : joins(first, type)));
    if (differing) this.fail(`expected type '${shownType(first)}' but found '${shownType(differing)}' (the ${what} of a literal must be of one type)`);
  }

  private comprehension(c: Extract<Expr['exprKind'], { case: 'comprehensionExpr' }>['value'], scope: ReadonlyMap<string, CelType>, id: bigint): CelType {
    // @bufbuild/cel expands x.existsOne(y, p) as cel-go's parser.AllMacros do; the API server's standard macros do not
    const call = this.macroCalls[String(id)]?.exprKind;
    if (call?.case === 'callExpr' && call.value.function === 'existsOne' && call.value.args.length === 2) {
      this.fail("undeclared reference to 'existsOne' (of one variable it is no macro of the API server's CEL: write exists_one())");
    }
    const range = c.iterRange ? this.typeOf(c.iterRange, scope) : DYN;
    if (known(range) && range.kind !== 'list' && range.kind !== 'map') {
      this.fail(`expression of type '${overloadName(range)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
    }
    const accumulator = c.accuInit ? this.typeOf(c.accuInit, scope) : DYN;
    const inner = new Map(scope);
    inner.set(c.accuVar, accumulator);
    if (c.iterVar2 !== '') {
      // a list's index and item, a map's key and value (checkComprehension); dyn for a dyn range
      const dynamic = isDynamic(range) ? DYNAMIC : DYN;
      inner.set(c.iterVar, range.kind === 'list' ? INT : range.kind === 'map' ? range.key : dynamic);
      inner.set(c.iterVar2, range.kind === 'list' ? range.element : range.kind === 'map' ? range.value : dynamic);
    } else {
      // over a dyn value, a dyn variable (cel-go's for sure where the range is dyn for sure)
      inner.set(c.iterVar, range.kind === 'list' ? range.element : range.kind === 'map' ? range.key : isDynamic(range) ? DYNAMIC : DYN);
    }
    if (c.loopCondition) this.typeOf(c.loopCondition, inner);
    const step = c.loopStep ? this.typeOf(c.loopStep, inner) : DYN;
    // the accumulator's type as the step binds it: map() and filter() start from [], whose items the step's list tells
    const afterLoop = new Map(scope);
    const bound = (accumulator.kind === 'list' || accumulator.kind === 'map') && step.kind === accumulator.kind && sameType(accumulator, step);
    afterLoop.set(c.accuVar, bound ? joined(accumulator, step) : accumulator);
    return c.result ? this.typeOf(c.result, afterLoop) : DYN;
  }

  private fail(problem: string): void {
    this.problem ??= problem;
  }
}

type Constant = Extract<Expr['exprKind'], { case: 'constExpr' }>['value']['constantKind'];
const INT64_MAX = 2n ** 63n - 1n;
/** A superset of what strconv.ParseFloat reads (decimal and hex forms, inf, infinity, nan): what it does not match fails. */
const GO_FLOAT_SHAPE = /^[+-]?(?:inf|infinity|nan|[0-9_]*\.?[0-9_]*(?:e[+-]?[0-9_]+)?|0x[0-9a-f_]*\.?[0-9a-f_]*(?:p[+-]?[0-9_]+)?)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Why cel-go's planner cannot fold a type conversion of a constant (cel.OptOptimize's maybeOptimizeConstUnary
 * evaluates it when the program is made, and an error fails the create), with the error ConvertToType gives; only
 * what Go surely refuses is told (a float string of a doubtful form passes).
 */
function conversionProblem(name: string, constant: Constant): string | undefined {
  const refused = (from: string, to: string) => `type conversion error from '${from}' to '${to}'`;
  const { case: kind, value } = constant;
  if (kind === 'stringValue') {
    switch (name) {
      case 'int':
        return atoiError(value) === undefined ? undefined : refused('string', 'int');
      case 'uint':
        return parseUintError(value, 64) === undefined ? undefined : refused('string', 'uint');
      case 'bool':
        return parseBoolError(value) === undefined ? undefined : refused('string', 'bool');
      case 'double': {
        const decimal = /^[+-]?[0-9.]+(?:e[+-]?[0-9]+)?$/i.test(value);
        return !GO_FLOAT_SHAPE.test(value) || (decimal && !Number.isFinite(Number(value))) ? refused('string', 'double') : undefined;
      }
      case 'duration':
        return decodedDuration(value) === undefined ? refused('string', 'google.protobuf.Duration') : undefined;
      case 'timestamp': {
        const seconds = rfc3339Seconds(value);
        if (seconds === undefined) return refused('string', 'google.protobuf.Timestamp');
        return seconds < MIN_TIMESTAMP || seconds > MAX_TIMESTAMP ? 'timestamp overflow' : undefined;
      }
      default:
        return undefined;
    }
  }
  if (kind === 'int64Value' && name === 'uint' && value < 0n) return 'unsigned integer overflow';
  if (kind === 'int64Value' && name === 'timestamp' && (value < BigInt(MIN_TIMESTAMP) || value > BigInt(MAX_TIMESTAMP))) return 'timestamp overflow';
  if (kind === 'uint64Value' && name === 'int' && value > INT64_MAX) return 'integer overflow';
  if (kind === 'doubleValue' && name === 'int' && !(value > -(2 ** 63) && value < 2 ** 63)) return 'integer overflow';
  if (kind === 'doubleValue' && name === 'uint' && !(value >= 0 && value < 2 ** 64)) return 'unsigned integer overflow';
  if (kind === 'bytesValue' && name === 'string') {
    try {
      utf8.decode(value);
    } catch {
      return 'invalid UTF-8 in bytes, cannot convert to string';
    }
  }
  return undefined;
}

/**
 * The type of a literal's items (a list's, a map's keys or values): theirs where every one is of one known scalar
 * type, as cel-go types `[1, 2]` list(int); else not known here (mixed, null, nested or unread items).
 */
function commonType(types: readonly CelType[]): CelType {
  const [first] = types;
  if (first === undefined || isNull(first)) return DYN;
  if (first.kind === 'scalar') return types.every((type) => type.kind === 'scalar' && type.name === first.name) ? first : DYN;
  // lists and maps whose items agree, and one object type
  return first.kind !== 'dyn' && types.every((type) => sameType(type, first)) ? types.reduce(joined) : DYN;
}

/** Two types that agree (sameType) as one: a list's or map's items known where either's are. */
function joined(a: CelType, b: CelType): CelType {
  if (!known(a)) return b;
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', element: joined(a.element, b.element) };
  if (a.kind === 'map' && b.kind === 'map') return { kind: 'map', key: joined(a.key, b.key), value: joined(a.value, b.value) };
  return a;
}

const isNull = (type: CelType): boolean => type.kind === 'scalar' && type.name === 'null_type';
const isDynamic = (type: CelType): boolean => type.kind === 'dyn' && type.certain === true;
/** Whether null is assignable to a known type (cel-go's legacy nullable kinds; a schema's object type). */
const takesNull = (type: CelType): boolean => type.kind === 'object' || (type.kind === 'scalar' && isNullable(type.name));
/** A type as cel-go's messages name it, as far as it is known here. */
const shownType = (type: CelType): string => (known(type) ? overloadName(type) : 'dyn');

/** Whether cel-go's checker joins two known types of a literal's items: one takes the other (null a nullable type). */
function joins(first: CelType, other: CelType): boolean {
  if (isNull(first) || isNull(other)) return isNull(first) ? isNull(other) || takesNull(other) : takesNull(first);
  return sameType(first, other);
}

/** Whether two types are equivalent (IsEquivalentType) as far as known: dyn only to dyn, null only to null. */
function equivalent(first: CelType, other: CelType): boolean {
  if (!known(first) || !known(other)) return !known(first) && !known(other);
  return sameType(first, other);
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

/**
 * Whether cel-go's one equality overload, (A, A), takes two known types: one type (sameType: lists and maps by their
 * items where known, an object only itself), or null and a type the checker keeps nullable (an object, a timestamp,
 * a duration, a library's type). No numbers of two types: CrossTypeNumericComparisons adds only orderings.
 */
function comparable(left: CelType, right: CelType): boolean {
  if (isNull(left) || isNull(right)) return (isNull(left) && isNull(right)) || takesNull(isNull(left) ? right : left);
  return sameType(left, right);
}

/**
 * The arithmetic overloads of cel-go's standard library (common/stdlib/standard.go), by operator and operand types:
 * the result's type.
 */
const sameTypeOverloads = (types: readonly string[]): Record<string, string> => Object.fromEntries(types.map((t) => [`${t},${t}`, t]));
const ARITHMETIC: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '_+_': {
    ...sameTypeOverloads(['int', 'uint', 'double', 'string', 'bytes', 'duration']),
    'list,list': 'list',
    'timestamp,duration': 'timestamp',
    'duration,timestamp': 'timestamp',
  },
  '_-_': { ...sameTypeOverloads(['int', 'uint', 'double', 'duration']), 'timestamp,timestamp': 'duration', 'timestamp,duration': 'timestamp' },
  '_*_': sameTypeOverloads(['int', 'uint', 'double']),
  '_/_': sameTypeOverloads(['int', 'uint', 'double']),
  '_%_': sameTypeOverloads(['int', 'uint']),
  '-_': { int: 'int', double: 'double' },
};
