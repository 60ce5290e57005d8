// A direct evaluator of the part of CEL the pinned CRDs' rules are mostly written in: field selection and has(),
// the logical and ternary operators, ==, != and the orderings on ints, strings and durations, int, string and list +,
// size(), indexing, `in`, contains/startsWith/endsWith, matches() (with @bufbuild/cel's own RE2 engine), duration() of
// a plain duration string, list and map literals, and the comprehensions the macros (all, exists, filter, ...) expand
// to. Loading @bufbuild/cel builds protobuf registries that took about 15 ms of a 160 ms tutorial synth whose ten
// rules need none of it.
//
// It answers only where it is sure to answer as @bufbuild/cel does (src/validate/cel.ts, the reference), and gives up
// on everything else: any other function, operand types other than those above, a null, a double, an unsigned int,
// int overflow, a missing key or index, and every error (which @bufbuild/cel may absorb, as in `error || true`). It
// also gives up where @bufbuild/cel runs out of stack and this evaluator might not: a tree nested more than
// MAX_DEPTH deep (its planner recurses per node), and a comprehension over more than MAX_ITEMS items (each step of
// `map` and `filter` wraps the list in one more concatenation, which iterating it later recurses through).
// The caller then evaluates the expression with @bufbuild/cel. test/cel-subset.test.ts compares the two on every
// pinned rule and on generated values.
/* eslint-disable @typescript-eslint/no-require-imports */
import { parseDuration } from './go-duration';

// @bufbuild/cel's parse tree types (types only: nothing of the package is loaded here)
type ParsedExpr = ReturnType<typeof import('@bufbuild/cel').parse>;
type Expr = NonNullable<ParsedExpr['expr']>;
type ExprOf<K extends Expr['exprKind']['case']> = Extract<Expr['exprKind'], { case: K }>['value'];

/** Thrown where the subset has no answer: the caller evaluates the expression with @bufbuild/cel instead. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

/** A CEL duration, in nanoseconds (as @bufbuild/cel compares them). */
class Duration {
  constructor(readonly nanos: bigint) {}
}

/** The variables in scope: `self`, then a comprehension's accumulator and its iteration variable. */
interface Scope {
  readonly name: string;
  value: unknown;
  readonly outer?: Scope;
}

