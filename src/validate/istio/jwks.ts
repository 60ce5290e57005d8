// JSON Web Key Sets as lestrrat-go/jwx v1.2 (which Istio 1.30 uses) parses them (jwk.Parse), for a
// RequestAuthentication's inline `jwks`: which keys it holds, or why it is refused.
import { X509Certificate } from 'node:crypto';
import { show } from '../structural';
import { entries, Fields, list, record } from '../builtin/go-values';

/** What a parsed key is, for the private-material warning. */
export type KeyKind = 'public' | 'RSA private' | 'EC private' | 'OKP private' | 'symmetric';

interface KeyType {
  /** Base64url fields of the public key; `privateBytes` are read only when the key has a `d`. */
  readonly bytes: readonly string[];
  readonly privateBytes: readonly string[];
  readonly curve: boolean;
  readonly required: readonly string[];
  readonly privateRequired: readonly string[];
}

const KEY_TYPES = new Map<string, KeyType>([
  ['RSA', { bytes: ['e', 'n'], privateBytes: ['d', 'dp', 'dq', 'p', 'q', 'qi'], curve: false, required: ['e', 'n'], privateRequired: ['d', 'e', 'n'] }],
  ['EC', { bytes: ['x', 'y'], privateBytes: ['d'], curve: true, required: ['crv', 'x', 'y'], privateRequired: ['crv', 'd', 'x', 'y'] }],
  ['OKP', { bytes: ['x'], privateBytes: ['d'], curve: true, required: ['crv', 'x'], privateRequired: ['crv', 'd', 'x'] }],
  ['oct', { bytes: ['k'], privateBytes: [], curve: false, required: ['k'], privateRequired: ['k'] }],
]);
// the members every key type reads as strings; jwx v1 names its X.509 URL member "x58" (X509URLKey), so it reads "x58"
// as a string and leaves "x5u" untyped like any other member
const STRING_FIELDS = new Set(['alg', 'kid', 'use', 'x5t', 'x5t#S256', 'x58']);
const URL_ALPHABET = /^[A-Za-z0-9_-]*$/;
const STD_ALPHABET = /^[A-Za-z0-9+/]*$/;
const NEWLINES = /[\r\n]/g;
const STD_ONLY = /[+/]/;

/**
 * The kinds of the keys of a JWKS as jwk.Parse reads it, or why it refuses it. It reads a `{"keys": [...]}` set, or
 * else the object as one key. jwx decodes with a json.Decoder, which reads the first JSON value and no further, so
 * text after the object's closing brace is ignored, whether it holds a set or a sole key. Deliberate differences: a
 * repeated member counts once (the last, as JSON.parse keeps it; jwx would read a repeated "keys" twice), and node's
 * X.509 parser stands in for Go's x509.ParseCertificate for `x5c`.
 */
export function readJwks(source: string): string | KeyKind[] {
  let start = 0;
  while (start < source.length && ' \t\n\r'.includes(source[start])) start++;
  if (source[start] !== '{') return 'it is not a JSON object';
  const end = objectEnd(source, start);
  let set: Fields;
  try {
    if (end < 0) throw new SyntaxError('unterminated');
    set = JSON.parse(source.slice(start, end)) as Fields;
  } catch {
    return 'it is not valid JSON';
  }
  for (const [name, value] of Object.entries(set)) {
    if (name === 'keys') {
      if (value !== null && !Array.isArray(value)) return `"keys" must be a list of keys, got ${show(value)}`;
    } else {
      const problem = nonFiniteProblem(name, value);
      if (problem) return problem;
    }
  }
  const kinds: KeyKind[] = [];
  if (Object.hasOwn(set, 'keys')) {
    for (const [i, key] of list(set.keys).entries()) {
      const problem = readKey(key, kinds);
      if (problem) return `key ${i}: ${problem}`;
    }
    return kinds;
  }
  return readKey(set, kinds) ?? kinds;
}

