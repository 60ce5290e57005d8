// What another node process printed when it died of an uncaught error, without the parts that only point into its
// code: the excerpt of the throwing line, the stack frames, the error's properties and node's version line. What is
// left is the error's own message, and its cause's, for a message of ours that relays it.

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
      // the error's properties follow its last frame, in braces: `    at ... {`, `  code: 'X',`, `  [cause]: Error: y`, `}`
      if (line.trimEnd().endsWith('{')) i = properties(lines, i + 1, kept);
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

/**
 * Skips the braces of an error's properties from line `start` (nested ones, a cause's included), keeping each cause's
 * message as `caused by: <message>`; the index of the closing brace's line.
 */
function properties(lines: readonly string[], start: number, kept: string[]): number {
  let depth = 1;
  let i = start;
  for (; i < lines.length && depth > 0; i++) {
    const line = lines[i];
    const cause = /^\s*\[cause\]: (.*)$/.exec(line);
    if (cause) kept.push(`caused by: ${cause[1].replace(/\s*\{$/, '')}`);
    if (/^\s*[}\]],?\s*$/.test(line)) depth--;
    else if (/[{[]$/.test(line.trimEnd())) depth++;
  }
  return i - 1;
}
