// A VirtualService as istioctl's analyzers read it: where it sends traffic, in istioctl's order (virtualservice/util.go:
// the route destinations of every tcp, then tls, then http rule, then the http mirrors; a route without a destination
// has host ""), and its hosts, gateways and exportTo.
import type { SourcedObject } from '../../findings';
import { Fields, list, num, record } from '../../builtin/go-values';

/** A route or mirror destination of a VirtualService. */
export interface RouteDestination {
  /** Whether traffic is routed there or mirrored there. */
  readonly role: 'route' | 'mirror';
  readonly host: string;
  /** `""` when the destination names no subset. */
  readonly subset: string;
  /** The port number, 0 when `port` is given without one; undefined when the destination has no `port`. */
  readonly port?: number;
  /** JSON path of the destination object. */
  readonly field: string;
  /** The http, tcp or tls rule, and the index of the route in it (of the mirror in `mirrors`). */
  readonly protocol: 'http' | 'tcp' | 'tls';
  readonly rule: number;
  readonly index: number;
}

/** Every route destination, then every mirror, of a VirtualService. */
export function routeDestinations(vs: SourcedObject): RouteDestination[] {
  const spec = record(vs.object.spec);
  const found: RouteDestination[] = [];
  const add = (role: RouteDestination['role'], protocol: RouteDestination['protocol'], rule: number, index: number, value: unknown, field: string) => {
    const destination: Fields = record(value) ?? {};
    const port = record(destination.port);
    found.push({
      role,
      host: typeof destination.host === 'string' ? destination.host : '',
      subset: typeof destination.subset === 'string' ? destination.subset : '',
      ...(port ? { port: num(port.number) ?? 0 } : {}),
      field,
      protocol,
      rule,
      index,
    });
  };
  for (const protocol of ['tcp', 'tls', 'http'] as const) {
    list(spec?.[protocol]).forEach((rule, i) => {
      list(record(rule)?.route).forEach((route, j) => {
        add('route', protocol, i, j, record(route)?.destination, `spec.${protocol}[${i}].route[${j}].destination`);
      });
    });
  }
  list(spec?.http).forEach((rule, i) => {
    const http = record(rule);
    if (record(http?.mirror)) add('mirror', 'http', i, 0, http?.mirror, `spec.http[${i}].mirror`);
    // istioctl looks a mirrors entry's host up at `.mirrors[j].host` (util.MirrorsHost), which no file has, and
    // falls back to the object's start: its findings are at the host's real line here (a deliberate difference)
    list(http?.mirrors).forEach((m, j) => add('mirror', 'http', i, j, record(m)?.destination, `spec.http[${i}].mirrors[${j}].destination`));
  });
  return found;
}

/** A VirtualService's `exportTo`, as strings. */
export function exportToOf(source: SourcedObject): string[] {
  return list(record(source.object.spec)?.exportTo).map(String);
}

/** A VirtualService's hosts (strings only). */
export function vsHosts(vs: SourcedObject): string[] {
  return list(record(vs.object.spec)?.hosts).filter((h): h is string => typeof h === 'string');
}

/** A VirtualService's `gateways` entries (strings only). */
export function vsGateways(vs: SourcedObject): string[] {
  return list(record(vs.object.spec)?.gateways).filter((g): g is string => typeof g === 'string');
}
