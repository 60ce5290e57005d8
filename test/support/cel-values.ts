// The value of a CEL expression as a CRD rule evaluates it, for the tests of the CEL libraries.
import { celValue } from '../../src/validate/cel';

/** An expression's value (no `self`), a list as an array, or the text of the error it evaluated to. */
export function celResult(expression: string): unknown {
  const result = celValue(expression, {});
  if (typeof result === 'object' && result !== null && 'message' in result) return `error: ${(result as { message: string }).message}`;
  return plain(result);
}

/** A CEL list (@bufbuild/cel's, iterable) as an array of plain values. */
function plain(value: unknown): unknown {
  const isList = typeof value === 'object' && value !== null && !(value instanceof Map) && Symbol.iterator in value;
  return isList ? Array.from(value as Iterable<unknown>, plain) : value;
}
