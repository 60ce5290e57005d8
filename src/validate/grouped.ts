// Maps from a key to the list of what shares it, built one value at a time.

/** Adds `value` to the list of `key` in `map`, in place (a list copied at each value makes building one quadratic). */
export function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
