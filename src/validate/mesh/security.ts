// The namespace's security posture: TT0009 Services that bypass the ingress gateway, TT0011 gateway routes that
// the authorization policies refuse, TT0012 probes that strict mTLS would break.
import { Finding, finding, MESSAGES } from '../findings';
import { policyIndexOf } from './authorization';
import { gatewayPrincipals } from './gateway-principals';
import { fqdn, MeshIndex, namespaceOf } from './mesh-index';
import { boundGateways, destinations, gatewayOf } from './virtual-services';

const EXPOSED_TYPES = new Set(['NodePort', 'LoadBalancer']);
// the Services of Istio's own gateways are meant to be reachable from outside: by their istio label, or the component
// label istioctl's gateway charts give them whatever the gateway's labels
const GATEWAY_LABELS = new Set(['ingressgateway', 'eastwestgateway', 'egressgateway']);
const GATEWAY_COMPONENTS = new Set(['IngressGateways', 'EgressGateways']);

/** Whether a workload's pods are gateways Istio injects: their injection template is `gateway`. */
function isInjectedGateway(workload: { podAnnotations: Readonly<Record<string, string>> }): boolean {
  const templates = workload.podAnnotations['inject.istio.io/templates'] ?? '';
  return templates.split(',').map((t) => t.trim()).includes('gateway');
}

/**
 * Services (and AppsodyApplication services) of type NodePort or LoadBalancer, which bypass the ingress gateway;
 * not Istio's own gateways' (by their labels, or the gateway pods they select: the gateway Helm chart names its
 * Service and labels after its release, `istio: ingress` for `istio-ingress`).
 */
export function checkExposedServices(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const { kind, metadata } = source.object;
    const spec = source.object.spec as any;
    const labels = metadata?.labels ?? {};
    if (GATEWAY_LABELS.has(labels.istio ?? '') || 'gateway.istio.io/managed' in labels || GATEWAY_COMPONENTS.has(labels['operator.istio.io/component'] ?? '')) continue;
    if (kind === 'Service' && index.workloadsBehind(`${metadata?.name ?? ''}.${namespaceOf(source)}.svc.cluster.local`).some(isInjectedGateway)) continue;
    const [type, field] =
      kind === 'Service' ? [spec?.type, 'spec.type'] : kind === 'AppsodyApplication' ? [spec?.service?.type, 'spec.service.type'] : [];
    if (typeof type === 'string' && EXPOSED_TYPES.has(type)) {
      findings.push(
        finding(
          MESSAGES.exposedServiceType,
          source,
          `Service type ${type} opens the workload to traffic that bypasses the Istio ingress gateway and its routes; use ClusterIP and route through the gateway`,
          field,
        ),
      );
    }
  }
  return findings;
}

/** A request a route carries, as its destination sees it, and the Gateways (`<namespace>/<name>`) it comes through. */
interface RouteRequest {
  readonly method: string;
  readonly path: string;
  readonly gateways: readonly string[];
}

/**
 * The requests an HTTP route carries from its Gateways, one per match that names them: the method it matches exactly
 * (GET when it matches none), and the path the destination sees (the rewrite, else the exact path or the prefix
 * matched; `/` when it matches none), through the Gateways of the match's `gateways` (else all the route's). A match
 * by regex or prefix of the method, or by regex of the path without a rewrite, names no request to try; a match of
 * other Gateways (`mesh`) takes none of theirs (sourceMatchHTTP), and one of source labels or a source namespace is
 * not tried either.
 */
