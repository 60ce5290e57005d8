// The defaults a schema sets: the API server fills in a custom resource's defaults while it decodes it, before any
// check or CEL rule sees it. `npm run import` records each CRD's schema pruned to its defaults, so that validation
// builds the defaulting from a few nodes (none for the many CRDs without a default) instead of walking the schema.
import type { SchemaNode } from './extract-schemas';

/** Whether a property anywhere below `node` has a default; found once per schema node (without building anything). */
export function hasDefaults(node: SchemaNode): boolean {
  let found = defaultsBelow.get(node);
  if (found === undefined) {
    found = false;
    const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
    for (const name in properties) {
      if (properties[name].default !== undefined || hasDefaults(properties[name])) {
        found = true;
        break;
      }
    }
    for (const sub of [node.items, node.additionalProperties]) {
      if (!found && typeof sub === 'object' && sub !== null) found = hasDefaults(sub as SchemaNode);
    }
    defaultsBelow.set(node, found);
  }
  return found;
}

const defaultsBelow = new WeakMap<SchemaNode, boolean>();

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `node` pruned to what the defaulting reads: each property that has a default (with it, and `nullable`) or has one
 * below, and list items and map values likewise; undefined when nothing below `node` has a default. Where map values
 * have defaults, every property is kept, since the defaulting tells declared properties from map values.
 */
export function defaultsOf(node: SchemaNode): SchemaNode | undefined {
  if (!hasDefaults(node)) return undefined;
  const additional = isNode(node.additionalProperties) ? defaultsOf(node.additionalProperties) : undefined;
  const items = isNode(node.items) ? defaultsOf(node.items) : undefined;
  const properties: Record<string, SchemaNode> = {};
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) {
    const below = defaultsOf(child);
    if (child.default === undefined && below === undefined && additional === undefined) continue;
    const own = child.default === undefined ? {} : { default: child.default, ...(child.nullable === true && { nullable: true }) };
    properties[name] = { ...own, ...below };
  }
  return {
    ...(Object.keys(properties).length > 0 && { properties }),
    ...(items && { items }),
    ...(additional && { additionalProperties: additional }),
  };
}
