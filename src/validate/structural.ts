// Validates JSON values against the OpenAPI v3 schemas of CRDs and the Kubernetes OpenAPI definitions, with the
// semantics the API server applies: types, required, enum, pattern, formats, bounds, property counts, list types,
// int-or-string, nullable, preserve-unknown-fields, unknown fields as errors (like `kubectl apply --validate=strict`),
// and CEL rules. Nulls are read as the API server reads them: a custom resource's non-nullable null field is pruned
// before validation (apiextensions PruneNonNullableNullsWithoutDefaults), and a built-in kind's null decodes as the
// Go zero value (absent for a field, an empty struct in a list). A custom resource's missing fields get their schema
// `default` before its checks and CEL rules run, as the API server defaults while decoding (a Gateway API backendRef's
// `group: ""` and `kind: Service`, which the CRD's rules read).
import type { SchemaNode } from '../codegen/extract-schemas';
import { CelRule, evaluateRule, isTransitionRule } from './cel';
import { isSetCrdRule, reportable } from './set-crd-rules';
import { formatCheck, NUMBER_FORMATS } from './formats';
import { goRegexpTester } from './go-regexp';
import { parseQuantity, QUANTITY_RULE } from './quantity';

/**
 * What kind of problem a schema check found: `blocking` is a schema violation of the kinds that keep the API server
 * from running any CEL rule of the object (hasBlockingErr of apiextensions' strategy.go: a wrong type, a refused
 * format among them, a missing required field, a value outside its enum, a string, list or map over its maximum
 * size, an anyOf or oneOf whose closest branch fails so), `type` the wrong type among them (a value of another JSON
 * type, a null where none is allowed), which no decoder of the kind reads; `format` a string its format refuses
 * (blocking too), which a core kind's Go type cannot decode (a date-time, base64 bytes); `decode` a value a core
 * kind's Go type cannot decode although its definition allows it (a resource quantity, an integer over its int32 or
 * int64 format); `schema` any other.
 */
export type SchemaProblem = 'blocking' | 'type' | 'format' | 'decode' | 'schema' | 'unknown-field' | 'rule';

/** Whether a report says that a value is no string where the schema wants one (`must be a string, got 15`, below). */
export const saysNotAString = (message: string): boolean => message.startsWith('must be a string, got ');

/** Whether a problem keeps the API server from running CEL rules. */
export const blocks = (problem: SchemaProblem): boolean => problem === 'blocking' || problem === 'type' || problem === 'format';

/** Collects what a check finds, each with the JSON path of the field. */
export interface SchemaSink {
  report(problem: SchemaProblem, field: string, message: string): void;
  /** How many problems were reported so far. */
  readonly count: number;
  /**
   * Takes the CEL rules of a value the check reached, to be evaluated once the whole object is checked (see
   * {@link checkWholeObject}). A sink without it (a branch of anyOf, oneOf or not, run to see whether it matches)
   * evaluates none; a CRD may not state rules inside a combinator anyway.
   */
  rules?(rules: NodeRules, value: unknown, field: string): void;
}

/** The CEL rules of one schema node (its `x-kubernetes-validations`, transition rules left out), compiled once. */
export class NodeRules {
  public constructor(
    private readonly rules: readonly CelRule[],
    private readonly node: SchemaNode,
  ) {}

  /** Evaluates every rule on `value` (found at `field`), reporting each that fails. */
  public evaluate(value: unknown, field: string, sink: SchemaSink): void {
    for (const rule of this.rules) {
      const outcome = evaluateRule(rule, value, this.node);
      if (outcome.ok) continue;
      // a set CRD's rule that met an error cel-go may not meet (a function the evaluator lacks) says nothing
      if (outcome.unevaluated && isSetCrdRule(rule) && !reportable(outcome.message)) continue;
      // a rule that returned false is reported at its fieldPath; one that could not be evaluated at its own value
      const at = outcome.unevaluated ? field : joinFieldPath(field, rule.fieldPath);
      sink.report('rule', at, `${outcome.message} (rule: ${rule.rule.replace(/\s+/g, ' ')})`);
    }
  }
}

/** What the API server adds when a schema violation kept it from running an object's CEL rules (strategy.go). */
export const RULES_NOT_CHECKED = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

