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
import { AliasNode, MappingNode, parseFirstDocument, ScalarNode, YamlNode } from './yaml-parser';
import { readPlainBlockDocument } from './plain-block-yaml';
import { decodeScalar, mayResolve, parseGoInt, TAGS } from './yaml-resolve';
import { YamlSyntaxError } from './yaml-scanner';

/** A JSON value as kubectl decodes it: null, boolean, number, string, array or object. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The JSON value of the first document of `text`, with its node tree, or undefined when `text` holds no document. */
export interface DecodedDocument {
  readonly value: JsonValue;
  readonly root: YamlNode;
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
  return { value: new Decoder().value(root), root };
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
const JSON_INFINITIES = new Map([
  [Infinity, '+Inf'],
  [-Infinity, '-Inf'],
]);

class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<AliasNode>();
  private depth = 0;

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
          throw new YamlSyntaxError(
            `${node.value} is a float JSON cannot hold (kubectl: json: unsupported value: ${go}); quote it to make it a string`,
            node.line + 1,
          );
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
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i];
      if (key.kind === 'scalar' && key.value === '<<' && (key.implicit || key.tag === TAGS.merge)) {
        this.merge(children[i + 1], into);
        continue;
      }
      const name = this.key(key);
      const value = this.value(children[i + 1]);
      if (name === '__proto__') Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
      else into[name] = value;
    }
  }

  /** `<<: *base` or `<<: [*a, *b]`: the keys of the merged mappings, the earlier ones winning, in place. */
  private merge(node: YamlNode, into: { [key: string]: JsonValue }): void {
    const fail = (): never => {
      throw new YamlSyntaxError('map merge requires map or sequence of maps as the value', node.line + 1);
    };
    const mergeOne = (item: YamlNode) => {
      this.count(item);
      if (item.kind === 'mapping') this.mapping(item, into);
      else if (item.kind === 'alias' && item.target.kind === 'mapping') {
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

  /** A key as sigs.k8s.io/yaml makes it a JSON key: strings as they are, numbers and booleans as go-yaml prints them. */
  private key(node: YamlNode, at: YamlNode = node): string {
    this.count(node);
    // an alias's key fails at the alias, where the key is
    if (node.kind === 'alias') return this.alias(node, (target) => this.key(target, at));
    if (node.kind !== 'scalar') throw new YamlSyntaxError(`invalid map key: a ${node.kind} cannot be a key`, at.line + 1);
    try {
      return jsonKey(node);
    } catch (err) {
      if (at === node || !(err instanceof YamlSyntaxError)) throw err;
      throw new YamlSyntaxError(err.message, at.line + 1);
    }
  }
}

/**
 * The JSON key a scalar mapping key becomes (sigs.k8s.io/yaml): strings as they are, numbers and booleans as go-yaml
 * prints them (`n` is "false"); throws a YamlSyntaxError for a key JSON cannot hold.
 */
export function jsonKey(node: ScalarNode): string {
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
        throw new YamlSyntaxError(`unsupported map key of type uint64: ${node.value}; quote it to make it a string`, node.line + 1);
      }
      return exact !== undefined ? exact.toString() : String(value);
    }
    case 'float':
      return formatFloat32(value as number);
    case 'null':
      throw new YamlSyntaxError(
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
  let exponential = '';
  for (let precision = 1; precision <= 9; precision++) {
    exponential = Math.abs(f32).toExponential(precision - 1);
    if (Math.fround(Number(exponential)) === Math.abs(f32)) break;
  }
  const [mantissa, exp] = exponential.split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const sign = f32 < 0 ? '-' : '';
  if (e < -4 || e >= 6) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const fraction = digits.slice(e + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
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
