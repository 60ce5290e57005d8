// The YAML parser kubectl reads manifests with: a port of go-yaml v2's parserc.go (the event state machine) and of
// the node tree its decode.go builds from the events, over the scanner of yaml-scanner.ts.
import { Scanner, STYLE, Token, TOKEN, YamlSyntaxError } from './yaml-scanner';

/** A node of the tree go-yaml v2 builds for one document. */
export type YamlNode = ScalarNode | MappingNode | SequenceNode | AliasNode;

interface NodeBase {
  /** The line (0-based) where the node starts. */
  readonly line: number;
}

/** A scalar: its value, its tag, and whether it is plain (or tagged `!`), which is when its type is resolved from its value. */
export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly value: string;
  readonly tag: string;
  readonly implicit: boolean;
}

/** A mapping: keys and values alternate. */
export interface MappingNode extends NodeBase {
  readonly kind: 'mapping';
  readonly children: YamlNode[];
}

export interface SequenceNode extends NodeBase {
  readonly kind: 'sequence';
  readonly children: YamlNode[];
}

/** `*name`, and the node it names. */
export interface AliasNode extends NodeBase {
  readonly kind: 'alias';
  readonly name: string;
  readonly target: YamlNode;
}

const EVENT = {
  streamStart: 1,
  streamEnd: 2,
  documentStart: 3,
  documentEnd: 4,
  alias: 5,
  scalar: 6,
  sequenceStart: 7,
  sequenceEnd: 8,
  mappingStart: 9,
  mappingEnd: 10,
} as const;

/** An event; the parser hands out one object, overwritten by the next event. */
interface YamlEvent {
  type: number;
  line: number;
  anchor: string | undefined;
  tag: string;
  value: string;
  implicit: boolean;
}

const STATE = {
  streamStart: 0,
  implicitDocumentStart: 1,
  documentStart: 2,
  documentContent: 3,
  documentEnd: 4,
  blockNode: 5,
  blockNodeOrIndentlessSequence: 6,
  flowNode: 7,
  blockSequenceFirstEntry: 8,
  blockSequenceEntry: 9,
  indentlessSequenceEntry: 10,
  blockMappingFirstKey: 11,
  blockMappingKey: 12,
  blockMappingValue: 13,
  flowSequenceFirstEntry: 14,
  flowSequenceEntry: 15,
  flowSequenceEntryMappingKey: 16,
  flowSequenceEntryMappingValue: 17,
  flowSequenceEntryMappingEnd: 18,
  flowMappingFirstKey: 19,
  flowMappingKey: 20,
  flowMappingValue: 21,
  flowMappingEmptyValue: 22,
  end: 23,
} as const;

