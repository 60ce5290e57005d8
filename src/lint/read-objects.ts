// Reads Kubernetes objects from manifest files and directories as `kubectl apply -f` takes them (cli-runtime's
// resource builder): the files' documents as kube-stream.ts reads them, each a JSON object with a kind (an object
// with `items` is a list, whose items are objects in turn), apiVersion a string, metadata a mapping.
//
// Deliberate differences:
// - a directory is read recursively (kubectl needs -R), and a .json file found in one that holds no object with
//   apiVersion and kind (a Grafana dashboard beside the manifests) is data, not a manifest, and is passed over;
//   kubectl applies no file that holds one, so a file named on the command line is read as kubectl reads it;
// - only regular files are read: a FIFO, socket or device found in a directory is passed over, and one named on the
//   command line is refused (kubectl would block reading it); `-` reads standard input;
// - a directory named on the command line may be a link to one (kubectl fails to read it as a file);
// - a missing apiVersion is an error here (kubectl's decoder lets it pass to the REST mapping, which guesses);
// - metadata's fields are typed by the schema checks, which report what kubectl's decoder refuses with the field.
import { readFileSync, readSync, Stats, statSync } from 'node:fs';
import path from 'node:path';
import { fsReason, walkUnder } from '../files/files-under';
import type { KubeObject } from '../manifests/kube-object';
import type { SourcedObject } from '../validate';
import { duplicatesUnder, listOwnDuplicates, ObjectDuplicateKey } from './duplicate-keys';
import { ObjectRenamedKey, renamedUnder } from './renamed-keys';
import { JsonValue } from './kube-yaml';
import { decodeText, readStream, StreamDocument, UnreadableStreamError } from './kube-stream';

/** Why input cannot be used, and where: a file, and the line in it when there is one. */
export interface InputProblem {
  readonly file?: string;
  readonly line?: number;
  readonly reason: string;
}

/** An object read from a file, with the lines it, its fields and its namespace are written on. */
export interface ReadObject extends SourcedObject {
  readonly file: string;
  /** The line it starts on, as istioctl analyze gives it: a document's first line that is not blank, a list item's line. */
  readonly line: number;
  /** The line of metadata.namespace, when the object names one. */
  readonly namespaceLine?: number;
  /** The keys written twice in one of its mappings (TT0045). */
  readonly duplicateKeys?: readonly ObjectDuplicateKey[];
  /** The plain keys kubectl renames (TT0046). */
  readonly renamedKeys?: readonly ObjectRenamedKey[];
}

/** A file to read, and whether it was named on the command line (rather than found in a directory). */
export interface ManifestFile {
  /** Its path as given (or joined to the directory given), or {@link STDIN} for standard input. */
  readonly file: string;
  readonly named: boolean;
  /** Standard input (`-` on the command line), read whole. */
  readonly stdin?: boolean;
}

/** How standard input is named in findings and messages. */
export const STDIN = '<stdin>';

// the extensions kubectl reads in a directory (resource.FileExtensions)
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * The manifest files a path stands for: `-` standard input, a file itself, or a directory's manifest files,
 * recursively and sorted. A directory is walked as kubectl's -R walks it: a link found in it is followed only when its
 * name has a manifest extension (a link to a directory is not walked); a FIFO, socket or device found in it is passed
 * over, never read. What cannot be read goes to `problems`, with the system's reason.
 */
