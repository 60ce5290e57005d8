// A manifest file as kubectl reads it (k8s.io/apimachinery util/yaml YAMLOrJSONDecoder, behind cli-runtime's
// FileVisitor and StreamVisitor): UTF-16 by its byte order mark, else UTF-8 with invalid bytes replaced; a stream of
// JSON values when it starts with '{'; else YAML documents split at lines that start with `---`, each read by go-yaml
// v2 (only its first document: a `...` ends what kubectl reads of it). Documents that are empty or null are skipped,
// as kubectl skips them.
//
// A stream that starts with '{' is JSON only, as kubectl up to 1.32 (and so the Kubernetes 1.27 this project targets)
// reads it; kubectl 1.33 falls back to YAML after a first JSON value that does not parse. What reads here reads with
// both.
import { goTrimSpace } from '../validate/builtin/go-values';
import type { FieldLines } from '../validate/findings';
import { encodedSizeBound } from '../validate/last-applied';
import { TreeFieldLines } from './field-lines';
import { DuplicateKey, duplicateKeys, jsonDuplicateKeys } from './duplicate-keys';
import { RenamedKey, renamedKeys } from './renamed-keys';
import { decodeYamlDocument, JsonValue, lineOf, MAX_NESTING, nodeAt, readDocumentTree, TOO_DEEP } from './kube-yaml';
import type { YamlNode } from './yaml-parser';
import { YamlSyntaxError } from './yaml-scanner';

/** One document of a manifest file, as `readStream` hands it over. */
export interface StreamDocument {
  readonly value: JsonValue;
  /** The line (1-based) where its value starts. */
  readonly line: number;
  /**
   * The line istioctl analyze says it starts on: the first line of the document that is not blank (a comment line
   * counts), and the line of a JSON value.
   */
  readonly startLine: number;
  /** The line of the value at a path of the document, when it is written there plainly (YAML only). */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** The lines of the fields of the value at a path of the document (YAML only). */
  fieldLines(path: readonly (string | number)[]): FieldLines | undefined;
  /** The keys written twice in one of its mappings or objects, with the file's lines. */
  readonly duplicateKeys?: readonly DuplicateKey[];
  /** The plain keys kubectl reads as booleans or numbers, with the file's lines (YAML only). */
  readonly renamedKeys?: readonly RenamedKey[];
  /** At most how many bytes Go's JSON encoding of its value takes (see SourcedObject); undefined when unknown. */
  readonly encodedSizeBound?: number;
}

/** A file kubectl cannot read, with the line where it stops. */
export class UnreadableStreamError extends Error {
  constructor(
    message: string,
    public readonly line: number,
  ) {
    super(message);
    this.name = 'UnreadableStreamError';
  }
}

/**
 * The text kubectl decodes a file's bytes to (x/text's BOMOverride over its UTF-8 decoder): UTF-16 after its BOM,
 * where a lone surrogate and an odd last byte are each U+FFFD, as x/text's UTF-16 decoder makes them.
 */
