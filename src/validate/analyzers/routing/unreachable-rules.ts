// IST0130 VirtualServiceUnreachableRule and IST0131 VirtualServiceIneffectiveMatch: the warnings of Istio's
// ValidateVirtualService (pkg/config/validation/validation.go analyzeUnreachable*Rules), which istioctl's
// schema.ValidationAnalyzer.VirtualService reports with these codes. Within the http, tcp and tls rules of a
// VirtualService: a rule after one without matches is never used; a match equal to an earlier one is not used;
// an http uri prefix match covered by an earlier, shorter prefix with the same other conditions is not used.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { Fields, list, num, record } from '../../builtin/go-values';
import { MeshIndex } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';

// protobuf map fields of matches, which Go's JSON encoding omits when empty
const MAP_FIELDS = new Set(['headers', 'queryParams', 'withoutHeaders', 'sourceLabels']);

/**
 * A match as Go's json.Marshal of the protobuf struct compares it: zero values (false, 0, "", empty lists and maps)
 * are as good as absent, keys are unordered, and an http match's `name` does not count.
 */
function matchKey(match: unknown, protocol: string): string {
  const canonical = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => canonical(v) ?? null);
    if (value === null || value === false || value === 0 || value === '') return undefined;
    if (typeof value !== 'object') return value;
    const out: Fields = {};
    for (const k of Object.keys(value).sort()) {
      const v = canonical((value as Fields)[k], k);
      if (v !== undefined) out[k] = v;
    }
    return key !== undefined && MAP_FIELDS.has(key) && Object.keys(out).length === 0 ? undefined : out;
  };
  const fields = record(match);
  if (!fields) return 'null';
  const { name: _name, ...rest } = fields;
  return JSON.stringify(canonical(protocol === 'http' ? rest : fields));
}

/** `"name"` of a named http rule or match (Go's %q), else `#<index>`. */
function label(value: unknown, i: number, protocol: string): string {
  const name = record(value)?.name;
  return protocol === 'http' && typeof name === 'string' && name !== '' ? JSON.stringify(name) : `#${i}`;
}

/** A string match as the overlap check compares it: `exact:<v>`, `prefix:<v>`, or "" (regex, absent). */
function exactOrPrefix(value: unknown): string {
  const match = record(value);
  if (typeof match?.exact === 'string' && match.exact !== '') return `exact:${match.exact}`;
  if (typeof match?.prefix === 'string' && match.prefix !== '') return `prefix:${match.prefix}`;
  return '';
}

interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly maps: readonly Readonly<Record<string, string>>[];
}

function prefixMatch(match: Fields, rule: string, name: string): PrefixMatch | undefined {
  const prefix = record(match.uri)?.prefix;
  if (typeof prefix !== 'string' || prefix === '') return undefined;
  const encode = (value: unknown) => Object.fromEntries(Object.entries(record(value) ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]));
  return {
    rule,
    match: name,
    prefix,
    port: num(match.port) ?? 0,
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    maps: [encode(match.headers), encode(match.queryParams), encode(match.withoutHeaders)],
  };
}

/** Whether every request that `b` matches is matched by the earlier `a` (coveredValidation). */
/**
 * The pairs [x, y] (x < y, in that order) where prefix match x covers the longer prefix match y: istioctl compares
 * every pair; only the earlier matches whose prefix starts y's can cover it, so those are looked up by prefix.
 */
function coveringPairs(matches: readonly PrefixMatch[]): [number, number][] {
  const byPrefix = new Map<string, number[]>();
  const pairs: [number, number][] = [];
  matches.forEach((b, y) => {
    for (let length = 0; length < b.prefix.length; length++) {
      for (const x of byPrefix.get(b.prefix.slice(0, length)) ?? []) if (covers(matches[x], b)) pairs.push([x, y]);
    }
    const same = byPrefix.get(b.prefix);
    if (same) same.push(y);
    else byPrefix.set(b.prefix, [y]);
  });
  return pairs.sort(([x1, y1], [x2, y2]) => x1 - x2 || y1 - y2);
}

function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  const within = (x: string, y: string) => x === y || x.startsWith(y);
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port || !within(a.method, b.method) || !within(a.authority, b.authority)) return false;
  return a.maps.every((map, i) => {
    const other = b.maps[i];
    return Object.keys(map).length === Object.keys(other).length && Object.entries(map).every(([k, v]) => k in other && within(v, other[k]));
  });
}

/** Unreachable rules and ineffective matches of one list of rules. */
function analyzeRules(vs: SourcedObject, protocol: 'http' | 'tcp' | 'tls'): Finding[] {
  const rules = list(record(vs.object.spec)?.[protocol]);
  const findings: Finding[] = [];
  const unused = (i: number, reason: string) =>
    findings.push(
      finding(MESSAGES.virtualServiceUnreachableRule, vs, `VirtualService rule ${label(rules[i], i, protocol)} not used (${reason})`, `spec.${protocol}[${i}]`),
    );
  const ineffective = (i: number, j: number, match: string, earlier: string) =>
    findings.push(
      finding(
        MESSAGES.virtualServiceIneffectiveMatch,
        vs,
        `VirtualService rule ${label(rules[i], i, protocol)} match ${match} is not used (duplicate/overlapping match in rule ${earlier})`,
        `spec.${protocol}[${i}].match[${j}]`,
      ),
    );
  const seen = new Map<string, number>();
  const prefixes: { match: PrefixMatch; rule: number; index: number }[] = [];
  let catchAll = -1;
  rules.forEach((value, i) => {
    const rule = record(value);
    if (!rule) return;
    const matches = list(rule.match);
    if (matches.length === 0) {
      if (catchAll >= 0) unused(i, 'only the last rule can have no matches');
      catchAll = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((m, j) => {
      if (catchAll >= 0) {
        unused(i, 'route without matches defined before');
        return;
      }
      const key = matchKey(m, protocol);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        ineffective(i, j, label(m, j, protocol), label(rules[earlier], earlier, protocol));
        duplicates++;
        return;
      }
      seen.set(key, i);
      const fields = record(m);
      const prefix = protocol === 'http' && fields ? prefixMatch(fields, label(value, i, protocol), label(m, j, protocol)) : undefined;
      if (prefix) prefixes.push({ match: prefix, rule: i, index: j });
    });
    if (duplicates === matches.length) unused(i, 'all matches used by prior rules');
  });
  for (const [x, y] of coveringPairs(prefixes.map((p) => p.match))) {
    const [a, { match: b, rule, index }] = [prefixes[x].match, prefixes[y]];
    ineffective(rule, index, `${b.match} of prefix ${b.prefix}`, `${a.match} of prefix ${a.prefix} on ${a.rule}`);
  }
  return findings;
}

/** Rules and matches of VirtualServices that no request can reach. */
export function checkUnreachableRules(index: MeshIndex): Finding[] {
  return analyzedObjects(index).virtualServices.flatMap((vs) => (['http', 'tcp', 'tls'] as const).flatMap((p) => analyzeRules(vs, p)));
}
