// What another node process printed when it died of an uncaught error, without the parts that only point into its
// code: the excerpt of the throwing line, the stack frames (a cause's too), node's hint to trace it and its version
// line. Everything else stays as node printed it: the messages, the error's properties (its code, its cause, the
// errors it gathers), for a message of ours that relays it.
//
// node prints an error's properties in braces after its last frame (`    at ... {`), the closing brace at the error's
// own indentation: that brace goes with the frame that opened it, not one a message or a property holds.

/** `lines` without the stack traces, source excerpts, hints and version lines of node's report of an uncaught error. */
export function withoutNodeStackTraces(lines: readonly string[]): string[] {
  const kept: string[] = [];
  const closings = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // the excerpt of the throwing line: `<file>:<line>`, the line, a caret under it
    if (/:\d+$/.test(line.trim()) && /^\s*\^+\s*$/.test(lines[i + 2] ?? '')) {
      i += 2;
      continue;
    }
    if (isFrame(line)) {
      const close = line.endsWith(' {') ? closingBrace(lines, i) : undefined;
      if (close !== undefined) closings.add(close);
      continue;
    }
    if (closings.has(i)) continue;
    if (/^Node\.js v\d+\.\d+\.\d+$/.test(line.trim()) || /^\(Use `node --trace-uncaught .*` to show where the exception was thrown\)$/.test(line.trim())) continue;
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