export function manifestFiles(target: string, problems: InputProblem[]): ManifestFile[] {
  if (target === '-') return [{ file: STDIN, named: true, stdin: true }];
  // kubectl: `the path "" does not exist`; an unset shell variable, most likely
  if (target === '') {
    problems.push({ reason: 'the path "" does not exist: an empty argument names no file' });
    return [];
  }
  let stat;
  try {
    stat = statSync(target);
  } catch (err) {
    problems.push({ file: target, reason: fsReason(err) });
    return [];
  }
  if (stat.isFile()) return [{ file: target, named: true }];
  if (!stat.isDirectory()) {
    problems.push({ file: target, reason: `is ${specialKind(stat)}, not a regular file or directory; to read a stream, pipe it to \`lint -\`` });
    return [];
  }
  return walkUnder(target, { followDirectoryLinks: false, include: (name) => MANIFEST_EXTENSIONS.has(path.extname(name)) }).flatMap(
    (entry): ManifestFile[] => {
      const file = path.join(target, entry.path);
      if (entry.type === 'file') return [{ file, named: false }];
      if (entry.type === 'unreadable') {
        const link = entry.linkTarget === undefined ? '' : ` (a symbolic link to ${entry.linkTarget})`;
        problems.push({ file, reason: `${fsReason(entry.error)}${link}` });
      } else if (entry.type === 'linked directory') {
        // kubectl opens it as a file, and fails
        problems.push({ file, reason: 'is a directory (a symbolic link to one); links to directories in a directory are not followed, as kubectl' });
      }
      // a FIFO, socket or device: a read could block for ever
      return [];
    },
  );
}

const specialKind = (stat: Stats): string =>
  stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() ? 'a character device' : stat.isBlockDevice() ? 'a block device' : 'no file';

/**
 * The objects of a manifest file, `List`s flattened. What kubectl cannot read goes to `problems`: a document that is
 * no object, as kubectl reports each; a syntax error, after which kubectl reads no more of the file.
 */
export function readManifest({ file, named, stdin }: ManifestFile, problems: InputProblem[]): ReadObject[] {
  let bytes: Buffer;
  try {
    bytes = stdin ? readStdin() : readFileSync(file);
  } catch (err) {
    problems.push({ file, reason: fsReason(err) });
    return [];
  }
  const objects: ReadObject[] = [];
  const fileProblems: InputProblem[] = [];
  const take = (document: StreamDocument) => {
    const problem = collect(document.value, [], document, file, objects);
    if (problem) fileProblems.push({ file, line: problem.line, reason: problem.reason });
  };
  // a .json file found in a directory is read whole before it counts as a manifest (JSON has no node tree to keep)
  const json: StreamDocument[] = [];
  const dataFile = isDataFile({ file, named });
  try {
    readStream(decodeText(bytes), dataFile ? (document) => json.push(document) : take);
  } catch (err) {
    if (!(err instanceof UnreadableStreamError)) throw err;
    // kubectl stops reading a file at a syntax error, after the documents before it
    fileProblems.push({ file, line: err.line, reason: err.message });
  }
  if (dataFile && !json.some((d) => isObject(d.value) && 'apiVersion' in d.value && 'kind' in d.value) && fileProblems.length === 0) return [];
  json.forEach(take);
  problems.push(...fileProblems);
  return objects;
}

/** Standard input, whole. fd 0 may be non-blocking (a pipe a node process set up): a read that would block waits a little. */
function readStdin(): Buffer {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let count;
    try {
      count = readSync(0, chunk, 0, chunk.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (count === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, count)));
  }
  return Buffer.concat(chunks);
}

/** A .json file found in a directory, not named: read as a manifest only when it holds an object with apiVersion and kind. */
export const isDataFile = ({ file, named }: ManifestFile): boolean => !named && path.extname(file) === '.json';

