// How Istio reads the references of Gateway API objects and of ambient mode: a route's parents and backends, a
// Gateway's pods and principal, the waypoint a Service is bound to, and the namespaces in ambient mode.
import {
  GATEWAY_CLASS_NAME_LABEL,
  GATEWAY_NAME_LABEL,
  GATEWAY_SERVICE_ACCOUNT_ANNOTATION,
  gatewayDeploymentName,
  principalOf,
  WAYPOINT_GATEWAY_CLASS,
} from '../../../../constructs/istio-defaults';
import { DATAPLANE_MODE_LABEL, INGRESS_USE_WAYPOINT_LABEL, USE_WAYPOINT_LABEL } from '../../../../constructs/mesh-modes';
import type { SourcedObject } from '../../findings';
import { list, record } from '../../builtin/go-values';
import { gatewayDefaultName, podsOutOfAmbient } from '../../mesh/gateway-api-workloads';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { labelSelectorOf, selects } from '../workloads/label-selectors';
import { objectNamed } from '../policies/policy-resources';
import { oncePer } from '../../once-per';

/** The API group of Gateway API kinds, as references spell it. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** A reference from a route to its parent (a Gateway, or a Service for a mesh route), with its defaults applied. */
export interface ParentRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly sectionName?: string;
  readonly port?: number;
  readonly field: string;
}

/** A reference from a route rule to a backend, with its defaults applied. */
export interface BackendRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly port?: number;
  readonly weight?: number;
  /** The index of the rule. */
  readonly rule: number;
  readonly field: string;
}

const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

/** The parentRefs of a route, as the Gateway API defaults them (group gateway.networking.k8s.io, kind Gateway, the route's namespace). */
export function parentRefsOf(route: SourcedObject): ParentRef[] {
  const refs = list(record(route.object.spec)?.parentRefs) as any[];
  return refs.map((r, i) => ({
    group: text(r?.group, GATEWAY_API_GROUP),
    kind: text(r?.kind, 'Gateway'),
    name: text(r?.name, ''),
    namespace: text(r?.namespace, namespaceOf(route)),
    ...(typeof r?.sectionName === 'string' ? { sectionName: r.sectionName } : {}),
    ...(typeof r?.port === 'number' ? { port: r.port } : {}),
    field: `spec.parentRefs[${i}]`,
  }));
}

/** The backendRefs of a route's rules, as the Gateway API defaults them (core group, kind Service, the route's namespace). */
export function backendRefsOf(route: SourcedObject): BackendRef[] {
  const rules = list(record(route.object.spec)?.rules) as any[];
  return rules.flatMap((rule, i) =>
    (list(rule?.backendRefs) as any[]).map((b, j) => ({
      group: text(b?.group, ''),
      kind: text(b?.kind, 'Service'),
      name: text(b?.name, ''),
      namespace: text(b?.namespace, namespaceOf(route)),
      ...(typeof b?.port === 'number' ? { port: b.port } : {}),
      ...(typeof b?.weight === 'number' ? { weight: b.weight } : {}),
      rule: i,
      field: `spec.rules[${i}].backendRefs[${j}]`,
    })),
  );
}

/**
 * The backends of a route's RequestMirror filters (HTTPRoute and GRPCRoute rules), as the Gateway API defaults them;
 * Istio builds their destinations as a backendRef's, grant and lookup included (conversion.go: createMirrorFilter).
 */
export function mirrorRefsOf(route: SourcedObject): BackendRef[] {
  const rules = list(record(route.object.spec)?.rules) as any[];
  return rules.flatMap((rule, i) =>
    ((rule?.filters ?? []) as any[]).flatMap((filter, j) => {
      const b = filter?.type === 'RequestMirror' ? filter?.requestMirror?.backendRef : undefined;
      if (typeof b !== 'object' || b === null) return [];
      return [{
        group: text(b.group, ''),
        kind: text(b.kind, 'Service'),
        name: text(b.name, ''),
        namespace: text(b.namespace, namespaceOf(route)),
        ...(typeof b.port === 'number' ? { port: b.port } : {}),
        rule: i,
        field: `spec.rules[${i}].filters[${j}].requestMirror.backendRef`,
      }];
    }),
  );
}

/** Whether a reference names a Gateway API Gateway. */
export function isGatewayRef(ref: { group: string; kind: string }): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway';
}

