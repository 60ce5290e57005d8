// The pods and the Service Istio's Gateway API controller deploys for a Gateway of one of its classes (Istio 1.30.3's
// deployment controller with its kube-gateway and waypoint templates): a set of manifests holds the Gateway, not its
// Deployment and Service, and a policy selecting those pods, or a route to that Service (an egress gateway's), must
// see them as istioctl sees them in a cluster.
import type { SourcedObject } from '../findings';
import { list, record } from '../builtin/go-values';

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

/** The pod labels of each Gateway of `objects` that Istio deploys, with the Gateway. */
export function gatewayApiPods(objects: readonly SourcedObject[]): { source: SourcedObject; labels: Record<string, string> }[] {
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
    const managed = MANAGED_BY[controllers.get(className) ?? ''];
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
        'service.istio.io/canonical-name': deploymentName(source, className, managed),
        'service.istio.io/canonical-revision': 'latest',
        // the waypoint template's, and setLabelOverrides' for a class whose name says neither waypoint nor east-west
        ...(managed === 'istio.io-mesh-controller' || !(className.includes('waypoint') || className.includes('east-west')) ? { 'istio.io/dataplane-mode': 'none' } : {}),
        ...Object.fromEntries(Object.entries(copied).map(([k, v]) => [k, String(v)])),
        [GATEWAY_NAME_LABEL]: name,
        'gateway.networking.k8s.io/gateway-class-name': className,
        'gateway.istio.io/managed': managed,
      },
    });
  }
  return pods;
}

/** The name of the Deployment Istio creates: `<gateway>-<class>`, the Gateway's name for waypoints, or the override. */
function deploymentName(source: SourcedObject, className: string, managed: string): string {
  const name = source.object.metadata?.name ?? '';
  const override = source.object.metadata?.annotations?.['gateway.istio.io/name-override'];
  return override || (managed === 'istio.io-mesh-controller' ? name : `${name}-${className}`);
}

/** Whether Istio deploys the Gateway, rather than the user pointing it at an existing one by a hostname address. */
function deployed(spec: Record<string, unknown>): boolean {
  const addresses = list(spec.addresses);
  if (addresses.length === 0) return true;
  if (addresses.length > 1) return false;
  const type = record(addresses[0])?.type;
  return type === undefined || type === 'IPAddress';
}
