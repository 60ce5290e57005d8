// Int-or-percent values (a count such as 1, or a percentage such as "25%"), as apps/validation's
// ValidatePositiveIntOrPercent and IsNotMoreThan100Percent check them: a Deployment's rollout, a DaemonSet's,
// a PodDisruptionBudget's minAvailable and maxUnavailable.
import { MESSAGES } from '../findings';
import { show } from '../structural';
import { isPercent } from './identifiers';
import { Report } from './report';

/** A parsed int-or-percent: a count, or a percentage. */
export interface IntOrPercent {
  readonly value: number;
  readonly percent: boolean;
}

/** An int-or-percent such as 1 or "25%", as a number (percent or count), or undefined when malformed. */
export function intOrPercent(value: unknown, field: string, report: Report): IntOrPercent | undefined {
  if (typeof value === 'number') {
    if (value < 0) report(MESSAGES.invalidFieldValue, field, `must not be negative, got ${value}`);
    return { value, percent: false };
  }
  if (typeof value === 'string') {
    if (!isPercent(value)) {
      report(MESSAGES.invalidFieldValue, field, `must be a non-negative integer or a percentage such as 25%, got ${show(value)}`);
      return undefined;
    }
    const percent = Number(value.slice(0, -1));
    return { value: percent, percent: true };
  }
  return undefined;
}

/** IsNotMoreThan100Percent: a percentage over 100 (a count may be any size). */
export function checkAtMost100Percent(parsed: IntOrPercent | undefined, field: string, report: Report): void {
  if (parsed?.percent && parsed.value > 100) report(MESSAGES.invalidFieldValue, field, `must not be more than 100%, got ${parsed.value}%`);
}
