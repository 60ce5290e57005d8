import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Gateway, VirtualService, VirtualServiceSpec, VirtualServiceSpecHttp } from '../imports/networking.istio.io';
import { Ingress, IngressRoute, requireGatewayHosts, requireIngressRoutes, WeightedDestination } from './ingress';
import { INGRESS_GATEWAY_PRINCIPAL, INGRESS_GATEWAY_SELECTOR, INGRESS_GATEWAY_URL } from './istio-defaults';
import { requireDnsLabel, requireInteger } from './prop-guards';
import { TracedApp } from './traced-app';

/** The ingress Gateway's name unless a topology names another. */
export const DEFAULT_GATEWAY_NAME = 'tutorial-gateway';
/** The ingress VirtualService's name unless a topology names another. */
export const DEFAULT_VIRTUAL_SERVICE_NAME = 'tutorial-service';

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
export class MeshIngress extends Construct implements Ingress {
  public readonly api = 'istio';
  /** The Gateway's name, which VirtualServices bind to. */
  public readonly gatewayName: string;
  /** The VirtualService's name. */
  public readonly virtualServiceName: string;
  /** The hosts the gateway accepts. */
  public readonly hosts: readonly string[];
  /** The routes, in match order. */
  public readonly routes: readonly IngressRoute[];
  /** The namespace of the Gateway and the VirtualService. */
  public readonly namespace: string;
  /** The principal of Istio's ingress gateway, which serves the Gateway. */
  public readonly principal = INGRESS_GATEWAY_PRINCIPAL;
  /** The address of Istio's ingress gateway. */
  public readonly url = INGRESS_GATEWAY_URL;

  constructor(scope: Construct, id: string, props: MeshIngressProps) {
    super(scope, id);
    this.gatewayName = props.gatewayName ?? DEFAULT_GATEWAY_NAME;
    this.virtualServiceName = props.virtualServiceName ?? DEFAULT_VIRTUAL_SERVICE_NAME;
    this.hosts = props.hosts ?? ['*'];
    this.routes = props.routes;
    this.namespace = Chart.of(this).namespace ?? 'default';
    const port = props.port ?? 80;
    requireDnsLabel(this.gatewayName, 'gateway name');
    requireDnsLabel(this.virtualServiceName, 'ingress VirtualService name');
    requireInteger(port, 1, 65535, 'ingress gateway port');
    requireGatewayHosts(this.hosts, `hosts of gateway ${this.gatewayName}`);
    requireIngressRoutes(this.routes, this.virtualServiceName);

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

  /** The ingress VirtualService again, with `app`'s routes split between `destinations`. */
  public splitRoutes(scope: Construct, app: TracedApp, destinations: readonly WeightedDestination[]): void {
    new VirtualService(scope, 'Resource', {
      metadata: { name: this.virtualServiceName },
      spec: this.virtualServiceSpec((route) => (route.app === app ? destinations : undefined)),
    });
  }
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
