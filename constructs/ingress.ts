// What every ingress is, whichever API it is written in: routes from URI prefixes to apps, served by a gateway whose
// principal the authorization policies name, and a way to split an app's routes for a canary release.
import { Construct } from 'constructs';
import type { IngressApi } from './mesh-modes';
import { PropError } from './prop-error';
import { quote, requirePath } from './prop-guards';
import type { TracedApp } from './traced-app';

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

/** The way into the mesh, as the canary release, the security policies and the docs see it, whatever its API. */
export interface Ingress {
  /** The API its objects are written in. */
  readonly api: IngressApi;
  /** The name of the Gateway the routes attach to. */
  readonly gatewayName: string;
  /** The namespace of the Gateway and the routes. */
  readonly namespace: string;
  /** The hosts the gateway accepts. */
  readonly hosts: readonly string[];
  /** The routes, in match order. */
  readonly routes: readonly IngressRoute[];
  /** The SPIFFE principal of the gateway's requests, which the apps' authorization policies allow. */
  readonly principal: string;
  /** Where the gateway answers inside the cluster, without a path (`http://host[:port]`). */
  readonly url: string;
  /**
   * Adds to `scope` the ingress's objects that carry `app`'s routes, again, with each of those routes split between
   * `destinations`: a file that replaces them when applied (a canary release).
   */
  splitRoutes(scope: Construct, app: TracedApp, destinations: readonly WeightedDestination[]): void;
}

// a Gateway server host: `*`, or a DNS name whose first label may be `*` (Istio's gateway validation)
const GATEWAY_HOST = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

/** Throws unless `hosts` is a non-empty list of hosts a gateway accepts. */
export function requireGatewayHosts(hosts: readonly string[], what: string): void {
  if (!Array.isArray(hosts) || hosts.length === 0) throw new PropError(`${what} must list at least one host ('*' for any), got ${quote(hosts)}`);
  for (const host of hosts) {
    if (typeof host !== 'string' || host.length > 253 || !GATEWAY_HOST.test(host)) {
      throw new PropError(`${what} must each be '*' or a lowercase DNS name, optionally starting with '*.', got ${quote(host)}`);
    }
  }
}

/** Throws unless `routes` is a non-empty list of routes with absolute paths and unique prefixes; `name` names the ingress. */
export function requireIngressRoutes(routes: readonly IngressRoute[], name: string): void {
  if (routes.length === 0) throw new PropError(`ingress ${name} must have at least one route, got none`);
  const seen = new Set<string>();
  for (const route of routes) {
    requirePath(route.prefix, 'ingress route prefix');
    if (route.rewrite !== undefined) requirePath(route.rewrite, `rewrite of ingress route ${route.prefix}`);
    if (seen.has(route.prefix)) throw new PropError(`ingress route prefixes must be unique, got '${route.prefix}' twice`);
    seen.add(route.prefix);
  }
}
