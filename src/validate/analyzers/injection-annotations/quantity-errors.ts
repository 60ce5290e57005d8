// Kubernetes' resource.ParseQuantity (k8s.io/apimachinery/pkg/api/resource/quantity.go) as far as its error decides:
// which of its three errors a string gets, in the order the parser meets them (the parser is `validate/quantity.ts`).
import { interpretSuffix, isExactPath, splitQuantity } from '../../quantity';

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX = "unable to parse quantity's suffix";
const NUMERIC = 'unable to parse numeric part of quantity';

/** The error of `resource.ParseQuantity(str)`, or undefined when it parses. */
export function quantityError(str: string): string | undefined {
  if (str === '') return FORMAT_WRONG;
  if (str === '0') return undefined;
  const parts = splitQuantity(str);
  if (!parts) return FORMAT_WRONG;
  const suffix = interpretSuffix(parts.suffix);
  if (!suffix) return SUFFIX;
  // the int64 fast path needs no further parsing; the slow path reads the number as an inf.Dec, which needs a digit
  if (isExactPath(parts, suffix)) return undefined;
  return /[0-9]/.test(parts.value) ? undefined : NUMERIC;
}