export function decodeText(bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const odd = bytes.length % 2 === 1;
    const units = Buffer.from(bytes.subarray(2, odd ? bytes.length - 1 : bytes.length));
    if (bytes[0] === 0xfe) units.swap16();
    return units.toString('utf16le').replace(LONE_SURROGATE, '\ufffd') + (odd ? '\ufffd' : '');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

type Visit = (document: StreamDocument) => void;

/**
 * Hands the documents of a manifest file's text to `visit` in order, as kubectl reads them; throws an
 * UnreadableStreamError at the first problem, as kubectl stops reading the file there.
 */
export function readStream(text: string, visit: Visit): void {
  if (looksLikeJson(text)) readJsonStream(text, visit);
  else readYamlStream(text, visit);
}

// Go's unicode.IsSpace (JavaScript's \s has U+FEFF and not U+0085)
const GO_SPACE = /[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/**
 * apimachinery's GuessJSONStream: the first of the first 4096 bytes (of the UTF-8 text) that is not a space, as Go's
 * unicode.IsSpace says, is '{'; a character cut at the 4096th byte is none.
 */
function looksLikeJson(text: string): boolean {
  let bytes = 0;
  for (const ch of text) {
    const size = ch.length === 2 ? 4 : ch <= '\x7f' ? 1 : ch <= '\u07ff' ? 2 : 3;
    if (bytes + size > 4096) return false;
    if (ch === '{') return true;
    if (!GO_SPACE.test(ch)) return false;
    bytes += size;
  }
  return false;
}

const noLines = () => undefined;

const lineAt = (text: string, offset: number) => {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

/** Reads the JSON values of `text` (any number of them, one after the other, as Go's json.Decoder reads them). */
function readJsonStream(text: string, visit: Visit): void {
  for (let offset = skipJsonSpace(text, 0); offset < text.length; offset = skipJsonSpace(text, offset)) {
    const end = jsonValueEnd(text, offset);
    let value: JsonValue | undefined;
    try {
      if (end >= 0) value = JSON.parse(text.slice(offset, end)) as JsonValue;
    } catch {
      // the problem is found and worded below
    }
    // JSON.parse makes a number beyond float64 Infinity, where Go fails: look closer at an exponent of 3 digits or more
    // digits than float64's largest number has
    if (value === undefined || BIG_NUMBER.test(text.slice(offset, end))) {
      const problem = jsonProblem(text, offset);
      if (problem) throw new UnreadableStreamError(`invalid JSON: ${problem.message}`, lineAt(text, problem.at));
      // the text ends in the value: on its last line that is not blank
      if (value === undefined) throw new UnreadableStreamError('invalid JSON: unexpected end of JSON input', lineAt(text, text.trimEnd().length - 1));
    }
    const line = lineAt(text, offset);
    // Go's decoder reads an escaped surrogate that is not half of a pair as U+FFFD; JSON.parse keeps it
    if (value !== null && SURROGATE_ESCAPE.test(text.slice(offset, end))) value = withoutLoneSurrogates(value);
    if (value !== null) {
      const duplicates = jsonDuplicateKeys(text.slice(offset, end), line);
      const found = duplicates.length === 0 ? {} : { duplicateKeys: duplicates };
      const bound = encodedSizeBound(text.slice(offset, end), false);
      visit({ value, line, startLine: line, lineOf: noLines, fieldLines: noLines, encodedSizeBound: bound, ...found });
    }
    offset = end;
  }
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A decoded JSON value with each lone surrogate of its strings and keys replaced by U+FFFD, as encoding/json reads them. */
function withoutLoneSurrogates(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(withoutLoneSurrogates);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replace(LONE_SURROGATE, '\ufffd'), withoutLoneSurrogates(item)]));
  }
  return value;
}

