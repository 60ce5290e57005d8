// One AuthorizationPolicy rule, read for one peer and one destination port, as Istio 1.30.3 builds it
// (pilot/pkg/security/authz/model/model.go and builder/builder.go): the rule matches when one `from` entry, one `to`
// entry and every `when` condition match; a list left empty is no condition; `notX` excludes what it names. What
// is left once the peer and the port are known is a set of operations (methods and paths), with the conditions a
// manifest cannot decide (IP blocks, JWT claims, headers, hosts) kept as words.
//
// Where HTTP is not seen (a TCP port, or ztunnel), Istio cannot build the HTTP conditions (methods, paths, hosts,
// request principals, `request.*` keys): it skips an ALLOW rule that has any, and drops them from a DENY rule, which
// then refuses more. A value it cannot read (a port that is no number) does the same. A `when` key it does not know
// makes it skip the rule, whatever the action.
import type { SourcedObject } from '../findings';
import { Pattern, parsePattern } from './istio-patterns';
import { namespaceMatches, PeerPrincipal, principalMatches, serviceAccountMatches, trustDomainMatches } from './peer-identity';

/** Where an allowed operation comes from: a policy's rule, or a destination no ALLOW policy guards. */
export type Origin =
  | { readonly kind: 'rule'; readonly policy: SourcedObject; readonly rule: number }
  | { readonly kind: 'open'; readonly source: SourcedObject; readonly why: string };
// `why` reads before the object: `no ALLOW policy applies to` Deployment shop/web

/** Requests a rule matches at one port: methods and paths (undefined: any), minus the `not` ones, under conditions. */
export interface Operation {
  readonly methods?: readonly Pattern[];
  readonly notMethods: readonly Pattern[];
  readonly paths?: readonly Pattern[];
  readonly notPaths: readonly Pattern[];
  /** What must also hold, which the manifests cannot tell (`ipBlocks 10.0.0.0/8`, `when request.headers[x] in [y]`). */
  readonly conditions: readonly string[];
  readonly origin: Origin;
}

/** How a rule is read where it is enforced. */
export interface RuleContext {
  readonly action: 'ALLOW' | 'DENY';
  /** The namespace of the policy, where `serviceAccounts` entries without one are looked up. */
  readonly policyNamespace: string;
  /** The peer's principal as the proxy sees it. */
  readonly principal: PeerPrincipal;
  /** The destination port (the workload's), or undefined when it cannot be told (a named port no container has). */
  readonly port: number | undefined;
  /** Whether HTTP is not seen: a TCP port, or ztunnel. */
  readonly l4: boolean;
}

/** A rule read in a context: its operations (none when the peer or the port does not match), or why Istio skips it. */
export interface RuleReading {
  readonly operations: readonly Operation[];
  readonly skipped?: string;
}

const KNOWN_WHEN = new Set([
  'destination.ip',
  'destination.port',
  'connection.sni',
  'source.ip',
  'remote.ip',
  'source.namespace',
  'source.trustDomain',
  'source.serviceAccount',
  'source.principal',
  'request.auth.principal',
  'request.auth.audiences',
  'request.auth.presenter',
]);
const isHttpKey = (key: string) => key.startsWith('request.');
const knownWhen = (key: string) =>
  KNOWN_WHEN.has(key) || key.startsWith('experimental.envoy.filters.') || key.startsWith('request.headers') || key.startsWith('request.auth.claims');

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const listed = (value: unknown): string =>
  `[${(Array.isArray(value) ? value : [])
    .map(String)
    .join(', ')}]`;

/** A field's values and `not` values; neither given is no condition. */
interface Field {
  readonly values: string[];
  readonly notValues: string[];
}
const fieldOf = (object: any, key: string, notKey: string): Field => ({ values: strings(object?.[key]), notValues: strings(object?.[notKey]) });
const given = (f: Field) => f.values.length > 0 || f.notValues.length > 0;

