// One YAML document to the JSON value kubectl makes of it: go-yaml v2's decoding into an untyped value (decode.go:
// merge keys, aliases and their limits, the last of duplicate keys winning) and sigs.k8s.io/yaml's conversion to JSON
// (yaml.go convertToJSONableObject: non-string keys become strings; NaN and infinities, which JSON cannot hold, fail).
//
// Deliberate differences, none of which changes what a valid manifest means:
// - keys keep the order they are written in (json.Marshal sorts them), and when two keys become one JSON key (`1` and
//   "1") the later wins (Go's map order leaves it to chance);
// - integers beyond 2^53 lose precision, as any JavaScript number does;
// - go-yaml takes NEL, LS and PS for line breaks, and so does the scanner here: in a file that holds one, the lines
//   reported after it are off by as many.
//
// What sigs.k8s.io/yaml refuses (a null or uint64 key, a NaN or infinite value) it finds only once go-yaml has built the
// whole map, and only in the entries left in it: an entry a later duplicate replaces (a key equal in type and value to
// Go: `1` and `0x1`, not `1` and "1", never .nan) takes its errors with it. So these errors wait until the document is
// read; go-yaml's own (a tag that does not fit, an invalid key, aliases) fail at once, as they do in kubectl.
import { AliasNode, MappingNode, parseFirstDocument, ScalarNode, YamlNode } from './yaml-parser';
import { readPlainBlockDocument } from './plain-block-yaml';
import { decodeScalar, mayResolve, parseGoInt, TAGS } from '../manifests/yaml-resolve';
import { YamlSyntaxError } from './yaml-scanner';

/** A JSON value as kubectl decodes it: null, boolean, number, string, array or object. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The JSON value of the first document of `text`, with its node tree, or undefined when `text` holds no document. */
export interface DecodedDocument {
  readonly value: JsonValue;
  readonly root: YamlNode;
  /** The mappings that may write a key twice (duplicate-keys.ts tells): a key already in the value, a merge, an alias key. */
  readonly repeating: ReadonlySet<MappingNode>;
  /** The mappings merged into others. */
  readonly merged: ReadonlySet<MappingNode>;
}

/**
 * The node tree of the first document of `text`, or undefined when it holds none: read by the fast reader of the
 * plain block style when it is written so, else by the general parser, which throws a YamlSyntaxError with the line.
 */
export function readDocumentTree(text: string): YamlNode | undefined {
  return readPlainBlockDocument(text) ?? parseFirstDocument(text);
}

/** Reads the first document of `text` (lines counted from 1 in it); throws a YamlSyntaxError with the line. */
export function decodeYamlDocument(text: string): DecodedDocument | undefined {
  const root = readDocumentTree(text);
  if (root === undefined) return undefined;
  const decoder = new Decoder();
  return { value: decoder.document(root), root, repeating: decoder.repeating, merged: decoder.merged };
}

// decode.go's limits on alias expansion (a "billion laughs" document)
const ALIAS_RATIO_RANGE_LOW = 400000;
const ALIAS_RATIO_RANGE_HIGH = 4000000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

/**
 * How deep a document's values may nest, in mappings and lists, JSON or YAML. go-yaml and Go's encoding/json allow
 * 10000 levels; the checks that walk an object recurse per level and would run out of stack before, so a document that
 * nests deeper is refused as it is read, with its line.
 */
export const MAX_NESTING = 1000;
export const TOO_DEEP = `the document nests too deeply to be read (more than ${MAX_NESTING} levels of mappings and lists)`;

const INT64_MAX = 2n ** 63n - 1n;
const hasOwn = Object.prototype.hasOwnProperty;
const JSON_INFINITIES = new Map([
  [Infinity, '+Inf'],
  [-Infinity, '-Inf'],
]);

/** A key sigs.k8s.io/yaml cannot convert (null, uint64), found as the document is read: an error if its entry stays. */
interface KeyError {
  readonly error: YamlSyntaxError;
  dropped: boolean;
}

/**
 * A float JSON cannot hold, where the decoded value has it until the document is read: json.Marshal fails on the first
 * it meets, if a later duplicate has not replaced it.
 */
class NonFinite {
  constructor(readonly error: YamlSyntaxError) {}
}

/** The entries of one Go map (a mapping and what it merges) whose key or value holds key errors: [first, end) of them. */
type ErroredEntries = Map<string, readonly [number, number]>;

