// Where a VirtualService's routes send traffic, for the project's own checks of gateway routes (security.ts); the
// routing analyzers read VirtualServices as istioctl does in analyzers/routing/route-destinations.ts.
import { SourcedObject } from '../findings';
import { namespaceOf } from './mesh-index';

/** A route destination of a VirtualService, with the JSON path of its `destination`. */
export interface Destination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  readonly field: string;
}

/** Every destination of every route (http, tcp, tls) and mirror of a VirtualService. */
export function destinations(vs: SourcedObject): Destination[] {
  const spec = vs.object.spec as any;
  const found: Destination[] = [];
  const add = (destination: any, field: string) => {
    if (destination && typeof destination.host === 'string') {
      found.push({ host: destination.host, subset: destination.subset, port: destination.port?.number, field });
    }
  };
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    (spec?.[protocol] ?? []).forEach((rule: any, i: number) => {
      (rule?.route ?? []).forEach((route: any, j: number) => add(route?.destination, `spec.${protocol}[${i}].route[${j}].destination`));
      if (protocol === 'http') {
        add(rule?.mirror, `spec.http[${i}].mirror`);
        (rule?.mirrors ?? []).forEach((m: any, j: number) => add(m?.destination, `spec.http[${i}].mirrors[${j}].destination`));
      }
    });
  }
  return found;
}

/**
 * The Gateway a `gateways` entry names, as `namespace/name`, the way istiod binds it (resolveGatewayName): `ns/name`,
 * `./name` and a bare name in the VirtualService's namespace, and the legacy `name.ns[.svc.cluster.local]`. istioctl
 * looks `./name` up in a namespace called "." and the legacy form as a name with dots, and so reports as missing a
 * Gateway that istiod binds to (a plain bug); we resolve as istiod does. Undefined for `mesh`.
 */
export function gatewayOf(entry: string, namespace: string): string | undefined {
  if (entry === 'mesh') return undefined;
  const slash = entry.indexOf('/');
  if (slash >= 0) return `${entry.slice(0, slash) === '.' ? namespace : entry.slice(0, slash)}/${entry.slice(slash + 1)}`;
  const [name, ns] = entry.split('.');
  return ns === undefined ? `${namespace}/${entry}` : `${ns}/${name}`;
}

/** A VirtualService's `gateways` entry as `namespace/name` (gatewayOf), or `mesh`. */
export function gatewayKey(gateway: string, namespace: string): string {
  return gatewayOf(gateway, namespace) ?? 'mesh';
}

/** The gateways a VirtualService binds to, as `namespace/name`, or `mesh` (the sidecars) when it names none. */
export function boundGateways(vs: SourcedObject): string[] {
  const gateways = ((vs.object.spec as any)?.gateways ?? []) as string[];
  if (gateways.length === 0) return ['mesh'];
  return gateways.map((g) => gatewayKey(g, namespaceOf(vs)));
}

/** The hosts of a VirtualService. */
export function hostsOf(vs: SourcedObject): string[] {
  return (((vs.object.spec as any)?.hosts ?? []) as unknown[]).filter((h): h is string => typeof h === 'string');
}
