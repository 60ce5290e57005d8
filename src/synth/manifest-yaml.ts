import { Document } from 'yaml';
import { kubectlMisreads, kubectlQuoted, kubectlYaml } from './kubectl-yaml';

/**
 * The YAML text of a manifest's objects, byte for byte what `kubectlYaml(...objects)` writes (cdk8s's `Yaml.stringify`
 * but for the strings kubectl would misread), without building a YAML document tree per object: at 10,000 apps that
 * tree, not the objects, was most of synth's time and memory.
 *
 * Objects rendered by cdk8s are plain JSON (maps, lists, strings, numbers, booleans, null), and most of their strings
 * are names and labels that `yaml` writes as they are. This writer writes those itself, asks `kubectlYaml` once per
 * distinct other string (how to quote it does not depend on where it stands, for a single-line string), writes a
 * multi-line string as the literal block `yaml` writes for it (cdk8s sets no line width, so `yaml` folds no block) or as
 * the one quoted line `kubectlQuoted` writes for the blocks kubectl misreads, and hands the whole object to
 * `kubectlYaml` when it holds anything else whose rendering depends on its place: a multi-line string `yaml` quotes or
 * keeps the trailing newlines of, a string starting like a document marker, a long or unusual key, a value that is
 * not plain JSON, or the same object twice (which `yaml` writes as an anchor and alias). test/manifest-yaml.test.ts
 * compares both writers on every environment's objects and on generated values.
 */
export function manifestYaml(objects: readonly unknown[]): string {
  return objects.map(documentYaml).join('---\n');
}

/** One object's document, as `kubectlYaml(object)` writes it. */
export function documentYaml(object: unknown): string {
  if (object === undefined || !isPlainObject(object)) return kubectlYaml(object);
  try {
    return Object.keys(object).length === 0 ? '{}\n' : mapLines(object, '', new Set());
  } catch (err) {
    if (err === NOT_PLAIN) return kubectlYaml(object);
    throw err;
  }
}

/** Thrown inside the writer when an object needs `yaml`'s own writer. */
const NOT_PLAIN = Symbol('not plain');