const DEFAULT_TAG_DIRECTIVES: readonly [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

/** go-yaml v2's event parser (parserc.go). */
class EventParser {
  private state: number = STATE.streamStart;
  private readonly states: number[] = [];
  private readonly marks: number[] = [];
  private tagDirectives: [string, string][] = [];
  private readonly scanner: Scanner;

  constructor(text: string) {
    this.scanner = new Scanner(text);
  }

  next(): YamlEvent | undefined {
    if (this.scanner.ended || this.state === STATE.end) return undefined;
    switch (this.state) {
      case STATE.streamStart:
        return this.streamStart();
      case STATE.implicitDocumentStart:
        return this.documentStart(true);
      case STATE.documentStart:
        return this.documentStart(false);
      case STATE.documentContent:
        return this.documentContent();
      case STATE.documentEnd:
        return this.documentEnd();
      case STATE.blockNode:
        return this.node(true, false);
      case STATE.blockNodeOrIndentlessSequence:
        return this.node(true, true);
      case STATE.flowNode:
        return this.node(false, false);
      case STATE.blockSequenceFirstEntry:
        return this.blockSequenceEntry(true);
      case STATE.blockSequenceEntry:
        return this.blockSequenceEntry(false);
      case STATE.indentlessSequenceEntry:
        return this.indentlessSequenceEntry();
      case STATE.blockMappingFirstKey:
        return this.blockMappingKey(true);
      case STATE.blockMappingKey:
        return this.blockMappingKey(false);
      case STATE.blockMappingValue:
        return this.blockMappingValue();
      case STATE.flowSequenceFirstEntry:
        return this.flowSequenceEntry(true);
      case STATE.flowSequenceEntry:
        return this.flowSequenceEntry(false);
      case STATE.flowSequenceEntryMappingKey:
        return this.flowSequenceEntryMappingKey();
      case STATE.flowSequenceEntryMappingValue:
        return this.flowSequenceEntryMappingValue();
      case STATE.flowSequenceEntryMappingEnd:
        return this.flowSequenceEntryMappingEnd();
      case STATE.flowMappingFirstKey:
        return this.flowMappingKey(true);
      case STATE.flowMappingKey:
        return this.flowMappingKey(false);
      case STATE.flowMappingValue:
        return this.flowMappingValue(false);
      case STATE.flowMappingEmptyValue:
        return this.flowMappingValue(true);
    }
    throw new Error(`invalid parser state ${this.state}`);
  }

  private peek(): Token {
    return this.scanner.peek();
  }

  private skip(): void {
    this.scanner.skipToken();
  }

  private pop(): void {
    this.state = this.states.pop()!;
  }

  private error(problem: string, token: Token, context?: string): never {
    throw new YamlSyntaxError(context ? `${problem} (${context})` : problem, token.line + 1);
  }

  private readonly current: YamlEvent = { type: 0, line: 0, anchor: undefined, tag: '', value: '', implicit: false };

  private event(type: number, line: number, anchor: string | undefined, tag: string, value: string, implicit: boolean): YamlEvent {
    const e = this.current;
    e.type = type;
    e.line = line;
    e.anchor = anchor;
    e.tag = tag;
    e.value = value;
    e.implicit = implicit;
    return e;
  }

  private emptyScalar(line: number): YamlEvent {
    return this.event(EVENT.scalar, line, undefined, '', '', true);
  }

  private streamStart(): YamlEvent {
    const token = this.peek();
    if (token.type !== TOKEN.streamStart) this.error('did not find expected <stream-start>', token);
    this.state = STATE.implicitDocumentStart;
    this.skip();
    return this.event(EVENT.streamStart, token.line, undefined, '', '', false);
  }

  private documentStart(implicit: boolean): YamlEvent {
    let token = this.peek();
    if (!implicit) {
      while (token.type === TOKEN.documentEnd) {
        this.skip();
        token = this.peek();
      }
    }
    if (
      implicit &&
      token.type !== TOKEN.versionDirective &&
      token.type !== TOKEN.tagDirective &&
      token.type !== TOKEN.documentStart &&
      token.type !== TOKEN.streamEnd
    ) {
      this.processDirectives();
      this.states.push(STATE.documentEnd);
      this.state = STATE.blockNode;
      return this.event(EVENT.documentStart, token.line, undefined, '', '', false);
    }
    if (token.type !== TOKEN.streamEnd) {
      const line = token.line;
      this.processDirectives();
      token = this.peek();
      if (token.type !== TOKEN.documentStart) this.error('did not find expected <document start>', token);
      this.states.push(STATE.documentEnd);
      this.state = STATE.documentContent;
      this.skip();
      return this.event(EVENT.documentStart, line, undefined, '', '', false);
    }
    this.state = STATE.end;
    this.skip();
    return this.event(EVENT.streamEnd, token.line, undefined, '', '', false);
  }

  private documentContent(): YamlEvent {
    const token = this.peek();
    const t = token.type;
    if (t === TOKEN.versionDirective || t === TOKEN.tagDirective || t === TOKEN.documentStart || t === TOKEN.documentEnd || t === TOKEN.streamEnd) {
      this.pop();
      return this.emptyScalar(token.line);
    }
    return this.node(true, false);
  }

  private documentEnd(): YamlEvent {
    const token = this.peek();
    if (token.type === TOKEN.documentEnd) this.skip();
    this.tagDirectives = [];
    this.state = STATE.documentStart;
    return this.event(EVENT.documentEnd, token.line, undefined, '', '', false);
  }

  private node(block: boolean, indentlessSequence: boolean): YamlEvent {
    let token = this.peek();
    if (token.type === TOKEN.alias) {
      this.pop();
      this.skip();
      return this.event(EVENT.alias, token.line, token.value, '', '', false);
    }
    const startToken = token;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    if (token.type === TOKEN.anchor) {
      anchor = token.value;
      this.skip();
      token = this.peek();
      if (token.type === TOKEN.tag) {
        tagToken = token;
        this.skip();
        token = this.peek();
      }
    } else if (token.type === TOKEN.tag) {
      tagToken = token;
      this.skip();
      token = this.peek();
      if (token.type === TOKEN.anchor) {
        anchor = token.value;
        this.skip();
        token = this.peek();
      }
    }
    let tag = '';
    if (tagToken) {
      if (tagToken.value === '') {
        tag = tagToken.suffix;
      } else {
        const directive = this.tagDirectives.find(([handle]) => handle === tagToken.value);
        if (directive) tag = directive[1] + tagToken.suffix;
        if (tag === '') this.error('found undefined tag handle', tagToken, 'while parsing a node');
      }
    }
    const line = startToken.line;
    const implicit = tag === '';
    if (indentlessSequence && token.type === TOKEN.blockEntry) {
      this.state = STATE.indentlessSequenceEntry;
      return this.event(EVENT.sequenceStart, line, anchor, tag, '', false);
    }
    if (token.type === TOKEN.scalar) {
      // a plain scalar's type is resolved from its value, and so is one tagged `!`
      const plainImplicit = (tag === '' && token.style === STYLE.plain) || tag === '!';
      this.pop();
      this.skip();
      return this.event(EVENT.scalar, line, anchor, tag, token.value, plainImplicit);
    }
    if (token.type === TOKEN.flowSequenceStart) {
      this.state = STATE.flowSequenceFirstEntry;
      return this.event(EVENT.sequenceStart, line, anchor, tag, '', false);
    }
    if (token.type === TOKEN.flowMappingStart) {
      this.state = STATE.flowMappingFirstKey;
      return this.event(EVENT.mappingStart, line, anchor, tag, '', false);
    }
    if (block && token.type === TOKEN.blockSequenceStart) {
      this.state = STATE.blockSequenceFirstEntry;
      return this.event(EVENT.sequenceStart, line, anchor, tag, '', false);
    }
    if (block && token.type === TOKEN.blockMappingStart) {
      this.state = STATE.blockMappingFirstKey;
      return this.event(EVENT.mappingStart, line, anchor, tag, '', false);
    }
    if (anchor !== undefined || tag !== '') {
      // an anchor or tag with nothing after it: an empty scalar
      this.pop();
      return this.event(EVENT.scalar, line, anchor, tag, '', implicit);
    }
    this.error('did not find expected node content', token, block ? 'while parsing a block node' : 'while parsing a flow node');
  }

  private blockSequenceEntry(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().line);
      this.skip();
    }
    let token = this.peek();
    if (token.type === TOKEN.blockEntry) {
      const line = token.line;
      this.skip();
      token = this.peek();
      if (token.type !== TOKEN.blockEntry && token.type !== TOKEN.blockEnd) {
        this.states.push(STATE.blockSequenceEntry);
        return this.node(true, false);
      }
      this.state = STATE.blockSequenceEntry;
      return this.emptyScalar(line);
    }
    if (token.type === TOKEN.blockEnd) {
      this.pop();
      this.marks.pop();
      this.skip();
      return this.event(EVENT.sequenceEnd, token.line, undefined, '', '', false);
    }
    this.marks.pop();
    this.error("did not find expected '-' indicator", token, 'while parsing a block collection');
  }

  private indentlessSequenceEntry(): YamlEvent {
    let token = this.peek();
    if (token.type === TOKEN.blockEntry) {
      const line = token.line;
      this.skip();
      token = this.peek();
      if (token.type !== TOKEN.blockEntry && token.type !== TOKEN.key && token.type !== TOKEN.value && token.type !== TOKEN.blockEnd) {
        this.states.push(STATE.indentlessSequenceEntry);
        return this.node(true, false);
      }
      this.state = STATE.indentlessSequenceEntry;
      return this.emptyScalar(line);
    }
    this.pop();
    return this.event(EVENT.sequenceEnd, token.line, undefined, '', '', false);
  }

  private blockMappingKey(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().line);
      this.skip();
    }
    let token = this.peek();
    if (token.type === TOKEN.key) {
      const line = token.line;
      this.skip();
      token = this.peek();
      if (token.type !== TOKEN.key && token.type !== TOKEN.value && token.type !== TOKEN.blockEnd) {
        this.states.push(STATE.blockMappingValue);
        return this.node(true, true);
      }
      this.state = STATE.blockMappingValue;
      return this.emptyScalar(line);
    }
    if (token.type === TOKEN.blockEnd) {
      this.pop();
      this.marks.pop();
      this.skip();
      return this.event(EVENT.mappingEnd, token.line, undefined, '', '', false);
    }
    this.marks.pop();
    this.error('did not find expected key', token, 'while parsing a block mapping');
  }

  private blockMappingValue(): YamlEvent {
    let token = this.peek();
    if (token.type === TOKEN.value) {
      const line = token.line;
      this.skip();
      token = this.peek();
      if (token.type !== TOKEN.key && token.type !== TOKEN.value && token.type !== TOKEN.blockEnd) {
        this.states.push(STATE.blockMappingKey);
        return this.node(true, true);
      }
      this.state = STATE.blockMappingKey;
      return this.emptyScalar(line);
    }
    this.state = STATE.blockMappingKey;
    return this.emptyScalar(token.line);
  }

  private flowSequenceEntry(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().line);
      this.skip();
    }
    let token = this.peek();
    if (token.type !== TOKEN.flowSequenceEnd) {
      if (!first) {
        if (token.type !== TOKEN.flowEntry) {
          this.marks.pop();
          this.error("did not find expected ',' or ']'", token, 'while parsing a flow sequence');
        }
        this.skip();
        token = this.peek();
      }
      if (token.type === TOKEN.key) {
        // `[a: b]`: a single-pair mapping
        this.state = STATE.flowSequenceEntryMappingKey;
        this.skip();
        return this.event(EVENT.mappingStart, token.line, undefined, '', '', false);
      }
      if (token.type !== TOKEN.flowSequenceEnd) {
        this.states.push(STATE.flowSequenceEntry);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.skip();
    return this.event(EVENT.sequenceEnd, token.line, undefined, '', '', false);
  }

  private flowSequenceEntryMappingKey(): YamlEvent {
    const token = this.peek();
    if (token.type !== TOKEN.value && token.type !== TOKEN.flowEntry && token.type !== TOKEN.flowSequenceEnd) {
      this.states.push(STATE.flowSequenceEntryMappingValue);
      return this.node(false, false);
    }
    this.skip();
    this.state = STATE.flowSequenceEntryMappingValue;
    return this.emptyScalar(token.line);
  }

  private flowSequenceEntryMappingValue(): YamlEvent {
    let token = this.peek();
    if (token.type === TOKEN.value) {
      this.skip();
      token = this.peek();
      if (token.type !== TOKEN.flowEntry && token.type !== TOKEN.flowSequenceEnd) {
        this.states.push(STATE.flowSequenceEntryMappingEnd);
        return this.node(false, false);
      }
    }
    this.state = STATE.flowSequenceEntryMappingEnd;
    return this.emptyScalar(token.line);
  }

  private flowSequenceEntryMappingEnd(): YamlEvent {
    const token = this.peek();
    this.state = STATE.flowSequenceEntry;
    return this.event(EVENT.mappingEnd, token.line, undefined, '', '', false);
  }

  private flowMappingKey(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().line);
      this.skip();
    }
    let token = this.peek();
    if (token.type !== TOKEN.flowMappingEnd) {
      if (!first) {
        if (token.type !== TOKEN.flowEntry) {
          this.marks.pop();
          this.error("did not find expected ',' or '}'", token, 'while parsing a flow mapping');
        }
        this.skip();
        token = this.peek();
      }
      if (token.type === TOKEN.key) {
        this.skip();
        token = this.peek();
        if (token.type !== TOKEN.value && token.type !== TOKEN.flowEntry && token.type !== TOKEN.flowMappingEnd) {
          this.states.push(STATE.flowMappingValue);
          return this.node(false, false);
        }
        this.state = STATE.flowMappingValue;
        return this.emptyScalar(token.line);
      }
      if (token.type !== TOKEN.flowMappingEnd) {
        this.states.push(STATE.flowMappingEmptyValue);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.skip();
    return this.event(EVENT.mappingEnd, token.line, undefined, '', '', false);
  }

  private flowMappingValue(empty: boolean): YamlEvent {
    let token = this.peek();
    if (empty) {
      this.state = STATE.flowMappingKey;
      return this.emptyScalar(token.line);
    }
    if (token.type === TOKEN.value) {
      this.skip();
      token = this.peek();
      if (token.type !== TOKEN.flowEntry && token.type !== TOKEN.flowMappingEnd) {
        this.states.push(STATE.flowMappingKey);
        return this.node(false, false);
      }
    }
    this.state = STATE.flowMappingKey;
    return this.emptyScalar(token.line);
  }

  private processDirectives(): void {
    let version = false;
    let token = this.peek();
    while (token.type === TOKEN.versionDirective || token.type === TOKEN.tagDirective) {
      if (token.type === TOKEN.versionDirective) {
        if (version) this.error('found duplicate %YAML directive', token);
        if (token.value !== '1.1') this.error('found incompatible YAML document', token);
        version = true;
      } else {
        if (this.tagDirectives.some(([handle]) => handle === token.value)) this.error('found duplicate %TAG directive', token);
        this.tagDirectives.push([token.value, token.suffix]);
      }
      this.skip();
      token = this.peek();
    }
    for (const directive of DEFAULT_TAG_DIRECTIVES) {
      if (!this.tagDirectives.some(([handle]) => handle === directive[0])) this.tagDirectives.push(directive);
    }
  }
}