/** Whether a field holds for a value: one of its values matches, and none of its `not` values. */
function holds(field: Field, matches: (v: string) => boolean): boolean {
  return (field.values.length === 0 || field.values.some(matches)) && !field.notValues.some(matches);
}

/** Words for a field the manifests cannot decide. */
function condition(name: string, field: Field): string {
  return [
    ...(field.values.length > 0 ? [`${name} ${listed(field.values)}`] : []),
    ...(field.notValues.length > 0 ? [`not ${name} ${listed(field.notValues)}`] : []),
  ].join(' and ');
}

class SkipRule extends Error {}

/**
 * A field Istio cannot build here (an HTTP field where HTTP is not seen, a value it cannot read): an ALLOW rule is
 * skipped, a DENY rule is read without it.
 */
function unusable(ctx: RuleContext, why: string): Field {
  if (ctx.action === 'ALLOW') throw new SkipRule(why);
  return { values: [], notValues: [] };
}

/** Port values, as numbers; a value that is no port makes the field unusable (an ALLOW rule skipped, a DENY value dropped). */
function portField(field: Field, ctx: RuleContext, name: string): { values: number[]; notValues: number[] } {
  const read = (values: string[]) =>
    values.flatMap((v) => {
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (Number.isInteger(n) && n <= 65535) return [n];
      unusable(ctx, `${name} value '${v}' is no port`);
      return [];
    });
  return { values: read(field.values), notValues: read(field.notValues) };
}

/** Whether the port matches port values; undefined when the port cannot be told. */
function portHolds(field: { values: number[]; notValues: number[] }, port: number | undefined): boolean | undefined {
  if (field.values.length === 0 && field.notValues.length === 0) return true;
  if (port === undefined) return undefined;
  return (field.values.length === 0 || field.values.includes(port)) && !field.notValues.includes(port);
}

/** A rule's `when` conditions: false when one cannot hold, else the words of those the manifests cannot decide. */
function readWhen(rule: any, ctx: RuleContext): string[] | false {
  const words: string[] = [];
  for (const w of (Array.isArray(rule?.when) ? rule.when : []) as any[]) {
    const key = typeof w?.key === 'string' ? w.key : '';
    if (!knownWhen(key)) throw new SkipRule(`unknown attribute ${key}`);
    let field: Field = { values: strings(w?.values), notValues: strings(w?.notValues) };
    if (!given(field)) continue;
    if (ctx.l4 && isHttpKey(key)) field = unusable(ctx, `${key} is HTTP only`);
    if (!given(field)) continue;
    const p = ctx.principal;
    let ok: boolean | undefined;
    switch (key) {
      case 'source.principal':
        ok = holds(field, (v) => principalMatches(v, p));
        break;
      case 'source.namespace':
        ok = holds(field, (v) => namespaceMatches(v, p));
        break;
      case 'source.serviceAccount':
        ok = holds(field, (v) => serviceAccountMatches(v, ctx.policyNamespace, p));
        break;
      case 'source.trustDomain':
        ok = holds(field, (v) => trustDomainMatches(v, p));
        break;
      case 'destination.port':
        ok = portHolds(portField(field, ctx, 'destination.port'), ctx.port);
        break;
      default:
        ok = undefined;
    }
    if (ok === false) return false;
    if (ok === undefined) words.push(condition(`when ${key}`, field));
  }
  return words;
}

const SOURCE_UNDECIDABLE: readonly [string, string, string][] = [
  ['ipBlocks', 'notIpBlocks', 'ipBlocks'],
  ['remoteIpBlocks', 'notRemoteIpBlocks', 'remoteIpBlocks'],
];

