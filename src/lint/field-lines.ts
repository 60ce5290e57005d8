// Where each field of an object is written in its file, as istioctl analyze keeps it to say where a finding is
// (pilot/pkg/config/file/store.go BuildFieldPathMap, read by analyzers/util ErrorLine): a map from a field's path to
// the line of its value, built from the document's node tree; a field that is not in it is reported at the line the
// object starts on.
//
// Deliberate differences:
// - paths are written as findings name fields (`spec.http[0].route[0].destination.host`,
//   `metadata.annotations["sidecar.istio.io/inject"]`), not as istioctl's `{.spec...}` keys, in which a key with dots
//   cannot be told from a path;
// - istioctl keeps scalars only, so its findings about a mapping or a list are at the object's start line, and so are
//   IST findings here; a TT finding about a mapping or a list is at the line of its key (or list item);
// - a file that starts with `---` gets istioctl's lines one too many (its field map counts the separator line): here
//   the lines are the ones written.
import type { FieldLines } from '../validate/findings';
import { jsonKey } from './kube-yaml';
import type { ScalarNode, YamlNode } from './yaml-parser';

type Step = string | number;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A path as findings write it (validate/structural.ts join): `.name`, `["other key"]`, `[index]`. */
function join(path: string, step: Step): string {
  if (typeof step === 'number') return `${path}[${step}]`;
  if (IDENTIFIER.test(step)) return path === '' ? step : `${path}.${step}`;
  return `${path}[${JSON.stringify(step)}]`;
}

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

/** A key as the decoded object has it (`n` is "false"), the text of a key that could not be decoded. */
function keyOf(key: ScalarNode): string {
  try {
    return jsonKey(key);
  } catch {
    return key.value;
  }
}

/** The line of every field of one object, built on the first question (most objects have no finding to place). */
export class FieldLineMap implements FieldLines {
  private scalars?: Map<string, number>;
  private containers?: Map<string, number>;

  /**
   * `nodeOf` gives the object's node when first asked (a large lint keeps no document's tree for the objects that
   * have no finding to place); `offset` is added to its 0-based lines to make them the file's 1-based lines.
   */
  constructor(
    private readonly nodeOf: () => YamlNode,
    private readonly offset: number,
  ) {}

  lineOf(field: string, scalarsOnly = false): number | undefined {
    if (this.scalars === undefined || this.containers === undefined) {
      this.scalars = new Map();
      this.containers = new Map();
      this.walk(this.nodeOf(), '');
    }
    const canonical = () => {
      const steps = fieldSteps(field);
      return steps === undefined ? undefined : steps.reduce<string>(join, '');
    };
    const lookUp = (map: Map<string, number>) => {
      const line = map.get(field);
      if (line !== undefined) return line;
      const key = canonical();
      return key === undefined ? undefined : map.get(key);
    };
    return lookUp(this.scalars) ?? (scalarsOnly ? undefined : lookUp(this.containers));
  }

  private walk(node: YamlNode, path: string): void {
    if (node.kind === 'mapping') {
      for (let i = 0; i < node.children.length; i += 2) {
        const key = node.children[i];
        // a merge key's fields are the merged mapping's, written elsewhere
        if (key.kind !== 'scalar' || key.value === '<<') continue;
        this.visit(node.children[i + 1], join(path, keyOf(key)), key.line);
      }
    } else if (node.kind === 'sequence') {
      node.children.forEach((child, i) => this.visit(child, join(path, i), child.line));
    }
  }

  /** Records a value at `path`: a scalar at its own line, a mapping or list at `at` (its key's line), then its fields. */
  private visit(value: YamlNode, path: string, at: number): void {
    if (value.kind === 'scalar') {
      this.scalars!.set(path, value.line + this.offset);
    } else if (value.kind !== 'alias') {
      this.containers!.set(path, at + this.offset);
      this.walk(value, path);
    }
  }
}
