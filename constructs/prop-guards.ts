// Guards on construct props: each throws a PropError saying what is wrong, the value received and what is allowed.
import { DNS_LABEL_RULE, isDnsLabel } from './dns-names';
import { PropError } from './prop-error';

/** Throws unless `value` is a DNS-1123 label, which Kubernetes requires of Service and Namespace names. */
export function requireDnsLabel(value: string, what: string): void {
  if (typeof value !== 'string' || !isDnsLabel(value)) throw new PropError(`${what} must be ${DNS_LABEL_RULE}, got ${quote(value)}`);
}

/** Throws unless `value` is a whole number within `min..max`. */
export function requireInteger(value: number, min: number, max: number, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PropError(`${what} must be a whole number between ${min} and ${max}, got ${quote(value)}`);
  }
}

/** Throws unless `value` is a number within `min..max`. */
export function requireRange(value: number, min: number, max: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new PropError(`${what} must be between ${min} and ${max}, got ${quote(value)}`);
  }
}

/** Throws unless `value` is an absolute URI path. */
export function requirePath(value: string, what: string): void {
  if (typeof value !== 'string' || !value.startsWith('/') || /\s/.test(value)) {
    throw new PropError(`${what} must be a path starting with '/' and without spaces, got ${quote(value)}`);
  }
}

/** A value as a message quotes it: strings in single quotes, anything else as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
