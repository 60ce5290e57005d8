// The estimates of Kubernetes' CEL libraries (k8s.io/apiserver v0.33.13's library.CostEstimator.EstimateCallCost,
// pkg/cel/library/cost.go), by the function's name, and those cel-go's sets library registers for its overloads
// (ext/sets.go): what ./cel-cost.ts asks before cel-go's own estimates of a call. Each adds the arguments' costs
// there. A global call is given a receiver there too (a pointer to a nil node), so the estimates that test for one
// apply to global calls as well (`quantity(s)` is a traversal of s).
import { type AstNode, type CallEstimate, type CallSite, type Estimate, add, byFactor, ceilU64, fixed, LIST_CREATE_BASE_COST, MAX_U64, multiply, ONE,
  REGEX_STRING_LENGTH_COST_FACTOR, STRING_TRAVERSAL_COST_FACTOR, STRUCT_CREATE_BASE_COST, union, ZERO } from './cel-estimates';
import { type CelType, known } from './cel-types';

/** What the estimates read of the expression: sizes, a list's items, and types that must be known. */
export interface EstimatorContext {
  /** library.CostEstimator's sizeEstimate: the computed size, else the estimator's, else unknown. */
  sizeEstimate(node: AstNode | undefined): Estimate;
  /** listElementNode: a node for a list's items, or none for a non-list. */
  listElementNode(list: AstNode | undefined): AstNode | undefined;
  /** The type, where it must be known (one not known here makes the estimate inexact). */
  certain(type: CelType | undefined): CelType;
}

// apiserver's pkg/cel/limits.go
const MAX_FORMAT_SIZE = 64n;
const MAX_NAME_FORMAT_REGEX_SIZE = 128;

/** ext/sets.go's estimateSetsCost: the product of the lists' sizes (twice, for equivalence), and one. */
export function setsCost(site: CallSite, context: EstimatorContext): CallEstimate | undefined {
  const factor = { list_sets_contains_list: 1, list_sets_intersects_list: 1, list_sets_equivalent_list: 2 }[site.overload];
  if (factor === undefined || site.args.length !== 2) return undefined;
  const [first, second] = site.args.map((arg) => context.sizeEstimate(arg));
  return { cost: add(byFactor(multiply(first, second), factor), ONE) };
}

