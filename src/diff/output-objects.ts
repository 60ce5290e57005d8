// An output directory's files as the objects they hold, so that two outputs are compared object by object, not line
// by line: key order, document order and formatting never count.
import { parseAllDocuments } from 'yaml';
import { OUTPUT_MARKER } from '../synth/output-marker';
import { asRecord, stringAt } from './yaml-value';

/** The files of one output directory: path relative to it, and content. */
export type OutputFiles = ReadonlyMap<string, string>;

/** One object (a YAML document, or a whole JSON or other file) of an output. */
export interface OutputObject {
  /** The file it is in, relative to the output directory. */
  readonly file: string;
  /** What identifies it within the file: `Kind namespace/name`, or the file's path for a file that is one value. */
  readonly id: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The parsed value. */
  readonly value: unknown;
}

/** A file of an output that cannot be read. */
export class OutputReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputReadError';
  }
}

/**
 * The objects of an output's files: every document of the YAML files (and of `Kustomization`), each JSON file as one
 * value, any other file as its text. Markdown files and the output marker are left out: the Markdown is
 * documentation generated from the objects (the README's picture and tables), and the marker says only that synth
 * wrote the directory.
 */
export function outputObjects(files: OutputFiles, where = 'output', parsed: ParseCache = new Map()): OutputObject[] {
  const objects: OutputObject[] = [];
  for (const [file, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    // the output marker is constant, so it adds nothing to a comparison of objects
    if (base === OUTPUT_MARKER || base.endsWith('.md')) continue;
    if (/\.ya?ml$/.test(file) || base === 'Kustomization') objects.push(...yamlObjects(file, content, where, parsed));
    else if (file.endsWith('.json')) objects.push({ file, id: file, value: parseJson(file, content, where) });
    else objects.push({ file, id: file, value: content });
  }
  return objects;
}

/**
 * Parsed YAML documents by file content. Most files are the same on both sides of a comparison and in several
 * environments, and parsing is most of a comparison's time: each content is parsed once. The values are shared, so
 * nothing may change them.
 */
export type ParseCache = Map<string, readonly unknown[]>;

function parseDocuments(file: string, content: string, where: string, parsed: ParseCache): readonly unknown[] {
  let values = parsed.get(content);
  if (!values) {
    values = parseAllDocuments(content).map((doc, i) => {
      if (doc.errors.length > 0) throw new OutputReadError(`${where}: ${file}: document ${i + 1} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      return doc.toJS() as unknown;
    });
    parsed.set(content, values);
  }
  return values;
}

function yamlObjects(file: string, content: string, where: string, parsed: ParseCache): OutputObject[] {
  const objects: OutputObject[] = [];
  const seen = new Map<string, number>();
  parseDocuments(file, content, where, parsed).forEach((value, i) => {
    if (value === null || value === undefined) return;
    const kind = stringAt(value, 'kind');
    const namespace = stringAt(value, 'metadata', 'namespace');
    const name = stringAt(value, 'metadata', 'name');
    let id = !kind || !asRecord(value) ? `${file} document ${i + 1}` : objectName(value);
    // the same object twice in a file: tell the copies apart by their order
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    if (count > 1) id = `${id} (copy ${count})`;
    objects.push({ file, id, kind, namespace, name, value });
  });
  return objects;
}

/** `Kind namespace/name` of a Kubernetes object (`Kind name` when it names no namespace, `Kind` when no name). */
export function objectName(value: unknown): string {
  const kind = stringAt(value, 'kind') ?? '(no kind)';
  const namespace = stringAt(value, 'metadata', 'namespace');
  const name = stringAt(value, 'metadata', 'name');
  return name === undefined ? kind : `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function parseJson(file: string, content: string, where: string): unknown {
  try {
    return JSON.parse(content);
  } catch (err) {
    throw new OutputReadError(`${where}: ${file} is not valid JSON: ${(err as Error).message}`);
  }
}