/** Options of {@link checkWholeObject}. */
export interface WholeObjectOptions {
  /** Whether the kind's schema has CEL rules; asked only when a blocking error kept them from running. */
  readonly kindHasRules: () => boolean;
  /**
   * Whether the object's metadata has an error the API server counts as blocking before the schema's (a missing
   * name without a generateName: ValidateObjectMeta's Required), which lint reports apart from the schema (TT0007).
   * @default false
   */
  readonly metadataBlocks?: boolean;
  /**
   * What the API server makes of the object's top-level `status` on create and update.
   * @default 'validated'
   */
  readonly status?: StatusHandling;
}

/**
 * How the API server treats a `status` written with an object (status has an endpoint of its own):
 * - `validated`: as the rest of the object (a CRD version without the status subresource);
 * - `decoded`: the request is decoded whole (a value of the wrong type or one its Go type cannot read, a date-time,
 *   bytes or a quantity, or an unknown field under kubectl's strict field validation, fails it), then status is
 *   reset before validation (built-in kinds: their strategies' PrepareForCreate and PrepareForUpdate);
 * - `pruned`: only unknown fields fail it (strict field validation, while decoding); the status is then dropped before
 *   validation, its CEL rules included (a CRD version with the status subresource).
 */
export type StatusHandling = 'validated' | 'decoded' | 'pruned';

/** Whether a field is the object's top-level `status` or below it. */
export const underStatus = (field: string): boolean => field.startsWith('status') && (field.length === 6 || field[6] === '.' || field[6] === '[');

/** Whether the API server, handling status as `handling`, never sees `problem` at `field`. */
function ignoredInStatus(handling: StatusHandling, problem: SchemaProblem, field: string): boolean {
  if (handling === 'validated' || problem === 'unknown-field' || !underStatus(field)) return false;
  return handling === 'pruned' || !(problem === 'type' || problem === 'format' || problem === 'decode');
}

/**
 * Checks a whole object with its kind's check as the API server validates a custom resource: the schema first, then
 * every CEL rule of every value it reached, unless a `blocking` violation anywhere in the object keeps them all from
 * running; then, when the kind has rules, the API server's own note ({@link RULES_NOT_CHECKED}) says so. Otherwise a
 * rule runs whatever else failed, its value's other checks and the rules below it included.
 */
export function checkWholeObject(check: SchemaCheck, object: unknown, sink: SchemaSink, options: WholeObjectOptions): void {
  const whole = new WholeObjectSink(sink, options.metadataBlocks === true, options.status ?? 'validated');
  check(object, '', whole);
  if (whole.blocked) {
    if (options.kindHasRules()) sink.report('rule', '', RULES_NOT_CHECKED);
    return;
  }
  const { pending } = whole;
  for (let i = 0; i < pending.length; i += 3) (pending[i] as NodeRules).evaluate(pending[i + 1], pending[i + 2] as string, sink);
}

/** The sink of {@link checkWholeObject}: passes problems on, notes a blocking one, and keeps the rules reached. */
class WholeObjectSink implements SchemaSink {
  /** The rules reached, each as three entries: the NodeRules, the value, its field (one array, no object each). */
  public readonly pending: unknown[] = [];

  public constructor(
    private readonly sink: SchemaSink,
    public blocked: boolean,
    private readonly status: StatusHandling,
  ) {}

  public report(problem: SchemaProblem, field: string, message: string): void {
    if (this.status !== 'validated' && ignoredInStatus(this.status, problem, field)) return;
    if (blocks(problem)) this.blocked = true;
    this.sink.report(problem, field, message);
  }

  public get count(): number {
    return this.sink.count;
  }

  public rules(rules: NodeRules, value: unknown, field: string): void {
    if (this.status !== 'validated' && underStatus(field)) return;
    // a status the create resets is gone before the API server runs the rules (strategy.go's PrepareForCreate), so a
    // rule of the object's root does not read it (its unknown fields were reported while decoding, before the reset)
    if (this.status === 'pruned' && field === '' && isRecord(value) && Object.hasOwn(value, 'status')) {
      const { status: _status, ...rest } = value;
      value = rest;
    }
    this.pending.push(rules, value, field);
  }
}

/** A compiled schema node: checks a value found at `field`. */
export type SchemaCheck = (value: unknown, field: string, sink: SchemaSink) => void;

/** How objects without declared properties are read. */
export type Dialect =
  /** CRD structural schemas: an object without properties holds no fields, unless it preserves unknown fields. */
  | 'crd'
  /** Kubernetes OpenAPI v2 definitions: an object without properties is free-form. */
  | 'kubernetes';

/** Resolves a `$ref` of the Kubernetes definitions to the compiled check of the definition. */
export type RefResolver = (ref: string) => SchemaCheck;

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;

