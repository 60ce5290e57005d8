import { Construct } from 'constructs';
import { Gateway, VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp } from '../imports/networking.istio.io';
import { INGRESS_GATEWAY_SELECTOR } from './istio-defaults';
import { PropError } from './prop-error';
import { quote, requireDnsLabel, requireInteger, requirePath } from './prop-guards';
import { TracedApp } from './traced-app';

/** One path of the ingress: requests whose URI starts with `prefix` go to `app`, optionally with another path. */
export interface IngressRoute {
  /** The URI prefix matched, e.g. `/quoteItem`. */
  readonly prefix: string;
  /**
   * The path the app receives instead of the matched prefix.
   * @default - the URI is passed on unchanged
   */
  readonly rewrite?: string;
  /** The app the requests go to. */
  readonly app: TracedApp;
  /**
   * The subset of the app's DestinationRule the requests go to.
   * @default - any pod of the app
   */
  readonly subset?: string;
}

/** Props for {@link MeshIngress}. */
export interface MeshIngressProps {
  /** The routes, matched in order. */
  readonly routes: readonly IngressRoute[];
  /**
   * The Gateway's name.
   * @default 'tutorial-gateway'
   */
  readonly gatewayName?: string;
  /**
   * The VirtualService's name.
   * @default 'tutorial-service'
   */
  readonly virtualServiceName?: string;
  /**
   * The hosts the gateway accepts.
   * @default ['*']
   */
  readonly hosts?: readonly string[];
  /**
   * The labels of the ingress gateway pods that serve the Gateway.
   * @default INGRESS_GATEWAY_SELECTOR
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * The plain HTTP port the gateway listens on.
   * @default 80
   */
  readonly port?: number;
}

/** The way into the mesh: an Istio Gateway on the ingress gateway and the VirtualService that routes its paths to apps. */
export class MeshIngress extends Construct {
  /** The Gateway's name, which VirtualServices bind to. */
  public readonly gatewayName: string;
  /** The VirtualService's name. */
  public readonly virtualServiceName: string;
  /** The hosts the gateway accepts. */
  public readonly hosts: readonly string[];
  /** The routes, in match order. */
  public readonly routes: readonly IngressRoute[];

  constructor(scope: Construct, id: string, props: MeshIngressProps) {
    super(scope, id);
    this.gatewayName = props.gatewayName ?? 'tutorial-gateway';
    this.virtualServiceName = props.virtualServiceName ?? 'tutorial-service';
    this.hosts = props.hosts ?? ['*'];
    this.routes = props.routes;
    const port = props.port ?? 80;
    requireDnsLabel(this.gatewayName, 'gateway name');
    requireDnsLabel(this.virtualServiceName, 'ingress VirtualService name');
    requireInteger(port, 1, 65535, 'ingress gateway port');
    requireGatewayHosts(this.hosts, `hosts of gateway ${this.gatewayName}`);
    if (this.routes.length === 0) throw new PropError(`ingress ${this.virtualServiceName} must have at least one route, got none`);
    const seen = new Set<string>();
    for (const route of this.routes) {
      requirePath(route.prefix, 'ingress route prefix');
      if (route.rewrite !== undefined) requirePath(route.rewrite, `rewrite of ingress route ${route.prefix}`);
      if (seen.has(route.prefix)) throw new PropError(`ingress route prefixes must be unique, got '${route.prefix}' twice`);
      seen.add(route.prefix);
    }

    new Gateway(this, 'Gateway', {
      metadata: { name: this.gatewayName },
      spec: {
        selector: { ...(props.selector ?? INGRESS_GATEWAY_SELECTOR) },
        servers: [{ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts: [...this.hosts] }],
      },
    });
    new VirtualService(this, 'Resource', { metadata: { name: this.virtualServiceName }, spec: this.virtualServiceSpec() });
  }

  /**
   * The ingress VirtualService's spec; `split` may send a route's requests to several weighted destinations
   * instead of its app (as a canary release does), returning undefined for the routes it leaves alone.
   */
  public virtualServiceSpec(split?: (route: IngressRoute) => readonly WeightedDestination[] | undefined): VirtualServiceSpec {
    return {
      hosts: [...this.hosts],
      gateways: [this.gatewayName],
      http: this.routes.map((route) => renderRoute(route, split?.(route) ?? [{ app: route.app, subset: route.subset }])),
    };
  }
}

// a Gateway server host: `*`, or a DNS name whose first label may be `*` (Istio's gateway validation)
const GATEWAY_HOST = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

/** Throws unless `hosts` is a non-empty list of hosts a Gateway server accepts. */
function requireGatewayHosts(hosts: readonly string[], what: string): void {
  if (!Array.isArray(hosts) || hosts.length === 0) throw new PropError(`${what} must list at least one host ('*' for any), got ${quote(hosts)}`);
  for (const host of hosts) {
    if (typeof host !== 'string' || host.length > 253 || !GATEWAY_HOST.test(host)) {
      throw new PropError(`${what} must each be '*' or a lowercase DNS name, optionally starting with '*.', got ${quote(host)}`);
    }
  }
}

/** Where a share of a route's requests go. */
export interface WeightedDestination {
  readonly app: TracedApp;
  /**
   * The Service the requests go to, on the app's port.
   * @default - the app's host
   */
  readonly host?: string;
  /**
   * The app's subset.
   * @default - any pod of the app
   */
  readonly subset?: string;
  /**
   * The percentage of the route's requests; the weights of a route add up to 100.
   * @default - all of them (a single destination)
   */
  readonly weight?: number;
}

/** The VirtualService rule for one ingress route. */
function renderRoute(route: IngressRoute, destinations: readonly WeightedDestination[]): VirtualServiceSpecHttp {
  return {
    match: [{ uri: { prefix: route.prefix } }],
    ...(route.rewrite !== undefined ? { rewrite: { uri: route.rewrite } } : {}),
    route: destinations.map((d) => ({
      destination: { host: d.host ?? d.app.host, port: { number: d.app.port }, ...(d.subset !== undefined ? { subset: d.subset } : {}) },
      ...(d.weight !== undefined ? { weight: d.weight } : {}),
    })),
  };
}
