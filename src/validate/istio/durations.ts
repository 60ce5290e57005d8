// Durations as Istio reads them: Go duration strings ("1h30m", "250ms"), which the webhook requires to be whole
// milliseconds (agent.ValidateDuration). The CRDs' CEL rules already require at least 1ms.
import { join } from '../structural';
import { Fields } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { fail } from './verdicts';

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
// µs (U+00B5) and μs (U+03BC), escaped: the bundle run-ts makes stays ASCII, which node reads about twice as fast
const COMPONENT = /(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** A Go duration in nanoseconds, or undefined when it does not parse (the CEL rules report those). */
export function parseDuration(text: string): bigint | undefined {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < rest.length) {
    const start = COMPONENT.lastIndex;
    const match = COMPONENT.exec(rest);
    if (!match || match.index !== start || (match[1] === '' && !match[2])) return undefined;
    const unit = UNITS[match[3]];
    const fraction = match[2] ?? '';
    total += BigInt(match[1] || '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
  }
  return sign * total;
}

/**
 * A duration as the webhook decodes it (jsonpb: time.ParseDuration, which refuses more than an int64 of nanoseconds),
 * or undefined when it does not decode; for the duration fields no CEL rule reads.
 */
export function decodedDuration(value: string): bigint | undefined {
  const ns = parseDuration(value);
  return ns !== undefined && ns <= 9223372036854775807n && ns >= -9223372036854775808n ? ns : undefined;
}

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
