// TT0011 RequestDeniedByPolicy for Gateway API routes: a route of an ingress Gateway whose requests the policies on
// the way refuse. First at the gateway itself, which Istio deploys in the Gateway's namespace and which applies the
// policies attached to the Gateway and (by default) those of the namespace that select its pods, to a client
// outside the mesh. Then from the gateway (its principal) with the method and the path the backend sees: with
// sidecars, the backend pods' policies decide; in ambient mode, the waypoint's (policies attached to it or to the
// Service) when the gateway sends the Service's requests through it, and then the pods' ztunnel, which sees the
// waypoint's principal and checks L4 only.
import { Finding, finding, MESSAGES } from '../../findings';
import { Decision, MeshRequest, PolicyIndex, policyIndexOf } from '../../mesh/authorization';
import { MeshIndex, namespaceOf, Workload } from '../../mesh/mesh-index';
import { backendRefsOf, gatewayPodLabels, gatewayPrincipal, ingressGatewaysOf, ingressUsesWaypoint, isAmbientNamespace, isServiceRef, serviceWaypoint } from './references';

/** Rules of HTTPRoutes on ingress Gateways whose requests the authorization policies on their way refuse. */
export function checkRouteRequestsAllowed(index: MeshIndex): Finding[] {
  if (index.authorizationPolicies.length === 0) return [];
  const policies = policyIndexOf(index);
  const findings: Finding[] = [];
  for (const route of index.httpRoutes) {
    const gateways = ingressGatewaysOf(index, route);
    const principals = [...new Set(gateways.map((g) => gatewayPrincipal(g, index)))];
    const rules = ((route.object.spec as any)?.rules ?? []) as any[];
    rules.forEach((rule, i) => {
      for (const gateway of gateways) {
        const name = gateway.object.metadata.name ?? '';
        const namespace = namespaceOf(gateway);
        for (const { method, matched: path } of ruleRequests(rule)) {
          if (path === undefined) continue;
          const decision = policies.decideAtGateway({ namespace, name, podLabels: gatewayPodLabels(gateway, index) }, { principal: '', method, path });
          if (decision.allowed || decision.undecided) continue;
          findings.push(finding(MESSAGES.requestDeniedByPolicy, route,
            `${method} ${path} from a client outside the mesh to Gateway ${namespace}/${name} is refused by the gateway's own policies: ` +
              `${decision.reason} (Istio applies the policies of the namespace that select the gateway's pods, and those attached to the Gateway)`,
            `spec.rules[${i}]`));
          break;
        }
      }
    });
    for (const ref of backendRefsOf(route).filter(isServiceRef)) {
      // a backend of weight 0 beside others gets no request (Istio ignores 0 weighted clusters)
      if (ref.weight === 0 && ((rules[ref.rule]?.backendRefs ?? []) as unknown[]).length > 1) continue;
      for (const principal of principals) {
        for (const { method, seen: path } of ruleRequests(rules[ref.rule])) {
          if (path === undefined) continue;
          const port = index.targetPortOf(`${ref.name}.${ref.namespace}.svc.cluster.local`, ref.port);
          const found = refusals(index, policies, ref.namespace, ref.name, { principal, method, path, ...(port !== undefined ? { port } : {}) });
          for (const refusal of found) {
            findings.push(finding(MESSAGES.requestDeniedByPolicy, route,
              `${method} ${path} from the ingress gateway (${principal}) to ${refusal.to} is refused: ${refusal.reason}`, ref.field));
          }
          if (found.length > 0) break;
        }
      }
    }
  }
  return findings;
}

/** A request a route rule carries: its method, the path it matched, and the path the backend sees (either unknown). */
interface RuleRequest {
  readonly method: string;
  readonly matched?: string;
  readonly seen?: string;
}

/**
 * The requests a rule carries, one per match: its method (GET when it names none) and path (`/` when it names none),
 * and the path the backend sees (the rewritten one: the full path, or the prefix replaced). A match by regular
 * expression names no path it matched, so the gateway's own policies are not tried on it, nor the backend's unless
 * the full path is rewritten.
 */
function ruleRequests(rule: any): RuleRequest[] {
  const matches = Array.isArray(rule?.matches) && rule.matches.length > 0 ? (rule.matches as any[]) : [{}];
  const rewrite = ((rule?.filters ?? []) as any[]).find((f) => f?.type === 'URLRewrite')?.urlRewrite?.path;
  const requests: RuleRequest[] = [];
  for (const match of matches) {
    const method = String(match?.method ?? 'GET');
    const regex = match?.path?.type === 'RegularExpression';
    const matched = regex ? undefined : String(match?.path?.value ?? '/');
    let seen = matched;
    if (rewrite?.type === 'ReplaceFullPath' && typeof rewrite.replaceFullPath === 'string') seen = rewrite.replaceFullPath;
    else if (!regex && rewrite?.type === 'ReplacePrefixMatch' && typeof rewrite.replacePrefixMatch === 'string') seen = rewrite.replacePrefixMatch;
    if (matched !== undefined || seen !== undefined) requests.push({ method, matched, seen });
  }
  return requests;
}

interface Refusal {
  readonly to: string;
  readonly reason: string;
}

/** Where a request for a Service is refused on its way to the Service's pods: none when it reaches them all. */
function refusals(index: MeshIndex, policies: PolicyIndex, namespace: string, service: string, request: MeshRequest): Refusal[] {
  const workloads = index.workloadsBehind(`${service}.${namespace}.svc.cluster.local`);
  const label = (w: Workload) => `${w.source.object.kind} ${w.namespace}/${w.source.object.metadata.name}`;
  const found: Refusal[] = [];
  const ambient = isAmbientNamespace(index, namespace);
  const waypoint = ambient ? serviceWaypoint(index, namespace, service) : undefined;
  let principal = request.principal;
  if (waypoint?.gateway && ingressUsesWaypoint(index, namespace, service)) {
    // the waypoint sees the Service's port, not the pods' targetPort: no port is tried there
    const { port: _targetPort, ...atWaypoint } = request;
    const decision = policies.decideAtWaypoint({ namespace: waypoint.namespace, waypoint: waypoint.name, service }, atWaypoint);
    if (decision.undecided) return [];
    if (!decision.allowed) return [{ to: `Service ${namespace}/${service} at waypoint ${waypoint.namespace}/${waypoint.name}`, reason: decision.reason }];
    principal = gatewayPrincipal(waypoint.gateway, index);
  }
  for (const w of workloads) {
    const captured = ambient && w.podLabels['istio.io/dataplane-mode'] !== 'none' && w.podLabels['sidecar.istio.io/inject'] !== 'true';
    const decision: Decision = policies.decide(w, { ...request, principal }, captured ? 'l4' : 'l7');
    if (!decision.allowed && !decision.undecided) {
      const via = principal === request.principal ? '' : ` (its ztunnel sees the waypoint's principal ${principal})`;
      found.push({ to: `${label(w)}${via}`, reason: decision.reason });
    }
  }
  return found;
}
