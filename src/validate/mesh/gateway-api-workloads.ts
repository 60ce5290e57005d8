// The pods and the Service Istio's Gateway API controller deploys for a Gateway of one of its classes (Istio 1.30.3's
// deployment controller with its kube-gateway and waypoint templates): a set of manifests holds the Gateway, not its
// Deployment and Service, and a policy selecting those pods, or a route to that Service (an egress gateway's), must
// see them as istioctl sees them in a cluster.
import type { SourcedObject } from '../findings';
import { list, record } from '../builtin/go-values';
import { oncePer } from '../once-per';

/** The label Istio puts on every pod of a Gateway API gateway (and of a waypoint), with the Gateway's name. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

// controller name -> the `gateway.istio.io/managed` value of its pods
const MANAGED_BY: Readonly<Record<string, string>> = {
  'istio.io/gateway-controller': 'istio.io-gateway-controller',
  'istio.io/mesh-controller': 'istio.io-mesh-controller',
};
/** The GatewayClasses Istio creates itself, with their controllers (ambient multi-network and agentgateway classes are off by default). */
export const BUILTIN_CLASSES: Readonly<Record<string, string>> = {
  istio: 'istio.io/gateway-controller',
  'istio-waypoint': 'istio.io/mesh-controller',
};

const MESH_CONTROLLER = 'istio.io/mesh-controller';
const EAST_WEST_CONTROLLER = 'istio.io/eastwest-controller';

/**
 * GetDefaultName: the name Istio gives a Gateway's Deployment and ServiceAccount, the Gateway's own for a controller
 * whose ClassInfo sets DisableNameSuffix (the mesh and east-west controllers, which deploy the waypoint template),
 * else `<name>-<class>`.
 */
export function gatewayDefaultName(name: string, className: string, controller: string | undefined): string {
  return controller === MESH_CONTROLLER || controller === EAST_WEST_CONTROLLER ? name : `${name}-${className}`;
}

/**
 * Whether Istio labels a Gateway's pods out of ambient mode (`istio.io/dataplane-mode: none`, which the Gateway's own
 * labels may override): the waypoint template always does, setLabelOverrides for other gateways unless their class's
 * name says waypoint or east-west.
 */
export function podsOutOfAmbient(className: string, controller: string | undefined): boolean {
  return controller === MESH_CONTROLLER || controller === EAST_WEST_CONTROLLER || !(className.includes('waypoint') || className.includes('east-west'));
}

const isGatewayApi = (source: SourcedObject) => source.object.apiVersion.startsWith('gateway.networking.k8s.io/');
const specOf = (source: SourcedObject): Record<string, unknown> => record(source.object.spec) ?? {};

/**
 * The Service Istio creates for each Gateway of `objects` it deploys, marked as provided: named like its Deployment,
 * selecting its pods by the gateway-name label, with the status port and a port per listener port, its own listeners'
 * and then its ListenerSets' (extractServicePorts: the first listener of each port names it).
 */