function routeRequests(rule: any, namespace: string, bound: readonly string[]): RouteRequest[] {
  const matches = Array.isArray(rule?.match) && rule.match.length > 0 ? (rule.match as any[]) : [{}];
  const rewrite = typeof rule?.rewrite?.uri === 'string' ? (rule.rewrite.uri as string) : undefined;
  const requests: RouteRequest[] = [];
  for (const match of matches) {
    if (match?.sourceLabels !== undefined || match?.sourceNamespace !== undefined) continue;
    const named = Array.isArray(match?.gateways) && match.gateways.length > 0
      ? (match.gateways as unknown[]).filter((g): g is string => typeof g === 'string').map((g) => gatewayOf(g, namespace))
      : undefined;
    const gateways = named ? bound.filter((g) => named.includes(g)) : bound;
    if (gateways.length === 0) continue;
    const uri = match?.uri ?? {};
    const method = match?.method === undefined ? 'GET' : match.method?.exact;
    const path = rewrite ?? uri.exact ?? uri.prefix ?? (uri.regex === undefined ? '/' : undefined);
    if (typeof method === 'string' && typeof path === 'string') requests.push({ method, path, gateways });
  }
  return requests;
}

/**
 * Routes of gateway-bound VirtualServices whose requests the destination's AuthorizationPolicies refuse: a request
 * of each match of the route (routeRequests) from each workload its Gateways select (gatewayPrincipals), the first one
 * refused reported. A request that only a rule with conditions the manifests cannot decide allows (a JWT's
 * principal, a header) is not refused.
 */
export function checkGatewayRoutesAllowed(index: MeshIndex): Finding[] {
  if (index.authorizationPolicies.length === 0) return [];
  const policies = policyIndexOf(index);
  const findings: Finding[] = [];
  for (const vs of index.virtualServices) {
    const gateways = ((vs.object.spec as any)?.gateways ?? []) as string[];
    if (!gateways.some((g) => g !== 'mesh')) continue;
    const rules = ((vs.object.spec as any)?.http ?? []) as any[];
    const bound = boundGateways(vs).filter((g) => g !== 'mesh');
    for (const d of destinations(vs)) {
      const [, rule, slot] = /^spec\.http\[(\d+)\]\.route\[(\d+)\]/.exec(d.field) ?? [];
      if (rule === undefined) continue;
      const ruleIndex = Number(rule);
      // a destination of weight 0 beside others gets no request (route.go ignores 0 weighted clusters)
      const routes = (rules[ruleIndex]?.route ?? []) as any[];
      if (routes.length > 1 && routes[Number(slot)]?.weight === 0) continue;
      const requests = routeRequests(rules[ruleIndex], namespaceOf(vs), bound).map((r) => ({ ...r, from: gatewayPrincipals(index, r.gateways) }));
      const principals = [...new Set(requests.flatMap((r) => r.from))];
      const host = fqdn(d.host, namespaceOf(vs));
      const port = index.targetPortOf(host, d.port);
      for (const workload of index.workloadsBehind(host)) {
        for (const principal of principals) {
          for (const { method, path, from } of requests) {
            if (!from.includes(principal)) continue;
            const decision = policies.decide(workload, { principal, method, path, ...(port !== undefined ? { port } : {}) });
            if (decision.allowed || decision.undecided) continue;
            findings.push(
              finding(
                MESSAGES.requestDeniedByPolicy,
                vs,
                `${method} ${path} from the ingress gateway (${principal}) to ${workload.source.object.kind} ` +
                  `${workload.namespace}/${workload.source.object.metadata.name} is refused: ${decision.reason}`,
                d.field,
              ),
            );
            break;
          }
        }
      }
    }
  }
  return findings;
}

/** Workloads that turn off Istio's probe rewriting in a namespace with strict mTLS: the kubelet's probes would fail. */
export function checkProbeRewrite(index: MeshIndex): Finding[] {
  const strict = new Set(
    index.peerAuthentications.filter((p) => (p.object.spec as any)?.mtls?.mode === 'STRICT' && !(p.object.spec as any)?.selector).map(namespaceOf),
  );
  return index.workloads
    .filter((w) => strict.has(w.namespace) && w.podAnnotations['sidecar.istio.io/rewriteAppHTTPProbers'] === 'false')
    .map((w) =>
      finding(
        MESSAGES.probesNotRewritten,
        w.source,
        'sidecar.istio.io/rewriteAppHTTPProbers is "false" in a namespace with STRICT mTLS: the kubelet\'s plain-text probes would be refused; leave probe rewriting on',
      ),
    );
}
