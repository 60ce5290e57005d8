// The optional syntax of cel-go's parser (cel.OptionalTypes, which the API server's environments have since 1.28):
// `a.?b`, `a[?i]`, `[?x, y]` and `{?k: v}`, which @bufbuild/cel's parser does not read. The expression is parsed
// with each optional form written as a marked plain one (`a._0o_sel_b`, `a[_0o_idx_(i)]`, `[_0o_elem_(x), y]`,
// `{_0o_key_(k): v}`), and the tree then given the nodes cel-go's parser makes of them: calls of `_?._` and
// `_[?_]`, a list's optional indices, a map's optional entries. Only an expression ../cel-go-parse.ts has already
// read as cel-go's grammar comes here; one this cannot rewrite with certainty (a marker's text already in it, a
// message literal, a condition inside an optional key) is not read (undefined), as before.
import { parseCel } from '../cel';
import { type Token, tokenize } from '../cel-go-parse';
import type { Expr } from './cel-check';
import { children, type Kind, largestId, someNode } from './cel-tree';

const MARK = '_0o_';
const SELECT = `${MARK}sel_`;
const INDEX = `${MARK}idx_`;
const ELEMENT = `${MARK}elem_`;
const KEY = `${MARK}key_`;

/** cel-go's optional field selection and optional index. */
export const OPTIONAL_SELECT = '_?._';
export const OPTIONAL_INDEX = '_[?_]';

type Parsed = ReturnType<typeof parseCel>;

/** The parse of an expression with the optional syntax, as cel-go's parser makes it; undefined where it is not read. */
export function parseOptionalSyntax(expression: string): Parsed | undefined {
  if (expression.includes(MARK)) return undefined;
  const rewritten = marked(expression);
  if (rewritten === undefined) return undefined;
  let parsed: Parsed;
  try {
    parsed = parseCel(rewritten);
  } catch {
    return undefined;
  }
  if (!parsed.expr) return undefined;
  const expr = unmarked(parsed.expr);
  return expr && ({ ...parsed, expr } as Parsed);
}

/** An open bracket: a call's or a group's, an index, a list, a map or a message literal, with what waits to be closed. */
interface Open {
  readonly kind: '(' | 'index' | 'list' | 'map' | 'message';
  /** `)` is due before the next `,`, `:` (a key) or the closing bracket at this depth. */
  wrapped?: boolean;
  /** Conditions opened in a marked key, whose `:` is theirs. */
  conditions: number;
}

