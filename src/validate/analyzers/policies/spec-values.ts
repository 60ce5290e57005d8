// Reading the untyped specs of Istio resources: the checks run on every object of a set, schema failures included,
// so a field may hold anything.
import type { SourcedObject } from '../../findings';

/** A JSON object, or undefined for anything else. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A JSON array, or an empty one for anything else. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The spec of an object, empty when it has none. */
export function specOf(source: SourcedObject): Record<string, unknown> {
  return record(source.object.spec) ?? {};
}

/** A label map (`matchLabels`, `workloadSelector.labels`), undefined when absent or not a map. */
export function labelsAt(value: unknown): Record<string, string> | undefined {
  const map = record(value);
  if (!map) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
}

/** The strings of a list of strings, skipping anything else. */
export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}
