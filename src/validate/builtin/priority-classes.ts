// PriorityClasses (scheduling.k8s.io/v1), as pkg/apis/scheduling/validation's ValidatePriorityClass checks them at
// create: a name starting with `system-` is reserved for the two system classes (with their values, and not the
// global default), any other class's value is at most HighestUserDefinablePriority, and the preemption policy is
// one the scheduler knows (ValidatePreemptionPolicy).
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { Fields, isSet, num, str } from './go-values';
import { Report } from './report';

/** scheduling.HighestUserDefinablePriority. */
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** scheduling's systemPriorityClasses: their names and values (neither is the global default). */
const SYSTEM_CLASSES: Readonly<Record<string, number>> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };
const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'];

/** Built-in validation of a PriorityClass. */
export function checkPriorityClass(object: Fields, report: Report): void {
  const name = str((object.metadata as Fields | undefined)?.name);
  const value = num(object.value) ?? 0;
  if (name.startsWith('system-')) {
    const systemValue = SYSTEM_CLASSES[name];
    const reason =
      systemValue === undefined
        ? `${name} is not a known system priority class (${Object.keys(SYSTEM_CLASSES).join(', ')})`
        : systemValue !== value
          ? `the value of ${name} must be ${systemValue}, got ${value}`
          : object.globalDefault === true
            ? `${name} may not be the global default`
            : undefined;
    if (reason) report(MESSAGES.invalidName, 'metadata.name', `names starting with system- are reserved for the system's classes: ${reason}`);
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    report(MESSAGES.invalidFieldValue, 'value', `must be at most ${HIGHEST_USER_DEFINABLE_PRIORITY} (the highest priority a user may define), got ${value}`);
  }
  if (isSet(object.preemptionPolicy) && !PREEMPTION_POLICIES.includes(str(object.preemptionPolicy))) {
    report(MESSAGES.unsupportedValue, 'preemptionPolicy', `must be one of ${PREEMPTION_POLICIES.join(', ')}, got ${show(object.preemptionPolicy)}`);
  }
}
