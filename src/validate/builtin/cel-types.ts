// The types lint gives CEL values while it compiles an expression (./cel-check.ts): what it knows of cel-go's types.
// A type it cannot tell is DYN, which every overload takes; DYNAMIC is a value cel-go itself types `dyn`.

/** A type CEL is given for a value: DYNAMIC when cel-go gives it `dyn`, DYN when it is dynamic or not known here. */
export type CelType =
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, CelType> }
  | { readonly kind: 'map'; readonly key: CelType; readonly value: CelType }
  | { readonly kind: 'list'; readonly element: CelType }
  | { readonly kind: 'scalar'; readonly name: string; readonly of?: CelType }
  | { readonly kind: 'dyn'; readonly certain?: boolean };

export const DYN: CelType = { kind: 'dyn' };
export const DYNAMIC: CelType = { kind: 'dyn', certain: true };
/** A type cel-go names (a primitive, a well-known type, a library's opaque or object type such as `net.IP`). */
export const scalar = (name: string): CelType => ({ kind: 'scalar', name });
export const BOOL = scalar('bool');
export const INT = scalar('int');
export const STRING = scalar('string');
/** An object type of the given fields. */
export const objectType = (fields: Readonly<Record<string, CelType>>): CelType => ({ kind: 'object', fields: new Map(Object.entries(fields)) });
export const listOf = (element: CelType): CelType => ({ kind: 'list', element });
/** optional_type(T): a scalar to the overloads, which take any optional; `of` is T where it is known here. */
export const OPTIONAL_TYPE = 'optional_type';
export const optionalOf = (of: CelType): CelType => ({ kind: 'scalar', name: OPTIONAL_TYPE, of });
type Optional = { readonly kind: 'scalar'; readonly name: typeof OPTIONAL_TYPE; readonly of?: CelType };
/** Whether a type is an optional (optional_type(T)). */
export const isOptional = (type: CelType | undefined): type is Optional => type?.kind === 'scalar' && type.name === OPTIONAL_TYPE;
/** An optional's value type where it is known here, else the type itself (the checker's maybeUnwrapOptional). */
export const unwrapped = (type: CelType): CelType => (isOptional(type) && type.of !== undefined ? type.of : type);
/** The value type of an optional (dyn of a dyn value; DYN where it is not known). */
export const optionalValue = (type: CelType | undefined): CelType =>
  (isOptional(type) && type.of) || (type?.kind === 'dyn' ? type : DYN);
/** A map of string keys (a schema's, the admission types'). */
export const mapOf = (value: CelType): CelType => ({ kind: 'map', key: STRING, value });

/** Whether a type is known here (not dynamic, nor unread). */
export const known = (type: CelType | undefined): type is CelType => type !== undefined && type.kind !== 'dyn';

/**
 * Whether two types are the same known type: lists and maps by their items' types where both are known, an object
 * type only to itself. The API server names each schema node's object type by its path (MaybeAssignTypeName: two
 * nodes, two types, however alike), and each node's type is built once here, so one node is one object.
 */
export function sameType(a: CelType | undefined, b: CelType | undefined): boolean {
  if (!known(a) || !known(b) || a.kind !== b.kind) return false;
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.name === b.name && (a.of === undefined || b.of === undefined || agree(a.of, b.of));
  if (a.kind === 'list' && b.kind === 'list') return agree(a.element, b.element);
  if (a.kind === 'map' && b.kind === 'map') return agree(a.key, b.key) && agree(a.value, b.value);
  return a === b;
}
const agree = (a: CelType, b: CelType): boolean => !known(a) || !known(b) || sameType(a, b);

/**
 * Whether null is assignable to a type of this name (cel-go's legacy nullable kinds): the well-known timestamp and
 * duration, optional_type, and the libraries' object and opaque types (`kubernetes.Quantity`, `net.IP`). An object
 * type of a schema is nullable too.
 */
export const isNullable = (name: string): boolean => name === 'timestamp' || name === 'duration' || name === 'optional_type' || name.includes('.');

/** A type as an overload message names it. */
export const overloadName = (type: CelType): string => (type.kind === 'scalar' ? type.name : type.kind);

/** Whether a type is known not to be `expected` (dyn for sure is: the API server wants the exact type). */
export const mismatches = (type: CelType | undefined, expected: CelType): boolean =>
  type !== undefined && ((known(type) && !sameType(type, expected)) || (type.kind === 'dyn' && type.certain === true));

export function describe(type: CelType): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'object':
      return 'an object';
    case 'dyn':
      return 'dyn';
    default:
      return `a ${type.kind}`;
  }
}
