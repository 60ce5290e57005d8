// Where each field of an object is written in its file, to say where a finding is. An IST finding is placed as
// istioctl analyze places it (pilot/pkg/config/file/store.go BuildFieldPathMap, read by analyzers/util ErrorLine): at
// the line of the value at the field's path in istioctl's map from every path of the document's node tree to its line,
// which keeps scalars only (a key written twice: the later one, unless only the earlier has the path) and nothing
// below an alias or a merge key. A TT finding is placed where the value kubectl decodes is given: a scalar at its
// line, a mapping or a list at its key's (or list item's), and a value reached through an alias (a merge key's too)
// at the first alias on the way. A field that is not there is reported at the line the object starts on.
//
// Deliberate differences from istioctl:
// - paths are written as findings name fields (`spec.http[0].route[0].destination.host`,
//   `metadata.annotations["sidecar.istio.io/inject"]`), not as istioctl's `{.spec...}` keys, in which a key with dots
//   cannot be told from a path;
// - a file that starts with `---` gets istioctl's lines one too many (its field map counts the separator line): here
//   the lines are the ones written.
import type { FieldLines } from '../validate/findings';
import { isMergeKey, stepOf } from './mapping-walk';
import type { MappingNode, YamlNode } from './yaml-parser';

export type Step = string | number;

/** The steps of a field path as findings write it (also `['key']` and `.key-with-dashes`); undefined when it does not read. */
export function fieldSteps(field: string): Step[] | undefined {
  const steps: Step[] = [];
  let i = 0;
  while (i < field.length) {
    if (field[i] === '.') {
      i++;
      continue;
    }
    if (field[i] !== '[') {
      let end = i;
      while (end < field.length && field[end] !== '.' && field[end] !== '[') end++;
      steps.push(field.slice(i, end));
      i = end;
      continue;
    }
    const quote = field[i + 1];
    let end: number;
    if (quote === '"') {
      end = i + 2;
      while (end < field.length && field[end] !== '"') end += field[end] === '\\' ? 2 : 1;
      try {
        steps.push(JSON.parse(field.slice(i + 1, end + 1)) as string);
      } catch {
        return undefined;
      }
      end++;
    } else if (quote === "'") {
      end = field.indexOf("'", i + 2);
      if (end < 0) return undefined;
      steps.push(field.slice(i + 2, end));
      end++;
    } else {
      end = field.indexOf(']', i);
      if (end < 0) return undefined;
      const text = field.slice(i + 1, end);
      steps.push(/^\d+$/.test(text) ? Number(text) : text);
    }
    if (field[end] !== ']') return undefined;
    i = end + 1;
  }
  return steps;
}

/**
 * The lines of the fields of one object, for IST findings as istioctl places them, for TT findings where the value
 * kubectl decodes is given. A line is found by walking the path in the object's node tree, read again for each
 * question (most objects have no finding to place, and a large lint keeps no document's tree).
 */
export class TreeFieldLines implements FieldLines {
  /** `nodeOf` gives the object's node; `offset` is added to its 0-based lines to make them the file's 1-based lines. */
  constructor(
    private readonly nodeOf: () => YamlNode,
    private readonly offset: number,
  ) {}

  lineOf(field: string, scalarsOnly = false): number | undefined {
    const steps = fieldSteps(field);
    if (steps === undefined || steps.length === 0) return undefined;
    const node = this.nodeOf();
    let line: number | undefined;
    if (scalarsOnly) line = istioctlLine(node, steps, 0);
    else {
      const found = valueAt(node, steps);
      line = found === undefined ? undefined : (found.via ?? (found.node.kind === 'scalar' ? found.node.line : found.keyLine));
    }
    return line === undefined ? undefined : line + this.offset;
  }

  plainScalarOf(field: string): { readonly text: string; readonly anchored?: { readonly anchor: string; readonly line: number } } | undefined {
    const steps = fieldSteps(field);
    const found = steps === undefined ? undefined : valueAt(this.nodeOf(), steps);
    if (found === undefined) return undefined;
    const { node, anchor } = found;
    if (node.kind !== 'scalar' || node.tag !== '' || !node.implicit) return undefined;
    return anchor === undefined ? { text: node.value } : { text: node.value, anchored: { anchor, line: node.line + this.offset } };
  }
}

