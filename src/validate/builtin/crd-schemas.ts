// The OpenAPI schema of a CustomResourceDefinition's version, as the API server checks it at create
// (k8s.io/apiextensions-apiserver v0.33: validateCustomResourceDefinitionValidation with a create's options, every
// `require...` on), in Go's order:
// - with the status subresource, the root holds only the fields Go allows there (allowedFieldsAtRootSchema), and
//   never `nullable: true`;
// - the schema must convert to a structural one (schema.NewStructural: no `$schema`, `id`, `$ref`...), said only when
//   nothing else is;
// - ValidateStructural: every specified field and array item has a type, no additionalProperties at the root,
//   `x-kubernetes-embedded-resource` objects, int-or-string's two allowed shapes, nothing but value validations under
//   allOf, anyOf, oneOf and not (and only fields specified outside of them), root metadata restricted to name and
//   generateName, each `pattern` one Go's regexp compiles; then, when it holds, the defaults (./crd-defaults.ts);
// - ValidateCustomResourceDefinitionOpenAPISchema: the valid types, the keywords Kubernetes does not support, defaults
//   where they are forbidden, uniqueItems, properties beside additionalProperties, the list and map extensions and
//   the keys of map lists, each CEL rule's own fields (message, messageExpression, reason, fieldPath), and then, where
//   the schema is structural, its defaults valid (./crd-defaults.ts) and the node and all below it have no problem,
//   each rule's compilation (./crd-rule-compilation.ts).
// Not mirrored: the rules' estimated cost (a version's selectable fields are checked with the version, in
// ./custom-resource-definitions.ts). Go reports the problems of a schema every version shares once, at spec.validation
// (the v1 conversion moves it there); they are reported here at the path of the first version that has it, which is
// the file's.
import { MESSAGES, type MessageType } from '../findings';
import { regexpProblem } from '../go-regexp';
import { join, show } from '../structural';
import { checkDefaults, META_FIELDS } from './crd-defaults';
import { compileRules, type SchemaPath } from './crd-rule-compilation';
import { childCardinality, RuleCostTotal } from './crd-rule-costs';
import { Fields, goTrimSpace, isSet, list, record, str } from './go-values';
import { Report } from './report';
import type { KubernetesVersion } from '../schemas';

type Level = 'root' | 'item' | 'field';
type Add = (type: MessageType, field: string, message: string) => void;

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const VALIDATION_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const NEWLINE = /[\n\r]/;

/** JSONSchemaProps' fields in Go's order (the status root check reports the first it does not allow). */
const SCHEMA_FIELDS = [
  'id', '$schema', '$ref', 'description', 'type', 'nullable', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum',
  'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf',
  'enum', 'maxProperties', 'minProperties', 'required', 'items', 'allOf', 'oneOf', 'anyOf', 'not', 'properties',
  'additionalProperties', 'patternProperties', 'dependencies', 'additionalItems', 'definitions', 'externalDocs', 'example',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-validations',
];
const SCHEMA_FIELD_SET: ReadonlySet<string> = new Set(SCHEMA_FIELDS);
const ALLOWED_AT_STATUS_ROOT = new Set([
  'description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
  'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required', 'items', 'properties',
  'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations',
]);
/** The fields of a string or bool type in Go, whose "" or false is unset; every other field is set when not null. */
const STRING_OR_BOOL_FIELDS = new Set([
  'id', '$schema', 'description', 'type', 'nullable', 'format', 'title', 'exclusiveMaximum', 'exclusiveMinimum', 'pattern',
  'uniqueItems', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
]);

/** Whether Go's decoded JSONSchemaProps has `key` at a value other than its zero value. */
function isGiven(schema: Fields, key: string): boolean {
  const value = schema[key];
  if (!isSet(value)) return false;
  return STRING_OR_BOOL_FIELDS.has(key) ? value !== '' && value !== false : true;
}

/**
 * Validation of a version's `schema.openAPIV3Schema` (at `field`), with or without the status subresource, its rules
 * compiled with the CEL libraries of `libraries`.
 */
