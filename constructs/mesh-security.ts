import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AuthorizationPolicy,
  AuthorizationPolicySpecAction,
  AuthorizationPolicySpecRules,
  PeerAuthentication,
  PeerAuthenticationSpecMtlsMode,
} from '../imports/security.istio.io';
import { DECLARED_CALLS_ANNOTATION, DeclaredCall, formatDeclaredCalls } from './declared-calls';
import { Ingress } from './ingress';
import { principalOf } from './istio-defaults';
import { Dataplane } from './mesh-modes';
import { PropError } from './prop-error';
import { requirePath } from './prop-guards';
import { TracedApp } from './traced-app';
import { Waypoint } from './waypoint';

/** A call one app makes to another. */
export interface AppCall {
  /** The caller, whose ServiceAccount is the request's principal. */
  readonly from: TracedApp;
  /** The app called. */
  readonly to: TracedApp;
  /** The paths called. */
  readonly paths: readonly string[];
  /**
   * The methods used.
   * @default ['GET']
   */
  readonly methods?: readonly string[];
}

/** Props for {@link MeshSecurity}. */
export interface MeshSecurityProps {
  /** The apps; each gets an allow-list of who may call it with what. */
  readonly apps: readonly TracedApp[];
  /** The ingress, whose routes the gateway may send to their apps. */
  readonly ingress: Ingress;
  /** The calls between apps. */
  readonly calls: readonly AppCall[];
  /**
   * The ingress gateway's principal.
   * @default - the ingress's
   */
  readonly gatewayPrincipal?: string;
  /**
   * How the mesh runs its proxies, which decides where each policy is enforced.
   * @default 'sidecar'
   */
  readonly dataplane?: Dataplane;
  /**
   * In ambient mode, the waypoint that enforces the L7 allow-lists (methods and paths), which ztunnel cannot.
   * @default - none
   */
  readonly waypoint?: Waypoint;
}

/** One allowed request kind: who, to which app, how. */
interface Flow {
  readonly principal: string;
  readonly app: TracedApp;
  readonly methods: readonly string[];
  readonly paths: readonly string[];
}

/**
 * Locks the namespace down: mutual TLS only (PeerAuthentication STRICT), nothing allowed by default
 * (an AuthorizationPolicy with an empty spec), and per app an ALLOW policy for exactly the requests the topology
 * makes: the ingress gateway's to the paths its routes rewrite to, and each caller's (by its ServiceAccount's
 * principal) to the paths it calls.
 *
 * With sidecars, the allow-lists select apps by their `app` label, so every version of an app (a canary's too) is
 * covered, and each sidecar enforces them; probes are unaffected, as Istio rewrites HTTP probes to its agent.
 *
 * A Gateway API ingress runs its gateway's pods in the namespace, and Istio applies the namespace's policies to them
 * as well: `allow-ingress-gateway`, attached to the Gateway with `targetRefs`, lets any client reach it (its routes
 * decide where requests go).
 *
 * In ambient mode, ztunnel enforces L4 only: mTLS and the empty deny-by-default policy stay on the workloads, and
 * their ztunnels admit only the waypoint (`allow-from-waypoint`), through which every request to the namespace's
 * Services goes. The allow-lists name methods and paths, which only the waypoint can check: they attach to the
 * app's Service with `targetRefs`, and the waypoint denies what none allows (`allow-nothing-at-waypoint`).
 */
export class MeshSecurity extends Construct {
  /** Every allowed request kind, by app. */
  public readonly flows: ReadonlyMap<TracedApp, readonly Flow[]>;
  /** How the mesh runs its proxies. */
  public readonly dataplane: Dataplane;
  /** The waypoint that enforces the allow-lists, in ambient mode. */
  public readonly waypoint?: Waypoint;

