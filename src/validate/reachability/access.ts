// What one proxy (a sidecar, a waypoint, a ztunnel) lets a peer do at one port, under the AuthorizationPolicies it
// enforces, as Istio 1.30.3 builds its filters (pilot/pkg/security/authz/builder/builder.go): a CUSTOM policy's
// provider first, then DENY, then ALLOW; AUDIT only logs; a policy annotated `istio.io/dry-run: "true"` is not
// enforced. A DENY rule that matches refuses; when an ALLOW policy applies, only what one of their rules matches
// passes, and an ALLOW policy without rules (`spec: {}`) matches nothing; with no ALLOW policy, everything passes.
//
// Conditions a manifest cannot decide (IP blocks, JWT claims, headers, hosts) are kept on the operations an ALLOW
// rule allows, as words; a DENY rule with such a condition is not counted on to refuse anything.
import type { SourcedObject } from '../findings';
import { Pattern, PatternDomain, patternCovers, patternMatches, patternsOverlap, patternText } from './istio-patterns';
import { Operation, readRule } from './policy-rules';
import { PeerPrincipal } from './peer-identity';

/** What passes one proxy: nothing (with why), or what the ALLOW side allows minus what the DENY side refuses. */
export type Access =
  | { readonly refused: true; readonly reason: string }
  | {
      readonly refused: false;
      readonly allow: readonly Operation[];
      /** The operations DENY rules refuse out of what is allowed. */
      readonly deny: readonly Operation[];
      /** Names of the enforced ALLOW policies: none when nothing guards the port. */
      readonly allowPolicies: readonly string[];
      /** What else may refuse (a CUSTOM policy's provider). */
      readonly notes: readonly string[];
    };

/** One proxy on the way, and what it enforces. */
export interface Enforcement {
  /** The proxy, as messages name it: `its sidecar`, `waypoint cloudlab/waypoint`. */
  readonly where: string;
  readonly policies: readonly SourcedObject[];
  /** The peer's principal as this proxy sees it. */
  readonly principal: PeerPrincipal;
  readonly port: number | undefined;
  /** Whether the proxy does not see HTTP: a TCP port, or ztunnel. */
  readonly l4: boolean;
  /** The object an allowance without any ALLOW policy is reported on (the workload, or the Service at a waypoint). */
  readonly guarded: SourcedObject;
}

const DRY_RUN = 'istio.io/dry-run';
// Go's strconv.ParseBool
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const actionOf = (p: SourcedObject): string => (p.object.spec as any)?.action ?? 'ALLOW';
const rulesOf = (p: SourcedObject): unknown[] => (Array.isArray((p.object.spec as any)?.rules) ? (p.object.spec as any).rules : []);
const nameOf = (p: SourcedObject): string => p.object.metadata?.name ?? '';

/** Whether Istio enforces a policy: not when it is annotated as a dry run. */
export function enforced(policy: SourcedObject): boolean {
  return !TRUE.has(policy.object.metadata?.annotations?.[DRY_RUN] ?? '');
}

/** Whether an operation matches every request, without condition. */
export function universal(op: Operation): boolean {
  return !op.methods && !op.paths && op.notMethods.length === 0 && op.notPaths.length === 0 && op.conditions.length === 0;
}

/** What passes one proxy. */
export function accessAt(e: Enforcement): Access {
  const applied = e.policies.filter(enforced);
  const operations = (p: SourcedObject, action: 'ALLOW' | 'DENY') =>
    rulesOf(p).flatMap((_, i) => readRule(p, i, { action, policyNamespace: p.object.metadata?.namespace ?? 'default', principal: e.principal, port: e.port, l4: e.l4 }).operations);
  const deny = applied.filter((p) => actionOf(p) === 'DENY').flatMap((p) => operations(p, 'DENY')).filter((op) => op.conditions.length === 0);
  const everything = deny.find(universal);
  if (everything) return { refused: true, reason: `DENY policy ${policyName(everything)} matches every request of the caller` };
  const allowPolicies = applied.filter((p) => actionOf(p) === 'ALLOW');
  const notes = applied.filter((p) => actionOf(p) === 'CUSTOM' && rulesOf(p).length > 0).map((p) => `CUSTOM policy ${nameOf(p)} may refuse more`);
  let allow: Operation[] =
    allowPolicies.length === 0
      ? [{ notMethods: [], notPaths: [], conditions: [], origin: { kind: 'open', source: e.guarded, why: 'no ALLOW policy applies to' } }]
      : allowPolicies.flatMap((p) => operations(p, 'ALLOW'));
  const names = allowPolicies.map(nameOf);
  if (allow.length === 0) return { refused: true, reason: `no rule of the ALLOW policies ${e.where} (${names.join(', ')}) matches it` };
  allow = allow.filter((op) => !deny.some((d) => operationCovers(d, op)));
  if (allow.length === 0) return { refused: true, reason: `the DENY policies ${e.where} refuse all the ALLOW policies allow` };
  return { refused: false, allow, deny: deny.filter((d) => allow.some((op) => operationsOverlap(d, op))), allowPolicies: names, notes };
}

/** What passes a proxy and then the next one (a waypoint, then the pods' ztunnel, which checks L4 only). */
export function combine(first: Access, next: Access): Access {
  if (first.refused) return first;
  if (next.refused) return next;
  if (next.allow.some((op) => op.conditions.length === 0)) return { ...first, notes: [...first.notes, ...next.notes] };
  const words = next.allow.map((op) => op.conditions.join(' and ')).join(' or ');
  return { ...first, allow: first.allow.map((op) => ({ ...op, conditions: [...op.conditions, words] })), notes: [...first.notes, ...next.notes] };
}

