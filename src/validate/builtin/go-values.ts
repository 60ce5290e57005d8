// Reads a manifest's JSON the way the API server's Go types decode it: a null, a missing field and a value of another
// shape all read as the zero value, so the rules can test what Go validation code tests (`len(x) == 0`, `x == nil`).

/** The fields of a decoded JSON object; each is tested for its shape where it is read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are untyped JSON, read as the mesh checks read them
export type Fields = Record<string, any>;

/** A JSON object, or undefined for anything else (null, arrays, scalars: what decodes as an absent struct). */
export function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** The items of a list, or none. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string map (labels, data) as its entries, or none. */
export function entries(value: unknown): [string, unknown][] {
  const map = record(value);
  return map ? Object.entries(map) : [];
}

/** A non-empty string, else undefined: Go reads absent, null and "" alike. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A field Go decodes into a *string: the string ("" included, which is set), else undefined (absent or null). */
export function stringPointer(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string field as Go's decoded struct holds it: the string, else "". */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A number, else undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Whether a field is given: neither missing nor null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

// unicode.IsSpace's white space at either end (NEL and NBSP among it, not the byte order mark, which JS's trim takes)
const GO_SPACE_AROUND = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Go's strings.TrimSpace. */
export function goTrimSpace(value: string): string {
  return value.replace(GO_SPACE_AROUND, '');
}

/**
 * Go's strings.ToLower: each rune lowered alone, as unicode.ToLower lowers it (U+0130, I with a dot, becomes i,
 * where JS's toLowerCase writes i and a combining dot; a capital sigma is never a final one).
 */
export function goToLower(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(value)) return value.toLowerCase();
  let lowered = '';
  for (const character of value) lowered += character === '\u0130' ? 'i' : character.toLowerCase();
  return lowered;
}
