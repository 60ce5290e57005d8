// Whether a schema sets defaults: the API server fills in a custom resource's defaults while it decodes it, before any
// check or CEL rule sees it. `npm run import` records it per CRD, so that validation builds no defaulting for the
// many CRDs without a default; validation builds the defaulting only along the subtrees that have one.
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
