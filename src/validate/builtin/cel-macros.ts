// The macros @bufbuild/cel's parser leaves as calls, each expanded into the tree cel-go's parser makes of it, so that
// the checker types it and the cost estimate reads it as theirs: those of cel-go's ext.TwoVarComprehensions
// (ext/comprehensions.go: `m.all(k, v, p)`, exists(), existsOne() and exists_one() of two variables,
// transformList(), transformMap() and transformMapEntry() with or without a filter), and the optional library's
// optMap() and optFlatMap() (cel/library.go). ../cel-go-parse.ts has already refused the forms cel-go's parser does
// (variables that are no simple names, the same name twice, the accumulator's name).
import type { Expr } from './cel-check';
import { children, type Kind, largestId, someNode } from './cel-tree';

/** The function transformMap() and transformMapEntry() insert an entry with: (map, key, value) or (map, map). */
export const MAP_INSERT = 'cel.@mapInsert';

/** The two-variable macros by name and arity (receiver, two variable names, an optional filter, the body). */
const TWO_VARIABLE_MACROS = new Set([
  'all/3', 'exists/3', 'existsOne/3', 'exists_one/3', 'transformList/3', 'transformList/4', 'transformMap/3', 'transformMap/4',
  'transformMapEntry/3', 'transformMapEntry/4',
]);
/** The optional library's macros (receiver, a variable name, the body). */
const OPTIONAL_MACROS = new Set(['optMap/2', 'optFlatMap/2']);
/** The accumulator's name (parser.AccumulatorName), and the iteration variable optMap()'s comprehension does not use. */
const ACCUMULATOR = '@result';
const UNUSED = '#unused';

/** Which macros the environment has. */
export interface Macros {
  readonly twoVariable: boolean;
  readonly optional: boolean;
}

/** The tree with each macro call the environment has expanded (its new nodes numbered after the parse's largest id). */
export function expandMacros(tree: Expr, macros: Macros): Expr {
  const isMacro = (kind: Kind) => macroCall(kind, macros) !== undefined;
  return someNode(tree, (e) => isMacro(e.exprKind)) ? expand(tree, macros) : tree;
}

/** The call of a macro a node is, if it is one the environment has. */
function macroCall(kind: Kind, macros: Macros): Extract<Kind, { case: 'callExpr' }>['value'] | undefined {
  if (kind.case !== 'callExpr' || kind.value.target === undefined) return undefined;
  const named = `${kind.value.function}/${kind.value.args.length}`;
  return (macros.twoVariable && TWO_VARIABLE_MACROS.has(named)) || (macros.optional && OPTIONAL_MACROS.has(named)) ? kind.value : undefined;
}

function expand(tree: Expr, macros: Macros): Expr {
  let next: bigint | undefined;
  const node = (exprKind: unknown): Expr => {
    next ??= largestId(tree) + 1n;
    return { id: next++, exprKind } as Expr;
  };
  const ident = (name: string) => node({ case: 'identExpr', value: { name } });
  const literal = (constantKind: { case: 'boolValue'; value: boolean } | { case: 'int64Value'; value: bigint }) => node({ case: 'constExpr', value: { constantKind } });
  const call = (fn: string, ...args: Expr[]) => node({ case: 'callExpr', value: { function: fn, args } });
  const method = (fn: string, target: Expr) => node({ case: 'callExpr', value: { function: fn, target, args: [] } });
  const list = (...elements: Expr[]) => node({ case: 'listExpr', value: { elements, optionalIndices: [] } });
  const emptyMap = () => node({ case: 'structExpr', value: { messageName: '', entries: [] } });
  const accu = () => ident(ACCUMULATOR);
  const one = () => literal({ case: 'int64Value', value: 1n });

  // meh.Copy: the same tree under new ids
  const copy = (e: Expr): Expr => node(children(e.exprKind, copy));
  const comprehension = (value: Record<string, unknown>) => node({ case: 'comprehensionExpr', value: { iterVar2: '', ...value } });

  /** optMap() and optFlatMap(): `t.hasValue() ? optional.of(<v = t.value()> body) : optional.none()` (optFlatMap() without optional.of()). */
  const optional = (name: string, target: Expr, [variable, body]: readonly Expr[]): Expr | undefined => {
    if (variable?.exprKind.case !== 'identExpr') return undefined;
    const bound = variable.exprKind.value.name;
    const value = comprehension({
      iterVar: UNUSED, iterRange: list(), accuVar: bound, accuInit: method('value', copy(target)), loopCondition: literal({ case: 'boolValue', value: false }),
      loopStep: ident(bound), result: body,
    });
    return call('_?_:_', method('hasValue', target), name === 'optMap' ? call('optional.of', value) : value, call('optional.none'));
  };

  const expanded = (name: string, range: Expr, args: readonly Expr[]): Expr | undefined => {
    if (name === 'optMap' || name === 'optFlatMap') return optional(name, range, args);
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
    return comprehension({
      iterVar: key, iterVar2: second.exprKind.value.name, iterRange: range, accuVar: ACCUMULATOR, accuInit: init, loopCondition: condition,
      loopStep: step, result,
    });
  };

  const walk = (e: Expr): Expr => {
    const kind = children(e.exprKind, walk);
    const rebuilt = kind === e.exprKind ? e : ({ ...e, exprKind: kind } as Expr);
    const call = macroCall(kind, macros);
    return (call && expanded(call.function, call.target!, call.args)) ?? rebuilt;
  };
  return walk(tree);
}