  constructor(scope: Construct, id: string, props: MeshSecurityProps) {
    super(scope, id);
    const gateway = props.gatewayPrincipal ?? props.ingress.principal;
    this.dataplane = props.dataplane ?? 'sidecar';
    this.waypoint = props.waypoint;
    const flows = new Map<TracedApp, Flow[]>(props.apps.map((a) => [a, []]));
    const add = (flow: Flow) => {
      const list = flows.get(flow.app);
      if (!list) throw new PropError(`allowed requests to app ${flow.app.name} need the app in the security policy's apps`);
      flow.paths.forEach((p) => requirePath(p, `path allowed to app ${flow.app.name}`));
      list.push(flow);
    };
    for (const route of props.ingress.routes) add({ principal: gateway, app: route.app, methods: ['GET'], paths: [route.rewrite ?? route.prefix] });
    for (const call of props.calls) {
      add({
        principal: principalOf(call.from.namespace, call.from.serviceAccountName),
        app: call.to,
        methods: call.methods ?? ['GET'],
        paths: call.paths,
      });
    }
    this.flows = flows;
    const ambient = this.dataplane === 'ambient';
    if (!ambient && this.waypoint) throw new PropError('a waypoint enforces policies in ambient mode only, got the sidecar data plane');
    if (ambient && !this.waypoint && [...flows.values()].some((f) => f.length > 0)) {
      throw new PropError(
        'the allow-lists name methods and paths, which ztunnel cannot check in ambient mode: give the security policies a waypoint to enforce them',
      );
    }

    new PeerAuthentication(this, 'Mtls', { metadata: { name: 'default' }, spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } } });
    // the deny-by-default policy says what the allow-lists are made from, for checks that read the manifests alone
    const declared = declaredCalls(flows);
    new AuthorizationPolicy(this, 'AllowNothing', {
      metadata: { name: 'allow-nothing', ...(declared.length > 0 ? { annotations: { [DECLARED_CALLS_ANNOTATION]: formatDeclaredCalls(declared) } } : {}) },
      spec: {},
    });
    // the Gateway's pods run here only when the Gateway is here
    if (props.ingress.api === 'gateway-api' && props.ingress.namespace === (Chart.of(this).namespace ?? 'default')) {
      new AuthorizationPolicy(this, 'AllowIngressGateway', {
        metadata: { name: 'allow-ingress-gateway' },
        spec: {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: props.ingress.gatewayName }],
          action: AuthorizationPolicySpecAction.ALLOW,
          rules: [{}],
        },
      });
    }
    if (this.waypoint) {
      new AuthorizationPolicy(this, 'AllowFromWaypoint', {
        metadata: { name: 'allow-from-waypoint' },
        spec: { action: AuthorizationPolicySpecAction.ALLOW, rules: [{ from: [{ source: { principals: [this.waypoint.principal] } }] }] },
      });
      new AuthorizationPolicy(this, 'AllowNothingAtWaypoint', {
        metadata: { name: 'allow-nothing-at-waypoint' },
        spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.waypoint.name }] },
      });
    }
    for (const app of flows.keys()) this.addAllowList(this, app);
  }

  /** The rules of `app`'s allow-list: one per source principal and method set, listing the paths in the order first allowed. */
  public rulesFor(app: TracedApp): AuthorizationPolicySpecRules[] {
    return rulesOf(this.flows.get(app) ?? []);
  }

  /**
   * Adds to `scope` the allow-list of `app` for another of its Services (a canary's `<app>-<version>`), where the
   * policies attach to Services (ambient mode); with sidecars, the app's own policy already selects every version's pods.
   */
  public addAllowListFor(scope: Construct, app: TracedApp, service: string): void {
    if (this.waypoint) this.addAllowList(scope, app, service);
  }

  private addAllowList(scope: Construct, app: TracedApp, service?: string): void {
    const rules = this.rulesFor(app);
    if (rules.length === 0) return;
    const name = service ?? app.name;
    new AuthorizationPolicy(scope, `Allow-${name}`, {
      metadata: { name },
      spec: {
        ...(this.waypoint
          ? { targetRefs: [{ group: '', kind: 'Service', name: service ?? app.host }] }
          : { selector: { matchLabels: { app: app.name } } }),
        action: AuthorizationPolicySpecAction.ALLOW,
        rules,
      },
    });
  }
}

/** The flows as declared calls: one per source principal, app and method set, listing the paths in the order first allowed. */
function declaredCalls(flows: ReadonlyMap<TracedApp, readonly Flow[]>): DeclaredCall[] {
  return [...flows].flatMap(([app, appFlows]) => groupFlows(appFlows).map((g) => ({ ...g, service: app.host })));
}

/** One rule per source principal and method set, listing the paths in the order first allowed. */
function rulesOf(flows: readonly Flow[]): AuthorizationPolicySpecRules[] {
  return groupFlows(flows).map((g) => ({
    from: [{ source: { principals: [g.principal] } }],
    to: [{ operation: { methods: [...g.methods], paths: g.paths } }],
  }));
}

/** The flows to one app, grouped per source principal and method set, with the paths in the order first allowed. */
function groupFlows(flows: readonly Flow[]): { principal: string; methods: readonly string[]; paths: string[] }[] {
  const grouped = new Map<string, { principal: string; methods: readonly string[]; paths: string[] }>();
  for (const f of flows) {
    const key = `${f.principal} ${f.methods.join(',')}`;
    const group = grouped.get(key) ?? { principal: f.principal, methods: f.methods, paths: [] };
    for (const p of f.paths) if (!group.paths.includes(p)) group.paths.push(p);
    grouped.set(key, group);
  }
  return [...grouped.values()];
}
