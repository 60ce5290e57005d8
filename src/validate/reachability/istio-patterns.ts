// The values of an AuthorizationPolicy's `methods`, `paths` (and their `not` forms) as Istio 1.30.3 turns them into
// Envoy matchers (pilot/pkg/security/authz/matcher: StringMatcher, HeaderMatcher, PathMatcher, PathTemplateMatcher):
// `*` matches any non-empty value, `prefix*` and `*suffix` their prefix and suffix (a leading `*` wins), anything
// else itself; a path with `{*}` (one segment) or `{**}` (any segments, last) is a URI template. Kept as patterns, so
// that what a policy allows is said in its own terms, and compared by what they match.

/** One value of a policy, as Istio reads it. */
export type Pattern =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'suffix'; readonly text: string }
  | { readonly kind: 'template'; readonly text: string; readonly regex: RegExp };

/** Which values a pattern is matched against: paths always start with `/`, which widens `/*` to any path. */
export type PatternDomain = 'path' | 'text';

/** The pattern a policy value stands for (`paths` read URI templates; other values do not). */
export function parsePattern(value: string, domain: PatternDomain = 'text'): Pattern {
  if (domain === 'path' && (value.includes('{*}') || value.includes('{**}'))) return { kind: 'template', text: value, regex: templateRegex(value) };
  if (value === '*') return { kind: 'any' };
  if (value.startsWith('*')) return { kind: 'suffix', text: value.slice(1) };
  if (value.endsWith('*')) return { kind: 'prefix', text: value.slice(0, -1) };
  return { kind: 'exact', text: value };
}

/** A pattern as a policy writes it. */
export function patternText(pattern: Pattern): string {
  switch (pattern.kind) {
    case 'any':
      return '*';
    case 'prefix':
      return `${pattern.text}*`;
    case 'suffix':
      return `*${pattern.text}`;
    default:
      return pattern.text;
  }
}

/** Whether `value` matches `pattern`. */
export function patternMatches(pattern: Pattern, value: string): boolean {
  switch (pattern.kind) {
    case 'any':
      return value.length > 0;
    case 'prefix':
      return value.startsWith(pattern.text);
    case 'suffix':
      return value.endsWith(pattern.text);
    case 'template':
      return pattern.regex.test(value);
    default:
      return value === pattern.text;
  }
}

/** Whether every value `inner` matches, `outer` matches too (false when that cannot be shown). */
export function patternCovers(outer: Pattern, inner: Pattern, domain: PatternDomain = 'text'): boolean {
  if (inner.kind === 'exact') return patternMatches(outer, inner.text);
  if (outer.kind === 'any') return true;
  const universal = (p: Pattern) => p.kind === 'any' || (domain === 'path' && p.kind === 'prefix' && p.text === '/');
  if (universal(outer)) return true;
  if (outer.kind === 'prefix') {
    if (inner.kind === 'prefix') return inner.text.startsWith(outer.text);
    if (inner.kind === 'template') return literalPrefix(inner.text).startsWith(outer.text);
    return false;
  }
  if (outer.kind === 'suffix') return inner.kind === 'suffix' && inner.text.endsWith(outer.text);
  return outer.kind === 'template' && inner.kind === 'template' && outer.text === inner.text;
}

/** Whether some value may match both patterns (true when that cannot be ruled out). */
export function patternsOverlap(a: Pattern, b: Pattern): boolean {
  if (a.kind === 'exact') return patternMatches(b, a.text);
  if (b.kind === 'exact') return patternMatches(a, b.text);
  if (a.kind === 'prefix' && b.kind === 'prefix') return a.text.startsWith(b.text) || b.text.startsWith(a.text);
  if (a.kind === 'suffix' && b.kind === 'suffix') return a.text.endsWith(b.text) || b.text.endsWith(a.text);
  return true;
}

function literalPrefix(template: string): string {
  return template.slice(0, template.indexOf('{'));
}

/** `text` as a regular expression that matches it literally. */
export const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Envoy's uri_template: `*` (Istio's `{*}`) is one non-empty segment, `**` (`{**}`) any number of segments
function templateRegex(template: string): RegExp {
  const parts = template.split(/(\{\*\*\}|\{\*\})/);
  return new RegExp(`^${parts.map((p) => (p === '{**}' ? '.*' : p === '{*}' ? '[^/]+' : escapeRegex(p))).join('')}$`);
}
