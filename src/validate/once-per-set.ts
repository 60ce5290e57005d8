import type { SourcedObject } from './findings';

/**
 * `compute` made to run once per set of objects (the same array): for what many checks read of one set, such as its
 * Istio install. The set must not change afterwards, as no set a validation reads does.
 */
export function oncePerSet<T>(compute: (objects: readonly SourcedObject[]) => T): (objects: readonly SourcedObject[]) => T {
  const found = new WeakMap<readonly SourcedObject[], T>();
  return (objects) => {
    if (found.has(objects)) return found.get(objects)!;
    const value = compute(objects);
    found.set(objects, value);
    return value;
  };
}