/** Whether a reference names a Kubernetes Service. */
export function isServiceRef(ref: { group: string; kind: string }): boolean {
  return ref.group === '' && ref.kind === 'Service';
}

/** The GatewayClass of a Gateway. */
export function gatewayClassOf(gateway: SourcedObject): string {
  return text((gateway.object.spec as any)?.gatewayClassName, '');
}

/**
 * The controllers of Istio's built-in GatewayClasses (1.30's classinfo.go GetBuiltinGatewayClasses, with its default
 * features); a GatewayClass of the same name in the set takes their place, as gatewayclass_collection.go's
 * FetchGatewayClass looks the set up first.
 */
const BUILTIN_CLASS_CONTROLLERS: Readonly<Record<string, string>> = {
  istio: 'istio.io/gateway-controller',
  'istio-waypoint': 'istio.io/mesh-controller',
  'istio-remote': 'istio.io/unmanaged-gateway',
  'istio-east-west': 'istio.io/eastwest-controller',
};

/** The controllers whose Gateways Istio turns routes into gateway configuration for (not waypoints, not unmanaged). */
const ROUTE_PROGRAMMING_CONTROLLERS: ReadonlySet<string> = new Set(['istio.io/gateway-controller', 'istio.io/eastwest-controller']);

/** The controller of a Gateway's class: the set's GatewayClass of that name, else Istio's built-in one; undefined when neither. */
export function gatewayControllerOf(index: MeshIndex, gateway: SourcedObject): string | undefined {
  const name = gatewayClassOf(gateway);
  const own = index.gatewayClasses.get(name);
  if (own) return text((own.object.spec as any)?.controllerName, '');
  return Object.hasOwn(BUILTIN_CLASS_CONTROLLERS, name) ? BUILTIN_CLASS_CONTROLLERS[name] : undefined;
}

/**
 * Whether Istio programs the routes of a Gateway (gateway_collection.go): its class's controller is Istio's gateway or
 * east-west controller. A waypoint takes routes as its Services' (the mesh), an istio-remote Gateway is unmanaged, and
 * a class of another controller or none Istio ignores: their routes get no status from Istio, and no ReferenceGrant
 * is asked for on their account.
 */
export function programsRoutes(index: MeshIndex, gateway: SourcedObject): boolean {
  const controller = gatewayControllerOf(index, gateway);
  return controller !== undefined && ROUTE_PROGRAMMING_CONTROLLERS.has(controller);
}

/**
 * Whether Istio leaves a route alone: every parent is a Gateway of the set whose class another controller runs (Envoy
 * Gateway's, say) or Istio's unmanaged istio-remote class (DisableRouteGeneration), or a ListenerSet of such a
 * Gateway. Istio builds nothing from such a route and gives it no status (conversion.go: "Maybe it is for another
 * controller, so we just ignore it"), so its backends and policies are that controller's business. A parent the set
 * does not have, or of an unknown class, may be Istio's: the route is checked.
 */
export function ignoredByIstio(index: MeshIndex, route: SourcedObject): boolean {
  const parents = parentRefsOf(route);
  return parents.length > 0 && parents.every((ref) => {
    if (ref.group === GATEWAY_API_GROUP && ref.kind === 'ListenerSet') {
      const listenerSet = objectNamed(index, GATEWAY_API_GROUP, 'ListenerSet', ref.namespace, ref.name);
      const parent = (listenerSet?.object.spec as any)?.parentRef;
      const gateway = listenerSet && parent ? index.kubernetesGateways.get(`${text(parent.namespace, namespaceOf(listenerSet))}/${text(parent.name, '')}`) : undefined;
      return gateway !== undefined && foreignGateway(index, gateway);
    }
    const gateway = isGatewayRef(ref) ? index.kubernetesGateways.get(`${ref.namespace}/${ref.name}`) : undefined;
    return gateway !== undefined && foreignGateway(index, gateway);
  });
}

/** Whether a Gateway's class is another controller's, or Istio's unmanaged one: Istio makes no routes for it. */
export function foreignGateway(index: MeshIndex, gateway: SourcedObject): boolean {
  const controller = gatewayControllerOf(index, gateway);
  return controller !== undefined && controller !== '' && (!controller.startsWith('istio.io/') || controller === 'istio.io/unmanaged-gateway');
}