/**
 * Every schema keyword the pinned schemas use that this validator reads. `KNOWN_IGNORED_KEYWORDS` lists those the API
 * server does not validate with; a test fails when the pinned schemas use a keyword in neither list.
 */
export const CHECKED_KEYWORDS: ReadonlySet<string> = new Set([
  '$ref', 'type', 'enum', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'items', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'required', 'properties', 'additionalProperties', 'minProperties', 'maxProperties', 'nullable', 'allOf', 'anyOf', 'oneOf',
  'not', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-validations', 'default',
]);

/** Keywords that change nothing the API server accepts (merge strategies, documentation of unions, kinds). */
export const KNOWN_IGNORED_KEYWORDS: ReadonlySet<string> = new Set([
  // server-side apply merge behaviour only
  'x-kubernetes-map-type',
  // informational: the API server never enforced the union markers; built-in validation checks each union itself
  'x-kubernetes-unions', 'discriminator', 'fields-to-discriminateBy',
  'x-kubernetes-group-version-kind',
]);

/** Go types whose JSON decoding checks more than their OpenAPI definition says, by definition name. */
const DECODED_TYPES: Readonly<Record<string, SchemaCheck>> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': (value, field, sink) => {
    if ((typeof value === 'string' || typeof value === 'number') && parseQuantity(value) === undefined) {
      sink.report('decode', field, `must be ${QUANTITY_RULE}, got ${show(value)}`);
    }
  },
};

/** Compiles a named Kubernetes definition: its schema, and what decoding its Go type checks. */
export function compileDefinition(name: string, node: SchemaNode, resolveRef: RefResolver): SchemaCheck {
  const check = compileSchema(node, 'kubernetes', resolveRef);
  const decoded = DECODED_TYPES[name];
  if (!decoded) return check;
  return (value, field, sink) => {
    const before = sink.count;
    check(value, field, sink);
    if (sink.count === before) decoded(value, field, sink);
  };
}

/**
 * Compiles a schema node into a check. Compile once and reuse: this is the costly step. `inCombinator` compiles a
 * branch of allOf, anyOf, oneOf or not, at any depth: there the API server only validates values (kube-openapi's
 * validator, where a property the branch does not list is allowed), while which fields are unknown is decided by the
 * structural part of the schema outside the combinators alone (the fields it would prune).
 */
export function compileSchema(node: SchemaNode, dialect: Dialect, resolveRef?: RefResolver, inCombinator = false): SchemaCheck {
  if (typeof node.$ref === 'string') {
    if (!resolveRef) throw new Error(`schema has a $ref (${node.$ref}) but no resolver`);
    const ref = node.$ref;
    let resolved: SchemaCheck | undefined;
    // resolved on first use: definitions refer to each other recursively
    return (value, field, sink) => (resolved ??= resolveRef(ref))(value, field, sink);
  }
  const checks: SchemaCheck[] = [];
  const type = node.type as string | undefined;
  const nullable = node.nullable === true;

  // a value of the wrong type gets this one message, not one per keyword
  let typeGate: SchemaCheck | undefined;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    typeGate = (value, field, sink) => {
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
        sink.report('type', field, `must be an integer or a string, got ${show(value)}`);
      }
    };
  } else if (type !== undefined) {
    typeGate = typeCheck(type);
  }
  if (Array.isArray(node.enum)) checks.push(enumCheck(node.enum));
  checks.push(
    ...stringChecks(node, dialect),
    ...numberChecks(node, type, dialect),
    ...arrayChecks(node, dialect, resolveRef, inCombinator),
    ...objectChecks(node, dialect, resolveRef, inCombinator),
  );
  checks.push(...combinatorChecks(node, dialect, resolveRef));
  const stated = ((node['x-kubernetes-validations'] ?? []) as CelRule[]).filter((r) => !isTransitionRule(r));
  const rules = stated.length > 0 ? new NodeRules(stated, node) : undefined;

  return (value, field, sink) => {
    if (value === null) {
      if (nullable) {
        // kube-openapi validates a null with its type and its enum only, and no enum takes a null (go-openapi's Enum
        // converts the value to an allowed value's type first, which a null has none of)
        if (Array.isArray(node.enum)) sink.report('blocking', field, `must be one of ${node.enum.map(show).join(', ')}, got null`);
        return;
      }
      if (dialect === 'kubernetes') {
        // a null list item decodes as the zero value: an empty struct, whose required fields are then missing
        if (type !== 'object') return;
        value = {};
      } else {
        // nulls of fields and map values were pruned by the caller; a list item stays, and must be nullable
        if (type !== undefined) sink.report('type', field, `must be ${article(type)}, got null`);
        else if (intOrString) sink.report('type', field, 'must be an integer or a string, got null');
        return;
      }
    }
    const before = sink.count;
    if (typeGate) {
      typeGate(value, field, sink);
      if (sink.count > before) return;
    }
    for (const check of checks) check(value, field, sink);
    if (rules && sink.rules) sink.rules(rules, value, field);
  };
}

