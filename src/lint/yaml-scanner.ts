// The YAML scanner kubectl reads manifests with: a port of go-yaml v2's scannerc.go (itself a port of libyaml), as
// vendored by sigs.k8s.io/yaml (go.yaml.in/yaml/v2). It is ported rule for rule rather than approximated with a YAML
// 1.2 parser because the two split plain scalars differently: go-yaml v2 ends a plain scalar at ':' only when a blank
// follows, so in a flow collection `[1.2.3.4, 001:db8::]` holds the string "001:db8::", where YAML 1.2 reads a
// mapping key; and it ends one at '?' in a flow collection, where YAML 1.2 reads on. Marks count characters, as
// go-yaml's do (a surrogate pair is one character).

/** A YAML syntax error at a line of the document (1-based). */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    public readonly line: number,
  ) {
    super(message);
    this.name = 'YamlSyntaxError';
  }
}

/** Token types (go-yaml's yaml_token_type_t). */
export const TOKEN = {
  streamStart: 1,
  streamEnd: 2,
  versionDirective: 3,
  tagDirective: 4,
  documentStart: 5,
  documentEnd: 6,
  blockSequenceStart: 7,
  blockMappingStart: 8,
  blockEnd: 9,
  flowSequenceStart: 10,
  flowSequenceEnd: 11,
  flowMappingStart: 12,
  flowMappingEnd: 13,
  blockEntry: 14,
  flowEntry: 15,
  key: 16,
  value: 17,
  alias: 18,
  anchor: 19,
  tag: 20,
  scalar: 21,
} as const;

/** Scalar styles (go-yaml's yaml_scalar_style_t). */
export const STYLE = { plain: 1, singleQuoted: 2, doubleQuoted: 3, literal: 4, folded: 5 } as const;

/** One token, with the line (0-based) where it starts. */
export class Token {
  /** The scalar's value, the anchor's name, the tag's handle, the %TAG directive's handle or the %YAML version. */
  value = '';
  /** The tag's suffix or the %TAG directive's prefix. */
  suffix = '';
  style = 0;
  constructor(
    public readonly type: number,
    public readonly line: number,
  ) {}
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  index: number;
  line: number;
  column: number;
}

const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

const isBlank = (c: number) => c === 0x20 || c === 0x09;
const isBreak = (c: number) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBreakZ = (c: number) => isBreak(c) || c === 0;
const isBlankZ = (c: number) => isBlank(c) || isBreakZ(c);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const asHex = (c: number) => (c >= 0x61 ? c - 0x61 + 10 : c >= 0x41 ? c - 0x41 + 10 : c - 0x30);
/** A lookup table of ASCII characters: `set.has(code)` as with a Set, faster in the scanner's loops. */
function charSet(chars: string): { has(code: number): boolean } {
  const table = new Uint8Array(128);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return { has: (code) => code < 128 && table[code] === 1 };
}

// the characters a tag URI may hold besides alphanumerics, '_' and '-' ('%' starts an escape)
const URI_CHARS = charSet(";/?:@&=+$,.!~*'()[]%");
// the characters that may follow an anchor or alias name
const AFTER_ANCHOR = charSet('?:,]}%@`');
// the characters that cannot start a plain scalar (in the block context '-', '?' and ':' can, before a non-blank)
const NOT_PLAIN_START = charSet('-?:,[]{}#&*!|>\'"%@`');
// the escapes of double-quoted scalars besides \x, \u and \U
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"',
  "'": "'", '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const FLOW_PLAIN_END = charSet(',?[]{}');

/** go-yaml v2's scanner over one YAML stream. */
export class Scanner {
  private readonly src: string;
  private pos = 0;
  private index = 0;
  private line = 0;
  private column = 0;

