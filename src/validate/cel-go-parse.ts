// Whether cel-go's parser (github.com/google/cel-go v0.29, as cel.NewEnv() configures it) reads an expression, for
// Telemetry access log filters, which istiod only parses (no type check). @bufbuild/cel's parser reads the same
// grammar, and is more lenient than cel-go in places, which the checks below make up for: the macros' argument rules (`has()` of a field
// selection, a simple name as the iteration variable, not `__result__`), int and uint literals out of range, doubles
// that overflow, string escapes cel-go's lexer refuses (`\q`, `\400`, `\u` in bytes, ...), and the 100,000 code point
// limit. Not checked: cel-go's nesting limit (250 levels of the same grammar rule). An expression @bufbuild/cel
// refuses that holds a backtick is given the benefit of the doubt: cel-go reads backtick-quoted field names
// (`a.\`b-c\``), @bufbuild/cel does not.
import { loadCel as cel } from './cel';
import { show } from './structural';

type Expr = NonNullable<ReturnType<typeof import('@bufbuild/cel').parse>['expr']>;

// the answers so far, a bounded number (null: the expression parses)
const parsed = new Map<string, string | null>();
const MAX_PARSED = 256;

const MAX_CODE_POINTS = 100_000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Why cel-go's parser refuses `expression`, or undefined when it parses. */
export function celParseProblem(expression: string): string | undefined {
  let problem = parsed.get(expression);
  if (problem === undefined) {
    problem = findParseProblem(expression) ?? null;
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(expression, problem);
  }
  return problem ?? undefined;
}

function findParseProblem(expression: string): string | undefined {
  let points = 0;
  for (const _ of expression) points++;
  if (points > MAX_CODE_POINTS) return `it has ${points} code points, more than the ${MAX_CODE_POINTS} a CEL expression may have`;
  let tree: ReturnType<ReturnType<typeof cel>['parse']>;
  try {
    tree = cel().parse(expression);
  } catch (err) {
    if (expression.includes('`')) return undefined;
    const message = (err as Error).message.split('\n')[0].replace(/^<input>:/, 'at ');
    return message.length > 160 ? `${message.slice(0, 157)}...` : message;
  }
  return escapeProblem(expression) ?? treeProblem(tree.expr);
}

const MACROS = new Set(['all/2', 'exists/2', 'exists_one/2', 'filter/2', 'map/2', 'map/3']);

/** What cel-go's parser refuses in a tree @bufbuild/cel parsed: a macro it could not expand, a literal out of range. */
function treeProblem(root: Expr | undefined): string | undefined {
  const stack: (Expr | undefined)[] = [root];
  while (stack.length > 0) {
    const kind = stack.pop()?.exprKind;
    switch (kind?.case) {
      case 'constExpr': {
        const constant = kind.value.constantKind;
        if (constant.case === 'int64Value' && (constant.value < INT64_MIN || constant.value > INT64_MAX)) return `the int literal ${constant.value} is out of range`;
        if (constant.case === 'uint64Value' && (constant.value < 0n || constant.value > UINT64_MAX)) return `the uint literal ${constant.value}u is out of range`;
        if (constant.case === 'doubleValue' && !Number.isFinite(constant.value)) return 'a double literal is out of range';
        break;
      }
      case 'selectExpr':
        stack.push(kind.value.operand);
        break;
      case 'callExpr': {
        const { function: name, target, args } = kind.value;
        // a macro call @bufbuild/cel left unexpanded: cel-go refuses it
        if (target === undefined && name === 'has' && args.length === 1) return 'has() takes a field selection, like has(a.b)';
        if (target !== undefined && MACROS.has(`${name}/${args.length}`)) return `${name}() takes a simple name as its first argument, like x.${name}(y, ...)`;
        stack.push(target, ...args);
        break;
      }
      case 'listExpr':
        stack.push(...kind.value.elements);
        break;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') stack.push(entry.keyKind.value);
          stack.push(entry.value);
        }
        break;
      case 'comprehensionExpr': {
        const c = kind.value;
        if (c.iterVar === '__result__') return 'a macro may not name its iteration variable __result__';
        stack.push(c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result);
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

const IDENTIFIER_CHARACTER = /[A-Za-z0-9_]/;
const STRING_PREFIX = /^(?:[rR]|[bB][rR]?)$/;
const SIMPLE_ESCAPE = new Set(['a', 'b', 'f', 'n', 'r', 't', 'v', '\\', "'", '"', '`', '?']);
const HEX = /^[0-9a-fA-F]+$/;
const HEX_BYTE = /^[0-9a-fA-F]{2}$/;
const OCTAL = /^[0-3][0-7][0-7]$/;

/**
 * An escape in a string or bytes literal that cel-go refuses: its lexer knows `\a \b \f \n \r \t \v \\ \' \" \` \?`,
 * `\xHH`, `\uHHHH`, `\UHHHHHHHH` and `\OOO` (0-377), and \u, \U are not for bytes nor for surrogates. Raw literals
 * (r'...') have no escapes. Called on an expression @bufbuild/cel parsed, so every literal is closed.
 */
function escapeProblem(source: string): string | undefined {
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end + 1;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      i = end < 0 ? source.length : end + 1;
    } else if (c === '"' || c === "'") {
      const literal = scanLiteral(source, i, false, false);
      if (literal.problem) return literal.problem;
      i = literal.end;
    } else if (IDENTIFIER_CHARACTER.test(c)) {
      let end = i + 1;
      while (end < source.length && IDENTIFIER_CHARACTER.test(source[end])) end++;
      const word = source.slice(i, end);
      if (STRING_PREFIX.test(word) && (source[end] === '"' || source[end] === "'")) {
        const literal = scanLiteral(source, end, /[rR]/.test(word), /^[bB]/.test(word));
        if (literal.problem) return literal.problem;
        end = literal.end;
      }
      i = end;
    } else {
      i++;
    }
  }
  return undefined;
}

/** The literal whose opening quote is at `start`: where it ends, and the first escape cel-go refuses. */
function scanLiteral(source: string, start: number, raw: boolean, bytes: boolean): { end: number; problem?: string } {
  const quote = source[start];
  const delimiter = source.startsWith(quote.repeat(3), start) ? quote.repeat(3) : quote;
  for (let i = start + delimiter.length; i < source.length; ) {
    if (source.startsWith(delimiter, i)) return { end: i + delimiter.length };
    if (raw || source[i] !== '\\') {
      i++;
      continue;
    }
    const length = escapeLength(source, i + 1, bytes);
    if (length === undefined) return { end: source.length, problem: `the escape ${show(source.slice(i, i + 2))} is not one CEL knows` };
    i += 1 + length;
  }
  return { end: source.length };
}

/** The length of a valid escape after its backslash at `at`, or undefined. */
function escapeLength(source: string, at: number, bytes: boolean): number | undefined {
  const c = source[at];
  if (SIMPLE_ESCAPE.has(c)) return 1;
  if (c === 'x' || c === 'X') return HEX_BYTE.test(source.slice(at + 1, at + 3)) ? 3 : undefined;
  if (OCTAL.test(source.slice(at, at + 3))) return 3;
  if (bytes || (c !== 'u' && c !== 'U')) return undefined;
  const digits = source.slice(at + 1, at + (c === 'u' ? 5 : 9));
  if (digits.length !== (c === 'u' ? 4 : 8) || !HEX.test(digits)) return undefined;
  const point = parseInt(digits, 16);
  return point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff) ? undefined : digits.length + 1;
}
