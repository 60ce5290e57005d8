// Container resource requests and limits (validateResourceRequirements, validateContainerResourceName,
// ValidateResourceQuantityValue, validateResourceQuantityHugePageValue): known names, non-negative quantities,
// whole extended resources, requests within limits, huge pages in whole pages and beside cpu or memory.
import { MESSAGES } from '../findings';
import { compareQuantities, isWholeQuantity, parseQuantity, parseResourceQuantity, Quantity, quantitySign, scaledValue } from '../quantity';
import { join, show } from '../structural';
import { entries, record } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { Report } from './report';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const isHugePages = (name: string) => name.startsWith('hugepages-');
/** IsNativeResource: no domain, or a kubernetes.io one. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** IsExtendedResourceName: a domain-prefixed name outside kubernetes.io whose quota name requests.<name> is qualified. */
export const isExtended = (name: string) => !isNative(name) && !name.startsWith('requests.') && qualifiedNameProblem(`requests.${name}`) === undefined;
/** IsOvercommitAllowed: extended resources and huge pages are requested exactly as limited. */
export const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
/** The counts a ResourceQuota may limit (IsIntegerResourceName's standard names). */
export const COUNTED_RESOURCES: readonly string[] = [
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports',
  'services.loadbalancers',
];
/** standardQuotaResources: what a ResourceQuota limits by a name without a domain (huge pages aside). */
export const QUOTA_RESOURCES: ReadonlySet<string> = new Set([...COMPUTE, ...COMPUTE.flatMap((r) => [`requests.${r}`, `limits.${r}`]), ...COUNTED_RESOURCES, 'requests.storage']);
/** IsStandardResourceName: the quota resources, `storage`, and huge pages (requested or not). */
export const isStandardResource = (name: string) => QUOTA_RESOURCES.has(name) || name === 'storage' || isHugePages(name) || name.startsWith('requests.hugepages-');
/** IsStandardQuotaResourceName: the standard resources but `storage`. */
export const isQuotaResource = (name: string) => name !== 'storage' && isStandardResource(name);

/** validateContainerResourceName: a container resource's name (also an autoscaler's ContainerResource metric's); whether it is one. */
export function checkContainerResourceName(name: string, field: string, report: Report): boolean {
  const problem = qualifiedNameProblem(name);
  if (problem) {
    report(MESSAGES.invalidFieldValue, field, `resource name must be ${problem}, got ${show(name)}`);
    return false;
  }
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
    report(MESSAGES.unsupportedValue, field, `resource name must be cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed name, got ${show(name)}`);
    return false;
  }
  if (!isNative(name) && !isExtended(name)) {
    report(MESSAGES.invalidFieldValue, field, `an extended resource name must not start with requests. and must stay a qualified name behind requests., got ${show(name)}`);
    return false;
  }
  return true;
}

/** IsHugePageResourceValueDivisible: a whole number of pages of the size the name gives, a positive whole quantity. */
function hugePagesProblem(name: string, amount: Quantity): boolean {
  const size = parseQuantity(name.slice('hugepages-'.length));
  if (size === undefined || quantitySign(size) <= 0 || !isWholeQuantity(size)) return true;
  return scaledValue(amount, 0) % scaledValue(size, 0) !== 0n;
}

/** The requests and limits of a container. */
export function checkResourceRequirements(value: unknown, field: string, report: Report): void {
  const resources = record(value);
  if (!resources) return;
  const limits = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const side of ['limits', 'requests'] as const) {
    for (const [name, quantity] of entries(resources[side])) {
      const path = join(join(field, side), name);
      if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
      if (!checkContainerResourceName(name, path, report)) continue;
      // a quantity that does not parse is a schema finding already; v1's defaults round the others up to milli
      const amount = parseResourceQuantity(quantity);
      if (amount === undefined) continue;
      if (quantitySign(amount) < 0) report(MESSAGES.invalidFieldValue, path, `quantity must not be negative, got ${show(quantity)}`);
      if (isExtended(name) && !isWholeQuantity(amount)) {
        report(MESSAGES.invalidFieldValue, path, `quantity of extended resource ${name} must be a whole number, got ${show(quantity)}`);
      }
      if (isHugePages(name)) {
        hugePages = true;
        if (hugePagesProblem(name, amount)) report(MESSAGES.invalidFieldValue, path, `quantity of ${name} must be a whole number of its pages, got ${show(quantity)}`);
      }
      if (side === 'limits') {
        limits.set(name, amount);
        continue;
      }
      const limit = limits.get(name);
      if (limit === undefined) {
        if (!overcommitAllowed(name)) report(MESSAGES.requiredValue, join(field, 'limits'), `a limit must be set for ${name}, which cannot be overcommitted`);
      } else if (!overcommitAllowed(name) && compareQuantities(amount, limit) !== 0) {
        report(MESSAGES.invalidFieldValue, path, `request of ${name} must equal its limit ${show(resources.limits[name])}, got ${show(quantity)}`);
      } else if (compareQuantities(amount, limit) > 0) {
        report(MESSAGES.invalidFieldValue, path, `request of ${name} must be at most its limit ${show(resources.limits[name])}, got ${show(quantity)}`);
      }
    }
  }
  if (hugePages && !cpuOrMemory) report(MESSAGES.requiredValue, field, 'huge pages need a cpu or memory request or limit beside them');
}
