// Kubernetes resource quantities as k8s.io/apimachinery/pkg/api/resource (v0.33.9) reads and compares them: "500m",
// "1.5Gi", "2e3", 2. A quantity is held exactly, as Go's inf.Dec holds it (digits times a power of ten), since
// binary floating point calls 2300m more than 2.3 and 1000u other than 1m. The API server refuses a manifest whose
// quantity does not parse before any validation runs.

/** A quantity's exact value: `digits` times ten to the power `exponent`. */
export interface Quantity {
  readonly digits: bigint;
  readonly exponent: number;
}

/** What a quantity may be, as messages say it. */
export const QUANTITY_RULE = 'a quantity such as 500m, 128Mi, 1.5, 2e3 (a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei)';

const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_LETTERS = 'eEinumkKMGTP';
const NANO = -9;
const MAX_INT64 = 2n ** 63n - 1n;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** parseQuantityString's parts: the number as written, its numerator and denominator digits, and its suffix. */
export interface QuantityParts {
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

/** parseQuantityString: the parts of a quantity's text, or undefined for ErrFormatWrong. */
export function splitQuantity(str: string): QuantityParts | undefined {
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_LETTERS.includes(str[i])) i++;
  if (i >= end) return { value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  return i >= end ? { value, num, denom, suffix: str.slice(suffixStart) } : undefined;
}

/** suffixHandler.interpret: the suffix's base and exponent (an e-exponent cut to Go's int32), or undefined. */
export function interpretSuffix(suffix: string): { binary: boolean; exponent: number } | undefined {
  if (suffix in DECIMAL_EXPONENTS) return { binary: false, exponent: DECIMAL_EXPONENTS[suffix] };
  if (suffix in BINARY_EXPONENTS) return { binary: true, exponent: BINARY_EXPONENTS[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = BigInt(suffix.slice(1));
    if (exponent >= -(2n ** 63n) && exponent < 2n ** 63n) return { binary: false, exponent: Number(BigInt.asIntN(32, exponent)) };
  }
  return undefined;
}

/**
 * Whether ParseQuantity takes its exact int64 path (few enough digits, no finer than nano); the other path reads
 * the number as an inf.Dec, rounds it up to nano and caps a binary one at the largest int64.
 */
export function isExactPath(parts: QuantityParts, suffix: { binary: boolean; exponent: number }): boolean {
  const precision = suffix.binary
    ? suffix.exponent >= 0 && parts.denom === ''
      ? 15 - parts.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1
      : -1
    : 18 - parts.num.length - parts.denom.length;
  return precision >= 0 && (suffix.binary ? 0 : suffix.exponent) - parts.denom.length >= NANO;
}

// The white space Quantity.UnmarshalJSON's TrimSpace can take off a string: it trims the JSON literal as it came,
// where kubectl's encoder (Go's encoding/json) wrote the control characters, U+2028 and U+2029 as escapes, which are
// no white space and fail the parse
const JSON_UNESCAPED_SPACE = /^[ \x85\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \x85\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g;

/**
 * The value of a quantity as Quantity.UnmarshalJSON reads it from what kubectl sends (a JSON number by its text, a
 * string with the white space JSON leaves unescaped trimmed), or undefined when the API server would not parse it.
 */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? parseText(String(input)) : undefined;
  return typeof input === 'string' ? parseText(trimQuantity(input)) : undefined;
}

/** A quantity string as ParseQuantity gets it: UnmarshalJSON's TrimSpace of what kubectl sends. */
export const trimQuantity = (text: string): string => text.replace(JSON_UNESCAPED_SPACE, '');

function parseText(str: string): Quantity | undefined {
  if (str === '') return undefined;
  const parts = splitQuantity(str);
  const suffix = parts && interpretSuffix(parts.suffix);
  if (!parts || !suffix) return undefined;
  const exact = isExactPath(parts, suffix);
  // the inf.Dec path needs a digit to read
  if (!exact && !/[0-9]/.test(parts.value)) return undefined;
  const magnitude = BigInt(parts.num + parts.denom);
  let quantity: Quantity = suffix.binary
    ? { digits: magnitude << BigInt(suffix.exponent), exponent: -parts.denom.length }
    : { digits: magnitude, exponent: suffix.exponent - parts.denom.length };
  if (!exact) {
    quantity = roundUpQuantity(quantity, NANO);
    if (suffix.binary && compareQuantities(quantity, { digits: MAX_INT64, exponent: 0 }) > 0) quantity = { digits: MAX_INT64, exponent: 0 };
  }
  return str.startsWith('-') ? { digits: -quantity.digits, exponent: quantity.exponent } : quantity;
}

/** The sign of a quantity: -1, 0 or 1. */
export function quantitySign(quantity: Quantity): number {
  return quantity.digits > 0n ? 1 : quantity.digits < 0n ? -1 : 0;
}

/** How many decimal digits a magnitude has. */
const digitCount = (digits: bigint) => (digits < 0n ? -digits : digits).toString().length;

/** Quantity.Cmp: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const sign = quantitySign(a);
  if (sign !== quantitySign(b)) return sign < quantitySign(b) ? -1 : 1;
  if (sign === 0) return 0;
  // the same sign: a larger order of magnitude decides without aligning exponents that may be far apart
  const orderA = digitCount(a.digits) + a.exponent;
  const orderB = digitCount(b.digits) + b.exponent;
  if (orderA !== orderB) return orderA < orderB ? -sign : sign;
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.digits * 10n ** BigInt(a.exponent - exponent);
  const y = b.digits * 10n ** BigInt(b.exponent - exponent);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quantity.RoundUp: the quantity at ten to `exponent` or coarser, rounded away from zero. */
export function roundUpQuantity(quantity: Quantity, exponent: number): Quantity {
  if (quantity.exponent >= exponent) return quantity;
  const sign = BigInt(quantitySign(quantity));
  const shift = exponent - quantity.exponent;
  if (shift > digitCount(quantity.digits)) return { digits: sign, exponent };
  const divisor = 10n ** BigInt(shift);
  const quotient = quantity.digits / divisor;
  return { digits: quantity.digits % divisor === 0n ? quotient : quotient + sign, exponent };
}

/** A quantity of a v1 ResourceList as the API server validates it: SetDefaults_ResourceList rounds it up to milli. */
export function parseResourceQuantity(input: unknown): Quantity | undefined {
  const quantity = parseQuantity(input);
  return quantity && roundUpQuantity(quantity, -3);
}

// a bound beyond every int64, where Go's ScaledValue overflows: larger values are held at it, not written out
const BEYOND_INT64 = 10n ** 40n;

/** Quantity.ScaledValue: the quantity in units of ten to `exponent`, rounded up (at most 10^40 in size). */
export function scaledValue(quantity: Quantity, exponent: number): bigint {
  const rounded = roundUpQuantity(quantity, exponent);
  const shift = rounded.exponent - exponent;
  if (digitCount(rounded.digits) + shift > 40) return BigInt(quantitySign(rounded)) * BEYOND_INT64;
  return rounded.digits * 10n ** BigInt(shift);
}

/** Whether a quantity is a whole number, as Go tests it: its MilliValue a multiple of 1000. */
export function isWholeQuantity(quantity: Quantity): boolean {
  if (quantity.exponent >= 0) return true;
  return scaledValue(quantity, -3) % 1000n === 0n;
}

const DECIMAL_SUFFIXES: ReadonlyMap<number, string> = new Map(Object.entries(DECIMAL_EXPONENTS).map(([suffix, exponent]) => [exponent, suffix]));

/**
 * Quantity.String() of a ResourceList value that is not a whole number of bytes, as the API server's warnings quote it:
 * after SetDefaults_ResourceList's RoundUp to milli, which keeps the text as written only when ParseQuantity held it
 * exactly at milli or coarser, and ParseQuantity keeps it only when it is canonical; otherwise CanonicalizeBytes, in
 * DecimalExponent for a text with an e-exponent, else DecimalSI (a binary one that is not whole shows as DecimalSI
 * too): AsCanonicalBytes moves the factors of ten into the exponent, then makes it a multiple of 3. Undefined when
 * the text does not parse or the value is whole.
 */
export function fractionalQuantityText(input: unknown): string | undefined {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : undefined) : typeof input === 'string' ? trimQuantity(input) : undefined;
  const parsed = text === undefined ? undefined : parseText(text);
  const quantity = parsed && roundUpQuantity(parsed, -3);
  if (!quantity || quantity.exponent >= 0 || isWholeQuantity(quantity)) return undefined;
  const parts = splitQuantity(text!)!;
  const { suffix } = parts;
  const interpreted = interpretSuffix(suffix)!;
  const shifted = parts.num + parts.denom;
  const scale = interpreted.exponent - parts.denom.length;
  const kept = !interpreted.binary && isExactPath(parts, interpreted) && scale >= -3;
  if (kept && scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') return text;
  const exponentForm = suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E');
  let digits = quantity.digits < 0n ? -quantity.digits : quantity.digits;
  let { exponent } = quantity;
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    digits *= 10n;
    exponent--;
  }
  // constructBytes: DecimalExponent writes e<exponent>; DecimalSI its suffix, or none where it has no suffix
  const unit = exponentForm ? (exponent === 0 ? '' : `e${exponent}`) : (DECIMAL_SUFFIXES.get(exponent) ?? '');
  return `${quantity.digits < 0n ? '-' : ''}${digits}${unit}`;
}

/** A quantity from its parts, for constants: `digits` times ten to `exponent`. */
export const quantityOf = (digits: bigint, exponent = 0): Quantity => ({ digits, exponent });