export function checkCrdSchema(schema: Fields, field: string, statusEnabled: boolean, report: Report, libraries: KubernetesVersion): void {
  const problems: [MessageType, string, string][] = [];
  const add: Add = (type, at, message) => problems.push([type, at, message]);
  if (statusEnabled) checkStatusRoot(schema, field, add);
  if (schema.nullable === true) add(MESSAGES.invalidFieldValue, join(field, 'nullable'), 'nullable cannot be true at the root');
  const conversionProblem = structuralConversionProblem(schema);
  let structural = false;
  if (conversionProblem === undefined) {
    const before = problems.length;
    checkInvariants(schema, 'root', field, add);
    checkCompleteness(schema, field, add);
    // the defaults are checked on a structural schema, and the rules compiled only when they pass
    structural = problems.length === before && checkDefaults(schema, field, add) === 0;
  }
  const root: WalkState = { libraries, allowDefaults: true, disallowDefaultsReason: '', insideResourceMeta: false };
  const costs = new RuleCostTotal();
  checkOpenApiSchema(schema, field, root, true, structural ? { isResourceRoot: true, cardinality: 1n, costs } : undefined, add);
  for (const [at, message] of costs.problems(field)) add(MESSAGES.invalidFieldValue, at, message);
  if (problems.length === 0 && conversionProblem !== undefined) add(MESSAGES.invalidFieldValue, field, conversionProblem);
  for (const [type, at, message] of problems) report(type, at, message);
}

/** With the status subresource, the root's type is object and it holds only the fields of ALLOWED_AT_STATUS_ROOT. */
function checkStatusRoot(schema: Fields, field: string, add: Add): void {
  for (const key of SCHEMA_FIELDS) {
    if (!isGiven(schema, key)) continue;
    if (key === 'type') {
      if (schema.type === 'object') continue;
      add(MESSAGES.invalidFieldValue, join(field, 'type'), `only "object" is allowed as the type at the root of the schema if the status subresource is enabled, got ${show(schema.type)}`);
      return;
    }
    if (!ALLOWED_AT_STATUS_ROOT.has(key)) {
      add(MESSAGES.invalidFieldValue, field, `only ${[...ALLOWED_AT_STATUS_ROOT].join(', ')} are allowed at the root of the schema if the status subresource is enabled, got ${key}`);
      return;
    }
  }
}

