// What the cross-object checks look things up in: the Services (and what stands for one), Gateways,
// DestinationRules, ConfigMaps and Namespaces of a set of objects, keyed the way Istio resolves references.
import { apiGroupOf } from '../../manifests/kube-object';
import { SourcedObject } from '../findings';
import { gatewayApiServices } from './gateway-api-workloads';
import { providedObjects, providedWorkloads } from './install-workloads';
import { podSpecs } from './workloads';
import { push } from '../grouped';

/** A port of a Service, or of what the operator will create a Service for. */
export interface ServicePort {
  readonly number?: number;
  readonly name?: string;
}

/** Something that answers at a host: a Service, an AppsodyApplication's Service, or a ServiceEntry host. */
export interface ServiceTarget {
  readonly source: SourcedObject;
  /** Undefined when any port is accepted (ServiceEntry without ports, headless Service...). */
  readonly ports?: readonly ServicePort[];
}

/** Pods an object runs (a controller's template, a Pod, an AppsodyApplication's Deployment). */
export interface Workload {
  readonly source: SourcedObject;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
}

/** The API group of the Kubernetes Gateway API, with the slash of its apiVersions. */
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io/';

/** Namespaces of Kubernetes and Istio themselves, which istioctl's analyzers pass over. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
  'istio-system',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);

/** The Kubernetes namespace of an object, `default` when it names none. */
export function namespaceOf(source: SourcedObject): string {
  return source.object.metadata?.namespace ?? 'default';
}

/**
 * `group/kind/namespace/name` of an object: the API server stores each group's resources apart (a core ServiceAccount
 * and a talos.dev one, an Istio Gateway and a Gateway API one, are two objects), and one group's versions together
 * (a core Event and an events.k8s.io one too).
 * An object with a generateName and no name is one of its own wherever it is written: the API server gives each such
 * object a new name at create (two of them in one file are two objects).
 */
export function identity(source: SourcedObject): string {
  const { apiVersion, kind, metadata } = source.object;
  let group = typeof apiVersion === 'string' ? apiGroupOf(apiVersion) : '';
  // the two groups of Events share one storage (AddCohabitatingResources in default_storage_factory_builder.go), the
  // only such pair 1.33 serves
  if (group === 'events.k8s.io' && kind === 'Event') group = '';
  if (!metadata?.name && typeof metadata?.generateName === 'string' && metadata.generateName !== '') {
    return `${group}/${kind}/${namespaceOf(source)}/${metadata.generateName}\u0000${source.file ?? ''}:${source.line ?? ''}`;
  }
  return `${group}/${kind}/${namespaceOf(source)}/${metadata?.name ?? ''}`;
}

