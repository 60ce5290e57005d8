// What another node process printed when it died of an uncaught error, without the parts that only point into its
// code: the excerpt of the throwing line, the stack frames, the error's properties and node's version line. What is
// left is the error's own message, for a message of ours that relays it.

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
    if (/^\s*at \S/.test(line)) {
      // the error's properties follow its last frame: `    at ... {`, `  code: 'MODULE_NOT_FOUND',`, `}`
      if (line.trimEnd().endsWith('{')) while (i + 1 < lines.length && !/^\s*\}\s*$/.test(lines[++i]));
      continue;
    }
    if (/^Node\.js v\d+\.\d+\.\d+$/.test(line.trim())) continue;
    kept.push(line);
  }
  return kept;
}