class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<AliasNode>();
  private depth = 0;
  /** The key errors met so far, in the order of the document (kubectl's order among them is its map's, at random). */
  private readonly keyErrors: KeyError[] = [];
  private nonFinite = 0;
  /** Of each object being filled that has an entry with key errors, those entries, by the key Go compares. */
  private readonly errored = new Map<object, ErroredEntries>();
  /**
   * The mappings that may write a key twice as go-yaml v3 compares keys: one that sets a key already in the value it
   * fills, merges others, or has a key whose text is not its JSON key (an alias, `on`, `010`).
   */
  readonly repeating = new Set<MappingNode>();
  /** The mappings merged into others (`<<`), whose repeated keys kustomize's merge takes the first of. */
  readonly merged = new Set<MappingNode>();
  /** Of each object being filled that has a float key 0 or -0, its JSON key ("0" or "-0"). */
  private readonly floatZeros = new WeakMap<object, string>();

  /** The JSON value of a document's root, or the error kubectl meets first converting it to JSON. */
  document(root: YamlNode): JsonValue {
    const value = this.value(root);
    // sigs.k8s.io/yaml converts the keys of every map before json.Marshal looks at a value
    for (const keyError of this.keyErrors) if (!keyError.dropped) throw keyError.error;
    if (this.nonFinite > 0) {
      const first = firstNonFinite(value);
      if (first !== undefined) throw first.error;
    }
    return value;
  }

  private count(node: YamlNode): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new YamlSyntaxError('document contains excessive aliasing', node.line + 1);
    }
  }

  /** The JSON value of a node. */
  value(node: YamlNode): JsonValue {
    this.count(node);
    switch (node.kind) {
      case 'alias':
        return this.alias(node, (target) => this.value(target));
      case 'scalar': {
        // most scalars are strings: quoted ones, and plain ones whose first character starts no other type
        if (node.tag === '' && (!node.implicit || !mayResolve(node.value))) return node.value;
        const { value } = this.scalar(node);
        if (typeof value === 'number' && !Number.isFinite(value)) {
          const go = JSON_INFINITIES.get(value) ?? 'NaN';
          this.nonFinite++;
          const error = new YamlSyntaxError(
            `${node.value} is a float JSON cannot hold (kubectl: json: unsupported value: ${go}); quote it to make it a string`,
            node.line + 1,
          );
          return new NonFinite(error) as unknown as JsonValue;
        }
        return value;
      }
      case 'sequence': {
        this.nest(node);
        const array = node.children.map((child) => this.value(child));
        this.depth--;
        return array;
      }
      case 'mapping': {
        this.nest(node);
        const object: { [key: string]: JsonValue } = {};
        this.mapping(node, object);
        this.depth--;
        return object;
      }
    }
  }

  /** Enters a mapping or list of the value, failing beyond MAX_NESTING levels (aliases count as what they stand for). */
  private nest(node: YamlNode): void {
    if (++this.depth > MAX_NESTING) throw new YamlSyntaxError(TOO_DEEP, node.line + 1);
  }

  private alias<T>(node: AliasNode, decode: (target: YamlNode) => T): T {
    if (this.expanding.has(node)) throw new YamlSyntaxError(`anchor '${node.name}' value contains itself`, node.line + 1);
    this.expanding.add(node);
    this.aliasDepth++;
    try {
      return decode(node.target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(node);
    }
  }

  private scalar(node: ScalarNode) {
    try {
      return decodeScalar(node.value, node.tag, node.implicit);
    } catch (err) {
      throw new YamlSyntaxError((err as Error).message, node.line + 1);
    }
  }

  private mapping(node: MappingNode, into: { [key: string]: JsonValue }): void {
    const children = node.children;
    let repeating = false;
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i];
      if (key.kind === 'scalar' && key.value === '<<' && (key.implicit || key.tag === TAGS.merge)) {
        repeating = true;
        this.merge(children[i + 1], into);
        continue;
      }
      const before = this.keyErrors.length;
      const name = this.key(key);
      const value = this.value(children[i + 1]);
      // go-yaml v3 compares keys by their text: `on` and "on" are one key there, two here (true and "on")
      if (!repeating && (hasOwn.call(into, name) || key.kind !== 'scalar' || key.value !== name)) repeating = true;
      // the float keys 0 and -0 are one key of Go's map, which keeps the later one's sign (and value)
      if ((name === '0' || name === '-0') && goKeyId(key) === 'f0') {
        const other = name === '0' ? '-0' : '0';
        if (this.floatZeros.get(into) === other) delete into[other];
        this.floatZeros.set(into, name);
      }
      if (name === '__proto__') Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
      else into[name] = value;
      if (this.keyErrors.length > 0) this.entered(into, key, before);
    }
    if (repeating) this.repeating.add(node);
  }

  /**
   * Notes the entry of `key` just written into `into` (its key errors from `before` on): the key errors of an earlier
   * entry it replaces in go-yaml's map are dropped, and its own kept for a later duplicate to drop.
   */
  private entered(into: object, key: YamlNode, before: number): void {
    const end = this.keyErrors.length;
    let entries = this.errored.get(into);
    if (entries === undefined && end === before) return;
    const id = goKeyId(key);
    // a NaN key equals no other
    if (id === undefined) return;
    const earlier = entries?.get(id);
    if (earlier !== undefined) for (let e = earlier[0]; e < earlier[1]; e++) this.keyErrors[e].dropped = true;
    if (end > before) {
      if (entries === undefined) this.errored.set(into, (entries = new Map()));
      entries.set(id, [before, end]);
    } else {
      entries?.delete(id);
    }
  }

  /** `<<: *base` or `<<: [*a, *b]`: the keys of the merged mappings, the earlier ones winning, in place. */
  private merge(node: YamlNode, into: { [key: string]: JsonValue }): void {
    const fail = (): never => {
      throw new YamlSyntaxError('map merge requires map or sequence of maps as the value', node.line + 1);
    };
    const mergeOne = (item: YamlNode) => {
      this.count(item);
      if (item.kind === 'mapping') {
        this.merged.add(item);
        this.mapping(item, into);
      } else if (item.kind === 'alias' && item.target.kind === 'mapping') {
        this.merged.add(item.target);
        this.alias(item, (target) => {
          this.count(target);
          this.mapping(target as MappingNode, into);
        });
      }
      else fail();
    };
    if (node.kind === 'sequence') {
      for (const item of node.children) if (!(item.kind === 'mapping' || (item.kind === 'alias' && item.target.kind === 'mapping'))) fail();
      for (let i = node.children.length - 1; i >= 0; i--) mergeOne(node.children[i]);
    } else {
      mergeOne(node);
    }
  }

  /**
   * A key as sigs.k8s.io/yaml makes it a JSON key: strings as they are, numbers and booleans as go-yaml prints them;
   * one it cannot convert is noted in keyErrors (and stands as its text until the document fails).
   */
  private key(node: YamlNode, at: YamlNode = node): string {
    this.count(node);
    // an alias's key fails at the alias, where the key is
    if (node.kind === 'alias') return this.alias(node, (target) => this.key(target, at));
    if (node.kind !== 'scalar') throw new YamlSyntaxError(`invalid map key: a ${node.kind} cannot be a key`, at.line + 1);
    let key;
    try {
      key = convertKey(node);
    } catch (err) {
      if (at === node || !(err instanceof YamlSyntaxError)) throw err;
      throw new YamlSyntaxError(err.message, at.line + 1);
    }
    if (typeof key === 'string') return key;
    this.keyErrors.push({ error: at === node ? key : new YamlSyntaxError(key.message, at.line + 1), dropped: false });
    return node.value;
  }
}

