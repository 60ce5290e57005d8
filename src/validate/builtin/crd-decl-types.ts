// The type the API server gives a CRD schema node's CEL rules (apiserver v0.33's common.SchemaDeclType), with the
// sizes its cost estimate reads: the most elements a value can have (a list's maxItems, a map's maxProperties, four
// times a string's maxLength, else what fits in a request of 3 MiB) and the smallest a value can be serialized in.
import { BOOL, type CelType, DYNAMIC, INT, mapOf, scalar } from './cel-types';
import { type Fields, isSet, list, num, record, str } from './go-values';
import { escapedName } from '../cel';

/** A node's type, as apiserver's DeclType holds it. */
export interface DeclNode {
  readonly type: CelType;
  /** The most characters, bytes, items or entries a value can hold (MaxElements). */
  readonly maxElements: bigint;
  /** The fewest bytes a value is serialized in as JSON (MinSerializedSize). */
  readonly minSerializedSize: bigint;
  /**
   * An object's fields by their escaped names (`__namespace__`, `a__dash__b`), as DeclType.Fields holds them: none of
   * a property whose name Escape refuses.
   */
  readonly fields?: ReadonlyMap<string, DeclNode>;
  /** A list's items or a map's values. */
  readonly elem?: DeclNode;
  /** A map's keys. */
  readonly key?: DeclNode;
}

/** celconfig.MaxRequestSizeBytes: 3 MiB. */
export const MAX_REQUEST_SIZE_BYTES = 3n * 1024n * 1024n;
const MAX_STRING = MAX_REQUEST_SIZE_BYTES - 2n;
// apiserver's pkg/cel/limits.go
const MIN_STRING_SIZE = 2n;
const MIN_BOOL_SIZE = 4n;
const MIN_NUMBER_SIZE = 1n;
const MIN_DURATION_SIZE_JSON = 3n;
const MAX_DURATION_SIZE_JSON = 32n;
const JSON_DATE_SIZE = 12n;
const MIN_DATETIME_SIZE_JSON = 21n;
const MAX_DATETIME_SIZE_JSON = 32n;

const simple = (type: CelType, minSerializedSize: bigint, maxElements = 0n): DeclNode => ({ type, minSerializedSize, maxElements });
/** The map keys' type (apiservercel.StringType), which has no size of its own. */
const MAP_KEY = simple(scalar('string'), MIN_STRING_SIZE);

/**
 * SchemaDeclType: the node's type, or undefined when CEL is given none (a node that only keeps unknown fields, a
 * list without items). A resource's root always has apiVersion, kind and metadata's name and generateName
 * (WithTypeAndObjectMeta).
 */
export function declNode(schema: Fields, isResourceRoot: boolean): DeclNode | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return simple(DYNAMIC, 1n, MAX_STRING);
  const node = isResourceRoot ? withTypeAndObjectMeta(schema) : schema;
  switch (str(node.type)) {
    case 'array': {
      const items = record(node.items);
      const elem = items && declNode(items, items['x-kubernetes-embedded-resource'] === true);
      if (!elem) return undefined;
      const maxItems = sizeLimit(node.maxItems) ?? (MAX_STRING / (elem.minSerializedSize + 1n));
      return { type: { kind: 'list', element: elem.type }, maxElements: maxItems, minSerializedSize: 2n, elem };
    }
    case 'object': {
      const additional = record(node.additionalProperties);
      if (additional) {
        const elem = declNode(additional, additional['x-kubernetes-embedded-resource'] === true);
        if (!elem) return undefined;
        // a key of two bytes with its quotes and colon, a comma and the smallest value
        const maxProperties = sizeLimit(node.maxProperties) ?? (MAX_STRING / (elem.minSerializedSize + 6n));
        return { type: mapOf(elem.type), maxElements: maxProperties, minSerializedSize: 2n, elem, key: MAP_KEY };
      }
      const required = new Set(list(node.required).map(str));
      const fields = new Map<string, DeclNode>();
      // `{}`, and each required property without a default (the API server fills defaults in)
      let minSerializedSize = 2n;
      for (const [name, value] of Object.entries(record(node.properties) ?? {})) {
        const property = record(value) ?? {};
        const field = declNode(property, property['x-kubernetes-embedded-resource'] === true);
        if (!field) continue;
        const escaped = escapedName(name);
        if (escaped !== undefined) fields.set(escaped, field);
        if (required.has(name) && !isSet(property.default)) minSerializedSize += BigInt(name.length) + field.minSerializedSize + 4n;
      }
      const type: CelType = { kind: 'object', fields: new Map([...fields].map(([name, field]) => [name, field.type])) };
      return { type, maxElements: 0n, minSerializedSize, fields };
    }
    case 'string':
      return stringNode(node);
    case 'boolean':
      return simple(BOOL, MIN_BOOL_SIZE);
    case 'number':
      return simple(scalar('double'), MIN_NUMBER_SIZE);
    case 'integer':
      return simple(INT, MIN_NUMBER_SIZE);
    default:
      return undefined;
  }
}

function stringNode(schema: Fields): DeclNode {
  const maxLength = sizeLimit(schema.maxLength);
  switch (str(schema.format)) {
    case 'byte':
      return simple(scalar('bytes'), MIN_STRING_SIZE, maxLength ?? MAX_STRING);
    case 'duration':
      return simple(scalar('duration'), MIN_DURATION_SIZE_JSON, MAX_DURATION_SIZE_JSON);
    case 'date':
      return simple(scalar('timestamp'), JSON_DATE_SIZE, JSON_DATE_SIZE);
    case 'date-time':
      return simple(scalar('timestamp'), MIN_DATETIME_SIZE_JSON, MAX_DATETIME_SIZE_JSON);
    default: {
      // maxLength counts characters, of up to four bytes each; an enum's longest value (in bytes, as Go's len)
      const enumValues = list(schema.enum);
      const longest = enumValues.reduce<bigint>((most, value) => (typeof value === 'string' && BigInt(utf8Length(value)) > most ? BigInt(utf8Length(value)) : most), 0n);
      const maxElements = maxLength !== undefined ? maxLength * 4n : enumValues.length > 0 ? longest : MAX_STRING;
      return simple(scalar('string'), MIN_STRING_SIZE, maxElements);
    }
  }
}

/** A maxItems, maxProperties or maxLength as the API server reads it (negative as 0), or undefined where unset. */
export function sizeLimit(value: unknown): bigint | undefined {
  const n = num(value);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return n < 0 ? 0n : BigInt(Math.trunc(n));
}

const utf8Length = (value: string): number => Buffer.byteLength(value, 'utf8');

const STRING_SCHEMA = { type: 'string' };

function withTypeAndObjectMeta(schema: Fields): Fields {
  const properties = record(schema.properties) ?? {};
  const typeOf = (value: unknown) => record(value)?.type;
  const metadata = record(properties.metadata);
  const metadataProperties = record(metadata?.properties) ?? {};
  if (
    typeOf(properties.kind) === 'string' &&
    typeOf(properties.apiVersion) === 'string' &&
    metadata?.type === 'object' &&
    typeOf(metadataProperties.name) === 'string' &&
    typeOf(metadataProperties.generateName) === 'string'
  ) {
    return schema;
  }
  const objectMeta = { type: 'object', properties: { name: STRING_SCHEMA, generateName: STRING_SCHEMA } };
  return { ...schema, properties: { ...properties, kind: STRING_SCHEMA, apiVersion: STRING_SCHEMA, metadata: objectMeta } };
}
