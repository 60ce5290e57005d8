// Reading the untyped values of manifests (parsed YAML, an install's values) without trusting their shape.

/** `value` when it is a mapping, else undefined. */
export function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `value` when it is a list, else an empty list. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` when it is a string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string map (labels, annotations): its string entries, an empty map for anything else. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const map = record(value);
  if (!map) return {};
  return Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The value at `path` under `root`, through mappings only. */
export function at(root: unknown, ...path: string[]): unknown {
  let value = root;
  for (const step of path) value = record(value)?.[step];
  return value;
}

/** A field of a protobuf message as protojson reads it: by its JSON name, else by its proto name (`fromRegistry`, `from_registry`). */
export function protoField(message: Readonly<Record<string, unknown>>, jsonName: string): unknown {
  const protoName = jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return jsonName in message ? message[jsonName] : message[protoName];
}
