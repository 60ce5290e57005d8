// The estimated cost of a CEL expression, as the API server estimates a CRD rule's before it takes the rule: cel-go
// v0.23.2's checker.Cost (checker/cost.go) over the checked expression, asking ./cel-library-costs.ts first (the
// sets library's estimates, then k8s.io/apiserver v0.33.13's library.CostEstimator), with presence tests at no cost
// (apiserver's environment/base.go) and a size estimator: for a CRD apiextensions', which reads the most elements a
// value can have from the rule's schema by the path an expression selects (schema/cel/compilation.go). Ported case
// by case, quirks included: a path is read from the rule's node whatever variable it starts at, so an iteration
// variable over a computed list has the node's own size.
// An estimate needs the types cel-go's checker gives the expression's nodes; where a type it reads is one
// ./cel-check.ts cannot tell (DYN), there is no estimate (undefined), rather than a guess.
import type { Expr } from './cel-check';
import {
  add, addU64, type AstNode, byFactor, type CallEstimate, type CallSite, CONST_COST, type Estimate, fixed, LIST_CREATE_BASE_COST,
  GoPath, MAP_CREATE_BASE_COST, MAX_U64, multiply, mulU64, ONE, type Path, REGEX_STRING_LENGTH_COST_FACTOR, SELECT_AND_IDENT_COST,
  STRING_TRAVERSAL_COST_FACTOR, STRUCT_CREATE_BASE_COST, union, UNKNOWN, ZERO,
} from './cel-estimates';
import { type EstimatorContext, kubernetesCallCost, setsCost } from './cel-library-costs';
import { type CelType, isOptional, known } from './cel-types';
import type { DeclNode } from './crd-decl-types';

/**
 * A checked expression: its tree, each node's type by id, the calls of namespaced functions and the selections read
 * as variables of a qualified name (cel-go's checker makes them global calls and identifiers), by id.
 */
export interface Checked {
  readonly tree: Expr;
  readonly types: ReadonlyMap<bigint, CelType>;
  readonly namespaced: ReadonlyMap<bigint, string>;
  readonly qualified: ReadonlyMap<bigint, string>;
}

/** The sizes of a container's entries: a list's index and items, a map's keys and values. */
interface EntrySize {
  readonly container: 'list' | 'map';
  readonly key: Estimate;
  readonly val: Estimate;
}

interface LocalVar {
  readonly path: Path;
  readonly size?: Estimate;
  readonly entrySize?: EntrySize;
}

/** Why an estimate cannot be made: a type it reads is not known here. */
class Inexact extends Error {}

/**
 * checker.CostEstimator's EstimateSize: the size of a value by the path the expression reaches it by (its first
 * element a variable; then fields, `@items`, `@keys` and `@values`) and its type, or undefined where not known.
 */
export type SizeEstimator = (path: readonly string[], type: CelType | undefined) => Estimate | undefined;

/** The estimated cost of a checked expression, or undefined where a type it needs is not known. */
export function estimateCost(checked: Checked, sizes: SizeEstimator): Estimate | undefined {
  try {
    return new Coster(checked, sizes).cost(checked.tree);
  } catch (error) {
    if (error instanceof Inexact) return undefined;
    throw error;
  }
}

type Kind = Expr['exprKind'];
type Call = Extract<Kind, { case: 'callExpr' }>['value'];
type Comprehension = Extract<Kind, { case: 'comprehensionExpr' }>['value'];

const isAccumulator = (name: string): boolean => name === '@result' || name === '__result__';

class Coster implements EstimatorContext {
  private readonly paths = new Map<bigint, Path>();
  private readonly locals = new Map<string, LocalVar[]>();
  private readonly computedSizes = new Map<bigint, Estimate>();
  private readonly entrySizes = new Map<bigint, EntrySize>();

  public constructor(
    private readonly checked: Checked,
    private readonly sizes: SizeEstimator,
  ) {}

