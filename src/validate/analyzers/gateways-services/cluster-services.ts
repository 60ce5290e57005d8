// The Kubernetes Services of a set as the API server holds them once applied, which is what istioctl's analyzers read
// in a cluster: a Service with the defaults the API server fills in (type ClusterIP, protocol TCP, targetPort = port),
// and the Service an operator creates for an AppsodyApplication or a RuntimeComponent.
import type { SourcedObject } from '../../findings';
import { namespaceOf } from '../../mesh/mesh-index';
import { labelMap } from './label-selector';
import { list, record, text } from './manifest-values';

/** A port of a Service, with the API server's defaults applied. */
export interface ClusterServicePort {
  readonly port: number;
  /** The name, `` when it has none. */
  readonly name: string;
  readonly protocol: string;
  /** A number, or the name of a container port. */
  readonly targetPort: number | string;
  /** Present (possibly ``) only when set. */
  readonly appProtocol?: string;
  /** JSON path, in the object, of what sets the port's name (`spec.ports[0].name`, `spec.service.portName`). */
  readonly nameField: string;
  /** JSON path of what sets the port's appProtocol, when it is set. */
  readonly appProtocolField?: string;
  /** JSON path of the port number of a Service object's port, where istioctl places its findings about the port. */
  readonly portField?: string;
  /** Whether the name is the one an operator gives a port whose name is not set (`<port>-tcp`). */
  readonly defaultName?: boolean;
}

/** A Service in a cluster: a Service object, or what stands for one (an AppsodyApplication's, a RuntimeComponent's). */
export interface ClusterService {
  /** The object the Service comes from, which findings about it are reported on. */
  readonly source: SourcedObject;
  /** `Service/<namespace>/<name>`: two sources with one identity are alternatives of one Service. */
  readonly identity: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Empty when the Service selects no pods by label. */
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ClusterServicePort[];
}

/** The Service an object is or makes, if any. */
export function clusterService(source: SourcedObject): ClusterService | undefined {
  const { object } = source;
  const name = String(object.metadata?.name ?? '');
  const namespace = namespaceOf(source);
  const spec = record(object.spec);
  const base = { source, identity: `Service/${namespace}/${name}`, namespace, name, labels: labelMap(object.metadata?.labels) };
  if (object.kind === 'Service' && object.apiVersion === 'v1') {
    const ports = list(spec.ports).map((value, i): ClusterServicePort => {
      const p = record(value);
      const port = Number(p.port ?? 0);
      const target = p.targetPort;
      return {
        port,
        name: text(p.name),
        protocol: text(p.protocol) || 'TCP',
        targetPort: typeof target === 'number' && target !== 0 ? target : typeof target === 'string' && target !== '' ? target : port,
        ...(typeof p.appProtocol === 'string' ? { appProtocol: p.appProtocol, appProtocolField: `spec.ports[${i}].appProtocol` } : {}),
        nameField: `spec.ports[${i}].name`,
        portField: `spec.ports[${i}].port`,
      };
    });
    return { ...base, type: text(spec.type) || 'ClusterIP', selector: labelMap(spec.selector), ports };
  }
  if (isOperatorApplication(source)) {
    const service = record(spec.service);
    return { ...base, type: text(service.type) || 'ClusterIP', selector: { 'app.kubernetes.io/instance': name }, ports: operatorPorts(service) };
  }
  return undefined;
}

/** Whether an object is an application the Appsody or the Runtime Component operator runs (a Deployment and a Service). */
export function isOperatorApplication(source: SourcedObject): boolean {
  const { kind, apiVersion } = source.object;
  return (kind === 'AppsodyApplication' && apiVersion.startsWith('appsody.dev/')) || (kind === 'RuntimeComponent' && apiVersion.startsWith('rc.app.stacks/'));
}

// The operators' Service (CustomizeService, the same in both): `port` (8080 unless set) to `targetPort` (or the
// port), named `portName` or `<port>-tcp`, then each of `ports` likewise; every port TCP, no appProtocol.
function operatorPorts(service: Record<string, unknown>): ClusterServicePort[] {
  const first = Number(service.port ?? 8080);
  const named = text(service.portName) !== '';
  const ports: ClusterServicePort[] = [
    {
      port: first,
      name: named ? text(service.portName) : `${first}-tcp`,
      protocol: 'TCP',
      targetPort: typeof service.targetPort === 'number' ? service.targetPort : first,
      nameField: 'spec.service.portName',
      ...(named ? {} : { defaultName: true }),
    },
  ];
  list(service.ports).forEach((value, i) => {
    const p = record(value);
    const port = Number(p.port ?? 0);
    const target = Number(p.targetPort);
    const portNamed = text(p.name) !== '';
    ports.push({
      port,
      name: portNamed ? text(p.name) : `${port}-tcp`,
      protocol: 'TCP',
      targetPort: Number.isInteger(target) && target > 0 ? target : port,
      nameField: `spec.service.ports[${i}].name`,
      ...(portNamed ? {} : { defaultName: true }),
    });
  });
  return ports;
}

/** A targetPort as a number when it is one (a numeric string counts, as Kubernetes' `IntOrString.IntValue` reads it), else 0. */
export function numericTargetPort(targetPort: number | string): number {
  if (typeof targetPort === 'number') return targetPort;
  return /^[+-]?\d+$/.test(targetPort) ? Number(targetPort) : 0;
}
