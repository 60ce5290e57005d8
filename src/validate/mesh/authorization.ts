// Istio AuthorizationPolicy semantics, enough to tell whether a request reaches a workload: DENY policies first,
// then, when any ALLOW policy selects the workload, only requests some ALLOW rule matches. Conditions a manifest
// cannot decide (IP blocks, request principals, `when` keys) never match, so a rule that depends on them is not
// counted on to allow anything.
import { SourcedObject } from '../findings';
import { namespaceOf } from './mesh-index';

/** A request as the destination's sidecar sees it. */
export interface MeshRequest {
  /** The source's SPIFFE principal, `cluster.local/ns/<namespace>/sa/<account>`. */
  readonly principal: string;
  readonly method: string;
  readonly path: string;
}

/** Where a request goes: a workload's namespace and pod labels. */
export interface MeshWorkload {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The outcome, with the policies that decided it. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*` for any value. */
export function stringMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

const anyMatch = (patterns: unknown, value: string) => (patterns as string[]).some((p) => stringMatches(p, value));
const UNDECIDABLE_SOURCE = [
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'requestPrincipals',
  'notRequestPrincipals',
  'trustDomains',
  'notTrustDomains',
];

function sourceMatches(source: any, request: MeshRequest): boolean {
  if (!source) return true;
  if (UNDECIDABLE_SOURCE.some((k) => source[k] !== undefined)) return false;
  const namespace = /\/ns\/([^/]+)\//.exec(request.principal)?.[1] ?? '';
  const account = /\/sa\/([^/]+)$/.exec(request.principal)?.[1] ?? '';
  const accountKey = `${namespace}/${account}`;
  if (source.principals && !anyMatch(source.principals, request.principal)) return false;
  if (source.notPrincipals && anyMatch(source.notPrincipals, request.principal)) return false;
  if (source.namespaces && !anyMatch(source.namespaces, namespace)) return false;
  if (source.notNamespaces && anyMatch(source.notNamespaces, namespace)) return false;
  if (source.serviceAccounts && !(source.serviceAccounts as string[]).includes(accountKey)) return false;
  if (source.notServiceAccounts && (source.notServiceAccounts as string[]).includes(accountKey)) return false;
  return true;
}

function operationMatches(operation: any, request: MeshRequest): boolean {
  if (!operation) return true;
  if (operation.methods && !anyMatch(operation.methods, request.method)) return false;
  if (operation.notMethods && anyMatch(operation.notMethods, request.method)) return false;
  if (operation.paths && !anyMatch(operation.paths, request.path)) return false;
  if (operation.notPaths && anyMatch(operation.notPaths, request.path)) return false;
  return true;
}

function ruleMatches(rule: any, request: MeshRequest): boolean {
  if (Array.isArray(rule?.when) && rule.when.length > 0) return false;
  const from = (rule?.from ?? []) as any[];
  const to = (rule?.to ?? []) as any[];
  return (
    (from.length === 0 || from.some((f) => sourceMatches(f?.source, request))) &&
    (to.length === 0 || to.some((t) => operationMatches(t?.operation, request)))
  );
}

/** AuthorizationPolicies indexed by namespace and selector, so finding the ones of a workload costs no scan. */
export class PolicyIndex {
  private readonly byNamespace = new Map<string, { everyWorkload: SourcedObject[]; bySelector: Map<string, SourcedObject[]> }>();

  constructor(policies: readonly SourcedObject[]) {
    for (const p of policies) {
      const ns = namespaceOf(p);
      let entry = this.byNamespace.get(ns);
      if (!entry) this.byNamespace.set(ns, (entry = { everyWorkload: [], bySelector: new Map() }));
      const [first] = Object.entries(selectorOf(p));
      if (!first) entry.everyWorkload.push(p);
      else entry.bySelector.set(`${first[0]}=${first[1]}`, [...(entry.bySelector.get(`${first[0]}=${first[1]}`) ?? []), p]);
    }
  }

  /** The policies of the workload's namespace that select it (or select every workload there), in their given order. */
  public policiesFor(workload: MeshWorkload): SourcedObject[] {
    const entry = this.byNamespace.get(workload.namespace);
    if (!entry) return [];
    const candidates = [...entry.everyWorkload];
    for (const [k, v] of Object.entries(workload.podLabels)) candidates.push(...(entry.bySelector.get(`${k}=${v}`) ?? []));
    return candidates.filter((p) => Object.entries(selectorOf(p)).every(([k, v]) => workload.podLabels[k] === v));
  }

  /** Whether `request` reaches `workload`. */
  public decide(workload: MeshWorkload, request: MeshRequest): Decision {
    const applicable = this.policiesFor(workload);
    const action = (p: SourcedObject) => (p.object.spec as any)?.action ?? 'ALLOW';
    const rules = (p: SourcedObject) => ((p.object.spec as any)?.rules ?? []) as unknown[];
    const deny = applicable.find((p) => action(p) === 'DENY' && rules(p).some((r) => ruleMatches(r, request)));
    if (deny) return { allowed: false, reason: `DENY policy ${deny.object.metadata.name} matches it` };
    const allows = applicable.filter((p) => action(p) === 'ALLOW');
    if (allows.length === 0) return { allowed: true, reason: 'no ALLOW policy selects the workload' };
    const allow = allows.find((p) => rules(p).some((r) => ruleMatches(r, request)));
    if (allow) return { allowed: true, reason: `ALLOW policy ${allow.object.metadata.name} matches it` };
    return {
      allowed: false,
      reason: `no rule of the ALLOW policies selecting it (${allows.map((p) => p.object.metadata.name).join(', ')}) matches it`,
    };
  }
}

function selectorOf(policy: SourcedObject): Record<string, string> {
  return ((policy.object.spec as any)?.selector?.matchLabels ?? {}) as Record<string, string>;
}

/** Whether `request` reaches `workload` under `policies` (all AuthorizationPolicies of the set). */
export function decide(policies: readonly SourcedObject[], workload: MeshWorkload, request: MeshRequest): Decision {
  return new PolicyIndex(policies).decide(workload, request);
}
