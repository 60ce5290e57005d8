// Go's time.ParseDuration ("1h30m", "250ms", "-1.5s"): Istio's durations, CEL's duration(), and a CronJob's
// `@every` schedule are read with it.
const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
// µs (U+00B5) and μs (U+03BC), escaped: the bundle run-ts makes stays ASCII, which node reads about twice as fast
const COMPONENT = /(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** A Go duration in nanoseconds, or undefined when it does not parse. */
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
    total += BigInt(match[1] || '0') * unit + fractionOf(match[2] ?? '', unit);
  }
  return sign * total;
}

/**
 * The nanoseconds of a component's fraction digits as Go's ParseDuration adds them: leadingFraction keeps the digits
 * while they fit in 63 bits, then `uint64(float64(f) * (float64(unit) / scale))` (float64 arithmetic, truncated).
 */
function fractionOf(digits: string, unit: bigint): bigint {
  let f = 0n;
  let scale = 1;
  for (const digit of digits) {
    const next = f * 10n + BigInt(digit.charCodeAt(0) - 48);
    if (f > 922337203685477580n || next > 9223372036854775808n) break;
    f = next;
    scale *= 10;
  }
  return f === 0n ? 0n : BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
}

/**
 * A duration as time.ParseDuration returns it, which refuses more than an int64 of nanoseconds (as Istio's webhook
 * decodes its duration fields, and robfig/cron an `@every` schedule), or undefined when it does not parse.
 */
export function decodedDuration(value: string): bigint | undefined {
  const ns = parseDuration(value);
  return ns !== undefined && ns <= 9223372036854775807n && ns >= -9223372036854775808n ? ns : undefined;
}
