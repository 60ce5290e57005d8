// An EnvoyFilter patch's value, decoded as istiod's BuildXDSObjectFromStruct does (istio/istio 1.30 pkg/config/xds,
// with the legacy jsonpb) into the Envoy message its applyTo names, as far as envoy-descriptors.ts describes the
// messages: what envoy-filter.ts's header lists.
import { join, show } from '../structural';
import { Fields, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { decodedDuration } from '../go-duration';
import { ENUM_NAMES, ENVOY_MESSAGES, NESTED, PATCH_VALUE_TYPES } from './envoy-descriptors';
import { fail, warn } from './verdicts';

/** One field of a patched Envoy message: its names, its JSON shape (PATCH_VALUE_TYPES' letters), list or map of it. */
interface ValueField {
  readonly proto: string;
  readonly json: string;
  readonly kind: string;
  readonly container: '' | '*' | '%';
  /** The NESTED entry of a message field on the way to an extension. */
  readonly nested?: string;
}

interface ValueType {
  readonly name: string;
  readonly nested: string;
  readonly fields: readonly ValueField[];
  /** The fields' proto and JSON names. */
  readonly keys: ReadonlySet<string>;
}

interface Problem {
  readonly field: string;
  readonly message: string;
}

const TYPED = 'Typed';
const TYPED_OR_DISCOVERED = 'TypedDiscovery';
const TYPED_FIELDS: readonly ValueField[] = [
  { proto: 'name', json: 'name', kind: 's', container: '' },
  { proto: 'typed_config', json: 'typedConfig', kind: 'a', container: '' },
];
const TYPED_KEYS: ReadonlySet<string> = new Set(['name', 'typed_config', 'typedConfig']);
const CONFIG_DISCOVERY: ValueField = { proto: 'config_discovery', json: 'configDiscovery', kind: 'm', container: '' };
const GOOGLE_WELL_KNOWN = new Set(['Empty', 'Any', 'BoolValue', 'BytesValue', 'StringValue', 'Int32Value', 'UInt32Value', 'FloatValue',
  'Int64Value', 'UInt64Value', 'DoubleValue', 'Duration', 'Timestamp', 'Struct', 'Value', 'ListValue'].map((n) => `google.protobuf.${n}`));
// the packages of Envoy's v2 API (v2, v2alpha..., the v1alpha1 ones and the unversioned envoy.type ones), none of
// which istiod imports: an Any of one of their types never decodes
const RETIRED_ENVOY_TYPE = /^envoy\.(?:[a-z0-9_]+\.)*(?:v2(?:alpha\d*)?\.|v1alpha1\.[A-Z])|^envoy\.(?:type|type\.matcher|config\.cluster\.redis|config\.retry\.previous_priorities)\.[A-Z]/;
const WHOLE = /^(?:0|[1-9]\d*)$/;
const UINT_MAX = { U: 4294967295n, L: 18446744073709551615n } as const;
const INT32 = 2147483648;

let valueTypes: Map<string, ValueType> | undefined;
let nestedFields: Map<string, readonly ValueField[]> | undefined;
let enumNames: Map<string, readonly string[]> | undefined;
let envoyMessages: Set<string> | undefined;

/** Whether istiod knows an envoy.* message (ENVOY_MESSAGES). */
function knownEnvoyMessage(name: string): boolean {
  if (!envoyMessages) {
    envoyMessages = new Set();
    let pkg = '';
    for (const token of ENVOY_MESSAGES.split(/\s+/)) {
      if (token.startsWith('envoy.')) pkg = token;
      else if (token !== '') envoyMessages.add(`${pkg}.${token}`);
    }
  }
  return envoyMessages.has(name);
}

/** protoc's JSON name of a field: lowerCamelCase of its proto name. */
function jsonName(proto: string): string {
  return proto.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parseFields(names: string): ValueField[] {
  return names.split(' ').map((token) => {
    const [proto, shape] = token.split(':');
    const container = shape[0] === '*' || shape[0] === '%' ? shape[0] : '';
    return { proto, json: jsonName(proto), kind: shape.slice(container.length), container };
  });
}

/** The nested message fields of one NESTED entry, which all lead to an extension. */
function nestedOf(key: string): readonly ValueField[] {
  nestedFields ??= new Map(Object.entries(NESTED).map(([k, names]) => [k, parseFields(names).map((f) => ({ ...f, kind: 'm', nested: f.kind }))]));
  return key === TYPED || key === TYPED_OR_DISCOVERED ? [] : nestedFields.get(key) ?? [];
}

function valueType(applyTo: string): ValueType | undefined {
  valueTypes ??= new Map(Object.entries(PATCH_VALUE_TYPES).map(([kind, [name, nested, names]]) => {
    const leadsOn = new Map(nestedOf(nested).map((f) => [f.proto, f.nested]));
    const fields = parseFields(names).map((f) => (leadsOn.has(f.proto) ? { ...f, nested: leadsOn.get(f.proto) } : f));
    return [kind, { name, nested, fields, keys: new Set(fields.flatMap((f) => [f.proto, f.json])) }];
  }));
  return valueTypes.get(applyTo);
}

/** The value given for a field and the key it came under: jsonpb reads the proto name, then the JSON name over it. */
function given(object: Fields, field: ValueField): [unknown, string] | undefined {
  if (Object.hasOwn(object, field.json) && object[field.json] !== null) return [object[field.json], field.json];
  if (Object.hasOwn(object, field.proto) && object[field.proto] !== null && !Object.hasOwn(object, field.json)) {
    return [object[field.proto], field.proto];
  }
  return undefined;
}

/** The findings of decoding a patch value for `applyTo` (nothing for an applyTo without a message here). */
export function checkPatchValue(applyTo: string, value: Fields, field: string, report: Report): void {
  const type = valueType(applyTo);
  if (!type) return;
  const problem = decodeFields(value, type.fields, field);
  if (problem) return fail(report, problem.field, `${problem.message} (istiod decodes a ${applyTo} patch's value as an Envoy ${type.name})`);
  let unknownFields = false;
  const unknown = (object: Fields, keys: ReadonlySet<string>, at: string, name: string) => {
    for (const key of Object.keys(object)) {
      if (keys.has(key)) continue;
      unknownFields = true;
      warn(report, join(at, key), `${name} has no field ${show(key)}: istiod drops it (a typo, or a field of another Envoy version?)`);
    }
  };
  unknown(value, type.keys, field, type.name);
  const missing: [string, string][] = [];
  walkExtensions(value, type.nested, field, (object, at) => unknown(object, TYPED_KEYS, at, 'an extension'), (name, at) => missing.push([name, at]));
  // istiod looks for extensions without typed_config in the strictly decoded value, which an unknown field leaves it
  // without (unknown fields below the ones seen here, e.g. in a typed_config's content, it also stops at)
  if (unknownFields) return;
  for (const [name, at] of missing) {
    warn(report, at, `${name === '' ? 'this extension' : show(name)} has no typed_config: configuring an extension by its name alone ` +
      'is deprecated in Envoy and will stop working');
  }
}

/** The first field whose value jsonpb cannot decode, in the message's field order, or undefined. */
function decodeFields(object: Fields, fields: readonly ValueField[], at: string): Problem | undefined {
  for (const field of fields) {
    const found = given(object, field);
    if (!found) continue;
    const [value, key] = found;
    const problem = decodeField(value, field, key, join(at, key));
    if (problem) return problem;
  }
  return undefined;
}

function decodeField(value: unknown, field: ValueField, key: string, at: string): Problem | undefined {
  if (field.container === '*') {
    if (!Array.isArray(value)) return { field: at, message: `${key} must be a list, got ${show(value)}` };
    for (let i = 0; i < value.length; i++) {
      const problem = value[i] === null ? undefined : decodeSingular(value[i], field, `${key}[${i}]`, `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (field.container === '%') {
    const map = record(value);
    if (!map) return { field: at, message: `${key} must be a map, got ${show(value)}` };
    for (const [name, item] of Object.entries(map)) {
      const problem = item === null ? undefined : decodeSingular(item, field, `${key}[${JSON.stringify(name)}]`, join(at, name));
      if (problem) return problem;
    }
    return undefined;
  }
  return decodeSingular(value, field, key, at);
}

function decodeSingular(value: unknown, field: ValueField, key: string, at: string): Problem | undefined {
  const problem = (message: string): Problem => ({ field: at, message: `${key} ${message}, got ${show(value)}` });
  switch (field.kind[0]) {
    case 's':
      return typeof value === 'string' ? undefined : problem('must be a string');
    case 'b':
    case 'B':
      return typeof value === 'boolean' ? undefined : problem('must be true or false');
    case 'U':
    case 'L':
      return wholeNumberFits(value, UINT_MAX[field.kind as 'U' | 'L']) ? undefined : problem(`must be a whole number from 0 to ${UINT_MAX[field.kind as 'U' | 'L']}`);
    case 'd':
      return typeof value === 'string' && decodedDuration(value) !== undefined ? undefined : problem('must be a duration such as "5s" or "1.5s"');
    case 'e': {
      enumNames ??= new Map(Object.entries(ENUM_NAMES).map(([name, values]) => [name, values.split(' ')]));
      const names = enumNames.get(field.kind.slice(1)) ?? [];
      if (typeof value === 'string' ? names.includes(value) : Number.isInteger(value) && Math.abs(value as number) <= INT32 && value !== INT32) return undefined;
      return problem(`must be one of ${names.join(', ')}`);
    }
    case 'a':
      return anyProblem(value, key, at);
    default: {
      const object = record(value);
      if (!object) return problem('must be an object');
      return field.nested ? decodeNested(object, field.nested, at) : undefined;
    }
  }
}

/** jsonpb's reading of a whole number: a JSON number, or a string holding one, that fits. */
function wholeNumberFits(value: unknown, max: bigint): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < 1e21 && BigInt(value) <= max;
  if (typeof value !== 'string') return false;
  // the quotes are stripped and the rest read as JSON; the only whitespace left unescaped is the space
  const digits = value.replace(/^ +| +$/g, '');
  return digits === 'null' || (WHOLE.test(digits) && BigInt(digits) <= max);
}

/** An Any: an object whose "@type" names a message istiod knows, and a well-known type's content under "value". */
function anyProblem(value: unknown, key: string, at: string): Problem | undefined {
  const any = record(value);
  if (!any) return { field: at, message: `${key} must be an object with an "@type", got ${show(value)}` };
  if (!Object.hasOwn(any, '@type')) return { field: at, message: `${key} must name the type of its content in "@type"` };
  const url = any['@type'];
  const typeAt = join(at, '@type');
  if (typeof url !== 'string') return { field: typeAt, message: `${key}'s "@type" must be a type URL string, got ${show(url)}` };
  const name = url.slice(url.lastIndexOf('/') + 1);
  if (name === '') return { field: typeAt, message: `${key}'s "@type" names no type, got ${show(url)}` };
  if (RETIRED_ENVOY_TYPE.test(name)) {
    return { field: typeAt, message: `${key}'s "@type" ${show(url)} is a type of Envoy's v2 API, which istiod does not know: use its v3 type` };
  }
  if (name.startsWith('envoy.') && !knownEnvoyMessage(name)) {
    return { field: typeAt, message: `${key}'s "@type" ${show(url)} names no Envoy message istiod knows (a typo, or a type of another Envoy version?)` };
  }
  if (GOOGLE_WELL_KNOWN.has(name) && !Object.hasOwn(any, 'value')) return { field: at, message: `${key} holds a ${name}, which it must give under "value"` };
  return undefined;
}

/** The first problem on the singular message fields that lead to extensions, which the tables know in full. */
function decodeNested(object: Fields, nested: string, at: string): Problem | undefined {
  if (nested === TYPED) return decodeFields(object, TYPED_FIELDS, at);
  for (const field of nestedOf(nested)) {
    const found = given(object, field);
    if (!found) continue;
    const [value, key] = found;
    const inner = record(value);
    if (!inner) return { field: join(at, key), message: `${key} must be an object, got ${show(value)}` };
    const problem = decodeNested(inner, field.nested ?? '', join(at, key));
    if (problem) return problem;
  }
  return undefined;
}

/**
 * recurseMissingTypedConfig through the set singular message fields that lead to extensions: each nested extension
 * is passed to `extension`, and each extension without typed_config (nor config_discovery, where the message has it)
 * to `missing`, an extension after the ones inside it, as Go lists them.
 */
function walkExtensions(
  object: Fields, nested: string, at: string,
  extension: (object: Fields, at: string) => void, missing: (name: string, at: string) => void, root = true,
): void {
  for (const field of nestedOf(nested)) {
    const found = given(object, field);
    const inner = found && record(found[0]);
    if (found && inner) walkExtensions(inner, field.nested ?? '', join(at, found[1]), extension, missing, false);
  }
  if (nested !== TYPED && nested !== TYPED_OR_DISCOVERED) return;
  if (!root) extension(object, at);
  const typed = given(object, TYPED_FIELDS[1]) !== undefined;
  const discovered = nested === TYPED_OR_DISCOVERED && given(object, CONFIG_DISCOVERY) !== undefined;
  if (!typed && !discovered) missing(typeof object.name === 'string' ? object.name : '', at);
}
