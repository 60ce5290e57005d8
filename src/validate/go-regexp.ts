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

/**
 * Whether a string matches a pattern as Go's regexp.MatchString finds it (kube-openapi's `pattern` check): an
 * unanchored search with RE2's semantics. Most patterns run as a native RegExp once Go's meanings are written out (`.`
 * matches any character but `\n`, `\s` is `[\t\n\f\r ]`); one that RegExp reads otherwise or not at all (flags such
 * as `(?i)`, `\pL`, POSIX classes, `\z`) runs on the RE2 port. Throws when Go's regexp refuses the pattern.
 */
export function goRegexpTester(pattern: string): (value: string) => boolean {
  const regex = nativeRegExp(pattern, '');
  if (regex !== undefined) return (value) => regex.test(value);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= require('@bufbuild/re2') as Re2;
  const compiled = re2.RE2JS.compile(pattern);
  return (value) => compiled.test(value);
}

/**
 * A RegExp (flags `u` and those given) that finds what Go's regexp finds with `pattern`, leftmost-first as both search;
 * undefined where RegExp would read the pattern otherwise (see nativePattern). Throws when Go's regexp refuses it.
 */
export function goRegExp(pattern: string, flags = ''): RegExp | undefined {
  const problem = regexpProblem(pattern);
  if (problem !== undefined) throw new Error(`Illegal regex: ${problem}`);
  return nativeRegExp(pattern, flags);
}

/** The pattern as a RegExp with Go's meanings (flags `u` and those given), or undefined where RegExp cannot take it so. */
function nativeRegExp(pattern: string, flags: string): RegExp | undefined {
  const translated = nativePattern(pattern);
  if (translated === undefined) return undefined;
  try {
    return new RegExp(translated, `u${flags}`);
  } catch {
    // RE2's syntax that RegExp lacks
    return undefined;
  }
}

const GO_WHITESPACE = '\\t\\n\\f\\r ';

/**
 * A Go pattern in RegExp's syntax, with Go's meaning (the `u` flag keeps `\d`, `\w` and `\b` ASCII, as Go's); undefined
 * where the two read a construct differently and the RE2 port must decide: `(?` other than a group, `\p`, `\P`, `\z`,
 * `\A`, `\Q`, POSIX classes, a class that starts with `]`, `\S` in a class.
 */
function nativePattern(pattern: string): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || 'pPzAQEC'.includes(next)) return undefined;
      if (next === 's') out += inClass ? GO_WHITESPACE : `[${GO_WHITESPACE}]`;
      else if (next === 'S') {
        if (inClass) return undefined;
        out += `[^${GO_WHITESPACE}]`;
      } else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') return undefined;
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') return undefined;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?' && pattern[i + 2] !== ':' && !(pattern[i + 2] === '<' && /[A-Za-z_]/.test(pattern[i + 3] ?? ''))) return undefined;
    out += c === '.' ? '[^\\n]' : c;
  }
  return out;
}
