// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource ParseQuantity): "500m", "1Gi", "1e3", 2.
// The API server refuses a manifest whose quantity does not parse before any validation runs.

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

// sign, integer digits, fraction, then the suffix: letters of the suffix alphabet, an optional sign and digits
const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)$/;

/** What a quantity may be, as messages say it. */
export const QUANTITY_RULE = 'a quantity such as 500m, 128Mi, 1.5, 2e3 (a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei)';

/** The value of a quantity as a number, or undefined when the API server would not parse it. */
export function parseQuantity(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (typeof input !== 'string' || input === '') return undefined;
  const match = QUANTITY.exec(input);
  if (!match) return undefined;
  const [, sign, whole, fraction, suffix] = match;
  const multiplier = suffixMultiplier(suffix);
  if (multiplier === undefined) return undefined;
  // as Go's parser does, an empty numerator reads as 0 ("m" is 0)
  const magnitude = Number(`${whole || '0'}.${fraction ?? ''}0`);
  return (sign === '-' ? -1 : 1) * magnitude * multiplier;
}

/** Whether a quantity's value is a whole number, as Go tests it: its MilliValue a multiple of 1000. */
export function isWholeQuantity(amount: number): boolean {
  return Number.isInteger(Math.round(amount * 1000) / 1000);
}

function suffixMultiplier(suffix: string): number | undefined {
  if (suffix in DECIMAL_SUFFIXES) return DECIMAL_SUFFIXES[suffix];
  if (suffix in BINARY_SUFFIXES) return BINARY_SUFFIXES[suffix];
  const exponent = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  return exponent ? 10 ** Number(exponent[1]) : undefined;
}
