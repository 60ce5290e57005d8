// Keys written twice in one YAML mapping. `kubectl apply -f` reads a document with go-yaml v2, whose map keeps the
// value of the last of them and drops the others without a word (sigs.k8s.io/yaml's Unmarshal, which kube-yaml.ts
// mirrors); kustomize reads it with go-yaml v3, which refuses the document (decode.go mapping: "mapping key %q already
// defined at line %d"), and so do `kubectl apply -k`, `kubectl kustomize`, and Flux and Argo CD when they build a
// kustomization. Lint reports each as TT0045, a warning, at the later key. Keys are compared as go-yaml v3 compares
// them: by their node's kind and text (`app` and "app" are one key; `1` and `0x1` two, though go-yaml v2 makes one).
//
// Deliberate difference: a key written twice in a JSON document is not reported (JSON.parse keeps the last, as Go).
import { join } from '../validate/structural';
import { Finding, finding, MESSAGES, SourcedObject } from '../validate/findings';
import { jsonKey } from './kube-yaml';
import type { MappingNode, YamlNode } from './yaml-parser';
import { TAGS } from './yaml-resolve';

/** A key written again in a mapping of a document. */
export interface DuplicateKey {
  /** The key as written (its text). */
  readonly key: string;
  /** The path of the later key's value in the document: mapping keys as the decoded object has them, list indices. */
  readonly path: readonly (string | number)[];
  /** The line of the later key and of the first, in the document's numbering (0-based in a document, 1-based in a file). */
  readonly line: number;
  readonly firstLine: number;
}

/** A key written again in an object read from a file: its field in the object, and its lines in the file. */
export interface ObjectDuplicateKey {
  readonly key: string;
  readonly field: string;
  readonly line: number;
  readonly firstLine: number;
  /** The kind of the List whose own key it is (its metadata, `items`), reported on its first item. */
  readonly list?: string;
}

/**
 * The keys written again in a document whose decoding found `candidates`, the mappings that may repeat a key (a key
 * already in the value being filled, or a merge), in document order.
 */
export function duplicateKeys(root: YamlNode, candidates: Iterable<MappingNode>): DuplicateKey[] {
  const repeats = new Map<MappingNode, (readonly [number, number])[]>();
  for (const mapping of candidates) {
    if (repeats.has(mapping)) continue;
    const pairs = repeatedKeys(mapping);
    if (pairs.length > 0) repeats.set(mapping, pairs);
  }
  const found: DuplicateKey[] = [];
  if (repeats.size === 0) return found;
  // each node is walked once, where it is written: an alias's target is reached at its anchor
  const walk = (node: YamlNode, path: readonly (string | number)[]): void => {
    if (node.kind === 'sequence') node.children.forEach((child, i) => walk(child, [...path, i]));
    if (node.kind !== 'mapping') return;
    for (const [later, first] of repeats.get(node) ?? []) {
      const key = node.children[later];
      const text = key.kind === 'scalar' ? key.value : key.kind === 'alias' ? `*${key.name}` : '';
      found.push({ key: text, path: [...path, stepOf(key)], line: key.line, firstLine: node.children[first].line });
    }
    for (let i = 0; i < node.children.length; i += 2) {
      const key = node.children[i];
      const value = node.children[i + 1];
      // a merged mapping's keys are the merging one's
      if (key.kind === 'scalar' && key.value === '<<' && (key.implicit || key.tag === TAGS.merge)) {
        if (value.kind === 'sequence') for (const item of value.children) walk(item, path);
        else walk(value, path);
      } else {
        walk(value, [...path, stepOf(key)]);
      }
    }
  };
  walk(root, []);
  return found.sort((a, b) => a.line - b.line);
}

/** Of a mapping's keys, each one written again, with the first of its kind and text: [later, first] indices. */
function repeatedKeys(mapping: MappingNode): (readonly [number, number])[] {
  const firstOf = new Map<string, number>();
  const pairs: (readonly [number, number])[] = [];
  const children = mapping.children;
  for (let i = 0; i < children.length; i += 2) {
    const key = children[i];
    const id = key.kind === 'scalar' ? `s${key.value}` : key.kind === 'alias' ? `a${key.name}` : undefined;
    if (id === undefined) continue;
    const first = firstOf.get(id);
    if (first === undefined) firstOf.set(id, i);
    else pairs.push([i, first]);
  }
  return pairs;
}

/** The step a key makes in a path: its JSON key (the text of a key JSON cannot hold). */
function stepOf(key: YamlNode): string {
  while (key.kind === 'alias') key = key.target;
  if (key.kind !== 'scalar') return '';
  try {
    return jsonKey(key);
  } catch {
    return key.value;
  }
}

/** The duplicates below the path `at` of a document (a List's item), with their fields relative to it. */
export function duplicatesUnder(duplicates: readonly DuplicateKey[], at: readonly (string | number)[]): ObjectDuplicateKey[] {
  return duplicates
    .filter((d) => at.every((step, i) => d.path[i] === step))
    .map((d) => ({ key: d.key, field: fieldText(d.path.slice(at.length)), line: d.line, firstLine: d.firstLine }));
}

/** The duplicates of a List document outside its items, to report on its first item. */
export function listOwnDuplicates(duplicates: readonly DuplicateKey[], list: string): ObjectDuplicateKey[] {
  return duplicatesUnder(
    duplicates.filter((d) => !(d.path[0] === 'items' && typeof d.path[1] === 'number' && d.path.length > 2)),
    [],
  ).map((d) => ({ ...d, list }));
}

/** A path as findings name fields: `spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`. */
function fieldText(path: readonly (string | number)[]): string {
  let field = '';
  for (const step of path) field = typeof step === 'number' ? `${field}[${step}]` : join(field, step);
  return field;
}

/** TT0045 for each key written again in an object read from a file, at the later key's line. */
export function duplicateKeyFindings(source: SourcedObject, duplicates: readonly ObjectDuplicateKey[]): Finding[] {
  return duplicates.map(({ key, field, line, firstLine, list }) => {
    const what = list === undefined ? 'written twice in one mapping' : `the ${list} holding it writes ${field} twice`;
    const message =
      `${what} (key ${JSON.stringify(key)}, first on line ${firstLine}): \`kubectl apply -f\` keeps the last value without a ` +
      'word; kustomize refuses the file ("mapping key already defined"), and so do `kubectl apply -k`, Flux, and Argo CD with a kustomization';
    return { ...finding(MESSAGES.duplicateKey, source, message, list === undefined ? field : undefined, null), line };
  });
}
