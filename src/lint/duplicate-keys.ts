// Keys written twice in one YAML mapping or JSON object. `kubectl apply -f` reads a document with go-yaml v2, whose map
// keeps the value of the last of them and drops the others without a word (sigs.k8s.io/yaml's Unmarshal, which
// kube-yaml.ts mirrors; Go's JSON decoding of a JSON document alike); kustomize reads it with go-yaml v3, which refuses
// the document (decode.go mapping: "mapping key %q already defined at line %d"), and so do `kubectl apply -k`,
// `kubectl kustomize`, and Flux and Argo CD when they build a kustomization. Lint reports each as TT0045, a warning,
// at the later key. Keys are compared as kustomize compares them: by their text (`app` and "app" are one key, and so
// are `on` and "on", which go-yaml v2 makes true and "on"; `1` and `0x1` are two), an alias key as the text of what it
// stands for (kyaml replaces aliases by copies before it decodes). Two keys of one text that go-yaml v2 reads as values
// of two types (`1` and "1", an int and a string) are two keys of its map, which JSON names alike: kubectl keeps the
// value of either, at random (Go's map order, in sigs.k8s.io/yaml's conversion to JSON).
//
// Not reported, as kustomize takes them: a key repeated in a mapping merged into another (`<<`), whose first value
// kyaml's merge keeps; a List's own keys but `items`, which kyaml's reader takes apart itself. A List's `items` written
// twice is reported with its own message: kustomize builds the first list, `kubectl apply -f` applies the last.
import { Finding, finding, MESSAGES, SourcedObject } from '../validate/findings';
import { decodeScalar } from '../manifests/yaml-resolve';
import { DocumentPath, fieldText, stepOf, walkMappings } from './mapping-walk';
import type { MappingNode, YamlNode } from './yaml-parser';

/** A key written again in a mapping of a document. */
export interface DuplicateKey {
  /** The key as written (its text). */
  readonly key: string;
  /** The path of the later key's value in the document. */
  readonly path: DocumentPath;
  /** The line of the later key and of the first, in the document's numbering (0-based in a document, 1-based in a file). */
  readonly line: number;
  readonly firstLine: number;
  /** The JSON keys kubectl makes of the first and the later, when they differ (`"on"` and `on`, which is true). */
  readonly kubectlKeys?: readonly [string, string];
  /** Whether kubectl keeps either value at random: one JSON key for two keys of go-yaml's map (`1` and "1"). */
  readonly random?: true;
}

/** A key written again in an object read from a file: its field in the object, and its lines in the file. */
export interface ObjectDuplicateKey {
  readonly key: string;
  readonly field: string;
  readonly line: number;
  readonly firstLine: number;
  /** The JSON keys kubectl makes of the first and the later, when they differ. */
  readonly kubectlKeys?: readonly [string, string];
  /** Whether kubectl keeps either value at random. */
  readonly random?: true;
  /** The kind of the List whose `items` it is, reported on its first item. */
  readonly list?: string;
}

/**
 * The keys written again in a document whose decoding found `candidates`, the mappings that may repeat a key (a key
 * already in the value being filled, a merge, a key whose text is not its JSON key), in document order; the mappings
 * in `merged` (merged into others) are passed over.
 */
export function duplicateKeys(root: YamlNode, candidates: Iterable<MappingNode>, merged: ReadonlySet<MappingNode>): DuplicateKey[] {
  const repeats = new Map<MappingNode, (readonly [number, number])[]>();
  for (const mapping of candidates) {
    if (repeats.has(mapping) || merged.has(mapping)) continue;
    const pairs = repeatedKeys(mapping);
    if (pairs.length > 0) repeats.set(mapping, pairs);
  }
  const found: DuplicateKey[] = [];
  if (repeats.size === 0) return found;
  walkMappings(root, (node, path) => {
    for (const [later, first] of repeats.get(node) ?? []) {
      const key = node.children[later];
      const text = keyText(key) ?? '';
      const [step, firstStep] = [stepOf(key), stepOf(node.children[first])];
      found.push({
        key: text,
        path: [...path, step],
        line: key.line,
        firstLine: node.children[first].line,
        ...(firstStep !== step
          ? { kubectlKeys: [firstStep, step] as const }
          : goKey(key) !== goKey(node.children[first]) ? { random: true as const } : {}),
      });
    }
  });
  return found.sort((a, b) => a.line - b.line);
}

/** A key as go-yaml v2's map holds it: its type and value (the int 1 and the string "1" are two keys). */
function goKey(key: YamlNode): string {
  while (key.kind === 'alias') key = key.target;
  if (key.kind !== 'scalar') return '';
  try {
    const { tag, value } = decodeScalar(key.value, key.tag, key.implicit);
    return `${tag} ${String(value)}`;
  } catch {
    return `str ${key.value}`;
  }
}

