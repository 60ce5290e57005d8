// The API server's checks of a custom resource with the scale subresource, beyond its schema (apiextensions'
// registry/customresource/validator.go, ValidateScaleSpec and ValidateScaleStatus): the replicas its paths name must
// be int64 values from 0 to 2^31-1 where they are present, and the label selector a string.
import type { ScaleSubresource } from '../codegen/extract-schemas';
import type { SchemaSink } from './structural';

const MAX_INT32 = 2 ** 31 - 1;

/**
 * Reports what the API server refuses in `object` at the paths of its kind's scale subresource. A problem under
 * `status` reaches the sink, which drops it where the API server resets the status on create.
 */
export function checkScale(scale: ScaleSubresource, object: unknown, sink: SchemaSink): void {
  const replicas = (path: string, which: string) => {
    const found = valueAt(object, path);
    if (found === undefined) return;
    const field = path.replace(/^\./, '');
    if (!found.ok) {
      sink.report('schema', field, `the scale subresource's ${which} (${path}) runs through a value that is no object`);
      return;
    }
    const { value } = found;
    // unstructured.NestedInt64: JSON gives an int64 for a whole number, a float64 (refused) for any other
    if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) >= 2 ** 63) {
      sink.report('schema', field, `must be an integer, the replicas of the scale subresource's ${which}, got ${JSON.stringify(value)}`);
    } else if (value < 0) {
      sink.report('schema', field, `must not be negative, the replicas of the scale subresource's ${which}, got ${value}`);
    } else if (value > MAX_INT32) {
      sink.report('schema', field, `must be at most ${MAX_INT32}, the replicas of the scale subresource's ${which}, got ${value}`);
    }
  };
  replicas(scale.specReplicasPath, 'specReplicasPath');
  replicas(scale.statusReplicasPath, 'statusReplicasPath');
  if (scale.labelSelectorPath !== undefined) {
    const found = valueAt(object, scale.labelSelectorPath);
    const field = scale.labelSelectorPath.replace(/^\./, '');
    if (found !== undefined && (!found.ok || typeof found.value !== 'string')) {
      sink.report('schema', field, `must be a string, the label selector of the scale subresource's labelSelectorPath${found.ok ? `, got ${JSON.stringify(found.value)}` : ''}`);
    }
  }
}

/**
 * The value at a path of field names (`.spec.replicas`) as unstructured.NestedFieldNoCopy finds it: undefined when a
 * field is missing or null on the way (or at the end), not ok when the way runs through a value that is no map.
 */
function valueAt(object: unknown, path: string): { ok: true; value: unknown } | { ok: false } | undefined {
  let value = object;
  for (const name of path.replace(/^\./, '').split('.')) {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return { ok: false };
    if (!Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value === null || value === undefined ? undefined : { ok: true, value };
}
