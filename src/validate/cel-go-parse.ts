// Whether cel-go's parser (github.com/google/cel-go v0.29, as cel.NewEnv() configures it) reads an expression, for
// Telemetry access log filters, which istiod only parses (no type check). A port of what decides it: the lexer rules
// and grammar of parser/gen/CEL.g4 and the checks parser/parser.go, unescape.go and macro.go add while building the
// tree (and, for the Kubernetes API server's match conditions, as its CEL environment configures cel-go v0.23.2:
// see CelDialect): reserved identifiers as names and function names (not as field or message names), no optional syntax
// (`a.?b`, `a[?0]`, `[?x]`, `{?k: v}`, `M{?f: v}`: cel.NewEnv() leaves it off), backtick-quoted field names
// (`a.\`b-c\``: on by default in v0.29), int, uint and double literals that Go's strconv reads, string escapes
// unescape() knows, the standard macros' arguments (has() of a field selection; all, exists, exists_one, map and
// filter with a simple name as their variable, not `__result__`), and the limits of 100,000 code points and
// 250 nested levels of one grammar rule. Only whether it parses is mirrored; the messages are ours.
// Approximations: the nesting limit counts what cel-go's parse listener counts for nested expressions exactly, and
// for long chains of selections, calls, indexes and operators (where ANTLR's left recursion decides the count) only
// roughly; `--9223372036854775808` is read as ANTLR resolves the ambiguity (both minus signs as operators, so the
// literal is out of range), as cel-go's tests do not pin it down.
import { show } from './structural';

// the answers so far, a bounded number (null: the expression parses)
const parsed = new Map<string, string | null>();
const MAX_PARSED = 256;

const MAX_CODE_POINTS = 100_000;
const MAX_DEPTH = 250;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The parser's configuration: `cel-go` as cel.NewEnv() has it (istiod's), or `kubernetes` as the API server's base
 * environment has it (k8s.io/apiserver pkg/cel/environment: cel.OptionalTypes() turns the optional syntax on and
 * adds the optMap and optFlatMap macros; ext.TwoVarComprehensions adds the two-variable all, exists, existsOne,
 * exists_one, transformList, transformMap and transformMapEntry macros), or `kubernetes-1.27` as a 1.27 API server
 * has it (none of those).
 */
export type CelDialect = 'cel-go' | 'kubernetes' | 'kubernetes-1.27';

/** Why cel-go's parser refuses `expression`, or undefined when it parses. */
export function celParseProblem(expression: string, dialect: CelDialect = 'cel-go'): string | undefined {
  const key = `${dialect}\0${expression}`;
  let problem = parsed.get(key);
  if (problem === undefined) {
    problem = findParseProblem(expression, dialect) ?? null;
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(key, problem);
  }
  return problem ?? undefined;
}

function findParseProblem(expression: string, dialect: CelDialect): string | undefined {
  let points = 0;
  for (const _ of expression) points++;
  if (points > MAX_CODE_POINTS) return `it has ${points} code points, more than the ${MAX_CODE_POINTS} a CEL expression may have`;
  try {
    new Parser(tokenize(expression), dialect).parse();
    return undefined;
  } catch (err) {
    if (!(err instanceof CelSyntaxError)) throw err;
    const message = `at ${position(expression, err.at)}: ${err.message}`;
    return message.length > 160 ? `${message.slice(0, 157)}...` : message;
  }
}

class CelSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** `line:column` of a UTF-16 offset, both from 1, the column in code points as cel-go counts it. */
function position(source: string, at: number): string {
  const lineStart = at === 0 ? 0 : source.lastIndexOf('\n', at - 1) + 1;
  const line = source.slice(0, lineStart).split('\n').length;
  return `${line}:${[...source.slice(lineStart, at)].length + 1}`;
}

// ---- the lexer (CEL.g4's lexer rules) ----

type Kind = 'ident' | 'escIdent' | 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'true' | 'false' | 'null' | 'in' | 'punct' | 'end';

export interface Token {
  readonly kind: Kind;
  readonly text: string;
  readonly start: number;
}

