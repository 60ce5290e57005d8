import { Construct } from 'constructs';
import { Gateway, VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp } from '../imports/networking.istio.io';
import { checkDnsLabel, checkInteger, checkPath } from './names';
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

/** Props for {@link Ingress}. */
export interface IngressProps {
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
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * The plain HTTP port the gateway listens on.
   * @default 80
   */
  readonly port?: number;
}

/** The way into the mesh: an Istio Gateway on the ingress gateway and the VirtualService that routes its paths to apps. */
export class Ingress extends Construct {
  /** The Gateway's name, which VirtualServices bind to. */
  public readonly gatewayName: string;
  /** The VirtualService's name. */
  public readonly virtualServiceName: string;
  /** The hosts the gateway accepts. */
  public readonly hosts: readonly string[];
  /** The routes, in match order. */
  public readonly routes: readonly IngressRoute[];

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    this.gatewayName = props.gatewayName ?? 'tutorial-gateway';
    this.virtualServiceName = props.virtualServiceName ?? 'tutorial-service';
    this.hosts = props.hosts ?? ['*'];
    this.routes = props.routes;
    const port = props.port ?? 80;
    checkDnsLabel(this.gatewayName, 'gateway name');
    checkDnsLabel(this.virtualServiceName, 'ingress VirtualService name');
    checkInteger(port, 1, 65535, 'ingress gateway port');
    if (this.routes.length === 0) throw new Error(`ingress ${this.virtualServiceName} must have at least one route, got none`);
    const seen = new Set<string>();
    for (const route of this.routes) {
      checkPath(route.prefix, 'ingress route prefix');
      if (route.rewrite !== undefined) checkPath(route.rewrite, `rewrite of ingress route ${route.prefix}`);
      if (seen.has(route.prefix)) throw new Error(`ingress route prefixes must be unique, got '${route.prefix}' twice`);
      seen.add(route.prefix);
    }

    new Gateway(this, 'Gateway', {
      metadata: { name: this.gatewayName },
      spec: {
        selector: { ...(props.selector ?? { istio: 'ingressgateway' }) },
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

/** Where a share of a route's requests go. */
export interface WeightedDestination {
  readonly app: TracedApp;
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
      destination: { host: d.app.host, port: { number: d.app.port }, ...(d.subset !== undefined ? { subset: d.subset } : {}) },
      ...(d.weight !== undefined ? { weight: d.weight } : {}),
    })),
  };
}
