// The budgets the API server holds a CRD's rules to at create (apiextensions v0.33's validation.go): each rule's
// estimated cost times the most times its node can occur, each messageExpression's cost, and their total over the
// schema. The estimates themselves are ./cel-cost.ts's; a rule whose estimate cannot be made here leaves the total
// unknown, and then no total is told.
import { MAX_REQUEST_SIZE_BYTES, sizeLimit } from './crd-decl-types';

/** StaticEstimatedCostLimit: the largest cost of one expression. */
export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000n;
/** StaticEstimatedCRDCostLimit: the largest total of a schema's expressions. */
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000n;
const MAX_U64 = (1n << 64n) - 1n;

/** multiplyWithOverflowGuard: a cost times a cardinality, saturating. */
export function timesCardinality(cost: bigint, cardinality: bigint): bigint {
  if (cost === 0n) return 0n;
  return MAX_U64 / cost < cardinality ? MAX_U64 : cost * cardinality;
}

/**
 * maxCardinality: how often a value whose JSON takes at least `minSerializedSize` bytes fits in a request (with a
 * comma between each), for a node under a list or map without maxItems or maxProperties.
 */
export const maxCardinality = (minSerializedSize: bigint): bigint => MAX_REQUEST_SIZE_BYTES / (minSerializedSize + 1n);

/**
 * extractMaxElements: how many values of its children a node can hold: a list's maxItems, a map's maxProperties
 * (undefined, unbounded, without them), one for an object of properties or a scalar.
 */
export function childCardinality(parent: bigint | undefined, schema: Record<string, unknown>): bigint | undefined {
  if (parent === undefined) return undefined;
  let elements: bigint | undefined = 1n;
  if (schema.type === 'object' && schema.additionalProperties !== undefined && schema.additionalProperties !== null) elements = sizeLimit(schema.maxProperties);
  else if (schema.type === 'array') elements = sizeLimit(schema.maxItems);
  return elements === undefined ? undefined : timesCardinality(parent, elements);
}

/** getCostErrorMessage: how far over its budget a cost is. */
export function costLimitMessage(costName: string, cost: bigint, limit: bigint): string {
  const factor = Number(cost) / Number(limit);
  let shown: string;
  if (factor > 100) shown = 'more than 100x';
  else if (factor < 1.5) shown = `${goFixed(factor, 6)}x`;
  else shown = `${goFixed(factor, 1)}x`;
  return `${costName} exceeds budget by factor of ${shown} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

/** Go's %.Nf: the float's exact value rounded to N digits, a tie to the even digit (JS's toFixed takes the larger). */
function goFixed(value: number, digits: number): string {
  const scaled = value * 10 ** digits;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled) && Number.isSafeInteger(Math.floor(scaled))) {
    const floor = Math.floor(scaled);
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / 10 ** digits).toFixed(digits);
  }
  return value.toFixed(digits);
}

/** The total of a schema's rule costs (TotalCost), and the rules that cost the most. */
export class RuleCostTotal {
  public total = 0n;
  /** Whether every rule's cost is known here: else the total is not. */
  public known = true;
  /** The four most expensive expressions of at least 1 % of the limit, most expensive first. */
  public readonly mostExpensive: { readonly field: string; readonly cost: bigint }[] = [];

  /** ObserveExpressionCost. */
  public observe(field: string, cost: bigint): void {
    this.total = this.total + cost > MAX_U64 ? MAX_U64 : this.total + cost;
    if (cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100n) return;
    this.mostExpensive.push({ field, cost });
    this.mostExpensive.sort((a, b) => (a.cost === b.cost ? 0 : a.cost > b.cost ? -1 : 1));
    this.mostExpensive.splice(4);
  }

  /** What the API server tells of a total over its budget: each most expensive rule, then the schema. */
  public problems(schemaField: string): [string, string][] {
    if (!this.known || this.total <= STATIC_ESTIMATED_CRD_COST_LIMIT) return [];
    return [
      ...this.mostExpensive.map(({ field }): [string, string] => [field, 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema']),
      [schemaField, costLimitMessage('x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema', this.total, STATIC_ESTIMATED_CRD_COST_LIMIT)],
    ];
  }
}