/** The text kustomize compares a key by: a scalar's, an alias's target's (kyaml expands aliases first). */
function keyText(key: YamlNode): string | undefined {
  while (key.kind === 'alias') key = key.target;
  return key.kind === 'scalar' ? key.value : undefined;
}

/** One object or array open while a JSON document is scanned: an object's keys so far, and the step of its children. */
interface JsonFrame {
  /** An object's keys, with the line each is first written on; undefined for an array. */
  readonly keys?: Map<string, number>;
  /** An object's key being read next (after `{` or `,`). */
  expectKey: boolean;
  /** The step of the value being read: an object's last key, an array's index. */
  step: string | number;
}

/**
 * The keys written again in one JSON object of a document (the text of one valid JSON value, whose first line is
 * `firstLine`), compared by their decoded text, with the file's lines.
 */
export function jsonDuplicateKeys(text: string, firstLine: number): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: JsonFrame[] = [];
  let line = firstLine;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x22) {
      // a string has no line break in it (JSON escapes them); a key is one where its object expects one
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const first = top.keys.get(key);
        if (first === undefined) top.keys.set(key, line);
        else found.push({ key, path: [...stack.slice(0, -1).map((f) => f.step), key], line, firstLine: first });
        top.step = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) stack.push({ keys: new Map(), expectKey: true, step: '' });
    else if (c === 0x5b) stack.push({ expectKey: false, step: 0 });
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top.keys) top.expectKey = true;
      else top.step = (top.step as number) + 1;
    }
  }
  return found;
}

/** Of a mapping's keys, each one written again, with the first of its text: [later, first] indices. */
function repeatedKeys(mapping: MappingNode): (readonly [number, number])[] {
  const firstOf = new Map<string, number>();
  const pairs: (readonly [number, number])[] = [];
  const children = mapping.children;
  for (let i = 0; i < children.length; i += 2) {
    const id = keyText(children[i]);
    if (id === undefined) continue;
    const first = firstOf.get(id);
    if (first === undefined) firstOf.set(id, i);
    else pairs.push([i, first]);
  }
  return pairs;
}

/** The duplicates below the path `at` of a document (a List's item), with their fields relative to it. */
export function duplicatesUnder(duplicates: readonly DuplicateKey[], at: DocumentPath): ObjectDuplicateKey[] {
  return duplicates
    .filter((d) => at.every((step, i) => d.path[i] === step))
    .map((d) => ({
      key: d.key,
      field: fieldText(d.path.slice(at.length)),
      line: d.line,
      firstLine: d.firstLine,
      ...(d.kubectlKeys === undefined ? {} : { kubectlKeys: d.kubectlKeys }),
      ...(d.random ? { random: d.random } : {}),
    }));
}

/** A List document's `items` written twice, to report on its first item (the List's other own keys no tool reads). */
export function listOwnDuplicates(duplicates: readonly DuplicateKey[], list: string): ObjectDuplicateKey[] {
  return duplicatesUnder(
    duplicates.filter((d) => d.path.length === 1 && d.path[0] === 'items'),
    [],
  ).map((d) => ({ ...d, list }));
}

const REFUSED = 'kustomize refuses the file ("mapping key already defined"), and so do `kubectl apply -k`, Flux, and Argo CD with a kustomization';

/** What TT0045 says of a key written again: what each tool makes of it. */
function duplicateMessage({ key, firstLine, kubectlKeys, random, list }: ObjectDuplicateKey): string {
  if (list !== undefined) {
    return `the ${list} holding it writes items twice (first on line ${firstLine}): \`kubectl apply -f\` applies the last list and ` +
      'kustomize the first (`kubectl apply -k`, Flux, Argo CD with a kustomization): each deploys other objects';
  }
  const written = `(key ${JSON.stringify(key)}, first on line ${firstLine})`;
  if (kubectlKeys !== undefined) {
    return `written twice in one mapping as kustomize reads keys ${written}: ${REFUSED}; \`kubectl apply -f\` reads two keys, ` +
      `${JSON.stringify(kubectlKeys[0])} and ${JSON.stringify(kubectlKeys[1])}: quote the key`;
  }
  if (random) {
    return `written twice in one mapping ${written}, as keys of two types: \`kubectl apply -f\` keeps either value, at random, ` +
      `without a word (two keys to go-yaml, one in JSON); ${REFUSED}`;
  }
  return `written twice in one mapping ${written}: \`kubectl apply -f\` keeps the last value without a word; ${REFUSED}`;
}

/** TT0045 for each key written again in an object read from a file, at the later key's line. */
export function duplicateKeyFindings(source: SourcedObject, duplicates: readonly ObjectDuplicateKey[]): Finding[] {
  return duplicates.map((d) => ({
    ...finding(MESSAGES.duplicateKey, source, duplicateMessage(d), d.list === undefined ? d.field : undefined, null),
    line: d.line,
  }));
}
