// How the built-in validation rules report what they find: a problem type, the field's JSON path, a message.
import { MESSAGES, type MessageType } from '../findings';
import { join, show } from '../structural';
import { num, text } from './go-values';

/** Receives one problem of a checked object. */
export type Report = (type: MessageType, field: string, message: string) => void;

/**
 * field.NotSupported: a string field, when set, must be one of `allowed`. `read` says what is set: by default a
 * non-empty string (a Go string field, whose "" means unset); `stringPointer` for a *string field or a list's item,
 * where "" is a value like any other.
 */
export function checkEnum(
  value: unknown,
  allowed: readonly string[],
  field: string,
  what: string,
  report: Report,
  read: (value: unknown) => string | undefined = text,
): void {
  const v = read(value);
  if (v !== undefined && !allowed.includes(v)) report(MESSAGES.unsupportedValue, field, `${what} must be one of ${allowed.join(', ')}, got ${show(v)}`);
}

/** ValidateNonnegativeField, for each of `fields` of `spec` that is set. */
export function checkNonNegative(spec: Record<string, unknown>, fields: readonly string[], path: string, report: Report): void {
  for (const f of fields) {
    const n = num(spec[f]);
    if (n !== undefined && n < 0) report(MESSAGES.invalidFieldValue, join(path, f), `${f} must not be negative, got ${n}`);
  }
}
