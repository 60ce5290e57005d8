/** Problems as every command and error prints them: a header line, then one indented `- ` line per problem. */
export function formatProblems(header: string, problems: readonly string[]): string {
  return [header, ...problems.map((p) => `  - ${p}`)].join('\n');
}

/** `1 problem`, `3 problems`. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
