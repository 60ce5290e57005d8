// The functions and macros the API server's CEL environments declare, with each overload's parameter and result
// types, and the resolution of a call against them as cel-go's checker does it (checker.go checkCall and
// resolveOverload). Read from cel-go v0.12.7 (1.27's; checker/standard.go and ext/strings.go) and v0.23.2 (the one
// 1.33 is built with; common/stdlib/standard.go, cel/library.go, ext/strings.go and ext/sets.go) and from
// k8s.io/apiserver's pkg/cel/library at v0.27.16 and v0.33.13 (URLs, regex, lists, authz, quantity, IP, CIDR,
// format, semver), with the version each came in (./cel-environments.ts).
// - A name no library declares is an undeclared reference, called on a receiver or not; a name declared only with
//   overloads of the other style has no matching overload (`quantity(x).sign()`: the quantity library declares
//   sign(q) only without a receiver, though its documentation shows q.sign()).
// - An overload is taken where each argument's type is assignable to its parameter: a type not known here (DYN) or
//   dyn to any; null to a timestamp, a duration, and a library's object and opaque types (cel-go's legacy nullable
//   kinds); a list or map by its kind, and by its items' type where the parameter names one. A type parameter takes
//   any type at its first known use and the same type at the others (`self.tags.indexOf(1)` on strings fails), null
//   only where that type is nullable.
// - The call's type is that of the overloads taken when they all agree, else not known (cel-go: dyn).
import type { KubernetesVersion } from '../schemas';
import {
  AUTHZ_ERRORS, AUTHZ_SELECTORS, CIDR, compilesWith, type Feature, FORMAT, GLOBAL_MATCHES, IP, laterFeature, OPTIONAL_TYPES, QUANTITY, SEMVER,
  SETS, STRINGS_2, TWO_VARIABLE_COMPREHENSIONS,
} from './cel-environments';
import {
  BOOL, type CelType, DYN, DYNAMIC, INT, isNullable, isOptional, known, listOf, OPTIONAL_TYPE, optionalOf, optionalValue, overloadName, sameType,
  scalar, STRING,
} from './cel-types';

/**
 * One overload. A parameter is a type's name (`string`, `net.IP`), `list` or `list(T)`, `map`, or `A`, which takes
 * any type (a type parameter, dyn).
 */
interface Overload {
  readonly member: boolean;
  /** The parameters' types, a member's receiver first. */
  readonly params: readonly string[];
  readonly result: CelType;
  /** The result's type where it follows the arguments' (a receiver's first): an optional's value's. */
  readonly typeOf?: (args: readonly CelType[]) => CelType;
  /** The feature that brought it, where 1.27's environment does not have it. */
  readonly since?: Feature;
}

const on = (params: readonly string[], result: CelType, since?: Feature): Overload => ({ member: true, params, result, since });
const free = (params: readonly string[], result: CelType, since?: Feature): Overload => ({ member: false, params, result, since });

const DOUBLE = scalar('double');
const UINT = scalar('uint');
const BYTES = scalar('bytes');
const TIMESTAMP = scalar('timestamp');
const DURATION = scalar('duration');
const URL = 'kubernetes.URL';
const QUANTITY_TYPE = 'kubernetes.Quantity';
const IP_TYPE = 'net.IP';
const CIDR_TYPE = 'net.CIDR';
const SEMVER_TYPE = 'kubernetes.Semver';
const NAMED_FORMAT = 'kubernetes.NamedFormat';
const AUTHORIZER = 'kubernetes.authorization.Authorizer';
const PATH_CHECK = 'kubernetes.authorization.PathCheck';
const GROUP_CHECK = 'kubernetes.authorization.GroupCheck';
const RESOURCE_CHECK = 'kubernetes.authorization.ResourceCheck';
const DECISION = 'kubernetes.authorization.Decision';
const OPTIONAL = OPTIONAL_TYPE;
/** optional_type(A): an optional whose value type, where known here, binds A. */
const OPTIONAL_OF_A = `${OPTIONAL_TYPE}(A)`;
/** An overload whose result is typed by its arguments. */
const typed = (overload: Overload, typeOf: (args: readonly CelType[]) => CelType): Overload => ({ ...overload, typeOf });
const elementOf = (type: CelType): CelType => (type.kind === 'list' ? type.element : type.kind === 'dyn' ? type : DYN);
/**
 * or() and orValue(): the receiver's value type, dyn where the other side's is dyn (cel-go widens its type parameter
 * to dyn), not known here where the other side's is not.
 */
