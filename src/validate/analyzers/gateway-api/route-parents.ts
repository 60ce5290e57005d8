// TT0034 GatewayApiReferenceNotFound for a route parent the set does not have, and TT0032 for a route that no
// listener of its Gateway accepts (the route's Accepted condition would be False: it serves nothing), for every
// route kind Istio programs: which kinds a listener takes is Istio 1.30's generateSupportedKinds (conditions.go).
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { hostsMatch } from '../routing/host-names';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { objectNamed } from '../policies/policy-resources';
import {
  delegatedRoutesOf, GATEWAY_API_GROUP, isGatewayRef, isServiceRef, listenerSetParent, namespaceSelected, ParentRef, parentRefsOf, programsRoutes,
  servicesNamed,
} from './references';

/** Routes whose parents are missing, or attached to no listener of their Gateway. */
export function checkRouteParents(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const delegated = delegatedRoutesOf(index);
  for (const route of index.routes) {
    const parents = parentRefsOf(route);
    // a route another route names as its backend is a delegated child: the controller that delegates (kgateway, Gloo)
    // serves it through its parent, which needs no parentRefs in the child (Istio takes no route as a backend)
    if (parents.length === 0 && !delegated(route)) {
      findings.push(finding(MESSAGES.routeNotAttached, route, 'the route names no parent (spec.parentRefs): no Gateway or Service serves it', 'spec.parentRefs'));
    }
    for (const ref of parents) {
      if (isServiceRef(ref)) {
        if (servicesNamed(index, ref.namespace, ref.name).length === 0) {
          findings.push(finding(MESSAGES.gatewayApiReferenceNotFound, route,
            `referenced parent not found: Service "${ref.name}" (no Service ${ref.namespace}/${ref.name} in the set)`, ref.field));
        }
        continue;
      }
      if (ref.group === 'networking.istio.io' && ref.kind === 'ServiceEntry') {
        // a mesh route may attach to a ServiceEntry (conversion.go referenceAllowed: "parent service entry not found")
        if (!objectNamed(index, 'networking.istio.io', 'ServiceEntry', ref.namespace, ref.name)) {
          findings.push(finding(MESSAGES.gatewayApiReferenceNotFound, route,
            `referenced parent not found: ServiceEntry "${ref.name}" (no ServiceEntry ${ref.namespace}/${ref.name} in the set)`, ref.field));
        }
        continue;
      }
      if (ref.group === GATEWAY_API_GROUP && ref.kind === 'ListenerSet') {
        findings.push(...listenerSetFindings(index, route, ref));
        continue;
      }
      if (!isGatewayRef(ref)) continue;
      const gateway = index.kubernetesGateways.get(`${ref.namespace}/${ref.name}`);
      if (!gateway) {
        findings.push(finding(MESSAGES.gatewayApiReferenceNotFound, route,
          `referenced gateway not found: "${ref.name}" (no Gateway API Gateway ${ref.namespace}/${ref.name} in the set)`, ref.field));
        continue;
      }
      // a waypoint, an istio-remote Gateway (unmanaged) or one of another controller: Istio gives the route no status
      if (!programsRoutes(index, gateway)) continue;
      const refusals = listenerRefusals(index, route, ref, gateway, namespaceOf(gateway));
      if (refusals.length === 0) continue;
      findings.push(finding(MESSAGES.routeNotAttached, route,
        `no listener of Gateway ${ref.namespace}/${ref.name} accepts the route, which therefore serves nothing: ${refusals.join('; ')}`, ref.field));
    }
  }
  return findings;
}

/**
 * A route attached to a ListenerSet: TT0034 when the set lacks it, TT0032 when its Gateway does not admit it or none
 * of its listeners takes the route (their `allowedRoutes.namespaces.from: Same` meaning the ListenerSet's namespace);
 * nothing when Istio ignores it (its Gateway missing, or of a class Istio does not program).
 */
