import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Gateway,
  GatewaySpecListeners,
  HttpRoute,
  HttpRouteSpec,
  HttpRouteSpecRules,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesFiltersUrlRewritePathType,
  HttpRouteSpecRulesMatchesPathType,
  ReferenceGrant,
} from '../imports/gateway.networking.k8s.io';
import { GatewayInfrastructure } from './gateway-infrastructure';
import { Ingress, IngressRoute, requireGatewayHosts, requireIngressRoutes, WeightedDestination } from './ingress';
import { gatewayDeploymentName, ISTIO_GATEWAY_CLASS, principalOf } from './istio-defaults';
import { DEFAULT_GATEWAY_NAME } from './mesh-ingress';
import { PodSecurityLevel } from './pod-security';
import { PropError } from './prop-error';
import { requireDnsLabel, requireInteger } from './prop-guards';
import { TracedApp } from './traced-app';

/** Props for {@link GatewayApiIngress}. */
export interface GatewayApiIngressProps {
  /** The routes; requests go to the route with the longest matching prefix. */
  readonly routes: readonly IngressRoute[];
  /**
   * The Gateway's name; Istio deploys its pods, Service and ServiceAccount as `<name>-<class>`.
   * @default 'tutorial-gateway'
   */
  readonly gatewayName?: string;
  /**
   * The hosts the Gateway accepts: `*` for any, else one listener per host.
   * @default ['*']
   */
  readonly hosts?: readonly string[];
  /**
   * The plain HTTP port the Gateway listens on.
   * @default 80
   */
  readonly port?: number;
  /**
   * The GatewayClass, whose controller deploys and programs the gateway.
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * The Pod Security Standard of the namespace, which the gateway's pods must meet.
   * @default - none
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * The waypoint the namespace sends its Services' traffic through (ambient mode), if any: the gateway's own Service
   * is kept out of it (`GatewayInfrastructureProps.outOfNamespaceWaypoint`).
   * @default - none
   */
  readonly namespaceWaypoint?: string;
}

/**
 * The way into the mesh as the Kubernetes Gateway API writes it: a `gateway.networking.k8s.io/v1` Gateway (class
 * `istio`: Istio deploys its gateway pods in the Gateway's namespace) and one HTTPRoute per app routed to, named
 * after the app, each rule a path prefix match with a `URLRewrite` filter (`ReplacePrefixMatch`) where the route
 * rewrites, and the app's Service and port as its backend. A backend in another namespace than the routes gets a
 * ReferenceGrant there, which allows the routes to name it.
 *
 * HTTPRoute has no DestinationRule subsets (a version is a Service of its own) and no fault injection; it matches
 * path prefixes by whole path segments, and orders rules by the longest prefix rather than as written.
 */
export class GatewayApiIngress extends Construct implements Ingress {
  public readonly api = 'gateway-api';
  /** The Gateway's name. */
  public readonly gatewayName: string;
  /** The GatewayClass. */
  public readonly gatewayClassName: string;
  /** The hosts the Gateway accepts. */
  public readonly hosts: readonly string[];
  /** The routes. */
  public readonly routes: readonly IngressRoute[];
  /** The namespace of the Gateway and its HTTPRoutes. */
  public readonly namespace: string;
  /** The name of what Istio deploys for the Gateway: its Deployment, Service and ServiceAccount. */
  public readonly deploymentName: string;
  /** The principal of the gateway's requests: its ServiceAccount's. */
  public readonly principal: string;
  /** The gateway's Service inside the cluster. */
  public readonly url: string;
  /** The apps routed to, in the order of their first route: one HTTPRoute each. */
  public readonly apps: readonly TracedApp[];