/**
 * The node tree of the first document of `text`, or undefined when it holds none, as go-yaml v2's Unmarshal reads it:
 * later documents are not read (kubectl splits a stream into documents before it parses any).
 */
export function parseFirstDocument(text: string): YamlNode | undefined {
  const parser = new EventParser(text);
  const anchors = new Map<string, YamlNode>();
  let event = parser.next()!;

  const expect = (type: number) => {
    if (event.type !== type) throw new YamlSyntaxError('unexpected event', event.line + 1);
    event = parser.next()!;
  };
  const parse = (): YamlNode => {
    // the parser overwrites its one event object: read what a node needs before the next event
    const e = event;
    switch (e.type) {
      case EVENT.scalar: {
        const node: ScalarNode = { kind: 'scalar', line: e.line, value: e.value, tag: e.tag, implicit: e.implicit };
        if (e.anchor !== undefined) anchors.set(e.anchor, node);
        expect(EVENT.scalar);
        return node;
      }
      case EVENT.alias: {
        const name = e.anchor!;
        const target = anchors.get(name);
        if (!target) throw new YamlSyntaxError(`unknown anchor '${name}' referenced`, e.line + 1);
        const node: AliasNode = { kind: 'alias', line: e.line, name, target };
        expect(EVENT.alias);
        return node;
      }
      case EVENT.sequenceStart: {
        const node: SequenceNode = { kind: 'sequence', line: e.line, children: [] };
        if (e.anchor !== undefined) anchors.set(e.anchor, node);
        expect(EVENT.sequenceStart);
        while (event.type !== EVENT.sequenceEnd) node.children.push(parse());
        expect(EVENT.sequenceEnd);
        return node;
      }
      case EVENT.mappingStart: {
        const node: MappingNode = { kind: 'mapping', line: e.line, children: [] };
        if (e.anchor !== undefined) anchors.set(e.anchor, node);
        expect(EVENT.mappingStart);
        while (event.type !== EVENT.mappingEnd) node.children.push(parse(), parse());
        expect(EVENT.mappingEnd);
        return node;
      }
    }
    throw new YamlSyntaxError('unexpected event', e.line + 1);
  };

  expect(EVENT.streamStart);
  if (event.type === EVENT.streamEnd) return undefined;
  expect(EVENT.documentStart);
  return parse();
}