const KEYWORDS = new Map<string, Kind>([['true', 'true'], ['false', 'false'], ['null', 'null'], ['in', 'in']]);
const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '-', '+', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];
const WHITESPACE = /[\t\n\f\r ]/;
const LETTER = /[A-Za-z_]/;
const WORD = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const HEX_DIGIT = /[0-9a-fA-F]/;
const ESCAPED_IDENTIFIER = /[A-Za-z0-9_./ -]/;
const STRING_PREFIX = /^(?:[rR]|[bB][rR]?)$/;
const SIMPLE_ESCAPE = new Set(['a', 'b', 'f', 'n', 'r', 't', 'v', '\\', "'", '"', '`', '?']);
const HEX_BYTE = /^[0-9a-fA-F]{2}$/;
const HEX = /^[0-9a-fA-F]+$/;
const OCTAL = /^[0-3][0-7][0-7]$/;

/** The tokens of `source` (whitespace and comments dropped), ending with an `end` token; throws on what no rule reads. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: Kind, start: number, end: number) => tokens.push({ kind, text: source.slice(start, end), start });
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (WHITESPACE.test(c)) {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (c === '"' || c === "'") {
      const end = scanString(source, i, false, false);
      push('string', i, end);
      i = end;
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(source[i + 1] ?? ''))) {
      const [kind, end] = scanNumber(source, i);
      push(kind, i, end);
      i = end;
    } else if (LETTER.test(c)) {
      let end = i + 1;
      while (end < source.length && WORD.test(source[end])) end++;
      const word = source.slice(i, end);
      if (STRING_PREFIX.test(word) && (source[end] === '"' || source[end] === "'")) {
        const stop = scanString(source, end, /[rR]/.test(word), /^[bB]/.test(word));
        push(/^[bB]/.test(word) ? 'bytes' : 'string', i, stop);
        i = stop;
      } else {
        push(KEYWORDS.get(word) ?? 'ident', i, end);
        i = end;
      }
    } else if (c === '`') {
      let end = i + 1;
      while (end < source.length && ESCAPED_IDENTIFIER.test(source[end])) end++;
      if (end === i + 1 || source[end] !== '`') {
        throw new CelSyntaxError('a quoted field name holds letters, digits and _ . - / or spaces between two backticks', i);
      }
      push('escIdent', i, end + 1);
      i = end + 1;
    } else {
      const operator = PUNCTUATION.find((p) => source.startsWith(p, i));
      if (!operator) throw new CelSyntaxError(`unexpected character ${show(String.fromCodePoint(source.codePointAt(i)!))}`, i);
      push('punct', i, i + operator.length);
      i += operator.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: source.length });
  return tokens;
}

/** NUM_FLOAT, NUM_INT or NUM_UINT at `start`, the longest that matches: its kind and end. */
function scanNumber(source: string, start: number): [Kind, number] {
  const digits = (from: number, pattern: RegExp) => {
    let end = from;
    while (end < source.length && pattern.test(source[end])) end++;
    return end;
  };
  // an exponent's end, or `from` when there is no whole one
  const exponent = (from: number) => {
    if (source[from] !== 'e' && source[from] !== 'E') return from;
    const sign = source[from + 1] === '+' || source[from + 1] === '-' ? from + 2 : from + 1;
    const end = digits(sign, DIGIT);
    return end > sign ? end : from;
  };
  if (source[start] === '.') return ['double', exponent(digits(start + 1, DIGIT))];
  if (source.startsWith('0x', start) && HEX_DIGIT.test(source[start + 2] ?? '')) {
    const end = digits(start + 2, HEX_DIGIT);
    return source[end] === 'u' || source[end] === 'U' ? ['uint', end + 1] : ['int', end];
  }
  const whole = digits(start, DIGIT);
  if (source[whole] === '.' && DIGIT.test(source[whole + 1] ?? '')) return ['double', exponent(digits(whole + 1, DIGIT))];
  const withExponent = exponent(whole);
  if (withExponent > whole) return ['double', withExponent];
  return source[whole] === 'u' || source[whole] === 'U' ? ['uint', whole + 1] : ['int', whole];
}

/**
 * The end of the string or bytes literal whose opening quote is at `start`; throws on one left open, a line break in
 * a single-quoted one, and an escape cel-go refuses: its lexer knows `\a \b \f \n \r \t \v \\ \' \" \` \?`, `\xHH`,
 * `\uHHHH`, `\UHHHHHHHH` and `\OOO` (0-377), and unescape() refuses \u and \U in bytes and for surrogates or beyond
 * U+10FFFF. Raw literals (r'...') have no escapes.
 */