/** A `from` entry: false when the peer does not match, else the words of what the manifests cannot decide. */
function readSource(source: any, ctx: RuleContext): string[] | false {
  if (!source) return [];
  const p = ctx.principal;
  const checks: [Field, (v: string) => boolean][] = [
    [fieldOf(source, 'principals', 'notPrincipals'), (v) => principalMatches(v, p)],
    [fieldOf(source, 'namespaces', 'notNamespaces'), (v) => namespaceMatches(v, p)],
    [fieldOf(source, 'serviceAccounts', 'notServiceAccounts'), (v) => serviceAccountMatches(v, ctx.policyNamespace, p)],
    [fieldOf(source, 'trustDomains', 'notTrustDomains'), (v) => trustDomainMatches(v, p)],
  ];
  if (checks.some(([field, matches]) => !holds(field, matches))) return false;
  const words = SOURCE_UNDECIDABLE.map(([k, notK, name]) => condition(name, fieldOf(source, k, notK))).filter((w) => w !== '');
  let jwt = fieldOf(source, 'requestPrincipals', 'notRequestPrincipals');
  if (ctx.l4 && given(jwt)) jwt = unusable(ctx, 'requestPrincipals is HTTP only');
  if (given(jwt)) words.push(condition('requestPrincipals', jwt));
  return words;
}

/** A `to` entry at the port: undefined when the port does not match, else its operation. */
function readOperation(operation: any, ctx: RuleContext, origin: Origin, conditions: readonly string[]): Operation | undefined {
  const http = (key: string, notKey: string): Field => {
    const field = fieldOf(operation, key, notKey);
    return ctx.l4 && given(field) ? unusable(ctx, `${key} is HTTP only`) : field;
  };
  const methods = http('methods', 'notMethods');
  const paths = http('paths', 'notPaths');
  const hosts = http('hosts', 'notHosts');
  const ports = portField(fieldOf(operation, 'ports', 'notPorts'), ctx, 'ports');
  const port = portHolds(ports, ctx.port);
  if (port === false) return undefined;
  const words = [...conditions];
  if (port === undefined) words.push(condition('port', { values: ports.values.map(String), notValues: ports.notValues.map(String) }));
  if (given(hosts)) words.push(condition('host', hosts));
  return {
    ...(methods.values.length > 0 ? { methods: methods.values.map((v) => parsePattern(v)) } : {}),
    notMethods: methods.notValues.map((v) => parsePattern(v)),
    ...(paths.values.length > 0 ? { paths: paths.values.map((v) => parsePattern(v, 'path')) } : {}),
    notPaths: paths.notValues.map((v) => parsePattern(v, 'path')),
    conditions: words,
    origin,
  };
}

/** The operations rule `index` of `policy` matches for the context's peer at its port. */
export function readRule(policy: SourcedObject, index: number, ctx: RuleContext): RuleReading {
  const rule = ((policy.object.spec as any)?.rules ?? [])[index];
  if (rule === null || typeof rule !== 'object') return { operations: [], skipped: 'a rule that is no mapping' };
  const origin: Origin = { kind: 'rule', policy, rule: index };
  try {
    const when = readWhen(rule, ctx);
    const from = (Array.isArray(rule.from) ? rule.from : []) as any[];
    const to = (Array.isArray(rule.to) ? rule.to : []) as any[];
    // every entry is read, so that a field Istio cannot build skips the rule however the others match
    const sources = from.map((f) => readSource(f?.source, ctx));
    const operations = to.map((t) => readOperation(t?.operation, ctx, origin, []));
    if (when === false) return { operations: [] };
    const matched = from.length === 0 ? [[]] : sources.filter((s): s is string[] => s !== false);
    if (matched.length === 0) return { operations: [] };
    // the entries of `from` are alternatives: unconditional when one of them is
    const sourceWords = matched.some((m) => m.length === 0) ? [] : [matched.map((m) => m.join(' and ')).join(' or ')];
    const words = [...sourceWords, ...when];
    const ops = to.length === 0 ? [readOperation(undefined, ctx, origin, [])] : operations;
    return {
      operations: ops.filter((o): o is Operation => o !== undefined).map((o) => ({ ...o, conditions: [...words, ...o.conditions] })),
    };
  } catch (err) {
    if (err instanceof SkipRule) return { operations: [], skipped: err.message };
    throw err;
  }
}