function skipJsonSpace(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

/**
 * Where the JSON value starting at `start` ends, found by brackets and strings; -1 when the text ends first or the
 * value nests deeper than MAX_NESTING.
 */
function jsonValueEnd(text: string, start: number): number {
  const first = text[start];
  if (first !== '{' && first !== '[' && first !== '"') {
    let i = start + 1;
    while (i < text.length && !JSON_DELIMITERS.has(text[i])) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (i >= text.length) return -1;
      if (depth === 0) return i + 1;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_NESTING) return -1;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

const BIG_NUMBER = /\d[eE][-+]?\d{3}|\d{309}/;
const JSON_DELIMITERS = new Set([...' \t\r\n,:[]{}"']);

/** Where a JSON value stops being one, and why, in the words of Go's encoding/json scanner. */
interface JsonProblem {
  readonly at: number;
  readonly message: string;
}

/**
 * The character at `at` as Go's scanner names it in an error (quoteChar): it reads bytes, so a character beyond ASCII is
 * named by its first UTF-8 byte, taken for a rune.
 */
function quoteChar(text: string, at: number): string {
  const first = Buffer.from(String.fromCodePoint(text.codePointAt(at)!))[0];
  if (first === 0x27) return "'\\''";
  if (first === 0x22) return `'"'`;
  const c = String.fromCharCode(first);
  const named = GO_ESCAPES.get(c);
  if (named !== undefined) return `'${named}'`;
  // strconv.Quote escapes what is not printable: the C0 and C1 controls, DEL and the soft hyphen
  if (first < 0x20 || first === 0x7f) return `'\\x${first.toString(16).padStart(2, '0')}'`;
  if ((first >= 0x80 && first < 0xa0) || first === 0xad) return `'\\u00${first.toString(16)}'`;
  return `'${c}'`;
}

const GO_ESCAPES = new Map([
  ['\x07', '\\a'], ['\b', '\\b'], ['\f', '\\f'], ['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t'], ['\v', '\\v'], ['\\', '\\\\'],
]);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * The first problem of the JSON value starting at `start` as Go's json.Decoder finds it: a syntax error (encoding/json
 * scanner.go's states and messages) or nesting beyond MAX_NESTING (Go's scanner allows 10000 levels), whichever comes
 * first; undefined when the text ends first (what Go calls an unexpected EOF).
 */
function jsonProblem(text: string, start: number): JsonProblem | undefined {
  // what each open object or array expects next: an object's key ('k'), an object's value ('v'), an array's item ('a')
  const stack: ('k' | 'v' | 'a')[] = [];
  const fail = (at: number, context: string): JsonProblem => ({ at, message: `invalid character ${quoteChar(text, at)} ${context}` });
  let i = start;
  // a number beyond float64 fails only once the value is read: Go's decoder checks a value's syntax before it decodes it
  let beyond: JsonProblem | undefined;
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  for (;;) {
    // a value begins at i
    skipSpace();
    if (i >= text.length) return undefined;
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.push(c === '{' ? 'k' : 'a') > MAX_NESTING) return { at: i, message: TOO_DEEP };
      i++;
      skipSpace();
      if (i >= text.length) return undefined;
      if (text[i] === (c === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else if (c === '{') {
        if (text[i] !== '"') return fail(i, 'looking for beginning of object key string');
        continue;
      } else {
        continue;
      }
    } else if (c === '"') {
      for (i++; ; i++) {
        if (i >= text.length) return undefined;
        const s = text[i];
        if (s === '"') break;
        if (s < ' ') return fail(i, 'in string literal');
        if (s !== '\\') continue;
        i++;
        if (i >= text.length) return undefined;
        if (text[i] === 'u') {
          for (let h = 0; h < 4; h++) {
            i++;
            if (i >= text.length) return undefined;
            if (!isHex(text[i])) return fail(i, 'in \\u hexadecimal character escape');
          }
        } else if (!'bfnrt\\/"'.includes(text[i])) {
          return fail(i, 'in string escape code');
        }
      }
      i++;
    } else if (c === '-' || isDigit(c)) {
      const from = i;
      if (c === '-') {
        i++;
        if (i >= text.length) return undefined;
        if (!isDigit(text[i])) return fail(i, 'in numeric literal');
      }
      if (text[i] === '0') i++;
      else while (isDigit(text[i])) i++;
      if (text[i] === '.') {
        i++;
        if (i >= text.length) return undefined;
        if (!isDigit(text[i])) return fail(i, 'after decimal point in numeric literal');
        while (isDigit(text[i])) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (i >= text.length) return undefined;
        if (!isDigit(text[i])) return fail(i, 'in exponent of numeric literal');
        while (isDigit(text[i])) i++;
      }
      if (beyond === undefined && !Number.isFinite(Number(text.slice(from, i)))) {
        const number = text.slice(from, i);
        beyond = { at: from, message: `cannot unmarshal number ${number.length > 40 ? `${number.slice(0, 40)}...` : number} into Go value of type float64` };
      }
    } else {
      const literal = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
      if (literal === undefined) return fail(i, 'looking for beginning of value');
      for (let l = 1; l < literal.length; l++) {
        i++;
        if (i >= text.length) return undefined;
        if (text[i] !== literal[l]) return fail(i, `in literal ${literal} (expecting '${literal[l]}')`);
      }
      i++;
    }
    // a value ended before i: what follows it in the object or array it is in
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return beyond;
      skipSpace();
      if (i >= text.length) return undefined;
      const next = text[i++];
      if (top === 'k') {
        if (next !== ':') return fail(i - 1, 'after object key');
        stack[stack.length - 1] = 'v';
        break;
      }
      if (next === ',') {
        if (top === 'v') {
          stack[stack.length - 1] = 'k';
          skipSpace();
          if (i >= text.length) return undefined;
          if (text[i] !== '"') return fail(i, 'looking for beginning of object key string');
        }
        break;
      }
      if (next !== (top === 'v' ? '}' : ']')) return fail(i - 1, top === 'v' ? 'after object key:value pair' : 'after array element');
      stack.pop();
    }
  }
}

// go-yaml v2's reader: the characters YAML allows (tab, line breaks and the printable ones)
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** Reads the YAML documents of `text`, split as YAMLReader splits them. */
function readYamlStream(text: string, visit: Visit): void {
  // bufio's ReadLine drops "\r\n" and "\n"; LineReader ends every line with "\n"
  const src = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  let chunkStart = 0;
  let chunkLine = 1;
  const flush = (end: number) => {
    if (end > chunkStart) readYamlDocument(src.slice(chunkStart, end) + (src[end - 1] === '\n' ? '' : '\n'), chunkLine, visit);
  };
  for (let pos = 0, line = 1; pos < src.length; line++) {
    const next = src.indexOf('\n', pos);
    const end = next === -1 ? src.length : next;
    if (src.startsWith('---', pos)) {
      const rest = goTrimSpace(src.slice(pos + 3, end));
      // the lines read since the last separator are dropped with the error, unread
      if (rest !== '' && !rest.startsWith('#')) {
        throw new UnreadableStreamError(`invalid YAML document separator: ${rest} (kubectl allows only a comment after ---)`, line);
      }
      // a separator ends the document when a line of it has been read (a blank one too); else YAMLReader keeps it as the
      // document's first line, for go-yaml to read: a document start, or text (`---#c` is a plain scalar)
      if (pos > chunkStart) {
        flush(pos);
        chunkStart = end + 1;
        chunkLine = line + 1;
      }
    }
    pos = end + 1;
  }
  flush(src.length);
}