function scanString(source: string, start: number, raw: boolean, bytes: boolean): number {
  const quote = source[start];
  const delimiter = source.startsWith(quote.repeat(3), start) ? quote.repeat(3) : quote;
  for (let i = start + delimiter.length; i < source.length; ) {
    if (source.startsWith(delimiter, i)) return i + delimiter.length;
    const c = source[i];
    if (delimiter.length === 1 && (c === '\n' || c === '\r')) break;
    if (raw || c !== '\\') {
      i++;
      continue;
    }
    i += 1 + escapeLength(source, i, bytes);
  }
  const what = bytes ? 'bytes' : 'string';
  throw new CelSyntaxError(delimiter.length === 1 ? `a ${what} literal is not closed before the end of its line` : `a ${what} literal is not closed`, start);
}

/** The length of the escape whose backslash is at `at` (without the backslash); throws when cel-go refuses it. */
function escapeLength(source: string, at: number, bytes: boolean): number {
  const c = source[at + 1];
  if (SIMPLE_ESCAPE.has(c)) return 1;
  if ((c === 'x' || c === 'X') && HEX_BYTE.test(source.slice(at + 2, at + 4))) return 3;
  if (OCTAL.test(source.slice(at + 1, at + 4))) return 3;
  if (c === 'u' || c === 'U') {
    const digits = source.slice(at + 2, at + (c === 'u' ? 6 : 10));
    if (digits.length === (c === 'u' ? 4 : 8) && HEX.test(digits)) {
      const escape = show(`\\${c}${digits}`);
      if (bytes) throw new CelSyntaxError(`a bytes literal may not hold the escape ${escape} (only \\x and octal escapes name bytes)`, at);
      const point = parseInt(digits, 16);
      if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) throw new CelSyntaxError(`the escape ${escape} is not a Unicode scalar value`, at);
      return digits.length + 1;
    }
  }
  throw new CelSyntaxError(`the escape ${show(source.slice(at, at + 2))} is not one CEL knows`, at);
}

// ---- the parser (CEL.g4's grammar rules, with parser.go's and macro.go's checks) ----

// what a macro needs to know of an argument (a plain name with its text, a field selection, or anything else), and
// its height as cel-go's tree builder counts it: the ternaries, relations, arithmetic, selections, method calls and
// indexes on the longest path down (it refuses more than 250)
type Shape = ({ readonly kind: 'ident'; readonly name: string } | { readonly kind: 'select' | 'other' }) & { readonly height: number };
const other = (height: number): Shape => ({ kind: 'other', height });

/** parser.go's reservedIds: not names of variables or functions (fine as field and message names). */
export const CEL_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'as', 'break', 'const', 'continue', 'else', 'false', 'for', 'function', 'if', 'import', 'in', 'let', 'loop', 'package',
  'namespace', 'null', 'return', 'true', 'var', 'void', 'while',
]);
const RELATIONS = new Set(['<', '<=', '>=', '>', '==', '!=']);
const MULTIPLICATIVE = new Set(['*', '/', '%']);
const ADDITIVE = new Set(['+', '-']);
// the receiver macros of cel.StandardMacros (one iteration variable) by name, with the argument counts they take (not
// `existsOne`, which parser.AllMacros has but the standard environment does not: there it is a plain method call)
const RECEIVER_MACROS = new Map([['all', [2]], ['exists', [2]], ['exists_one', [2]], ['map', [2, 3]], ['filter', [2]]]);
// the Kubernetes environment's further macros: those of two iteration variables, and the optional ones of one
const TWO_VARIABLE_MACROS = new Map([
  ['all', [3]], ['exists', [3]], ['existsOne', [3]], ['exists_one', [3]], ['transformList', [3, 4]], ['transformMap', [3, 4]], ['transformMapEntry', [3, 4]],
]);
const OPTIONAL_MACROS = new Map([['optMap', [2]], ['optFlatMap', [2]]]);

const isRelation = (token: Token) => (token.kind === 'punct' && RELATIONS.has(token.text)) || token.kind === 'in';
const isMultiplicative = (token: Token) => token.kind === 'punct' && MULTIPLICATIVE.has(token.text);
const isAdditive = (token: Token) => token.kind === 'punct' && ADDITIVE.has(token.text);
const maxHeight = (shapes: readonly Shape[]) => shapes.reduce((height, shape) => Math.max(height, shape.height), 0);