/** schema.NewStructural's first refusal, in its walk's order, or undefined when the schema converts. */
function structuralConversionProblem(schema: Fields | undefined): string | undefined {
  if (!schema) return undefined;
  const unsupported: [string, boolean][] = [
    ['id', isGiven(schema, 'id')],
    ['schema', isGiven(schema, '$schema')],
    ['$ref', typeof schema.$ref === 'string' && schema.$ref !== ''],
    ['patternProperties', Object.keys(record(schema.patternProperties) ?? {}).length > 0],
    ['dependencies', Object.keys(record(schema.dependencies) ?? {}).length > 0],
    ['additionalItems', isSet(schema.additionalItems)],
    ['definitions', Object.keys(record(schema.definitions) ?? {}).length > 0],
  ];
  for (const [name, given] of unsupported) if (given) return `OpenAPIV3Schema '${name}' is not supported`;
  const nested = [record(schema.not), ...list(schema.allOf), ...list(schema.anyOf), ...list(schema.oneOf)];
  for (const clause of nested) {
    const problem = structuralConversionProblem(record(clause));
    if (problem) return problem;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
  if (Array.isArray(schema.items) && schema.items.length > 0) return "OpenAPIV3Schema 'items' must be a schema, but is an array";
  const children = [record(schema.items), ...Object.values(record(schema.properties) ?? {}), record(schema.additionalProperties)];
  for (const child of children) {
    const problem = structuralConversionProblem(record(child));
    if (problem) return problem;
  }
  return undefined;
}

const propertiesOf = (schema: Fields): [string, Fields][] =>
  Object.entries(record(schema.properties) ?? {}).map(([name, value]) => [name, record(value) ?? {}]);

/** validateStructuralInvariants, on a node of the structural part of the schema. */
function checkInvariants(s: Fields, level: Level, field: string, add: Add): void {
  const type = str(s.type);
  const items = record(s.items);
  if (type === 'array' && !items) add(MESSAGES.requiredValue, join(field, 'items'), 'must be specified for an array');
  if (items) checkInvariants(items, 'item', join(field, 'items'), add);
  for (const [name, property] of propertiesOf(s)) checkInvariants(property, 'field', join(join(field, 'properties'), name), add);
  const additional = s.additionalProperties;
  if (isSet(additional)) {
    if (level === 'root') add(MESSAGES.invalidFieldValue, join(field, 'additionalProperties'), 'must not be used at the root');
    const schema = record(additional);
    if (schema) checkInvariants(schema, 'field', join(field, 'additionalProperties'), add);
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve) {
    add(MESSAGES.invalidFieldValue, join(field, 'x-kubernetes-preserve-unknown-fields'), 'must be false if x-kubernetes-int-or-string is true');
  }
  if (intOrString && embedded) add(MESSAGES.invalidFieldValue, join(field, 'x-kubernetes-embedded-resource'), 'must be false if x-kubernetes-int-or-string is true');
  const allOf = list(s.allOf);
  checkValueValidation(s, isIntOrStringAnyOf(s.anyOf), allOf.length > 0 && isIntOrStringAnyOf(record(allOf[0])?.anyOf), field, add);
  if (embedded && type !== 'object') {
    const message = 'must be object if x-kubernetes-embedded-resource is true';
    if (type === '') add(MESSAGES.requiredValue, join(field, 'type'), message);
    else add(MESSAGES.invalidFieldValue, join(field, 'type'), `${message}, got ${show(type)}`);
  } else if (type === '' && !intOrString && !preserve) {
    const where = { root: 'at the root', item: 'for specified array items', field: 'for specified object fields' }[level];
    add(MESSAGES.requiredValue, join(field, 'type'), `must not be empty ${where}`);
  }
  if (embedded && isSet(additional)) add(MESSAGES.invalidFieldValue, join(field, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set');
  if (level === 'root' && type !== '' && type !== 'object') add(MESSAGES.invalidFieldValue, join(field, 'type'), `must be object at the root, got ${show(type)}`);
  const properties = record(s.properties) ?? {};
  const checkMetadata = level === 'root' || embedded;
  for (const key of ['kind', 'apiVersion']) {
    if (!(key in properties) || !checkMetadata) continue;
    const keyType = str(record(properties[key])?.type);
    if (keyType !== 'string') add(MESSAGES.invalidFieldValue, join(join(join(field, 'properties'), key), 'type'), `must be string, got ${show(keyType)}`);
  }
  if ('metadata' in properties) checkMetadataInvariants(record(properties.metadata) ?? {}, checkMetadata, level, join(join(field, 'properties'), 'metadata'), add);
  if (embedded && !preserve && Object.keys(properties).length === 0) {
    add(MESSAGES.requiredValue, join(field, 'properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields');
  }
}

/** Whether a node's anyOf is exactly `[{type: integer}, {type: string}]`, int-or-string's shape. */
function isIntOrStringAnyOf(anyOf: unknown): boolean {
  const clauses = list(anyOf);
  if (clauses.length !== 2) return false;
  return ['integer', 'string'].every((type, i) => {
    const clause = record(clauses[i]);
    return clause !== undefined && clause.type === type && Object.keys(clause).every((key) => key === 'type' || !isGivenInStructure(clause, key));
  });
}

/**
 * Whether the structural form of a node holds `key` at a non-zero value: as isGiven, but for what NewStructural
 * drops (the keywords it refuses, externalDocs, example, unknown keys) and the lists it rebuilds, where an empty list
 * is none.
 */
function isGivenInStructure(schema: Fields, key: string): boolean {
  // a key JSONSchemaProps has no field for is dropped while decoding (the schema check reports it)
  if (!SCHEMA_FIELD_SET.has(key)) return false;
  if (['externalDocs', 'example', 'id', '$schema', '$ref', 'patternProperties', 'dependencies', 'additionalItems', 'definitions'].includes(key)) return false;
  if (['enum', 'allOf', 'anyOf', 'oneOf', 'properties'].includes(key)) return list(schema[key]).length > 0 || Object.keys(record(schema[key]) ?? {}).length > 0;
  return isGiven(schema, key);
}

/** validateValueValidation: a node's allOf, anyOf, oneOf and not, and its pattern. */
function checkValueValidation(v: Fields, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, field: string, add: Add): void {
  if (!skipAnyOf) list(v.anyOf).forEach((clause, i) => checkNested(record(clause), false, false, `${join(field, 'anyOf')}[${i}]`, add));
  list(v.allOf).forEach((clause, i) => checkNested(record(clause), skipFirstAllOfAnyOf && i === 0, false, `${join(field, 'allOf')}[${i}]`, add));
  list(v.oneOf).forEach((clause, i) => checkNested(record(clause), false, false, `${join(field, 'oneOf')}[${i}]`, add));
  checkNested(record(v.not), false, false, join(field, 'not'), add);
  const pattern = str(v.pattern);
  if (pattern !== '') {
    const problem = regexpProblem(pattern);
    if (problem) add(MESSAGES.invalidFieldValue, join(field, 'pattern'), `must be a valid regular expression, but isn't: ${problem}`);
  }
}

/** validateNestedValueValidation: under allOf, anyOf, oneOf and not, only value validations. */
function checkNested(v: Fields | undefined, skipAnyOf: boolean, skipAllOfAnyOf: boolean, field: string, add: Add): void {
  if (!v) return;
  checkValueValidation(v, skipAnyOf, skipAllOfAnyOf, field, add);
  const items = record(v.items);
  if (items) checkNested(items, false, false, join(field, 'items'), add);
  for (const [name, property] of propertiesOf(v)) checkNested(property, false, false, join(join(field, 'properties'), name), add);
  const forbidden = (key: string, rule: string) => add(MESSAGES.invalidFieldValue, join(field, key), `${rule} to be structural: only value validations may be given under allOf, anyOf, oneOf and not`);
  if (str(v.type) !== '') forbidden('type', 'must be empty');
  // additionalProperties: false is none in Go's nested form
  if (record(v.additionalProperties) || v.additionalProperties === true) forbidden('additionalProperties', 'must be undefined');
  if (isSet(v.default)) forbidden('default', 'must be undefined');
  if (str(v.title) !== '') forbidden('title', 'must be empty');
  if (str(v.description) !== '') forbidden('description', 'must be empty');
  if (v.nullable === true) forbidden('nullable', 'must be false');
  for (const key of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']) {
    if (v[key] === true) forbidden(key, 'must be false');
  }
  if (list(v['x-kubernetes-list-map-keys']).length > 0) forbidden('x-kubernetes-list-map-keys', 'must be empty');
  for (const key of ['x-kubernetes-list-type', 'x-kubernetes-map-type']) if (isSet(v[key])) forbidden(key, 'must be undefined');
  if (list(v['x-kubernetes-validations']).length > 0) forbidden('x-kubernetes-validations', 'must be empty');
  if ('metadata' in (record(v.properties) ?? {})) {
    add(MESSAGES.invalidFieldValue, join(join(field, 'properties'), 'metadata'), 'must not be specified in a nested context');
  }
}

/** validateStructuralMetadataInvariants: metadata is an object; at the root it may only restrict name and generateName. */
function checkMetadataInvariants(metadata: Fields, checkMetadata: boolean, level: Level, field: string, add: Add): void {
  if (checkMetadata && metadata.type !== 'object') add(MESSAGES.invalidFieldValue, join(field, 'type'), `must be object, got ${show(str(metadata.type))}`);
  if (level !== 'root') return;
  const names = Object.keys(record(metadata.properties) ?? {});
  const onlyNames = names.length > 0 && names.length <= 2 && names.every((name) => name === 'name' || name === 'generateName');
  const others = Object.keys(metadata).filter((key) => key !== 'type' && key !== 'default' && !(key === 'properties' && onlyNames) && isGivenInStructure(metadata, key));
  if (others.length > 0) {
    add(MESSAGES.invalidFieldValue, field, `must not specify anything other than name and generateName, but metadata is implicitly specified (got ${others.join(', ')})`);
  }
}

/** validateStructuralCompleteness: what the root's allOf, anyOf, oneOf and not specify is specified outside them too. */
function checkCompleteness(root: Fields, field: string, add: Add): void {
  checkValueCompleteness(root, root, field, field, add);
}

function checkValueCompleteness(v: Fields, s: Fields, sField: string, vField: string, add: Add): void {
  checkNestedCompleteness(record(v.not), s, sField, join(vField, 'not'), add);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    list(v[key]).forEach((clause, i) => checkNestedCompleteness(record(clause), s, sField, `${join(vField, key)}[${i}]`, add));
  }
}

function checkNestedCompleteness(v: Fields | undefined, s: Fields | undefined, sField: string, vField: string, add: Add): void {
  if (!v) return;
  if (!s) {
    add(MESSAGES.requiredValue, sField, `must be specified because it is defined in ${vField}`);
    return;
  }
  checkValueCompleteness(v, s, sField, vField, add);
  checkNestedCompleteness(record(v.items), record(s.items), join(sField, 'items'), join(vField, 'items'), add);
  const structural = record(s.properties) ?? {};
  for (const [name, property] of propertiesOf(v)) {
    const sPath = join(join(sField, 'properties'), name);
    if (name in structural) checkNestedCompleteness(property, record(structural[name]) ?? {}, sPath, join(join(vField, 'properties'), name), add);
    else add(MESSAGES.requiredValue, sPath, `must be specified because it is defined in ${join(join(vField, 'properties'), name)}`);
  }
}

/** specStandardValidatorV3's state as the walk goes down. */
interface WalkState {
  /** The Kubernetes version whose CEL libraries compile the rules. */
  readonly libraries: KubernetesVersion;
  readonly allowDefaults: boolean;
  readonly disallowDefaultsReason: string;
  readonly insideResourceMeta: boolean;
  /** The highest path whose items or properties cannot be correlated with their old values: no oldSelf below it. */
  readonly uncorrelatable?: string;
}


/** Where a node's rules are compiled: whether it is a resource's root, its cardinality, and the schema's total cost. */
interface RuleContext {
  readonly isResourceRoot: boolean;
  readonly cardinality: bigint | undefined;
  readonly costs: RuleCostTotal;
}

/**
 * ValidateCustomResourceDefinitionOpenAPISchema on a node and all below it; returns how many schema problems it
 * reported (the rules of a node compile only when neither it nor anything below it has one). `rules` is set where the
 * schema is structural and the node's rules are compiled (CELSchemaContext).
 */
function checkOpenApiSchema(
  schema: Fields,
  field: string,
  state: WalkState,
  isRoot: boolean,
  rules: RuleContext | undefined,
  add: Add,
): number {
  /** The context of a child (ChildPropertyContext, ChildItemsContext, ChildAdditionalPropertiesContext). */
  const childRules = (child: Fields): RuleContext | undefined => rules && {
    isResourceRoot: child['x-kubernetes-embedded-resource'] === true,
    cardinality: childCardinality(rules.cardinality, schema),
    costs: rules.costs,
  };
  let count = 0;
  const problem: Add = (type, at, message) => {
    count++;
    add(type, at, message);
  };
  checkKeywords(schema, field, state, problem);
  if (schema.uniqueItems === true) problem(MESSAGES.invalidFieldValue, join(field, 'uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
  const properties = propertiesOf(schema);
  const additional = schema.additionalProperties;
  if (isSet(additional)) {
    if (properties.length > 0 && (additional === false || record(additional))) {
      problem(MESSAGES.invalidFieldValue, join(field, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive');
    }
    const schemaOfAdditional = record(additional);
    if (schemaOfAdditional) {
      const sub = state.insideResourceMeta ? forbidDefaults(state, 'inside additionalProperties applying to object metadata') : state;
      count += checkOpenApiSchema(schemaOfAdditional, join(field, 'additionalProperties'), sub, false, childRules(schemaOfAdditional), add);
    }
  }
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const mapType = schema['x-kubernetes-map-type'];
  for (const [name, property] of properties) {
    let sub = state;
    if (!(mapType === undefined || mapType === null || mapType === 'granular' || mapType === 'atomic')) sub = forbidOldSelf(sub, field);
    if ((isRoot || embedded) && META_FIELDS.has(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = forbidDefaults(sub, `in top-level ${name}`);
    }
    count += checkOpenApiSchema(property, join(join(field, 'properties'), name), sub, false, childRules(property), add);
  }
  const not = record(schema.not);
  if (not) count += checkOpenApiSchema(not, join(field, 'not'), state, false, undefined, add);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    list(schema[key]).forEach((clause, i) => {
      const node = record(clause);
      if (node) count += checkOpenApiSchema(node, `${join(field, key)}[${i}]`, state, false, undefined, add);
    });
  }
  for (const [name, definition] of Object.entries(record(schema.definitions) ?? {})) {
    const node = record(definition);
    if (node) count += checkOpenApiSchema(node, join(join(field, 'definitions'), name), state, false, undefined, add);
  }
  const listType = schema['x-kubernetes-list-type'];
  const items = schema.items;
  if (isSet(items)) {
    const sub = listType !== 'map' ? forbidOldSelf(state, field) : state;
    const single = record(items);
    if (single) count += checkOpenApiSchema(single, join(field, 'items'), sub, false, childRules(single), add);
    list(items).forEach((item, i) => {
      const node = record(item);
      if (node) count += checkOpenApiSchema(node, `${join(field, 'items')}[${i}]`, sub, false, undefined, add);
    });
  }
  for (const [name, dependency] of Object.entries(record(schema.dependencies) ?? {})) {
    const node = record(dependency);
    if (node) count += checkOpenApiSchema(node, join(join(field, 'dependencies'), name), state, false, undefined, add);
  }
  checkExtensions(schema, field, problem);
  const ruleCount = checkRuleFields(schema, field, problem);
  if (count === 0 && rules && ruleCount > 0) {
    const path: SchemaPath = { field, uncorrelatable: state.uncorrelatable, cardinality: rules.cardinality };
    compileRules(schema, rules.isResourceRoot || isRoot, path, add, state.libraries, rules.costs);
  }
  return count;
}

const forbidDefaults = (state: WalkState, reason: string): WalkState => ({ ...state, allowDefaults: false, disallowDefaultsReason: reason });
const forbidOldSelf = (state: WalkState, field: string): WalkState =>
  state.uncorrelatable !== undefined ? state : { ...state, uncorrelatable: field };

/** specStandardValidatorV3.validate: the types, defaults and keywords a CRD's schema may hold. */
function checkKeywords(schema: Fields, field: string, state: WalkState, problem: Add): void {
  const type = str(schema.type);
  if (type !== '' && !OPENAPI_V3_TYPES.includes(type)) {
    problem(MESSAGES.unsupportedValue, join(field, 'type'), `the type must be one of ${OPENAPI_V3_TYPES.join(', ')}, got ${show(type)}`);
  }
  if (isSet(schema.default) && !state.allowDefaults) {
    problem(MESSAGES.invalidFieldValue, join(field, 'default'), `must not be set${state.disallowDefaultsReason ? ` ${state.disallowDefaultsReason}` : ''}`);
  }
  if (str(schema.id) !== '') problem(MESSAGES.invalidFieldValue, join(field, 'id'), 'id is not supported');
  if (isSet(schema.additionalItems)) problem(MESSAGES.invalidFieldValue, join(field, 'additionalItems'), 'additionalItems is not supported');
  if (Object.keys(record(schema.patternProperties) ?? {}).length > 0) problem(MESSAGES.invalidFieldValue, join(field, 'patternProperties'), 'patternProperties is not supported');
  if (Object.keys(record(schema.definitions) ?? {}).length > 0) problem(MESSAGES.invalidFieldValue, join(field, 'definitions'), 'definitions is not supported');
  if (isSet(schema.dependencies)) problem(MESSAGES.invalidFieldValue, join(field, 'dependencies'), 'dependencies is not supported');
  if (typeof schema.$ref === 'string') problem(MESSAGES.invalidFieldValue, join(field, '$ref'), '$ref is not supported');
  if (type === 'null') problem(MESSAGES.invalidFieldValue, join(field, 'type'), 'type cannot be set to null, use nullable as an alternative');
  if (list(schema.items).length > 0) problem(MESSAGES.invalidFieldValue, join(field, 'items'), 'items must be a schema object and not an array');
  if (state.insideResourceMeta && schema['x-kubernetes-embedded-resource'] === true) {
    problem(MESSAGES.invalidFieldValue, join(field, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta');
  }
}

/** The list and map extensions: their values, the types they need, the keys of a map list. */
function checkExtensions(schema: Fields, field: string, problem: Add): void {
  const type = str(schema.type);
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) {
    problem(MESSAGES.invalidFieldValue, join(field, 'x-kubernetes-preserve-unknown-fields'), 'must be true or undefined');
  }
  const needsType = (extension: string, needed: string) => {
    const message = `must be ${needed} if ${extension} is specified`;
    if (type === '') problem(MESSAGES.requiredValue, join(field, 'type'), message);
    else problem(MESSAGES.invalidFieldValue, join(field, 'type'), `${message}, got ${show(type)}`);
  };
  const mapType = schema['x-kubernetes-map-type'];
  if (isSet(mapType) && type !== 'object') needsType('x-kubernetes-map-type', 'object');
  if (isSet(mapType) && mapType !== 'atomic' && mapType !== 'granular') {
    problem(MESSAGES.unsupportedValue, join(field, 'x-kubernetes-map-type'), `x-kubernetes-map-type must be one of atomic, granular, got ${show(mapType)}`);
  }
  const listType = schema['x-kubernetes-list-type'];
  const items = record(schema.items);
  if (isSet(listType) && type !== 'array') {
    needsType('x-kubernetes-list-type', 'array');
  } else if (listType === 'set' && items) {
    if (items.type === 'array' && isSet(items['x-kubernetes-list-type']) && items['x-kubernetes-list-type'] !== 'atomic') {
      problem(MESSAGES.invalidFieldValue, join(join(field, 'items'), 'x-kubernetes-list-type'), 'must be atomic as item of a list with x-kubernetes-list-type=set');
    }
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      problem(MESSAGES.invalidFieldValue, join(join(field, 'items'), 'x-kubernetes-map-type'), 'must be atomic as item of a list with x-kubernetes-list-type=set');
    }
  }
  if (isSet(listType) && !['atomic', 'set', 'map'].includes(listType as string)) {
    problem(MESSAGES.unsupportedValue, join(field, 'x-kubernetes-list-type'), `x-kubernetes-list-type must be one of atomic, set, map, got ${show(listType)}`);
  }
  const keys = list(schema['x-kubernetes-list-map-keys']).map(str);
  if (keys.length > 0 && listType !== 'map') {
    const message = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (!isSet(listType)) problem(MESSAGES.requiredValue, join(field, 'x-kubernetes-list-type'), message);
    else problem(MESSAGES.invalidFieldValue, join(field, 'x-kubernetes-list-type'), `${message}, got ${show(listType)}`);
  }
  if (listType === 'map') checkMapList(schema, keys, field, problem);
  if (items && (listType === 'set' || listType === 'map')) checkSetOrMapItems(items, listType, keys, field, problem);
}

/** A map list: its keys, and items of one object schema whose properties hold them as scalars. */
function checkMapList(schema: Fields, keys: readonly string[], field: string, problem: Add): void {
  const keysField = join(field, 'x-kubernetes-list-map-keys');
  if (keys.length === 0) problem(MESSAGES.requiredValue, keysField, 'must not be empty if x-kubernetes-list-type is map');
  if (!isSet(schema.items)) problem(MESSAGES.requiredValue, join(field, 'items'), 'must have a schema if x-kubernetes-list-type is map');
  const items = record(schema.items);
  if (isSet(schema.items) && !items) problem(MESSAGES.invalidFieldValue, join(field, 'items'), 'must only have a single schema if x-kubernetes-list-type is map');
  if (!items) return;
  if (items.type !== 'object') {
    problem(MESSAGES.invalidFieldValue, join(join(field, 'items'), 'type'), `must be object if parent array's x-kubernetes-list-type is map, got ${show(str(items.type))}`);
    return;
  }
  const properties = record(items.properties) ?? {};
  const seen = new Set<string>();
  for (const key of keys) {
    const property = record(properties[key]);
    if (key in properties) {
      const type = str(property?.type);
      if (type === 'array' || type === 'object') {
        problem(MESSAGES.invalidFieldValue, join(join(join(join(field, 'items'), 'properties'), key), 'type'), `must be a scalar type if parent array's x-kubernetes-list-type is map, got ${show(type)}`);
      }
    } else {
      problem(MESSAGES.invalidFieldValue, keysField, `entries must all be names of item properties, got ${show(key)}`);
    }
    if (seen.has(key)) problem(MESSAGES.invalidFieldValue, keysField, `must not contain duplicate entries, got ${show(key)} twice`);
    seen.add(key);
  }
}

/** validateMapListKeysMapSet: items of a set or map list are not nullable; a map list's keys are required or defaulted. */
function checkSetOrMapItems(items: Fields, listType: string, keys: readonly string[], field: string, problem: Add): void {
  const itemsField = join(field, 'items');
  if (items.nullable === true) problem(MESSAGES.invalidFieldValue, join(itemsField, 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`);
  if (listType !== 'map') return;
  const required = new Set(list(items.required).map(str));
  const properties = record(items.properties) ?? {};
  for (const key of keys) {
    if (!(key in properties)) continue;
    const property = record(properties[key]) ?? {};
    const at = join(join(itemsField, 'properties'), key);
    if (!required.has(key) && !isSet(property.default)) {
      problem(MESSAGES.requiredValue, join(at, 'default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property');
    }
    if (property.nullable === true) problem(MESSAGES.invalidFieldValue, join(at, 'nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable');
  }
}

/** Each rule's own fields: a rule, a message without line breaks, a known reason, a field path into the node. */
function checkRuleFields(schema: Fields, field: string, problem: Add): number {
  const rules = list(schema['x-kubernetes-validations']);
  rules.forEach((value, i) => {
    const rule = record(value) ?? {};
    const at = `${join(field, 'x-kubernetes-validations')}[${i}]`;
    const trimmedRule = goTrimSpace(str(rule.rule));
    const message = str(rule.message);
    const trimmedMessage = goTrimSpace(message);
    if (trimmedRule === '') problem(MESSAGES.requiredValue, join(at, 'rule'), 'rule is not specified');
    else if (message !== '' && trimmedMessage === '') problem(MESSAGES.invalidFieldValue, join(at, 'message'), 'message must be non-empty if specified');
    else if (NEWLINE.test(trimmedMessage)) problem(MESSAGES.invalidFieldValue, join(at, 'message'), 'message must not contain line breaks');
    else if (NEWLINE.test(trimmedRule) && trimmedMessage === '') problem(MESSAGES.requiredValue, join(at, 'message'), 'message must be specified if rule contains line breaks');
    const messageExpression = str(rule.messageExpression);
    if (messageExpression !== '' && goTrimSpace(messageExpression) === '') {
      problem(MESSAGES.requiredValue, join(at, 'messageExpression'), 'messageExpression must be non-empty if specified');
    }
    if (typeof rule.reason === 'string' && !VALIDATION_REASONS.includes(rule.reason)) {
      problem(MESSAGES.unsupportedValue, join(at, 'reason'), `the reason must be one of ${VALIDATION_REASONS.join(', ')}, got ${show(rule.reason)}`);
    }
    const fieldPath = str(rule.fieldPath);
    if (fieldPath !== '' && goTrimSpace(fieldPath) === '') problem(MESSAGES.invalidFieldValue, join(at, 'fieldPath'), 'fieldPath must be non-empty if specified');
    if (NEWLINE.test(fieldPath)) problem(MESSAGES.invalidFieldValue, join(at, 'fieldPath'), 'fieldPath must not contain line breaks');
    if (fieldPath !== '' && !fieldPathValid(schema, fieldPath)) {
      problem(MESSAGES.invalidFieldValue, join(at, 'fieldPath'), `fieldPath must be a valid path: ${show(fieldPath)} does not name a field of this node (write .field, or ['key'] for a key of a map)`);
    }
  });
  return rules.length;
}

/** pathValid: whether a rule's fieldPath names a field of its node (any path of a schema that does not convert). */
function fieldPathValid(schema: Fields, path: string): boolean {
  return structuralConversionProblem(schema) !== undefined || !('error' in resolveFieldPath(schema, path, true));
}

const SINGLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\' };

/** unescapeSingleQuote: a quoted step's escapes, or undefined for one Go does not know. */
function unescapeSingleQuote(text: string): string | undefined {
  let known = true;
  const result = text.replace(/\\./g, (escape) => {
    const replacement = SINGLE_QUOTE_ESCAPES[escape[1]];
    if (replacement === undefined) known = false;
    return replacement ?? '';
  });
  return known ? result : undefined;
}

/** Where a field path leads: the node (undefined past a map whose values have no schema) and the names it went through. */
export type FieldPathTarget = { readonly node: Fields | undefined; readonly names: readonly string[] } | { readonly error: string };

/**
 * cel.ValidFieldPath: `.name` steps (and `['name']` ones, when `allowArrayNotation`) through a structural schema's
 * properties, or its maps' values.
 */
export function resolveFieldPath(schema: Fields, path: string, allowArrayNotation: boolean): FieldPathTarget {
  // Go's scanner: a quoted string, a delimiter, or the text up to the next one
  const tokens = path.match(/'(?:[^'\\]|\\.)*'|[.[\]]|[^.[\]']+|'.*/g) ?? [];
  let node: Fields | undefined = schema;
  const names: string[] = [];
  const step = (name: string): string | undefined => {
    names.push(name);
    if (!node) return undefined;
    const properties = record(node.properties);
    if (properties && Object.keys(properties).length > 0) {
      if (!(name in properties)) return 'does not refer to a valid field';
      node = record(properties[name]) ?? {};
      return undefined;
    }
    if (isSet(node.additionalProperties)) {
      node = record(node.additionalProperties);
      return undefined;
    }
    return 'does not refer to a valid field';
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    let error: string | undefined;
    if (token === '.') {
      error = i + 1 < tokens.length ? step(tokens[++i]) : 'unexpected end of JSON path';
    } else if (token === '[') {
      if (!allowArrayNotation) return { error: 'array notation is not allowed' };
      const quoted = tokens[++i];
      if (quoted === undefined) return { error: 'unexpected end of JSON path' };
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) return { error: `expected single quoted string but got ${quoted}` };
      const name = unescapeSingleQuote(quoted.slice(1, -1));
      if (name === undefined) return { error: `invalid string literal: invalid escape in ${quoted}` };
      error = step(name);
      if (error === undefined && tokens[++i] !== ']') error = tokens[i] === undefined ? 'unexpected end of JSON path' : `expected ] but got ${tokens[i]}`;
    } else {
      error = `expected [ or . but got: ${token}`;
    }
    if (error !== undefined) return { error };
  }
  return { node, names };
}