/** The expression with each optional form written as its marked plain one, or undefined where that is not sure. */
function marked(source: string): string | undefined {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch {
    return undefined;
  }
  const edits: { at: number; remove: number; insert: string }[] = [];
  const stack: Open[] = [];
  const close = (at: number) => {
    const top = stack[stack.length - 1];
    if (top?.wrapped) {
      edits.push({ at, remove: 0, insert: ')' });
      top.wrapped = false;
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const previous = tokens[i - 1];
    const top = stack[stack.length - 1];
    if (token.kind !== 'punct') continue;
    switch (token.text) {
      case '?': {
        const after = previous?.kind === 'punct' ? previous.text : '';
        if (after === '.') {
          const name = tokens[i + 1];
          if (name?.kind !== 'ident') return undefined;
          edits.push({ at: token.start, remove: 1, insert: '' }, { at: name.start, remove: 0, insert: SELECT });
        } else if (after === '[' && top?.kind === 'index') {
          edits.push({ at: token.start, remove: 1, insert: `${INDEX}(` });
          top.wrapped = true;
        } else if ((after === '[' || after === ',') && top?.kind === 'list') {
          edits.push({ at: token.start, remove: 1, insert: `${ELEMENT}(` });
          top.wrapped = true;
        } else if ((after === '{' || after === ',') && top?.kind === 'map') {
          edits.push({ at: token.start, remove: 1, insert: `${KEY}(` });
          top.wrapped = true;
        } else if ((after === '{' || after === ',') && top?.kind === 'message') {
          return undefined;
        } else if (top?.kind === 'map' && top.wrapped) {
          // a condition inside a marked key: its `:` is not the entry's
          top.conditions++;
        }
        break;
      }
      case '(':
        stack.push({ kind: '(', conditions: 0 });
        break;
      case '[':
        stack.push({ kind: endsOperand(previous) ? 'index' : 'list', conditions: 0 });
        break;
      case '{':
        stack.push({ kind: previous?.kind === 'ident' ? 'message' : 'map', conditions: 0 });
        break;
      case ')':
      case ']':
      case '}':
        close(token.start);
        stack.pop();
        break;
      case ',':
        close(token.start);
        break;
      case ':':
        if (top?.kind === 'map' && top.wrapped && top.conditions > 0) top.conditions--;
        else if (top?.kind === 'map') close(token.start);
        break;
      default:
        break;
    }
  }
  let text = source;
  for (const edit of edits.sort((a, b) => b.at - a.at)) text = text.slice(0, edit.at) + edit.insert + text.slice(edit.at + edit.remove);
  return text;
}

/** Whether a token ends an operand, so that a `[` after it indexes rather than opens a list. */
function endsOperand(token: Token | undefined): boolean {
  if (token === undefined) return false;
  return token.kind === 'punct' ? token.text === ')' || token.text === ']' || token.text === '}' : token.kind !== 'end' && token.kind !== 'in';
}

/** The marked tree with cel-go's optional nodes in place of the marks; undefined where a mark is left elsewhere. */
function unmarked(tree: Expr): Expr | undefined {
  let next: bigint | undefined;
  let misplaced = false;
  const markedCall = (e: Expr | undefined, name: string): Expr | undefined => {
    const kind = e?.exprKind;
    return kind?.case === 'callExpr' && kind.value.function === name && !kind.value.target && kind.value.args.length === 1 ? kind.value.args[0] : undefined;
  };
  const walk = (e: Expr): Expr => {
    const kind: Kind = children(e.exprKind, walk);
    switch (kind.case) {
      case 'selectExpr':
        if (!kind.value.field.startsWith(SELECT)) break;
        if (kind.value.testOnly || !kind.value.operand) {
          misplaced = true;
          break;
        }
        next ??= largestId(tree) + 1n;
        return {
          ...e,
          exprKind: {
            case: 'callExpr',
            value: {
              function: OPTIONAL_SELECT,
              args: [kind.value.operand, { id: next++, exprKind: { case: 'constExpr', value: { constantKind: { case: 'stringValue', value: kind.value.field.slice(SELECT.length) } } } }],
            },
          },
        } as Expr;
      case 'callExpr': {
        const index = kind.value.function === '_[_]' && kind.value.args.length === 2 ? markedCall(kind.value.args[1], INDEX) : undefined;
        if (index) return { ...e, exprKind: { case: 'callExpr', value: { ...kind.value, function: OPTIONAL_INDEX, args: [kind.value.args[0], index] } } } as Expr;
        break;
      }
      case 'listExpr': {
        const optionalIndices: number[] = [];
        const elements = kind.value.elements.map((element, i) => {
          const inner = markedCall(element, ELEMENT);
          if (inner) optionalIndices.push(i);
          return inner ?? element;
        });
        if (optionalIndices.length > 0) return { ...e, exprKind: { case: 'listExpr', value: { ...kind.value, elements, optionalIndices } } } as Expr;
        break;
      }
      case 'structExpr': {
        let optional = false;
        const entries = kind.value.entries.map((entry) => {
          const key = entry.keyKind.case === 'mapKey' ? markedCall(entry.keyKind.value, KEY) : undefined;
          if (!key) return entry;
          optional = true;
          return { ...entry, keyKind: { case: 'mapKey', value: key }, optionalEntry: true };
        });
        if (optional) return { ...e, exprKind: { case: 'structExpr', value: { ...kind.value, entries } } } as Expr;
        break;
      }
      default:
        break;
    }
    return kind === e.exprKind ? e : ({ ...e, exprKind: kind } as Expr);
  };
  const expr = walk(tree);
  return misplaced || someNode(expr, isMarked) ? undefined : expr;
}

/** Whether a node is marked (one left where cel-go's grammar has no optional form). */
function isMarked(e: Expr): boolean {
  const kind = e.exprKind;
  if (kind.case === 'identExpr') return kind.value.name.startsWith(MARK);
  if (kind.case === 'selectExpr') return kind.value.field.startsWith(MARK);
  return kind.case === 'callExpr' && kind.value.function.startsWith(MARK);
}