  constructor(scope: Construct, id: string, props: GatewayApiIngressProps) {
    super(scope, id);
    this.gatewayName = props.gatewayName ?? DEFAULT_GATEWAY_NAME;
    this.gatewayClassName = props.gatewayClassName ?? ISTIO_GATEWAY_CLASS;
    this.hosts = props.hosts ?? ['*'];
    this.routes = props.routes;
    const port = props.port ?? 80;
    requireDnsLabel(this.gatewayName, 'gateway name');
    requireDnsLabel(this.gatewayClassName, `GatewayClass of gateway ${this.gatewayName}`);
    requireInteger(port, 1, 65535, 'ingress gateway port');
    requireGatewayHosts(this.hosts, `hosts of gateway ${this.gatewayName}`);
    requireIngressRoutes(this.routes, this.gatewayName);
    for (const route of this.routes) {
      if (route.subset !== undefined) {
        throw new PropError(
          `ingress route ${route.prefix} targets subset '${route.subset}' of app ${route.app.name}, but an HTTPRoute has no subsets: ` +
            'give the version a Service of its own (as a canary release does) and route to it, or write the ingress with the istio API',
        );
      }
    }
    this.namespace = Chart.of(this).namespace ?? 'default';
    this.deploymentName = gatewayDeploymentName(this.gatewayName, this.gatewayClassName);
    this.principal = principalOf(this.namespace, this.deploymentName);
    this.url = `http://${this.deploymentName}.${this.namespace}.svc.cluster.local${port === 80 ? '' : `:${port}`}`;
    this.apps = [...new Set(this.routes.map((r) => r.app))];

    const infrastructure = new GatewayInfrastructure(this, 'Infrastructure', {
      gatewayName: this.gatewayName,
      podSecurity: props.podSecurity,
      outOfNamespaceWaypoint: props.namespaceWaypoint !== undefined,
    });
    const anyHost = this.hosts.includes('*');
    const listeners: GatewaySpecListeners[] = anyHost
      ? [{ name: 'http', port, protocol: 'HTTP' }]
      : this.hosts.map((hostname, i) => ({ name: `http-${i}`, hostname, port, protocol: 'HTTP' }));
    new Gateway(this, 'Gateway', {
      metadata: { name: this.gatewayName },
      spec: { gatewayClassName: this.gatewayClassName, listeners, ...(infrastructure.spec ? { infrastructure: infrastructure.spec } : {}) },
    });
    for (const app of this.apps) this.addRoutes(this, app);
  }

  /** The HTTPRoute of `app`'s routes, each split between `destinations` when given. */
  public httpRouteSpec(app: TracedApp, destinations?: readonly WeightedDestination[]): HttpRouteSpec {
    return {
      parentRefs: [{ name: this.gatewayName }],
      ...(this.hosts.includes('*') ? {} : { hostnames: [...this.hosts] }),
      rules: this.routes.filter((r) => r.app === app).map((route) => this.renderRule(route, destinations ?? [{ app }])),
    };
  }

  /** The HTTPRoute of `app`'s routes again, split between `destinations`, with the ReferenceGrants its backends need. */
  public splitRoutes(scope: Construct, app: TracedApp, destinations: readonly WeightedDestination[]): void {
    if (!this.apps.includes(app)) throw new PropError(`ingress ${this.gatewayName} has no route to app ${app.name} to split`);
    this.addRoutes(scope, app, destinations);
  }

  private addRoutes(scope: Construct, app: TracedApp, destinations?: readonly WeightedDestination[]): void {
    new HttpRoute(scope, `Routes-${app.name}`, { metadata: { name: app.name }, spec: this.httpRouteSpec(app, destinations) });
    // a route may name a Service of another namespace only where a ReferenceGrant there allows it
    const foreign = (destinations ?? [{ app }]).filter((d) => d.app.namespace !== this.namespace);
    const byNamespace = new Map<string, string[]>();
    for (const d of foreign) byNamespace.set(d.app.namespace, [...(byNamespace.get(d.app.namespace) ?? []), d.host ?? d.app.host]);
    for (const [namespace, services] of byNamespace) {
      new ReferenceGrant(scope, `Grant-${app.name}-${namespace}`, {
        metadata: { name: `${this.namespace}-routes-to-${app.name}`, namespace },
        spec: {
          from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: this.namespace }],
          to: [...new Set(services)].map((name) => ({ group: '', kind: 'Service', name })),
        },
      });
    }
  }

  private renderRule(route: IngressRoute, destinations: readonly WeightedDestination[]): HttpRouteSpecRules {
    return {
      matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: route.prefix } }],
      ...(route.rewrite !== undefined
        ? {
          filters: [{
            type: HttpRouteSpecRulesFiltersType.URL_REWRITE,
            urlRewrite: { path: { type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_PREFIX_MATCH, replacePrefixMatch: route.rewrite } },
          }],
        }
        : {}),
      backendRefs: destinations.map((d) => ({
        name: d.host ?? d.app.host,
        ...(d.app.namespace !== this.namespace ? { namespace: d.app.namespace } : {}),
        port: d.app.port,
        ...(d.weight !== undefined ? { weight: d.weight } : {}),
      })),
    };
  }
}