const isObject = (value: unknown): value is { [key: string]: JsonValue } => typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`);

/** Adds the object at `at` (or a list's items) to `objects`; returns the problem that stops the file, if any. */
function collect(
  value: JsonValue,
  at: readonly (string | number)[],
  document: StreamDocument,
  file: string,
  objects: ReadObject[],
): { line: number; reason: string } | undefined {
  const line = document.lineOf(at) ?? document.line;
  const where = at.length === 0 ? 'the document' : `items[${at[at.length - 1]}]`;
  if (!isObject(value)) {
    return { line, reason: `${where} is ${describe(value)}, not a Kubernetes object (a mapping with apiVersion and kind)` };
  }
  const problem = checkTypeMeta(value, where);
  if (problem) return { line, reason: problem };
  // kubectl's decoder takes any object with `items` for a list (null items: an empty one); an item with a list of
  // items is a list too, which kubectl 1.33 (cli-runtime's FlattenListVisitor, meta.ExtractList) cannot take apart
  if (at.length > 0 && 'items' in value && Array.isArray(value.items)) {
    return {
      line,
      reason: `${where} is a ${value.kind} with items, a list in a list, which kubectl refuses (*unstructured.Unstructured is not a list); list its items in the outer list`,
    };
  }
  if ('items' in value && at.length === 0) {
    const items = value.items ?? [];
    if (!Array.isArray(items)) return { line, reason: `items of ${value.kind} must be a list of objects, got ${describe(items)}` };
    for (let i = 0; i < items.length; i++) {
      let item = items[i];
      // a typed list's items name no kind: they are of the list's kind, less "List"
      if (isObject(item) && !item.kind && !item.apiVersion) item = { ...item, kind: (value.kind as string).replace(/List$/, ''), apiVersion: value.apiVersion };
      const itemProblem = collect(item, [...at, 'items', i], document, file, objects);
      if (itemProblem) return itemProblem;
    }
    // the list's `items` written twice is reported on its first item (its other own keys no tool reads)
    const own = document.duplicateKeys ? listOwnDuplicates(document.duplicateKeys, value.kind as string) : [];
    if (own.length > 0 && items.length > 0) {
      const first = objects.length - items.length;
      objects[first] = { ...objects[first], duplicateKeys: [...own, ...(objects[first].duplicateKeys ?? [])] };
    }
    return undefined;
  }
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    return { line, reason: `${where} has no apiVersion: a Kubernetes object names its apiVersion and kind (kind ${value.kind})` };
  }
  if (value.metadata === undefined) value.metadata = {};
  const namespaceLine = isObject(value.metadata) && typeof value.metadata.namespace === 'string' ? document.lineOf([...at, 'metadata', 'namespace']) : undefined;
  const fieldLines = document.fieldLines(at);
  const duplicateKeys = document.duplicateKeys ? duplicatesUnder(document.duplicateKeys, at) : [];
  const renamedKeys = document.renamedKeys ? renamedUnder(document.renamedKeys, at) : [];
  objects.push({
    object: value as unknown as KubeObject,
    file,
    line: at.length === 0 ? document.startLine : line,
    ...(fieldLines ? { fieldLines } : {}),
    ...(namespaceLine !== undefined ? { namespaceLine } : {}),
    ...(duplicateKeys.length > 0 ? { duplicateKeys } : {}),
    ...(renamedKeys.length > 0 ? { renamedKeys } : {}),
    ...(document.encodedSizeBound === undefined ? {} : { encodedSizeBound: document.encodedSizeBound }),
  });
  return undefined;
}

/** kubectl's decoding of apiVersion, kind and metadata (metadataOnlyObject): the problem, or undefined. */
function checkTypeMeta(value: { [key: string]: JsonValue }, where: string): string | undefined {
  if (typeof value.kind !== 'string' || value.kind === '') {
    return value.kind === undefined || value.kind === ''
      ? `${where} has no kind: a Kubernetes object names its apiVersion and kind`
      : `kind must be a string, got ${describe(value.kind)}`;
  }
  if (value.apiVersion !== undefined && value.apiVersion !== null && typeof value.apiVersion !== 'string') {
    return `apiVersion must be a string, got ${describe(value.apiVersion)} (${JSON.stringify(value.apiVersion)}); quote it`;
  }
  if (value.metadata !== undefined && value.metadata !== null && !isObject(value.metadata)) {
    return `metadata must be a mapping, got ${describe(value.metadata)}`;
  }
  return undefined;
}
