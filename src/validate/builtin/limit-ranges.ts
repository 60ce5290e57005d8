// LimitRanges (v1), as core validation's ValidateLimitRange checks them at create, after v1's defaults (a Container
// limit's default is its max where left out, its defaultRequest its default, else its min): a known type once each,
// resource names for the type, no defaults for a Pod, a storage bound for a claim, and, per resource, min <=
// defaultRequest <= default <= max, a request-to-limit ratio of at least 1 and at most max/min, and a default equal
// to the default request for resources that cannot be overcommitted (extended resources, huge pages). Quantities are
// not checked for sign, as Go does not.
import { MESSAGES } from '../findings';
import { compareQuantities, parseResourceQuantity, Quantity, quantityOf, scaledValue } from '../quantity';
import { join, show } from '../structural';
import { entries, Fields, list, record, str } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { checkContainerResourceName, isStandardResource, overcommitAllowed } from './resources';
import { Report } from './report';

const TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
const BOUNDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
type Bounds = Record<(typeof BOUNDS)[number], Map<string, { text: unknown; amount: Quantity }>>;

/** Built-in validation of a LimitRange's spec. */
export function checkLimitRange(object: Fields, report: Report): void {
  const seen = new Set<string>();
  list(record(object.spec)?.limits).forEach((l, i) => {
    const limit = record(l) ?? {};
    const field = `spec.limits[${i}]`;
    const type = str(limit.type);
    const problem = qualifiedNameProblem(type);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'type'), `must be ${problem}, got ${show(type)}`);
    else if (!type.includes('/') && !TYPES.includes(type)) report(MESSAGES.unsupportedValue, join(field, 'type'), `must be one of ${TYPES.join(', ')} or a domain-prefixed type, got ${show(type)}`);
    if (seen.has(type)) report(MESSAGES.invalidFieldValue, join(field, 'type'), `repeats the type ${show(type)} of an earlier limit`);
    seen.add(type);
    const bounds = Object.fromEntries(BOUNDS.map((b) => [b, new Map()])) as Bounds;
    for (const bound of BOUNDS) {
      for (const [name, value] of entries(limit[bound])) {
        const path = join(join(field, bound), name);
        if (type === 'Pod' || type === 'Container') checkContainerResourceName(name, path, report);
        else checkResourceName(name, path, report);
        // v1's defaults round each quantity up to milli
        const amount = parseResourceQuantity(value);
        if (amount !== undefined) bounds[bound].set(name, { text: value, amount });
      }
    }
    if (type === 'Pod') {
      for (const bound of ['default', 'defaultRequest'] as const) {
        if (bounds[bound].size > 0) report(MESSAGES.invalidFieldValue, join(field, bound), `may not be given when type is Pod`);
      }
    }
    if (type === 'PersistentVolumeClaim' && !bounds.min.has('storage') && !bounds.max.has('storage')) {
      report(MESSAGES.requiredValue, field, 'a PersistentVolumeClaim limit needs a min or max storage');
    }
    if (type === 'Container') fillContainerDefaults(bounds);
    checkOrder(bounds, field, report);
  });
}

/** validateResourceName for limits of other types than Pod and Container. */
function checkResourceName(name: string, field: string, report: Report): void {
  const problem = qualifiedNameProblem(name);
  if (problem) report(MESSAGES.invalidFieldValue, field, `resource name must be ${problem}, got ${show(name)}`);
  else if (!name.includes('/') && !isStandardResource(name)) report(MESSAGES.unsupportedValue, field, `must be a standard resource or a domain-prefixed name, got ${show(name)}`);
}

/** SetDefaults_LimitRangeItem for a Container limit. */
function fillContainerDefaults(bounds: Bounds): void {
  for (const [name, max] of bounds.max) if (!bounds.default.has(name)) bounds.default.set(name, max);
  for (const [name, value] of bounds.default) if (!bounds.defaultRequest.has(name)) bounds.defaultRequest.set(name, value);
  for (const [name, min] of bounds.min) if (!bounds.defaultRequest.has(name)) bounds.defaultRequest.set(name, min);
}

function checkOrder(bounds: Bounds, field: string, report: Report): void {
  const names = new Set(BOUNDS.flatMap((b) => [...bounds[b].keys()]));
  for (const name of names) {
    const [max, min, def, request, ratio] = BOUNDS.map((b) => bounds[b].get(name));
    const at = (bound: string) => join(join(field, bound), name);
    const says = (value: { text: unknown } | undefined) => show(value?.text);
    type Bound = { amount: Quantity } | undefined;
    const above = (a: Bound, b: Bound) => a !== undefined && b !== undefined && compareQuantities(a.amount, b.amount) > 0;
    if (above(min, max)) report(MESSAGES.invalidFieldValue, at('min'), `min ${says(min)} is greater than max ${says(max)}`);
    if (above(min, request)) report(MESSAGES.invalidFieldValue, at('defaultRequest'), `min ${says(min)} is greater than the default request ${says(request)}`);
    if (above(request, max)) report(MESSAGES.invalidFieldValue, at('defaultRequest'), `the default request ${says(request)} is greater than max ${says(max)}`);
    if (above(request, def)) report(MESSAGES.invalidFieldValue, at('defaultRequest'), `the default request ${says(request)} is greater than the default limit ${says(def)}`);
    if (above(min, def)) report(MESSAGES.invalidFieldValue, at('default'), `min ${says(min)} is greater than the default ${says(def)}`);
    if (above(def, max)) report(MESSAGES.invalidFieldValue, at('default'), `the default ${says(def)} is greater than max ${says(max)}`);
    if (ratio && compareQuantities(ratio.amount, quantityOf(1n)) < 0) report(MESSAGES.invalidFieldValue, at('maxLimitRequestRatio'), `the ratio ${says(ratio)} is less than 1`);
    const limit = ratio && min && max ? ratioLimit(ratio.amount, min.amount, max.amount) : undefined;
    if (limit && limit.ratio > limit.maxOverMin) {
      report(MESSAGES.invalidFieldValue, at('maxLimitRequestRatio'), `the ratio ${says(ratio)} is greater than max/min = ${limit.maxOverMin.toFixed(6)}`);
    }
    if (!overcommitAllowed(name) && def && request && compareQuantities(def.amount, request.amount) !== 0) {
      report(MESSAGES.invalidFieldValue, at('defaultRequest'), `${name} cannot be overcommitted: the default ${says(def)} must equal the default request ${says(request)}`);
    }
  }
}

// resource.MaxMilliValue: the largest value whose MilliValue fits an int64
const MAX_MILLI_VALUE = (2n ** 63n - 1n) / 1000n;

/**
 * The ratio and max/min as Go compares them, in float64: in milli units when the three values' Value() are under
 * MaxMilliValue, else in whole units (a min of 0 makes max/min infinite, or NaN with a max of 0: never exceeded).
 */
function ratioLimit(ratio: Quantity, min: Quantity, max: Quantity): { ratio: number; maxOverMin: number } {
  const milli = [ratio, min, max].every((q) => scaledValue(q, 0) < MAX_MILLI_VALUE);
  const [r, low, high] = [ratio, min, max].map((q) => Number(scaledValue(q, milli ? -3 : 0)));
  return { ratio: milli ? r / 1000 : r, maxOverMin: high / low };
}
