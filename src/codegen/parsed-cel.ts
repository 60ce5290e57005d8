// The CRDs' CEL expressions parsed ahead of time. `npm run import` writes the parse tree of every rule and message
// expression of the pinned CRDs into imports/schemas/cel.json (one entry per line, keyed by the expression), so that
// validation plans a rule without parsing it: @bufbuild/cel's parser, cold, was most of a synth's CEL time.
// A tree is @bufbuild/cel's own ParsedExpr, a plain object in which the int64 fields (node ids, int and uint
// constants) are bigints: a bigint is written as {"$bigint":"<decimal>"}, which no parse tree holds otherwise.
/* eslint-disable @typescript-eslint/no-require-imports */
import type { CrdSchema, SchemaNode } from './extract-schemas';
import { entryPerLineJson } from './entry-per-line-json';

/** The file of the parsed expressions, beside crds.json. */
export const PARSED_CEL_FILE = 'cel.json';

/** Every rule and message expression of the CRDs' `x-kubernetes-validations`, sorted, each once. */
export function celExpressionsOf(crds: Readonly<Record<string, CrdSchema>>): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const rules = (node as SchemaNode)['x-kubernetes-validations'];
      if (Array.isArray(rules)) {
        for (const rule of rules as { rule?: unknown; messageExpression?: unknown }[]) {
          if (typeof rule?.rule === 'string') found.add(rule.rule);
          if (typeof rule?.messageExpression === 'string') found.add(rule.messageExpression);
        }
      }
      Object.values(node).forEach(visit);
    }
  };
  Object.values(crds).forEach((crd) => visit(crd.schema));
  return [...found].sort();
}

/** The file's text: each expression that parses, with its tree (one that does not parse is left to fail at run time). */
export function parsedCelJson(expressions: readonly string[]): string {
  // loaded here, not imported: validation reads this file's trees without loading @bufbuild/cel (src/validate/cel.ts)
  const { parse } = require('@bufbuild/cel') as typeof import('@bufbuild/cel');
  const record: Record<string, unknown> = {};
  for (const expression of expressions) {
    let tree: unknown;
    try {
      tree = parse(expression);
    } catch {
      continue;
    }
    record[expression] = encodeBigints(tree);
  }
  return entryPerLineJson(record);
}

/** `value` with every bigint replaced by {"$bigint": its decimal digits}. */
export function encodeBigints(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (Array.isArray(value)) return value.map(encodeBigints);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBigints(v)]));
  }
  return value;
}

/**
 * A parse tree from its JSON text, its bigints restored: the walk that restores them is skipped for a text that has
 * none (most trees; the walk took about a millisecond of a tutorial synth).
 */
export function parseTreeJson(text: string): unknown {
  return text.includes('"$bigint"') ? decodeBigints(JSON.parse(text)) : JSON.parse(text);
}

/** The inverse of {@link encodeBigints}, in place: a JSON value as read, with its bigints restored. */
export function decodeBigints(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeBigints(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const digits = record.$bigint;
    if (typeof digits === 'string' && Object.keys(record).length === 1) return BigInt(digits);
    for (const key of Object.keys(record)) record[key] = decodeBigints(record[key]);
  }
  return value;
}