/** The name of the policy an operation comes from. */
export function policyName(op: Operation): string {
  return op.origin.kind === 'rule' ? nameOf(op.origin.policy) : 'none';
}

const someCovers = (outer: readonly Pattern[] | undefined, inner: readonly Pattern[] | undefined, domain: PatternDomain) =>
  !outer || (inner !== undefined && inner.every((i) => outer.some((o) => patternCovers(o, i, domain))));
const someOverlap = (a: readonly Pattern[] | undefined, b: readonly Pattern[] | undefined) =>
  !a || !b || a.some((x) => b.some((y) => patternsOverlap(x, y)));

/** Whether `outer` (an unconditional operation without `not` values) matches every request `inner` matches. */
export function operationCovers(outer: Operation, inner: Operation): boolean {
  if (outer.conditions.length > 0 || outer.notMethods.length > 0 || outer.notPaths.length > 0) return false;
  return someCovers(outer.methods, inner.methods, 'text') && someCovers(outer.paths, inner.paths, 'path');
}

/** Whether two operations may match a request in common. */
export function operationsOverlap(a: Operation, b: Operation): boolean {
  return someOverlap(a.methods, b.methods) && someOverlap(a.paths, b.paths);
}

/** A request, or a family of requests, as patterns: a method and a path. */
export interface RequestPattern {
  readonly method: Pattern;
  readonly path: Pattern;
}

/** Whether an operation matches every request of `request` (unconditionally, when `unconditional`). */
export function operationAdmits(op: Operation, request: RequestPattern): boolean {
  const { method, path } = request;
  return (
    (!op.methods || op.methods.some((m) => patternCovers(m, method))) &&
    !op.notMethods.some((m) => patternsOverlap(m, method)) &&
    (!op.paths || op.paths.some((p) => patternCovers(p, path, 'path'))) &&
    !op.notPaths.some((p) => patternsOverlap(p, path))
  );
}

/** Whether a DENY operation may refuse a request of `request`. */
function operationRefuses(op: Operation, request: RequestPattern): boolean {
  const excluded = (nots: readonly Pattern[], value: Pattern) => value.kind === 'exact' && nots.some((n) => patternMatches(n, value.text));
  return (
    (!op.methods || op.methods.some((m) => patternsOverlap(m, request.method))) &&
    !excluded(op.notMethods, request.method) &&
    (!op.paths || op.paths.some((p) => patternsOverlap(p, request.path))) &&
    !excluded(op.notPaths, request.path)
  );
}

/** Whether every request of `request` passes, and if not, why. */
export function decide(access: Access, request: RequestPattern, where: string): { allowed: boolean; reason: string } {
  if (access.refused) return { allowed: false, reason: access.reason };
  const deny = access.deny.find((op) => operationRefuses(op, request));
  if (deny) return { allowed: false, reason: `DENY policy ${policyName(deny)} matches it` };
  const admitting = access.allow.filter((op) => operationAdmits(op, request));
  if (admitting.some((op) => op.conditions.length === 0)) return { allowed: true, reason: '' };
  if (admitting.length > 0) {
    return { allowed: false, reason: `the ALLOW policies ${where} allow it only ${admitting.map((op) => `if ${op.conditions.join(' and ')}`).join(' or ')}` };
  }
  return { allowed: false, reason: `no rule of the ALLOW policies ${where} (${access.allowPolicies.join(', ')}) matches it` };
}

/** How requests are written in a message (plain) or a README table (code spans). */
export type Quote = (text: string) => string;

/** An operation in the policies' own words: `GET /a, /b`, `any method /api*`, `any request except path /admin*`. */
export function formatOperation(op: Operation, quote: Quote = (t) => t): string {
  const list = (patterns: readonly Pattern[]) => patterns.map((p) => quote(patternText(p))).join(', ');
  const methods = op.methods ? op.methods.map(patternText).join(',') : undefined;
  const paths = op.paths ? list(op.paths) : undefined;
  const head = methods && paths ? `${methods} ${paths}` : methods ? `${methods} any path` : paths ? `any method ${paths}` : 'any request';
  const except = [
    ...(op.notMethods.length > 0 ? [`method ${op.notMethods.map(patternText).join(',')}`] : []),
    ...(op.notPaths.length > 0 ? [`path ${list(op.notPaths)}`] : []),
  ];
  return `${head}${except.length > 0 ? ` except ${except.join(' or ')}` : ''}${op.conditions.length > 0 ? ` (if ${op.conditions.join(' and ')})` : ''}`;
}

/** What an access allows, in the policies' own words; `—` for nothing. */
export function formatAccess(access: Access, quote: Quote = (t) => t): string {
  if (access.refused) return '—';
  // an operation another one covers says nothing more (of two equal ones, the first is kept)
  const ops = access.allow;
  const shown = ops.filter((op, i) => !ops.some((other, j) => j !== i && operationCovers(other, op) && (j < i || !operationCovers(op, other))));
  const allowed = [...new Set(shown.map((op) => formatOperation(op, quote)))].join('; ');
  const refused = access.deny.length > 0 ? `; not ${access.deny.map((op) => formatOperation(op, quote)).join('; ')}` : '';
  const notes = access.notes.length > 0 ? ` (${access.notes.join('; ')})` : '';
  return `${allowed}${refused}${notes}`;
}
