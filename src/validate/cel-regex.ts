// Kubernetes' CEL regex library (k8s.io/apiserver/pkg/cel/library/regex.go): `s.find(re)`, the leftmost match or "",
// and `s.findAll(re)` / `s.findAll(re, n)`, the successive matches as Go's regexp.FindAllString finds them. A pattern
// RegExp would read otherwise than Go's regexp (see go-regexp.ts) is an error here, never a different answer.
import { goRegExp } from './go-regexp';

function compiled(pattern: string, flags = ''): RegExp {
  const regex = goRegExp(pattern, flags);
  if (regex === undefined) throw new Error(`regex ${JSON.stringify(pattern)} is not evaluated here`);
  return regex;
}

/** `text.find(pattern)`: Go's Regexp.FindString. */
export function findString(text: string, pattern: string): string {
  return compiled(pattern).exec(text)?.[0] ?? '';
}

/**
 * `text.findAll(pattern, n)`: Go's Regexp.FindAllString, at most `n` matches (all for a negative `n`): after each
 * match the search goes on where it ended, one character further for an empty one, and an empty match right where
 * the previous match ended is left out (regexp.go's allMatches).
 */
export function findAllStrings(text: string, pattern: string, n = -1): string[] {
  const regex = compiled(pattern, 'g');
  const found: string[] = [];
  let previousEnd = -1;
  for (let position = 0; (n < 0 || found.length < n) && position <= text.length; ) {
    regex.lastIndex = position;
    const match = regex.exec(text);
    if (match === null) break;
    const start = match.index;
    const end = start + match[0].length;
    let accept = true;
    if (end === start) {
      if (start === previousEnd) accept = false;
      // the next search starts past the character at the empty match (a surrogate pair is one)
      const code = text.codePointAt(start);
      position = start + (code !== undefined && code > 0xffff ? 2 : 1);
    } else {
      position = end;
    }
    previousEnd = end;
    if (accept) found.push(match[0]);
  }
  return found;
}