// a first line go-yaml reads as a document start and nothing else (blanks and a comment after it), which may be read
// as a blank line instead, unless a directive line (`%` at its start) follows it
const DOCUMENT_START = /^---(?:[ \t]+(?:#[^\n\x85\u2028\u2029]*)?)?\n/;

// The last document parsed again for its field lines: the findings of an object are mostly placed one after another,
// and a document of thousands of findings was parsed again for each.
let lastReparsed: { readonly chunk: string; readonly tree: YamlNode } | undefined;

/** The node tree of a document read before (so known to parse), parsed again unless it was the last one. */
function reparsed(chunk: string): YamlNode {
  if (lastReparsed?.chunk !== chunk) lastReparsed = { chunk, tree: readDocumentTree(chunk)! };
  return lastReparsed.tree;
}

function readYamlDocument(chunk: string, firstLine: number, visit: Visit): void {
  // go-yaml drops a BOM that starts the document it is given (yaml_parser_determine_encoding); a second one it would
  // take for a BOM at the start of every line, skipping each line's first character (v2's is_bom reads the start of
  // its buffer, not the position asked about), until its buffer moves: refused, rather than misread as kubectl does
  if (chunk.charCodeAt(0) === 0xfeff) {
    chunk = chunk.slice(1);
    if (chunk.charCodeAt(0) === 0xfeff) {
      throw new UnreadableStreamError('the document starts with two byte order marks (U+FEFF), which kubectl misreads: remove them', firstLine);
    }
  }
  // blank, the line reads the same and leaves the document to the fast reader, and its first line to what follows
  if (DOCUMENT_START.test(chunk) && !/^%/m.test(chunk)) chunk = chunk.replace(DOCUMENT_START, '\n');
  const bad = NOT_PRINTABLE.exec(chunk);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new UnreadableStreamError(
      `control characters are not allowed in YAML, found U+${code} (a binary file?)`,
      firstLine + lineAt(chunk, bad.index) - 1,
    );
  }
  let decoded;
  try {
    decoded = decodeYamlDocument(chunk);
  } catch (err) {
    if (err instanceof YamlSyntaxError) throw new UnreadableStreamError(`invalid YAML: ${err.message}`, firstLine + err.line - 1);
    // the decoder refuses more than MAX_NESTING levels, with the line; the parser's stack may end before it gets there
    if (err instanceof RangeError) throw new UnreadableStreamError(`invalid YAML: ${TOO_DEEP}`, firstLine);
    throw err;
  }
  if (decoded === undefined || decoded.value === null) return;
  // the tree is kept while the document is read; after, a field line asked for parses the document again (the same
  // text gives the same tree), keeping only the last document so parsed: keeping the trees, of every document or of
  // those with a finding to place, held most of the memory of a large lint and made every collection copy them
  let tree: YamlNode | undefined = decoded.root;
  const treeOf = () => tree ?? reparsed(chunk);
  const blank = /^(?:[ \t]*\n)*/.exec(chunk)![0];
  const duplicates = decoded.repeating.size === 0 ? [] : duplicateKeys(decoded.root, decoded.repeating, decoded.merged);
  const renamed = renamedKeys(decoded.root, decoded.repeating);
  const bound = encodedSizeBound(chunk, true);
  visit({
    value: decoded.value,
    line: firstLine + decoded.root.line,
    ...(bound === undefined ? {} : { encodedSizeBound: bound }),
    startLine: firstLine + blank.split('\n').length - 1,
    lineOf: (path) => {
      const line = lineOf(treeOf(), path);
      return line === undefined ? undefined : firstLine + line - 1;
    },
    fieldLines: (path) => (nodeAt(treeOf(), path) === undefined ? undefined : new TreeFieldLines(() => nodeAt(treeOf(), path)!, firstLine)),
    ...(duplicates.length === 0
      ? {}
      : { duplicateKeys: duplicates.map((d) => ({ ...d, line: firstLine + d.line, firstLine: firstLine + d.firstLine })) }),
    ...(renamed.length === 0 ? {} : { renamedKeys: renamed.map((r) => ({ ...r, line: firstLine + r.line })) }),
  });
  tree = undefined;
}
