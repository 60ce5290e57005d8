// The value of a CEL expression as a CRD rule evaluates it, for the tests of the CEL libraries.
import { celValue } from '../../src/validate/cel';

/** An expression's value (no `self`), or the text of the error it evaluated to. */
export function celResult(expression: string): unknown {
  const result = celValue(expression, {});
  return typeof result === 'object' && result !== null && 'message' in result ? `error: ${(result as { message: string }).message}` : result;
}