/** A host as Istio resolves it from a config in `namespace`: short names are Services in that namespace. */
export function fqdn(host: string, namespace: string): string {
  if (host.includes('*')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  if (parts.length === 3 && parts[2] === 'svc') return `${host}.cluster.local`;
  return host;
}

/** The ports of an AppsodyApplication's or RuntimeComponent's Service, as the operator creates it (port 8080 unless set). */
export function appsodyServicePorts(spec: any): ServicePort[] {
  const service = spec?.service ?? {};
  const ports: ServicePort[] = [{ number: service.port ?? 8080, name: service.portName }];
  for (const p of service.ports ?? []) ports.push({ number: p.port, name: p.name });
  return ports;
}

/** The objects of a set, indexed for reference resolution. */
export class MeshIndex {
  /** What answers at a host, by the host: `<name>.<namespace>.svc.cluster.local` for Services, a ServiceEntry's hosts as written. */
  public readonly services = new Map<string, ServiceTarget[]>();
  /** Istio Gateways, by `<namespace>/<name>`. */
  public readonly gateways = new Map<string, SourcedObject>();
  /** DestinationRules, by their host made fully qualified in their namespace. */
  public readonly destinationRules = new Map<string, SourcedObject[]>();
  /** ConfigMaps, by `<namespace>/<name>`. */
  public readonly configMaps = new Map<string, SourcedObject>();
  /** Namespaces, by name. */
  public readonly namespaces = new Map<string, SourcedObject>();
  /** Gateway API Gateways (`gateway.networking.k8s.io`), by `<namespace>/<name>`. */
  public readonly kubernetesGateways = new Map<string, SourcedObject>();
  /** Gateway API GatewayClasses, by name. */
  public readonly gatewayClasses = new Map<string, SourcedObject>();
  /** Gateway API HTTPRoutes. */
  public readonly httpRoutes: SourcedObject[] = [];
  /** Gateway API routes of every kind Istio programs: HTTPRoutes, GRPCRoutes, TCPRoutes and TLSRoutes. */
  public readonly routes: SourcedObject[] = [];
  /** Gateway API ReferenceGrants. */
  public readonly referenceGrants: SourcedObject[] = [];
  public readonly virtualServices: SourcedObject[] = [];
  public readonly authorizationPolicies: SourcedObject[] = [];
  public readonly peerAuthentications: SourcedObject[] = [];
  public readonly workloads: Workload[] = [];
  private workloadsByLabel?: Map<string, number[]>;
  /** The pod selector of each Service and AppsodyApplication, by host. */
  private readonly selectors = new Map<string, { namespace: string; selector: Record<string, string> }[]>();

  /**
   * The objects standing for what the Istio install provides (install-workloads.ts) and the Services Istio creates for
   * the Gateway API Gateways it deploys (gateway-api-workloads.ts), indexed like the others.
   */
  public readonly provided: readonly SourcedObject[];

  /** Indexes `objects`, plus the workloads the Istio install of the set provides. */
  constructor(public readonly objects: readonly SourcedObject[]) {
    this.provided = [...providedWorkloads(objects).flatMap(providedObjects), ...gatewayApiServices(objects)];
    for (const source of [...objects, ...this.provided]) {
      const { object } = source;
      const spec = object.spec as any;
      const ns = namespaceOf(source);
      const name = object.metadata?.name ?? '';
      switch (object.kind) {
        case 'Service':
          this.addService(`${name}.${ns}.svc.cluster.local`, {
            source,
            // a null port decodes as an empty one
            ports: spec?.clusterIP === 'None' ? undefined : (spec?.ports ?? []).map((p: any) => ({ number: p?.port, name: p?.name })),
          });
          if (spec?.selector) push(this.selectors, `${name}.${ns}.svc.cluster.local`, { namespace: ns, selector: spec.selector });
          break;
        case 'AppsodyApplication':
        case 'RuntimeComponent': {
          if (object.kind === 'RuntimeComponent' && !object.apiVersion.startsWith('rc.app.stacks/')) break;
          this.addService(`${name}.${ns}.svc.cluster.local`, { source, ports: appsodyServicePorts(spec) });
          // both operators label the pods with the CR's labels and select them by instance
          const instance = { 'app.kubernetes.io/instance': name };
          push(this.selectors, `${name}.${ns}.svc.cluster.local`, { namespace: ns, selector: instance });
          this.workloads.push({
            source,
            namespace: ns,
            podLabels: { ...(object.metadata.labels ?? {}), ...instance },
            podAnnotations: { ...(object.metadata.annotations ?? {}) },
            serviceAccount: spec?.serviceAccount?.name || spec?.serviceAccountName || name,
          });
          break;
        }
        case 'AuthorizationPolicy':
          if (object.apiVersion.startsWith('security.istio.io/')) this.authorizationPolicies.push(source);
          break;
        case 'PeerAuthentication':
          if (object.apiVersion.startsWith('security.istio.io/')) this.peerAuthentications.push(source);
          break;
        case 'ServiceEntry':
          for (const host of spec?.hosts ?? []) {
            const ports = spec?.ports?.map((p: any) => ({ number: p.number, name: p.name }));
            this.addService(host, { source, ports: ports?.length ? ports : undefined });
          }
          break;
        case 'Gateway':
          if (object.apiVersion.startsWith('networking.istio.io/')) this.gateways.set(`${ns}/${name}`, source);
          if (object.apiVersion.startsWith(GATEWAY_API_GROUP)) this.kubernetesGateways.set(`${ns}/${name}`, source);
          break;
        case 'GatewayClass':
          if (object.apiVersion.startsWith(GATEWAY_API_GROUP)) this.gatewayClasses.set(name, source);
          break;
        case 'HTTPRoute':
          if (object.apiVersion.startsWith(GATEWAY_API_GROUP)) {
            this.httpRoutes.push(source);
            this.routes.push(source);
          }
          break;
        case 'GRPCRoute':
        case 'TCPRoute':
        case 'TLSRoute':
          if (object.apiVersion.startsWith(GATEWAY_API_GROUP)) this.routes.push(source);
          break;
        case 'ReferenceGrant':
          if (object.apiVersion.startsWith(GATEWAY_API_GROUP)) this.referenceGrants.push(source);
          break;
        case 'DestinationRule':
          if (typeof spec?.host === 'string') push(this.destinationRules, fqdn(spec.host, ns), source);
          break;
        case 'ConfigMap':
          this.configMaps.set(`${ns}/${name}`, source);
          break;
        case 'Namespace':
          this.namespaces.set(name, source);
          break;
        case 'VirtualService':
          this.virtualServices.push(source);
          break;
      }
      for (const pod of podSpecs(source)) {
        this.workloads.push({
          source,
          namespace: ns,
          podLabels: { ...(pod.metadata?.labels ?? {}) },
          podAnnotations: { ...(pod.metadata?.annotations ?? {}) },
          serviceAccount: pod.spec?.serviceAccountName || 'default',
        });
      }
    }
  }

  /**
   * The port the pods of a Kubernetes Service (`host`, fully qualified) receive the Service's `port` on: its
   * targetPort, the port itself without one; the only port when `port` is undefined. Undefined when the set does not
   * say: no such Service or port, a named targetPort, or Services of that host that disagree.
   */
  public targetPortOf(host: string, port: number | undefined): number | undefined {
    const found = new Set<number | undefined>();
    for (const { source } of this.services.get(host) ?? []) {
      if (source.object.kind !== 'Service' || source.object.apiVersion !== 'v1') return undefined;
      // Istio routes TCP to a Service (PortList.GetByPort passes over UDP ports)
      const ports = (((source.object.spec as any)?.ports ?? []) as any[]).filter((p) => p?.protocol !== 'UDP');
      const entry = port === undefined ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => p?.port === port);
      const target = entry?.targetPort ?? entry?.port;
      found.add(typeof target === 'number' ? target : undefined);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** The workloads whose pods serve `host` (a fully qualified Service host), in the order of the set. */
  public workloadsBehind(host: string): Workload[] {
    // candidates by the selector's rarest label, then the whole selector: no scan of every workload per host (a label
    // every workload shares, such as part-of, would be one)
    if (!this.workloadsByLabel) {
      this.workloadsByLabel = new Map();
      this.workloads.forEach((w, i) => {
        for (const [k, v] of Object.entries(w.podLabels)) push(this.workloadsByLabel!, `${w.namespace}\u0000${k}=${v}`, i);
      });
    }
    const found = new Set<number>();
    for (const s of this.selectors.get(host) ?? []) {
      let candidates: number[] | undefined;
      for (const [k, v] of Object.entries(s.selector)) {
        const bucket = this.workloadsByLabel.get(`${s.namespace}\u0000${k}=${v}`) ?? [];
        if (candidates === undefined || bucket.length < candidates.length) candidates = bucket;
      }
      for (const i of candidates ?? []) {
        if (Object.entries(s.selector).every(([k, v]) => this.workloads[i].podLabels[k] === v)) found.add(i);
      }
    }
    return [...found].sort((a, b) => a - b).map((i) => this.workloads[i]);
  }

  private addService(host: string, target: ServiceTarget): void {
    push(this.services, host, target);
  }
}
