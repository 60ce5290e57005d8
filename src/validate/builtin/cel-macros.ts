// The macros of cel-go's ext.TwoVarComprehensions (ext/comprehensions.go), which @bufbuild/cel's parser leaves as
// calls: `m.all(k, v, p)`, exists(), existsOne() and exists_one() of two variables, transformList(), transformMap()
// and transformMapEntry() with or without a filter, each expanded into the comprehension cel-go's parser makes of it,
// so that the checker types it and the cost estimate reads it as theirs. ../cel-go-parse.ts has already refused the
// forms cel-go's parser does (variables that are no simple names, the same name twice, the accumulator's name).
import type { Expr } from './cel-check';
import { children, type Kind, largestId, someNode } from './cel-tree';

/** The function transformMap() and transformMapEntry() insert an entry with: (map, key, value) or (map, map). */
export const MAP_INSERT = 'cel.@mapInsert';

/** The macros by name and arity (receiver, two variable names, an optional filter, the body). */
const MACROS = new Set([
  'all/3', 'exists/3', 'existsOne/3', 'exists_one/3', 'transformList/3', 'transformList/4', 'transformMap/3', 'transformMap/4',
  'transformMapEntry/3', 'transformMapEntry/4',
]);
/** The accumulator's name (parser.AccumulatorName). */
const ACCUMULATOR = '@result';


/** The tree with each two-variable macro call expanded (its new nodes numbered after the parse's largest id). */
export function expandTwoVariableMacros(tree: Expr): Expr {
  return someNode(tree, (e) => macroCall(e.exprKind) !== undefined) ? expand(tree) : tree;
}

/** The call of a two-variable macro a node is, if it is one. */
function macroCall(kind: Kind): Extract<Kind, { case: 'callExpr' }>['value'] | undefined {
  return kind.case === 'callExpr' && kind.value.target !== undefined && MACROS.has(`${kind.value.function}/${kind.value.args.length}`) ? kind.value : undefined;
}

function expand(tree: Expr): Expr {
  let next: bigint | undefined;
  const node = (exprKind: unknown): Expr => {
    next ??= largestId(tree) + 1n;
    return { id: next++, exprKind } as Expr;
  };
  const ident = (name: string) => node({ case: 'identExpr', value: { name } });
  const literal = (constantKind: { case: 'boolValue'; value: boolean } | { case: 'int64Value'; value: bigint }) => node({ case: 'constExpr', value: { constantKind } });
  const call = (fn: string, ...args: Expr[]) => node({ case: 'callExpr', value: { function: fn, args } });
  const list = (...elements: Expr[]) => node({ case: 'listExpr', value: { elements, optionalIndices: [] } });
  const emptyMap = () => node({ case: 'structExpr', value: { messageName: '', entries: [] } });
  const accu = () => ident(ACCUMULATOR);
  const one = () => literal({ case: 'int64Value', value: 1n });

  const expanded = (name: string, range: Expr, args: readonly Expr[]): Expr | undefined => {
    const [first, second, ...rest] = args;
    if (first?.exprKind.case !== 'identExpr' || second?.exprKind.case !== 'identExpr') return undefined;
    const key = first.exprKind.value.name;
    const [filter, body] = rest.length === 2 ? rest : [undefined, rest[0]];
    const filtered = (step: Expr) => (filter ? call('_?_:_', filter, step, accu()) : step);
    let init: Expr, condition: Expr, step: Expr;
    let result = accu();
    switch (name) {
      case 'all':
        [init, condition, step] = [literal({ case: 'boolValue', value: true }), call('@not_strictly_false', accu()), call('_&&_', accu(), body)];
        break;
      case 'exists':
        [init, condition, step] = [literal({ case: 'boolValue', value: false }), call('@not_strictly_false', call('!_', accu())), call('_||_', accu(), body)];
        break;
      case 'existsOne':
      case 'exists_one':
        [init, condition, step] = [literal({ case: 'int64Value', value: 0n }), literal({ case: 'boolValue', value: true }), call('_?_:_', body, call('_+_', accu(), one()), accu())];
        result = call('_==_', accu(), one());
        break;
      case 'transformList':
        [init, condition, step] = [list(), literal({ case: 'boolValue', value: true }), filtered(call('_+_', accu(), list(body)))];
        break;
      case 'transformMap':
        [init, condition, step] = [emptyMap(), literal({ case: 'boolValue', value: true }), filtered(call(MAP_INSERT, accu(), ident(key), body))];
        break;
      default: // transformMapEntry
        [init, condition, step] = [emptyMap(), literal({ case: 'boolValue', value: true }), filtered(call(MAP_INSERT, accu(), body))];
    }
    return node({
      case: 'comprehensionExpr',
      value: {
        iterVar: key, iterVar2: second.exprKind.value.name, iterRange: range, accuVar: ACCUMULATOR, accuInit: init, loopCondition: condition,
        loopStep: step, result,
      },
    });
  };

  const walk = (e: Expr): Expr => {
    const kind = children(e.exprKind, walk);
    const rebuilt = kind === e.exprKind ? e : ({ ...e, exprKind: kind } as Expr);
    const call = macroCall(kind);
    return (call && expanded(call.function, call.target!, call.args)) ?? rebuilt;
  };
  return walk(tree);
}
