// Container resource requests and limits (validateResourceRequirements, validateContainerResourceName,
// ValidateResourceQuantityValue): known names, non-negative quantities, requests within limits.
import { MESSAGES } from '../findings';
import { parseQuantity } from '../quantity';
import { join, show } from '../structural';
import { entries, record } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { Report } from './report';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const isHugePages = (name: string) => name.startsWith('hugepages-');
// resources outside kubernetes.io are extended resources: whole numbers, requested exactly as limited
const isExtended = (name: string) => name.includes('/') && !name.includes('kubernetes.io/');
const overcommitAllowed = (name: string) => !isHugePages(name) && !isExtended(name);

function checkResourceName(name: string, field: string, report: Report): boolean {
  const problem = qualifiedNameProblem(name);
  if (problem) {
    report(MESSAGES.invalidFieldValue, field, `resource name must be ${problem}, got ${show(name)}`);
    return false;
  }
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
    report(MESSAGES.unsupportedValue, field, `resource name must be cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed name, got ${show(name)}`);
    return false;
  }
  return true;
}

/** The requests and limits of a container. */
export function checkResourceRequirements(value: unknown, field: string, report: Report): void {
  const resources = record(value);
  if (!resources) return;
  const limits = new Map<string, number>();
  for (const side of ['limits', 'requests'] as const) {
    for (const [name, quantity] of entries(resources[side])) {
      const path = join(join(field, side), name);
      if (!checkResourceName(name, path, report)) continue;
      // a quantity that does not parse is a schema finding already
      const amount = parseQuantity(quantity);
      if (amount === undefined) continue;
      if (amount < 0) report(MESSAGES.invalidFieldValue, path, `quantity must not be negative, got ${show(quantity)}`);
      if (isExtended(name) && !Number.isInteger(Math.round(amount * 1000) / 1000)) {
        report(MESSAGES.invalidFieldValue, path, `quantity of extended resource ${name} must be a whole number, got ${show(quantity)}`);
      }
      if (side === 'limits') {
        limits.set(name, amount);
        continue;
      }
      const limit = limits.get(name);
      if (limit === undefined) {
        if (!overcommitAllowed(name)) report(MESSAGES.requiredValue, join(field, 'limits'), `a limit must be set for ${name}, which cannot be overcommitted`);
      } else if (!overcommitAllowed(name) && amount !== limit) {
        report(MESSAGES.invalidFieldValue, path, `request of ${name} must equal its limit ${show(resources.limits[name])}, got ${show(quantity)}`);
      } else if (amount > limit) {
        report(MESSAGES.invalidFieldValue, path, `request of ${name} must be at most its limit ${show(resources.limits[name])}, got ${show(quantity)}`);
      }
    }
  }
}
