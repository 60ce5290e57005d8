// Istio AuthorizationPolicy semantics, enough to tell whether a request reaches a workload: DENY policies first,
// then, when any ALLOW policy selects the workload, only requests some ALLOW rule matches. Conditions a manifest
// cannot decide (IP blocks, request principals, `when` keys) never match, so a rule that depends on them is not
// counted on to allow anything; a request only such a rule would allow is undecided (a route meant for requests
// that carry a JWT), not refused. The request carries no destination host, and its port (the Service's targetPort)
// only when the route says which: a DENY rule that names what it lacks is not counted on to refuse it, and an ALLOW
// rule's hosts, and ports when unknown, are not checked. Where a policy applies: one with `targetRefs` at the
// waypoint or Gateway API gateway it names (directly, or by a Service bound to the waypoint), any other at the
// workloads it selects, by their sidecar or, in ambient mode, their ztunnel, which sees no HTTP: there an ALLOW rule
// with L7 conditions (methods, paths, hosts, request principals, request keys) matches nothing, and a DENY rule's L7
// conditions are dropped, as Istio translates them for ztunnel.
import { SourcedObject } from '../findings';
import { oncePer } from '../once-per';
import { MeshIndex, namespaceOf } from './mesh-index';
import { push } from '../grouped';

/** A request as the destination's sidecar sees it. */
export interface MeshRequest {
  /** The source's SPIFFE principal, `cluster.local/ns/<namespace>/sa/<account>`. */
  readonly principal: string;
  readonly method: string;
  readonly path: string;
  /** The port the workload receives it on (the Service's targetPort), when the route says which. */
  readonly port?: number;
}

