// The mappings of a YAML document where they are written, with the path of each in the decoded document: what the
// checks of keys walk (TT0045, TT0046). A node is walked once, where it is written: an alias's target at its anchor,
// a mapping merged in by `<<` at the path of the mapping it is merged into.
import { join } from '../validate/structural';
import { TAGS } from '../manifests/yaml-resolve';
import { jsonKey } from './kube-yaml';
import type { MappingNode, YamlNode } from './yaml-parser';

/** A path in a decoded document: mapping keys as the decoded object has them, list indices. */
export type DocumentPath = readonly (string | number)[];

/** Calls `visit` with each mapping of the document under `root` and the path of its value. */
export function walkMappings(root: YamlNode, visit: (mapping: MappingNode, path: DocumentPath) => void): void {
  const walk = (node: YamlNode, path: DocumentPath): void => {
    if (node.kind === 'sequence') node.children.forEach((child, i) => walk(child, [...path, i]));
    if (node.kind !== 'mapping') return;
    visit(node, path);
    for (let i = 0; i < node.children.length; i += 2) {
      const key = node.children[i];
      const value = node.children[i + 1];
      // a merged mapping's keys are the merging one's
      if (isMergeKey(key)) {
        if (value.kind === 'sequence') for (const item of value.children) walk(item, path);
        else walk(value, path);
      } else {
        walk(value, [...path, stepOf(key)]);
      }
    }
  };
  walk(root, []);
}

/** Whether a mapping key is the merge key `<<` to go-yaml v2. */
export function isMergeKey(key: YamlNode): boolean {
  return key.kind === 'scalar' && key.value === '<<' && (key.implicit || key.tag === TAGS.merge);
}

/** The step a key makes in a path: its JSON key (the text of a key JSON cannot hold). */
export function stepOf(key: YamlNode): string {
  while (key.kind === 'alias') key = key.target;
  if (key.kind !== 'scalar') return '';
  try {
    return jsonKey(key);
  } catch {
    return key.value;
  }
}

/** A path as findings name fields: `spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`. */
export function fieldText(path: DocumentPath): string {
  let field = '';
  for (const step of path) field = typeof step === 'number' ? `${field}[${step}]` : join(field, step);
  return field;
}