function typeCheck(type: string): SchemaCheck {
  const ok: (v: unknown) => boolean =
    {
      object: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v),
      array: (v: unknown) => Array.isArray(v),
      string: (v: unknown) => typeof v === 'string',
      integer: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
      number: (v: unknown) => typeof v === 'number' && Number.isFinite(v),
      boolean: (v: unknown) => typeof v === 'boolean',
    }[type] ?? (() => true);
  return (value, field, sink) => {
    if (!ok(value)) sink.report('type', field, `must be ${article(type)}, got ${show(value)}`);
  };
}

/**
 * kube-openapi's Enum: the value deep-equal to one of the allowed (reflect.DeepEqual: a map or list by its content),
 * or, converted to an allowed value's Go type, equal to it (the conversion go-openapi's Enum tries next). JSON gives
 * the API server an int64 for a whole number and a float64 for any other, so a fraction converts to a whole allowed
 * number by dropping its fraction (1.5 is taken for 1), and a whole number to an allowed string as Go's string(rune)
 * (65 is taken for "A").
 */
function enumCheck(allowed: unknown[]): SchemaCheck {
  const scalars = new Set(allowed.filter((a) => typeof a !== 'object' || a === null));
  const structured = new Set(allowed.filter((a) => typeof a === 'object' && a !== null).map(sortedJson));
  const strings = allowed.some((a) => typeof a === 'string');
  return (value, field, sink) => {
    const known = typeof value !== 'object' || value === null ? scalars.has(value) || convertsToAllowed(value, scalars, strings) : structured.has(sortedJson(value));
    if (!known) sink.report('blocking', field, `must be one of ${allowed.map(show).join(', ')}, got ${show(value)}`);
  };
}

/** Whether Go's conversion of a JSON number to an allowed value's type (int64 or string) gives that value. */
function convertsToAllowed(value: unknown, scalars: ReadonlySet<unknown>, strings: boolean): boolean {
  if (typeof value !== 'number' || !(Math.abs(value) < INT64)) return false;
  if (!Number.isInteger(value)) return scalars.has(Math.trunc(value));
  // string(rune(n)): the character, or U+FFFD for a number that is no Unicode scalar value
  if (!strings) return false;
  const scalar = value >= 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff);
  return scalars.has(scalar ? String.fromCodePoint(value) : '\ufffd');
}

