// Reading objects parsed from YAML, which are untyped: every accessor checks the type it returns.

/** A plain object of parsed YAML (a mapping), or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value at `path` under `value` (keys of mappings, indexes of lists), or undefined. */
export function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = asRecord(current)?.[step];
  }
  return current;
}

/** The string at `path`, or undefined. */
export function stringAt(value: unknown, ...path: readonly (string | number)[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** The number at `path`, or undefined. */
export function numberAt(value: unknown, ...path: readonly (string | number)[]): number | undefined {
  const found = at(value, ...path);
  return typeof found === 'number' ? found : undefined;
}

/** The list at `path`, empty when there is none. */
export function listAt(value: unknown, ...path: readonly (string | number)[]): unknown[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** The strings of the list at `path` (other items dropped). */
export function stringsAt(value: unknown, ...path: readonly (string | number)[]): string[] {
  return listAt(value, ...path).filter((s): s is string => typeof s === 'string');
}

/** The string-valued entries of the mapping at `path` (labels, selectors, ConfigMap data). */
export function stringMapAt(value: unknown, ...path: readonly (string | number)[]): Record<string, string> {
  const found = asRecord(at(value, ...path)) ?? {};
  return Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A canonical text of a value: mappings with sorted keys, so two values that differ only in key order are equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = asRecord(value);
  if (record) {
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
      .join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** Whether two parsed values are equal, whatever the order of their keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