/** A ListenerSet a route names as its parent, with what Istio makes of it. */
export interface ListenerSetParent {
  readonly listenerSet: SourcedObject;
  /** The Gateway its parentRef names, when the set has it and Istio programs its routes; else Istio ignores the ListenerSet. */
  readonly gateway?: SourcedObject;
  /** Why that Gateway does not take the ListenerSet, when it does not. */
  readonly refused?: string;
}

/**
 * The ListenerSet a parentRef names (undefined when the set lacks it), and its Gateway as Istio 1.30's
 * ListenerSetCollection (gateway_collection.go) admits it: the Gateway of its parentRef, of a class whose controller
 * programs routes and takes ListenerSets (Istio's gateway controller only), whose `spec.allowedListeners.namespaces`
 * admits the ListenerSet's namespace (none when unset: NamespaceAcceptedByAllowListeners).
 */
export function listenerSetParent(index: MeshIndex, ref: ParentRef): ListenerSetParent | undefined {
  const listenerSet = objectNamed(index, GATEWAY_API_GROUP, 'ListenerSet', ref.namespace, ref.name);
  if (!listenerSet) return undefined;
  const parent = (listenerSet.object.spec as any)?.parentRef ?? {};
  if (text(parent.group, GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || text(parent.kind, 'Gateway') !== 'Gateway') return { listenerSet };
  const gatewayNamespace = text(parent.namespace, namespaceOf(listenerSet));
  const gateway = index.kubernetesGateways.get(`${gatewayNamespace}/${text(parent.name, '')}`);
  if (!gateway || !programsRoutes(index, gateway)) return { listenerSet };
  const where = `Gateway ${gatewayNamespace}/${gateway.object.metadata?.name ?? ''}`;
  if (gatewayControllerOf(index, gateway) !== 'istio.io/gateway-controller') return { listenerSet, gateway, refused: `${where}'s class takes no ListenerSet` };
  const namespaces = (gateway.object.spec as any)?.allowedListeners?.namespaces;
  const from = typeof namespaces === 'object' && namespaces !== null ? text(namespaces.from, 'None') : 'None';
  const own = namespaceOf(listenerSet);
  let admitted = from === 'All' || (from === 'Same' && own === gatewayNamespace);
  // without a selector Istio admits none (NamespaceAcceptedByAllowListeners); a Namespace the set lacks may match
  if (from === 'Selector') admitted = namespaces.selector !== undefined && namespaces.selector !== null && namespaceSelected(index, namespaces.selector, own) !== false;
  return admitted ? { listenerSet, gateway } : { listenerSet, gateway, refused: `${where} does not admit ListenerSets of ${own} (spec.allowedListeners.namespaces.from: ${from})` };
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Whether a Gateway API namespace selector (allowedRoutes, allowedListeners) selects a namespace, as Istio reads it
 * with metav1.LabelSelectorAsSelector against the cluster's Namespaces: an empty selector selects every namespace.
 * Known when the set has the Namespace, or the selector reads its name label only (which every namespace carries);
 * undefined when it depends on the labels of a Namespace the set lacks, which the cluster has.
 */
export function namespaceSelected(index: MeshIndex, value: unknown, namespace: string): boolean | undefined {
  const selector = labelSelectorOf(value);
  if (!selector) return false;
  if (Object.keys(selector.matchLabels).length === 0 && selector.requirements.length === 0) return true;
  const object = index.namespaces.get(namespace);
  const byName =
    Object.keys(selector.matchLabels).every((k) => k === NAMESPACE_NAME_LABEL) && selector.requirements.every((r) => r.key === NAMESPACE_NAME_LABEL);
  if (!object && !byName) return undefined;
  return selects(selector, { ...(object?.object.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: namespace });
}

/**
 * Whether Istio builds a gateway route for a route's parent, and so asks its backends of other namespaces for a
 * ReferenceGrant (route_collections.go: the route is converted with !mesh): a Gateway it programs, or a ListenerSet
 * such a Gateway admits. Services and ServiceEntries are the mesh; anything else Istio ignores.
 */
export function buildsGatewayRoute(index: MeshIndex, ref: ParentRef): boolean {
  if (ref.group === GATEWAY_API_GROUP && ref.kind === 'ListenerSet') {
    const parent = listenerSetParent(index, ref);
    return parent?.gateway !== undefined && parent.refused === undefined;
  }
  const gateway = isGatewayRef(ref) ? index.kubernetesGateways.get(`${ref.namespace}/${ref.name}`) : undefined;
  return gateway !== undefined && programsRoutes(index, gateway);
}

/**
 * Whether a Gateway is an ambient mode waypoint: its class's controller is Istio's mesh controller, which deploys the
 * waypoint template for it (the built-in istio-waypoint class, or a GatewayClass of the set naming that controller).
 */
export function isWaypoint(index: MeshIndex, gateway: SourcedObject): boolean {
  return gatewayControllerOf(index, gateway) === MESH_CONTROLLER;
}

const MESH_CONTROLLER = 'istio.io/mesh-controller';

/**
 * The default name Istio gives a Gateway's Deployment and ServiceAccount (GetDefaultName): its own for a class whose
 * controller's ClassInfo sets DisableNameSuffix (the mesh and east-west controllers), else `<name>-<class>`; by the
 * class name alone when the set's GatewayClasses are not at hand. `gateway.istio.io/name-override` renames the
 * Deployment only, `gateway.istio.io/service-account` the ServiceAccount.
 */
function defaultNameOf(gateway: SourcedObject, index?: MeshIndex): string {
  const name = gateway.object.metadata?.name ?? '';
  const className = gatewayClassOf(gateway);
  const controller = index ? gatewayControllerOf(index, gateway) : undefined;
  return controller === undefined ? gatewayDeploymentName(name, className) : gatewayDefaultName(name, className, controller);
}

/** The labels of the pods Istio deploys for a Gateway (its templates, 1.30): its own labels and infrastructure labels, and the gateway labels. */
export function gatewayPodLabels(gateway: SourcedObject, index?: MeshIndex): Record<string, string> {
  const { metadata } = gateway.object;
  const name = metadata?.name ?? '';
  const className = gatewayClassOf(gateway);
  // without the set's GatewayClasses, the built-in istio-waypoint class stands for the waypoint template
  const controller = index ? gatewayControllerOf(index, gateway) : className === WAYPOINT_GATEWAY_CLASS ? MESH_CONTROLLER : undefined;
  return {
    'sidecar.istio.io/inject': 'false',
    ...(podsOutOfAmbient(className, controller) ? { [DATAPLANE_MODE_LABEL]: 'none' } : {}),
    'service.istio.io/canonical-name': metadata?.annotations?.['gateway.istio.io/name-override'] || defaultNameOf(gateway, index),
    ...(metadata?.labels ?? {}),
    ...((gateway.object.spec as any)?.infrastructure?.labels ?? {}),
    [GATEWAY_NAME_LABEL]: name,
    [GATEWAY_CLASS_NAME_LABEL]: className,
  };
}

/** The principal of the pods Istio deploys for a Gateway: its ServiceAccount, its default name unless annotated. */
export function gatewayPrincipal(gateway: SourcedObject, index?: MeshIndex): string {
  const account = gateway.object.metadata?.annotations?.[GATEWAY_SERVICE_ACCOUNT_ANNOTATION] ?? defaultNameOf(gateway, index);
  return principalOf(namespaceOf(gateway), account);
}

/**
 * The ingress Gateways of the set a route is attached to: its Gateway parents that exist, are no waypoint and are
 * Istio's, and the Gateways that admit its ListenerSet parents (Istio serves a ListenerSet's listeners from its
 * Gateway's deployment, so the requests pass that gateway's pods and policies). Each Gateway once.
 */
export function ingressGatewaysOf(index: MeshIndex, route: SourcedObject): SourcedObject[] {
  const gateways = new Set<SourcedObject>();
  for (const ref of parentRefsOf(route)) {
    if (ref.group === GATEWAY_API_GROUP && ref.kind === 'ListenerSet') {
      const parent = listenerSetParent(index, ref);
      if (parent?.gateway !== undefined && parent.refused === undefined) gateways.add(parent.gateway);
      continue;
    }
    const gateway = isGatewayRef(ref) ? index.kubernetesGateways.get(`${ref.namespace}/${ref.name}`) : undefined;
    if (gateway !== undefined && !isWaypoint(index, gateway) && !foreignGateway(index, gateway)) gateways.add(gateway);
  }
  return [...gateways];
}

/** Whether a namespace of the set runs in ambient mode. */
export function isAmbientNamespace(index: MeshIndex, namespace: string): boolean {
  return index.namespaces.get(namespace)?.object.metadata?.labels?.[DATAPLANE_MODE_LABEL] === 'ambient';
}

/** The Service objects of the set named `name` in `namespace` (a Service, or an operator resource that becomes one). */
export function servicesNamed(index: MeshIndex, namespace: string, name: string): SourcedObject[] {
  return (index.services.get(`${name}.${namespace}.svc.cluster.local`) ?? [])
    .map((t) => t.source)
    .filter((s) => s.object.kind !== 'ServiceEntry');
}

/** Where an object says its traffic goes: the waypoint it names (`none` to opt out), or nothing. */
export interface WaypointBinding {
  readonly name: string;
  readonly namespace: string;
  /** The object whose label names it (the Service or its namespace). */
  readonly source: SourcedObject;
  readonly field: string;
  /** The waypoint, when the set has it. */
  readonly gateway?: SourcedObject;
}

/** The waypoint `istio.io/use-waypoint` names on an object, or undefined; `none` when the object opts out. */
export function useWaypointOf(index: MeshIndex, source: SourcedObject, fallbackNamespace: string): WaypointBinding | 'none' | undefined {
  const labels = source.object.metadata?.labels ?? {};
  const name = labels[USE_WAYPOINT_LABEL];
  if (name === undefined) return undefined;
  if (name === 'none') return 'none';
  const namespace = labels['istio.io/use-waypoint-namespace'] ?? fallbackNamespace;
  const gateway = index.kubernetesGateways.get(`${namespace}/${name}`);
  return {
    name,
    namespace,
    source,
    field: `metadata.labels["${USE_WAYPOINT_LABEL}"]`,
    ...(gateway && isWaypoint(index, gateway) ? { gateway } : {}),
  };
}

/**
 * The waypoint the Service `name` of `namespace` is bound to, as istiod resolves it: the Service's own label, else
 * its namespace's; undefined when none (or `none`). Waypoints' own Services never use one.
 */
export function serviceWaypoint(index: MeshIndex, namespace: string, name: string): WaypointBinding | undefined {
  const [service] = servicesNamed(index, namespace, name);
  if (service?.object.metadata?.labels?.['gateway.istio.io/managed'] === 'istio.io-mesh-controller') return undefined;
  const own = service ? useWaypointOf(index, service, namespace) : undefined;
  if (own === 'none') return undefined;
  if (own) return own;
  const ns = index.namespaces.get(namespace);
  const inherited = ns ? useWaypointOf(index, ns, namespace) : undefined;
  return inherited === 'none' ? undefined : inherited;
}

/** Whether ingress gateways send a Service's requests through its waypoint (they skip it unless told). */
export function ingressUsesWaypoint(index: MeshIndex, namespace: string, name: string): boolean {
  const [service] = servicesNamed(index, namespace, name);
  const own = service?.object.metadata?.labels?.[INGRESS_USE_WAYPOINT_LABEL];
  const inherited = index.namespaces.get(namespace)?.object.metadata?.labels?.[INGRESS_USE_WAYPOINT_LABEL];
  return (own ?? inherited ?? '').toLowerCase() === 'true';
}

/**
 * Whether a route is named as a backend by an HTTPRoute of the set (by name, or `*` for its namespace): a child that
 * another controller (kgateway, Gloo) serves through the route that delegates to it; Istio takes no route as a backend.
 */
export const delegatedRoutesOf = oncePer((index: MeshIndex): ((route: SourcedObject) => boolean) => {
  const named = new Set<string>();
  for (const route of index.routes) {
    for (const rule of list(record(route.object.spec)?.rules)) {
      for (const item of list(record(rule)?.backendRefs)) {
        const ref = record(item);
        if (ref?.group !== GATEWAY_API_GROUP || ref?.kind !== 'HTTPRoute') continue;
        // kgateway takes an empty name, as `*`, for every route of the namespace
        const name = typeof ref.name === 'string' && ref.name !== '' ? ref.name : '*';
        named.add(`${typeof ref.namespace === 'string' ? ref.namespace : namespaceOf(route)}/${name}`);
      }
    }
  }
  if (named.size === 0) return () => false;
  return (route) => route.object.kind === 'HTTPRoute' && (named.has(`${namespaceOf(route)}/${route.object.metadata?.name}`) || named.has(`${namespaceOf(route)}/*`));
});
