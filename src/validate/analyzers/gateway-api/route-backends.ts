// TT0034 GatewayApiReferenceNotFound for a route backend (or RequestMirror backend) the set does not have (or a port
// its Service does not expose), and TT0033 for a backend in another namespace that no ReferenceGrant there lets the
// route name, for every route kind Istio programs (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute). Istio asks for the grant
// only where it builds a gateway route (references.ts buildsGatewayRoute): a route whose parents are all Services or
// ServiceEntries (a mesh route), waypoints, istio-remote Gateways or Gateways of another controller may name a
// backend of another namespace without one. A route only Gateways of another controller take is not Istio's to check
// (references.ts ignoredByIstio); one only Gateways of an unknown class take may name kinds another controller serves.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import {
  BackendRef, backendRefsOf, buildsGatewayRoute, delegatedRoutesOf, GATEWAY_API_GROUP, gatewayControllerOf, ignoredByIstio, isGatewayRef,
  isServiceRef, mirrorRefsOf, parentRefsOf,
} from './references';

/** The API group of the multi-cluster services API (istiod's default MCS_API_GROUP). */
const MCS_API_GROUP = 'multicluster.x-k8s.io';

/** Route backends that name nothing, a port their Service lacks, a kind Istio cannot send to, or a backend of another namespace without a grant. */
export function checkRouteBackends(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const delegated = delegatedRoutesOf(index);
  for (const route of index.routes) {
    // a delegated child without parents of its own is served by the controller of the route that delegates to it
    if (ignoredByIstio(index, route) || (parentRefsOf(route).length === 0 && delegated(route))) continue;
    const kind = route.object.kind;
    const grantNeeded = parentRefsOf(route).some((p) => buildsGatewayRoute(index, p));
    const kindsUndecided = unknownClassesOnly(index, route);
    for (const ref of [...backendRefsOf(route), ...mirrorRefsOf(route)]) {
      // Istio skips a backend of weight 0 before anything else (conversion.go: if wt == 0 { continue })
      if (ref.weight === 0) continue;
      const what = isServiceRef(ref) ? 'Service' : `${ref.kind} (${ref.group || 'core'})`;
      // and asks for the grant before it looks the backend up (buildDestination), whatever its kind
      if (grantNeeded && ref.namespace !== namespaceOf(route) && !granted(index, route, ref)) {
        findings.push(finding(MESSAGES.backendReferenceNotPermitted, route,
          `the backend ${what} ${ref.namespace}/${ref.name} is in another namespace than the route, and no ReferenceGrant in ${ref.namespace} ` +
            `lets ${kind}s of ${namespaceOf(route)} refer to it: the route's requests to it fail (add one, from ${kind} in ${namespaceOf(route)} to ${ref.kind})`,
          `${ref.field}.namespace`));
        continue;
      }
      findings.push(...backendLookup(index, route, ref, kindsUndecided));
    }
  }
  return findings;
}

/**
 * What Istio finds when it looks a backend up, by its kind (buildDestination): a Service (and a ServiceImport, looked
 * up as the Service of its name), a `Hostname` of networking.istio.io (any Service or ServiceEntry host), an
 * InferencePool (left alone: istiod programs it only with its inference extension turned on); any other kind is
 * refused (InvalidDestinationKind).
 */
function backendLookup(index: MeshIndex, route: SourcedObject, ref: BackendRef, kindsUndecided: boolean): Finding[] {
  if (isServiceRef(ref) || (ref.group === MCS_API_GROUP && ref.kind === 'ServiceImport')) {
    const host = `${ref.name}.${ref.namespace}.svc.cluster.local`;
    const targets = (index.services.get(host) ?? []).filter((t) => t.source.object.kind !== 'ServiceEntry');
    if (targets.length === 0) {
      const named = isServiceRef(ref) ? `Service "${ref.name}"` : `ServiceImport "${ref.name}", looked up as its Service`;
      return [finding(MESSAGES.gatewayApiReferenceNotFound, route,
        `referenced backend not found: ${named} (no Service ${ref.namespace}/${ref.name} in the set)`, `${ref.field}.name`)];
    }
    // lint's own, as istioctl's IST0101 for a VirtualService's destination port: istiod does not compare ports
    if (isServiceRef(ref) && ref.port !== undefined && targets.every((t) => t.ports !== undefined && !t.ports.some((p) => p.number === ref.port))) {
      const ports = targets.flatMap((t) => t.ports ?? []).map((p) => p.number).join(', ');
      return [finding(MESSAGES.gatewayApiReferenceNotFound, route,
        `referenced host:port not found: "${ref.name}:${ref.port}" (the Service exposes ${ports || 'no ports'})`, `${ref.field}.port`)];
    }
    return [];
  }
  if (ref.group === 'networking.istio.io' && ref.kind === 'Hostname') {
    if (index.services.has(ref.name)) return [];
    return [finding(MESSAGES.gatewayApiReferenceNotFound, route,
      `referenced backend not found: host "${ref.name}" (no Service or ServiceEntry for ${ref.name} in the set)`, `${ref.field}.name`)];
  }
  if (ref.kind === 'InferencePool' || kindsUndecided) return [];
  return [finding(MESSAGES.gatewayApiReferenceNotFound, route,
    `referencing unsupported backendRef: group "${ref.group}" kind "${ref.kind}" (Istio sends to a Service, a ServiceImport, a networking.istio.io Hostname or an InferencePool)`,
    `${ref.field}.kind`)];
}

/**
 * Whether every parent of a route is a Gateway of the set whose class is neither the set's nor one Istio creates: its
 * own TT0034 says so, and whether Istio (or another controller, with kinds of its own) serves the route is undecided.
 */
function unknownClassesOnly(index: MeshIndex, route: SourcedObject): boolean {
  const parents = parentRefsOf(route);
  return parents.length > 0 && parents.every((ref) => {
    const gateway = isGatewayRef(ref) ? index.kubernetesGateways.get(`${ref.namespace}/${ref.name}`) : undefined;
    return gateway !== undefined && gatewayControllerOf(index, gateway) === undefined;
  });
}

/** Whether a ReferenceGrant in the backend's namespace lets routes of the route's kind and namespace name the backend. */
function granted(index: MeshIndex, route: SourcedObject, ref: BackendRef): boolean {
  return index.referenceGrants.some((grant) => {
    if (namespaceOf(grant) !== ref.namespace) return false;
    const spec = grant.object.spec as any;
    const from = ((spec?.from ?? []) as any[]).some(
      (f) => f?.group === GATEWAY_API_GROUP && f?.kind === route.object.kind && f?.namespace === namespaceOf(route),
    );
    const to = ((spec?.to ?? []) as any[]).some((t) => (t?.group ?? '') === ref.group && t?.kind === ref.kind && (t?.name === undefined || t.name === ref.name));
    return from && to;
  });
}