const eitherValue = (optional: CelType, other: CelType): CelType => (known(other) ? optionalValue(optional) : other);
/**
 * The optional the format library's functions give, of a list of messages or of a format: known to be an optional
 * (the cost estimate reads it as of no fixed size, as cel-go does an optional of anything but a scalar).
 */
const OPTIONAL_OF_NO_SCALAR = scalar(OPTIONAL);
/** The types of an admission expression's `authorizer` and `authorizer.requestResource`. */
export const AUTHORIZER_TYPE = scalar(AUTHORIZER);
export const RESOURCE_CHECK_TYPE = scalar(RESOURCE_CHECK);
const STRINGS = listOf(STRING);

/** The types the lists library's isSorted(), min() and max() take lists of, and those sum() takes. */
const COMPARABLE = ['int', 'uint', 'double', 'bool', 'duration', 'timestamp', 'string', 'bytes'];
const SUMMABLE = ['int', 'uint', 'double', 'duration'];

const conversions = (result: CelType, from: readonly string[]): Overload[] => from.map((type) => free([type], result));
const timeAccessor = (withDuration: boolean): Overload[] => [
  on(['timestamp'], INT), on(['timestamp', 'string'], INT), ...(withDuration ? [on(['duration'], INT)] : []),
];
const stringMethod = (result: CelType, ...signatures: (readonly string[])[]): Overload[] =>
  signatures.map((args) => on(['string', ...args], result));
const ofLibrary = (feature: Feature, ...overloads: Overload[]): Overload[] => overloads.map((overload) => ({ ...overload, since: feature }));
const FORMATS = [
  'dns1123Label', 'dns1123Subdomain', 'dns1035Label', 'qualifiedName', 'dns1123LabelPrefix', 'dns1123SubdomainPrefix', 'dns1035LabelPrefix',
  'labelValue', 'uri', 'uuid', 'byte', 'date', 'datetime',
];

