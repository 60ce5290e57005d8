// What another node process printed when it died of an uncaught error, without the parts that only point into its
// code: the excerpt of the throwing line, the stack frames, the error's properties and node's version line. What is
// left is the error's own message, its causes' and the errors it gathers, for a message of ours that relays it.
//
// node prints an error's properties (a cause, a code, an AggregateError's errors) in braces after its last frame
// (`    at ... {`), the closing brace at the error's own indentation: that brace, not one a message holds, ends them.

/** `lines` without the stack traces, source excerpts and version lines of node's report of an uncaught error. */
export function withoutNodeStackTraces(lines: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // the excerpt of the throwing line: `<file>:<line>`, the line, a caret under it
    if (/:\d+$/.test(line.trim()) && /^\s*\^+\s*$/.test(lines[i + 2] ?? '')) {
      i += 2;
      continue;
    }
    if (isFrame(line)) {
      const close = line.endsWith(' {') ? closingBrace(lines, i) : undefined;
      if (close !== undefined) {
        kept.push(...messagesIn(lines.slice(i + 1, close)));
        i = close;
      }
      continue;
    }
    if (/^Node\.js v\d+\.\d+\.\d+$/.test(line.trim())) continue;
    kept.push(line);
  }
  return kept;
}

/** A stack frame, or node's `... 4 lines matching cause stack trace ...`. */
function isFrame(line: string): boolean {
  return /^\s*at \S/.test(line) || /^\s*\.\.\. \d+ lines matching cause stack trace \.\.\.$/.test(line);
}

/** The line of the brace that closes the properties opened by frame line `at`: at the error's indentation, 4 less. */
function closingBrace(lines: readonly string[], at: number): number | undefined {
  const indent = Math.max(0, (/^\s*/.exec(lines[at])?.[0].length ?? 0) - 4);
  const brace = `${' '.repeat(indent)}}`;
  for (let i = at + 1; i < lines.length; i++) if (lines[i] === brace) return i;
  return undefined;
}

/**
 * The messages among an error's properties: each cause's (`caused by: ...`, with the lines of a message of several
 * before its frames) and each error an AggregateError or an `errors` list holds; their frames and the rest go.
 */
function messagesIn(block: readonly string[]): string[] {
  const kept: string[] = [];
  let inMessage = false;
  for (const line of block) {
    const cause = /^\s*\[cause\]: (.*)$/.exec(line);
    if (cause) {
      // a cause that is no error is printed as an object or a list: nothing of it reads as a message
      const object = /^[{[]$/.test(cause[1].trim());
      kept.push(`caused by: ${object ? 'an object' : cause[1]}`);
      inMessage = !object;
    } else if (isFrame(line)) {
      inMessage = false;
    } else if (/^\s*(\w*(Error|Exception)|Error \[\w+\])(:|$)/.test(line)) {
      kept.push(line.trim());
      inMessage = true;
    } else if (inMessage) {
      kept.push(line.trim());
    }
  }
  return kept;
}