class Parser {
  private next = 0;
  // the depth of each grammar rule, as cel-go's parse listener counts it
  private readonly depths = new Map<string, number>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly dialect: CelDialect,
  ) {}

  /** A backtick-quoted field name is refused where the dialect has no escape syntax (cel-go v0.23 by default). */
  private escaped(name: Token): void {
    if (name.kind === 'escIdent' && this.dialect !== 'cel-go') {
      throw new CelSyntaxError('backtick-quoted field names are not supported (the API server\'s CEL does not enable them)', name.start);
    }
  }

  /** Takes an optional-syntax `?` where the dialect has it; fails where it has not. */
  private optional(expecting: string): void {
    if (!this.is('?')) return;
    if (this.dialect === 'kubernetes') this.take();
    else if (this.dialect === 'kubernetes-1.27') throw new CelSyntaxError('the optional syntax (?) came in Kubernetes 1.28, with cel.OptionalTypes', this.peek().start);
    else this.fail(expecting);
  }

  parse(): void {
    const shape = this.expr();
    this.expect('end', 'end of input');
    if (shape.height > MAX_DEPTH) throw new CelSyntaxError(`the expression nests more than ${MAX_DEPTH} operations deep`, 0);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.next + offset, this.tokens.length - 1)];
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'punct' && token.text === text;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.next++;
    return token;
  }

  private fail(expecting: string, token = this.peek()): never {
    const found = token.kind === 'end' ? 'end of input' : token.text;
    throw new CelSyntaxError(`found ${found} but expecting ${expecting}`, token.start);
  }

  private expect(kindOrText: string, description: string): Token {
    const token = this.peek();
    if (token.kind === kindOrText || (token.kind === 'punct' && token.text === kindOrText)) return this.take();
    return this.fail(description);
  }

  /** Enters a rule `times` levels deeper (a left-recursive rule goes one deeper per operator); throws past the limit. */
  private enter(rule: string, times = 1): void {
    const depth = (this.depths.get(rule) ?? 0) + times;
    if (depth > MAX_DEPTH) throw new CelSyntaxError(`the expression nests more than ${MAX_DEPTH} levels deep`, this.peek().start);
    this.depths.set(rule, depth);
  }

  private leave(rule: string, times = 1): void {
    this.depths.set(rule, this.depths.get(rule)! - times);
  }

  // expr: conditionalOr ('?' conditionalOr ':' expr)?
  private expr(): Shape {
    this.enter('expr');
    let shape = this.conditional();
    if (this.is('?')) {
      this.take();
      const whenTrue = this.conditional();
      this.expect(':', '":"');
      shape = other(1 + maxHeight([shape, whenTrue, this.expr()]));
    }
    this.leave('expr');
    return shape;
  }

  // conditionalOr: conditionalAnd ('||' conditionalAnd)*, conditionalAnd: relation ('&&' relation)* (no height added)
  private conditional(): Shape {
    const operands = [this.logical('&&', () => this.chain('relation', isRelation, () => this.calc()))];
    while (this.is('||')) {
      this.take();
      operands.push(this.logical('&&', () => this.chain('relation', isRelation, () => this.calc())));
    }
    return operands.length === 1 ? operands[0] : other(maxHeight(operands));
  }

  private logical(operator: string, operand: () => Shape): Shape {
    const operands = [operand()];
    while (this.is(operator)) {
      this.take();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0] : other(maxHeight(operands));
  }

  // calc: unary | calc ('*' | '/' | '%') calc | calc ('+' | '-') calc, the first operators binding tighter
  private calc(): Shape {
    return this.chain('calc', isAdditive, () => this.chain('calc', isMultiplicative, () => this.unary(), 0));
  }

  // a left-recursive rule's operands and operators: one level deeper per operator, and one more for the right operand
  // while it is read (a call of the rule itself); each operator adds one to the height. `entered` is 0 for the
  // tighter operators of calc, which ANTLR reads in the same call of the rule.
  private chain(rule: string, isOperator: (token: Token) => boolean, operand: () => Shape, entered = 1): Shape {
    this.enter(rule, entered);
    let shape = operand();
    let pushed = 0;
    while (isOperator(this.peek())) {
      this.take();
      this.enter(rule);
      pushed++;
      this.enter(rule);
      const right = operand();
      this.leave(rule);
      shape = other(1 + Math.max(shape.height, right.height));
    }
    this.leave(rule, pushed + entered);
    return shape;
  }

  // unary: member | '!'+ member | '-'+ member, where a member may be a literal with a minus sign
  private unary(): Shape {
    const operator = this.peek();
    if (operator.kind !== 'punct' || (operator.text !== '!' && operator.text !== '-')) return this.member();
    // `-` before a number is the number's sign (the first alternative wins in ANTLR)
    if (operator.text === '-' && (this.peek(1).kind === 'int' || this.peek(1).kind === 'double')) return this.member();
    let count = 0;
    while (this.is(operator.text)) {
      this.take();
      count++;
    }
    const shape = this.member();
    // an even number of operators gives the member itself
    return count % 2 === 0 ? shape : other(shape.height);
  }

  // member: primary ('.' '?'? field | '.' name '(' args ')' | '[' '?'? expr ']')*
  private member(): Shape {
    this.enter('member');
    let shape = this.primary();
    let pushed = 0;
    for (;;) {
      if (this.is('.')) {
        this.take();
        // a call has no optional form: `a.?b(` is `a.?b` and then an unexpected `(`
        const optional = this.is('?');
        this.optional('a field name (cel.NewEnv() has no optional syntax .?)');
        const name = this.peek();
        if (!optional && name.kind === 'ident' && this.is('(', 1)) {
          this.take();
          const open = this.take();
          const args = this.args(')');
          this.checkReceiverMacro(name.text, args, open);
          shape = other(1 + Math.max(shape.height, maxHeight(args)));
        } else if (name.kind === 'ident' || name.kind === 'escIdent') {
          this.escaped(name);
          this.take();
          shape = { kind: 'select', height: shape.height + 1 };
        } else {
          this.fail('a field name');
        }
      } else if (this.is('[')) {
        this.take();
        this.optional('an index (cel.NewEnv() has no optional syntax [?)');
        const index = this.expr();
        this.expect(']', '"]"');
        shape = other(1 + Math.max(shape.height, index.height));
      } else {
        break;
      }
      this.enter('member');
      pushed++;
    }
    this.leave('member', pushed + 1);
    return shape;
  }

  private primary(): Shape {
    const token = this.peek();
    if (token.kind === 'ident' || (this.is('.') && this.peek(1).kind === 'ident')) return this.name();
    if (this.is('.')) return this.fail('a name after the leading dot', this.peek(1));
    if (this.is('(')) {
      this.take();
      const shape = this.expr();
      this.expect(')', '")"');
      return shape;
    }
    if (this.is('[')) {
      this.take();
      return other(this.entries(']', false));
    }
    if (this.is('{')) {
      this.take();
      return other(this.entries('}', true));
    }
    if (token.kind === 'punct' && token.text === '-') {
      this.take();
      this.literal(this.take(), true);
      return other(0);
    }
    this.literal(token, false);
    this.take();
    return other(0);
  }

  // '.'? name, '.'? name '(' args ')', or '.'? name ('.' name)* '{' fields '}'
  private name(): Shape {
    const leadingDot = this.is('.');
    // a dotted name followed by `{` creates a message (no reserved word check there)
    let end = this.next + (leadingDot ? 1 : 0);
    while (this.tokens[end + 1]?.kind === 'punct' && this.tokens[end + 1].text === '.' && this.tokens[end + 2]?.kind === 'ident') end += 2;
    if (this.tokens[end + 1]?.kind === 'punct' && this.tokens[end + 1].text === '{') {
      this.next = end + 2;
      return other(this.fields());
    }
    if (leadingDot) this.take();
    const name = this.take();
    if (CEL_RESERVED_WORDS.has(name.text)) throw new CelSyntaxError(`${name.text} is a reserved word, not a name`, name.start);
    if (!this.is('(')) return { kind: 'ident', name: (leadingDot ? '.' : '') + name.text, height: 0 };
    this.take();
    const args = this.args(')');
    // has() is a macro only as a global function without a leading dot
    if (!leadingDot && name.text === 'has' && args.length === 1 && args[0].kind !== 'select') {
      throw new CelSyntaxError('has() takes a field selection, like has(a.b)', name.start);
    }
    return other(maxHeight(args));
  }

  private checkReceiverMacro(name: string, args: readonly Shape[], open: Token): void {
    if (this.dialect === 'kubernetes' && TWO_VARIABLE_MACROS.get(name)?.includes(args.length)) {
      // ext's extractIterVar, for each of the two variables
      const [first, second] = args;
      if (first.kind !== 'ident' || second.kind !== 'ident') throw new CelSyntaxError(`${name}() takes two simple names as its first arguments, like x.${name}(k, v, ...)`, open.start);
      if (first.name === second.name) throw new CelSyntaxError(`${name}() takes two different variable names, got ${first.name} twice`, open.start);
      if (first.name === '__result__' || second.name === '__result__') throw new CelSyntaxError('a macro may not name its iteration variable __result__', open.start);
      return;
    }
    if (this.dialect === 'kubernetes' && OPTIONAL_MACROS.get(name)?.includes(args.length)) {
      if (args[0].kind !== 'ident') throw new CelSyntaxError(`${name}() takes a simple name as its first argument, like x.${name}(y, ...)`, open.start);
      return;
    }
    if (!RECEIVER_MACROS.get(name)?.includes(args.length)) return;
    const variable = args[0];
    if (variable.kind !== 'ident') throw new CelSyntaxError(`${name}() takes a simple name as its first argument, like x.${name}(y, ...)`, open.start);
    if (variable.name === '__result__') throw new CelSyntaxError('a macro may not name its iteration variable __result__', open.start);
  }

  // exprList: expr (',' expr)*, no trailing comma
  private args(close: string): Shape[] {
    const args: Shape[] = [];
    if (this.is(close)) {
      this.take();
      return args;
    }
    for (;;) {
      args.push(this.expr());
      if (!this.is(',')) break;
      this.take();
    }
    this.expect(close, `"," or "${close}"`);
    return args;
  }

  /** A list's elements or a map's entries, then an optional trailing comma (alone too: `[,]`) and the bracket: their height. */
  private entries(close: string, map: boolean): number {
    let height = 0;
    if (!this.is(close) && !this.is(',')) {
      for (;;) {
        this.optional(`${map ? 'a key' : 'an element'} (cel.NewEnv() has no optional syntax ?)`);
        height = Math.max(height, this.expr().height);
        if (map) {
          this.expect(':', '":"');
          height = Math.max(height, this.expr().height);
        }
        if (!this.is(',') || this.is(close, 1)) break;
        this.take();
      }
    }
    if (this.is(',')) this.take();
    this.expect(close, `"," or "${close}"`);
    return height;
  }

  /** fieldInitializerList: a message's fields, each `name: expr` (a backtick-quoted name too), then ','? '}': their height. */
  private fields(): number {
    let height = 0;
    if (!this.is('}') && !this.is(',')) {
      for (;;) {
        this.optional('a field name (cel.NewEnv() has no optional syntax ?)');
        const field = this.peek();
        if (field.kind !== 'ident' && field.kind !== 'escIdent') this.fail('a field name');
        this.escaped(field);
        this.take();
        this.expect(':', '":"');
        height = Math.max(height, this.expr().height);
        if (!this.is(',') || this.is('}', 1)) break;
        this.take();
      }
    }
    if (this.is(',')) this.take();
    this.expect('}', '"," or "}"');
    return height;
  }

  /** A literal token (after a minus sign when `negative`): int and uint in range, a double that does not overflow. */
  private literal(token: Token, negative: boolean): void {
    switch (token.kind) {
      case 'int': {
        const value = BigInt(token.text) * (negative ? -1n : 1n);
        if (value < INT64_MIN || value > INT64_MAX) throw new CelSyntaxError(`the int literal ${negative ? '-' : ''}${token.text} is out of range`, token.start);
        return;
      }
      case 'uint':
        if (!negative && BigInt(token.text.slice(0, -1)) <= UINT64_MAX) return;
        if (!negative) throw new CelSyntaxError(`the uint literal ${token.text} is out of range`, token.start);
        break;
      case 'double':
        if (!Number.isFinite(Number(token.text))) throw new CelSyntaxError('a double literal is out of range', token.start);
        return;
      case 'string':
      case 'bytes':
      case 'true':
      case 'false':
      case 'null':
        if (!negative) return;
        break;
      default:
        break;
    }
    this.fail('an expression', token);
  }
}