  public cost(e: Expr | undefined): Estimate {
    if (!e) return ZERO;
    const kind = e.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return fixed(CONST_COST);
      case 'identExpr':
        return this.costIdent(e, kind.value.name);
      case 'selectExpr': {
        const qualified = this.checked.qualified.get(e.id);
        return qualified === undefined ? this.costSelect(e, kind.value) : this.costIdent(e, qualified);
      }
      case 'callExpr':
        return this.costCall(e, kind.value);
      case 'listExpr':
        return this.costCreateList(e, kind.value.elements);
      case 'structExpr':
        return this.costCreateStruct(e, kind.value);
      case 'comprehensionExpr':
        return this.costComprehension(e, kind.value);
      default:
        return ZERO;
    }
  }

  private costIdent(e: Expr, name: string): Estimate {
    const local = this.peek(name);
    this.paths.set(e.id, local ? local.path : GoPath.of(name));
    return fixed(SELECT_AND_IDENT_COST);
  }

  private costSelect(e: Expr, select: Extract<Kind, { case: 'selectExpr' }>['value']): Estimate {
    // presence tests cost nothing in the API server's environments (PresenceTestHasCost(false))
    if (select.testOnly) return this.cost(select.operand);
    let sum = this.cost(select.operand);
    const operand = select.operand && this.kindOf(select.operand);
    if (operand === 'map' || operand === 'object') sum = add(sum, fixed(SELECT_AND_IDENT_COST));
    this.paths.set(e.id, GoPath.append(select.operand ? this.getPath(select.operand) : undefined, select.field));
    return sum;
  }

  private costCall(e: Expr, call: Call): Estimate {
    const name = this.checked.namespaced.get(e.id) ?? call.function;
    const member = call.target !== undefined && !this.checked.namespaced.has(e.id);
    if (name === 'dyn' && !member && call.args.length === 1) {
      // dyn() only turns the type's checks off: one, and its argument's cost and sizes
      const [arg] = call.args;
      const argCost = this.cost(arg);
      this.copySizeEstimates(e, arg);
      return add(ONE, argCost);
    }
    const argCosts: Estimate[] = [];
    const args: AstNode[] = [];
    for (const arg of call.args) {
      argCosts.push(this.cost(arg));
      args.push(this.newAstNode(arg));
    }
    let sum = ZERO;
    let target: AstNode | undefined;
    if (member) {
      sum = add(sum, this.cost(call.target));
      target = this.newAstNode(call.target!);
    }
    let fnCost: Estimate = { min: MAX_U64, max: 0n };
    let resultSize: Estimate | undefined;
    for (const overload of this.overloads(name, member, target, args)) {
      const estimate = this.functionCost({ expr: e, name, overload, target, args, argCosts });
      fnCost = union(fnCost, estimate.cost);
      if (estimate.resultSize) resultSize = resultSize ? union(resultSize, estimate.resultSize) : estimate.resultSize;
      if ((overload === 'index_list' || overload === 'index_map') && call.args.length > 0) {
        resultSize = this.computeEntrySize(call.args[0])?.val;
        this.paths.set(e.id, GoPath.append(this.getPath(call.args[0]), overload === 'index_list' ? '@items' : '@values'));
      }
      resultSize ??= this.computeSize(e);
    }
    if (resultSize) this.computedSizes.set(e.id, resultSize);
    return add(sum, fnCost);
  }

  private costCreateList(e: Expr, elements: readonly Expr[]): Estimate {
    let sum = ZERO;
    let itemSize: Estimate = { min: elements.length === 0 ? 0n : MAX_U64, max: 0n };
    for (const element of elements) {
      sum = add(sum, this.cost(element));
      itemSize = union(itemSize, this.sizeOrUnknown(element));
    }
    this.entrySizes.set(e.id, { container: 'list', key: ONE, val: itemSize });
    return add(sum, fixed(LIST_CREATE_BASE_COST));
  }

  private costCreateStruct(e: Expr, struct: Extract<Kind, { case: 'structExpr' }>['value']): Estimate {
    let sum = ZERO;
    if (struct.messageName !== '') {
      for (const entry of struct.entries) sum = add(sum, this.cost(entry.value));
      return add(sum, fixed(STRUCT_CREATE_BASE_COST));
    }
    const empty = struct.entries.length === 0;
    let keySize: Estimate = { min: empty ? 0n : MAX_U64, max: 0n };
    let valSize: Estimate = { min: empty ? 0n : MAX_U64, max: 0n };
    for (const entry of struct.entries) {
      const key = entry.keyKind.case === 'mapKey' ? entry.keyKind.value : undefined;
      sum = add(sum, this.cost(key));
      sum = add(sum, this.cost(entry.value));
      keySize = union(keySize, key ? this.sizeOrUnknown(key) : UNKNOWN);
      valSize = union(valSize, entry.value ? this.sizeOrUnknown(entry.value) : UNKNOWN);
    }
    this.entrySizes.set(e.id, { container: 'map', key: keySize, val: valSize });
    return add(sum, fixed(MAP_CREATE_BASE_COST));
  }

  private costComprehension(e: Expr, c: Comprehension): Estimate {
    let sum = add(this.cost(c.iterRange), this.cost(c.accuInit));
    this.pushLocalVar(c.accuVar, c.accuInit);
    if (c.iterVar2 !== '') {
      this.pushIter(c.iterVar, c.iterRange!, 'key');
      this.pushIter(c.iterVar2, c.iterRange!, 'value');
    } else {
      this.pushIter(c.iterVar, c.iterRange!, 'single');
    }
    const loopCost = this.cost(c.loopCondition);
    const stepCost = this.cost(c.loopStep);
    this.pop(c.iterVar);
    if (c.iterVar2 !== '') this.pop(c.iterVar2);
    sum = add(sum, this.cost(c.result));
    this.pop(c.accuVar);
    const rangeCount = c.iterRange ? this.sizeOrUnknown(c.iterRange) : UNKNOWN;
    sum = add(sum, multiply(rangeCount, add(stepCost, loopCost)));
    const init = c.accuInit?.exprKind.case;
    if (init === 'constExpr') {
      const size = this.computeSize(c.accuInit!);
      if (size) this.computedSizes.set(e.id, size);
    } else if (init === 'listExpr' || (init === 'structExpr' && c.accuInit!.exprKind.value.messageName === '')) {
      this.computedSizes.set(e.id, rangeCount);
      const stepEntrySize = c.loopStep && this.computeEntrySize(c.loopStep);
      if (stepEntrySize) this.entrySizes.set(e.id, stepEntrySize);
    }
    return sum;
  }

  /** pushIterKey, pushIterValue and pushIterSingle: an iteration variable's path and size, from the range's. */
  private pushIter(name: string, range: Expr, role: 'key' | 'value' | 'single'): void {
    const entrySize = this.computeEntrySize(range);
    const container = entrySize?.container ?? this.kindOf(range);
    const list = container === 'list';
    let size: Estimate | undefined;
    let subpath: string;
    if (role === 'key') {
      size = entrySize?.key;
      subpath = list ? '@indices' : '@keys';
    } else if (role === 'value') {
      size = entrySize?.val;
      subpath = list ? '@items' : '@values';
    } else {
      size = list ? entrySize?.val : entrySize?.key;
      subpath = list ? '@items' : '@keys';
    }
    this.push(name, { path: GoPath.append(this.getPath(range), subpath), size });
  }

  private pushLocalVar(name: string, e: Expr | undefined): void {
    if (!e) {
      this.push(name, { path: undefined });
      return;
    }
    const entrySize = this.computeEntrySize(e);
    this.push(name, { path: this.getPath(e), size: this.computeSize(e), entrySize });
  }

  private push(name: string, local: LocalVar): void {
    const stack = this.locals.get(name) ?? [];
    stack.push(local);
    this.locals.set(name, stack);
  }

  private pop(name: string): void {
    this.locals.get(name)?.pop();
  }

  private peek(name: string): LocalVar | undefined {
    const stack = this.locals.get(name);
    return stack && stack.length > 0 ? stack[stack.length - 1] : undefined;
  }

  private getPath(e: Expr): Path {
    if (e.exprKind.case === 'identExpr') {
      const local = this.peek(e.exprKind.value.name);
      if (local) return local.path;
    }
    return this.paths.get(e.id);
  }

  private newAstNode(e: Expr): AstNode {
    let path = this.getPath(e);
    // only paths of root variables; none of an accumulator's
    const first = path?.first();
    if (first !== undefined && isAccumulator(first)) path = undefined;
    return { path, type: this.checked.types.get(e.id), expr: e, computedSize: this.computeSize(e) };
  }

  private copySizeEstimates(to: Expr, from: Expr): void {
    const size = this.computeSize(from);
    if (size) this.computedSizes.set(to.id, size);
    const entrySize = this.computeEntrySize(from);
    if (entrySize) this.entrySizes.set(to.id, entrySize);
  }

  private sizeOrUnknown(node: Expr | AstNode | undefined): Estimate {
    if (node === undefined) return UNKNOWN;
    const size = 'exprKind' in node ? this.computeSize(node) : node.computedSize;
    return size ?? UNKNOWN;
  }

  private computeSize(e: Expr): Estimate | undefined {
    const computed = this.computedSizes.get(e.id);
    if (computed) return computed;
    const literal = exprSize(e);
    if (literal) return literal;
    const estimated = this.estimateSize(this.getPath(e), this.checked.types.get(e.id));
    if (estimated) {
      this.computedSizes.set(e.id, estimated);
      return estimated;
    }
    if (this.isScalar(this.typeOf(e))) return ONE;
    if (e.exprKind.case === 'identExpr') return this.peek(e.exprKind.value.name)?.size;
    return undefined;
  }

  private computeEntrySize(e: Expr): EntrySize | undefined {
    const computed = this.entrySizes.get(e.id);
    if (computed) return computed;
    if (e.exprKind.case === 'identExpr') return this.peek(e.exprKind.value.name)?.entrySize;
    return undefined;
  }

  private estimateSize(path: Path, type: CelType | undefined): Estimate | undefined {
    return this.sizes(path?.elements() ?? [], type);
  }

  /** library.CostEstimator's sizeEstimate: the computed size, else the estimator's, else unknown. */
  public sizeEstimate(node: AstNode | undefined): Estimate {
    if (!node) return UNKNOWN;
    return node.computedSize ?? this.estimateSize(node.path, node.type) ?? UNKNOWN;
  }

  /** A node's type where this must know it (a type not known here makes the estimate inexact). */
  private typeOf(e: Expr): CelType {
    return this.certain(this.checked.types.get(e.id));
  }

  public certain(type: CelType | undefined): CelType {
    if (type === undefined || (type.kind === 'dyn' && type.certain !== true)) throw new Inexact();
    return type;
  }

  /** isScalar: whether a type is of a fixed size (an optional by its value's type, which must be known then). */
  private isScalar(type: CelType): boolean {
    if (isOptional(type)) return type.of !== undefined && this.isScalar(this.certain(type.of));
    return type.kind === 'scalar' && FIXED_SIZE.has(type.name);
  }

  private kindOf(e: Expr): CelType['kind'] {
    return this.typeOf(e).kind;
  }

  /** The overloads cel-go's checker records for a call, as far as their ids decide its estimate. */
  private overloads(name: string, member: boolean, target: AstNode | undefined, args: readonly AstNode[]): string[] {
    const candidates = OVERLOADS.get(name);
    if (candidates === undefined) return [OTHER];
    const argTypes = [...(target ? [target] : []), ...args].map((node) => node.type);
    // dyn and A take any type; a parameter of a type takes an argument whose type must then be known
    const takes = (param: string, type: CelType | undefined): boolean => {
      if (param === 'A') return true;
      const certain = this.certain(type);
      if (!known(certain)) return true;
      return param === 'list' || param === 'map' ? certain.kind === param : certain.kind === 'scalar' && certain.name === param;
    };
    const shaped = candidates.filter((overload) => overload.member === member && overload.params.length === argTypes.length);
    // where every overload an argument of a type not known here could take has one id, the checker records that id
    // whatever the type (`dyn(l).sum() > 0`: only (T, int) orderings, each `other`)
    const maybe = (param: string, type: CelType | undefined): boolean =>
      type === undefined || (type.kind === 'dyn' && type.certain !== true) || takes(param, type);
    const possible = new Set(shaped.filter((overload) => overload.params.every((param, i) => maybe(param, argTypes[i]))).map(({ id }) => id));
    if (possible.size === 1) return [...possible];
    const taken = shaped.filter((overload) => overload.params.every((param, i) => takes(param, argTypes[i])));
    // a call the checker took has an overload; one of a type this does not list is estimated as any other
    return taken.length > 0 ? taken.map((overload) => overload.id) : [OTHER];
  }

  /** checker's functionCost: the sets library's estimates, then Kubernetes' estimator, then cel-go's own. */
  private functionCost(site: CallSite): CallEstimate {
    const argCostSum = site.argCosts.reduce(add, ZERO);
    const withArgs = (estimate: CallEstimate | undefined): CallEstimate | undefined =>
      estimate && { cost: add(estimate.cost, argCostSum), resultSize: estimate.resultSize };
    return withArgs(setsCost(site, this)) ?? withArgs(kubernetesCallCost(site, this)) ?? this.standardCost(site, argCostSum);
  }

  /** listElementNode: a node for a list's items (its path with @items, where the list has one), or none for a non-list. */
  public listElementNode(list: AstNode | undefined): AstNode | undefined {
    const type = this.certain(list?.type);
    if (type.kind !== 'list') return undefined;
    return { path: list!.path ? GoPath.of(...list!.path.elements(), '@items') : undefined, type: type.element };
  }

  /** The entry sizes of a result that is one of two containers: their union, where both have them (the first's kind). */
  private setEntryUnion(e: Expr, first: AstNode, second: AstNode): void {
    const [a, b] = [first.expr, second.expr].map((expr) => expr && this.computeEntrySize(expr));
    if (a && b) this.entrySizes.set(e.id, { container: a.container, key: union(a.key, b.key), val: union(a.val, b.val) });
  }

  /** cel-go's own estimates (checker/cost.go functionCost), by overload. */
  private standardCost(site: CallSite, argCostSum: Estimate): CallEstimate {
    const { overload, target, args, argCosts } = site;
    const traversal = (size: Estimate): Estimate => byFactor(size, STRING_TRAVERSAL_COST_FACTOR);
    switch (overload) {
      case 'string_format':
        return { cost: add(traversal(this.sizeOrUnknown(target)), argCostSum) };
      case 'string_to_bytes':
        if (args.length === 1) {
          const size = this.sizeOrUnknown(args[0]);
          return { cost: add(traversal(size), argCostSum), resultSize: { min: size.min, max: mulU64(size.max, 4n) } };
        }
        break;
      case 'bytes_to_string':
        if (args.length === 1) {
          const size = this.sizeOrUnknown(args[0]);
          return { cost: add(traversal(size), argCostSum), resultSize: { min: size.min / 4n, max: size.max } };
        }
        break;
      case 'strings_quote':
        if (args.length === 1) {
          const size = this.sizeOrUnknown(args[0]);
          return { cost: add(traversal(size), argCostSum), resultSize: { min: addU64(size.min, 2n), max: addU64(mulU64(size.max, 2n), 2n) } };
        }
        break;
      case 'starts_with_string': case 'ends_with_string':
        if (args.length === 1) return { cost: add(traversal(this.sizeOrUnknown(args[0])), argCostSum) };
        break;
      case 'in_list':
        if (args.length === 2) return { cost: add(byFactor(this.sizeOrUnknown(args[1]), 1), argCostSum) };
        break;
      case 'matches_string':
        if (args.length === 1) {
          const stringCost = traversal(add(this.sizeOrUnknown(target), ONE));
          const regexCost = byFactor(this.sizeOrUnknown(args[0]), REGEX_STRING_LENGTH_COST_FACTOR);
          return { cost: add(multiply(stringCost, regexCost), argCostSum) };
        }
        break;
      case 'contains_string':
        if (args.length === 1) {
          return { cost: add(multiply(traversal(this.sizeOrUnknown(target)), traversal(this.sizeOrUnknown(args[0]))), argCostSum) };
        }
        break;
      case 'logical_or': case 'logical_and': {
        // the right side may not be evaluated
        const [lhs, rhs] = argCosts;
        return { cost: { min: lhs.min, max: add(lhs, rhs).max } };
      }
      case 'conditional': {
        const size = union(this.sizeOrUnknown(args[1]), this.sizeOrUnknown(args[2]));
        this.setEntryUnion(site.expr, args[1], args[2]);
        return { cost: add(argCosts[0], union(argCosts[1], argCosts[2])), resultSize: size };
      }
      case 'add_string': case 'add_bytes': case 'add_list':
        if (args.length === 2) {
          const resultSize = add(this.sizeOrUnknown(args[0]), this.sizeOrUnknown(args[1]));
          this.setEntryUnion(site.expr, args[0], args[1]);
          // concatenating lists is O(1), strings and bytes a traversal of the result
          return { cost: add(overload === 'add_list' ? ONE : traversal(resultSize), argCostSum), resultSize };
        }
        break;
      case 'less_string': case 'greater_string': case 'less_equals_string': case 'greater_equals_string':
      case 'less_bytes': case 'greater_bytes': case 'less_equals_bytes': case 'greater_equals_bytes':
      case 'equals': case 'not_equals': {
        const lhs = this.sizeOrUnknown(args[0]);
        const rhs = this.sizeOrUnknown(args[1]);
        const smallestMax = rhs.max < lhs.max ? rhs.max : lhs.max;
        return { cost: add(traversal({ min: smallestMax > 0n ? 1n : 0n, max: smallestMax }), argCostSum) };
      }
      default:
        break;
    }
    return { cost: add(ONE, argCostSum) };
  }
}

