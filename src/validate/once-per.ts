/**
 * `compute` made to run once per key (by identity): for what many checks read of one index or one set of objects,
 * such as its Istio install, its pods or its reachability matrix. A key must not change afterwards, as no index or
 * set a validation reads does; the result goes with the key.
 */
export function oncePer<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const found = new WeakMap<K, T>();
  return (key) => {
    if (found.has(key)) return found.get(key)!;
    const value = compute(key);
    found.set(key, value);
    return value;
  };
}
