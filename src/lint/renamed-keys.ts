// Keys kubectl renames. `kubectl apply -f` reads YAML with go-yaml v2 (YAML 1.1) and turns a key that resolves to a
// boolean or a number into the JSON key go-yaml prints for it (sigs.k8s.io/yaml): a plain `on` or `yes` becomes
// "true", `010` becomes "8", `1.0` becomes "1", without a word. Lint reads the object as kubectl does, and reports
// each such key as TT0046, a warning, at its line: the field is not named as written. A key quoted or tagged is left
// alone, and so is one whose JSON key is its text (`80`, `true`); a key JSON cannot hold (a null) is kubectl's error.
import { Finding, finding, MESSAGES, SourcedObject } from '../validate/findings';
import { DocumentPath, fieldText, isMergeKey, stepOf, walkMappings } from './mapping-walk';
import type { MappingNode, YamlNode } from './yaml-parser';

/** A plain key of a document that kubectl reads as another. */
export interface RenamedKey {
  /** The key as written. */
  readonly key: string;
  /** The JSON key kubectl makes of it. */
  readonly name: string;
  /** The path of its value in the document. */
  readonly path: DocumentPath;
  /** Its line, in the document's numbering (0-based in a document, 1-based in a file). */
  readonly line: number;
}

/** A renamed key of an object read from a file: its field in the object (by the name kubectl gives it), and its line. */
export interface ObjectRenamedKey {
  readonly key: string;
  readonly name: string;
  readonly field: string;
  readonly line: number;
}

/**
 * The plain keys kubectl renames in a document whose decoding found `candidates`, the mappings with a key whose text
 * is not its JSON key (among them those that may repeat a key), in document order.
 */
export function renamedKeys(root: YamlNode, candidates: ReadonlySet<MappingNode>): RenamedKey[] {
  const found: RenamedKey[] = [];
  if (candidates.size === 0) return found;
  walkMappings(root, (mapping, path) => {
    if (!candidates.has(mapping)) return;
    for (let i = 0; i < mapping.children.length; i += 2) {
      const key = mapping.children[i];
      if (key.kind !== 'scalar' || !key.implicit || key.tag !== '' || isMergeKey(key)) continue;
      const name = stepOf(key);
      if (name !== key.value) found.push({ key: key.value, name, path: [...path, name], line: key.line });
    }
  });
  return found;
}

/** The renamed keys below the path `at` of a document (a List's item), with their fields relative to it. */
export function renamedUnder(renamed: readonly RenamedKey[], at: DocumentPath): ObjectRenamedKey[] {
  return renamed
    .filter((r) => r.path.length > at.length && at.every((step, i) => r.path[i] === step))
    .map((r) => ({ key: r.key, name: r.name, field: fieldText(r.path.slice(at.length)), line: r.line }));
}

/** TT0046 for each renamed key of an object read from a file, at the key's line. */
export function renamedKeyFindings(source: SourcedObject, renamed: readonly ObjectRenamedKey[]): Finding[] {
  return renamed.map(({ key, name, field, line }) => {
    const read = name === 'true' || name === 'false' ? `the boolean ${name}` : `the number ${name}`;
    const message =
      `the key \`${key}\` is ${read} to \`kubectl apply -f\` (go-yaml v2 reads YAML 1.1), so the field is named ` +
      `${JSON.stringify(name)}, not ${JSON.stringify(key)}: quote the key to keep its name`;
    return { ...finding(MESSAGES.renamedKey, source, message, field, null), line };
  });
}
