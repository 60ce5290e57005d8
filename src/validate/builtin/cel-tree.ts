// What the compilation's rewrites of a parsed CEL tree share (./cel-macros.ts, ./cel-optional-syntax.ts): a node's
// children mapped without rebuilding what does not change, a test of every node, and the largest id, after which new
// nodes are numbered.
import type { Expr } from './cel-check';

export type Kind = Expr['exprKind'];

/** A node's kind with each child expression mapped: the same kind where no child changed (or it has none). */
export function children(kind: Kind, f: (e: Expr) => Expr): Kind {
  let changed = false;
  const map = <T extends Expr | undefined>(e: T): T => {
    const mapped = e && f(e);
    if (mapped !== e) changed = true;
    return mapped as T;
  };
  let rebuilt: Kind;
  switch (kind.case) {
    case 'callExpr':
      rebuilt = { case: 'callExpr', value: { ...kind.value, target: map(kind.value.target), args: kind.value.args.map(map) } } as Kind;
      break;
    case 'selectExpr':
      rebuilt = { case: 'selectExpr', value: { ...kind.value, operand: map(kind.value.operand) } } as Kind;
      break;
    case 'listExpr':
      rebuilt = { case: 'listExpr', value: { ...kind.value, elements: kind.value.elements.map(map) } } as Kind;
      break;
    case 'structExpr': {
      const entries = kind.value.entries.map((entry) => ({
        ...entry,
        keyKind: entry.keyKind.case === 'mapKey' ? { case: 'mapKey', value: map(entry.keyKind.value) } : entry.keyKind,
        value: map(entry.value),
      }));
      rebuilt = { case: 'structExpr', value: { ...kind.value, entries } } as Kind;
      break;
    }
    case 'comprehensionExpr': {
      const c = kind.value;
      const parts = { iterRange: map(c.iterRange), accuInit: map(c.accuInit), loopCondition: map(c.loopCondition), loopStep: map(c.loopStep) };
      rebuilt = { case: 'comprehensionExpr', value: { ...c, ...parts, result: map(c.result) } } as Kind;
      break;
    }
    default:
      return kind;
  }
  return changed ? rebuilt : kind;
}

export function largestId(e: Expr): bigint {
  let largest = e.id;
  children(e.exprKind, (child) => {
    const id = largestId(child);
    if (id > largest) largest = id;
    return child;
  });
  return largest;
}

/** Whether a node of the tree passes a test (each node looked at without building anything). */
export function someNode(e: Expr, test: (e: Expr) => boolean): boolean {
  if (test(e)) return true;
  const kind = e.exprKind;
  const some = (child: Expr | undefined) => child !== undefined && someNode(child, test);
  switch (kind.case) {
    case 'callExpr':
      return some(kind.value.target) || kind.value.args.some(some);
    case 'selectExpr':
      return some(kind.value.operand);
    case 'listExpr':
      return kind.value.elements.some(some);
    case 'structExpr':
      return kind.value.entries.some((entry) => (entry.keyKind.case === 'mapKey' && some(entry.keyKind.value)) || some(entry.value));
    case 'comprehensionExpr': {
      const c = kind.value;
      return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].some(some);
    }
    default:
      return false;
  }
}
