// Durations as Istio reads them: Go duration strings ("1h30m", "250ms"), which the webhook requires to be whole
// milliseconds (agent.ValidateDuration). The CRDs' CEL rules already require at least 1ms.
import { join } from '../structural';
import { Fields } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { fail } from './verdicts';
import { parseDuration } from '../go-duration';

/** Why a duration is refused beyond the CRD's 1ms minimum (not whole milliseconds), or undefined. */
export function durationPrecisionProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ns = parseDuration(value);
  if (ns === undefined || ns % 1_000_000n === 0n) return undefined;
  return `must be a whole number of milliseconds, got ${JSON.stringify(value)}`;
}

/** The named duration fields of an object, each whole milliseconds. */
export function checkDurationFields(object: Fields | undefined, names: readonly string[], field: string, report: Report): void {
  for (const name of names) {
    const problem = durationPrecisionProblem(object?.[name]);
    if (problem) fail(report, join(field, name), problem);
  }
}
