// PodDisruptionBudgets (policy/v1), as pkg/apis/policy/validation's ValidatePodDisruptionBudgetSpec checks them at
// create: minAvailable or maxUnavailable (not both), each a count or a percentage of at most 100%, the selector,
// and the unhealthy pod eviction policy. Its validation checks no name (see names.ts).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, isSet, record, stringPointer } from './go-values';
import { checkAtMost100Percent, intOrPercent } from './int-or-percent';
import { checkLabelSelector } from './metadata';
import { Report } from './report';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** Built-in validation of a PodDisruptionBudget's spec. */
export function checkDisruptionBudget(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
    report(MESSAGES.invalidFieldValue, 'spec', 'minAvailable and maxUnavailable cannot both be set: give one');
  }
  for (const key of ['minAvailable', 'maxUnavailable']) {
    if (!isSet(spec[key])) continue;
    const field = join('spec', key);
    checkAtMost100Percent(intOrPercent(spec[key], field, report), field, report);
  }
  checkLabelSelector(spec.selector, 'spec.selector', report);
  const policy = stringPointer(spec.unhealthyPodEvictionPolicy);
  if (policy !== undefined && !EVICTION_POLICIES.includes(policy)) {
    report(MESSAGES.unsupportedValue, 'spec.unhealthyPodEvictionPolicy', `must be one of ${EVICTION_POLICIES.join(', ')}, got ${show(policy)}`);
  }
}