export function gatewayApiServices(objects: readonly SourcedObject[]): SourcedObject[] {
  const listenerSets = objects.filter((o) => o.object.kind === 'ListenerSet' && isGatewayApi(o));
  return gatewayApiPods(objects).map(({ source, labels }) => {
    const ports = [{ name: 'status-port', port: 15021, protocol: 'TCP' }];
    const seen = new Set<number>();
    // the listeners of the ListenerSets it admits come after its own: none without allowedListeners, its own
    // namespace's for Same, all for All, and (the set may lack their Namespace's labels) all for Selector
    const namespace = source.object.metadata?.namespace ?? 'default';
    const from = record(record(specOf(source).allowedListeners)?.namespaces)?.from;
    const attached = listenerSets.filter((ls) => {
      const parent = record(specOf(ls).parentRef);
      const own = ls.object.metadata?.namespace ?? 'default';
      const admitted = from === 'All' || from === 'Selector' || (from === 'Same' && own === namespace);
      return admitted && parent?.name === source.object.metadata?.name && (parent?.namespace ?? own) === namespace;
    });
    [...list(specOf(source).listeners), ...attached.flatMap((ls) => list(specOf(ls).listeners))].forEach((entry, i) => {
      const listener = record(entry) ?? {};
      const port = Number(listener.port);
      if (!Number.isInteger(port) || seen.has(port)) return;
      seen.add(port);
      const protocol = String(listener.protocol ?? '').toLowerCase();
      ports.push({ name: typeof listener.name === 'string' && listener.name !== '' ? listener.name : `${protocol}-${i}`, port, protocol: 'TCP' });
    });
    const gatewayName = { [GATEWAY_NAME_LABEL]: labels[GATEWAY_NAME_LABEL] };
    const metadata = { name: labels['service.istio.io/canonical-name'], namespace: source.object.metadata?.namespace ?? 'default', labels: gatewayName };
    return { provided: true, object: { apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: gatewayName, ports } } };
  });
}

/** The pod labels of each Gateway of `objects` that Istio deploys, with the Gateway; worked out once per set. */
export const gatewayApiPods = oncePer((objects: readonly SourcedObject[]) => deployedGatewayPods(objects));

function deployedGatewayPods(objects: readonly SourcedObject[]): { source: SourcedObject; labels: Record<string, string> }[] {
  const controllers = new Map(Object.entries(BUILTIN_CLASSES));
  for (const source of objects) {
    const controller = specOf(source).controllerName;
    if (source.object.kind === 'GatewayClass' && isGatewayApi(source) && typeof controller === 'string') {
      controllers.set(source.object.metadata?.name ?? '', controller);
    }
  }
  const pods: { source: SourcedObject; labels: Record<string, string> }[] = [];
  for (const source of objects) {
    if (source.object.kind !== 'Gateway' || !isGatewayApi(source)) continue;
    const spec = specOf(source);
    const className = typeof spec.gatewayClassName === 'string' ? spec.gatewayClassName : '';
    const controller = controllers.get(className);
    const managed = MANAGED_BY[controller ?? ''];
    if (!managed || !deployed(spec)) continue;
    const name = source.object.metadata?.name ?? '';
    const infrastructure = record(record(spec.infrastructure)?.labels);
    // the Gateway's own labels stand in when it sets no infrastructure labels (PILOT_ENABLE_GATEWAY_API_COPY_LABELS_ANNOTATIONS)
    const copied = infrastructure
      ? Object.fromEntries(Object.entries(infrastructure).filter(([k]) => !k.startsWith('gateway.networking.k8s.io/')))
      : { ...(source.object.metadata?.labels ?? {}) };
    pods.push({
      source,
      labels: {
        'sidecar.istio.io/inject': 'false',
        // the Deployment's name: gateway.istio.io/name-override, else GetDefaultName's
        'service.istio.io/canonical-name': source.object.metadata?.annotations?.['gateway.istio.io/name-override'] || gatewayDefaultName(name, className, controller),
        'service.istio.io/canonical-revision': 'latest',
        ...(podsOutOfAmbient(className, controller) ? { 'istio.io/dataplane-mode': 'none' } : {}),
        ...Object.fromEntries(Object.entries(copied).map(([k, v]) => [k, String(v)])),
        [GATEWAY_NAME_LABEL]: name,
        'gateway.networking.k8s.io/gateway-class-name': className,
        'gateway.istio.io/managed': managed,
      },
    });
  }
  return pods;
}

/** Whether Istio deploys the Gateway, rather than the user pointing it at an existing one by a hostname address. */
function deployed(spec: Record<string, unknown>): boolean {
  const addresses = list(spec.addresses);
  if (addresses.length === 0) return true;
  if (addresses.length > 1) return false;
  const type = record(addresses[0])?.type;
  return type === undefined || type === 'IPAddress';
}