/** A node of a value as kubectl decodes it, and where it is given. */
interface Found {
  readonly node: YamlNode;
  /** The 0-based line of the key (or list item) whose value it is. */
  readonly keyLine: number;
  /** The 0-based line of the first alias on the way to it from the object's node. */
  readonly via?: number;
  /** The name of the last alias on the way to it, the anchor of the node it is written in. */
  readonly anchor?: string;
}

/** `found` with its aliases followed to the node they name. */
function resolved(found: Found): Found {
  let { node, via, anchor } = found;
  while (node.kind === 'alias') {
    via ??= node.line;
    anchor = node.name;
    node = node.target;
  }
  return { node, keyLine: found.keyLine, ...(via === undefined ? {} : { via }), ...(anchor === undefined ? {} : { anchor }) };
}

/**
 * The value go-yaml v2 decodes for `key` in a mapping (decode.go's mapping and merge): the one written last in
 * document order, where a merge key (`<<`) writes every key of the mapping it names, or of the first mapping of a
 * list of them that has the key.
 */
function mappingValue(mapping: Found & { readonly node: MappingNode }, key: string): Found | undefined {
  const children = mapping.node.children;
  const { via, anchor } = mapping;
  for (let k = children.length - 2; k >= 0; k -= 2) {
    const name = children[k];
    if (isMergeKey(name)) {
      const source = resolved({ node: children[k + 1], keyLine: name.line, via, anchor });
      const sources = source.node.kind === 'sequence'
        ? source.node.children.map((item) => resolved({ ...source, node: item, keyLine: item.line }))
        : [source];
      for (const merged of sources) {
        const found = merged.node.kind === 'mapping' ? mappingValue({ ...merged, node: merged.node }, key) : undefined;
        if (found !== undefined) return found;
      }
    } else if (name.kind === 'scalar' && stepOf(name) === key) return resolved({ node: children[k + 1], keyLine: name.line, via, anchor });
  }
  return undefined;
}

/** The node of the value kubectl decodes at `steps` below `node`, and where it is given. */
function valueAt(node: YamlNode, steps: readonly Step[]): Found | undefined {
  let at: Found | undefined = resolved({ node, keyLine: node.line });
  for (const step of steps) {
    const current: Found = at;
    if (current.node.kind === 'mapping' && typeof step === 'string') at = mappingValue({ ...current, node: current.node }, step);
    else if (current.node.kind === 'sequence' && typeof step === 'number') {
      const item: YamlNode | undefined = current.node.children[step];
      at = item === undefined ? undefined : resolved({ ...current, node: item, keyLine: item.line });
    } else return undefined;
    if (at === undefined) return undefined;
  }
  return at;
}

/**
 * The 0-based line of the scalar at `steps` (from `i`) below `node` in istioctl's field map: of the one walked last in
 * document order when repeated keys write it twice, nothing below an alias or a merge key.
 */
function istioctlLine(node: YamlNode, steps: readonly Step[], i: number): number | undefined {
  if (i === steps.length) return node.kind === 'scalar' ? node.line : undefined;
  const step = steps[i];
  if (node.kind === 'mapping' && typeof step === 'string') {
    const children = node.children;
    for (let k = children.length - 2; k >= 0; k -= 2) {
      const key = children[k];
      // a merge key's fields are the merged mapping's, written elsewhere
      if (key.kind !== 'scalar' || key.value === '<<' || stepOf(key) !== step) continue;
      const line = istioctlLine(children[k + 1], steps, i + 1);
      if (line !== undefined) return line;
    }
  } else if (node.kind === 'sequence' && typeof step === 'number') {
    const child = node.children[step];
    if (child !== undefined) return istioctlLine(child, steps, i + 1);
  }
  return undefined;
}
