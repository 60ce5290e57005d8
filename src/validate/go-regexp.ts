// Go's regexp.Compile, for whether it accepts a pattern: RE2's syntax, from @bufbuild/re2's port of it, loaded on
// first use (as cel-subset.ts does) to keep it off the start-up path.
type Re2 = typeof import('@bufbuild/re2');
let re2: Re2 | undefined;

// the verdicts on the patterns seen, as many VirtualServices of a set share them; bounded
const verdicts = new Map<string, string | undefined>();

/** Why Go's regexp.Compile refuses a pattern (RE2's syntax, from @bufbuild/re2's port of it), or undefined. */
export function regexpProblem(pattern: string): string | undefined {
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= require('@bufbuild/re2') as Re2;
  let problem: string | undefined;
  try {
    re2.RE2JS.compile(pattern);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (verdicts.size >= 4096) verdicts.clear();
  verdicts.set(pattern, problem);
  return problem;
}