/** The key go-yaml's map compares a scalar key by (its Go type and value), or undefined for NaN, which equals nothing. */
function goKeyId(key: YamlNode): string | undefined {
  while (key.kind === 'alias') key = key.target;
  if (key.kind !== 'scalar') return undefined;
  const { tag, value } = decodeScalar(key.value, key.tag, key.implicit);
  switch (tag) {
    case 'int':
      return `i${parseGoInt(key.value.replace(/_/g, '')) ?? (value as number)}`;
    case 'float':
      // -0 equals 0
      return Number.isNaN(value) ? undefined : `f${String(value)}`;
    case 'str':
      return `s${value as string}`;
    case 'bool':
      return `b${String(value)}`;
    case 'null':
      return 'n';
  }
}

/** The first NaN or infinity of a decoded value in json.Marshal's order: keys sorted by their UTF-8 bytes, depth first. */
function firstNonFinite(value: unknown): NonFinite | undefined {
  if (value instanceof NonFinite) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const children = Array.isArray(value) ? value : Object.keys(value).sort(compareCodePoints).map((k) => (value as Record<string, unknown>)[k]);
  for (const child of children) {
    const found = firstNonFinite(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Compares strings by code points, as Go compares their UTF-8 bytes (JavaScript's < compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0)! - y[i].codePointAt(0)!;
  }
  return x.length - y.length;
}

/**
 * The JSON key a scalar mapping key becomes (sigs.k8s.io/yaml): strings as they are, numbers and booleans as go-yaml
 * prints them (`n` is "false"); throws a YamlSyntaxError for a key JSON cannot hold.
 */
export function jsonKey(node: ScalarNode): string {
  const key = convertKey(node);
  if (typeof key !== 'string') throw key;
  return key;
}

/** jsonKey, which returns the error of a key JSON cannot hold and throws go-yaml's own (a tag that does not fit). */
function convertKey(node: ScalarNode): string | YamlSyntaxError {
  if (node.tag === '' && (!node.implicit || !mayResolve(node.value))) return node.value;
  let decoded;
  try {
    decoded = decodeScalar(node.value, node.tag, node.implicit);
  } catch (err) {
    throw new YamlSyntaxError((err as Error).message, node.line + 1);
  }
  const { tag, value } = decoded;
  switch (tag) {
    case 'str':
      return value as string;
    case 'bool':
      return String(value);
    case 'int': {
      const exact = parseGoInt(node.value.replace(/_/g, ''));
      if (exact !== undefined && exact > INT64_MAX) {
        return new YamlSyntaxError(`unsupported map key of type uint64: ${node.value}; quote it to make it a string`, node.line + 1);
      }
      return exact !== undefined ? exact.toString() : String(value);
    }
    case 'float':
      return formatFloat32(value as number);
    case 'null':
      return new YamlSyntaxError(
        `unsupported map key: null (${node.value === '' ? 'an empty key' : node.value}); quote it to make it a string`,
        node.line + 1,
      );
  }
}

/** strconv.FormatFloat(f, 'g', -1, 32) with go-yaml's names for the special values: how a float key becomes a string. */
export function formatFloat32(f: number): string {
  // rounded to float32 first: 1e39 is beyond it, and prints as +Inf (.inf)
  const f32 = Math.fround(f);
  if (Number.isNaN(f32)) return '.nan';
  if (f32 === Infinity) return '.inf';
  if (f32 === -Infinity) return '-.inf';
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0';
  const { digits, e } = shortestFloat32Digits(Math.abs(f32));
  const sign = f32 < 0 ? '-' : '';
  if (e < -4 || e >= 6) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const fraction = digits.slice(e + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The shortest decimal digits that read back as the float32 `f` (positive), with the exponent of the first: as Go's
 * shortest formatting finds them, from the exact value of `f`, the nearer of its two roundings at each length when
 * both read back, the even one when `f` lies halfway (JavaScript's toExponential rounds halfway up).
 */
function shortestFloat32Digits(f: number): { digits: string; e: number } {
  const exact = exactDecimal(f);
  const readsBack = (digits: string, e: number) => Math.fround(Number(`${digits[0]}.${digits.slice(1)}e${e}`)) === f;
  for (let n = 1; n < exact.digits.length; n++) {
    const down = exact.digits.slice(0, n);
    const rest = exact.digits.slice(n);
    let up = (BigInt(down) + 1n).toString();
    const upE = up.length > n ? exact.e + 1 : exact.e;
    if (up.length > n) up = up.slice(0, n);
    const okDown = readsBack(down, exact.e);
    const okUp = readsBack(up, upE);
    if (okDown && okUp) {
      const half = `5${'0'.repeat(rest.length - 1)}`;
      const above = rest > half || (rest === half && Number(down[n - 1]) % 2 === 1);
      return above ? { digits: up, e: upE } : { digits: down, e: exact.e };
    }
    if (okDown) return { digits: down, e: exact.e };
    if (okUp) return { digits: up, e: upE };
  }
  return exact;
}

/** The exact decimal value of a positive finite double: its significant digits and the exponent of the first. */
function exactDecimal(x: number): { digits: string; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  // x = mantissa * 2^exponent = mantissa * 5^-exponent / 10^-exponent
  const scaled = exponent >= 0 ? mantissa << BigInt(exponent) : mantissa * 5n ** BigInt(-exponent);
  const text = scaled.toString();
  const digits = text.replace(/0+$/, '');
  return { digits, e: text.length - 1 + Math.min(exponent, 0) };
}

/** The node of the value at `path` in a document's node tree, or undefined when it is not written there plainly. */
export function nodeAt(root: YamlNode, path: readonly (string | number)[]): YamlNode | undefined {
  let node: YamlNode | undefined = root;
  for (const step of path) {
    while (node?.kind === 'alias') node = node.target;
    if (node === undefined) return undefined;
    if (typeof step === 'number') {
      node = node.kind === 'sequence' ? node.children[step] : undefined;
      continue;
    }
    if (node.kind !== 'mapping') return undefined;
    let found: YamlNode | undefined;
    for (let i = 0; i < node.children.length; i += 2) {
      const key = node.children[i];
      if (key.kind === 'scalar' && key.value === step) found = node.children[i + 1];
    }
    node = found;
  }
  return node;
}

/** The line (1-based) of the value at `path` in a document's node tree, or undefined when it is not written there plainly. */
export function lineOf(root: YamlNode, path: readonly (string | number)[]): number | undefined {
  const node = nodeAt(root, path);
  return node === undefined ? undefined : node.line + 1;
}
