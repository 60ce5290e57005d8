// A fast reader for the style most manifests are written in, by cdk8s, Helm and people alike: block mappings and lists
// indented with spaces, each scalar on one line (plain, double-quoted without escapes, single-quoted), `[]` and `{}`,
// comment lines and comments after a value. For such a document it builds, in one pass over its lines, the node tree
// the general parser (yaml-parser.ts, go-yaml v2's) builds. For anything else (block scalars, scalars over several
// lines, flow collections with content, anchors, aliases, tags, escapes, tabs, directives, and every document go-yaml
// refuses) it gives up, and the general parser reads the document. test/plain-block-yaml.test.ts compares the two.
import type { MappingNode, ScalarNode, SequenceNode, YamlNode } from './yaml-parser';

/** What the reader throws to give the document up. */
const GIVE_UP = new Error('not a plain block document');

// what go-yaml reads as a line break or a tab, the byte order mark, NUL (where the scanner stops) and unpaired
// surrogates (which it steps over with the next character): documents with them go to the general parser
const NOT_PLAIN_TEXT = /[\t\r\0\u0085\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// the indicators that cannot start a plain scalar (`-`, `?` and `:` can, before a character that is not blank)
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
// go-yaml v2 looks for a simple key's ':' this far
const MAX_KEY_LENGTH = 1024;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/**
 * The node tree of `text`, one document (lines counted from 0), when it is written in the plain block style; undefined
 * when the general parser has to read it.
 */
export function readPlainBlockDocument(text: string): YamlNode | undefined {
  if (NOT_PLAIN_TEXT.test(text)) return undefined;
  try {
    return new PlainBlockReader(text).document();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/** A key read at the start of a line's content, and where its value starts on the line (-1: on the next lines). */
interface Key {
  readonly node: ScalarNode;
  readonly valueAt: number;
}

class PlainBlockReader {
  // the lines with content (not blank, not a comment): line number, column of the content, where it starts and ends
  private readonly lines: number[] = [];
  private readonly columns: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The content line being read. */
  private k = 0;

  constructor(private readonly text: string) {
    for (let start = 0, line = 0; start < text.length; line++) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      let at = start;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      if (at < end && text.charCodeAt(at) !== HASH) {
        this.lines.push(line);
        this.columns.push(at - start);
        this.starts.push(at);
        this.ends.push(end);
      }
      start = end + 1;
    }
  }

  document(): YamlNode {
    if (this.lines.length === 0) throw GIVE_UP;
    // a document start or end marker, or what may be one
    if (this.columns.some((c, i) => c === 0 && (this.text.startsWith('...', this.starts[i]) || this.text.startsWith('---', this.starts[i])))) {
      throw GIVE_UP;
    }
    const root = this.block(this.columns[0], this.starts[0], false);
    if (this.k < this.lines.length) throw GIVE_UP;
    return root;
  }

  /** The mapping or list whose first entry starts at `at` (column `column`) on the current line. */
  private block(column: number, at: number, indentless: boolean): MappingNode | SequenceNode {
    return this.isEntry(at) ? this.sequence(column, at, indentless) : this.mapping(column, at);
  }

  /** Whether a list entry (`- ` or a `-` that ends the line) starts at `at`. */
  private isEntry(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.ends[this.k] || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** The column of the next content line, -1 at the end of the document. */
  private nextColumn(): number {
    return this.k < this.lines.length ? this.columns[this.k] : -1;
  }

  /** The mapping whose first key starts at `at` (column `column`) on the current line; `first` when already read. */
  private mapping(column: number, at: number, first?: Key): MappingNode {
    const node: MappingNode = { kind: 'mapping', line: this.lines[this.k], children: [] };
    for (let key = first ?? this.key(at); ; key = this.key(at)) {
      if (key === undefined) throw GIVE_UP;
      const line = this.lines[this.k];
      node.children.push(key.node, this.value(key.valueAt, column, line, true));
      const next = this.nextColumn();
      if (next < column) return node;
      if (next > column) throw GIVE_UP;
      at = this.starts[this.k];
      if (this.isEntry(at)) throw GIVE_UP;
    }
  }

  /** The list whose first entry's `-` is at `dash` (column `column`) on the current line. */
  private sequence(column: number, dash: number, indentless: boolean): SequenceNode {
    const node: SequenceNode = { kind: 'sequence', line: this.lines[this.k], children: [] };
    let key: Key | undefined;
    for (;;) {
      const line = this.lines[this.k];
      let at = dash + 1;
      while (at < this.ends[this.k] && this.text.charCodeAt(at) === SPACE) at++;
      if (at === this.ends[this.k] || this.text.charCodeAt(at) === HASH) {
        node.children.push(this.value(-1, column, line, false));
      } else if (this.isEntry(at)) {
        // `- - a`: a list in the entry, at the column of its own `-`
        node.children.push(this.sequence(this.columns[this.k] + at - this.starts[this.k], at, false));
      } else if ((key = this.key(at)) !== undefined) {
        node.children.push(this.mapping(this.columns[this.k] + at - this.starts[this.k], at, key));
      } else {
        node.children.push(this.value(at, column, line, false));
      }
      const next = this.nextColumn();
      if (next < column) return node;
      if (next > column) throw GIVE_UP;
      dash = this.starts[this.k];
      if (!this.isEntry(dash)) {
        // a list that is a mapping's value at the mapping's own column ends at the mapping's next key
        if (indentless) return node;
        throw GIVE_UP;
      }
    }
  }

  /**
   * The value of a key or list entry of the block at `column`, read from `at` on the current line (-1: from the next
   * lines), which it leaves. `line` is the key's or entry's line, where an empty value is.
   */
  private value(at: number, column: number, line: number, ofKey: boolean): YamlNode {
    if (at >= 0) {
      const node = this.scalar(at);
      this.k++;
      return node;
    }
    this.k++;
    const next = this.nextColumn();
    if (next > column) return this.block(next, this.starts[this.k], false);
    // a mapping's value may be a list at the mapping's own column
    if (ofKey && next === column && this.isEntry(this.starts[this.k])) return this.block(next, this.starts[this.k], true);
    return { kind: 'scalar', line, value: '', tag: '', implicit: true };
  }

  /** The key at `at` on the current line, or undefined when the line's content there is no key. */
  private key(at: number): Key | undefined {
    const text = this.text;
    const end = this.ends[this.k];
    const first = text.charCodeAt(at);
    let value: string;
    let colon: number;
    let implicit = false;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const quoted = this.quoted(at);
      colon = quoted.after;
      while (colon < end && text.charCodeAt(colon) === SPACE) colon++;
      if (text.charCodeAt(colon) !== COLON || (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE)) return undefined;
      value = quoted.value;
    } else {
      if (!this.startsPlain(at)) return undefined;
      colon = at;
      for (;;) {
        colon = text.indexOf(':', colon + 1);
        if (colon === -1 || colon >= end) return undefined;
        if (colon + 1 === end || text.charCodeAt(colon + 1) === SPACE) break;
      }
      value = text.slice(at, this.beforeSpaces(at, colon));
      // a comment before the ':' makes the line no key
      if (value.includes(' #')) return undefined;
      implicit = true;
    }
    if (colon - at > MAX_KEY_LENGTH) throw GIVE_UP;
    let valueAt = colon + 1;
    while (valueAt < end && text.charCodeAt(valueAt) === SPACE) valueAt++;
    if (valueAt === end || text.charCodeAt(valueAt) === HASH) valueAt = -1;
    return { node: { kind: 'scalar', line: this.lines[this.k], value, tag: '', implicit }, valueAt };
  }

  /** The scalar (or `[]`, `{}`) from `at` to the end of the current line, a comment after it aside. */
  private scalar(at: number): YamlNode {
    const text = this.text;
    const end = this.ends[this.k];
    const line = this.lines[this.k];
    const first = text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const { value, after } = this.quoted(at);
      this.restIsComment(after);
      return { kind: 'scalar', line, value, tag: '', implicit: false };
    }
    if (text.startsWith('[]', at) || text.startsWith('{}', at)) {
      this.restIsComment(at + 2);
      return first === 0x5b ? { kind: 'sequence', line, children: [] } : { kind: 'mapping', line, children: [] };
    }
    if (!this.startsPlain(at)) throw GIVE_UP;
    // a comment starts at a '#' after a space
    let stop = at;
    while (stop < end && !(text.charCodeAt(stop) === HASH && text.charCodeAt(stop - 1) === SPACE)) stop++;
    const value = text.slice(at, this.beforeSpaces(at, stop));
    // ': ' or a final ':' in a plain scalar is a mapping go-yaml does not allow there
    if (value.includes(': ') || value.endsWith(':')) throw GIVE_UP;
    return { kind: 'scalar', line, value, tag: '', implicit: true };
  }

  /** A quoted scalar that ends on its line: its value and where it ends. */
  private quoted(at: number): { value: string; after: number } {
    const text = this.text;
    const end = this.ends[this.k];
    const quote = text[at];
    if (quote === '"') {
      const close = text.indexOf('"', at + 1);
      if (close === -1 || close >= end) throw GIVE_UP;
      const value = text.slice(at + 1, close);
      if (value.includes('\\')) throw GIVE_UP;
      return { value, after: close + 1 };
    }
    let value = '';
    for (let from = at + 1; ; ) {
      const close = text.indexOf("'", from);
      if (close === -1 || close >= end) throw GIVE_UP;
      value += text.slice(from, close);
      if (text.charCodeAt(close + 1) !== SINGLE_QUOTE) return { value, after: close + 1 };
      value += "'";
      from = close + 2;
    }
  }

  /**
   * Where the text from `at` to `end` ends without its trailing spaces: go-yaml ends a plain scalar before its blanks
   * (spaces, as tabs go to the general parser), not before other white space such as U+00A0.
   */
  private beforeSpaces(at: number, end: number): number {
    while (end > at && this.text.charCodeAt(end - 1) === SPACE) end--;
    return end;
  }

  /** Gives up unless the current line holds nothing after `at` but spaces and a comment. */
  private restIsComment(at: number): void {
    const end = this.ends[this.k];
    if (at === end) return;
    if (this.text.charCodeAt(at) !== SPACE) throw GIVE_UP;
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    if (at < end && this.text.charCodeAt(at) !== HASH) throw GIVE_UP;
  }

  /** Whether a plain scalar starts at `at`: not at an indicator, unless `-`, `?` or `:` before a character that is not blank. */
  private startsPlain(at: number): boolean {
    const c = this.text.charCodeAt(at);
    if (!INDICATORS.has(c)) return true;
    if (c !== DASH && c !== 0x3f && c !== COLON) return false;
    return at + 1 < this.ends[this.k] && this.text.charCodeAt(at + 1) !== SPACE;
  }
}