/** Every function by name (a namespaced one by its qualified name), with its overloads in every environment. */
const FUNCTIONS: ReadonlyMap<string, readonly Overload[]> = new Map<string, readonly Overload[]>([
  // cel-go's standard library
  ['size', [...['string', 'bytes', 'list', 'map'].flatMap((type) => [free([type], INT), on([type], INT)])]],
  ['type', [free(['A'], scalar('type'))]],
  ['dyn', [free(['A'], DYN)]],
  ['bool', conversions(BOOL, ['bool', 'string'])],
  ['bytes', conversions(BYTES, ['bytes', 'string'])],
  ['double', conversions(DOUBLE, ['double', 'int', 'string', 'uint'])],
  ['duration', conversions(DURATION, ['duration', 'int', 'string'])],
  ['int', conversions(INT, ['int', 'double', 'duration', 'string', 'timestamp', 'uint'])],
  ['string', [
    ...conversions(STRING, ['string', 'bool', 'bytes', 'double', 'duration', 'int', 'timestamp', 'uint']),
    free([IP_TYPE], STRING, IP), free([CIDR_TYPE], STRING, CIDR),
  ]],
  ['timestamp', conversions(TIMESTAMP, ['timestamp', 'int', 'string'])],
  ['uint', conversions(UINT, ['uint', 'double', 'int', 'string'])],
  ['contains', stringMethod(BOOL, ['string'])],
  ['endsWith', stringMethod(BOOL, ['string'])],
  ['startsWith', stringMethod(BOOL, ['string'])],
  ['matches', [free(['string', 'string'], BOOL, GLOBAL_MATCHES), ...stringMethod(BOOL, ['string'])]],
  ...['getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek'].map((name) => [name, timeAccessor(false)] as const),
  ...['getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'].map((name) => [name, timeAccessor(true)] as const),
  // the strings library (its version 0 in 1.27, 2 since 1.29), and the lists library's indexOf and lastIndexOf
  ['charAt', stringMethod(STRING, ['int'])],
  ['indexOf', [...stringMethod(INT, ['string'], ['string', 'int']), on(['list(A)', 'A'], INT)]],
  ['lastIndexOf', [...stringMethod(INT, ['string'], ['string', 'int']), on(['list(A)', 'A'], INT)]],
  ['lowerAscii', stringMethod(STRING, [])],
  ['upperAscii', stringMethod(STRING, [])],
  ['trim', stringMethod(STRING, [])],
  ['replace', stringMethod(STRING, ['string', 'string'], ['string', 'string', 'int'])],
  ['split', stringMethod(STRINGS, ['string'], ['string', 'int'])],
  ['substring', stringMethod(STRING, ['int'], ['int', 'int'])],
  ['join', [on(['list(string)'], STRING), on(['list(string)', 'string'], STRING)]],
  ['format', [on(['string', 'list'], STRING, STRINGS_2)]],
  ['strings.quote', [free(['string'], STRING, STRINGS_2)]],
  // Kubernetes' regex, URL and lists libraries
  ['find', stringMethod(STRING, ['string'])],
  ['findAll', stringMethod(STRINGS, ['string'], ['string', 'int'])],
  ['url', [free(['string'], scalar(URL))]],
  ['isURL', [free(['string'], BOOL)]],
  ...['getScheme', 'getHost', 'getHostname', 'getPort', 'getEscapedPath'].map((name) => [name, [on([URL], STRING)]] as const),
  ['getQuery', [on([URL], { kind: 'map', key: STRING, value: STRINGS })]],
  ['isSorted', COMPARABLE.map((type) => on([`list(${type})`], BOOL))],
  ['sum', SUMMABLE.map((type) => on([`list(${type})`], scalar(type)))],
  ['min', COMPARABLE.map((type) => on([`list(${type})`], scalar(type)))],
  ['max', COMPARABLE.map((type) => on([`list(${type})`], scalar(type)))],
  // the authorizer library
  ['path', [on([AUTHORIZER, 'string'], scalar(PATH_CHECK))]],
  ['group', [on([AUTHORIZER, 'string'], scalar(GROUP_CHECK))]],
  ['serviceAccount', [on([AUTHORIZER, 'string', 'string'], scalar(AUTHORIZER))]],
  ['resource', [on([GROUP_CHECK, 'string'], scalar(RESOURCE_CHECK))]],
  ...['subresource', 'namespace', 'name'].map((name) => [name, [on([RESOURCE_CHECK, 'string'], scalar(RESOURCE_CHECK))]] as const),
  ...['fieldSelector', 'labelSelector'].map((name) => [name, [on([RESOURCE_CHECK, 'string'], scalar(RESOURCE_CHECK), AUTHZ_SELECTORS)]] as const),
  ['check', [on([PATH_CHECK, 'string'], scalar(DECISION)), on([RESOURCE_CHECK, 'string'], scalar(DECISION))]],
  ['allowed', [on([DECISION], BOOL)]],
  ['reason', [on([DECISION], STRING)]],
  ['errored', [on([DECISION], BOOL, AUTHZ_ERRORS)]],
  ['error', [on([DECISION], STRING, AUTHZ_ERRORS)]],
  // the quantity library (sign() is declared without a receiver)
  ['quantity', ofLibrary(QUANTITY, free(['string'], scalar(QUANTITY_TYPE)))],
  ['isQuantity', ofLibrary(QUANTITY, free(['string'], BOOL))],
  ['sign', ofLibrary(QUANTITY, free([QUANTITY_TYPE], INT))],
  ['asApproximateFloat', ofLibrary(QUANTITY, on([QUANTITY_TYPE], DOUBLE))],
  ['asInteger', ofLibrary(QUANTITY, on([QUANTITY_TYPE], INT))],
  ['isInteger', ofLibrary(QUANTITY, on([QUANTITY_TYPE], BOOL))],
  ...['add', 'sub'].map((name) => [name, ofLibrary(QUANTITY, on([QUANTITY_TYPE, QUANTITY_TYPE], scalar(QUANTITY_TYPE)), on([QUANTITY_TYPE, 'int'], scalar(QUANTITY_TYPE)))] as const),
  ...['isGreaterThan', 'isLessThan'].map((name) => [name, [
    ...ofLibrary(QUANTITY, on([QUANTITY_TYPE, QUANTITY_TYPE], BOOL)), ...ofLibrary(SEMVER, on([SEMVER_TYPE, SEMVER_TYPE], BOOL)),
  ]] as const),
  ['compareTo', [...ofLibrary(QUANTITY, on([QUANTITY_TYPE, QUANTITY_TYPE], INT)), ...ofLibrary(SEMVER, on([SEMVER_TYPE, SEMVER_TYPE], INT))]],
  // the IP and CIDR libraries
  ['ip', [free(['string'], scalar(IP_TYPE), IP), on([CIDR_TYPE], scalar(IP_TYPE), CIDR)]],
  ['isIP', ofLibrary(IP, free(['string'], BOOL))],
  ['ip.isCanonical', ofLibrary(IP, free(['string'], BOOL))],
  ['family', ofLibrary(IP, on([IP_TYPE], INT))],
  ...['isUnspecified', 'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast'].map((name) => [name, ofLibrary(IP, on([IP_TYPE], BOOL))] as const),
  ['cidr', ofLibrary(CIDR, free(['string'], scalar(CIDR_TYPE)))],
  ['isCIDR', ofLibrary(CIDR, free(['string'], BOOL))],
  ['containsIP', ofLibrary(CIDR, on([CIDR_TYPE, 'string'], BOOL), on([CIDR_TYPE, IP_TYPE], BOOL))],
  ['containsCIDR', ofLibrary(CIDR, on([CIDR_TYPE, 'string'], BOOL), on([CIDR_TYPE, CIDR_TYPE], BOOL))],
  ['prefixLength', ofLibrary(CIDR, on([CIDR_TYPE], INT))],
  ['masked', ofLibrary(CIDR, on([CIDR_TYPE], scalar(CIDR_TYPE)))],
  // the format library
  ...FORMATS.map((name) => [`format.${name}`, ofLibrary(FORMAT, free([], scalar(NAMED_FORMAT)))] as const),
  ['format.named', ofLibrary(FORMAT, free(['string'], OPTIONAL_OF_NO_SCALAR))],
  ['validate', ofLibrary(FORMAT, on([NAMED_FORMAT, 'string'], OPTIONAL_OF_NO_SCALAR))],
  // the semver library (its version 1)
  ['semver', ofLibrary(SEMVER, free(['string'], scalar(SEMVER_TYPE)), free(['string', 'bool'], scalar(SEMVER_TYPE)))],
  ['isSemver', ofLibrary(SEMVER, free(['string'], BOOL), free(['string', 'bool'], BOOL))],
  ...['major', 'minor', 'patch'].map((name) => [name, ofLibrary(SEMVER, on([SEMVER_TYPE], INT))] as const),
  // the sets library
  ...['sets.contains', 'sets.equivalent', 'sets.intersects'].map((name) => [name, ofLibrary(SETS, free(['list(A)', 'list(A)'], BOOL))] as const),
  // optional values
  ['optional.of', ofLibrary(OPTIONAL_TYPES, typed(free(['A'], optionalOf(DYN)), ([x]) => optionalOf(x)))],
  ['optional.ofNonZeroValue', ofLibrary(OPTIONAL_TYPES, typed(free(['A'], optionalOf(DYN)), ([x]) => optionalOf(x)))],
  ['optional.none', ofLibrary(OPTIONAL_TYPES, free([], optionalOf(DYN)))],
  ['optional.unwrap', ofLibrary(OPTIONAL_TYPES, free(['list'], listOf(DYN)))],
  ['value', ofLibrary(OPTIONAL_TYPES, typed(on([OPTIONAL], DYN), ([optional]) => optionalValue(optional)))],
  ['hasValue', ofLibrary(OPTIONAL_TYPES, on([OPTIONAL], BOOL))],
  ['or', ofLibrary(OPTIONAL_TYPES, typed(on([OPTIONAL_OF_A, OPTIONAL_OF_A], optionalOf(DYN)), ([optional, other]) => optionalOf(eitherValue(optional, optionalValue(other)))))],
  ['orValue', ofLibrary(OPTIONAL_TYPES, typed(on([OPTIONAL_OF_A, 'A'], DYN), ([optional, value]) => eitherValue(optional, value)))],
  ['first', ofLibrary(OPTIONAL_TYPES, typed(on(['list'], optionalOf(DYN)), ([list]) => optionalOf(elementOf(list))))],
  ['last', ofLibrary(OPTIONAL_TYPES, typed(on(['list'], optionalOf(DYN)), ([list]) => optionalOf(elementOf(list))))],
  ['unwrapOpt', ofLibrary(OPTIONAL_TYPES, on(['list'], listOf(DYN)))],
]);