/** A value as JSON with its maps' keys sorted: equal for deep-equal values. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${sortedJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function stringChecks(node: SchemaNode, dialect: Dialect): SchemaCheck[] {
  const checks: SchemaCheck[] = [];
  if (typeof node.format === 'string' && !NUMBER_FORMATS.has(node.format)) {
    const format = node.format;
    const check = formatCheck(format, dialect);
    if (check) {
      checks.push((value, field, sink) => {
        if (typeof value !== 'string') return;
        const allowed = check(value);
        // kube-openapi reports a format it refuses as a type error (FormatOf: InvalidType), which blocks CEL rules
        if (allowed) sink.report('format', field, `must be ${allowed} (format ${format}), got ${show(value)}`);
      });
    }
  }
  const pattern = typeof node.pattern === 'string' ? node.pattern : undefined;
  const min = typeof node.minLength === 'number' ? node.minLength : undefined;
  const max = typeof node.maxLength === 'number' ? node.maxLength : undefined;
  if (pattern !== undefined || min !== undefined || max !== undefined) {
    // kube-openapi matches with Go's regexp, whose `.` and `\s` mean other characters than RegExp's
    const matches = pattern === undefined ? undefined : goRegexpTester(pattern);
    // kube-openapi's stringValidator: the maximum length, the minimum, then the pattern, and only the first that fails
    checks.push((value, field, sink) => {
      if (typeof value !== 'string') return;
      const length = min === undefined && max === undefined ? 0 : [...value].length;
      if (max !== undefined && length > max) sink.report('blocking', field, `must be at most ${characters(max)} long, got ${characters(length)}`);
      else if (min !== undefined && length < min) sink.report('schema', field, `must be at least ${characters(min)} long, got ${show(value)}`);
      else if (matches && !matches(value)) sink.report('schema', field, `must match the pattern ${pattern}, got ${show(value)}`);
    });
  }
  return checks;
}

function numberChecks(node: SchemaNode, type: string | undefined, dialect: Dialect): SchemaCheck[] {
  const checks: SchemaCheck[] = [];
  const min = node.minimum as number | undefined;
  const max = node.maximum as number | undefined;
  const exclusiveMin = node.exclusiveMinimum === true;
  const exclusiveMax = node.exclusiveMaximum === true;
  if (min !== undefined || max !== undefined) {
    checks.push((value, field, sink) => {
      if (typeof value !== 'number') return;
      if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
        sink.report('schema', field, `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}, got ${value}`);
      }
      if (max !== undefined && (exclusiveMax ? value >= max : value > max)) {
        sink.report('schema', field, `must be ${exclusiveMax ? 'less than' : 'at most'} ${max}, got ${value}`);
      }
    });
  }
  // (a number read as 2^63 may have been written as int64's largest, 9223372036854775807, which a JavaScript number
  // cannot hold: it is taken)
  if (type === 'integer' && dialect === 'crd') {
    // a custom resource's integer formats are not among those apiextensions checks; a number beyond int64 decodes as
    // a float, which is an integer to kube-openapi's type check only up to 2^53
    checks.push((value, field, sink) => {
      if (typeof value === 'number' && (value < -INT64 || value > INT64)) sink.report('type', field, `must be an integer of at most 64 bits, got ${value}`);
    });
  } else if (type === 'integer' && node.format === 'int32') {
    checks.push((value, field, sink) => {
      if (typeof value === 'number' && (value < -INT32 || value >= INT32)) sink.report('decode', field, `must fit in a 32-bit integer, got ${value}`);
    });
  } else if (type === 'integer' && node.format === 'int64') {
    checks.push((value, field, sink) => {
      if (typeof value === 'number' && (value < -INT64 || value > INT64)) sink.report('decode', field, `must fit in a 64-bit integer, got ${value}`);
    });
  }
  if (typeof node.multipleOf === 'number' && node.multipleOf > 0) {
    const step = node.multipleOf;
    checks.push((value, field, sink) => {
      if (typeof value === 'number' && !isMultipleOf(value, step)) sink.report('schema', field, `must be a multiple of ${step}, got ${value}`);
    });
  }
  return checks;
}

/**
 * kube-openapi's MultipleOf: `1/factor*data` for a factor under 1 (so 0.3 is a multiple of 0.1), else `data/factor`,
 * a JSON integer within go-openapi swag's relative error of 1e-9 (IsFloat64AJSONInteger). A negative quotient that is
 * not exactly whole fails, as Go's conversion of a negative float to uint64 makes it fail there.
 */
function isMultipleOf(data: number, factor: number): boolean {
  const quotient = factor < 1 ? (1 / factor) * data : data / factor;
  if (!Number.isFinite(quotient) || Math.abs(quotient) > 2 ** 53) return false;
  if (Number.isInteger(quotient)) return true;
  if (quotient < 0) return false;
  const whole = Math.trunc(quotient);
  if (whole === 0) return false;
  return Math.abs(quotient - whole) / (quotient + whole) < 1e-9;
}

/**
 * A field's or item's check, compiled when a value first reaches it: a kind's schema is large (a Deployment's holds
 * every volume source), and an object uses a small part of it.
 */
function compileLazily(node: SchemaNode, dialect: Dialect, resolveRef: RefResolver | undefined, inCombinator: boolean): SchemaCheck {
  let check: SchemaCheck | undefined;
  return (value, field, sink) => (check ??= compileSchema(node, dialect, resolveRef, inCombinator))(value, field, sink);
}

