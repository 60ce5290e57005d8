// Validation fills in a custom resource's defaults from its schema pruned to them (imports/schemas/crds.json
// `defaults`): the same result as the defaulting of the whole schema, on every pinned CRD that sets one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CrdSchema, SchemaNode } from '../src/codegen/extract-schemas';
import { compileDefaulter } from '../src/validate/structural';

const crds = JSON.parse(readFileSync(path.join(__dirname, '..', 'imports', 'schemas', 'crds.json'), 'utf8')) as Record<string, CrdSchema>;
const defaulted = Object.entries(crds).filter(([, crd]) => crd.defaults);

/** A value reaching every default of `node`: objects along the paths, a list of one item, a map of one key. */
function skeleton(node: SchemaNode, nulls: boolean): unknown {
  if (node.items) return [skeleton(node.items as SchemaNode, nulls)];
  const value: Record<string, unknown> = {};
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) {
    if (child.properties || child.items || child.additionalProperties) value[name] = skeleton(child, nulls);
    else if (nulls) value[name] = null;
  }
  if (node.additionalProperties) value['some-key'] = skeleton(node.additionalProperties as SchemaNode, nulls);
  return value;
}

describe("the defaulting of a CRD's pruned defaults", () => {
  test('there are CRDs with defaults to compare', () => {
    expect(defaulted.length).toBeGreaterThan(10);
  });

  test.each(defaulted)('%s: the same as its whole schema', (_, crd) => {
    const whole = compileDefaulter(crd.schema);
    const pruned = compileDefaulter(crd.defaults!);
    const values = [{}, { spec: {} }, skeleton(crd.defaults!, false), skeleton(crd.defaults!, true), { spec: { unknown: [1, { a: null }] }, other: 'x' }];
    for (const value of values) {
      const filled = whole(structuredClone(value));
      expect(pruned(structuredClone(value))).toEqual(filled);
      // the skeletons reach defaults: the comparison is not between two values left as they were
      if (value !== values[0] && value !== values[1] && value !== values[4]) expect(filled).not.toEqual(value);
    }
  });
});
