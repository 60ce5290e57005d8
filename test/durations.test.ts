// Go duration strings as Istio's webhook reads them (time.ParseDuration), and its whole-millisecond rule.
import { parseDuration } from '../src/validate/go-duration';
import { durationPrecisionProblem } from '../src/validate/istio/durations';

describe('parseDuration', () => {
  test.each([
    ['1h30m', 5_400_000_000_000n],
    ['250ms', 250_000_000n],
    ['1.5s', 1_500_000_000n],
    ['-2m', -120_000_000_000n],
    ['0', 0n],
    ['3us', 3_000n],
    ['3\u00b5s', 3_000n], // micro sign
    ['3\u03bcs', 3_000n], // Greek small letter mu
    ['1.5\u00b5s', 1_500n],
    // a fraction in float64, truncated, as Go adds it: exactly 20s (19.999999999s in exact arithmetic)
    ['0.3333333333333333333m', 20_000_000_000n],
    ['1.000000001s', 1_000_000_001n],
    // digits beyond 63 bits are read, not counted
    [`1.${'0'.repeat(30)}9s`, 1_000_000_000n],
  ])('%s is %s ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  test.each(['', 'ms', '5', '1x', '1.5', '3ms2'])('%j does not parse', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test('refuses what is not whole milliseconds', () => {
    expect(durationPrecisionProblem('1500\u00b5s')).toBe('must be a whole number of milliseconds, got "1500µs"');
    expect(durationPrecisionProblem('2000\u03bcs')).toBeUndefined();
    expect(durationPrecisionProblem('1.5ms')).toBe('must be a whole number of milliseconds, got "1.5ms"');
  });
});