function listenerSetFindings(index: MeshIndex, route: SourcedObject, ref: ParentRef): Finding[] {
  const parent = listenerSetParent(index, ref);
  if (!parent) {
    return [finding(MESSAGES.gatewayApiReferenceNotFound, route,
      `referenced parent not found: ListenerSet "${ref.name}" (no ListenerSet ${ref.namespace}/${ref.name} in the set)`, ref.field)];
  }
  if (!parent.gateway) return [];
  if (parent.refused) {
    return [finding(MESSAGES.routeNotAttached, route,
      `the ListenerSet ${ref.namespace}/${ref.name} takes no route, which therefore serves nothing: ${parent.refused}`, ref.field)];
  }
  const refusals = listenerRefusals(index, route, ref, parent.listenerSet, ref.namespace);
  if (refusals.length === 0) return [];
  return [finding(MESSAGES.routeNotAttached, route,
    `no listener of ListenerSet ${ref.namespace}/${ref.name} accepts the route, which therefore serves nothing: ${refusals.join('; ')}`, ref.field)];
}

/** Why each listener (of a Gateway or ListenerSet) the parentRef selects refuses the route; empty when one accepts it. */
function listenerRefusals(index: MeshIndex, route: SourcedObject, ref: ParentRef, owner: SourcedObject, ownerNamespace: string): string[] {
  const listeners = (((owner.object.spec as any)?.listeners ?? []) as any[]).filter((l) => typeof l === 'object' && l !== null);
  const selected = listeners.filter(
    (l) => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port),
  );
  if (selected.length === 0) {
    const wanted = [ref.sectionName !== undefined ? `named ${ref.sectionName}` : '', ref.port !== undefined ? `on port ${ref.port}` : ''].filter(Boolean).join(' ');
    return [`the ${owner.object.kind} has no listener ${wanted || 'at all'} (listeners: ${listeners.map((l) => `${l.name}:${l.port}`).join(', ') || 'none'})`];
  }
  const refusals: string[] = [];
  for (const listener of selected) {
    const why = refusal(index, route, listener, ownerNamespace);
    if (why === undefined) return [];
    refusals.push(`listener ${listener.name}: ${why}`);
  }
  return refusals;
}

/** The route kinds a listener's protocol takes (a TLS listener that terminates TLS takes TCPRoutes too). */
function supportedKinds(listener: any): string[] {
  switch (String(listener.protocol ?? '')) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'TLS':
      // the CRD defaults a listener's tls.mode to Terminate
      return typeof listener.tls === 'object' && listener.tls !== null && (listener.tls.mode ?? 'Terminate') === 'Terminate' ? ['TLSRoute', 'TCPRoute'] : ['TLSRoute'];
    default:
      return [];
  }
}

function refusal(index: MeshIndex, route: SourcedObject, listener: any, gatewayNamespace: string): string | undefined {
  const kind = route.object.kind;
  const protocol = String(listener.protocol ?? '');
  const supported = supportedKinds(listener);
  if (!supported.includes(kind)) return `its protocol ${protocol} takes no ${kind} (${supported.length > 0 ? `it takes ${supported.join(' and ')}` : 'it takes no route'})`;
  const kinds = (listener.allowedRoutes?.kinds ?? []) as any[];
  if (kinds.length > 0 && !kinds.some((k) => (k?.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && k?.kind === kind)) {
    return `its allowedRoutes.kinds (${kinds.map((k) => k?.kind).join(', ')}) exclude ${kind}`;
  }
  const routeNamespace = namespaceOf(route);
  const namespaces = listener.allowedRoutes?.namespaces ?? {};
  const from = String(namespaces.from ?? 'Same');
  if (from === 'None') return 'its allowedRoutes.namespaces.from is None';
  if (from === 'Same' && routeNamespace !== gatewayNamespace) {
    return `it accepts routes of its own namespace ${gatewayNamespace} only (allowedRoutes.namespaces.from: Same), and the route is in ${routeNamespace}`;
  }
  // without a selector (a null one the CRD's pruning drops) Istio takes routes of every namespace (namespacesFromSelector:
  // "*"); a Namespace the set lacks may match
  if (from === 'Selector' && namespaces.selector !== undefined && namespaces.selector !== null && namespaceSelected(index, namespaces.selector, routeNamespace) === false) {
    return `its allowedRoutes.namespaces.selector does not select the route's namespace ${routeNamespace}`;
  }
  const hostname = listener.hostname;
  const hostnames = (((route.object.spec as any)?.hostnames ?? []) as unknown[]).filter((h): h is string => typeof h === 'string');
  if (typeof hostname === 'string' && hostnames.length > 0 && !hostnames.some((h) => hostsMatch(h, hostname))) {
    return `its hostname ${hostname} matches none of the route's hostnames (${hostnames.join(', ')})`;
  }
  return undefined;
}