function arrayChecks(node: SchemaNode, dialect: Dialect, resolveRef: RefResolver | undefined, inCombinator: boolean): SchemaCheck[] {
  const checks: SchemaCheck[] = [];
  const min = node.minItems as number | undefined;
  const max = node.maxItems as number | undefined;
  if (min !== undefined || max !== undefined) {
    checks.push((value, field, sink) => {
      if (!Array.isArray(value)) return;
      if (min !== undefined && value.length < min)
        sink.report('schema', field, `must have at least ${min} item${min === 1 ? '' : 's'}, got ${value.length}`);
      if (max !== undefined && value.length > max)
        sink.report('blocking', field, `must have at most ${max} item${max === 1 ? '' : 's'}, got ${value.length}`);
    });
  }
  if (typeof node.items === 'object' && node.items !== null) {
    // a CRD's list that preserves unknown fields preserves its items' (apiextensions pruning.go skipPrune walks the
    // items without pruning them; their properties' own schemas prune again)
    const preserved = dialect === 'crd' && node['x-kubernetes-preserve-unknown-fields'] === true;
    const items = preserved ? { ...(node.items as SchemaNode), 'x-kubernetes-preserve-unknown-fields': true } : (node.items as SchemaNode);
    const item = compileLazily(items, dialect, resolveRef, inCombinator);
    checks.push((value, field, sink) => {
      if (Array.isArray(value)) value.forEach((v, i) => item(v, `${field}[${i}]`, sink));
    });
  }
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keys = (node['x-kubernetes-list-map-keys'] ?? []) as string[];
    checks.push((value, field, sink) => {
      if (!Array.isArray(value)) return;
      const seen = new Map<string, number>();
      value.forEach((v, i) => {
        const values = listType === 'set' ? undefined : keys.map((k) => (v as Record<string, unknown> | null)?.[k] ?? null);
        const identity = JSON.stringify(values ?? v);
        const first = seen.get(identity);
        if (first !== undefined) {
          const what = values === undefined
            ? `the value of ${field}[${first}]: ${identity}`
            : `the key of ${field}[${first}] (${keys.map((k, j) => `${k} ${values[j] === null ? 'not set' : JSON.stringify(values[j])}`).join(', ')})`;
          sink.report('schema', `${field}[${i}]`, `duplicates ${what}`);
        } else {
          seen.set(identity, i);
        }
      });
    });
  }
  return checks;
}

function objectChecks(node: SchemaNode, dialect: Dialect, resolveRef: RefResolver | undefined, inCombinator: boolean): SchemaCheck[] {
  const checks: SchemaCheck[] = [];
  const required = (node.required ?? []) as string[];
  const properties = new Map<string, SchemaCheck>();
  // fields whose null the API server keeps; any other null field is pruned (CRDs) or decodes as absent (built-in kinds)
  const keepsNull = new Set<string>();
  // fields the API server fills in when missing or null (CRD `default`), before it validates
  const defaulted = new Set<string>();
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) {
    properties.set(name, compileLazily(child, dialect, resolveRef, inCombinator));
    if (child.nullable === true) keepsNull.add(name);
    if (child.default !== undefined && dialect === 'crd') defaulted.add(name);
  }
  const additional = node.additionalProperties;
  const additionalNode = typeof additional === 'object' && additional !== null ? (additional as SchemaNode) : undefined;
  const additionalCheck = additionalNode ? compileLazily(additionalNode, dialect, resolveRef, inCombinator) : undefined;
  // a built-in map keeps a null value as the zero value; a custom resource's is pruned unless nullable
  const additionalKeepsNull = dialect === 'kubernetes' || additionalNode?.nullable === true;
  const present = (name: string, v: unknown) =>
    v !== undefined && (v !== null || keepsNull.has(name) || (!properties.has(name) && additionalCheck !== undefined && additionalKeepsNull));

  if (required.length > 0) {
    checks.push((value, field, sink) => {
      if (!isRecord(value)) return;
      for (const name of required) if (!present(name, value[name]) && !defaulted.has(name)) sink.report('blocking', join(field, name), 'is required');
    });
  }
  const minProperties = node.minProperties as number | undefined;
  const maxProperties = node.maxProperties as number | undefined;
  if (minProperties !== undefined || maxProperties !== undefined) {
    checks.push((value, field, sink) => {
      if (!isRecord(value)) return;
      let count = 0;
      for (const name in value) if (present(name, value[name])) count++;
      if (minProperties !== undefined && count < minProperties) {
        sink.report('schema', field, `must have at least ${minProperties} ${minProperties === 1 ? 'entry' : 'entries'}, got ${count}`);
      }
      if (maxProperties !== undefined && count > maxProperties) {
        sink.report('blocking', field, `must have at most ${maxProperties} ${maxProperties === 1 ? 'entry' : 'entries'}, got ${count}`);
      }
    });
  }
  const preserveUnknown = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-embedded-resource'] === true;
  const hasProperties = node.properties !== undefined;
  const isObjectNode = node.type === 'object' || hasProperties || additional !== undefined;
  // which fields are not in the schema: those the API server would prune, or drop with --validate=strict (decided
  // outside the combinators only: a branch's properties validate the fields they name and allow any other)
  const unknownIsError =
    !inCombinator && isObjectNode && !preserveUnknown && additional !== true && !additionalCheck && (hasProperties || dialect === 'crd' || additional === false);
  if (properties.size === 0 && !additionalCheck && !unknownIsError) return checks;

  checks.push((value, field, sink) => {
    if (!isRecord(value)) return;
    for (const name in value) {
      const v = value[name];
      const check = properties.get(name);
      if (check) {
        if (present(name, v)) check(v, join(field, name), sink);
      } else if (additionalCheck) {
        if (present(name, v)) additionalCheck(v, join(field, name), sink);
      } else if (unknownIsError) {
        sink.report(
          'unknown-field',
          join(field, name),
          `is not a field of this schema${hasProperties ? `; known fields: ${[...properties.keys()].join(', ')}` : ''}`,
        );
      }
    }
  });
  return checks;
}