/** computeExprSize: a literal's size (a string's runes, bytes' length, one for any other), a literal list's or map's entries. */
function exprSize(e: Expr): Estimate | undefined {
  const kind = e.exprKind;
  switch (kind.case) {
    case 'constExpr': {
      const constant = kind.value.constantKind;
      if (constant.case === 'stringValue') return fixed(BigInt([...constant.value].length));
      if (constant.case === 'bytesValue') return fixed(BigInt(constant.value.length));
      return constant.case === undefined ? undefined : ONE;
    }
    case 'listExpr':
      return fixed(BigInt(kind.value.elements.length));
    case 'structExpr':
      return kind.value.messageName === '' ? fixed(BigInt(kind.value.entries.length)) : undefined;
    default:
      return undefined;
  }
}

/** The types of a fixed size (isScalar; an optional by its value's). */
const FIXED_SIZE = new Set(['bool', 'double', 'duration', 'int', 'timestamp', 'uint']);

/** An overload whose id decides an estimate: a parameter is a type's name, `list`, `map`, or `A` (any type). */
interface CostedOverload {
  readonly id: string;
  readonly member: boolean;
  readonly params: readonly string[];
}

/** What any overload not listed is estimated as: one, and its arguments. */
const OTHER = 'other';

const global = (id: string, ...params: string[]): CostedOverload => ({ id, member: false, params });
const method = (id: string, ...params: string[]): CostedOverload => ({ id, member: true, params });
const ORDERED_PAIRS = [
  ['bool', 'bool'], ['int', 'int'], ['uint', 'uint'], ['double', 'double'], ['timestamp', 'timestamp'], ['duration', 'duration'],
  ['int', 'double'], ['int', 'uint'], ['uint', 'int'], ['uint', 'double'], ['double', 'int'], ['double', 'uint'],
];
const ordering = (name: string): CostedOverload[] => [
  global(`${name}_string`, 'string', 'string'), global(`${name}_bytes`, 'bytes', 'bytes'),
  ...ORDERED_PAIRS.map(([left, right]) => global(OTHER, left, right)),
];