/** A macro: its name, whether it is called on a receiver, the argument counts it takes, and the feature that brought it. */
interface Macro {
  readonly member: boolean;
  readonly arities: readonly number[];
  readonly since?: Feature;
}
const MACROS: ReadonlyMap<string, readonly Macro[]> = new Map<string, readonly Macro[]>([
  ['has', [{ member: false, arities: [1] }]],
  ...['all', 'exists'].map((name) => [name, [{ member: true, arities: [2] }, { member: true, arities: [3], since: TWO_VARIABLE_COMPREHENSIONS }]] as const),
  ['exists_one', [{ member: true, arities: [2] }, { member: true, arities: [3], since: TWO_VARIABLE_COMPREHENSIONS }]],
  ['existsOne', [{ member: true, arities: [3], since: TWO_VARIABLE_COMPREHENSIONS }]],
  ['map', [{ member: true, arities: [2, 3] }]],
  ['filter', [{ member: true, arities: [2] }]],
  ...['transformList', 'transformMap', 'transformMapEntry'].map((name) => [name, [{ member: true, arities: [3, 4], since: TWO_VARIABLE_COMPREHENSIONS }]] as const),
  ...['optMap', 'optFlatMap'].map((name) => [name, [{ member: true, arities: [2], since: OPTIONAL_TYPES }]] as const),
]);

