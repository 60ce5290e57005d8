// The rules and matches of a VirtualService that can never apply, which Istio's validation webhook warns about (istio/istio
// 1.30 pkg/config/validation/validation.go analyzeUnreachableHTTPRules, analyzeUnreachableTCPRules,
// analyzeUnreachableTLSRules, genMatchHTTPRoutes, coveredValidation): a rule after one without matches, a match that
// repeats an earlier one (compared as Go's decoded proto, a match's name aside), and an HTTP URI prefix match that an
// earlier, shorter prefix with the same other conditions already takes.
import { entries, Fields, list, num, record } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { push } from '../grouped';
import { warn } from './verdicts';

const STRING_MATCH_FIELDS = new Set(['uri', 'scheme', 'method', 'authority']);
const STRING_MATCH_MAPS = new Set(['headers', 'queryParams', 'withoutHeaders']);
const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** A string match as Go's decoded proto: the kind it sets (even to "") and its value, or none. */
function stringMatchKey(value: unknown): string {
  const match = record(value);
  if (!match) return 'null';
  const kind = ['exact', 'prefix', 'regex'].find((k) => typeof match[k] === 'string');
  return kind === undefined ? '{}' : `{${kind}:${JSON.stringify(match[kind])}}`;
}

/** A match as Go serializes its decoded proto (encoding/json: zero values left out), to compare matches. */
function matchKey(value: unknown, withoutName: boolean): string {
  const match = record(value);
  if (!match) return 'null';
  const parts: string[] = [];
  for (const name of Object.keys(match).sort()) {
    const v = match[name];
    if (withoutName && name === 'name') continue;
    if (STRING_MATCH_FIELDS.has(name)) {
      // a set string match is kept even when it matches nothing in particular ({})
      if (record(v)) parts.push(`${name}=${stringMatchKey(v)}`);
    } else if (STRING_MATCH_MAPS.has(name)) {
      const map = entries(v).sort(byKey);
      if (map.length > 0) parts.push(`${name}=${JSON.stringify(map.map(([k, m]) => [k, stringMatchKey(m)]))}`);
    } else if (Array.isArray(v)) {
      if (v.length > 0) parts.push(`${name}=${JSON.stringify(v)}`);
    } else if (record(v)) {
      const map = entries(v).sort(byKey);
      if (map.length > 0) parts.push(`${name}=${JSON.stringify(map)}`);
    } else if (v !== undefined && v !== null && v !== false && v !== 0 && v !== '') {
      parts.push(`${name}=${JSON.stringify(v)}`);
    }
  }
  return parts.join(',');
}

/** An HTTP match with a non-empty URI prefix, as coveredValidation compares them. */
interface PrefixMatch {
  field: string;
  prefix: string;
  port: number;
  method: string;
  authority: string;
  maps: Map<string, string>[];
}

function exactOrPrefix(value: unknown): string {
  const match = record(value);
  if (typeof match?.exact === 'string' && match.exact !== '') return `exact:${match.exact}`;
  if (typeof match?.prefix === 'string' && match.prefix !== '') return `prefix:${match.prefix}`;
  return '';
}

function prefixMatch(match: Fields, field: string): PrefixMatch | undefined {
  const prefix = record(match.uri)?.prefix;
  if (typeof prefix !== 'string' || prefix === '') return undefined;
  const maps = ['headers', 'queryParams', 'withoutHeaders'].map((name) => new Map(entries(match[name]).map(([k, v]) => [k, exactOrPrefix(v)])));
  // no method condition reads as GET
  return { field, prefix, port: num(match.port) ?? 0, method: exactOrPrefix(match.method) || 'exact:GET', authority: exactOrPrefix(match.authority), maps };
}

// Go's test, kept as it is: a condition of the later match is covered when the earlier one's starts with it
const covers = (earlier: string, later: string) => earlier === later || earlier.startsWith(later);

function mapCovers(earlier: Map<string, string>, later: Map<string, string>): boolean {
  if (earlier.size !== later.size) return false;
  for (const [key, value] of earlier) {
    const other = later.get(key);
    if (other === undefined || !covers(value, other)) return false;
  }
  return true;
}

/** Whether earlier match `a` takes all the traffic of later match `b` (coveredValidation). */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  return b.prefix.startsWith(a.prefix) && a.port === b.port && covers(a.method, b.method) && covers(a.authority, b.authority) &&
    a.maps.every((map, i) => mapCovers(map, b.maps[i]));
}

/** The webhook's warnings about rules and matches of one list (http, tcp or tls) that never apply. */
function checkRuleList(rules: unknown[], kind: 'http' | 'tcp' | 'tls', report: Report): void {
  const seen = new Map<string, number>();
  const prefixes: PrefixMatch[] = [];
  let catchAll = -1;
  rules.forEach((r, i) => {
    const rule = record(r);
    if (!rule) return;
    const field = `spec.${kind}[${i}]`;
    const matches = list(rule.match);
    if (matches.length === 0) {
      if (catchAll >= 0) warn(report, field, `rule has no match conditions, and neither has spec.${kind}[${catchAll}] before it, which takes all traffic: it is never used`);
      catchAll = i;
      return;
    }
    if (catchAll >= 0) {
      warn(report, field, `rule is never used: spec.${kind}[${catchAll}] before it has no match conditions and takes all traffic`);
      return;
    }
    let repeated = 0;
    matches.forEach((match, j) => {
      const key = matchKey(match, kind === 'http');
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        warn(report, `${field}.match[${j}]`, `match is never used: a match of spec.${kind}[${earlier}] before it is the same`);
        repeated++;
        return;
      }
      seen.set(key, i);
      const prefix = kind === 'http' && record(match) ? prefixMatch(record(match) as Fields, `${field}.match[${j}]`) : undefined;
      if (prefix) prefixes.push(prefix);
    });
    if (repeated === matches.length) warn(report, field, 'rule is never used: each of its matches repeats a match of an earlier rule');
  });
  for (const [a, b] of coveredPairs(prefixes)) {
    warn(report, b.field, `match is never used: ${a.field} before it, with URI prefix ${JSON.stringify(a.prefix)} and the same other conditions, takes its traffic`);
  }
}

/**
 * The pairs of prefix matches where the earlier covers the later, in Go's order (by the earlier, then the later).
 * Go compares every pair; only an earlier match whose prefix is a proper prefix of the later one's can cover it, so
 * these are looked up by prefix: a gateway's VirtualService routing a thousand paths costs a thousand lookups per
 * path length instead of half a million comparisons.
 */
function coveredPairs(prefixes: PrefixMatch[]): [PrefixMatch, PrefixMatch][] {
  const earlier = new Map<string, number[]>();
  const pairs: [number, number][] = [];
  prefixes.forEach((b, j) => {
    for (let length = 1; length < b.prefix.length; length++) {
      for (const i of earlier.get(b.prefix.slice(0, length)) ?? []) if (covered(prefixes[i], b)) pairs.push([i, j]);
    }
    push(earlier, b.prefix, j);
  });
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([i, j]) => [prefixes[i], prefixes[j]]);
}

/** The webhook's warnings about the rules and matches of a VirtualService that never apply. */
export function checkUnreachableRules(spec: Fields, report: Report): void {
  checkRuleList(list(spec.http), 'http', report);
  checkRuleList(list(spec.tcp), 'tcp', report);
  checkRuleList(list(spec.tls), 'tls', report);
}
