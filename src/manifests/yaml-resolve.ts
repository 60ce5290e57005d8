// The types go-yaml v2 gives scalars (resolve.go), as kubectl reads them: YAML 1.1's booleans (y, yes, on, off...),
// Go's integer syntax (0x, 0o, 0b, a leading 0 for octal, '_' anywhere, a sign), floats with a YAML-style syntax, and
// timestamps, which it keeps as the text they are written as when the target is untyped, as kubectl's is.

/** A resolved scalar: its YAML type and its value. */
export interface Resolved {
  readonly tag: ResolvedTag;
  /** null, a boolean, a number (NaN and infinities included) or a string. */
  readonly value: null | boolean | number | string;
}

/** The types a scalar resolves to; timestamps and merge keys are strings, as the untyped target receives them. */
export type ResolvedTag = 'null' | 'bool' | 'int' | 'float' | 'str';

const LONG_PREFIX = 'tag:yaml.org,2002:';
/** The long form of the tags go-yaml resolves (`!!int` is `tag:yaml.org,2002:int`). */
export const TAGS = {
  str: `${LONG_PREFIX}str`,
  bool: `${LONG_PREFIX}bool`,
  int: `${LONG_PREFIX}int`,
  float: `${LONG_PREFIX}float`,
  null: `${LONG_PREFIX}null`,
  timestamp: `${LONG_PREFIX}timestamp`,
  binary: `${LONG_PREFIX}binary`,
  merge: `${LONG_PREFIX}merge`,
} as const;

const RESOLVABLE = new Set<string>(['', TAGS.str, TAGS.bool, TAGS.int, TAGS.float, TAGS.null, TAGS.timestamp]);

// resolve.go's resolveMap: the values looked up as they are written (base 60 numbers are deliberately not supported)
const WORDS = new Map<string, Resolved>();
const words = (value: Resolved['value'], tag: ResolvedTag, list: string) => list.split(' ').forEach((w) => WORDS.set(w, { tag, value }));
words(true, 'bool', 'y Y yes Yes YES true True TRUE on On ON');
words(false, 'bool', 'n N no No NO false False FALSE off Off OFF');
words(null, 'null', '~ null Null NULL');
words(NaN, 'float', '.nan .NaN .NAN');
words(Infinity, 'float', '.inf .Inf .INF +.inf +.Inf +.INF');
words(-Infinity, 'float', '-.inf -.Inf -.INF');
const NULL: Resolved = { tag: 'null', value: null };

/** Whether a plain scalar may resolve to something other than a string (resolve.go's resolveTable and resolveMap). */
export function mayResolve(text: string): boolean {
  const first = text.charCodeAt(0);
  if (text === '' || first === 0x2b || first === 0x2d || first === 0x2e || (first >= 0x30 && first <= 0x39)) return true;
  return WORDS.has(text);
}

// resolve.go's yamlStyleFloat, tried on the text with its underscores removed
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat on text that starts with '.' (its underscores checked apart)
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
// resolve.go's `0b` prefix followed by what strconv.ParseInt(text, 2, 64) reads: a sign is allowed there
const SIGNED_BINARY = /^0b([+-])([01]+)$/;
const GO_INT_DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/**
 * strconv.ParseInt(text, 0, 64) and then strconv.ParseUint(text, 0, 64), as resolve.go tries them: the integer, or
 * undefined when the text is no integer or one out of the int64 and uint64 ranges.
 */