/** The index just past the closing brace of the object opening at `start`, or -1. */
function objectEnd(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if ((c === '}' || c === ']') && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

/** Reads one key (jwk.ParseKey), adding its kind, or says why it is refused. */
function readKey(value: unknown, kinds: KeyKind[]): string | undefined {
  const key = record(value);
  if (!key) return value === null ? 'a key needs a kty' : `a key must be a JSON object, got ${show(value)}`;
  // the type hint reads `kty` and `d` with encoding/json's case-insensitive member names; the key itself, exact ones
  let kty = '';
  let hasD = false;
  for (const [name, member] of Object.entries(key)) {
    const folded = name.length <= 3 ? name.toLowerCase() : '';
    if (folded === 'kty') {
      if (typeof member === 'string') kty = member;
      else if (member !== null) return `kty must be a string, got ${show(member)}`;
    } else if (folded === 'd') {
      hasD = true;
    }
  }
  const type = KEY_TYPES.get(kty);
  if (!type) return `kty must be RSA, EC, OKP or oct, got ${show(kty)}`;
  const isPrivate = hasD || kty === 'oct';
  for (const [name, member] of Object.entries(key)) {
    const problem = memberProblem(name, member, kty, type, hasD);
    if (problem) return problem;
  }
  const missing = (hasD ? type.privateRequired : type.required).filter((name) => !Object.hasOwn(key, name));
  if (missing.length > 0) return `${hasD && kty !== 'oct' ? `a private ${kty}` : `an ${kty}`} key needs ${missing.join(', ')}`;
  kinds.push(!isPrivate ? 'public' : kty === 'oct' ? 'symmetric' : (`${kty} private` as KeyKind));
  return undefined;
}

function memberProblem(name: string, value: unknown, kty: string, type: KeyType, hasD: boolean): string | undefined {
  if (name === 'kty') return value === kty ? undefined : `kty must be ${kty}, got ${show(value)}`;
  if (STRING_FIELDS.has(name) || (type.curve && name === 'crv')) {
    return value === null || typeof value === 'string' ? undefined : `${name} must be a string, got ${show(value)}`;
  }
  if (type.bytes.includes(name) || (hasD && type.privateBytes.includes(name))) {
    return value === null || (typeof value === 'string' && base64Body(value) !== undefined) ? undefined : `${name} must be base64 text, got ${show(value)}`;
  }
  if (name === 'key_ops') {
    const valid = value === null || (Array.isArray(value) && value.every((op) => op === null || typeof op === 'string'));
    return valid ? undefined : `key_ops must be a list of strings, got ${show(value)}`;
  }
  if (name === 'x5c') return certificateChainProblem(value);
  return nonFiniteProblem(name, value);
}

/** jwx's own base64 reading: url or standard alphabet, padded or not, as the text shows; newlines are skipped. */
function base64Body(value: string): string | undefined {
  const padded = value.endsWith('=');
  const alphabet = STD_ONLY.test(value) ? STD_ALPHABET : URL_ALPHABET;
  const body = value.replace(NEWLINES, '');
  if (!padded) return alphabet.test(body) && body.length % 4 !== 1 ? body : undefined;
  const pads = body.endsWith('==') ? 2 : 1;
  return body.length % 4 === 0 && alphabet.test(body.slice(0, -pads)) ? body : undefined;
}

function certificateChainProblem(value: unknown): string | undefined {
  if (value === null) return undefined;
  if (!Array.isArray(value)) return `x5c must be a list of base64 DER certificates, got ${show(value)}`;
  for (const [i, item] of value.entries()) {
    const body = typeof item === 'string' || item === null ? base64Body(item ?? '') : undefined;
    if (body === undefined) return `x5c[${i}] must be a base64 DER certificate, got ${show(item)}`;
    try {
      new X509Certificate(Buffer.from(body, 'base64'));
    } catch {
      return `x5c[${i}] is not an X.509 certificate`;
    }
  }
  return undefined;
}

/** Go decodes other members as `any`, whose float64 numbers refuse what overflows them (JSON.parse: Infinity). */
function nonFiniteProblem(name: string, value: unknown): string | undefined {
  const overflows = (v: unknown): boolean =>
    typeof v === 'number' ? !Number.isFinite(v) : Array.isArray(v) ? v.some(overflows) : entries(v).some(([, item]) => overflows(item));
  return overflows(value) ? `${show(name)} holds a number too large for a 64-bit float` : undefined;
}