/** The calls whose overload decides their estimate, with every overload 1.33's environment declares for them. */
const OVERLOADS: ReadonlyMap<string, readonly CostedOverload[]> = new Map([
  ['_+_', [
    global('add_string', 'string', 'string'), global('add_bytes', 'bytes', 'bytes'), global('add_list', 'list', 'list'),
    ...[['int', 'int'], ['uint', 'uint'], ['double', 'double'], ['timestamp', 'duration'], ['duration', 'timestamp'], ['duration', 'duration']]
      .map(([left, right]) => global(OTHER, left, right)),
  ]],
  ['_<_', ordering('less')],
  ['_<=_', ordering('less_equals')],
  ['_>_', ordering('greater')],
  ['_>=_', ordering('greater_equals')],
  ['_==_', [global('equals', 'A', 'A')]],
  ['_!=_', [global('not_equals', 'A', 'A')]],
  ['@in', [global('in_list', 'A', 'list'), global('in_map', 'A', 'map')]],
  ['_[_]', [global('index_list', 'list', 'int'), global('index_map', 'map', 'A')]],
  ['_&&_', [global('logical_and', 'bool', 'bool')]],
  ['_||_', [global('logical_or', 'bool', 'bool')]],
  ['_?_:_', [global('conditional', 'bool', 'A', 'A')]],
  ['string', [global('bytes_to_string', 'bytes'), ...['string', 'bool', 'double', 'duration', 'int', 'timestamp', 'uint', 'net.IP', 'net.CIDR'].map((type) => global(OTHER, type))]],
  ['bytes', [global('string_to_bytes', 'string'), global(OTHER, 'bytes')]],
  ['contains', [method('contains_string', 'string', 'string')]],
  ['startsWith', [method('starts_with_string', 'string', 'string')]],
  ['endsWith', [method('ends_with_string', 'string', 'string')]],
  ['matches', [method('matches_string', 'string', 'string'), global('matches', 'string', 'string')]],
  ['format', [method('string_format', 'string', 'list')]],
  ['strings.quote', [global('strings_quote', 'string')]],
  ['sets.contains', [global('list_sets_contains_list', 'list', 'list')]],
  ['sets.intersects', [global('list_sets_intersects_list', 'list', 'list')]],
  ['sets.equivalent', [global('list_sets_equivalent_list', 'list', 'list')]],
  ['ip', [global('string_to_ip', 'string'), method('cidr_ip', 'net.CIDR')]],
  ['containsIP', [method('cidr_contains_ip_string', 'net.CIDR', 'string'), method('cidr_contains_ip_ip', 'net.CIDR', 'net.IP')]],
  ['containsCIDR', [method('cidr_contains_cidr_string', 'net.CIDR', 'string'), method('cidr_contains_cidr', 'net.CIDR', 'net.CIDR')]],
]);


/**
 * apiextensions' sizeEstimator: the node a path reaches from the rule's node (its first element, the variable, is
 * passed over whatever it is), and at most that node's MaxElements.
 */
export function schemaSizes(root: DeclNode): SizeEstimator {
  return (path) => {
    if (path.length === 0) return undefined;
    let node: DeclNode | undefined = root;
    for (const name of path.slice(1)) {
      if (name === '@items' || name === '@values') node = node.elem;
      else if (name === '@keys') node = node.key;
      // by the name as selected: `self.namespace`, which the checker reads as `__namespace__` since 1.31, has no size
      else node = node.fields?.get(name);
      if (!node) return undefined;
    }
    return { min: 0n, max: node.maxElements };
  };
}