/** library.CostEstimator.EstimateCallCost (apiserver v0.33.13), by the function's name. */
export function kubernetesCallCost(site: CallSite, context: EstimatorContext): CallEstimate | undefined {
  const { name, overload, target, args } = site;
  const traversal = (node: AstNode | undefined, factor = STRING_TRAVERSAL_COST_FACTOR): Estimate => byFactor(context.sizeEstimate(node), factor);
  switch (name) {
    case 'check':
      return { cost: fixed(350000n) };
    case 'serviceAccount': case 'path': case 'group': case 'resource': case 'subresource': case 'namespace': case 'name':
    case 'allowed': case 'reason': case 'error': case 'errored':
      return { cost: ONE };
    case 'fieldSelector': case 'labelSelector':
      return args.length === 1 ? { cost: selectorCost(context.sizeEstimate(args[0])) } : undefined;
    case 'isSorted': case 'sum': case 'max': case 'min': case 'indexOf': case 'lastIndexOf': {
      const element = context.listElementNode(target);
      if (!element) return { cost: traversal(target) };
      let elementCost = ONE;
      const type = context.certain(element.type);
      if (type.kind === 'scalar' && (type.name === 'string' || type.name === 'bytes')) elementCost = add(elementCost, traversal(element));
      return { cost: multiply(context.sizeEstimate(target), elementCost) };
    }
    case 'url': case 'jsonpatch.escapeKey':
      return args.length === 1 ? { cost: traversal(args[0]), resultSize: context.sizeEstimate(args[0]) } : undefined;
    case 'lowerAscii': case 'upperAscii': case 'substring': case 'trim':
      return { cost: traversal(target), resultSize: context.sizeEstimate(target) };
    case 'replace':
      return args.length >= 2 ? replaceCost(target, args, context) : undefined;
    case 'split': {
      const size = context.sizeEstimate(target);
      let max = size.max;
      const limit = args[1]?.expr?.exprKind;
      if (limit?.case === 'constExpr' && limit.value.constantKind.case === 'int64Value') max = BigInt.asUintN(64, limit.value.constantKind.value);
      return { cost: traversal(target, 2 * STRING_TRAVERSAL_COST_FACTOR), resultSize: { min: 0n, max } };
    }
    case 'join':
      return joinCost(target, args, context);
    case 'find': case 'findAll': {
      if (args.length < 1) return undefined;
      const size = context.sizeEstimate(target);
      const stringCost = byFactor(add(size, ONE), STRING_TRAVERSAL_COST_FACTOR);
      const regexCost = traversal(args[0], REGEX_STRING_LENGTH_COST_FACTOR);
      return { cost: multiply(stringCost, regexCost), resultSize: { min: 0n, max: size.max } };
    }
    case 'cidr': case 'isIP': case 'isCIDR':
      return { cost: traversal(args[0]) };
    case 'ip':
      if (args.length >= 1) return { cost: overload === 'cidr_ip' ? ONE : traversal(args[0]) };
      return { cost: ONE };
    case 'ip.isCanonical':
      return args.length >= 1 ? { cost: traversal(args[0], 2 * STRING_TRAVERSAL_COST_FACTOR) } : undefined;
    case 'masked': case 'prefixLength': case 'family': case 'isUnspecified': case 'isLoopback': case 'isLinkLocalMulticast':
    case 'isLinkLocalUnicast': case 'isGlobalUnicast':
      return { cost: ONE };
    case 'containsIP': case 'containsCIDR': {
      if (args.length < 1) return undefined;
      // two byte lists of an IPv4 or IPv6 address compared, a CIDR's also masked; a string parsed first
      const bytes: Estimate = { min: 4n, max: 16n };
      let cost = byFactor(add(bytes, bytes), STRING_TRAVERSAL_COST_FACTOR);
      if (name === 'containsCIDR') cost = add(add(cost, byFactor(bytes, STRING_TRAVERSAL_COST_FACTOR)), ONE);
      if (overload === 'cidr_contains_ip_string' || overload === 'cidr_contains_cidr_string') cost = add(cost, traversal(args[0]));
      return { cost };
    }
    case 'quantity': case 'isQuantity': case 'semver': case 'isSemver':
      return { cost: traversal(args[0]) };
    case 'validate':
      return { cost: byFactor(traversal(args[0]), MAX_NAME_FORMAT_REGEX_SIZE * REGEX_STRING_LENGTH_COST_FACTOR) };
    case 'format.named':
    case 'sign': case 'asInteger': case 'isInteger': case 'asApproximateFloat': case 'isGreaterThan': case 'isLessThan': case 'compareTo':
    case 'add': case 'sub': case 'major': case 'minor': case 'patch':
    case 'getScheme': case 'getHostname': case 'getHost': case 'getPort': case 'getEscapedPath': case 'getQuery':
      return { cost: ONE };
    case '_==_':
      return args.length === 2 ? libraryEquality(args[0], args[1], context) : undefined;
    default:
      return undefined;
  }
}

/** An equality of two values of one of the libraries' types: one, or a traversal of a format or URL. */
function libraryEquality(lhs: AstNode, rhs: AstNode, context: EstimatorContext): CallEstimate | undefined {
  // a side of a type known here and of no library decides it alone
  const ofNoLibrary = (type: CelType | undefined): boolean => known(type) && !(type.kind === 'scalar' && LIBRARY_EQUALITY.has(type.name));
  if (ofNoLibrary(lhs.type) || ofNoLibrary(rhs.type)) return undefined;
  const left = context.certain(lhs.type);
  const right = context.certain(rhs.type);
  if (left.kind !== 'scalar' || right.kind !== 'scalar' || left.name !== right.name) return undefined;
  if (O1_EQUALITY.has(left.name)) return { cost: ONE };
  if (left.name === 'kubernetes.NamedFormat') return { cost: byFactor({ min: 1n, max: MAX_FORMAT_SIZE }, STRING_TRAVERSAL_COST_FACTOR) };
  if (left.name === 'kubernetes.URL') {
    // the API server reads the right side's size twice (lhSize := rhs.ComputedSize())
    const size = rhs.computedSize ? union(rhs.computedSize, rhs.computedSize) : ONE;
    return { cost: byFactor({ min: 1n, max: size.max }, STRING_TRAVERSAL_COST_FACTOR) };
  }
  return undefined;
}

