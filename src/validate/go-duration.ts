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
    const fraction = match[2] ?? '';
    total += BigInt(match[1] || '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
  }
  return sign * total;
}

/**
 * A duration as time.ParseDuration returns it, which refuses more than an int64 of nanoseconds (as Istio's webhook
 * decodes its duration fields, and robfig/cron an `@every` schedule), or undefined when it does not parse.
 */
export function decodedDuration(value: string): bigint | undefined {
  const ns = parseDuration(value);
  return ns !== undefined && ns <= 9223372036854775807n && ns >= -9223372036854775808n ? ns : undefined;
}