/**
 * Whether a call is a macro's: the version's macro, or a later feature's (the reason the version does not expand
 * it), or undefined where no macro has this form.
 */
export function macroOf(name: string, member: boolean, arity: number, version: KubernetesVersion): { readonly later?: string } | undefined {
  const macro = MACROS.get(name)?.find((candidate) => candidate.member === member && candidate.arities.includes(arity));
  if (macro === undefined) return undefined;
  return macro.since === undefined || compilesWith(macro.since, version) ? {} : { later: laterFeature(macro.since, version) };
}

/** Whether any environment declares a function of this name (a namespaced one by its qualified name). */
export const isDeclared = (name: string): boolean => FUNCTIONS.has(name);

/** Why the version does not declare a function that a later environment does (the earliest feature with it). */
export function unavailable(name: string, version: KubernetesVersion): string | undefined {
  const declared = FUNCTIONS.get(name) ?? [];
  if (declared.some((overload) => overload.since === undefined || compilesWith(overload.since, version))) return undefined;
  const features = declared.flatMap((overload) => (overload.since ? [overload.since] : []));
  const [earliest] = features.sort((a, b) => a.since - b.since);
  return earliest && laterFeature(earliest, version);
}

/** What resolving a call tells: a problem, or the call's type (DYN where not known). */
export interface Resolution {
  readonly problem?: string;
  readonly type: CelType;
}

/**
 * Resolves a call of a function as the version's checker does: `args` holds the receiver first for a call on one.
 * Undefined when no environment declares the name.
 */
export function resolveCall(name: string, member: boolean, args: readonly CelType[], version: KubernetesVersion): Resolution | undefined {
  const declared = FUNCTIONS.get(name);
  if (declared === undefined) return undefined;
  const later = unavailable(name, version);
  if (later !== undefined) return { problem: `undeclared reference to '${name}' (${later})`, type: DYN };
  const present = declared.filter((overload) => overload.since === undefined || compilesWith(overload.since, version));
  const styled = present.filter((overload) => overload.member === member);
  const taken = styled.filter((overload) => fits(overload.params, args));
  if (taken.length > 0) {
    const [first, ...others] = taken.map((overload) => overload.typeOf?.(args) ?? overload.result);
    // overloads of different results: cel-go's checker types the call dyn, for sure where every argument's type is
    // known here to its items (else more overloads may be taken here than there)
    return { type: others.every((result) => sameResult(result, first)) ? first : args.every(fullyKnown) ? DYNAMIC : DYN };
  }
  const applied = member ? `${shown(args[0])}.(${args.slice(1).map(shown).join(', ')})` : `(${args.map(shown).join(', ')})`;
  return { problem: `found no matching overload for '${name}' applied to '${applied}' (${whyNot(name, member, declared, styled, args, version)})`, type: DYN };
}