function combinatorChecks(node: SchemaNode, dialect: Dialect, resolveRef?: RefResolver): SchemaCheck[] {
  const checks: SchemaCheck[] = [];
  // kube-openapi reports the best failing branch's errors after the combinator's; in the Kubernetes definitions a
  // combinator stands for a Go type that fails to decode (an int-or-string), one error
  const noBranchMatched = (sink: SchemaSink, field: string, message: string, best: BranchOutcome) => {
    if (dialect === 'crd') {
      sink.report('schema', field, message);
      best.forward(sink);
    } else {
      sink.report(best.blocking ? 'blocking' : 'schema', field, message);
    }
  };
  const compileAll = (list: unknown) => (list as SchemaNode[]).map((n) => compileSchema(n, dialect, resolveRef, true));
  if (Array.isArray(node.allOf)) {
    const all = compileAll(node.allOf);
    checks.push((value, field, sink) => all.forEach((c) => c(value, field, sink)));
  }
  if (Array.isArray(node.anyOf)) {
    const any = compileAll(node.anyOf);
    const branches = node.anyOf as SchemaNode[];
    checks.push((value, field, sink) => {
      const outcomes: BranchOutcome[] = [];
      for (const branch of any) {
        const outcome = outcomeOf(branch, value, field);
        if (outcome.count === 0) return;
        outcomes.push(outcome);
      }
      noBranchMatched(sink, field, `must match at least one of the allowed shapes (anyOf), got ${show(value)}`, bestFailure(outcomes, branches, value));
    });
  }
  if (Array.isArray(node.oneOf)) {
    const one = compileAll(node.oneOf);
    const branches = node.oneOf as SchemaNode[];
    const fieldSets = branches.map((n) => (n.required as string[] | undefined)?.join('+')).filter(Boolean);
    checks.push((value, field, sink) => {
      const outcomes = one.map((c) => outcomeOf(c, value, field));
      const count = outcomes.filter((o) => o.count === 0).length;
      if (count === 1) return;
      const hint = fieldSets.length > 0 ? ` (at most one of ${fieldSets.join(', ')})` : '';
      const message = `must match exactly one of the allowed shapes (oneOf)${hint}, got ${count === 0 ? 'none' : `${count}`} for ${show(value)}`;
      if (count === 0) noBranchMatched(sink, field, message, bestFailure(outcomes, branches, value));
      else sink.report('schema', field, message);
    });
  }
  if (typeof node.not === 'object' && node.not !== null) {
    const not = compileSchema(node.not as SchemaNode, dialect, resolveRef, true);
    checks.push((value, field, sink) => {
      if (matches(not, value)) sink.report('schema', field, `must not match the excluded shape (not), got ${show(value)}`);
    });
  }
  return checks;
}

/** Returns a value with the defaults of a schema filled in, the value itself when there are none to fill. */
export type Defaulter = (value: unknown) => unknown;

const IDENTITY: Defaulter = (value) => value;

/**
 * Compiles the defaulting a custom resource's schema applies while the API server decodes it, before any check and
 * CEL rule sees the object: every missing property with a `default` (and a non-nullable null one, which is pruned)
 * gets it, at every depth, list items and map values included. Validation compiles it from a CRD's schema pruned to
 * its defaults (`npm run import` writes it: codegen/schema-defaults.ts), which any schema gives the same result as.
 */
