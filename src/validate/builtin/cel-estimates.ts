// The ranges cel-go's cost estimate counts in (checker/cost.go's SizeEstimate and CostEstimate): uint64s that
// saturate at their maximum, a float factor rounded up; its unit costs (common/cost.go); and the nodes and calls
// the estimators are given (checker.AstNode, a call's overload and arguments).
import type { Expr } from './cel-check';
import type { CelType } from './cel-types';

/** A range of sizes or costs, in uint64 as cel-go counts them (saturating at its maximum). */
export interface Estimate {
  readonly min: bigint;
  readonly max: bigint;
}

export const MAX_U64 = (1n << 64n) - 1n;
const TWO_TO_64 = 2 ** 64;
// common/cost.go
export const SELECT_AND_IDENT_COST = 1n;
export const CONST_COST = 0n;
export const LIST_CREATE_BASE_COST = 10n;
export const MAP_CREATE_BASE_COST = 30n;
export const STRUCT_CREATE_BASE_COST = 40n;
export const STRING_TRAVERSAL_COST_FACTOR = 0.1;
export const REGEX_STRING_LENGTH_COST_FACTOR = 0.25;

export const fixed = (n: bigint): Estimate => ({ min: n, max: n });
export const UNKNOWN: Estimate = { min: 0n, max: MAX_U64 };
export const ZERO = fixed(0n);
export const ONE = fixed(1n);

export const addU64 = (x: bigint, y: bigint): bigint => (x + y > MAX_U64 ? MAX_U64 : x + y);
export const mulU64 = (x: bigint, y: bigint): bigint => (x * y > MAX_U64 ? MAX_U64 : x * y);
export const add = (a: Estimate, b: Estimate): Estimate => ({ min: addU64(a.min, b.min), max: addU64(a.max, b.max) });
export const multiply = (a: Estimate, b: Estimate): Estimate => ({ min: mulU64(a.min, b.min), max: mulU64(a.max, b.max) });
export const union = (a: Estimate, b: Estimate): Estimate => ({ min: a.min < b.min ? a.min : b.min, max: a.max > b.max ? a.max : b.max });
export const byFactor = (a: Estimate, factor: number): Estimate => ({ min: timesFactor(a.min, factor), max: timesFactor(a.max, factor) });

/** multiplyByCostFactor: x times a float factor, rounded up, saturating. */
export function timesFactor(x: bigint, factor: number): bigint {
  const xFloat = Number(x);
  if (xFloat > 0 && factor > 0 && xFloat > TWO_TO_64 / factor) return MAX_U64;
  const ceil = Math.ceil(xFloat * factor);
  return ceil >= TWO_TO_64 ? MAX_U64 : BigInt(ceil);
}

/** Go's uint64(math.Ceil(x)) of a non-negative float within range. */
export const ceilU64 = (x: number): bigint => BigInt(Math.ceil(x));

/**
 * A path as cel-go's coster holds one: a Go []string. An append writes in place while the slice has capacity, so
 * the slices of one array see each other's appends (`append(path, x)` in costSelect, pushIter*, the index paths);
 * the estimate reads a path's elements when it asks for a size, so it sees what was written there last. Capacities
 * grow as Go's runtime grows a []string: 1, 2, 4, 8, ... (doubling up to 256 elements, which no rule's path reaches).
 */
export class GoPath {
  private constructor(
    private readonly array: string[],
    public readonly length: number,
    private readonly capacity: number,
  ) {}

  /** A slice of its own array, of exactly these elements (`[]string{name}`, make and copy). */
  public static of(...names: string[]): GoPath {
    return new GoPath([...names], names.length, names.length);
  }

  /** Go's append(path, name) (append(nil, name) for no path). */
  public static append(path: GoPath | undefined, name: string): GoPath {
    if (path === undefined) return GoPath.of(name);
    if (path.length < path.capacity) {
      path.array[path.length] = name;
      return new GoPath(path.array, path.length + 1, path.capacity);
    }
    const array = path.array.slice(0, path.length);
    array.push(name);
    return new GoPath(array, path.length + 1, path.capacity === 0 ? 1 : path.capacity * 2);
  }

  /** The first element (the variable) as it is now. */
  public first(): string | undefined {
    return this.length > 0 ? this.array[0] : undefined;
  }

  /** The elements as they are now. */
  public elements(): string[] {
    return this.array.slice(0, this.length);
  }
}

export type Path = GoPath | undefined;

/** An AST node as the estimators see it (checker.AstNode). */
export interface AstNode {
  readonly path: Path;
  readonly type: CelType | undefined;
  readonly expr?: Expr;
  readonly computedSize?: Estimate;
}

/** What a call is estimated with: one overload's id, the arguments and the receiver (undefined for a global call). */
export interface CallSite {
  readonly expr: Expr;
  readonly name: string;
  readonly overload: string;
  readonly target: AstNode | undefined;
  readonly args: readonly AstNode[];
  readonly argCosts: readonly Estimate[];
}

export interface CallEstimate {
  readonly cost: Estimate;
  readonly resultSize?: Estimate;
}
