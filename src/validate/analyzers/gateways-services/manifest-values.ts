// Reading objects parsed from YAML: the checks run on every object of a set, schema failures included, so a field
// may hold anything.

/** A JSON object, or an empty one for anything else. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A JSON array, or an empty one for anything else. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string, or `` for anything else. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The value at a path of keys, undefined where the path leaves the objects. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