export function compileDefaulter(node: SchemaNode): Defaulter {
  const properties = Object.entries((node.properties ?? {}) as Record<string, SchemaNode>);
  const own = properties
    .filter(([, child]) => child.default !== undefined)
    .map(([name, child]) => ({ name, value: child.default, nullable: child.nullable === true }));
  const children = properties.map(([name, child]) => [name, compileDefaulter(child)] as const).filter(([, d]) => d !== IDENTITY);
  const items = typeof node.items === 'object' && node.items !== null ? compileDefaulter(node.items as SchemaNode) : IDENTITY;
  const additional = typeof node.additionalProperties === 'object' && node.additionalProperties !== null
    ? compileDefaulter(node.additionalProperties as SchemaNode)
    : IDENTITY;
  if (own.length === 0 && children.length === 0 && items === IDENTITY && additional === IDENTITY) return IDENTITY;
  return (value) => {
    if (Array.isArray(value)) return items === IDENTITY ? value : value.map(items);
    if (!isRecord(value)) return value;
    const copy: Record<string, unknown> = { ...value };
    for (const d of own) {
      const v = copy[d.name];
      if (v === undefined || (v === null && !d.nullable)) copy[d.name] = structuredClone(d.value);
    }
    for (const [name, defaulter] of children) if (copy[name] !== undefined && copy[name] !== null) copy[name] = defaulter(copy[name]);
    if (additional !== IDENTITY) {
      const known = new Set(properties.map(([name]) => name));
      for (const [name, v] of Object.entries(copy)) if (!known.has(name) && v !== null) copy[name] = additional(v);
    }
    return copy;
  };
}

function matches(check: SchemaCheck, value: unknown): boolean {
  return outcomeOf(check, value, '').count === 0;
}

/** What a combinator's branch finds in a value: its problems, kept to be passed on if the branch is the best failing one. */
class BranchOutcome implements SchemaSink {
  private readonly reports: [SchemaProblem, string, string][] = [];

  public report(problem: SchemaProblem, field: string, message: string): void {
    this.reports.push([problem, field, message]);
  }

  public get count(): number {
    return this.reports.length;
  }

  /** Whether one of its problems keeps the API server from running CEL rules. */
  public get blocking(): boolean {
    return this.reports.some(([problem]) => blocks(problem));
  }

  public forward(sink: SchemaSink): void {
    for (const [problem, field, message] of this.reports) sink.report(problem, field, message);
  }
}

function outcomeOf(check: SchemaCheck, value: unknown, field: string): BranchOutcome {
  const outcome = new BranchOutcome();
  check(value, field, outcome);
  return outcome;
}

/**
 * The failing branch of an anyOf or oneOf that no branch matches whose problems are reported after the combinator's
 * own: kube-openapi adds the errors of its best failing branch (schema_props.go: bestFailures, the highest
 * MatchCount, the first on ties), which block CEL rules when one of them does. MatchCount counts the validations a
 * branch ran, most of them for the fields and items of the value the branch's schema describes: the best branch is
 * taken here as the one that describes the most fields and items of the value, at any depth, the first on ties.
 */
function bestFailure(outcomes: readonly BranchOutcome[], branches: readonly SchemaNode[], value: unknown): BranchOutcome {
  let best = 0;
  let bestWeight = describedFields(branches[0], value);
  for (let i = 1; i < outcomes.length; i++) {
    const weight = describedFields(branches[i], value);
    if (weight > bestWeight) [best, bestWeight] = [i, weight];
  }
  return outcomes[best];
}

/**
 * How many fields of a value a schema node describes by name, and items of a list by `items` (each a validation in
 * MatchCount, of which a scalar item counts several), at any depth.
 */
function describedFields(node: SchemaNode | undefined, value: unknown): number {
  if (node === undefined) return 0;
  if (Array.isArray(value)) {
    const items = node.items as SchemaNode | undefined;
    return items === undefined ? 0 : value.reduce((sum: number, item) => sum + 1 + describedFields(items, item), 0);
  }
  if (!isRecord(value) || !isRecord(node.properties)) return 0;
  const properties = node.properties as Record<string, SchemaNode>;
  let count = 0;
  for (const [name, child] of Object.entries(value)) if (Object.hasOwn(properties, name)) count += 1 + describedFields(properties[name], child);
  return count;
}

function joinFieldPath(field: string, fieldPath: string | undefined): string {
  if (!fieldPath) return field;
  return field === '' ? fieldPath.replace(/^\./, '') : `${field}${fieldPath.startsWith('.') || fieldPath.startsWith('[') ? '' : '.'}${fieldPath}`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The JSON path of field `name` of the value at `field` (`spec.ports`, `metadata.labels["app.kubernetes.io/name"]`). */
export function join(field: string, name: string): string {
  if (IDENTIFIER.test(name)) return field === '' ? name : `${field}.${name}`;
  return field === '' ? JSON.stringify(name) : `${field}[${JSON.stringify(name)}]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const characters = (n: number): string => `${n} character${n === 1 ? '' : 's'}`;

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** A value as messages quote it: JSON, shortened. */
export function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