/** Where a request goes: a workload's namespace and pod labels. */
export interface MeshWorkload {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The outcome, with the policies that decided it. */
export interface Decision {
  readonly allowed: boolean;
  /** Not allowed for certain, but an ALLOW rule would allow it if conditions the manifests cannot decide held. */
  readonly undecided?: boolean;
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

/** Whether a rule's source matches; with `maybe`, as if the conditions it cannot decide held. */
function sourceMatches(source: any, request: MeshRequest, maybe = false): boolean {
  if (!source) return true;
  if (!maybe && UNDECIDABLE_SOURCE.some((k) => source[k] !== undefined)) return false;
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

/** What an operation may name that a MeshRequest does not decide: the destination's host, and its port when unknown. */
const HOST_FIELDS = ['hosts', 'notHosts'];
const PORT_FIELDS = ['ports', 'notPorts'];

/**
 * Whether a rule's operation matches; with `certain`, only when nothing it names is left undecided (a DENY rule on
 * a host, or on a port the request does not say, is not counted on to refuse it). Ports are matched as numbers.
 */
function operationMatches(operation: any, request: MeshRequest, certain = false): boolean {
  if (!operation) return true;
  if (certain && HOST_FIELDS.some((k) => operation[k] !== undefined)) return false;
  if (request.port === undefined) {
    if (certain && PORT_FIELDS.some((k) => operation[k] !== undefined)) return false;
  } else {
    // Istio reads each entry as a decimal number (convertToPort's ParseUint: "08080" is 8080)
    const named = (ports: unknown[]) => ports.some((p) => /^[0-9]+$/.test(String(p)) && Number(p) === request.port);
    if (Array.isArray(operation.ports) && !named(operation.ports)) return false;
    if (Array.isArray(operation.notPorts) && named(operation.notPorts)) return false;
  }
  if (operation.methods && !anyMatch(operation.methods, request.method)) return false;
  if (operation.notMethods && anyMatch(operation.notMethods, request.method)) return false;
  if (operation.paths && !anyMatch(operation.paths, request.path)) return false;
  if (operation.notPaths && anyMatch(operation.notPaths, request.path)) return false;
  return true;
}

const L7_OPERATION = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];
const L7_SOURCE = ['requestPrincipals', 'notRequestPrincipals'];

/** Whether a `when` key is an HTTP attribute (request headers, request authentication). */
function isL7Key(key: unknown): boolean {
  return typeof key === 'string' && (key.startsWith('request.') || key.startsWith('experimental.'));
}

/** Whether a rule needs HTTP to be checked: what ztunnel cannot enforce. */
export function isL7Rule(rule: any): boolean {
  const from = (rule?.from ?? []) as any[];
  const to = (rule?.to ?? []) as any[];
  const when = (rule?.when ?? []) as any[];
  return (
    to.some((t) => L7_OPERATION.some((k) => t?.operation?.[k] !== undefined)) ||
    from.some((f) => L7_SOURCE.some((k) => f?.source?.[k] !== undefined)) ||
    when.some((w) => isL7Key(w?.key))
  );
}

/** How a proxy reads a rule: all of it (a sidecar, a waypoint, a gateway), or its L4 conditions only (ztunnel). */
type Enforcement = 'l7' | 'l4';

/**
 * Whether a rule's `when` conditions may all hold: those on what the request decides (`source.namespace`,
 * `source.principal`) are checked, the others (headers, JWT claims, IP addresses, ports) may hold.
 */
function whenMayHold(when: readonly any[], request: MeshRequest): boolean {
  const namespace = /\/ns\/([^/]+)\//.exec(request.principal)?.[1] ?? '';
  return when.every((condition) => {
    const key = condition?.key;
    const actual = key === 'source.namespace' ? namespace : key === 'source.principal' ? request.principal : undefined;
    if (actual === undefined) return true;
    if (Array.isArray(condition?.values) && !anyMatch(condition.values, actual)) return false;
    return !(Array.isArray(condition?.notValues) && anyMatch(condition.notValues, actual));
  });
}

/** Whether a rule matches a request; with `maybe`, whether it would if the conditions it cannot decide held. */
function ruleMatches(rule: any, request: MeshRequest, enforcement: Enforcement = 'l7', action = 'ALLOW', maybe = false): boolean {
  if (enforcement === 'l4' && isL7Rule(rule)) {
    // ztunnel drops an ALLOW rule it cannot check, and checks a DENY rule without its L7 conditions
    if (action !== 'DENY') return false;
    const l4 = {
      from: ((rule?.from ?? []) as any[]).map((f) => ({ source: omit(f?.source, L7_SOURCE) })),
      to: ((rule?.to ?? []) as any[]).map((t) => ({ operation: omit(t?.operation, L7_OPERATION) })),
      when: ((rule?.when ?? []) as any[]).filter((w) => !isL7Key(w?.key)),
    };
    return ruleMatches(l4, request, 'l7', action, maybe);
  }
  if (Array.isArray(rule?.when) && rule.when.length > 0 && (!maybe || !whenMayHold(rule.when, request))) return false;
  const from = (rule?.from ?? []) as any[];
  const to = (rule?.to ?? []) as any[];
  return (
    (from.length === 0 || from.some((f) => sourceMatches(f?.source, request, maybe))) &&
    (to.length === 0 || to.some((t) => operationMatches(t?.operation, request, action === 'DENY')))
  );
}

function omit(value: any, keys: readonly string[]): any {
  if (!value) return value;
  const copy = { ...value };
  for (const k of keys) delete copy[k];
  return copy;
}

/** The targetRefs of a policy (the legacy single `targetRef` too); none for a policy that selects workloads. */
export function targetRefsOf(policy: SourcedObject): { group?: string; kind?: string; name?: string }[] {
  const spec = policy.object.spec as any;
  const refs = Array.isArray(spec?.targetRefs) ? spec.targetRefs : spec?.targetRef ? [spec.targetRef] : [];
  return refs.filter((r: unknown) => typeof r === 'object' && r !== null);
}

/** Decides a request by the policies that apply where it is checked, in their given order. */
function decideBy(applicable: readonly SourcedObject[], request: MeshRequest, enforcement: Enforcement, atWaypoint = false): Decision {
  const action = (p: SourcedObject) => (p.object.spec as any)?.action ?? 'ALLOW';
  const rules = (p: SourcedObject) => ((p.object.spec as any)?.rules ?? []) as unknown[];
  const deny = applicable.find((p) => action(p) === 'DENY' && rules(p).some((r) => ruleMatches(r, request, enforcement, 'DENY')));
  if (deny) return { allowed: false, reason: `DENY policy ${deny.object.metadata.name} matches it` };
  const allows = applicable.filter((p) => action(p) === 'ALLOW');
  if (allows.length === 0) return { allowed: true, reason: atWaypoint ? 'no ALLOW policy is attached to the waypoint or the Service' : 'no ALLOW policy selects the workload' };
  const allow = allows.find((p) => rules(p).some((r) => ruleMatches(r, request, enforcement)));
  if (allow) return { allowed: true, reason: `ALLOW policy ${allow.object.metadata.name} matches it` };
  const conditional = allows.find((p) => rules(p).some((r) => ruleMatches(r, request, enforcement, 'ALLOW', true)));
  if (conditional) {
    return {
      allowed: false,
      undecided: true,
      reason: `ALLOW policy ${conditional.object.metadata.name} allows it only under conditions the manifests cannot decide (request principals, IP blocks, when)`,
    };
  }
  const l7 = enforcement === 'l4' && allows.some((p) => rules(p).some(isL7Rule));
  return {
    allowed: false,
    reason:
      `no rule of the ALLOW policies ${atWaypoint ? 'attached to the waypoint or the Service' : 'selecting it'} (${allows.map((p) => p.object.metadata.name).join(', ')}) matches it` +
      (l7 ? ' (ztunnel drops the rules with methods, paths or other L7 conditions, which it cannot check)' : ''),
  };
}

/** Where a request is checked at a waypoint: the waypoint's namespace and name, and the Service the request is for. */
export interface WaypointTarget {
  readonly namespace: string;
  readonly waypoint: string;
  readonly service: string;
}

/** AuthorizationPolicies indexed by namespace and selector, so finding the ones of a workload costs no scan. */
export class PolicyIndex {
  private readonly byNamespace = new Map<string, { everyWorkload: SourcedObject[]; bySelector: Map<string, SourcedObject[]> }>();
  private readonly attached: SourcedObject[] = [];