  private readonly tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private streamEndProduced = false;

  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];

  constructor(text: string) {
    // as libyaml's buffer, padded with NULs: the end of input reads as NUL (the reader refuses NUL in the input)
    this.src = `${text}\0\0\0\0`;
  }

  /** The next token, without consuming it. */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head];
  }

  /** Consumes the token peek() returned. */
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.head].type === TOKEN.streamEnd;
    this.head++;
    if (this.head === this.tokens.length && this.head >= 1024) {
      this.tokens.length = 0;
      this.head = 0;
    }
  }

  /** Whether STREAM-END was consumed. */
  get ended(): boolean {
    return this.streamEndProduced;
  }

  private code(offset = 0): number {
    return this.src.charCodeAt(this.pos + offset);
  }

  private error(context: string, problem: string): never {
    // as go-yaml reports a scanner error: the line of the current position
    throw new YamlSyntaxError(context ? `${problem} (${context})` : problem, this.line + 1);
  }

  private skip(): void {
    const c = this.src.charCodeAt(this.pos);
    this.pos += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    this.index++;
    this.column++;
  }

  private skipLine(): void {
    const c = this.code();
    if (c === 0x0d && this.code(1) === 0x0a) {
      this.pos += 2;
      this.index += 2;
      this.column = 0;
      this.line++;
    } else if (isBreak(c)) {
      this.pos++;
      this.index++;
      this.column = 0;
      this.line++;
    }
  }

  /** Consumes a line break and returns it as the scalar's content has it: CR, LF, CRLF and NEL as LF; LS and PS as is. */
  private readLine(): string {
    const c = this.code();
    if (c === 0x0d && this.code(1) === 0x0a) {
      this.pos += 2;
      this.index++;
    } else if (c === 0x0d || c === 0x0a || c === 0x85) {
      this.pos++;
    } else if (c === 0x2028 || c === 0x2029) {
      this.pos++;
      this.index++;
      this.column = 0;
      this.line++;
      return String.fromCharCode(c);
    } else {
      return '';
    }
    this.index++;
    this.column = 0;
    this.line++;
    return '\n';
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length && !this.headMayBeSimpleKey()) break;
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  /** Whether the token at the head of the queue may still turn out to be a simple key (then a KEY goes before it). */
  private headMayBeSimpleKey(): boolean {
    for (const key of this.simpleKeys) {
      if (key.possible && key.tokenNumber === this.tokensParsed) return this.simpleKeyIsValid(key);
    }
    return false;
  }

  private insertToken(position: number, token: Token): void {
    if (position < 0) this.tokens.push(token);
    else this.tokens.splice(this.head + position, 0, token);
  }

  private token(type: number): Token {
    return new Token(type, this.line);
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.column);
    const c = this.code();
    if (c === 0) return this.fetchStreamEnd();
    if (this.column === 0 && c === 0x25 /* % */) return this.fetchDirective();
    if (this.column === 0 && this.isDocumentIndicator(0x2d /* - */)) return this.fetchDocumentIndicator(TOKEN.documentStart);
    if (this.column === 0 && this.isDocumentIndicator(0x2e /* . */)) return this.fetchDocumentIndicator(TOKEN.documentEnd);
    const next = this.code(1);
    switch (c) {
      case 0x5b /* [ */:
        return this.fetchFlowCollectionStart(TOKEN.flowSequenceStart);
      case 0x7b /* { */:
        return this.fetchFlowCollectionStart(TOKEN.flowMappingStart);
      case 0x5d /* ] */:
        return this.fetchFlowCollectionEnd(TOKEN.flowSequenceEnd);
      case 0x7d /* } */:
        return this.fetchFlowCollectionEnd(TOKEN.flowMappingEnd);
      case 0x2c /* , */:
        return this.fetchFlowEntry();
    }
    if (c === 0x2d /* - */ && isBlankZ(next)) return this.fetchBlockEntry();
    if (c === 0x3f /* ? */ && (this.flowLevel > 0 || isBlankZ(next))) return this.fetchKey();
    if (c === 0x3a /* : */ && (this.flowLevel > 0 || isBlankZ(next))) return this.fetchValue();
    if (c === 0x2a /* * */) return this.fetchAnchor(TOKEN.alias);
    if (c === 0x26 /* & */) return this.fetchAnchor(TOKEN.anchor);
    if (c === 0x21 /* ! */) return this.fetchTag();
    if (c === 0x7c /* | */ && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === 0x3e /* > */ && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === 0x27 /* ' */) return this.fetchFlowScalar(true);
    if (c === 0x22 /* " */) return this.fetchFlowScalar(false);
    if (
      !(isBlankZ(c) || NOT_PLAIN_START.has(c)) ||
      (c === 0x2d && !isBlank(next)) ||
      (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !isBlankZ(next))
    ) {
      return this.fetchPlainScalar();
    }
    this.error('while scanning for the next token', 'found character that cannot start any token');
  }

  private isDocumentIndicator(c: number): boolean {
    return this.code() === c && this.code(1) === c && this.code(2) === c && isBlankZ(this.code(3));
  }

  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    // an implicit key is on one line, and its ':' at most 1024 characters from its start
    if (key.line < this.line || key.index + 1024 < this.index) {
      if (key.required) throw new YamlSyntaxError("could not find expected ':' (while scanning a simple key)", key.line + 1);
      key.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    // a simple key is required where the block context's indentation is the current column
    const required = this.flowLevel === 0 && this.indent === this.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
        index: this.index,
        line: this.line,
        column: this.column,
      };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = key;
    }
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (key.possible) {
      if (key.required) throw new YamlSyntaxError("could not find expected ':' (while scanning a simple key)", key.line + 1);
      key.possible = false;
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      index: this.index,
      line: this.line,
      column: this.column,
    });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) this.error('while increasing flow level', `exceeded max depth of ${MAX_FLOW_LEVEL}`);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      this.simpleKeys.pop();
    }
  }

  private rollIndent(column: number, number: number, type: number, line: number): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) this.error('while increasing indent level', `exceeded max depth of ${MAX_INDENTS}`);
      this.insertToken(number > -1 ? number - this.tokensParsed : number, new Token(type, line));
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insertToken(-1, this.token(TOKEN.blockEnd));
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, index: 0, line: 0, column: 0 });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insertToken(-1, this.token(TOKEN.streamStart));
  }

  private fetchStreamEnd(): void {
    if (this.column !== 0) {
      this.column = 0;
      this.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.token(TOKEN.streamEnd));
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: number): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const token = this.token(type);
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, token);
  }

  private fetchFlowCollectionStart(type: number): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const token = this.token(type);
    this.skip();
    this.insertToken(-1, token);
  }

  private fetchFlowCollectionEnd(type: number): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const token = this.token(type);
    this.skip();
    this.insertToken(-1, token);
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const token = this.token(TOKEN.flowEntry);
    this.skip();
    this.insertToken(-1, token);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('', 'block sequence entries are not allowed in this context');
      this.rollIndent(this.column, -1, TOKEN.blockSequenceStart, this.line);
    }
    // a '-' entry in the flow context is left to the parser to report
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const token = this.token(TOKEN.blockEntry);
    this.skip();
    this.insertToken(-1, token);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error('', 'mapping keys are not allowed in this context');
      this.rollIndent(this.column, -1, TOKEN.blockMappingStart, this.line);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const token = this.token(TOKEN.key);
    this.skip();
    this.insertToken(-1, token);
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (this.simpleKeyIsValid(key)) {
      // the simple key found: insert KEY (and BLOCK-MAPPING-START) before it
      this.insertToken(key.tokenNumber - this.tokensParsed, new Token(TOKEN.key, key.line));
      this.rollIndent(key.column, key.tokenNumber, TOKEN.blockMappingStart, key.line);
      key.possible = false;
      this.simpleKeyAllowed = false;
    } else {
      // the ':' of a complex key
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error('', 'mapping values are not allowed in this context');
        this.rollIndent(this.column, -1, TOKEN.blockMappingStart, this.line);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const token = this.token(TOKEN.value);
    this.skip();
    this.insertToken(-1, token);
  }

  private fetchAnchor(type: number): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  private scanToNextToken(): void {
    for (;;) {
      // go-yaml v2 skips a BOM at a line's start only where its buffer starts with one: never here, as the document's
      // own BOM is dropped before (kube-stream.ts); any other is text
      // tabs are whitespace in the flow context, and in the block context but not where indentation counts
      while (this.code() === 0x20 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.code() === 0x09)) this.skip();
      if (this.code() === 0x23 /* # */) {
        while (!isBreakZ(this.code())) this.skip();
      }
      if (!isBreak(this.code())) break;
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  private skipBlanksAndComment(context: string): void {
    while (isBlank(this.code())) this.skip();
    if (this.code() === 0x23) {
      while (!isBreakZ(this.code())) this.skip();
    }
    if (!isBreakZ(this.code())) this.error(context, 'did not find expected comment or line break');
    if (isBreak(this.code())) this.skipLine();
  }

  private scanDirective(): Token {
    const token = (type: number) => new Token(type, startLine);
    const startLine = this.line;
    this.skip();
    const start = this.pos;
    while (isAlpha(this.code())) this.skip();
    const name = this.src.slice(start, this.pos);
    if (name === '') this.error('while scanning a directive', 'could not find expected directive name');
    if (!isBlankZ(this.code())) this.error('while scanning a directive', 'found unexpected non-alphabetical character');
    let result: Token;
    if (name === 'YAML') {
      result = token(TOKEN.versionDirective);
      while (isBlank(this.code())) this.skip();
      const major = this.scanVersionNumber();
      if (this.code() !== 0x2e) this.error('while scanning a %YAML directive', "did not find expected digit or '.' character");
      this.skip();
      result.value = `${major}.${this.scanVersionNumber()}`;
    } else if (name === 'TAG') {
      result = token(TOKEN.tagDirective);
      while (isBlank(this.code())) this.skip();
      result.value = this.scanTagHandle(true);
      if (!isBlank(this.code())) this.error('while scanning a %TAG directive', 'did not find expected whitespace');
      while (isBlank(this.code())) this.skip();
      result.suffix = this.scanTagUri(true, '');
      if (!isBlankZ(this.code())) this.error('while scanning a %TAG directive', 'did not find expected whitespace or line break');
    } else {
      this.error('while scanning a directive', 'found unknown directive name');
    }
    this.skipBlanksAndComment('while scanning a directive');
    return result;
  }

  private scanVersionNumber(): number {
    let value = 0;
    let length = 0;
    while (isDigit(this.code())) {
      if (++length > 2) this.error('while scanning a %YAML directive', 'found extremely long version number');
      value = value * 10 + this.code() - 0x30;
      this.skip();
    }
    if (length === 0) this.error('while scanning a %YAML directive', 'did not find expected version number');
    return value;
  }

  private scanAnchor(type: number): Token {
    const token = this.token(type);
    this.skip();
    const start = this.pos;
    while (isAlpha(this.code())) this.skip();
    token.value = this.src.slice(start, this.pos);
    const c = this.code();
    if (token.value === '' || !(isBlankZ(c) || AFTER_ANCHOR.has(c))) {
      this.error(type === TOKEN.anchor ? 'while scanning an anchor' : 'while scanning an alias', 'did not find expected alphabetic or numeric character');
    }
    return token;
  }

  private scanTag(): Token {
    const token = this.token(TOKEN.tag);
    let handle: string;
    let suffix: string;
    if (this.code(1) === 0x3c /* < */) {
      // the verbatim form !<uri>: no handle
      this.skip();
      this.skip();
      handle = '';
      suffix = this.scanTagUri(false, '');
      if (this.code() !== 0x3e) this.error('while scanning a tag', "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false);
      if (handle.length > 1 && handle.endsWith('!')) {
        suffix = this.scanTagUri(false, '');
      } else {
        // not a handle after all: '!suffix', or the '!' tag alone
        suffix = this.scanTagUri(false, handle);
        handle = '!';
        if (suffix === '') {
          suffix = handle;
          handle = '';
        }
      }
    }
    if (!isBlankZ(this.code())) this.error('while scanning a tag', 'did not find expected whitespace or line break');
    token.value = handle;
    token.suffix = suffix;
    return token;
  }

  private scanTagHandle(directive: boolean): string {
    const context = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    if (this.code() !== 0x21) this.error(context, "did not find expected '!'");
    const start = this.pos;
    this.skip();
    while (isAlpha(this.code())) this.skip();
    if (this.code() === 0x21) this.skip();
    else if (directive && this.pos - start !== 1) this.error(context, "did not find expected '!'");
    return this.src.slice(start, this.pos);
  }

  private scanTagUri(directive: boolean, head: string): string {
    let uri = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    for (;;) {
      const c = this.code();
      if (!(isAlpha(c) || URI_CHARS.has(c))) break;
      if (c === 0x25 /* % */) uri += this.scanUriEscapes(directive);
      else {
        uri += this.src[this.pos];
        this.skip();
      }
      hasTag = true;
    }
    if (!hasTag) this.error(directive ? 'while parsing a %TAG directive' : 'while parsing a tag', 'did not find expected tag URI');
    return uri;
  }

  private scanUriEscapes(directive: boolean): string {
    const context = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    const octets: number[] = [];
    let width = 0;
    do {
      if (!(this.code() === 0x25 && isHex(this.code(1)) && isHex(this.code(2)))) this.error(context, 'did not find URI escaped octet');
      const octet = (asHex(this.code(1)) << 4) + asHex(this.code(2));
      if (octets.length === 0) {
        width = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (width === 0) this.error(context, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) {
        this.error(context, 'found an incorrect trailing UTF-8 octet');
      }
      octets.push(octet);
      this.skip();
      this.skip();
      this.skip();
    } while (octets.length < width);
    return Buffer.from(octets).toString('utf8');
  }

  private scanBlockScalar(literal: boolean): Token {
    const token = this.token(TOKEN.scalar);
    token.style = literal ? STYLE.literal : STYLE.folded;
    this.skip();
    let chomping = 0;
    let increment = 0;
    const context = 'while scanning a block scalar';
    const indicator = () => {
      if (this.code() === 0x30) this.error(context, 'found an indentation indicator equal to 0');
      increment = this.code() - 0x30;
      this.skip();
    };
    if (this.code() === 0x2b || this.code() === 0x2d) {
      chomping = this.code() === 0x2b ? 1 : -1;
      this.skip();
      if (isDigit(this.code())) indicator();
    } else if (isDigit(this.code())) {
      indicator();
      if (this.code() === 0x2b || this.code() === 0x2d) {
        chomping = this.code() === 0x2b ? 1 : -1;
        this.skip();
      }
    }
    this.skipBlanksAndComment(context);
    const indentRef = { indent: increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0 };
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = this.scanBlockScalarBreaks(indentRef);
    let leadingBlank = false;
    while (this.column === indentRef.indent && this.code() !== 0) {
      const trailingBlank = isBlank(this.code());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
        if (trailingBreaks === '') s += ' ';
      } else {
        s += leadingBreak;
      }
      s += trailingBreaks;
      leadingBlank = isBlank(this.code());
      const start = this.pos;
      while (!isBreakZ(this.code())) this.skip();
      s += this.src.slice(start, this.pos);
      leadingBreak = this.readLine();
      trailingBreaks = this.scanBlockScalarBreaks(indentRef);
    }
    if (chomping !== -1) s += leadingBreak;
    if (chomping === 1) s += trailingBreaks;
    token.value = s;
    return token;
  }

  private scanBlockScalarBreaks(ref: { indent: number }): string {
    let breaks = '';
    let maxIndent = 0;
    for (;;) {
      while ((ref.indent === 0 || this.column < ref.indent) && this.code() === 0x20) this.skip();
      if (this.column > maxIndent) maxIndent = this.column;
      if ((ref.indent === 0 || this.column < ref.indent) && this.code() === 0x09) {
        this.error('while scanning a block scalar', 'found a tab character where an indentation space is expected');
      }
      if (!isBreak(this.code())) break;
      breaks += this.readLine();
    }
    if (ref.indent === 0) ref.indent = Math.max(maxIndent, this.indent + 1, 1);
    return breaks;
  }

  private scanFlowScalar(single: boolean): Token {
    const token = this.token(TOKEN.scalar);
    token.style = single ? STYLE.singleQuoted : STYLE.doubleQuoted;
    const startLine = token.line;
    const fail = (problem: string): never => {
      throw new YamlSyntaxError(`${problem} (while scanning a quoted scalar)`, startLine + 1);
    };
    this.skip();
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    for (;;) {
      if (this.column === 0 && (this.isDocumentIndicator(0x2d) || this.isDocumentIndicator(0x2e))) {
        fail('found unexpected document indicator');
      }
      if (this.code() === 0) fail('found unexpected end of stream');
      let leadingBlanks = false;
      while (!isBlankZ(this.code())) {
        const c = this.code();
        if (single && c === 0x27 && this.code(1) === 0x27) {
          s += "'";
          this.skip();
          this.skip();
        } else if (c === (single ? 0x27 : 0x22)) {
          break;
        } else if (!single && c === 0x5c && isBreak(this.code(1))) {
          // an escaped line break
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 0x5c) {
          s += this.scanEscape();
        } else {
          const start = this.pos;
          do this.skip();
          while (!isBlankZ(this.code()) && this.code() !== 0x27 && this.code() !== 0x22 && this.code() !== 0x5c);
          s += this.src.slice(start, this.pos);
        }
      }
      if (this.code() === (single ? 0x27 : 0x22)) break;
      while (isBlank(this.code()) || isBreak(this.code())) {
        if (isBlank(this.code())) {
          if (!leadingBlanks) whitespaces += this.src[this.pos];
          this.skip();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLine();
          leadingBlanks = true;
        } else {
          trailingBreaks += this.readLine();
        }
      }
      if (leadingBlanks) {
        if (leadingBreak.startsWith('\n')) s += trailingBreaks === '' ? ' ' : trailingBreaks;
        else s += leadingBreak + trailingBreaks;
        leadingBreak = '';
        trailingBreaks = '';
      } else {
        s += whitespaces;
        whitespaces = '';
      }
    }
    this.skip();
    token.value = s;
    return token;
  }

  private scanEscape(): string {
    const fail = (problem: string): never => this.error('while parsing a quoted scalar', problem);
    const ch = this.src[this.pos + 1];
    const length = ch === 'x' ? 2 : ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
    const simple = ESCAPES[ch];
    if (length === 0 && simple === undefined) fail('found unknown escape character');
    this.skip();
    this.skip();
    if (length === 0) return simple;
    let value = 0;
    for (let k = 0; k < length; k++) {
      if (!isHex(this.code(k))) fail('did not find expected hexdecimal number');
      value = value * 16 + asHex(this.code(k));
    }
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) fail('found invalid Unicode character escape code');
    for (let k = 0; k < length; k++) this.skip();
    return String.fromCodePoint(value);
  }

  private scanPlainScalar(): Token {
    const token = this.token(TOKEN.scalar);
    token.style = STYLE.plain;
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    let leadingBlanks = false;
    const indent = this.indent + 1;
    for (;;) {
      if (this.column === 0 && (this.isDocumentIndicator(0x2d) || this.isDocumentIndicator(0x2e))) break;
      if (this.code() === 0x23) break;
      // a run of non-blank characters, up to what ends a plain scalar: go-yaml v2 ends one at ':' before a blank
      // only, and in a flow collection at ',?[]{}'
      const src = this.src;
      const flow = this.flowLevel > 0;
      const start = this.pos;
      let p = start;
      let chars = 0;
      for (;;) {
        const c = src.charCodeAt(p);
        if (c <= 0x20 ? c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0 : c === 0x85 || c === 0x2028 || c === 0x2029) break;
        if (c === 0x3a ? isBlankZ(src.charCodeAt(p + 1)) : flow && FLOW_PLAIN_END.has(c)) break;
        p += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        chars++;
      }
      if (chars > 0) {
        // the blanks before the run: folded line breaks, or the spaces as they are
        if (leadingBlanks) {
          if (leadingBreak.startsWith('\n')) s += trailingBreaks === '' ? ' ' : trailingBreaks;
          else s += leadingBreak + trailingBreaks;
          trailingBreaks = '';
          leadingBreak = '';
          leadingBlanks = false;
        } else if (whitespaces !== '') {
          s += whitespaces;
          whitespaces = '';
        }
        s += src.slice(start, p);
        this.pos = p;
        this.index += chars;
        this.column += chars;
      }
      if (!(isBlank(this.code()) || isBreak(this.code()))) break;
      while (isBlank(this.code()) || isBreak(this.code())) {
        if (isBlank(this.code())) {
          if (leadingBlanks && this.column < indent && this.code() === 0x09) {
            throw new YamlSyntaxError('found a tab character that violates indentation (while scanning a plain scalar)', token.line + 1);
          }
          if (!leadingBlanks) whitespaces += this.src[this.pos];
          this.skip();
        } else if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = this.readLine();
          leadingBlanks = true;
        } else {
          trailingBreaks += this.readLine();
        }
      }
      if (this.flowLevel === 0 && this.column < indent) break;
    }
    token.value = s;
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return token;
  }
}
