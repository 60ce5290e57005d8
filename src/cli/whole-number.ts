// A count given on the command line (`--scale 1000`, `--apps 10`): digits only, so that 1e3, 0x10, 1.0 and ' 7' are
// refused rather than read as JavaScript's Number() reads them.
import { UsageError } from './command';

/**
 * `value` of `option` as a whole number of at least 1 and at most `max`; a UsageError naming the option, the value
 * and what is allowed otherwise. `maxText` is the maximum as the message says it (`100000 apps (...)`).
 */
export function wholeNumberOption(option: string, value: string, max: number, maxText: string): number {
  if (!/^\d+$/.test(value) || /^0+$/.test(value)) throw new UsageError(`${option} must be a whole number of at least 1, got '${value}'`);
  // past the digits a number keeps, the value is still far above the maximum
  const count = Number(value);
  if (count > max) throw new UsageError(`${option} is at most ${maxText}, got ${value}`);
  return count;
}
