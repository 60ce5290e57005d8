import type { TracedApp } from './traced-app';

/** An app's own environment variables as an operator resource's `spec.env`, or nothing when it has none. */
export function envOf(app: TracedApp): { env?: { name: string; value: string }[] } {
  const entries = Object.entries(app.env);
  return entries.length === 0 ? {} : { env: entries.map(([name, value]) => ({ name, value })) };
}

/** `{ [key]: map }`, or nothing when the map is empty: metadata without an empty `annotations: {}`. */
export function nonEmpty<K extends string>(key: K, map: Readonly<Record<string, string>>): Partial<Record<K, Record<string, string>>> {
  return Object.keys(map).length === 0 ? {} : ({ [key]: { ...map } } as Record<K, Record<string, string>>);
}