/** replace(): a traversal of the string, twice (the result is built), and the result's size by the pattern's and the replacement's. */
export function replaceCost(target: AstNode | undefined, args: readonly AstNode[], context: EstimatorContext): CallEstimate {
  const size = context.sizeEstimate(target);
  const toReplace = context.sizeEstimate(args[0]);
  const replaceWith = context.sizeEstimate(args[1]);
  // the longest result: the smallest substrings replaced by the longest replacement, as often as they fit; the
  // shortest likewise
  const longest = replaceBound(size.max, toReplace.min === 0n, replaceWith.max <= toReplace.min, toReplace.min);
  const shortest = replaceBound(size.min, toReplace.max === 0n, toReplace.max <= replaceWith.min, toReplace.max);
  const resultSize = add(multiply({ min: shortest.count, max: longest.count }, replaceWith), { min: shortest.retained, max: longest.retained });
  return { cost: byFactor(size, 2 * STRING_TRAVERSAL_COST_FACTOR), resultSize };
}

/**
 * One bound of replace()'s result for a string of at most (or at least) `size` characters: an empty pattern is
 * replaced around every character, one no shorter than its replacement leaves the length, else it is replaced as
 * often as it fits.
 */
function replaceBound(size: bigint, emptyPattern: boolean, noLonger: boolean, pattern: bigint): { count: bigint; retained: bigint } {
  if (emptyPattern) return { count: size < MAX_U64 ? size + 1n : size, retained: size };
  if (noLonger) return { count: 0n, retained: size };
  return { count: ceilU64(Number(size) / Number(pattern)), retained: 0n };
}

function joinCost(target: AstNode | undefined, args: readonly AstNode[], context: EstimatorContext): CallEstimate {
  const listSize = context.sizeEstimate(target);
  const element = context.listElementNode(target);
  let size = element ? multiply(listSize, context.sizeEstimate(element)) : ZERO;
  if (args.length > 0) {
    const separators = { min: listSize.min > 0n ? listSize.min - 1n : 0n, max: listSize.max > 0n ? listSize.max - 1n : 0n };
    size = add(size, multiply(context.sizeEstimate(args[0]), separators));
  }
  return { cost: byFactor(size, STRING_TRAVERSAL_COST_FACTOR), resultSize: size };
}

/** The selectors' parse: a list, and per two characters a requirement (a struct and a list). */
function selectorCost(length: Estimate): Estimate {
  const parse = byFactor(length, STRING_TRAVERSAL_COST_FACTOR);
  const requirements = byFactor(length, 0.5);
  return add(add(fixed(LIST_CREATE_BASE_COST), parse), byFactor(requirements, Number(LIST_CREATE_BASE_COST + STRUCT_CREATE_BASE_COST)));
}

/** The library types whose equality the API server estimates at one. */
const O1_EQUALITY: ReadonlySet<string> = new Set([
  'net.IP', 'net.CIDR', 'kubernetes.Quantity', 'kubernetes.Semver', 'kubernetes.authorization.Authorizer', 'kubernetes.authorization.PathCheck',
  'kubernetes.authorization.GroupCheck', 'kubernetes.authorization.ResourceCheck', 'kubernetes.authorization.Decision',
]);
/** The library types the API server's estimator has an equality of its own for. */
const LIBRARY_EQUALITY: ReadonlySet<string> = new Set([...O1_EQUALITY, 'kubernetes.NamedFormat', 'kubernetes.URL']);