export function parseGoInt(text: string): bigint | undefined {
  let sign = 1n;
  let rest = text;
  if (rest.startsWith('+') || rest.startsWith('-')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  let base = 10;
  const prefix = rest.slice(0, 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    base = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    rest = rest.slice(2);
  } else if (rest.length > 1 && rest.startsWith('0')) {
    base = 8;
    rest = rest.slice(1);
  }
  if (!GO_INT_DIGITS[base].test(rest)) return undefined;
  const magnitude = base === 10 ? BigInt(rest) : BigInt(`0${base === 16 ? 'x' : base === 8 ? 'o' : 'b'}${rest}`);
  const value = sign * magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  // ParseUint takes no sign
  if (text[0] !== '+' && text[0] !== '-' && value <= UINT64_MAX) return value;
  return undefined;
}

/** A finite float from strconv.ParseFloat's decimal syntax, or undefined: out of range is an error to Go, not infinity. */
function parseFloat64(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** strconv's underscoreOK: every '_' stands between two digits (text starting with '.', so no sign or base prefix). */
function underscoresOk(text: string): boolean {
  let saw = '^';
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') saw = '0';
    else if (ch === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else if (saw === '_') return false;
    else saw = '!';
  }
  return saw !== '_';
}

const int = (value: bigint): Resolved => ({ tag: 'int', value: Number(value) });

/** How go-yaml v2 resolves a plain scalar, or one with a tag resolve.go resolves (or `!`, which it leaves a string). */
export function resolve(tag: string, text: string): Resolved {
  if (!RESOLVABLE.has(tag) || tag === TAGS.str) return { tag: 'str', value: text };
  const first = text.charCodeAt(0);
  if (text === '') return NULL;
  const word = WORDS.get(text);
  if (word) return word;
  if (first === 0x2e /* . */) {
    const value = DOT_FLOAT.test(text.replace(/_/g, '')) && underscoresOk(text) ? parseFloat64(text.replace(/_/g, '')) : undefined;
    if (value !== undefined) return { tag: 'float', value };
  } else if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d) {
    // a timestamp is tried first; to the untyped target it is the text as written, so it needs no case of its own
    // (a timestamp is never a number: it starts with four digits and '-')
    const plain = text.replace(/_/g, '');
    const integer = parseGoInt(plain);
    if (integer !== undefined) return int(integer);
    if (YAML_STYLE_FLOAT.test(plain)) {
      const value = parseFloat64(plain);
      if (value !== undefined) return { tag: 'float', value };
    }
    // resolve.go's own binary case, ParseInt(plain[2:], 2, 64): the base-0 parse above covers it but for a sign
    // after the prefix, which that ParseInt takes (`0b-1` is -1); its `-0b` case adds nothing to the base-0 parse
    const binary = SIGNED_BINARY.exec(plain);
    if (binary) {
      const value = (binary[1] === '-' ? -1n : 1n) * BigInt(`0b${binary[2]}`);
      if (value >= INT64_MIN && value <= INT64_MAX) return int(value);
    }
  }
  return { tag: 'str', value: text };
}

// the formats of resolve.go's allowedTimestampFormats, as time.Parse accepts them
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$/;

/** Whether `text` is a timestamp go-yaml v2 accepts for `!!timestamp`. */
export function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const [hour, minute, second] = [m[4] ?? m[7] ?? '0', m[5] ?? m[8] ?? '0', m[6] ?? m[9] ?? '0'].map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour < 24 && minute < 60 && second < 60;
}

/**
 * A scalar as go-yaml v2 decodes it into an untyped value: `implicit` is whether it is plain or tagged `!`. Throws
 * a message when an explicit tag does not fit the value (`!!int abc`).
 */
export function decodeScalar(text: string, tag: string, implicit: boolean): Resolved {
  if (tag === '' && !implicit) return { tag: 'str', value: text };
  if (tag === TAGS.binary) return { tag: 'str', value: decodeBinary(text) };
  if (tag === TAGS.timestamp) {
    if (!isTimestamp(text)) throw new Error(`cannot decode !!str \`${text}\` as a !!timestamp`);
    return { tag: 'str', value: text };
  }
  const resolved = resolve(tag, text);
  if (tag === '' || !RESOLVABLE.has(tag) || tag === TAGS.str) return resolved;
  const wanted = tag.slice(LONG_PREFIX.length);
  if (resolved.tag === wanted) return resolved;
  if (wanted === 'float' && resolved.tag === 'int') return { tag: 'float', value: resolved.value };
  throw new Error(`cannot decode !!${resolved.tag} \`${text}\` as a !!${wanted}`);
}

// Go's base64.StdEncoding, which skips line breaks
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBinary(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact)) throw new Error('!!binary value contains invalid base64 data');
  return goJsonString(Buffer.from(compact, 'base64'));
}

/**
 * Bytes as the JSON string Go's encoding/json writes of them (sigs.k8s.io/yaml marshals go-yaml's string): each byte
 * that utf8.DecodeRune does not read as part of a character is one U+FFFD (Node would make a cut sequence one).
 */
function goJsonString(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const size = utf8Length(bytes, i);
    out += size === 0 ? '\ufffd' : bytes.toString('utf8', i, i + size);
    i += Math.max(size, 1);
  }
  return out;
}

/** The length of the UTF-8 character at `i` as Go's utf8.DecodeRune accepts it (its second byte's narrower ranges), or 0. */
function utf8Length(bytes: Buffer, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const [size, low, high] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
    : b === 0xe0 ? [3, 0xa0, 0xbf]
      : b === 0xed ? [3, 0x80, 0x9f]
        : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf]
          : b === 0xf0 ? [4, 0x90, 0xbf]
            : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf]
              : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
  if (size === 0 || i + size > bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return 0;
  for (let k = 2; k < size; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return 0;
  return size;
}