/** `yaml`'s default scalar tags of the YAML 1.1 schema cdk8s writes with: a plain string they match is quoted. */
const IMPLICIT_TAGS = new Document(null, { version: '1.1' }).schema.tags.filter(
  (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test !== undefined,
);

/** Keys that `yaml` writes plain unless one of the schema's tags would read them as something else. */
const SIMPLE = /^[A-Za-z][A-Za-z0-9_./-]*$/;
/**
 * What keeps `yaml` from writing a string value plain (its plainString's test: an indicator character first, `: ` or
 * ` #` inside, a blank or `:` last; the newline cases never meet a single-line string).
 */
const NOT_PLAIN_VALUE = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// characters for which `yaml` writes a string double-quoted: C0 and C1 controls but tab and newline, lone surrogates
// eslint-disable-next-line no-control-regex
const DOUBLE_QUOTED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** A string that starts like a document marker or directive, which `yaml` writes by rules of their own. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;
/** `yaml` writes a key longer than this as an explicit key (`? key`). */
const LONGEST_IMPLICIT_KEY = 1024;

/** How many strings (and, apart, keys) the writer remembers the rendering of. */
const CACHED_STRINGS = 10_000;
const scalars = new Map<string, string>();
const keys = new Map<string, string>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function plainOrQuoted(text: string, cache: Map<string, string>, plain: (text: string) => boolean, render: () => string | undefined): string {
  let written = cache.get(text);
  if (written === undefined) {
    if (plain(text) && !IMPLICIT_TAGS.some((tag) => tag.test!.test(text)) && !kubectlMisreads(text)) written = text;
    else if (text.includes('\n') || DOCUMENT_MARKER.test(text)) throw NOT_PLAIN;
    else written = render();
    if (written === undefined) throw NOT_PLAIN;
    // bounded: names at scale are many, and each is met in a few objects only
    if (cache.size >= CACHED_STRINGS) cache.clear();
    cache.set(text, written);
  }
  return written;
}

/** Whether `yaml` may write a single-line string value plain, as far as its characters go. */
function isPlainValue(text: string): boolean {
  return !NOT_PLAIN_VALUE.test(text) && !DOUBLE_QUOTED.test(text) && !DOCUMENT_MARKER.test(text);
}

/** Whether `yaml` may write a key plain, as far as its characters go: a conservative subset, the rest asked of yaml. */
function isPlainKey(text: string): boolean {
  return SIMPLE.test(text) && text.length <= LONGEST_IMPLICIT_KEY;
}

/** A string value, as `yaml` writes it in a block map or list whose values' content is indented by `indent`. */
function stringScalar(text: string, indent: string): string {
  // a multi-line string's lines are indented: a document marker in them is no marker
  if (text.includes('\n')) return kubectlMisreads(text) ? kubectlQuoted(text) : literalBlock(text, indent);
  return plainOrQuoted(text, scalars, isPlainValue, () => {
    const written = kubectlYaml(text).slice(0, -1);
    return written.includes('\n') ? undefined : written;
  });
}

/** A map key, as `yaml` writes it before its `:`. */
function mapKey(key: string): string {
  return plainOrQuoted(key, keys, isPlainKey, () => {
    const written = kubectlYaml({ [key]: null });
    return written.endsWith(': null\n') && !written.startsWith('? ') && written.indexOf('\n') === written.length - 1
      ? written.slice(0, -': null\n'.length)
      : undefined;
  });
}

/**
 * A multi-line string as `yaml` writes it with no line width: a literal block (`|`), its chomping indicator from how
 * the text ends (`-` without a final newline, none with one), an indentation indicator when it starts with a space,
 * and each line after a newline indented by `indent` (empty lines left empty). NOT_PLAIN where `yaml` writes it
 * otherwise (quoted: control characters, or a last line of only blanks) or keeps its final newlines (`+`), which
 * changes how the collection around it goes on. A port of yaml's blockString (yaml 2.9) for literal blocks.
 */
function literalBlock(text: string, indent: string): string {
  if (DOUBLE_QUOTED.test(text)) throw NOT_PLAIN;
  let value = text;
  let endStart = value.length;
  while (endStart > 0 && (value[endStart - 1] === '\n' || value[endStart - 1] === '\t' || value[endStart - 1] === ' ')) endStart--;
  let end = value.substring(endStart);
  const endNewline = end.indexOf('\n');
  // keep chomping: more than the final newline at the end (a last line of only blanks, which yaml quotes, is one)
  if (endNewline !== -1 && (value === end || endNewline !== end.length - 1)) throw NOT_PLAIN;
  const chomp = endNewline === -1 ? '-' : '';
  if (end) {
    value = value.slice(0, -end.length);
    // the final newline is the chomping's; with keep chomping left to yaml, no other newline follows the last line
    if (end.endsWith('\n')) end = end.slice(0, -1);
  }
  let startsWithSpace = false;
  let startEnd = 0;
  let startNewline = -1;
  for (; startEnd < value.length; startEnd++) {
    const ch = value[startEnd];
    if (ch === ' ') startsWithSpace = true;
    else if (ch === '\n') startNewline = startEnd;
    else break;
  }
  let start = value.substring(0, startNewline < startEnd ? startNewline + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  return `|${startsWithSpace ? '2' : ''}${chomp}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}

/** A scalar whose content, if it spans lines, is indented by `indent`; undefined for a collection. */
function scalar(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return stringScalar(value, indent);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw NOT_PLAIN;
      return String(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
      if (!isPlainObject(value)) throw NOT_PLAIN;
      return Object.keys(value).length === 0 ? '{}' : undefined;
    default:
      throw NOT_PLAIN;
  }
}

/** Each collection once: `yaml` writes an object met twice as an alias of the first. */
function visit(collection: object, seen: Set<object>): void {
  if (seen.has(collection)) throw NOT_PLAIN;
  seen.add(collection);
}

/** A non-empty map's lines at `indent`. */
function mapLines(map: Record<string, unknown>, indent: string, seen: Set<object>): string {
  visit(map, seen);
  let text = '';
  for (const key of Object.keys(map)) {
    const value = map[key];
    const written = scalar(value, `${indent}  `);
    text += `${indent}${mapKey(key)}:`;
    if (written !== undefined) text += ` ${written}\n`;
    else if (Array.isArray(value)) text += `\n${listLines(value, `${indent}  `, seen)}`;
    else text += `\n${mapLines(value as Record<string, unknown>, `${indent}  `, seen)}`;
  }
  return text;
}

/** A non-empty list's lines at `indent`; an item that is a collection starts on the dash's line. */
function listLines(list: readonly unknown[], indent: string, seen: Set<object>): string {
  visit(list, seen);
  let text = '';
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) throw NOT_PLAIN;
    const item = list[i];
    const written = scalar(item, `${indent}  `);
    if (written !== undefined) {
      text += `${indent}- ${written}\n`;
      continue;
    }
    const inner = `${indent}  `;
    const lines = Array.isArray(item) ? listLines(item, inner, seen) : mapLines(item as Record<string, unknown>, inner, seen);
    text += `${indent}- ${lines.slice(inner.length)}`;
  }
  return text;
}