  constructor(policies: readonly SourcedObject[]) {
    for (const p of policies) {
      // a policy with targetRefs applies at gateways and waypoints only, never at a sidecar or ztunnel
      if (targetRefsOf(p).length > 0) {
        this.attached.push(p);
        continue;
      }
      const ns = namespaceOf(p);
      let entry = this.byNamespace.get(ns);
      if (!entry) this.byNamespace.set(ns, (entry = { everyWorkload: [], bySelector: new Map() }));
      const [first] = Object.entries(selectorOf(p));
      if (!first) entry.everyWorkload.push(p);
      else push(entry.bySelector, `${first[0]}=${first[1]}`, p);
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

  /**
   * Whether `request` reaches `workload`, checked by its sidecar (`l7`, the default) or, in ambient mode, its
   * ztunnel (`l4`).
   */
  public decide(workload: MeshWorkload, request: MeshRequest, enforcement: Enforcement = 'l7'): Decision {
    return decideBy(this.policiesFor(workload), request, enforcement);
  }

  /** The policies a waypoint applies to a request for a Service: those whose targetRefs name the waypoint or the Service. */
  public policiesAtWaypoint(target: WaypointTarget): SourcedObject[] {
    return this.attached.filter(
      (p) =>
        namespaceOf(p) === target.namespace &&
        targetRefsOf(p).some(
          (r) =>
            (r.kind === 'Gateway' && (r.group ?? '') === 'gateway.networking.k8s.io' && r.name === target.waypoint) ||
            (r.kind === 'Service' && (r.group ?? '') === '' && r.name === target.service),
        ),
    );
  }

  /**
   * Whether `request` passes a Gateway API gateway (not a waypoint): the policies attached to the Gateway, and, as
   * Istio 1.30 still applies them by default (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY), those of its namespace
   * that select its pods, namespace-wide ones included.
   */
  public decideAtGateway(gateway: { namespace: string; name: string; podLabels: Readonly<Record<string, string>> }, request: MeshRequest): Decision {
    const attached = this.attached.filter(
      (p) =>
        namespaceOf(p) === gateway.namespace &&
        targetRefsOf(p).some((r) => r.kind === 'Gateway' && (r.group ?? '') === 'gateway.networking.k8s.io' && r.name === gateway.name),
    );
    return decideBy([...this.policiesFor(gateway), ...attached], request, 'l7');
  }

  /** Whether `request` for a Service passes the waypoint it is bound to. */
  public decideAtWaypoint(target: WaypointTarget, request: MeshRequest): Decision {
    return decideBy(this.policiesAtWaypoint(target), request, 'l7', true);
  }
}

/** The PolicyIndex of the index's AuthorizationPolicies, built once per index. */
export const policyIndexOf = oncePer((index: MeshIndex) => new PolicyIndex(index.authorizationPolicies));

function selectorOf(policy: SourcedObject): Record<string, string> {
  return ((policy.object.spec as any)?.selector?.matchLabels ?? {}) as Record<string, string>;
}

/** Whether `request` reaches `workload` under `policies` (all AuthorizationPolicies of the set). */
export function decide(policies: readonly SourcedObject[], workload: MeshWorkload, request: MeshRequest): Decision {
  return new PolicyIndex(policies).decide(workload, request);
}
