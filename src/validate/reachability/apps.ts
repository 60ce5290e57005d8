// The destinations of the reachability matrix: each Service of the set (or operator resource that creates one) with
// the workloads whose pods it selects, named by the Service, and its ports: the port callers use, and the workload's
// port behind it, which is the one AuthorizationPolicy `ports` name.
import type { SourcedObject } from '../findings';
import { appsodyServicePorts, MeshIndex, namespaceOf, Workload } from '../mesh/mesh-index';
import { podSpecs } from '../mesh/workloads';
import { ingressGatewayWorkloads, isGatewayWorkload } from './sources';

/** A port of an app's Service. */
export interface AppPort {
  /** The port callers use. */
  readonly port?: number;
  readonly name?: string;
  /** The pods' port behind it: a number, or a container port's name. */
  readonly targetPort?: number | string;
  /** Whether Istio treats it as TCP (by its name's or `appProtocol`'s protocol), where no HTTP condition applies. */
  readonly tcp: boolean;
}

/** A destination: a Service and the workloads behind it. */
export interface App {
  readonly name: string;
  readonly namespace: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /** The Service, or the operator resource that creates it. */
  readonly source: SourcedObject;
  readonly ports: readonly AppPort[];
  readonly workloads: readonly Workload[];
}

// protocols whose inbound traffic Istio does not read as HTTP (a Service port named `tcp-db`, `tls`, `mongo`...)
const TCP_PROTOCOLS = new Set(['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis']);

/** Whether a Service port's protocol, as Istio reads it from `appProtocol` or the name, is TCP. */
export function isTcpPort(name: unknown, appProtocol?: unknown): boolean {
  const protocol = typeof appProtocol === 'string' && appProtocol !== '' ? appProtocol : typeof name === 'string' ? name.split('-')[0] : '';
  return TCP_PROTOCOLS.has(protocol.toLowerCase());
}

/** The Services of the set that select workloads of the set (not gateways), by namespace and name, each once. */
export function appsOf(index: MeshIndex): App[] {
  const apps = new Map<string, App>();
  const gateways = ingressGatewayWorkloads(index);
  for (const source of index.objects) {
    const { kind, apiVersion } = source.object;
    const spec = source.object.spec as any;
    let ports: AppPort[];
    if (kind === 'Service' && apiVersion === 'v1') {
      if (spec?.type === 'ExternalName' || !spec?.selector) continue;
      ports = ((spec?.ports ?? []) as any[]).map((p) => ({
        ...(typeof p?.port === 'number' ? { port: p.port } : {}),
        ...(typeof p?.name === 'string' ? { name: p.name } : {}),
        targetPort: p?.targetPort ?? p?.port,
        tcp: isTcpPort(p?.name, p?.appProtocol),
      }));
    } else if (kind === 'AppsodyApplication' || (kind === 'RuntimeComponent' && apiVersion.startsWith('rc.app.stacks/'))) {
      // the operators create the Service with the CR's port, its name and target port (the port, unless set)
      ports = appsodyServicePorts(spec).map((p, i) => ({
        ...(typeof p.number === 'number' ? { port: p.number } : {}),
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
        targetPort: i === 0 ? (spec?.service?.targetPort ?? p.number) : p.number,
        tcp: isTcpPort(p.name),
      }));
    } else continue;
    const name = source.object.metadata?.name ?? '';
    const namespace = namespaceOf(source);
    const host = `${name}.${namespace}.svc.cluster.local`;
    if (apps.has(host)) continue;
    const workloads = index.workloadsBehind(host).filter((w) => !w.source.provided && !isGatewayWorkload(w, gateways));
    if (workloads.length === 0) continue;
    apps.set(host, { name, namespace, host, source, ports, workloads });
  }
  return [...apps.values()].sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name));
}

/** The workload's own port behind a Service port: a number, a container port found by name, or undefined. */
export function targetPortOf(port: AppPort, workload: Workload): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  if (typeof port.targetPort === 'string' && /^\d+$/.test(port.targetPort)) return Number(port.targetPort);
  const name = port.targetPort;
  for (const template of podSpecs(workload.source)) {
    for (const container of (template.spec?.containers ?? []) as any[]) {
      const found = ((container?.ports ?? []) as any[]).find((p) => p?.name === name);
      if (typeof found?.containerPort === 'number') return found.containerPort;
    }
  }
  return undefined;
}

/** A port as the matrix shows it: `3000`, or `80 (8080)` when the pods' port differs. */
export function portLabel(port: AppPort): string {
  const own = port.port === undefined ? '?' : String(port.port);
  return port.targetPort !== undefined && String(port.targetPort) !== own ? `${own} (${port.targetPort})` : own;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