const MAX_DEPTH = 100;
const MAX_ITEMS = 1000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The value of the parsed expression `tree` (a `ParsedExpr`) with `self` bound to `self` (a value as
 * src/validate/cel.ts's `toCel` makes it), or undefined when the subset cannot tell.
 */
export function evaluateSubset(tree: unknown, self: unknown): unknown {
  const expr = (tree as ParsedExpr | undefined)?.expr;
  if (expr === undefined) return undefined;
  try {
    return evaluate(expr, { name: 'self', value: self }, 0);
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
}

function evaluate(expr: Expr | undefined, scope: Scope, depth: number): unknown {
  if (depth > MAX_DEPTH) throw UNSUPPORTED;
  const kind = expr?.exprKind;
  const inner = (e: Expr | undefined, innerScope = scope) => evaluate(e, innerScope, depth + 1);
  switch (kind?.case) {
    case 'constExpr':
      return constant(kind.value.constantKind);
    case 'identExpr':
      return lookUp(kind.value.name, scope);
    case 'selectExpr': {
      const operand = inner(kind.value.operand);
      if (!(operand instanceof Map)) throw UNSUPPORTED;
      if (kind.value.testOnly) return isPresent(operand, kind.value.field);
      return entry(operand, kind.value.field);
    }
    case 'callExpr':
      return call(kind.value.function, kind.value.target, kind.value.args, inner);
    case 'listExpr':
      if ((kind.value.optionalIndices ?? []).length > 0) throw UNSUPPORTED;
      return kind.value.elements.map((e) => inner(e));
    case 'structExpr':
      return mapLiteral(kind.value, inner);
    case 'comprehensionExpr':
      return comprehension(kind.value, scope, inner);
    default:
      throw UNSUPPORTED;
  }
}

function constant(kind: ExprOf<'constExpr'>['constantKind']): unknown {
  switch (kind.case) {
    case 'int64Value':
    case 'stringValue':
    case 'boolValue':
      return kind.value;
    default:
      throw UNSUPPORTED;
  }
}

function lookUp(name: string, scope: Scope | undefined): unknown {
  for (; scope !== undefined; scope = scope.outer) if (scope.name === name) return scope.value;
  throw UNSUPPORTED;
}

/** Whether a map has a key, as @bufbuild/cel tells it for a map it is given: a key whose value is null has none. */
function isPresent(map: Map<unknown, unknown>, key: unknown): boolean {
  const value = map.get(key);
  return value !== undefined && value !== null;
}

/** A map's entry: a missing key is an error in CEL. */
function entry(map: Map<unknown, unknown>, key: unknown): unknown {
  if (!map.has(key)) throw UNSUPPORTED;
  return map.get(key);
}

/** Evaluates a subexpression one level deeper, in the scope given (by default the expression's own). */
type Inner = (expr: Expr | undefined, scope?: Scope) => unknown;

function mapLiteral(value: ExprOf<'structExpr'>, inner: Inner): Map<string, unknown> {
  if (value.messageName !== '') throw UNSUPPORTED;
  const map = new Map<string, unknown>();
  for (const e of value.entries) {
    if (e.optionalEntry || e.keyKind.case !== 'mapKey') throw UNSUPPORTED;
    const key = inner(e.keyKind.value);
    if (typeof key !== 'string' || map.has(key)) throw UNSUPPORTED;
    map.set(key, inner(e.value));
  }
  return map;
}

/** A fold, as @bufbuild/cel runs one: over a list's items or a map's keys, while the condition is true. */
function comprehension(value: ExprOf<'comprehensionExpr'>, scope: Scope, inner: Inner): unknown {
  if (value.iterVar2) throw UNSUPPORTED;
  const accumulator: Scope = { name: value.accuVar, value: inner(value.accuInit), outer: scope };
  const range = inner(value.iterRange);
  const items = range instanceof Map ? [...range.keys()] : Array.isArray(range) ? range : undefined;
  if (items === undefined || items.length > MAX_ITEMS) throw UNSUPPORTED;
  for (const item of items) {
    const iteration: Scope = { name: value.iterVar, value: item, outer: accumulator };
    if (!bool(inner(value.loopCondition, iteration))) break;
    accumulator.value = inner(value.loopStep, iteration);
  }
  return inner(value.result, accumulator);
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw UNSUPPORTED;
  return value;
}

function string(value: unknown): string {
  if (typeof value !== 'string') throw UNSUPPORTED;
  return value;
}

function call(name: string, target: Expr | undefined, args: readonly Expr[], inner: Inner): unknown {
  const arg = (i: number) => inner(args[i]);
  if (target === undefined) {
    switch (`${name}/${args.length}`) {
      case '_&&_/2':
        return bool(arg(0)) && bool(arg(1));
      case '_||_/2':
        return bool(arg(0)) || bool(arg(1));
      case '_?_:_/3':
        return bool(arg(0)) ? arg(1) : arg(2);
      case '!_/1':
        return !bool(arg(0));
      case '@not_strictly_false/1':
        // true for anything but false, errors included: a value the subset cannot tell is no answer
        return arg(0) !== false;
      case '_==_/2':
        return equal(arg(0), arg(1));
      case '_!=_/2':
        return !equal(arg(0), arg(1));
      case '_<_/2':
        return compare(arg(0), arg(1)) < 0;
      case '_<=_/2':
        return compare(arg(0), arg(1)) <= 0;
      case '_>_/2':
        return compare(arg(0), arg(1)) > 0;
      case '_>=_/2':
        return compare(arg(0), arg(1)) >= 0;
      case '_+_/2':
        return add(arg(0), arg(1));
      case '_[_]/2':
        return index(arg(0), arg(1));
      case '@in/2':
        return isIn(arg(0), arg(1));
      case 'size/1':
        return size(arg(0));
      case 'duration/1':
        return duration(string(arg(0)));
      default:
        throw UNSUPPORTED;
    }
  }
  const receiver = inner(target);
  switch (`${name}/${args.length}`) {
    case 'size/0':
      return size(receiver);
    case 'contains/1':
      return string(receiver).includes(string(arg(0)));
    case 'startsWith/1':
      return string(receiver).startsWith(string(arg(0)));
    case 'endsWith/1':
      return string(receiver).endsWith(string(arg(0)));
    case 'matches/1':
      return matches(string(receiver), string(arg(0)));
    default:
      throw UNSUPPORTED;
  }
}

/** A scalar's kind, for the operators that take two of the same: strings, ints (bigints), bools. */
function scalarKind(value: unknown): string {
  const kind = typeof value;
  if (kind === 'string' || kind === 'bigint' || kind === 'boolean') return kind;
  throw UNSUPPORTED;
}

/** Equality of two strings, two ints or two bools (CEL's heterogeneous equality of the rest is not the subset's). */
function equal(left: unknown, right: unknown): boolean {
  if (scalarKind(left) !== scalarKind(right)) throw UNSUPPORTED;
  return left === right;
}

/** The order of two ints, two strings (by UTF-16 code unit, as @bufbuild/cel compares them) or two durations. */
function compare(left: unknown, right: unknown): number {
  if (left instanceof Duration && right instanceof Duration) return left.nanos < right.nanos ? -1 : left.nanos > right.nanos ? 1 : 0;
  const kind = scalarKind(left);
  if (kind === 'boolean' || kind !== scalarKind(right)) throw UNSUPPORTED;
  return (left as string | bigint) < (right as string | bigint) ? -1 : (left as string | bigint) > (right as string | bigint) ? 1 : 0;
}

function add(left: unknown, right: unknown): unknown {
  if (typeof left === 'string' && typeof right === 'string') return left + right;
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (typeof left === 'bigint' && typeof right === 'bigint') {
    const sum = left + right;
    if (sum < INT64_MIN || sum > INT64_MAX) throw UNSUPPORTED;
    return sum;
  }
  throw UNSUPPORTED;
}

function index(container: unknown, key: unknown): unknown {
  if (Array.isArray(container) && typeof key === 'bigint') {
    if (key < 0n || key >= BigInt(container.length)) throw UNSUPPORTED;
    return container[Number(key)];
  }
  if (container instanceof Map && typeof key === 'string') return entry(container, key);
  throw UNSUPPORTED;
}

type Re2 = typeof import('@bufbuild/re2');
let re2: Re2 | undefined;
// the patterns compiled so far, a bounded number (a rule may take its pattern from the object)
const patterns = new Map<string, { test(text: string): boolean }>();
const MAX_PATTERNS = 256;

/** `text.matches(pattern)` as @bufbuild/cel runs it: RE2's syntax and semantics, from the same engine. */
function matches(text: string, pattern: string): boolean {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    re2 ??= require('@bufbuild/re2') as Re2;
    try {
      compiled = re2.RE2JS.compile(pattern);
    } catch {
      // a pattern RE2 refuses is an error value in CEL
      throw UNSUPPORTED;
    }
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    patterns.set(pattern, compiled);
  }
  return compiled.test(text);
}

/** `value in container`: a string among a map's keys, or a scalar among a list's scalars of the same kind. */
function isIn(value: unknown, container: unknown): boolean {
  if (container instanceof Map) return isPresent(container, string(value));
  if (!Array.isArray(container)) throw UNSUPPORTED;
  const kind = scalarKind(value);
  for (const item of container) if (scalarKind(item) !== kind) throw UNSUPPORTED;
  return container.includes(value);
}

/** size(): a string's code points, a list's items, a map's entries. */
function size(value: unknown): bigint {
  if (typeof value === 'string') {
    let points = 0;
    for (const _ of value) points++;
    return BigInt(points);
  }
  if (Array.isArray(value)) return BigInt(value.length);
  if (value instanceof Map) return BigInt(value.size);
  throw UNSUPPORTED;
}

// the plain form only: whole numbers with units (`1ms`, `2h45m`), no sign, no fraction, no bare zero; the micro unit
// with U+00B5, the one @bufbuild/cel reads (escaped, so that the bundle run-ts makes stays ASCII, read as Latin-1)
const PLAIN_DURATION = /^(?:[0-9]+(?:ns|us|\u00b5s|ms|s|m|h))+$/;

/** duration() of a string in the plain form, within CEL's range; anything else is left to @bufbuild/cel. */
function duration(text: string): Duration {
  if (text.length > 128 || !PLAIN_DURATION.test(text)) throw UNSUPPORTED;
  // Go's reading of the plain form, which is @bufbuild/cel's
  const nanos = parseDuration(text)!;
  if (nanos > INT64_MAX) throw UNSUPPORTED;
  return new Duration(nanos);
}
