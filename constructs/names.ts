// Checks shared by the constructs: each throws with what is wrong, the value received and what is allowed.
import { isDnsLabel } from '../src/validate/mesh/names';


/** Throws unless `value` is a DNS-1123 label, which Kubernetes requires of Service and Namespace names. */
export function checkDnsLabel(value: string, what: string): void {
  if (!isDnsLabel(value)) {
    throw new Error(`${what} must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter ` +
      `or digit, at most 63 characters), got '${value}'`);
  }
}

/** Throws unless `value` is a whole number within `min..max`. */
export function checkInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${what} must be a whole number between ${min} and ${max}, got ${value}`);
  }
}

/** Throws unless `value` is a number within `min..max`. */
export function checkRange(value: number, min: number, max: number, what: string): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${what} must be between ${min} and ${max}, got ${value}`);
  }
}

/** Throws unless `value` is an absolute URI path. */
export function checkPath(value: string, what: string): void {
  if (!value.startsWith('/') || /\s/.test(value)) {
    throw new Error(`${what} must be a path starting with '/' and without spaces, got '${value}'`);
  }
}
