// Kubernetes' resource.ParseQuantity (k8s.io/apimachinery/pkg/api/resource/quantity.go) as far as its error decides:
// which of its three errors a string gets, in the order the parser meets them.

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX = "unable to parse quantity's suffix";
const NUMERIC = 'unable to parse numeric part of quantity';

const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_LETTERS = 'eEinumkKMGTP';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

interface Parts {
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

/** parseQuantityString: the sign, numerator, denominator and suffix, or undefined for ErrFormatWrong. */
function split(str: string): Parts | undefined {
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

/** suffixHandler.interpret: the suffix's base and exponent, or undefined when it is none of the known ones. */
function interpret(suffix: string): { binary: boolean; exponent: number } | undefined {
  if (suffix in DECIMAL_EXPONENTS) return { binary: false, exponent: DECIMAL_EXPONENTS[suffix] };
  if (suffix in BINARY_EXPONENTS) return { binary: true, exponent: BINARY_EXPONENTS[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = BigInt(suffix.slice(1));
    if (exponent >= -(2n ** 63n) && exponent < 2n ** 63n) return { binary: false, exponent: Number(exponent) };
  }
  return undefined;
}

/** The error of `resource.ParseQuantity(str)`, or undefined when it parses. */
export function quantityError(str: string): string | undefined {
  if (str === '') return FORMAT_WRONG;
  if (str === '0') return undefined;
  const parts = split(str);
  if (!parts) return FORMAT_WRONG;
  const suffix = interpret(parts.suffix);
  if (!suffix) return SUFFIX;
  // the int64 fast path needs no further parsing; the slow path reads the number as an inf.Dec, which needs a digit
  const digits = parts.num.length + parts.denom.length;
  const precision = suffix.binary
    ? suffix.exponent >= 0 && parts.denom === ''
      ? 15 - parts.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1
      : -1
    : 18 - digits;
  const scale = (suffix.binary ? 0 : suffix.exponent) - parts.denom.length;
  if (precision >= 0 && scale >= -9) return undefined;
  return /[0-9]/.test(parts.value) ? undefined : NUMERIC;
}