/** Why no overload takes the arguments: the overloads of the call's style, or a later one that would. */
function whyNot(
  name: string, member: boolean, declared: readonly Overload[], styled: readonly Overload[], args: readonly CelType[], version: KubernetesVersion,
): string {
  const later = declared.find(
    (overload) => overload.member === member && overload.since && !compilesWith(overload.since, version) && fits(overload.params, args),
  );
  if (later) return laterFeature(later.since!, version);
  if (styled.length === 0) return member ? `it is called as ${name}(x), not on a receiver` : `it is called on a receiver: x.${name}()`;
  if (member) {
    const own = styled.filter((overload) => takes(overload.params[0], args[0], {}));
    if (own.length === 0) return `it takes ${[...new Set(styled.map((overload) => overload.params[0]))].join(' or ')}`;
    return `it takes ${[...new Set(own.map((overload) => `(${overload.params.slice(1).map((param) => boundIn(param, overload.params[0], args[0])).join(', ')})`))].join(' or ')}`;
  }
  const unary = styled.every((overload) => overload.params.length === 1);
  return `it takes ${[...new Set(styled.map((overload) => (unary ? overload.params[0] : `(${overload.params.join(', ')})`)))].join(' or ')}`;
}

/** A parameter as a message shows it: A as the type the receiver binds it to (`list(A).indexOf(A)` on strings: string). */
function boundIn(param: string, receiverParam: string, receiver: CelType): string {
  const binding: Binding = {};
  takes(receiverParam, receiver, binding);
  return binding.a !== undefined ? param.replace(/\bA\b/, overloadName(binding.a)) : param;
}

/** The type a call binds its overload's type parameter A to, once an argument of a known type fixes it. */
interface Binding {
  a?: CelType;
}

/** A type known to its items and values, or dyn for sure. */
const fullyKnown = (type: CelType): boolean =>
  type.kind === 'dyn'
    ? type.certain === true
    : type.kind === 'list'
      ? fullyKnown(type.element)
      : type.kind === 'map'
        ? fullyKnown(type.key) && fullyKnown(type.value)
        : true;

const fits = (params: readonly string[], args: readonly CelType[]): boolean => {
  const binding: Binding = {};
  return params.length === args.length && params.every((param, i) => takes(param, args[i], binding));
};

/**
 * Whether a parameter takes an argument of a type (assignable, as far as it is known). A takes any type once; then
 * only a type of the same kind (a list's items and a map's types apart), null aside.
 */
function takes(param: string, arg: CelType, binding: Binding): boolean {
  if (!known(arg)) return true;
  const isNull = arg.kind === 'scalar' && arg.name === 'null_type';
  if (param === 'A') {
    if (isNull) return binding.a === undefined || binding.a.kind === 'object' || (binding.a.kind === 'scalar' && isNullable(binding.a.name));
    if (binding.a === undefined) binding.a = arg;
    return sameType(binding.a, arg);
  }
  if (isNull) return isNullable(param);
  if (param === 'list' || param === 'map') return arg.kind === param;
  if (param.startsWith('list(')) return arg.kind === 'list' && takes(param.slice(5, -1), arg.element, binding);
  if (param.startsWith(`${OPTIONAL_TYPE}(`)) return isOptional(arg) && (arg.of === undefined || takes(param.slice(OPTIONAL_TYPE.length + 1, -1), arg.of, binding));
  return arg.kind === 'scalar' && arg.name === param;
}

/** Whether two overloads' results agree: both not known here, or one type. */
const sameResult = (a: CelType, b: CelType): boolean => (!known(a) && !known(b)) || sameType(a, b);

const shown = (type: CelType): string => (known(type) ? overloadName(type) : 'dyn');
